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

# nat_init NAME - gn_init plus our own cleanup (the /etc/netns entry)
nat_init() {
	gn_init "$1"
	trap nat_cleanup EXIT
}

# nat_cleanup - EXIT trap: remove /etc/netns/NS, then gn_cleanup
nat_cleanup() {
	local rc=$?
	set +e
	if [ -n "$NAT_NETNS_ETC" ]; then
		rm -rf "$NAT_NETNS_ETC"
		rmdir /etc/netns 2>/dev/null || true
	fi
	(exit $rc)
	gn_cleanup
}

# nat_dns DOMAIN ADDR - dnsmasq on 127.0.0.1:53 in the namespace, the
# namespace's only nameserver, answering every name under DOMAIN with ADDR
nat_dns() {
	NAT_NETNS_ETC=/etc/netns/$GN_NS
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

# nat_http NAME DIR PORT [BIND] - python3 http.server on BIND (127.0.0.1)
nat_http() {
	gn_bg "$1" "$GN_PY" -m http.server --bind "${4:-127.0.0.1}" \
		--directory "$2" "$3"
	gn_wait_listen tcp "$3" 15 "$GN_LAST_PID"
	gn_log "http server $1 on ${4:-127.0.0.1}:$3 serving $2"
}

# nat_emu USER-KEYS [EMU-ARGS...] - guestnet-emu "emu" with -netdev
# user,id=u,USER-KEYS (USER-KEYS may be empty) and a unix stream server
# port a.sock for a QEMU guest; waits for the socket
nat_emu() {
	local keys=$1
	shift
	gn_emu emu -netdev "user,id=u${keys:+,$keys}" \
		-netdev "stream,id=a,server=on,addr.type=unix,addr.path=$GN_DIR/a.sock" \
		"$@"
	gn_wait_path "$GN_DIR/a.sock" 10 "$GN_LAST_PID"
}

# nat_guest NAME IP SCRIPT [QEMU-ARGS...] - QEMU guest (virtio-net) on the
# emulator's a.sock; IP is dhcp or ADDR/LEN
nat_guest() {
	local name=$1 ip=$2 script=$3
	shift 3
	gn_guest "$name" "$(gn_addr_mac 15)" virtio-net-pci "$ip" "$script" \
		-netdev "stream,id=n,server=off,addr.type=unix,addr.path=$GN_DIR/a.sock" \
		"$@"
}

# nat_peer ARGS... - run natpeer.py as nobody in the namespace
# nat_wait_command WHAT PID SECONDS LOG - wait for an emulator that runs a
# netns command (gn_bg PID) to end; it must end within SECONDS, exit 0 (the
# command's status) and leave no sanitizer report in LOG
nat_wait_command() {
	local what=$1 pid=$2 secs=$3 log=$4 i=0 rc=0
	while gn_alive "$pid"; do
		i=$((i + 1))
		[ $i -le $((secs * 10)) ] || gn_fail "$what did not end within $secs s"
		sleep 0.1
	done
	wait "$pid" || rc=$?
	[ $rc -eq 0 ] || gn_fail "$what: guestnet-emu exited with status $rc (the netns command's status)"
	if grep -Eq 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$log"; then
		gn_fail "$what: sanitizer report in $log"
	fi
}

nat_peer() {
	gn_run "$GN_PY" "$NAT_PEER" "$@"
}

# nat_result NAME KEY - print the value of the guest's "GN-RESULT KEY VALUE"
# console line (the last one)
nat_result() {
	sed -n "s/^GN-RESULT $2 //p" "$GN_DIR/$1.serial" | tr -d '\r' | tail -n 1
}

# nat_udpecho OUT - build nat/udpecho.c (static, no libc; for the guest) into OUT
nat_udpecho() {
	"${CC:-cc}" -static -nostdlib -ffreestanding -fno-tree-loop-distribute-patterns -fno-stack-protector -Os -s -o "$1" "$NAT_DIR/udpecho.c" >"$GN_DIR/cc.log" 2>&1 ||
		gn_fail "cannot build a static udpecho (see cc.log)"
	chmod 0755 "$1"
}
