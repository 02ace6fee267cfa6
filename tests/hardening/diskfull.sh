#!/bin/bash
# diskfull.sh - a full disk stops a pcap dump, nothing else.
#
# The emulator runs in a private mount namespace (unshare -m inside the
# test namespace) where a 64 KiB tmpfs is mounted on the dump directory,
# with -object filter-dump on guest A's port writing there.  Guest A pings
# guest B every 0.2 s with 1400-byte payloads, so the tmpfs fills within
# seconds.  Shows: exactly one error line naming the file ("dump PATH: ...;
# dump stopped"), also after SIGTERM's final flush; the pings keep getting
# replies (no gap over 1 s, at most 2 lost from the first reply to the
# end, at least 5 s of pings after the error); the file holds a valid pcap
# header; the emulator exits 0 on SIGTERM.  The tmpfs is never visible
# outside that mount namespace.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"

IP_A=10.0.0.1
IP_B=10.0.0.2
REPLY="bytes from $IP_B: seq="
MAXLOST=${GN_DISKFULL_MAXLOST:-2}

last_seq() {
	sed -n "s/.*$REPLY\([0-9]*\) .*/\1/p" "$GN_DIR/a.serial" | tail -n 1
}

gn_init diskfull
DUMP=$GN_DIR/dump
PCAP=$DUMP/a.pcap
install -d -o "$GN_USER" -g "$GN_GROUP" -m 0755 "$DUMP"
cat >"$GN_DIR/ping-a" <<SCRIPT
gn_ping_until $IP_B 90 || exit 1
gn_mark PINGING "\$GN_NAME" $IP_B
ping -s 1400 -i 0.2 -w 600 $IP_B
SCRIPT
echo "gn_ping_until $IP_A 90" >"$GN_DIR/ping-b"

# the emulator in its own mount namespace with the tiny tmpfs (gn_bg by
# hand: unshare and sh exec, so the pid is the emulator's)
args=(-netdev "stream,id=a,server=on,addr.type=unix,addr.path=$GN_DIR/a.sock"
	-netdev "stream,id=b,server=on,addr.type=unix,addr.path=$GN_DIR/b.sock"
	-object "filter-dump,id=f,netdev=a,file=$PCAP")
echo "unshare -m; mount -t tmpfs -o size=64k $DUMP; $GUESTNET_EMU ${args[*]}" >"$GN_DIR/emu.cmd"
(cd "$GN_DIR" && exec ip netns exec "$GN_NS" unshare -m --propagation private \
	sh -c 'mount -t tmpfs -o size=64k,mode=0755,uid=65534,gid=65534 gn-diskfull "$1" &&
		shift && exec setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"' \
	sh "$DUMP" "$GUESTNET_EMU" "${args[@]}") >"$GN_DIR/emu.log" 2>&1 &
EMU=$!
GN_PIDS+=("$EMU")
GN_NAMES+=(emu)
GN_EMUS+=(emu)
echo "$EMU" >"$GN_DIR/emu.pid"
gn_wait_path "$GN_DIR/b.sock" 10 "$EMU"
grep -q " $DUMP tmpfs " "/proc/$EMU/mounts" || gn_fail "no tmpfs on $DUMP for the emulator"
! grep -q " $DUMP " /proc/self/mounts || gn_fail "the tmpfs is visible outside the emulator"
[ ! -e "$PCAP" ] || gn_fail "$PCAP visible outside the emulator's mount namespace"

gn_guest a "$(gn_addr_mac 1)" virtio-net-pci "$IP_A/24" "$GN_DIR/ping-a" \
	-netdev "stream,id=n,server=off,addr.type=unix,addr.path=$GN_DIR/a.sock"
gn_guest b "$(gn_addr_mac 2)" e1000 "$IP_B/24" "$GN_DIR/ping-b" \
	-netdev "stream,id=n,server=off,addr.type=unix,addr.path=$GN_DIR/b.sock"
gn_wait_guest a 'GN-PINGING' 120
seq0=$(last_seq)
gn_wait_file "$GN_DIR/emu.log" "dump $PCAP: .*dump stopped" 60 "$EMU"
gn_log "emulator: $(grep 'dump stopped' "$GN_DIR/emu.log")"
seq_err=$(last_seq)
sleep 5
seq1=$(last_seq)
[ $((seq1 - seq_err)) -ge 20 ] || gn_fail "pings after the full disk: seq $seq_err -> $seq1"

read -r got maxrun maxrtt < <(sed -n "s/.*$REPLY\([0-9]*\) .*time=\([0-9.]*\).*/\1 \2/p" \
	"$GN_DIR/a.serial" | awk -v a="$seq0" -v b="$seq1" '
	BEGIN { p = a }
	$1 > a && $1 <= b { n++; if ($2 > m) m = $2; if ($1 - p - 1 > r) r = $1 - p - 1; p = $1 }
	END { printf "%d %d %s\n", n, r + 0, m + 0 }')
want=$((seq1 - seq0))
gn_log "pings seq $seq0 -> $seq1 (error at $seq_err): $got of $want replies, longest loss run $maxrun, max RTT $maxrtt ms"
[ "$maxrun" -lt 5 ] || gn_fail "$maxrun pings in a row lost (gap over 1 s)"
awk -v m="$maxrtt" 'BEGIN { exit !(m < 1000) }' || gn_fail "a ping took $maxrtt ms"
[ $((want - got)) -le "$MAXLOST" ] || gn_fail "lost $((want - got)) of $want pings"

size=$(stat -c %s "/proc/$EMU/root$PCAP")
magic=$(od -An -tx1 -N4 "/proc/$EMU/root$PCAP" | tr -d ' ')
gn_log "$PCAP: $size bytes, magic $magic"
[ "$size" -le 65536 ] && [ "$size" -ge 24 ] || gn_fail "$PCAP has $size bytes"
[ "$magic" = d4c3b2a1 ] || [ "$magic" = a1b2c3d4 ] || gn_fail "$PCAP: bad magic $magic"
gn_stop_emus
GN_EMUS=()
n=$(gn_count "$GN_DIR/emu.log" "$PCAP")
[ "$n" = 1 ] || gn_fail "$n messages about $PCAP, not exactly 1: $(cat "$GN_DIR/emu.log")"
gn_pass
