#!/bin/bash
# demo-guests.sh - two real QEMU guests in two QEMU processes ping each
# other through guestnet-emu.
#
# Guest A (e1000) plugs into the emulator with -netdev stream over a unix
# socket; guest B (virtio-net-pci) with -netdev socket,connect= over TCP.
# The emulator, both QEMUs and everything else run as nobody inside a
# fresh network namespace; nothing touches the machine's own network.
set -eu
. "$(dirname "$0")/../tests/lib/gn.sh"

say() {
	printf '\n==> %s\n' "$*"
}

gn_init demo
GN_VERBOSE=0
IP_A=10.0.0.1 IP_B=10.0.0.2
MAC_A=$(gn_addr_mac 1) MAC_B=$(gn_addr_mac 2)

say "building the guest initramfs (busybox + Debian kernel modules)"
gn_guest_setup
echo "kernel $GN_KERNEL, initramfs $GN_INITRD"

say "starting guestnet-emu as nobody in namespace $GN_NS"
gn_emu emu -v \
	-netdev "stream,id=a,server=on,addr.type=unix,addr.path=$GN_DIR/a.sock" \
	-netdev "socket,id=b,listen=127.0.0.1:8010" \
	-object "filter-dump,id=f,netdev=a,file=$GN_DIR/a.pcap"
emu=$GN_LAST_PID
gn_wait_path "$GN_DIR/a.sock" 10 "$emu"
gn_wait_listen tcp 8010 10 "$emu"
echo "  port a: unix stream server $GN_DIR/a.sock"
echo "  port b: TCP listener 127.0.0.1:8010"

say "booting guest A (e1000, $IP_A) with -netdev stream,server=off,addr.type=unix"
gn_ping_script "$GN_DIR/ping-a" "$IP_B" 5
gn_guest a "$MAC_A" e1000 "$IP_A/24" "$GN_DIR/ping-a" \
	-netdev "stream,id=n,server=off,addr.type=unix,addr.path=$GN_DIR/a.sock"
say "booting guest B (virtio-net-pci, $IP_B) with -netdev socket,connect=127.0.0.1:8010"
gn_ping_script "$GN_DIR/ping-b" "$IP_A" 5
gn_guest b "$MAC_B" virtio-net-pci "$IP_B/24" "$GN_DIR/ping-b" \
	-netdev "socket,id=n,connect=127.0.0.1:8010"

say "waiting for both guests to boot and ping each other (TCG: about half a minute)"
gn_wait_guest a 'GN-PASS' 180
gn_wait_guest b 'GN-PASS' 180

say "guest A's console"
grep -E 'PING|bytes from|packets' "$GN_DIR/a.serial" | tail -8
say "guest B's console"
grep -E 'PING|bytes from|packets' "$GN_DIR/b.serial" | tail -8

say "the emulator's counters"
kill -USR1 "$emu"
sleep 0.5
grep -E ' port [ab]\.' "$GN_DIR/emu.log" | tail -2 | sed 's/^guestnet-emu: /  /'

say "the pcap of port a, read by tcpdump"
sleep 1.2
gn_run tcpdump -n -r "$GN_DIR/a.pcap" 2>/dev/null | grep 'ICMP echo' | head -6

say "done: two QEMU guests pinged each other through guestnet-emu"
