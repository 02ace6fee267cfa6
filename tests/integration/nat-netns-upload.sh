#!/bin/bash
# nat-netns-upload.sh - bulk TCP from a netns guest to the host through
# guestnet-emu's user-mode NAT at MTU 65520, where the window-scaling relay
# (emu/tcpwin.c) holds the guest's segments that do not fit libslirp's own
# window and feeds them in order as slirp acknowledges.  The guest (a netns
# command run by the emulator as nobody) sends 512 MiB of natpeer.py's
# pattern to a sink on the host namespace's 127.0.0.1 (reached at
# 10.0.2.2); the sink's length and sha256 must equal the pattern's, and the
# guest's socket must have agreed on window scale 4 with "slirp".  A second
# run has a slow reader: the sink takes its first 8 MiB at about 3 MiB/s, so
# slirp's window closes again and again while the relay holds segments; it
# must deliver intact and finish soon after the reader speeds up (the relay
# probes slirp for its window instead of waiting for the guest to time
# out).  A third, short run with wscale=off must agree on no scaling and
# deliver intact too.
# NAT_UPLOAD_BYTES overrides the size of the first run.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/integration/nat/nat-lib.sh
. "$(dirname "$0")/nat/nat-lib.sh"

LIMIT=240	# seconds for one upload

gn_init nat-netns-upload

# upload NAME SIZE WSCALE_KEY PORT [SINK_ARG...] : one run; sets UP_LOG
# (the emulator's log)
upload() {
	local name=$1 size=$2 key=$3 port=$4 want i got
	shift 4
	want=$("$GN_PY" "$NAT_PEER" pattern-sha "$size")
	gn_bg "sink-$name" "$GN_PY" "$NAT_PEER" sha-sink "$port" "$@"
	gn_wait_listen tcp "$port" 15 "$GN_LAST_PID"
	gn_bg "emu-$name" "$GUESTNET_EMU" -netdev "user,id=u,mtu=65520$key" \
		-netdev netns,id=g,mtu=65520,addr=10.0.2.100/24,gateway=10.0.2.2 \
		-- "$GN_PY" "$NAT_PEER" pattern-send 10.0.2.2 "$port" "$size"
	UP_LOG=$GN_DIR/emu-$name.log
	gn_log "$name: emu (pid $GN_LAST_PID) -netdev user,mtu=65520$key; guest sends $size bytes"
	gn_reap "emu-$name" $((LIMIT + 30)) "the upload, its netns command"
	for i in $(seq 100); do
		grep -q '^received ' "$GN_DIR/sink-$name.log" && break
		sleep 0.1
	done
	got=$(grep -m1 '^received ' "$GN_DIR/sink-$name.log") || gn_fail "$name: the sink reported nothing"
	gn_log "$name: sink: $got"
	[ "$got" = "received $size sha256 $want" ] ||
		gn_fail "$name: the host got '$got', expected $size bytes with sha256 $want"
}

t0=$(date +%s.%N)
upload relay "${NAT_UPLOAD_BYTES:-536870912}" "" 8091
t1=$(date +%s.%N)
grep -q '^wscale on snd=4 ' "$UP_LOG" ||
	gn_fail "the guest did not agree on window scale 4: $(grep -m1 '^wscale' "$UP_LOG" || echo none)"
gn_log "relay: $(grep -m1 '^wscale' "$UP_LOG"); $(awk -v a="$t0" -v b="$t1" -v s="${NAT_UPLOAD_BYTES:-536870912}" \
	'BEGIN { printf "%.2f Gbit/s end to end (python sender and sink)", s * 8 / (b - a) / 1e9 }')"

t0=$(date +%s.%N)
upload slow 33554432 "" 8093 --slow 8388608
t1=$(date +%s.%N)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
gn_log "slow reader: 32 MiB (the first 8 slowly) in $secs s"
awk -v s="$secs" 'BEGIN { exit !(s < 30) }' ||
	gn_fail "with a slow reader the upload took $secs s (a stall: expected well under 30 s)"

upload off 8388608 ",wscale=off" 8092
grep -q '^wscale off ' "$UP_LOG" ||
	gn_fail "with wscale=off the guest still scaled: $(grep -m1 '^wscale' "$UP_LOG" || echo none)"
gn_pass
