#!/bin/bash
# sandbox.sh - --enable-sandbox: once ready, the process has no capability
# but (at most) CAP_NET_BIND_SERVICE, its root holds /etc and /run but not
# /home, /root or /var, and it still forwards (slirp4netns' sandbox test);
# --enable-seccomp: a seccomp filter is loaded and the NAT works (its
# seccomp test).  Both as RootlessKit and Podman pass them, with -r.
# guestnet-slirp4netns: no capability, the filter and no_new_privs also
# without either option.
set -eu
# shellcheck source=tests/slirp4netns/s4n-lib.sh
. "$(dirname "$0")/s4n-lib.sh"

PORT=8087
s4n_init s4n-sandbox
token=$(s4n_page "$GN_DIR/www")
s4n_web web "$GN_DIR/www" "$PORT"

# check_fetch PID - the target fetches the page from the host via 10.0.2.2
check_fetch() {
	local got
	got=$(s4n_in "$1" curl -sS -m 10 "http://10.0.2.2:$PORT/index.html") ||
		gn_fail "fetch via 10.0.2.2 failed"
	[ "$got" = "$token" ] || gn_fail "fetch via 10.0.2.2: '$got'"
}

s4n_target t1
: >"$GN_DIR/ready1"
s4n_start s1 -c -r 3 --enable-sandbox "$S4N_TARGET" tap11 3>"$GN_DIR/ready1"
pid=$S4N_PID
gn_wait_file "$GN_DIR/ready1" '^1$' 10 "$pid"
caps=$(awk '/^CapEff:/ {print $2}' "/proc/$pid/status")
# CAP_NET_BIND_SERVICE is bit 10 (0x400); nothing else may be left
[ $((0x$caps & ~0x400)) -eq 0 ] || gn_fail "--enable-sandbox: effective capabilities $caps"
caps=$(awk '/^CapBnd:/ {print $2}' "/proc/$pid/status")
[ $((0x$caps & ~0x400)) -eq 0 ] || gn_fail "--enable-sandbox: bounding set $caps"
[ -e "/proc/$pid/root/etc" ] || gn_fail "--enable-sandbox: no /etc in its root"
[ -e "/proc/$pid/root/run" ] || gn_fail "--enable-sandbox: no /run in its root"
for d in home root var usr; do
	[ -e "/proc/$pid/root/$d" ] && gn_fail "--enable-sandbox: /$d visible in its root"
done
grep -q '^NoNewPrivs:.*1' "/proc/$pid/status" || gn_fail "--enable-sandbox: no_new_privs not set"
s4n_wait_tap "$S4N_TARGET" tap11 "$pid"
check_fetch "$S4N_TARGET"
gn_log "--enable-sandbox: caps <= net_bind_service, root has only /etc and /run, forwards"

s4n_target t2
: >"$GN_DIR/ready2"
s4n_start s2 -c -r 3 --enable-sandbox --enable-seccomp "$S4N_TARGET" tap11 3>"$GN_DIR/ready2"
pid=$S4N_PID
gn_wait_file "$GN_DIR/ready2" '^1$' 10 "$pid"
grep -q '^Seccomp:[[:space:]]*2' "/proc/$pid/status" ||
	gn_fail "--enable-seccomp: no filter: $(grep Seccomp "/proc/$pid/status")"
s4n_wait_tap "$S4N_TARGET" tap11 "$pid"
check_fetch "$S4N_TARGET"
gn_log "--enable-seccomp: a filter is loaded, the NAT works"

if s4n_is_ours; then
	# guestnet's sandbox is always on: no capability at all, the filter,
	# no_new_privs, also without either option
	s4n_target t3
	: >"$GN_DIR/ready3"
	s4n_start s3 -c -r 3 "$S4N_TARGET" tap11 3>"$GN_DIR/ready3"
	pid=$S4N_PID
	gn_wait_file "$GN_DIR/ready3" '^1$' 10 "$pid"
	for f in CapEff CapPrm CapInh CapAmb; do
		grep -q "^$f:[[:space:]]*0*\$" "/proc/$pid/status" ||
			gn_fail "no options: $(grep "^$f:" "/proc/$pid/status")"
	done
	grep -q '^Seccomp:[[:space:]]*2' "/proc/$pid/status" || gn_fail "no options: no seccomp filter"
	grep -q '^NoNewPrivs:.*1' "/proc/$pid/status" || gn_fail "no options: no_new_privs not set"
	s4n_wait_tap "$S4N_TARGET" tap11 "$pid"
	check_fetch "$S4N_TARGET"
	gn_log "no options: no capability, seccomp and no_new_privs all the same"
fi
s4n_pass
