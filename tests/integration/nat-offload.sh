#!/bin/bash
# nat-offload.sh - segmentation offload through guestnet-emu's user-mode
# NAT (docs/nat.md, "Segmentation offload"): a netns guest at MTU 1500
# whose NIC has TSO and checksum offload, beside a stream peer on the same
# hub that gets what a wire would carry.
#
# The guest (a netns command, as nobody) at the same time downloads 1 GiB
# of natpeer.py's pattern over HTTP from the host namespace's 127.0.0.1
# (reached at 10.0.2.2) and uploads 1 GiB of it to a sink there; both
# sha256 sums must be the pattern's. Both ways must have gone as large
# frames on the guest's tap (GSO frames from the guest: TSO; from the NAT:
# its coalesced segments), and the ACK relay must have acknowledged
# slirp's segments early (the NAT's counters at exit).
#
# The stream peer (nat/segpeer.c) sees the same traffic cut into wire
# segments: every frame at most 1514 bytes, every IPv4 and TCP checksum
# right, and the two byte streams it puts back together from the segments
# are the two pattern streams (a digest of each against one of the
# pattern), with no byte missing. NAT_OFFLOAD_BYTES overrides the size.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/integration/nat/nat-lib.sh
. "$(dirname "$0")/nat/nat-lib.sh"

SIZE=${NAT_OFFLOAD_BYTES:-1073741824}
HTTP_PORT=8096
SINK_PORT=8095
LIMIT=400	# seconds for both transfers

gn_init nat-offload
command -v curl >/dev/null || gn_fail "curl missing (required)"
"${CC:-cc}" -O2 -o "$GN_DIR/segpeer" "$NAT_DIR/segpeer.c" >"$GN_DIR/cc.log" 2>&1 ||
	gn_fail "cannot build segpeer (see cc.log)"
chmod 0755 "$GN_DIR/segpeer"

want_sha=$("$GN_PY" "$NAT_PEER" pattern-sha "$SIZE")
want_up=$("$GN_PY" "$NAT_PEER" pattern-out "$SIZE" | "$GN_DIR/segpeer" --digest)
want_down=$("$GN_PY" "$NAT_PEER" pattern-out "$SIZE" --http | "$GN_DIR/segpeer" --digest)
gn_log "pattern of $SIZE bytes: sha256 $want_sha; digests: up '$want_up', down (with the HTTP header) '$want_down'"

gn_bg web "$GN_PY" "$NAT_PEER" http-pattern "$HTTP_PORT" "$SIZE"
gn_wait_listen tcp "$HTTP_PORT" 15 "$GN_LAST_PID"
gn_bg sink "$GN_PY" "$NAT_PEER" sha-sink "$SINK_PORT"
gn_wait_listen tcp "$SINK_PORT" 15 "$GN_LAST_PID"

cat >"$GN_DIR/guest.sh" <<SCRIPT
#!/bin/bash
# runs inside the netns guest, as nobody: waits for the stream peer, then
# downloads and uploads at once
for i in \$(seq 300); do [ -e $GN_DIR/peer.ready ] && break; sleep 0.1; done
ip -o link show eth0 | sed 's/^/GN-LINK /'
set -o pipefail
curl -sS --max-time $LIMIT http://10.0.2.2:$HTTP_PORT/pattern | sha256sum |
	sed 's/ .*//; s/^/GN-DOWN /' &
down=\$!
$GN_PY $NAT_PEER pattern-send 10.0.2.2 $SINK_PORT $SIZE | sed 's/^/GN-UP /'
up=\$?
wait \$down && [ \$up = 0 ]
SCRIPT
chmod 0755 "$GN_DIR/guest.sh"

gn_bg emu "$GUESTNET_EMU" -v -netdev user,id=u \
	-netdev netns,id=g,addr=10.0.2.100/24,gateway=10.0.2.2 \
	-netdev "$(gn_unix_server p)" -- "$GN_DIR/guest.sh"
gn_log "started emu (pid $GN_LAST_PID): user, netns guest at MTU 1500, stream peer p"
gn_wait_path "$GN_DIR/p.sock" 10 "$GN_LAST_PID"
gn_bg peer "$GN_DIR/segpeer" "$GN_DIR/p.sock" 1514 "$HTTP_PORT" "$SINK_PORT"
for i in $(seq 100); do
	grep -q '^connected' "$GN_DIR/peer.log" && break
	sleep 0.1
