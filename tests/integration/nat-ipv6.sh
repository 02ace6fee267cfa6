#!/bin/bash
# nat-ipv6.sh - IPv6 through guestnet-emu's user-mode NAT (emulator run as
# nobody): a real QEMU guest configures an address by SLAAC from
# libslirp's router advertisements (default prefix fec0::/64), pings the
# NAT's host address fec0::2, and fetches a page over IPv6 from a web
# server on the host namespace's ::1 at http://[fec0::2]:PORT/ (libslirp
# maps its host address to the host's loopback); content checked.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/integration/nat/nat-lib.sh
. "$(dirname "$0")/nat/nat-lib.sh"

HTTP_PORT=8080

gn_init nat-ipv6
token="v6-page-$$-$RANDOM"
nat_web "$HTTP_PORT" "$token" ::1

cat >"$GN_DIR/script" <<SCRIPT
# SLAAC: wait up to 30 s for a fec0:: address (scope site) that passed DAD
i=0
while :; do
	a=\$(ip -6 addr show dev eth0 | grep -v tentative |
		awk '\$1 == "inet6" && \$2 ~ /^fec0::/ {print \$2; exit}')
	[ -n "\$a" ] && break
	i=\$((i + 1))
	[ \$i -le 60 ] || break
	usleep 500000
done
echo "GN-RESULT addr6 \${a:-none}"
echo "GN-RESULT route6 \$(ip -6 route show default | awk '{print \$3; exit}')"
out=\$(ping6 -c 3 -W 3 fec0::2 2>&1)
echo "\$out"
echo "GN-RESULT ping6 \$(echo "\$out" | sed -n 's/.* \([0-9]*\) packets received.*/\1/p')"
echo "GN-RESULT http6 \$(timeout 20 wget -q -O - 'http://[fec0::2]:$HTTP_PORT/index.html')"
SCRIPT

nat_emu ""
nat_guest g dhcp "$GN_DIR/script"
gn_wait_guest g 'GN-(PASS|POWEROFF)' 120

addr=$(gn_result g addr6)
gn_log "guest's SLAAC address: $addr, default route via $(gn_result g route6)"
case "$addr" in
fec0::*/64) ;;
*) gn_fail "guest has no SLAAC address in fec0::/64 (got '$addr')" ;;
esac
n=$(gn_result g ping6)
gn_log "ping6 fec0::2: $n of 3 answered"
[ "$n" = 3 ] || gn_fail "ping6 fec0::2: '$n' of 3 answered"
got=$(gn_result g http6)
gn_log "http://[fec0::2]:$HTTP_PORT/: '$got'"
[ "$got" = "$token" ] || gn_fail "IPv6 fetch got '$got', expected '$token'"
grep -q '^::1 .*GET /index.html' "$GN_DIR/web.log" ||
	gn_fail "the web server on ::1 logged no request"
gn_pass
