#!/bin/bash
# guest-pair.sh MODE - two real QEMU guests (e1000 and virtio-net-pci, in
# two QEMU processes) ping each other through one guestnet-emu.
#
#   qemu-direct    harness self-check: no emulator, QEMU's own
#                  -netdev socket,listen= / connect= joins the guests
#   stream-socket  guest A by -netdev stream (unix, emu is the server),
#                  guest B by -netdev socket,connect= to the emu's listen=;
#                  an observer peer on a third port must see the guests'
#                  unicast pings (a hub floods)
#   dgram          both guests by -netdev dgram (inet, one port pair each)
#   switch         as stream-socket through -hub 0,mode=switch; the
#                  observer must NOT see the unicast pings once learned
#   pcap           as stream-socket with -object filter-dump on guest A's
#                  port; tcpdump -r must show ICMP echo request and reply
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"

MODE=${1:?usage: guest-pair.sh qemu-direct|stream-socket|dgram|switch|pcap}
MAC_A=$(gn_addr_mac 1)
MAC_B=$(gn_addr_mac 2)
IP_A=10.0.0.1
IP_B=10.0.0.2
PORT_B=8011   # emu's socket listen= port for guest B
PORT_O=8012   # emu's socket listen= port for the observer

# start_emu EXTRA-ARGS... - emulator with a unix stream port (A), a socket
# listen port (B) and an observer listen port
start_emu() {
	gn_emu emu "$@" \
		-netdev "$(gn_unix_server a)" \
		-netdev "socket,id=b,listen=127.0.0.1:$PORT_B" \
		-netdev "socket,id=o,listen=127.0.0.1:$PORT_O"
	local pid=$GN_LAST_PID
	gn_wait_path "$GN_DIR/a.sock" 10 "$pid"
	gn_wait_listen tcp "$PORT_B" 10 "$pid"
	gn_wait_listen tcp "$PORT_O" 10 "$pid"
}

# boot_stream_socket - guests A (stream) and B (socket connect) on the emu
boot_stream_socket() {
	gn_guest a "$MAC_A" e1000 "$IP_A/24" "$GN_DIR/ping-a" \
		-netdev "$(gn_unix_client a)"
	gn_guest b "$MAC_B" virtio-net-pci "$IP_B/24" "$GN_DIR/ping-b" \
		-netdev "socket,id=n,connect=127.0.0.1:$PORT_B"
}

# boot_dgram - guests A and B each on their own dgram port pair
boot_dgram() {
	gn_emu emu \
		-netdev dgram,id=a,local.type=inet,local.host=127.0.0.1,local.port=9101,remote.type=inet,remote.host=127.0.0.1,remote.port=9001 \
		-netdev dgram,id=b,local.type=inet,local.host=127.0.0.1,local.port=9102,remote.type=inet,remote.host=127.0.0.1,remote.port=9002
	gn_wait_listen udp 9101 10 "$GN_LAST_PID"
	gn_wait_listen udp 9102 10 "$GN_LAST_PID"
	gn_guest a "$MAC_A" e1000 "$IP_A/24" "$GN_DIR/ping-a" \
		-netdev dgram,id=n,local.type=inet,local.host=127.0.0.1,local.port=9001,remote.type=inet,remote.host=127.0.0.1,remote.port=9101
	gn_guest b "$MAC_B" virtio-net-pci "$IP_B/24" "$GN_DIR/ping-b" \
		-netdev dgram,id=n,local.type=inet,local.host=127.0.0.1,local.port=9002,remote.type=inet,remote.host=127.0.0.1,remote.port=9102
}

# boot_qemu_direct - guest A listens, guest B connects; no emulator
boot_qemu_direct() {
	gn_guest a "$MAC_A" e1000 "$IP_A/24" "$GN_DIR/ping-a" \
		-netdev "socket,id=n,listen=127.0.0.1:$PORT_B"
	gn_wait_listen tcp "$PORT_B" 10 "$GN_LAST_PID"
	gn_guest b "$MAC_B" virtio-net-pci "$IP_B/24" "$GN_DIR/ping-b" \
		-netdev "socket,id=n,connect=127.0.0.1:$PORT_B"
}

# observe - watch the observer port while the guests ping; print the
# number of unicast frames seen from guest A plus guest B
observe() {
	gn_wait_guest a 'GN-PINGING' 90
	gn_peer listen --port "$PORT_O" --mac 02:00:00:00:00:0f --time 2 \
		>"$GN_DIR/observer.log" 2>&1 || gn_fail "observer peer failed"
	awk -v a="$MAC_A" -v b="$MAC_B" \
		'$1 == "unicast" && ($2 == a || $2 == b) { n += $3 } END { print n + 0 }' \
		"$GN_DIR/observer.log"
}

# check_pcap FILE - tcpdump must read FILE and show echo request and reply
check_pcap() {
	command -v tcpdump >/dev/null || gn_fail "tcpdump missing (required)"
	gn_run tcpdump -n -r "$1" >"$GN_DIR/tcpdump.log" 2>&1 ||
		gn_fail "tcpdump -r $1 failed"
	grep -q "IP $IP_A > $IP_B: ICMP echo request" "$GN_DIR/tcpdump.log" ||
		gn_fail "pcap lacks an echo request $IP_A > $IP_B"
	grep -q "IP $IP_B > $IP_A: ICMP echo reply" "$GN_DIR/tcpdump.log" ||
		gn_fail "pcap lacks an echo reply $IP_B > $IP_A"
	gn_log "pcap: $(grep -c ICMP "$GN_DIR/tcpdump.log") ICMP frames read by tcpdump"
}

gn_init "pair-$MODE"
gn_ping_script "$GN_DIR/ping-a" "$IP_B" 10
gn_ping_script "$GN_DIR/ping-b" "$IP_A" 10
case "$MODE" in
qemu-direct) boot_qemu_direct ;;
stream-socket) start_emu; boot_stream_socket ;;
switch) start_emu -hub 0,mode=switch; boot_stream_socket ;;
pcap) start_emu -object "filter-dump,id=f,netdev=a,file=$GN_DIR/a.pcap"
	boot_stream_socket ;;
dgram) boot_dgram ;;
*) gn_fail "unknown mode $MODE" ;;
esac

case "$MODE" in
stream-socket)
	n=$(observe)
	gn_log "observer saw $n unicast frames of the guests (hub floods)"
	[ "$n" -ge 4 ] || gn_fail "hub did not flood unicast to the observer port ($n frames)"
	;;
switch)
	n=$(observe)
	gn_log "observer saw $n unicast frames of the guests (switch)"
	[ "$n" -le 2 ] || gn_fail "switch flooded $n learned unicast frames to the observer port"
	;;
esac
gn_wait_guest a 'GN-PASS' 90
gn_wait_guest b 'GN-PASS' 90
[ "$MODE" = pcap ] && check_pcap "$GN_DIR/a.pcap"
gn_pass
