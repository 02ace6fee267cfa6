#!/bin/bash
# load.sh - 256 stream peers connect, send a frame and leave, in a loop for
# 60 s (GN_LOAD_SECONDS), on the emulator's socket listen port while two
# real guests ping each other every 0.2 s through the same hub.  Shows that
# the emulator survives the churn without a stall and without leaking:
# - it never dies; no echo reply takes 1 s or more; no gap between two
#   replies is over 1 s (4 lost pings in a row at most); at most 2 pings
#   are lost in the whole window (GN_LOAD_MAXLOST);
# - afterwards its fd count is exactly the starting one, and its RSS is
#   back within 2 MiB (GN_LOAD_RSS_MARGIN, KiB) of the start.  The emulator
#   runs with a fixed malloc mmap threshold, so that each 276 KiB frame
#   chunk is a mapping of its own, given back when freed, instead of heap
#   memory that glibc keeps once the dynamic threshold has risen; what
#   stays is the chunk pool (emu/chunk.c keeps up to 64 free chunks), which
#   grows only when the load reaches a new peak, hence the warm-up round
#   before the baseline.  A sanitizer build runs the emulator with an 8 MiB
#   ASan quarantine (default 256 MiB: freed memory it keeps to catch
#   use-after-free) and allows 32 MiB; its leak check is LeakSanitizer's
#   report at exit (none allowed, gn_stop_emus).
#
# load.sh valgrind (or GN_VALGRIND=1): the same, 20 s by default, with the
# emulator as nobody under valgrind --leak-check=full
# --errors-for-leak-kinds=definite,indirect --error-exitcode=99 and
# -sandbox off (valgrind's own system calls would meet the seccomp
# filter); after SIGTERM it must exit 0 and valgrind must report
# "ERROR SUMMARY: 0 errors" and no definitely or indirectly lost bytes.
# Timing limits are 4x looser there: valgrind slows the emulator ~20x.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/lib/pair.sh
. "$(dirname "$0")/../lib/pair.sh"

[ "${1:-}" = valgrind ] && GN_VALGRIND=1
if [ "${GN_VALGRIND:-0}" = 1 ]; then
	SECS=${GN_LOAD_SECONDS:-20}
	MAXLOST=${GN_LOAD_MAXLOST:-5}
else
	SECS=${GN_LOAD_SECONDS:-60}
	MAXLOST=${GN_LOAD_MAXLOST:-2}
fi
PORT=8041

# churn WHAT - one round: 256 peers connect, send one frame each, leave
churn() {
	gn_peer hostile churn --peers 256 --rounds 1 --port "$PORT" >>"$GN_DIR/peers.log" 2>&1 ||
		gn_fail "churn $1: $(tail -n 2 "$GN_DIR/peers.log")"
}

if [ "${GN_VALGRIND:-0}" = 1 ]; then
	gn_init load-vg
else
	gn_init load
fi
SANITIZED=0
[ "${GN_SANITIZED:-none}" = none ] || SANITIZED=1

args=(-netdev "$(gn_unix_server a)"
	-netdev "socket,id=b,listen=127.0.0.1:$PORT")
if [ "${GN_VALGRIND:-0}" = 1 ]; then
	command -v valgrind >/dev/null || gn_fail "valgrind missing (package valgrind)"
	echo "valgrind $GUESTNET_EMU -sandbox off ${args[*]}" >"$GN_DIR/emu.cmd"
	gn_bg emu valgrind --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
		"$GUESTNET_EMU" -sandbox off "${args[@]}"
	GN_EMUS+=(emu)
	SLOW=4
else
	GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072 \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8" \
		gn_emu emu "${args[@]}"
	SLOW=1
fi
EMU=$GN_LAST_PID
gn_wait_path "$GN_DIR/a.sock" $((10 * SLOW)) "$EMU"
gn_wait_listen tcp "$PORT" $((10 * SLOW)) "$EMU"
pair_boot "socket,id=n,connect=127.0.0.1:$PORT" 900

# warm-up round (first-use allocations are not leaks), then the baseline
churn warm-up
sleep 1
fds0=$(gn_fd_count "$EMU")
rss0=$(gn_rss_kb "$EMU")
seq0=$(pair_last_seq)
gn_log "baseline: $fds0 fds, RSS $rss0 KiB, ping seq $seq0"

end=$(($(date +%s) + SECS))
rounds=0
while [ "$(date +%s)" -lt "$end" ]; do
	churn "round $rounds"
	rounds=$((rounds + 1))
	gn_alive "$EMU" || gn_fail "emulator died in round $rounds"
	[ $((rounds % 10)) -ne 0 ] ||
		gn_log "round $rounds: $(gn_fd_count "$EMU") fds, RSS $(gn_rss_kb "$EMU") KiB"
done
sleep 1
seq1=$(pair_last_seq)
gn_log "$rounds rounds of 256 peers in ${SECS}s; ping seq $seq0 -> $seq1"

# replies during the churn: max RTT, longest run of lost pings, loss
pair_check_window "churn window" "$seq0" "$seq1" "$MAXLOST" $((SECS * 4)) "$SLOW"

gn_settle_fds "$EMU" "$fds0" 10 || gn_fail "fd leak: $fds0 before, $(gn_fd_count "$EMU") after"
rss1=$(gn_rss_kb "$EMU")
margin=${GN_LOAD_RSS_MARGIN:-2048}
[ "$SANITIZED" = 1 ] || [ "${GN_VALGRIND:-0}" = 1 ] && margin=32768
gn_log "after: $(gn_fd_count "$EMU") fds, RSS $rss1 KiB (margin $margin KiB)"
[ "$rss1" -le $((rss0 + margin)) ] || gn_fail "RSS grew from $rss0 to $rss1 KiB"
gn_stop_emus
if [ "${GN_VALGRIND:-0}" = 1 ]; then
	grep -q 'ERROR SUMMARY: 0 errors' "$GN_DIR/emu.log" ||
		gn_fail "valgrind: $(grep 'ERROR SUMMARY' "$GN_DIR/emu.log")"
	! grep -Eq '(definitely|indirectly) lost: [1-9]' "$GN_DIR/emu.log" ||
		gn_fail "valgrind: leaks: $(grep -E 'lost:' "$GN_DIR/emu.log" | tr '\n' ' ')"
	gn_log "valgrind: $(grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|in use at exit' "$GN_DIR/emu.log" | sed 's/^==[0-9]*== *//' | tr '\n' ';')"
fi
gn_pass
