#!/bin/bash
# hostile.sh - hostile peers on the emulator's socket listen port cost only
# their own connection, while two real guests keep pinging.
#
# Guest A (virtio, unix stream port) pings guest B (e1000, connected to the
# emu's -netdev socket,listen=) every 0.2 s.  Meanwhile peers connect to
# that same listen port and send: garbage, a length prefix of 0, of 69633,
# of 2^32-1 (each on its own connection), a maximum-size valid frame (69632
# bytes, must be accepted), a frame cut off mid-way (clean close and RST),
# a header split in 1-byte writes followed by a valid ARP request (guest A
# must answer it), and 64 peers connecting and leaving, 5 rounds.  After
# each, A's replies must keep flowing; at the end the emulator must be
# alive with the same fd count and a flat RSS (a sanitizer build gets a
# larger RSS margin: its allocator quarantines freed memory).
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/lib/pair.sh
. "$(dirname "$0")/../lib/pair.sh"

PORT=8011

# expect_flow BEFORE WHAT - A's replies must grow by 3 within 5 s
expect_flow() {
	pair_expect_flow "$1" "$2" "$EMU"
}

# hostile KIND [ARGS] - run one hostile peer, then check the pings flow
hostile() {
	local before
	before=$(pair_replies)
	gn_peer hostile "$@" --port "$PORT" >>"$GN_DIR/peers.log" 2>&1 ||
		gn_fail "hostile peer '$*': $(tail -n 2 "$GN_DIR/peers.log")"
	expect_flow "$before" "hostile peer $1"
	gn_log "hostile $1: $(tail -n 1 "$GN_DIR/peers.log"); replies $before -> $(pair_replies)"
}

# arp_probe [--split] - a peer's ARP request must reach guest A and its
# reply come back (the frame was parsed intact)
arp_probe() {
	local before
	before=$(pair_replies)
	gn_peer arp --port "$PORT" --mac 02:00:00:00:00:99 --sip 10.0.0.99 \
		--tip "$PAIR_IP_A" "$@" >>"$GN_DIR/peers.log" 2>&1 ||
		gn_fail "arp probe $*: $(tail -n 1 "$GN_DIR/peers.log")"
	expect_flow "$before" "arp probe $*"
	gn_log "arp probe $*: $(tail -n 1 "$GN_DIR/peers.log")"
}

# all_hostile ROUNDS - every kind of hostile peer once, churn ROUNDS rounds
all_hostile() {
	hostile garbage
	hostile len0
	hostile len69633
	hostile lenmax
	hostile big
	hostile vanish
	hostile vanish-rst
	arp_probe --split
	hostile churn --peers 64 --rounds "$1"
}

# rss_margin - allowed RSS growth in KiB
rss_margin() {
	if [ "${GN_SANITIZED:-none}" != none ] ||
		grep -q 'libasan\|libubsan' "/proc/$EMU/maps" 2>/dev/null; then
		echo 16384
	else
		echo 512
	fi
}

gn_init hostile
gn_emu emu -netdev "$(gn_unix_server a)" -netdev "socket,id=b,listen=127.0.0.1:$PORT"
EMU=$GN_LAST_PID
gn_wait_path "$GN_DIR/a.sock" 10 "$EMU"
gn_wait_listen tcp "$PORT" 10 "$EMU"
pair_boot "socket,id=n,connect=127.0.0.1:$PORT" 600
expect_flow "$(pair_replies)" "start"
arp_probe

# Warm-up round: first-use allocations are not leaks.
all_hostile 1

sleep 1
fds0=$(gn_fd_count "$EMU")
rss0=$(gn_rss_kb "$EMU")
gn_log "baseline: $fds0 fds, RSS $rss0 KiB"

all_hostile 5
gn_alive "$EMU" || gn_fail "emulator died"
gn_settle_fds "$EMU" "$fds0" 5 ||
	gn_fail "fd leak: $fds0 fds before, $(gn_fd_count "$EMU") after ($(ls -l "/proc/$EMU/fd" | tail -n +2 | awk '{print $NF}' | sort | uniq -c | tr '\n' ' '))"
rss1=$(gn_rss_kb "$EMU")
gn_log "after: $(gn_fd_count "$EMU") fds, RSS $rss1 KiB (margin $(rss_margin) KiB)"
[ "$rss1" -le $((rss0 + $(rss_margin))) ] ||
	gn_fail "RSS grew from $rss0 to $rss1 KiB"
expect_flow "$(pair_replies)" "the end"

sent=$(pair_last_seq)
got=$(pair_replies)
gn_log "guest A: $got replies to $((sent + 1)) pings"
[ $((got * 100)) -ge $(((sent + 1) * 90)) ] ||
	gn_fail "guest A lost more than 10% of its pings ($got of $((sent + 1)))"
gn_pass
