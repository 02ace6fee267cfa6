#!/bin/bash
# outbound-addr.sh - --outbound-addr (an address, or an interface name) and
# --outbound-addr6: the host's server sees the target's connections (to
# 10.0.2.2 / fd00::2) come from that address, not from loopback
# (slirp4netns' outbound-addr test).  The addresses are on a veth pair
# inside the test namespace.
set -eu
# shellcheck source=tests/slirp4netns/s4n-lib.sh
. "$(dirname "$0")/s4n-lib.sh"

PORT=12122
s4n_init s4n-outbound-addr
ip -n "$GN_NS" link add gnva type veth peer name gnvb
ip -n "$GN_NS" addr add 192.0.2.1/24 dev gnva
ip -n "$GN_NS" addr add 2001:db8::1/64 dev gnva nodad
ip -n "$GN_NS" link set gnva up
ip -n "$GN_NS" link set gnvb up

# a server on every address of the host that logs each peer's address
gn_bg peers "$GN_PY" -c '
import socket, sys
s = socket.socket(socket.AF_INET6)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("::", int(sys.argv[1])))
s.listen(8)
while True:
    c, peer = s.accept()
    print("peer", peer[0], flush=True)
    c.close()
' "$PORT"
gn_wait_listen tcp "$PORT" 10 "$GN_LAST_PID"

# connect_from NAME DEST ARGS... - the target of a new instance with ARGS
# connects to DEST:PORT; sets PEER to the address the server saw
connect_from() {
	local name=$1 dest=$2 before
	shift 2
	s4n_target "t-$name"
	s4n_start "$name" -c "$@" "$S4N_TARGET" tap11
	s4n_wait_tap "$S4N_TARGET" tap11 "$S4N_PID"
	before=$(gn_count "$GN_DIR/peers.log" '^peer ')
	for i in $(seq 50); do
		s4n_in "$S4N_TARGET" curl -s -g -m 2 "http://$dest:$PORT/" >/dev/null 2>&1 || true
		[ "$(gn_count "$GN_DIR/peers.log" '^peer ')" -gt "$before" ] && break
		sleep 0.2
	done
	[ "$(gn_count "$GN_DIR/peers.log" '^peer ')" -gt "$before" ] ||
		gn_fail "$name: the target never reached $dest:$PORT"
	PEER=$(sed -n 's/^peer //p' "$GN_DIR/peers.log" | tail -n 1)
}

connect_from plain 10.0.2.2
case $PEER in *127.0.0.1) ;; *) gn_fail "no --outbound-addr: peer $PEER, not 127.0.0.1" ;; esac
connect_from v4 10.0.2.2 --outbound-addr=192.0.2.1
case $PEER in *192.0.2.1) ;; *) gn_fail "--outbound-addr=192.0.2.1: peer $PEER" ;; esac
connect_from ifname 10.0.2.2 --outbound-addr=gnva
case $PEER in *192.0.2.1) ;; *) gn_fail "--outbound-addr=gnva: peer $PEER" ;; esac
connect_from v6 '[fd00::2]' -6 --outbound-addr6=2001:db8::1
[ "$PEER" = 2001:db8::1 ] || gn_fail "--outbound-addr6=2001:db8::1: peer $PEER"
gn_log "outbound: 127.0.0.1 by default; 192.0.2.1 by address and by interface; 2001:db8::1 for IPv6"
s4n_pass
