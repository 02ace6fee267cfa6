#!/bin/bash
# kill9.sh - kill -9 of anything around the emulator costs only that thing.
#
# 1. A stream peer (gnpeer listen --send on the emulator's socket listen
#    port) is killed with SIGKILL: its port (p.N) is gone from the control
#    socket's query-ports within 3 s, and guest A keeps getting echo replies
#    from guest B.
# 2. Guest B's QEMU (e1000, on the emulator's unix stream server b.sock) is
#    killed with SIGKILL: its port (b.N) disappears; the socket file b.sock
#    is still there and accepting (a new client becomes port b.M and its
#    frame is counted); guest A's port still works (a stream peer's ARP
#    request for A gets A's reply).
# 3. The bridge helper (the -pause test build, GN_HELPER_PAUSE_AT) is
#    stopped at each step of its work — after its privilege drop before the
#    tap exists, with the tap created but not in the bridge, with the tap in
#    the bridge but its fd not sent — the state is checked (no tap / a tap
#    without master / a tap in gnbr0), then it is killed with SIGKILL; the
#    caller, guestnet-emu -netdev bridge,helper= and QEMU -netdev
#    bridge,helper=, exits with an error within 10 s (nothing hangs) and
#    no tap and no port of gnbr0 is left (`ip link`): the tap was not
#    persistent, so the kernel deletes it with the helper's last fd.
# Everything as nobody in the test namespace; the helper is a setuid-root
# copy in the build tree.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/lib/pair.sh
. "$(dirname "$0")/../lib/pair.sh"

PORT=8061

# ports - the ids of the emulator's ports, space-separated
ports() {
	gn_ctl --raw "$GN_DIR/ctl.sock" query-ports |
		"$GN_PY" -c 'import json, sys
print(" ".join(p["id"] for p in json.load(sys.stdin)["return"]))'
}

# port_field ID FIELD - a counter of port ID from query-ports
port_field() {
	gn_ctl --raw "$GN_DIR/ctl.sock" query-ports "id=$1" |
		"$GN_PY" -c 'import json, sys
print(json.load(sys.stdin)["return"][0][sys.argv[1]])' "$2"
}

# wait_ports ERE SECONDS - wait until the port list matches ERE
wait_ports() {
	local _i
	for _i in $(seq $(($2 * 10))); do
		ports | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	gn_fail "ports never matched '$1' within $2 s: $(ports)"
}

# expect_flow WHAT - A's echo replies from B grow by 3 within 5 s
expect_flow() {
	pair_expect_flow "$(pair_replies)" "$1" "$EMU"
}

# wait_exit PID SECONDS - wait for our child PID to end, its exit status in
# RC; false if it took SECONDS or more (a watchdog kills it then)
wait_exit() {
	local dog t0 t1
	t0=$(date +%s%N)
	(
		sleep "$2"
		kill -KILL "$1" 2>/dev/null
	) &
	dog=$!
	RC=0
	wait "$1" || RC=$?
	kill "$dog" 2>/dev/null || true
	wait "$dog" 2>/dev/null || true
	t1=$(date +%s%N)
	[ $(((t1 - t0) / 1000000)) -lt $(($2 * 1000)) ]
}

# bridge_ports - the number of ports of gnbr0
bridge_ports() {
	gn_ns ip -o link show master gnbr0 | wc -l
}

# helper_step STEP CALLER - run CALLER (emu or qemu) with the pause helper
# stopping at STEP, check the state there, kill -9 the helper, check the
# caller fails in time and nothing is left behind
helper_step() {
	local step=$1 caller=$2 name="helper-$1-$2" cpid hpid="" st="" rc _i
	if [ "$caller" = emu ]; then
		GN_HELPER_PAUSE_AT=$step gn_bg "$name" "$GUESTNET_EMU" \
			-netdev "bridge,id=br,br=gnbr0,helper=$PAUSE_SUID"
	else
		GN_HELPER_PAUSE_AT=$step gn_bg "$name" qemu-system-x86_64 -M none \
			-nodefaults -nographic -display none \
			-netdev "bridge,id=n,br=gnbr0,helper=$PAUSE_SUID"
	fi
	cpid=$GN_LAST_PID
	for _i in $(seq 100); do
		read -r hpid st < <(ps -o pid=,stat= --ppid "$cpid" || true) || true
		[ -n "$hpid" ] && [ "${st:0:1}" = T ] && break
		gn_alive "$cpid" || gn_fail "$name: caller exited before the helper stopped"
		sleep 0.05
	done
	[ "${st:0:1}" = T ] || gn_fail "$name: the helper never stopped at '$step'"
	case $step in
	drop) [ "$(gn_tap_count)" = 0 ] || gn_fail "$name: a tap exists before the tap step" ;;
	tap) [ "$(gn_tap_count)" = 1 ] && [ "$(bridge_ports)" = 0 ] ||
		gn_fail "$name: not one tap outside the bridge: $(gn_ns ip -o link show type tun)" ;;
	attach) [ "$(gn_tap_count)" = 1 ] && [ "$(bridge_ports)" = 1 ] ||
		gn_fail "$name: the tap is not in gnbr0: $(gn_ns ip -o link show type tun)" ;;
	esac
	kill -KILL "$hpid"
	wait_exit "$cpid" 10 || gn_fail "$name: caller still running 10 s after the helper was killed"
	rc=$RC
	[ "$rc" != 0 ] || gn_fail "$name: caller exited 0 with a killed helper"
	if [ ! -e "$GN_DIR/$name.log" ]; then
		# seen once in CI, not reproduced: say what there was
		gn_log "$name: $GN_DIR/$name.log is missing; caller $cpid, helper $hpid ($st), exit $rc"
		ls -la "$GN_DIR" >&2 || true
		gn_fail "$name: the caller's log is missing"
	fi
	if [ "$caller" = emu ]; then
		grep -q 'helper failed, killed by signal 9' "$GN_DIR/$name.log" ||
			gn_fail "$name: no 'helper failed, killed by signal 9' from the emulator: $(cat "$GN_DIR/$name.log")"
	else
		grep -q 'bridge helper failed\|failed to recv file descriptor' "$GN_DIR/$name.log" ||
			gn_fail "$name: QEMU reported no helper failure"
	fi
	[ "$(gn_tap_count)" = 0 ] || gn_fail "$name: tap left behind: $(gn_ns ip -o link show type tun)"
	[ "$(bridge_ports)" = 0 ] || gn_fail "$name: port of gnbr0 left: $(gn_ns ip -o link show master gnbr0)"
	gn_log "$name: helper $hpid stopped at '$step', killed; caller exit $rc: $(head -n 1 "$GN_DIR/$name.log")"
}

