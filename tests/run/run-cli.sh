#!/bin/bash
# shellcheck disable=SC2016,SC2015  # single-quoted scripts for the command/guest; A && B || fail
# run-cli.sh - `guestnet run` without guests (nobody, own namespace):
#   - --help, --version, a missing or unknown subcommand;
#   - every bad option: exit 2, one stderr line naming the option;
#   - COMMAND's exit status (7, 143 for a SIGTERM, 127 not found, 126 not
#     executable);
#   - the GUESTNET_NET* variables for nat, none, internal and several NICs;
#     the nat emulator answers on its control socket; GUESTNET_EMU is used
#     without --emu; a missing emulator or a hostfwd that cannot bind is
#     one line and exit 1;
#   - cleanup: the private emulator and directory are gone after COMMAND
#     exits, after SIGTERM to guestnet (passed on to COMMAND), and the
#     emulator dies with guestnet on SIGKILL;
#   - internal:NAME: the hub is running while a user is, and goes away
#     after the last one exits, also when that one was SIGKILLed;
#   - without XDG_RUNTIME_DIR, /tmp/guestnet-UID (private tmpfs /tmp): a
#     directory another user made first there is refused.
set -u
source "$(dirname "$0")/run-lib.sh"

check_usage() {
	local out
	out=$("$GUESTNET_RUN" --help) || gn_fail "--help: exit status $?"
	echo "$out" | grep -q '^Usage: guestnet run' || gn_fail "--help: no usage: $out"
	out=$("$GUESTNET_RUN" run --help) || gn_fail "run --help: exit status $?"
	echo "$out" | grep -q -- '--net SPEC' || gn_fail "run --help: no --net"
	[ "$("$GUESTNET_RUN" --version)" = "guestnet 0.1.0" ] || gn_fail "--version"
	"$GUESTNET_RUN" >/dev/null 2>"$GN_DIR/err"
	RUN_RC=$?
	run_expect_err 2 '^guestnet: missing command'
	"$GUESTNET_RUN" frob >/dev/null 2>"$GN_DIR/err"
	RUN_RC=$?
	run_expect_err 2 "^guestnet: frob: unknown command"
}

# bad ERE ARGS... - guestnet run ARGS is refused before anything runs
bad() {
	local pat=$1
	shift
	RUN_RC=0
	"$GUESTNET_RUN" run "$@" >"$GN_DIR/out" 2>"$GN_DIR/err" || RUN_RC=$?
	run_expect_err 2 "^guestnet: $pat"
}

check_bad_options() {
	bad '--bogus: unknown option' --bogus -- true
	bad '--net: missing value' --net
	bad "--net: 'internal' needs a name" --net internal -- true
	bad "--net: name '\.\./x'" --net internal:../x -- true
	bad "--net: 'a:b': expected nat, none" --net a:b -- true
	bad "--net: name 'a/b'" --net a/b -- true
	bad "--model: 'ne2k_pci': expected virtio, e1000 or rtl8139" --model ne2k_pci -- true
	bad "--mac: '01:00:5e:00:00:01' is a multicast address" --mac 01:00:5e:00:00:01 -- true
	bad "--mac: 'xx': expected" --mac xx -- true
	bad "--forward: 'tcp:8080': expected" --forward tcp:8080 -- true
	bad "--forward: 'tcp:99999-:80': bad host side" --forward tcp:99999-:80 -- true
	bad "--forward: needs a --net nat" --net none --forward tcp:1-:2 -- true
	bad "--helper: empty path" --helper= -- true
	bad "--emu: missing value" --emu
	bad "--verbose: takes no value" --verbose=1 -- true
	bad 'missing COMMAND' --net none
	bad 'missing COMMAND' --net none --
}

check_status() {
	run_gn --net none -- sh -c 'exit 7'
	run_expect_rc 7
	run_gn --net none -- sh -c 'kill -TERM $$'
	run_expect_rc 143
	run_gn --net none -- /nonexistent/cmd
	run_expect_err 127 '^guestnet: /nonexistent/cmd: No such file or directory$'
	run_gn --net none -- "$GN_DIR"
	run_expect_err 126 'Permission denied$'
	run_gn --net none -- true
	run_expect_rc 0
	gn_log "exit statuses 7, 143, 127, 126, 0 passed on"
}

# value NAME - the line NAME=VALUE printed by `env` in $GN_DIR/out
value() {
	sed -n "s/^$1=//p" "$GN_DIR/out"
}

