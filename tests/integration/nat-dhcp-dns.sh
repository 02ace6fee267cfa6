#!/bin/bash
# nat-dhcp-dns.sh - a real QEMU guest on guestnet-emu's user-mode NAT
# (-netdev user, run as nobody) gets its DHCP lease from libslirp
# (10.0.2.15, router 10.0.2.2, DNS 10.0.2.3), resolves a name through
# libslirp's DNS forwarder (10.0.2.3 -> the namespace's own dnsmasq on
# 127.0.0.1, via /etc/netns/NS/resolv.conf), and fetches a page from a web
# server on the namespace's 127.0.0.1 both by that name and at 10.0.2.2;
# the page's content is checked.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/integration/nat/nat-lib.sh
. "$(dirname "$0")/nat/nat-lib.sh"

# (busybox 1.35 wget crashes with -T; timeout(1) bounds it instead)
HTTP_PORT=8080
NAME=www.gn.test

gn_init nat-dhcp-dns
nat_dns gn.test 10.0.2.2

token="page-$$-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
nat_web "$HTTP_PORT" "$token"

cat >"$GN_DIR/script" <<SCRIPT
echo "GN-RESULT addr \$(ip -4 -o addr show dev eth0 | awk '{print \$4}')"
echo "GN-RESULT router \$(ip -4 route show default | awk '{print \$3}')"
echo "GN-RESULT dns \$(awk '/^nameserver/ {print \$2; exit}' /etc/resolv.conf)"
out=\$(nslookup $NAME 10.0.2.3 2>&1)
echo "\$out"
echo "GN-RESULT resolved \$(echo "\$out" | sed -n '/^Name:/,\$ s/^Address:* *\([0-9.]*\).*/\1/p' | head -n 1)"
echo "GN-RESULT byname \$(timeout 20 wget -q -O - http://$NAME:$HTTP_PORT/index.html)"
echo "GN-RESULT byaddr \$(timeout 20 wget -q -O - http://10.0.2.2:$HTTP_PORT/index.html)"
SCRIPT

nat_emu ""
nat_guest g dhcp "$GN_DIR/script"
gn_wait_guest g 'GN-(PASS|POWEROFF)' 120

gn_expect_result g addr 10.0.2.15/24
gn_expect_result g router 10.0.2.2
gn_expect_result g dns 10.0.2.3
gn_expect_result g resolved 10.0.2.2
grep -q "query\[A\] $NAME from 127.0.0.1" "$GN_DIR/dnsmasq.log" ||
	gn_fail "dnsmasq did not see the guest's query for $NAME"
gn_expect_result g byname "$token"
gn_expect_result g byaddr "$token"
gn_pass