gn_init kill9
pair_boot_with_listener "$PORT"
EMU=$PAIR_EMU
expect_flow start
gn_log "ports: $(ports)"

# 1. a stream peer
gn_bg peer "$GN_PY" "$GN_LIB_DIR/gnpeer.py" listen --port "$PORT" \
	--mac 02:00:00:00:00:61 --time 600 --send
PEER=$GN_LAST_PID
wait_ports '(^| )p\.[0-9]+( |$)' 5
pport=$(ports | grep -Eo '(^| )p\.[0-9]+' | tr -d ' ')
for _i in $(seq 30); do
	[ "$(port_field "$pport" rx-frames)" -ge 2 ] && break
	sleep 0.1
done
[ "$(port_field "$pport" rx-frames)" -ge 2 ] || gn_fail "peer port $pport counts no frames"
kill -KILL "$PEER"
wait_ports "^((a|b|p|a\.[0-9]+|b\.[0-9]+) ?)*\$" 3
gn_log "stream peer killed: $pport gone; ports: $(ports)"
expect_flow "the stream peer's kill -9"

# 2. guest B's QEMU
bport=$(ports | grep -Eo '(^| )b\.[0-9]+' | tr -d ' ')
aport=$(ports | grep -Eo '(^| )a\.[0-9]+' | tr -d ' ')
[ -n "$bport" ] && [ -n "$aport" ] || gn_fail "no guest ports: $(ports)"
kill -KILL "$(gn_pid b)"
wait_ports "^((a|b|p|$aport) ?)*\$" 3
[ -S "$GN_DIR/b.sock" ] || gn_fail "b.sock is gone after guest B's kill -9"
gn_run "$GN_PY" -c 'import socket, struct, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x62" + b"\x88\xb5" + b"\0" * 50
s.sendall(struct.pack("!I", len(f)) + f)
time.sleep(1.5)' "$GN_DIR/b.sock" &
NEWB=$!
wait_ports '(^| )b\.[0-9]+( |$)' 3
nport=$(ports | grep -Eo '(^| )b\.[0-9]+' | tr -d ' ')
[ "$nport" != "$bport" ] || gn_fail "guest B's port $bport is still there"
for _i in $(seq 10); do
	[ "$(port_field "$nport" rx-frames)" = 1 ] && break
	sleep 0.1
done
[ "$(port_field "$nport" rx-frames)" = 1 ] || gn_fail "b.sock's new client: no frame counted"
wait "$NEWB" || gn_fail "new client of b.sock failed"
rx0=$(port_field "$aport" rx-frames)
gn_peer arp --port "$PORT" --mac 02:00:00:00:00:63 --sip 10.0.0.99 \
	--tip "$PAIR_IP_A" --timeout 5 >"$GN_DIR/arp.log" 2>&1 ||
	gn_fail "guest A does not answer after B's kill -9: $(cat "$GN_DIR/arp.log")"
[ "$(port_field "$aport" rx-frames)" -gt "$rx0" ] || gn_fail "port $aport counts no new frame"
gn_log "guest B killed: $bport gone, b.sock accepting ($nport), A answers ARP: $(cat "$GN_DIR/arp.log")"

# 3. the bridge helper at each step
if [ -z "${GN_HELPER_PAUSE:-}" ]; then
	gn_log "bridge helper not built: helper steps not run"
	gn_pass
fi
[ -n "${GN_HELPER_ACL_DIR:-}" ] || gn_fail "GN_HELPER_ACL_DIR not set"
gn_suid_copy "$GN_HELPER_PAUSE"
PAUSE_SUID=$GN_SUID
gn_root_dir "$GN_HELPER_ACL_DIR"
gn_root_file "$GN_HELPER_ACL_DIR/bridge.conf" "allow gnbr0"
gn_bridge gnbr0
for step in drop tap attach; do
	helper_step "$step" emu
	helper_step "$step" qemu
done
gn_pass