check_env() {
	local p0 p3 pi macs
	run_gn --net none --mac 52:54:00:12:34:56 -- env
	run_expect_rc 0
	[ "$(value GUESTNET_NETS) $(value GUESTNET_NET0_MODE) $(value GUESTNET_NET0_TYPE) $(value GUESTNET_NET0_MAC)" = \
	  "1 none none 52:54:00:12:34:56" ] || gn_fail "none: $(grep GUESTNET "$GN_DIR/out")"
	grep -q GUESTNET_NET0_PATH "$GN_DIR/out" && gn_fail "none has a PATH"

	# a nat NIC: a socket in a private directory, the emulator answers
	run_gn --net nat -- sh -c 'env; test -S "$GUESTNET_NET0_PATH" && "$0" "$GUESTNET_NET0_CONTROL" query-ports' "$GUESTNET_CTL"
	run_expect_rc 0
	p0=$(value GUESTNET_NET0_PATH)
	[[ $p0 == $RUN_XDG/guestnet/run-??????/nat0.sock ]] || gn_fail "nat path $p0"
	[ "$(value GUESTNET_NET0_TYPE) $(value GUESTNET_NET0_MODE)" = "stream nat" ] || gn_fail "nat type"
	grep -q '"type": *"user"' "$GN_DIR/out" || gn_fail "no user port in query-ports: $(cat "$GN_DIR/out")"
	[ -e "$(dirname "$p0")" ] && gn_fail "$(dirname "$p0") left after exit"
	[ -z "$(run_ns_procs guestnet-emu)" ] || gn_fail "emulator left: $(run_ns_procs guestnet-emu)"
	gn_log "nat: $p0, emulator and directory gone after exit"

	# four NICs, also the command found in PATH; MACs all differ
	run_gn --net nat --net none --net internal:multi --net nat -- env
	run_expect_rc 0
	[ "$(value GUESTNET_NETS)" = 4 ] || gn_fail "NETS $(value GUESTNET_NETS)"
	p0=$(value GUESTNET_NET0_PATH) p3=$(value GUESTNET_NET3_PATH) pi=$(value GUESTNET_NET2_PATH)
	[ "$(dirname "$p0")" = "$(dirname "$p3")" ] && [ "$p0" != "$p3" ] || gn_fail "nat paths $p0 $p3"
	[ "$pi" = "$RUN_XDG/guestnet/internal-multi.sock" ] || gn_fail "internal path $pi"
	[ "$(value GUESTNET_NET2_NAME) $(value GUESTNET_NET2_MODE)" = "multi internal" ] || gn_fail "internal name"
	macs=$(grep -E '^GUESTNET_NET[0-3]_MAC=52:54:00:' "$GN_DIR/out" | cut -d= -f2 | sort -u | wc -l)
	[ "$macs" = 4 ] || gn_fail "MACs: $(grep _MAC= "$GN_DIR/out")"
	gn_log "4 NICs: env ok"

	# GUESTNET_EMU instead of --emu; a bad emulator path
	RUN_RC=0
	run_as nobody "$RUN_XDG" env GUESTNET_EMU="$GUESTNET_EMU" "$GUESTNET_RUN" run -- true \
		>"$GN_DIR/out" 2>"$GN_DIR/err" || RUN_RC=$?
	run_expect_rc 0
	RUN_RC=0
	run_as nobody "$RUN_XDG" "$GUESTNET_RUN" run --emu /nonexistent/emu -- true \
		>"$GN_DIR/out" 2>"$GN_DIR/err" || RUN_RC=$?
	run_expect_rc 1
	grep -q '^guestnet: --net nat: .*/nonexistent/emu' "$GN_DIR/err" || gn_fail "bad emu: $(cat "$GN_DIR/err")"
	gn_log "bad emulator: $(tr '\n' '|' <"$GN_DIR/err")"

	# a forward that cannot bind: the emulator's reason, then ours
	gn_bg blocker "$GN_PY" -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1",18099)); s.listen(); time.sleep(60)'
	gn_wait_listen tcp 18099 10 "$GN_LAST_PID"
	run_gn --forward tcp:127.0.0.1:18099-:80 -- true
	run_expect_rc 1
	grep -q 'hostfwd' "$GN_DIR/err" && grep -q '^guestnet: --net nat: .*exited with status 2' "$GN_DIR/err" ||
		gn_fail "busy forward: $(cat "$GN_DIR/err")"
	kill "$(gn_pid blocker)"
	gn_log "busy forward refused: $(tr '\n' '|' <"$GN_DIR/err")"
}

