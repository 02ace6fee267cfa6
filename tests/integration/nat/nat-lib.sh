# shellcheck shell=bash
# nat-lib.sh - shared parts of the nat-*.sh tests (bash; source after gn.sh)
#
# guestnet-emu's user-mode NAT (-netdev user, libslirp) with the test
# namespace as the "host": host services listen on 127.0.0.1 (or ::1)
# there and the guest reaches them at 10.0.2.2 (fec0::2).  DNS: the
# namespace gets its own resolv.conf (/etc/netns/NS/resolv.conf, which
# `ip netns exec` bind-mounts over /etc/resolv.conf) naming a dnsmasq on
# 127.0.0.1 inside the namespace; the machine's resolv.conf is untouched.

NAT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NAT_PEER=$NAT_DIR/natpeer.py
NAT_NETNS_ETC=

# nat_dns_cleanup - gn_at_exit hook: remove /etc/netns/NS (and /etc/netns
# if that leaves it empty)
nat_dns_cleanup() {
	rm -rf "$NAT_NETNS_ETC"
	rmdir /etc/netns 2>/dev/null || true
}

# nat_dns DOMAIN ADDR - dnsmasq on 127.0.0.1:53 in the namespace, the
# namespace's only nameserver, answering every name under DOMAIN with ADDR
nat_dns() {
	NAT_NETNS_ETC=/etc/netns/$GN_NS
	gn_at_exit nat_dns_cleanup
	mkdir -p "$NAT_NETNS_ETC"
	echo 'nameserver 127.0.0.1' >"$NAT_NETNS_ETC/resolv.conf"
	chmod 0644 "$NAT_NETNS_ETC/resolv.conf"
	command -v dnsmasq >/dev/null || gn_fail "dnsmasq missing (install dnsmasq-base)"
	# dnsmasq binds port 53, so it starts as root and drops to nobody
	gn_ns dnsmasq --no-resolv --no-hosts --address="/$1/$2" \
		--listen-address=127.0.0.1 --bind-interfaces -k --user=nobody \
		--group=nogroup --log-queries --log-facility=- \
		--pid-file="$GN_DIR/dnsmasq.pid" >"$GN_DIR/dnsmasq.log" 2>&1 &
	GN_PIDS+=("$!")
	GN_NAMES+=(dnsmasq)
	echo "$!" >"$GN_DIR/dnsmasq-main.pid"
	gn_wait_listen udp 53 10 "$!"
	gn_log "dnsmasq on 127.0.0.1:53: *.$1 -> $2"
}

# nat_web PORT PAGE [BIND] - web server "web" (python3 http.server, log
# web.log) on BIND (127.0.0.1):PORT serving index.html holding the line PAGE
nat_web() {
	mkdir "$GN_DIR/www"
	echo "$2" >"$GN_DIR/www/index.html"
	chmod -R a+rX "$GN_DIR/www"
	gn_bg web "$GN_PY" -m http.server --bind "${3:-127.0.0.1}" \
		--directory "$GN_DIR/www" "$1"
	gn_wait_listen tcp "$1" 15 "$GN_LAST_PID"
	gn_log "http server web on ${3:-127.0.0.1}:$1: index.html '$2'"
}

# nat_emu USER-KEYS [EMU-ARGS...] - guestnet-emu "emu" with -netdev
# user,id=u,USER-KEYS (USER-KEYS may be empty) and a unix stream server
# port a.sock for a QEMU guest; waits for the socket
nat_emu() {
	local keys=$1
	shift
	gn_emu emu -netdev "user,id=u${keys:+,$keys}" -netdev "$(gn_unix_server a)" "$@"
	gn_wait_path "$GN_DIR/a.sock" 10 "$GN_LAST_PID"
}

# nat_guest NAME IP SCRIPT [QEMU-ARGS...] - QEMU guest (virtio-net) on the
# emulator's a.sock; IP is dhcp or ADDR/LEN
nat_guest() {
	local name=$1 ip=$2 script=$3
	shift 3
	gn_guest "$name" "$(gn_addr_mac 15)" virtio-net-pci "$ip" "$script" \
		-netdev "$(gn_unix_client a)" "$@"
}

# nat_peer ARGS... - run natpeer.py as nobody in the namespace
nat_peer() {
	gn_run "$GN_PY" "$NAT_PEER" "$@"
}

# nat_expect_line PORT TEXT - the line TEXT sent to the host forward on
# 127.0.0.1:PORT must come back from the guest's service (nat_line_service,
# or natpeer.py tcp-echo) as "guest-got:TEXT"
nat_expect_line() {
	local got
	got=$(nat_peer tcp-talk 127.0.0.1 "$1" "$2") || gn_fail "forward 127.0.0.1:$1: no answer"
	gn_log "forward 127.0.0.1:$1 -> guest answered '$got'"
	[ "$got" = "guest-got:$2" ] ||
		gn_fail "forward 127.0.0.1:$1 answered '$got', expected 'guest-got:$2'"
}

# nat_line_service PORT - guest script lines: a TCP service on PORT that
# answers a line with "guest-got:LINE" (busybox nc -ll -e), then the
# marker GN-LISTENING
nat_line_service() {
	cat <<SCRIPT
cat >/tmp/line <<'EOS'
#!/bin/sh
read -r line
echo "guest-got:\$line"
EOS
chmod +x /tmp/line
nc -ll -p $1 -e /tmp/line &
sleep 1
gn_mark LISTENING "\$GN_NAME"
SCRIPT
}

# nat_udpecho OUT - build nat/udpecho.c (static, no libc; for the guest) into OUT
nat_udpecho() {
	"${CC:-cc}" -static -nostdlib -ffreestanding -fno-tree-loop-distribute-patterns -fno-stack-protector -Os -s -o "$1" "$NAT_DIR/udpecho.c" >"$GN_DIR/cc.log" 2>&1 ||
		gn_fail "cannot build a static udpecho (see cc.log)"
	chmod 0755 "$1"
}
