#!/bin/bash
# configure.sh - the tap in the target: with -c, lo and the tap are up with
# 10.0.2.100/24, MTU 1500 and a default route via 10.0.2.2, which answers
# pings; without -c the tap exists but is left down and unaddressed, and
# libslirp's DHCP server hands out 10.0.2.15 (slirp4netns' configure,
# dhcp and nspath tests).
set -eu
# shellcheck source=tests/slirp4netns/s4n-lib.sh
. "$(dirname "$0")/s4n-lib.sh"

s4n_init s4n-configure

s4n_target t1
t1=$S4N_TARGET
s4n_start s1 -c "$t1" tap11
s4n_wait_tap "$t1" tap11 "$S4N_PID"
link=$(s4n_in "$t1" ip -o link show tap11)
echo "$link" | grep -q '[<,]UP[,>]' || gn_fail "-c: tap11 is not up: $link"
echo "$link" | grep -q 'mtu 1500 ' || gn_fail "-c: tap11 MTU: $link"
s4n_in "$t1" ip -o -4 addr show dev tap11 | grep -q 'inet 10.0.2.100/24 ' ||
	gn_fail "-c: tap11 address: $(s4n_in "$t1" ip -o -4 addr show dev tap11)"
s4n_in "$t1" ip -4 route show default | grep -q '^default via 10.0.2.2 dev tap11' ||
	gn_fail "-c: default route: $(s4n_in "$t1" ip -4 route show)"
s4n_in "$t1" ip -o link show lo | grep -q '[<,]UP[,>]' || gn_fail "-c: lo is not up"
s4n_wait_ping "$t1" 10.0.2.2
gn_log "-c: tap11 up, 10.0.2.100/24, default via 10.0.2.2, lo up, pings 10.0.2.2"

s4n_target t2
t2=$S4N_TARGET
s4n_start s2 "$t2" tap0
s4n_wait_tap "$t2" tap0 "$S4N_PID"
s4n_in "$t2" ip -o link show tap0 | grep -q '[<,]UP[,>]' && gn_fail "without -c: tap0 is up"
s4n_in "$t2" ip -o addr show dev tap0 | grep -q 'inet ' && gn_fail "without -c: tap0 has an address"
s4n_in "$t2" ip link set lo up
s4n_in "$t2" ip link set tap0 up
out=$(s4n_in "$t2" timeout 15 busybox udhcpc -q -n -f -i tap0 -s /bin/true 2>&1) ||
	gn_fail "udhcpc: $out"
echo "$out" | grep -q 'lease of 10.0.2.15 obtained' || gn_fail "udhcpc: $out"
gn_log "without -c: tap0 down, no address; DHCP lease 10.0.2.15"
s4n_pass
