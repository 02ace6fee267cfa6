#!/bin/bash
# cidr-mtu-mac.sh - --cidr, --mtu and --macaddress with -c: the target gets
# network + 100 on a /25, the MTU and the MAC asked for, and fetches 4 MiB
# intact from a web server on the host's 127.0.0.1 through the gateway
# (network + 2) at MTU 65520 (slirp4netns' cidr and macaddress tests).
set -eu
# shellcheck source=tests/slirp4netns/s4n-lib.sh
. "$(dirname "$0")/s4n-lib.sh"

PORT=8080
MAC=0e:d4:18:d9:38:fb
s4n_init s4n-cidr-mtu-mac

mkdir -p "$GN_DIR/www"
head -c 4194304 /dev/urandom >"$GN_DIR/www/blob"
chmod -R a+rX "$GN_DIR/www"
sum=$(sha256sum <"$GN_DIR/www/blob")
s4n_web web "$GN_DIR/www" "$PORT"

s4n_target t
s4n_start s -c --cidr 10.0.135.128/25 --mtu 65520 --macaddress "$MAC" "$S4N_TARGET" tap11
s4n_wait_tap "$S4N_TARGET" tap11 "$S4N_PID"
s4n_in "$S4N_TARGET" ip -o -4 addr show dev tap11 | grep -q 'inet 10.0.135.228/25 ' ||
	gn_fail "--cidr: $(s4n_in "$S4N_TARGET" ip -o -4 addr show dev tap11)"
s4n_in "$S4N_TARGET" ip -4 route show default | grep -q '^default via 10.0.135.130 ' ||
	gn_fail "--cidr: route $(s4n_in "$S4N_TARGET" ip -4 route show)"
link=$(s4n_in "$S4N_TARGET" ip -o link show tap11)
echo "$link" | grep -q 'mtu 65520 ' || gn_fail "--mtu: $link"
echo "$link" | grep -q "link/ether $MAC " || gn_fail "--macaddress: $link"
got=$(s4n_in "$S4N_TARGET" curl -sS -m 30 "http://10.0.135.130:$PORT/blob" | sha256sum)
[ "$got" = "$sum" ] || gn_fail "4 MiB via 10.0.135.130 at MTU 65520: checksum differs"
gn_log "10.0.135.228/25, MTU 65520, $MAC; 4 MiB fetched intact via 10.0.135.130"
s4n_pass
