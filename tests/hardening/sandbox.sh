#!/bin/bash
# sandbox.sh - guestnet-emu's sandbox (emu/sandbox.c, seccomp/emu.c):
#
# - as nobody with only inet ports: a new user namespace mapping nobody
#   only, an empty root, CapEff/CapBnd 0, NoNewPrivs 1, Seccomp 2, and
#   frames still flow (a peer's frame reaches another peer);
# - --test-forbidden-syscall: killed by SIGSYS right after sandboxing;
# - as root: refused without --allow-root; with it, CapEff 0 and Seccomp 2;
# - -control keeps the file system (unix ports at run time work) but
#   netdev-add of bridge, netns and tap,script= is refused with a reason;
# - a netns port's COMMAND is still reaped: its exit status is ours;
# - guestfwd cmd: is refused at start-up (NAT builds), works with
#   -sandbox off (tests/integration/nat-guestfwd.sh); -sandbox off loads
#   no filter.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"

PORT=8031

# status_field PID FIELD - print FIELD's value from /proc/PID/status
status_field() {
	awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

# expect_rc WANT NAME CMD... - run CMD (as root in the namespace), status WANT
expect_rc() {
	local want=$1 name=$2 rc=0
	shift 2
	(cd "$GN_DIR" && exec ip netns exec "$GN_NS" "$@") \
		>"$GN_DIR/$name.log" 2>&1 || rc=$?
	[ "$rc" -eq "$want" ] ||
		gn_fail "$name: exit status $rc, expected $want: $(tail -n 3 "$GN_DIR/$name.log")"
}

gn_init sandbox

# 1. nobody, inet ports only: the whole sandbox
gn_emu emu -v -netdev "socket,id=l,listen=127.0.0.1:$PORT"
EMU=$GN_LAST_PID
gn_wait_listen tcp "$PORT" 10 "$EMU"
gn_wait_file "$GN_DIR/emu.log" 'sandbox: on' 10 "$EMU"
# sanitizer builds keep the file system (LeakSanitizer reads /proc): the
# rest of the sandbox still applies there
EMPTY_ROOT=1
case "${GN_SANITIZED:-none}" in
none | "") ;;
*) EMPTY_ROOT=0 ;;
esac
if [ $EMPTY_ROOT = 1 ]; then
	grep -q 'sandbox: on (empty root' "$GN_DIR/emu.log" ||
		gn_fail "no empty root: $(grep sandbox "$GN_DIR/emu.log")"
else
	grep -q 'the file system stays visible: sanitizer build' "$GN_DIR/emu.log" ||
		gn_fail "sanitizer build without its notice: $(grep sandbox "$GN_DIR/emu.log")"
fi
[ "$(status_field "$EMU" Seccomp)" = 2 ] || gn_fail "Seccomp is not 2"
[ "$(status_field "$EMU" NoNewPrivs)" = 1 ] || gn_fail "NoNewPrivs is not 1"
[ "$(status_field "$EMU" CapEff)" = 0000000000000000 ] || gn_fail "CapEff is not 0"
[ "$(status_field "$EMU" CapPrm)" = 0000000000000000 ] || gn_fail "CapPrm is not 0"
if [ $EMPTY_ROOT = 1 ]; then
	[ "$(readlink "/proc/$EMU/ns/user")" != "$(readlink /proc/self/ns/user)" ] ||
		gn_fail "not in a user namespace of its own"
	read -r inside outside count <"/proc/$EMU/uid_map"
	[ "$inside $outside $count" = "65534 65534 1" ] ||
		gn_fail "uid_map is '$inside $outside $count', not nobody only"
fi
[ $EMPTY_ROOT = 0 ] || [ -z "$(ls -A "/proc/$EMU/root/")" ] ||
	gn_fail "root is not empty: $(ls -A "/proc/$EMU/root/")"
gn_log "sandboxed: Seccomp 2, NoNewPrivs 1, CapEff 0, uid_map nobody, empty root $EMPTY_ROOT"
# frames still flow between two peers of the listener
gn_peer listen --port "$PORT" --mac 02:00:00:00:00:01 --time 4 \
	>"$GN_DIR/listener.log" 2>&1 &
GN_PIDS+=($!)
sleep 1
gn_peer arp --port "$PORT" --mac 02:00:00:00:00:02 --sip 10.9.0.2 \
	--tip 10.9.0.1 --timeout 2 >"$GN_DIR/arp.log" 2>&1 || true
wait "${GN_PIDS[-1]}" || true
grep -q '^src 02:00:00:00:00:02' "$GN_DIR/listener.log" ||
	gn_fail "no frame reached the other peer: $(cat "$GN_DIR/listener.log")"
gn_alive "$EMU" || gn_fail "emulator died forwarding frames"

# 2. a forbidden system call kills the process
rc=0
gn_run "$GUESTNET_EMU" --test-forbidden-syscall \
	-netdev "socket,id=l,listen=127.0.0.1:$((PORT + 1))" >"$GN_DIR/kill.log" 2>&1 || rc=$?
