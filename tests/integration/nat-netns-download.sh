#!/bin/bash
# nat-netns-download.sh - bulk TCP through guestnet-emu's user-mode NAT
# with a netns guest (no QEMU): the emulator, run as nobody, runs curl in
# a new user+net namespace behind -netdev netns (10.0.2.100/24, gateway
# 10.0.2.2), which downloads 1 GiB over HTTP from a server on the host
# namespace's 127.0.0.1 (reached at 10.0.2.2) and pipes it to sha256sum.
# The digest must equal the one computed locally for the same
# deterministic stream (natpeer.py's pattern: 1 MiB pseudo-random blocks,
# each numbered), the emulator must exit with the command's status 0, and
# the throughput is printed.  NAT_DOWNLOAD_BYTES overrides the size.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/integration/nat/nat-lib.sh
. "$(dirname "$0")/nat/nat-lib.sh"

SIZE=${NAT_DOWNLOAD_BYTES:-1073741824}
HTTP_PORT=8080
LIMIT=240	# seconds for the download

gn_init nat-netns-download
command -v curl >/dev/null || gn_fail "curl missing (required)"
want=$("$GN_PY" "$NAT_PEER" pattern-sha "$SIZE")
gn_log "expected sha256 of $SIZE pattern bytes: $want"
gn_bg web "$GN_PY" "$NAT_PEER" http-pattern "$HTTP_PORT" "$SIZE"
gn_wait_listen tcp "$HTTP_PORT" 15 "$GN_LAST_PID"

cat >"$GN_DIR/fetch.sh" <<SCRIPT
#!/bin/bash
# runs inside the netns guest, as nobody
set -o pipefail
curl -sS --max-time $LIMIT \
	-w '%{stderr}GN-CURL size=%{size_download} speed=%{speed_download} time=%{time_total}\n' \
	http://10.0.2.2:$HTTP_PORT/pattern | sha256sum | cut -d' ' -f1
SCRIPT
chmod 0755 "$GN_DIR/fetch.sh"

echo "$GUESTNET_EMU -netdev user,id=u -netdev netns,id=g,addr=10.0.2.100/24,gateway=10.0.2.2 -- $GN_DIR/fetch.sh" \
	>"$GN_DIR/emu.cmd"
gn_bg emu "$GUESTNET_EMU" -netdev user,id=u \
	-netdev netns,id=g,addr=10.0.2.100/24,gateway=10.0.2.2 \
	-- "$GN_DIR/fetch.sh"
gn_log "started emu (pid $GN_LAST_PID) with a netns guest running fetch.sh"
gn_reap emu $((LIMIT + 30)) "the download, its netns command"
stats=$(grep -m1 '^GN-CURL ' "$GN_DIR/emu.log") || gn_fail "no curl statistics in emu.log"
got=$(grep -Ex '[0-9a-f]{64}' "$GN_DIR/emu.log" | tail -n 1)
gn_log "netns guest: sha256 $got; $stats"
case "$stats" in
*" size=$SIZE "*) ;;
*) gn_fail "curl got a different size than $SIZE: $stats" ;;
esac
[ "$got" = "$want" ] || gn_fail "sha256 of the download is '$got', expected $want"
speed=${stats#* speed=}
speed=${speed%% *}
secs=${stats##* time=}
gn_log "$(awk -v b="$speed" -v t="$secs" -v s="$SIZE" \
	'BEGIN { printf "throughput: %d MiB in %.2f s = %.0f MiB/s (%.2f Gbit/s)", s / 1048576, t, b / 1048576, b * 8 / 1e9 }')"
grep -q "^sent $SIZE" "$GN_DIR/web.log" || gn_fail "the server did not report sending $SIZE bytes"
gn_pass
