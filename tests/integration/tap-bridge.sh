#!/bin/bash
# tap-bridge.sh MODE - guestnet-emu as nobody gets a tap from the setuid
# bridge helper (-netdev bridge,br=gnbr0,helper=...)
#
#   guest   a real QEMU guest on the emulator's stream port pings the
#           bridge's address 192.0.2.1 through the tap; the tap is in
#           gnbr0 and owned by nobody while the emulator runs, and gone
#           after it exits (SIGTERM, exit 0)
#   errors  a refused bridge: one stderr line naming -netdev and the
#           helper's reason, exit 2, well under the timeout; a 16-character
#           bridge name is refused before any helper runs; a helper that
#           hangs is killed after 5 s with a clear error, leaving no process
#           and no tap; a helper that sends nothing, two descriptors, or a
#           descriptor that is not a tap is refused
set -u
source "$(dirname "$0")/tap-lib.sh"

MODE=${1:?usage: tap-bridge.sh guest|errors}

mode_guest() {
	local tap
	tap_helper "allow gnbr0"
	gn_emu emu -netdev "bridge,id=br,br=gnbr0,helper=$TAP_HELPER" -netdev "$(gn_unix_server g)"
	tap_guest_ping "$TAP_BR_IP"
	tap=$(gn_nobody_tap gnbr0)
	gn_log "the emulator's tap $tap is in gnbr0, owned by nobody"
	gn_stop_emus
	[ "$(gn_tap_count)" = 0 ] || gn_fail "tap left after the emulator exited"
	gn_log "tap gone after the emulator exited"
}

# run_emu NAME ARGS... - run the emulator as nobody in the foreground;
# sets RC and ELAPSED_MS, stderr in $GN_DIR/NAME.err
run_emu() {
	local name=$1 t0
	shift
	t0=$(date +%s%N)
	gn_run "$GUESTNET_EMU" "$@" >"$GN_DIR/$name.out" 2>"$GN_DIR/$name.err"
	RC=$?
	ELAPSED_MS=$((($(date +%s%N) - t0) / 1000000))
}

mode_errors() {
	local left p
	tap_helper "allow gnbr1"

	run_emu refused -netdev "bridge,id=br,br=gnbr0,helper=$TAP_HELPER"
	tap_expect_fail "$RC" "$GN_DIR/refused.err" \
		"^guestnet-emu: -netdev bridge,id=br,.*key 'br': 'gnbr0': helper failed, exit status 1: guestnet-bridge-helper: bridge gnbr0 not allowed"
	[ "$ELAPSED_MS" -lt 2000 ] || gn_fail "refusal took $ELAPSED_MS ms"
	gn_log "refusal took $ELAPSED_MS ms"
	[ "$(gn_tap_count)" = 0 ] || gn_fail "tap left after a refusal"

	run_emu long -netdev "bridge,id=br,br=abcdefghijklmnop,helper=$TAP_HELPER"
	tap_expect_fail "$RC" "$GN_DIR/long.err" \
		"-netdev bridge,id=br,.*key 'br': 'abcdefghijklmnop' is 16 or more characters"

	printf '#!/bin/sh\necho "hanging helper here" >&2\nsleep 30\necho woke\n' >"$GN_DIR/hang.sh"
	chmod 0755 "$GN_DIR/hang.sh"
	run_emu hang -netdev "bridge,id=br,br=gnbr0,helper=$GN_DIR/hang.sh"
	tap_expect_fail "$RC" "$GN_DIR/hang.err" \
		"-netdev bridge,id=br,.*key 'helper': no answer within 5 s, helper killed: hanging helper here"
	[ "$ELAPSED_MS" -ge 5000 ] && [ "$ELAPSED_MS" -lt 7000 ] ||
		gn_fail "hanging helper: gave up after $ELAPSED_MS ms, not 5 s"
	gn_log "hanging helper given up after $ELAPSED_MS ms"
	# the helper's process group was killed: nothing may be left running
	# (a killed child may stay a zombie for a moment, until it is reaped)
	for _ in $(seq 20); do
		left=$(for p in $(ip netns pids "$GN_NS"); do gn_alive "$p" && echo "$p"; done)
		[ -z "$left" ] && break
		sleep 0.1
	done
	[ -z "$left" ] || gn_fail "processes left in the namespace: $(echo $left) ($(ps -o pid,stat,args -p "$(echo $left | tr ' ' ,)" | tail -n +2))"

	printf '#!/bin/sh\necho "sent nothing" >&2\n' >"$GN_DIR/nofd.sh"
	chmod 0755 "$GN_DIR/nofd.sh"
	run_emu nofd -netdev "bridge,id=br,br=gnbr0,helper=$GN_DIR/nofd.sh"
	tap_expect_fail "$RC" "$GN_DIR/nofd.err" "key 'br': 'gnbr0': helper sent no tap \(exit status 0: sent nothing\)"

	# replies a strict reader refuses: two descriptors; one that is no tap
	fake_helper twofd "[r, w]"
	run_emu twofd -netdev "bridge,id=br,br=gnbr0,helper=$GN_DIR/twofd"
	tap_expect_fail "$RC" "$GN_DIR/twofd.err" "key 'helper': malformed reply"
	fake_helper pipefd "[r]"
	run_emu pipefd -netdev "bridge,id=br,br=gnbr0,helper=$GN_DIR/pipefd"
	tap_expect_fail "$RC" "$GN_DIR/pipefd.err" "key 'helper': the descriptor it sent is not a tun/tap descriptor"
}

# fake_helper NAME FDS - a "helper" that sends pipe ends FDS (python list
# of r, w) over --fd=3 as one SCM_RIGHTS message, and exits 0
fake_helper() {
	cat >"$GN_DIR/$1" <<EOF
#!$GN_PY
import array, os, socket
s = socket.socket(fileno=3)
r, w = os.pipe()
s.sendmsg([b"\\0"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", $2))])
EOF
	chmod 0755 "$GN_DIR/$1"
}

gn_init "tap-bridge-$MODE"
tap_bridge
case "$MODE" in
guest) mode_guest ;;
errors) mode_errors ;;
*) gn_fail "unknown mode $MODE" ;;
esac
gn_pass
