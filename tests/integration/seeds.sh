#!/bin/bash
# seeds.sh MODE - the seeds' multi-process examples carry real guests' pings
#
#   socket  emu 1: -net socket,listen=:8010 (hub 0) plus guest A's port;
#           emu 2: -net socket,vlan=2,connect=127.0.0.1:8010 with guest B's
#           port also on hub 2; A and B ping each other end to end.
#   mcast   three emus, each with -net socket,mcast=230.0.0.1:1234 (on the
#           test namespace's loopback only).  Emu 1 carries guest A, emu 2
#           guest B, emu 3 a scripted peer.  All hear each other: A and B
#           ping; the peer on emu 3 sees A's and B's frames; the pcaps of
#           A's and B's ports show the peer's frames.  None hears itself:
#           the peer never gets its own frames back, and no frame of A (B)
#           appears twice on A's (B's) port.
#   qemu-mcast  harness self-check: two QEMU guests on QEMU's own
#           -netdev socket,mcast= (no emulator).
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"

MODE=${1:?usage: seeds.sh socket|mcast|qemu-mcast}
MAC_A=$(gn_addr_mac 1)
MAC_B=$(gn_addr_mac 2)
MAC_P=02:00:00:00:00:33
IP_A=10.0.0.1
IP_B=10.0.0.2
MCAST=230.0.0.1:1234
PORT_P=8013

# stream_port ID HUB - emulator args for a guest's unix stream port
stream_port() {
	echo "-netdev $(gn_unix_server "$1" "$2")"
}

# boot_guests - A (e1000) on ga.sock, B (virtio) on gb.sock
boot_guests() {
	gn_wait_path "$GN_DIR/ga.sock" 10 "$(gn_pid emu1)"
	gn_wait_path "$GN_DIR/gb.sock" 10 "$(gn_pid emu2)"
	gn_guest a "$MAC_A" e1000 "$IP_A/24" "$GN_DIR/ping-a" \
		-netdev "$(gn_unix_client ga)"
	gn_guest b "$MAC_B" virtio-net-pci "$IP_B/24" "$GN_DIR/ping-b" \
		-netdev "$(gn_unix_client gb)"
}

# run_socket - two emulators joined by listen=:8010 / vlan=2,connect=
run_socket() {
	# shellcheck disable=SC2046
	gn_emu emu1 -net socket,listen=:8010 $(stream_port ga 0)
	gn_wait_listen tcp 8010 10 "$GN_LAST_PID"
	# shellcheck disable=SC2046
	gn_emu emu2 -net socket,vlan=2,connect=127.0.0.1:8010 $(stream_port gb 2)
	boot_guests
	gn_wait_guest a 'GN-PASS' 90
	gn_wait_guest b 'GN-PASS' 90
}

# count FILE KIND MAC - value of the "KIND MAC N" line of a gnpeer report
count() {
	awk -v k="$2" -v m="$3" '$1 == k && $2 == m { n = $3 } END { print n + 0 }' "$1"
}

# check_port_pcap NAME MAC - NAME's port pcap: both directions, the peer's
# frames, and no frame of MAC heard twice
check_port_pcap() {
	local f=$GN_DIR/$1.pcap.txt
	gn_peer pcap "$GN_DIR/$1.pcap" >"$f" || gn_fail "cannot read $1.pcap"
	gn_log "$1.pcap: $(tr '\n' ' ' <"$f")"
	[ "$(count "$f" src "$2")" -gt 0 ] || gn_fail "$1.pcap has no frame from its guest $2"
	[ "$(count "$f" src "$MAC_P")" -gt 0 ] ||
		gn_fail "$1's emulator did not hear emu3 (no frame from $MAC_P in $1.pcap)"
	[ "$(count "$f" ipdups "$2")" -eq 0 ] ||
		gn_fail "$1's emulator heard itself: $(count "$f" ipdups "$2") IPv4 frames of $2 came back to its port"
}

# run_mcast - three emulators on one multicast group
run_mcast() {
	gn_mcast_route
	# shellcheck disable=SC2046
	gn_emu emu1 -net "socket,mcast=$MCAST" $(stream_port ga 0) \
		-object "filter-dump,id=fa,netdev=ga,file=$GN_DIR/ga.pcap"
	# shellcheck disable=SC2046
	gn_emu emu2 -net "socket,mcast=$MCAST" $(stream_port gb 0) \
		-object "filter-dump,id=fb,netdev=gb,file=$GN_DIR/gb.pcap"
	gn_emu emu3 -net "socket,mcast=$MCAST" \
		-netdev "socket,id=p,listen=127.0.0.1:$PORT_P"
	gn_wait_listen tcp "$PORT_P" 10 "$GN_LAST_PID"
	boot_guests
	gn_wait_guest a 'GN-PINGING' 90
	gn_peer listen --port "$PORT_P" --mac "$MAC_P" --send --time 3 \
		>"$GN_DIR/peer.log" 2>&1 || gn_fail "peer on emu3 failed"
	gn_log "peer on emu3: $(tr '\n' ' ' <"$GN_DIR/peer.log")"
	[ "$(count "$GN_DIR/peer.log" src "$MAC_A")" -gt 0 ] || gn_fail "emu3 did not hear emu1 (guest A)"
	[ "$(count "$GN_DIR/peer.log" src "$MAC_B")" -gt 0 ] || gn_fail "emu3 did not hear emu2 (guest B)"
	[ "$(count "$GN_DIR/peer.log" src "$MAC_P")" -eq 0 ] ||
		gn_fail "emu3 heard itself: the peer got its own frames back"
	gn_wait_guest a 'GN-PASS' 90
	gn_wait_guest b 'GN-PASS' 90
	check_port_pcap ga "$MAC_A"
	check_port_pcap gb "$MAC_B"
}

# run_qemu_mcast - QEMU's own multicast socket backend, no emulator
run_qemu_mcast() {
	gn_mcast_route
	gn_guest a "$MAC_A" e1000 "$IP_A/24" "$GN_DIR/ping-a" \
		-netdev "socket,id=n,mcast=$MCAST"
	gn_guest b "$MAC_B" virtio-net-pci "$IP_B/24" "$GN_DIR/ping-b" \
		-netdev "socket,id=n,mcast=$MCAST"
	gn_wait_guest a 'GN-PASS' 90
	gn_wait_guest b 'GN-PASS' 90
}

gn_init "seeds-$MODE"
gn_ping_script "$GN_DIR/ping-a" "$IP_B" 20
gn_ping_script "$GN_DIR/ping-b" "$IP_A" 20
case "$MODE" in
socket) run_socket ;;
mcast) run_mcast ;;
qemu-mcast) run_qemu_mcast ;;
*) gn_fail "unknown mode $MODE" ;;
esac
gn_pass
