# shellcheck shell=bash
# pair.sh - two test guests pinging each other through the emulator under
# test (bash; source after gn.sh)
#
# The set-up of the hardening tests and hostile.sh: guest A (virtio-net,
# MAC 1, 10.0.0.1, on the emulator's unix stream server port a.sock) pings
# guest B (e1000, MAC 2, 10.0.0.2, on a port the test names) every 0.2 s,
# once a first ping has been answered (GN-PINGING on A's console); B only
# waits to be reached. What the tests measure is A's echo replies:
# pair_replies, pair_last_seq, pair_expect_flow, pair_check_window.

PAIR_IP_A=10.0.0.1
PAIR_IP_B=10.0.0.2
PAIR_REPLY="bytes from $PAIR_IP_B: seq="

# pair_boot B-NETDEV SECONDS [PING-OPTION...] - boot both guests, A on
# a.sock and B with QEMU's -netdev B-NETDEV (id=n), A pinging B for up to
# SECONDS (ping -w) with PING-OPTIONs; returns once A's pings are answered
pair_boot() {
	local netdev_b=$1 secs=$2
	shift 2
	cat >"$GN_DIR/ping-a" <<SCRIPT
gn_ping_until $PAIR_IP_B 90 || exit 1
gn_mark PINGING "\$GN_NAME" $PAIR_IP_B
ping ${*:+$* }-i 0.2 -w $secs $PAIR_IP_B
SCRIPT
	echo "gn_ping_until $PAIR_IP_A 90" >"$GN_DIR/ping-b"
	gn_guest a "$(gn_addr_mac 1)" virtio-net-pci "$PAIR_IP_A/24" "$GN_DIR/ping-a" \
		-netdev "$(gn_unix_client a)"
	gn_guest b "$(gn_addr_mac 2)" e1000 "$PAIR_IP_B/24" "$GN_DIR/ping-b" \
		-netdev "$netdev_b"
	gn_wait_guest a 'GN-PINGING' 120
}

# pair_boot_with_listener PORT - emulator "emu" (pid in PAIR_EMU) with a
# control socket ctl.sock, the guests' unix stream ports a and b and a
# socket listen port p on 127.0.0.1:PORT for the test's peers, all on hub
# 0; then the pair booted on a and b, A pinging for up to 600 s
pair_boot_with_listener() {
	gn_emu emu -control "$GN_DIR/ctl.sock" -netdev "$(gn_unix_server a)" \
		-netdev "$(gn_unix_server b)" -netdev "socket,id=p,listen=127.0.0.1:$1"
	PAIR_EMU=$GN_LAST_PID
	gn_wait_path "$GN_DIR/ctl.sock" 10 "$PAIR_EMU"
	gn_wait_listen tcp "$1" 10 "$PAIR_EMU"
	pair_boot "$(gn_unix_client b)" 600
}

# pair_replies - the number of echo replies guest A has printed so far
pair_replies() {
	gn_count "$GN_DIR/a.serial" "$PAIR_REPLY"
}

# pair_last_seq - the sequence number of guest A's latest echo reply
pair_last_seq() {
	sed -n "s/.*$PAIR_REPLY\([0-9]*\) .*/\1/p" "$GN_DIR/a.serial" | tail -n 1
}

# pair_expect_flow BEFORE WHAT [PID] - A's replies must reach BEFORE + 3
# within 5 s of WHAT, and PID (the emulator, if given) stay alive
pair_expect_flow() {
	local before=$1 what=$2 pid=${3:-} _i
	for _i in $(seq 50); do
		[ "$(pair_replies)" -ge $((before + 3)) ] && return 0
		[ -z "$pid" ] || gn_alive "$pid" || gn_fail "emulator died after: $what"
		sleep 0.1
	done
	gn_fail "guest A's pings stopped after: $what (replies $before -> $(pair_replies))"
}

# pair_window SEQ0 SEQ1 - A's pings after SEQ0 up to SEQ1: sets PAIR_WANT
# (pings sent), PAIR_GOT (replies), PAIR_MAXRUN (longest run of lost
# pings) and PAIR_MAXRTT (slowest reply, ms)
pair_window() {
	PAIR_WANT=$(($2 - $1))
	read -r PAIR_GOT PAIR_MAXRUN PAIR_MAXRTT < <(
		sed -n "s/.*$PAIR_REPLY\([0-9]*\) .*time=\([0-9.]*\).*/\1 \2/p" "$GN_DIR/a.serial" |
			awk -v a="$1" -v b="$2" '
			BEGIN { p = a }
			$1 > a && $1 <= b { n++; if ($2 > m) m = $2; if ($1 - p - 1 > r) r = $1 - p - 1; p = $1 }
			END { printf "%d %d %s\n", n, r + 0, m + 0 }')
}

# pair_check_window LABEL SEQ0 SEQ1 MAXLOST MINPINGS [SLOW] - full service
# from SEQ0 to SEQ1: at least MINPINGS pings sent, no reply taking SLOW
# (default 1) s or more, no run of 5 x SLOW lost pings (a gap of SLOW s),
# at most MAXLOST lost; LABEL names the window in the log line
pair_check_window() {
	local label=$1 maxlost=$4 minpings=$5 slow=${6:-1}
	pair_window "$2" "$3"
	gn_log "$label: $PAIR_GOT of $PAIR_WANT replies, longest loss run $PAIR_MAXRUN, max RTT $PAIR_MAXRTT ms"
	[ "$PAIR_WANT" -ge "$minpings" ] || gn_fail "guest A sent only $PAIR_WANT pings, not $minpings"
	[ "$PAIR_MAXRUN" -lt $((5 * slow)) ] ||
		gn_fail "$PAIR_MAXRUN pings in a row lost (gap over $slow s)"
	awk -v m="$PAIR_MAXRTT" -v s="$slow" 'BEGIN { exit !(m < 1000 * s) }' ||
		gn_fail "a ping took $PAIR_MAXRTT ms"
	[ $((PAIR_WANT - PAIR_GOT)) -le "$maxlost" ] ||
		gn_fail "lost $((PAIR_WANT - PAIR_GOT)) of $PAIR_WANT pings (more than $maxlost)"
}