done
grep -q '^connected' "$GN_DIR/peer.log" || gn_fail "the stream peer did not connect: $(cat "$GN_DIR/peer.log")"
touch "$GN_DIR/peer.ready"
gn_log "stream peer connected; the guest starts"

gn_reap emu $((LIMIT + 60)) "the transfers, its netns command"
log=$GN_DIR/emu.log
grep -q 'GN-LINK .*mtu 1500 ' "$log" || gn_fail "the guest's eth0 is not at MTU 1500: $(grep -m1 GN-LINK "$log")"
got=$(grep -m1 '^GN-DOWN ' "$log" | cut -d' ' -f2) || true
[ "$got" = "$want_sha" ] || gn_fail "download: sha256 '$got', expected $want_sha"
for i in $(seq 100); do
	grep -q '^received ' "$GN_DIR/sink.log" && break
	sleep 0.1
done
got=$(grep -m1 '^received ' "$GN_DIR/sink.log") || gn_fail "the sink reported nothing"
[ "$got" = "received $SIZE sha256 $want_sha" ] ||
	gn_fail "upload: the host got '$got', expected $SIZE bytes with sha256 $want_sha"
gn_log "both ways intact: sha256 $want_sha"

# Large frames on the tap both ways, early acknowledgements
tap=$(grep -m1 ' port g type=tap ' "$log") || gn_fail "no counters of port g at exit"
user=$(grep -m1 ' port u type=user ' "$log") || gn_fail "no counters of port u at exit"
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$2"; }
rx_avg=$(( $(field rx_bytes "$tap") / $(field rx_frames "$tap") ))
tx_avg=$(( $(field tx_bytes "$tap") / $(field tx_frames "$tap") ))
early=$(sed -n 's/.* \([0-9]*\) acked early.*/\1/p' <<<"$user")
gn_log "tap: frames from the guest $rx_avg bytes on average, to it $tx_avg; relay: ${early:-?} segments acknowledged early"
[ "$rx_avg" -gt 4000 ] || gn_fail "the guest's frames average $rx_avg bytes: no TSO ($tap)"
[ "$tx_avg" -gt 4000 ] || gn_fail "the frames to the guest average $tx_avg bytes: no coalescing ($tap)"
[ "${early:-0}" -gt 0 ] || gn_fail "the ACK relay acknowledged nothing early ($user)"
if grep -q 'drop_bad-offload=[1-9]' "$log"; then
	gn_fail "frames dropped as bad offload: $(grep -m1 'drop_bad-offload=[1-9]' "$log")"
fi

# The stream peer: what a wire carries
gn_wait_exit "$(gn_pid peer)" 30 || gn_fail "the stream peer did not end after the emulator"
sum=$(grep -m1 '^frames=' "$GN_DIR/peer.log") || gn_fail "no summary from the stream peer: $(tail -n 3 "$GN_DIR/peer.log")"
gn_log "stream peer: $sum"
[ "$(field maxlen " $sum")" -le 1514 ] || gn_fail "the stream peer got frames over 1514 bytes: $sum"
[ "$(field oversize " $sum")" = 0 ] || gn_fail "the stream peer got frames over 1514 bytes: $sum"
[ "$(field badsum " $sum")" = 0 ] || gn_fail "the stream peer got wrong checksums: $sum"
up=$(grep -m1 "^flow port=$SINK_PORT dir=up " "$GN_DIR/peer.log") || gn_fail "no upload flow in peer.log"
down=$(grep -m1 "^flow port=$HTTP_PORT dir=down " "$GN_DIR/peer.log") || gn_fail "no download flow in peer.log"
gn_log "stream peer: $up; $down"
case "$up" in
*" $want_up holes=0") ;;
*) gn_fail "the upload as the stream peer saw it: '$up', expected '$want_up holes=0'" ;;
esac
case "$down" in
*" $want_down holes=0") ;;
*) gn_fail "the download as the stream peer saw it: '$down', expected '$want_down holes=0'" ;;
esac
if grep -q 'port p.* drop_queue-full=[1-9]' "$log"; then
	gn_fail "frames for the stream peer were dropped: $(grep -m1 'port p.* drop_queue-full' "$log")"
fi
gn_pass
