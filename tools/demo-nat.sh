#!/bin/bash
# demo-nat.sh - the main job: a real QEMU guest on guestnet-emu's
# user-mode NAT.
#
# guestnet-emu (as nobody) has a -netdev user port (libslirp) and a unix
# stream port; a QEMU guest plugs into the stream port. The guest gets a
# DHCP lease, resolves a host name through the NAT's DNS (10.0.2.3, which
# forwards to a dnsmasq of the demo), fetches a page from a web server on
# the host via 10.0.2.2, and serves a page itself, which the host fetches
# through a hostfwd. Everything runs inside a network namespace of its own
# (the "host"); nothing touches the machine's own network.
set -eu
. "$(dirname "$0")/../tests/lib/gn.sh"

say() {
	printf '\n==> %s\n' "$*"
}

gn_init demo-nat
trap 'rc=$?; set +e; rm -rf "/etc/netns/$GN_NS"; (exit $rc); gn_cleanup' EXIT
WEB_PORT=8080 FWD_PORT=8022

say "the host: a web server on 127.0.0.1:$WEB_PORT and a DNS server (dnsmasq) on 127.0.0.1"
mkdir -p "$GN_DIR/www" "/etc/netns/$GN_NS"
echo "hello from the host" >"$GN_DIR/www/index.html"
chown -R nobody:nogroup "$GN_DIR/www"
echo "nameserver 127.0.0.1" >"/etc/netns/$GN_NS/resolv.conf"
gn_ns dnsmasq --no-resolv --no-hosts --listen-address=127.0.0.1 --bind-interfaces \
	--local=/gn.test/ --address=/host.gn.test/10.0.2.2 --pid-file="$GN_DIR/dnsmasq.pid" --user=nobody \
	--log-facility="$GN_DIR/dnsmasq.log"
GN_PIDS+=("$(cat "$GN_DIR/dnsmasq.pid")")
gn_bg web "$GN_PY" -m http.server --bind 127.0.0.1 --directory "$GN_DIR/www" "$WEB_PORT"
gn_wait_listen tcp "$WEB_PORT" 10 "$GN_LAST_PID"
echo "  resolv.conf of the namespace: nameserver 127.0.0.1 (host.gn.test -> 10.0.2.2)"

say "starting guestnet-emu as nobody: -netdev user with hostfwd tcp:127.0.0.1:$FWD_PORT-:80, and a stream port"
gn_emu emu -v \
	-netdev "user,id=u,hostfwd=tcp:127.0.0.1:$FWD_PORT-:80" \
	-netdev "stream,id=a,server=on,addr.type=unix,addr.path=$GN_DIR/a.sock"
emu=$GN_LAST_PID
gn_wait_path "$GN_DIR/a.sock" 10 "$emu"

say "booting a QEMU guest (virtio-net-pci) with -netdev stream,server=off,addr.type=unix"
cat >"$GN_DIR/guest.sh" <<'S'
echo "--- guest: address and routes from DHCP"
ip -4 addr show eth0 | grep inet
ip route
cat /etc/resolv.conf
echo "--- guest: nslookup -type=a host.gn.test"
nslookup -type=a host.gn.test || exit 1
echo "--- guest: wget http://host.gn.test:8080/"
wget -q -O - http://host.gn.test:8080/ || exit 1
echo "--- guest: wget http://10.0.2.2:8080/"
wget -q -O - http://10.0.2.2:8080/ || exit 1
mkdir -p /www && echo "hello from the guest" >/www/index.html
httpd -p 80 -h /www || exit 1
gn_mark SERVING "$GN_NAME"
S
gn_guest g "$(gn_addr_mac 7)" virtio-net-pci dhcp "$GN_DIR/guest.sh" \
	-netdev "stream,id=n,server=off,addr.type=unix,addr.path=$GN_DIR/a.sock"

say "waiting for the guest (TCG boot: about 10 to 20 seconds)"
gn_wait_guest g 'GN-SERVING' 180
sed -n '/GN-DHCP/p;/--- guest/,/GN-SERVING/p' "$GN_DIR/g.serial" | grep -v '^GN-SERVING'

say "the host fetches the guest's page through the hostfwd: http://127.0.0.1:$FWD_PORT/"
page=$(gn_run "$GN_PY" -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$FWD_PORT/', timeout=10).read().decode().strip())")
echo "  $page"
[ "$page" = "hello from the guest" ] || gn_fail "hostfwd returned '$page'"

say "the emulator's counters"
kill -USR1 "$emu"
sleep 0.5
grep -E ' port (u|a\.1) ' "$GN_DIR/emu.log" | tail -2 | sed 's/^guestnet-emu: /  /'

say "done: DHCP lease, DNS, web fetch via 10.0.2.2, and a hostfwd into the guest all worked"
