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
# shellcheck source=tests/lib/pair.sh
. "$(dirname "$0")/../lib/pair.sh"

MAXLOST=${GN_DISKFULL_MAXLOST:-2}

gn_init diskfull
DUMP=$GN_DIR/dump
PCAP=$DUMP/a.pcap
install -d -o "$GN_USER" -g "$GN_GROUP" -m 0755 "$DUMP"

# the emulator in its own mount namespace with the tiny tmpfs (unshare
# and sh exec, so the pid is the emulator's)
gn_emu_root emu unshare -m --propagation private \
	sh -c 'mount -t tmpfs -o size=64k,mode=0755,uid=65534,gid=65534 gn-diskfull "$1" &&
		shift && exec setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"' \
	sh "$DUMP" "$GUESTNET_EMU" -netdev "$(gn_unix_server a)" -netdev "$(gn_unix_server b)" \
	-object "filter-dump,id=f,netdev=a,file=$PCAP"
EMU=$GN_LAST_PID
gn_wait_path "$GN_DIR/b.sock" 10 "$EMU"
grep -q " $DUMP tmpfs " "/proc/$EMU/mounts" || gn_fail "no tmpfs on $DUMP for the emulator"
! grep -q " $DUMP " /proc/self/mounts || gn_fail "the tmpfs is visible outside the emulator"
[ ! -e "$PCAP" ] || gn_fail "$PCAP visible outside the emulator's mount namespace"

pair_boot "$(gn_unix_client b)" 600 -s 1400
seq0=$(pair_last_seq)
gn_wait_file "$GN_DIR/emu.log" "dump $PCAP: .*dump stopped" 60 "$EMU"
gn_log "emulator: $(grep 'dump stopped' "$GN_DIR/emu.log")"
seq_err=$(pair_last_seq)
sleep 5
seq1=$(pair_last_seq)
[ $((seq1 - seq_err)) -ge 20 ] || gn_fail "pings after the full disk: seq $seq_err -> $seq1"
pair_check_window "pings seq $seq0 -> $seq1 (error at $seq_err)" "$seq0" "$seq1" "$MAXLOST" 0

size=$(stat -c %s "/proc/$EMU/root$PCAP")
magic=$(od -An -tx1 -N4 "/proc/$EMU/root$PCAP" | tr -d ' ')
gn_log "$PCAP: $size bytes, magic $magic"
[ "$size" -le 65536 ] && [ "$size" -ge 24 ] || gn_fail "$PCAP has $size bytes"
[ "$magic" = d4c3b2a1 ] || [ "$magic" = a1b2c3d4 ] || gn_fail "$PCAP: bad magic $magic"
gn_stop_emus
n=$(gn_count "$GN_DIR/emu.log" "$PCAP")
[ "$n" = 1 ] || gn_fail "$n messages about $PCAP, not exactly 1: $(cat "$GN_DIR/emu.log")"
gn_pass
