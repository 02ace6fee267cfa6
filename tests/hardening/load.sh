#!/bin/bash
# load.sh - 256 stream peers connect, send and leave in a loop for 60 s
# (GN_LOAD_SECONDS) on the emulator's socket listen port while two real
# guests ping each other every 0.2 s through the same hub.  Passes if the
# emulator never dies, no echo reply takes 1 s or more and no 5 pings in a
# row (1 s) are lost, loss stays under 2 %, and the fd count and RSS are
# back to their starting values afterwards.
#
# GN_VALGRIND=1 runs the emulator under valgrind --leak-check=full
# --error-exitcode=99 (with -sandbox off: valgrind's own system calls
# would meet the seccomp filter); it must report no leak and no error.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"

SECS=${GN_LOAD_SECONDS:-60}
IP_A=10.0.0.1
IP_B=10.0.0.2
PORT=8041
REPLY="bytes from $IP_B: seq="

replies() {
	gn_count "$GN_DIR/a.serial" "$REPLY"
}

settle_fds() {
	local _i
	for _i in $(seq 100); do
		[ "$(gn_fd_count "$EMU")" -eq "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

gn_init load
cat >"$GN_DIR/ping-a" <<SCRIPT
gn_ping_until $IP_B 90 || exit 1
gn_mark PINGING "\$GN_NAME" $IP_B
ping -i 0.2 -w 900 $IP_B
SCRIPT
echo "gn_ping_until $IP_A 90" >"$GN_DIR/ping-b"

args=(-netdev "stream,id=a,server=on,addr.type=unix,addr.path=$GN_DIR/a.sock"
	-netdev "socket,id=b,listen=127.0.0.1:$PORT")
if [ "${GN_VALGRIND:-0}" = 1 ]; then
	command -v valgrind >/dev/null || gn_skip "valgrind not installed"
	gn_bg emu valgrind --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
		"$GUESTNET_EMU" -sandbox off "${args[@]}"
	GN_EMUS+=(emu)
	SLOW=4
else
	gn_emu emu "${args[@]}"
	SLOW=1
fi
EMU=$GN_LAST_PID
gn_wait_path "$GN_DIR/a.sock" $((10 * SLOW)) "$EMU"
gn_wait_listen tcp "$PORT" $((10 * SLOW)) "$EMU"
gn_guest a "$(gn_addr_mac 1)" virtio-net-pci "$IP_A/24" "$GN_DIR/ping-a" \
	-netdev "stream,id=n,server=off,addr.type=unix,addr.path=$GN_DIR/a.sock"
gn_guest b "$(gn_addr_mac 2)" e1000 "$IP_B/24" "$GN_DIR/ping-b" \
	-netdev "socket,id=n,connect=127.0.0.1:$PORT"
gn_wait_guest a 'GN-PINGING' 120

# warm-up round, then the baseline
gn_peer hostile churn --peers 256 --rounds 1 --port "$PORT" >>"$GN_DIR/peers.log" 2>&1 ||
	gn_fail "churn warm-up: $(tail -n 2 "$GN_DIR/peers.log")"
sleep 1
fds0=$(gn_fd_count "$EMU")
rss0=$(gn_rss_kb "$EMU")
seq0=$(sed -n "s/.*$REPLY\([0-9]*\) .*/\1/p" "$GN_DIR/a.serial" | tail -n 1)
gn_log "baseline: $fds0 fds, RSS $rss0 KiB, ping seq $seq0"

end=$(($(date +%s) + SECS))
rounds=0
while [ "$(date +%s)" -lt "$end" ]; do
	gn_peer hostile churn --peers 256 --rounds 1 --port "$PORT" >>"$GN_DIR/peers.log" 2>&1 ||
		gn_fail "churn round $rounds: $(tail -n 2 "$GN_DIR/peers.log")"
	rounds=$((rounds + 1))
	gn_alive "$EMU" || gn_fail "emulator died in round $rounds"
done
sleep 1
seq1=$(sed -n "s/.*$REPLY\([0-9]*\) .*/\1/p" "$GN_DIR/a.serial" | tail -n 1)
gn_log "$rounds rounds of 256 peers in ${SECS}s; ping seq $seq0 -> $seq1"

# replies during the churn: max RTT, longest run of lost pings, loss
read -r got maxrtt maxrun < <(sed -n "s/.*$REPLY\([0-9]*\) .*time=\([0-9.]*\).*/\1 \2/p" \
	"$GN_DIR/a.serial" | awk -v a="$seq0" -v b="$seq1" '
	$1 > a && $1 <= b { n++; if ($2 > m) m = $2; if (p && $1 - p - 1 > r) r = $1 - p - 1; p = $1 }
	END { printf "%d %s %d\n", n, m + 0, r + 0 }')
want=$((seq1 - seq0))
gn_log "churn window: $got of $want replies, max RTT ${maxrtt} ms, longest loss run $maxrun"
awk -v m="$maxrtt" -v s="$SLOW" 'BEGIN { exit !(m < 1000 * s) }' ||
	gn_fail "a ping took ${maxrtt} ms (stall)"
[ "$maxrun" -lt $((5 * SLOW)) ] || gn_fail "$maxrun pings in a row lost (stall over 1 s)"
[ $((got * 100)) -ge $((want * 98)) ] || gn_fail "lost more than 2% ($got of $want)"

settle_fds "$fds0" || gn_fail "fd leak: $fds0 before, $(gn_fd_count "$EMU") after"
rss1=$(gn_rss_kb "$EMU")
margin=1024
grep -q 'libasan\|vgpreload' "/proc/$EMU/maps" 2>/dev/null && margin=32768
gn_log "after: $(gn_fd_count "$EMU") fds, RSS $rss1 KiB (margin $margin KiB)"
[ "$rss1" -le $((rss0 + margin)) ] || gn_fail "RSS grew from $rss0 to $rss1 KiB"
gn_stop_emus
if [ "${GN_VALGRIND:-0}" = 1 ]; then
	grep -q 'ERROR SUMMARY: 0 errors' "$GN_DIR/emu.log" ||
		gn_fail "valgrind: $(grep 'ERROR SUMMARY' "$GN_DIR/emu.log")"
	grep -Eq 'definitely lost: [1-9]|indirectly lost: [1-9]' "$GN_DIR/emu.log" &&
		gn_fail "valgrind: leaks: $(grep -E 'lost:' "$GN_DIR/emu.log" | tr '\n' ' ')"
	gn_log "valgrind: $(grep 'ERROR SUMMARY' "$GN_DIR/emu.log")"
fi
GN_EMUS=()
gn_pass
