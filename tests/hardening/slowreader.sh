#!/bin/bash
# slowreader.sh - a stream peer that stops reading never blocks the others.
#
# On one hub: guest A (virtio, unix stream) pings guest B (e1000, unix
# stream) every 0.2 s; on the emulator's TCP listen port, gn-loadgen
# (bench/hub) runs an `idle` peer (connects, never reads), a `recv` peer and
# a `send` peer flooding 1514-byte frames to the recv peer for 20 s
# (GN_SLOW_SECONDS) — a hub floods them to every port, the idle peer too.
# Shows: the guests keep full service (no gap between echo replies over
# 1 s, no reply slower than 1 s, at most 2 lost); the recv peer keeps
# receiving (gn-loadgen's RESULT); the idle peer's port counts
# drop_queue-full (query-ports over -control) and its queue stays within
# its bound (16384 frames, 4 MiB); the emulator's RSS stays below its start
# + 48 MiB (the bounded queues and the 64-chunk pool; 160 MiB in a
# sanitizer build); it is alive and exits 0 on SIGTERM.
# GN_LOADGEN: path of gn-loadgen (from tests/hardening/meson.build).
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/lib/pair.sh
. "$(dirname "$0")/../lib/pair.sh"

PORT=8071
SECS=${GN_SLOW_SECONDS:-20}
MAXLOST=${GN_SLOW_MAXLOST:-2}

# stuck_port - "ID DROPS QUEUED QUEUED-BYTES" of the listener peer with the
# most drop_queue-full (the idle one), or nothing
stuck_port() {
	gn_ctl --raw "$GN_DIR/ctl.sock" query-ports | "$GN_PY" -c '
import json, sys
ps = [p for p in json.load(sys.stdin)["return"] if p["id"].startswith("p.")]
if ps:
    p = max(ps, key=lambda p: p["drops"]["queue-full"])
    print(p["id"], p["drops"]["queue-full"], p["queued"], p["queued-bytes"])'
}

gn_init slowreader
[ -n "${GN_LOADGEN:-}" ] && [ -x "$GN_LOADGEN" ] ||
	gn_fail "GN_LOADGEN (bench/hub/gn-loadgen) not set or not built"

pair_boot_with_listener "$PORT"
EMU=$PAIR_EMU
sleep 1
rss0=$(gn_rss_kb "$EMU")
seq0=$(pair_last_seq)
gn_log "baseline: RSS $rss0 KiB, ping seq $seq0"

# idle = connection 0 (p.1), recv = 1, send = 2 to recv
gn_bg loadgen "$GN_LOADGEN" -s 1514 -t "$SECS" -w 1 \
	"idle@127.0.0.1:$PORT" "recv@127.0.0.1:$PORT" "send@127.0.0.1:$PORT,dst=1"
LG=$GN_LAST_PID
rssmax=0 drops=0 qmax=0 qbmax=0 stuck=
while gn_alive "$LG"; do
	gn_alive "$EMU" || gn_fail "emulator died under the flood"
	rss=$(gn_rss_kb "$EMU")
	[ "$rss" -le "$rssmax" ] || rssmax=$rss
	read -r id d q qb < <(stuck_port) || true
	if [ -n "${id:-}" ] && [ "$d" -gt "$drops" ]; then
		stuck=$id drops=$d
	fi
	[ "${q:-0}" -le "$qmax" ] || qmax=$q
	[ "${qb:-0}" -le "$qbmax" ] || qbmax=$qb
	sleep 0.5
done
wait "$LG" || gn_fail "gn-loadgen failed: $(tail -n 3 "$GN_DIR/loadgen.log")"
seq1=$(pair_last_seq)
gn_log "gn-loadgen: $(grep RESULT "$GN_DIR/loadgen.log")"
gn_log "flood over: RSS max $rssmax KiB (start $rss0); stuck port $stuck: drop_queue-full $drops, queue max $qmax frames / $qbmax bytes"
[ "$drops" -gt 0 ] || gn_fail "no drop_queue-full counted at the idle peer's port"
[ "$qmax" -le 16384 ] && [ "$qbmax" -le $((4 * 1024 * 1024)) ] ||
	gn_fail "a queue went past its bound: $qmax frames, $qbmax bytes"

pair_check_window guests "$seq0" "$seq1" "$MAXLOST" $((SECS * 4))
limit=49152
[ "${GN_SANITIZED:-none}" = none ] || limit=163840
[ "$rssmax" -le $((rss0 + limit)) ] || gn_fail "RSS reached $rssmax KiB (start $rss0, limit +$limit)"
gn_pass