check_signals() {
	local dir
	run_bg_as nobody "$RUN_XDG" sig "$GUESTNET_RUN" run --emu "$GUESTNET_EMU" -- \
		sh -c 'echo "$GUESTNET_NET0_PATH"; exec sleep 60'
	gn_wait_file "$GN_DIR/sig.log" 'nat0.sock' 10 "$GN_LAST_PID"
	dir=$(dirname "$(head -n 1 "$GN_DIR/sig.log")")
	kill -TERM "$(gn_pid sig)"
	run_wait_exit sig 10
	[ "$RUN_RC" = 143 ] || gn_fail "SIGTERM: guestnet exited $RUN_RC, expected 143 (sleep killed by it)"
	[ -e "$dir" ] && gn_fail "$dir left after SIGTERM"
	[ -z "$(run_ns_procs 'guestnet-emu|sleep 60')" ] || gn_fail "left after SIGTERM: $(run_ns_procs 'guestnet-emu|sleep 60')"
	gn_log "SIGTERM passed on, cleaned up"

	run_bg_as nobody "$RUN_XDG" kill9 "$GUESTNET_RUN" run --emu "$GUESTNET_EMU" -- \
		sh -c 'echo "$GUESTNET_NET0_PATH"; exec sleep 61'
	gn_wait_file "$GN_DIR/kill9.log" 'nat0.sock' 10 "$GN_LAST_PID"
	kill -KILL "$(gn_pid kill9)"
	run_wait_gone guestnet-emu 5
	gn_log "emulator died with a SIGKILLed guestnet"
	run_ns_kill '^sleep 61'
}

check_internal() {
	local pid
	run_gn --net internal:cli -- sh -c 'cat "$(dirname "$GUESTNET_NET0_PATH")/internal-cli.pid"'
	run_expect_rc 0
	pid=$(cat "$GN_DIR/out")
	[ -n "$pid" ] || gn_fail "no hub pid file"
	gn_wait_gone "$pid" 5 || gn_fail "internal hub $pid still running 5 s after its only user left"
	[ -e "$RUN_XDG/guestnet/internal-cli.sock" ] && gn_fail "hub socket left"
	gn_log "internal hub (pid $pid) gone after its user left"

	run_bg_as nobody "$RUN_XDG" crash "$GUESTNET_RUN" run --emu "$GUESTNET_EMU" --net internal:crash -- \
		sh -c 'echo "$GUESTNET_NET0_PATH"; exec sleep 62'
	gn_wait_file "$GN_DIR/crash.log" 'internal-crash.sock' 10 "$GN_LAST_PID"
	[ -n "$(run_ns_procs 'guestnet-emu .*internal-crash\.sock')" ] || gn_fail "no hub for internal:crash"
	kill -KILL "$(gn_pid crash)"
	run_ns_kill '^sleep 62'
	run_wait_gone 'guestnet-emu .*internal-crash\.sock' 5
	[ -e "$RUN_XDG/guestnet/internal-crash.sock" ] && gn_fail "hub socket left after a crash"
	gn_log "internal hub gone after its only user was SIGKILLed"
}

# In a private mount namespace with a tmpfs on /tmp: as nobody, run
# guestnet without XDG_RUNTIME_DIR after running PREP as root. The two
# programs are copied first to a tmpfs on /mnt (in that namespace only),
# since the build tree itself may live under /tmp.
tmp_run() {
	RUN_RC=0
	ip netns exec "$GN_NS" unshare --mount --propagation private sh -c '
		mount -t tmpfs tmpfs /mnt && cp "$2" /mnt/guestnet && cp "$3" /mnt/guestnet-emu &&
		mount -t tmpfs tmpfs /tmp && eval "$1" && shift 3 &&
		exec setpriv --reuid=nobody --regid=nogroup --clear-groups -- env -u XDG_RUNTIME_DIR "$@"' \
		sh "$1" "$GUESTNET_RUN" "$GUESTNET_EMU" \
		/mnt/guestnet run --emu /mnt/guestnet-emu -- sh -c 'echo "$GUESTNET_NET0_PATH"; ls -ld /tmp/guestnet-65534' \
		>"$GN_DIR/out" 2>"$GN_DIR/err" || RUN_RC=$?
}

check_tmp_fallback() {
	tmp_run true
	run_expect_rc 0
	grep -Eq '^/tmp/guestnet-65534/run-.{6}/nat0.sock$' "$GN_DIR/out" || gn_fail "fallback: $(cat "$GN_DIR/out")"
	grep -q '^drwx------ .* nobody ' "$GN_DIR/out" || gn_fail "fallback dir: $(cat "$GN_DIR/out")"
	tmp_run 'mkdir -m 1777 /tmp/guestnet-65534'
	run_expect_err 1 "^guestnet: --net nat: /tmp/guestnet-65534: not a directory of uid 65534 with mode 0700; refusing it$"
	tmp_run 'ln -s /tmp /tmp/guestnet-65534'
	run_expect_err 1 "refusing it$"
	gn_log "/tmp fallback ok, squatted directory and symlink refused"
}

run_init run-cli
check_usage
check_bad_options
check_status
check_env
check_signals
check_internal
check_tmp_fallback
run_pass