[ $rc -eq $((128 + 31)) ] || gn_fail "--test-forbidden-syscall: status $rc, not SIGSYS (159)"
gn_log "forbidden system call: killed by SIGSYS"

# 3. root
expect_rc 2 root "$GUESTNET_EMU" -netdev hubport,id=h,hubid=0
grep -q 'refusing to run as root.*--allow-root' "$GN_DIR/root.log" ||
	gn_fail "root: no clear refusal: $(cat "$GN_DIR/root.log")"
gn_bg_root asroot "$GUESTNET_EMU" --allow-root -v \
	-netdev "socket,id=l,listen=127.0.0.1:$((PORT + 2))"
ROOTEMU=$GN_LAST_PID
gn_wait_file "$GN_DIR/asroot.log" 'sandbox: on' 10 "$ROOTEMU"
[ "$(status_field "$ROOTEMU" CapEff)" = 0000000000000000 ] || gn_fail "root: CapEff not 0"
[ "$(status_field "$ROOTEMU" CapBnd)" = 0000000000000000 ] || gn_fail "root: CapBnd not 0"
[ "$(status_field "$ROOTEMU" Seccomp)" = 2 ] || gn_fail "root: Seccomp not 2"
kill -TERM "$ROOTEMU"
wait "$ROOTEMU" || gn_fail "root emulator: non-zero exit after SIGTERM"
gn_log "root: refused without --allow-root; with it CapEff 0, CapBnd 0, Seccomp 2"

# 4. -control: run-time ports that run programs are refused, others work
gn_emu ctl -v -control "$GN_DIR/ctl.sock"
CEMU=$GN_LAST_PID
gn_wait_path "$GN_DIR/ctl.sock" 10 "$CEMU"
gn_wait_file "$GN_DIR/ctl.log" 'sandbox: on' 10 "$CEMU"
[ "$(status_field "$CEMU" Seccomp)" = 2 ] || gn_fail "-control: Seccomp not 2"
ctl() {
	gn_ctl --raw "$GN_DIR/ctl.sock" "$@" 2>&1 || true
}
out=$(ctl netdev-add type=bridge id=b br=gnbr0)
echo "$out" | grep -q "type 'bridge' runs a program.*-sandbox off" ||
	gn_fail "bridge at run time: $out"
out=$(ctl netdev-add type=netns id=n cmd=true)
echo "$out" | grep -q "type 'netns' runs a program" || gn_fail "netns at run time: $out"
out=$(ctl netdev-add type=tap id=t ifname=gnx0 script=/bin/true)
echo "$out" | grep -q "key 'script': running a program is allowed only at start-up" ||
	gn_fail "tap,script= at run time: $out"
out=$(ctl netdev-add type=stream id=s server=true addr.type=unix "addr.path=$GN_DIR/s.sock")
[ "$out" = '{"return":{}}' ] || gn_fail "stream unix at run time: $out"
[ -S "$GN_DIR/s.sock" ] || gn_fail "no $GN_DIR/s.sock"
out=$(ctl netdev-del id=s)
[ "$out" = '{"return":{}}' ] || gn_fail "netdev-del: $out"
[ ! -e "$GN_DIR/s.sock" ] || gn_fail "s.sock not removed"
gn_alive "$CEMU" || gn_fail "-control emulator died"
gn_log "-control: bridge, netns, tap,script= refused at run time; unix stream added and removed"

# 5. a netns port's COMMAND is reaped under the sandbox
expect_rc 7 netns setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
	"$GUESTNET_EMU" -v -netdev netns,id=g -- /bin/sh -c 'sleep 1; exit 7'
grep -q "sandbox: on$([ $EMPTY_ROOT = 1 ] && echo ' (empty root')" "$GN_DIR/netns.log" ||
	gn_fail "netns: not sandboxed: $(cat "$GN_DIR/netns.log")"
gn_log "netns: COMMAND's status 7 is the emulator's"

# 6. guestfwd cmd: and -sandbox off
rc=0
gn_run "$GUESTNET_EMU" -netdev "user,id=u,guestfwd=tcp:10.0.2.100:1-cmd:true" \
	>"$GN_DIR/gfwd.log" 2>&1 || rc=$?
if grep -q "unknown port type 'user'" "$GN_DIR/gfwd.log"; then
	gn_log "guestfwd: no user-mode NAT in this build"
else
	[ $rc -eq 2 ] && grep -q "key 'guestfwd'.*sandbox forbids; use -sandbox off" "$GN_DIR/gfwd.log" ||
		gn_fail "guestfwd cmd: not refused clearly (status $rc): $(cat "$GN_DIR/gfwd.log")"
	gn_log "guestfwd cmd: refused in the sandbox"
fi
gn_emu off -v -sandbox off -netdev "socket,id=l,listen=127.0.0.1:$((PORT + 3))"
gn_wait_file "$GN_DIR/off.log" 'sandbox: off' 10 "$GN_LAST_PID"
[ "$(status_field "$GN_LAST_PID" Seccomp)" = 0 ] || gn_fail "-sandbox off: Seccomp not 0"
gn_pass
