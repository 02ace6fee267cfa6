#!/bin/bash
# api.sh - the API socket as RootlessKit and Podman use it: add_hostfwd
# (ids from 1; empty host_addr = 0.0.0.0, empty guest_addr = 10.0.2.100)
# forwards host ports into the target, TCP and UDP; list_hostfwd lists
# them (read under "return" or bare: slirp4netns sends the one, documents
# the other); remove_hostfwd stops one; ids are not reused; each reply fits
# Podman's single 2048-byte read (slirp4netns' api-socket test).
set -eu
# shellcheck source=tests/slirp4netns/s4n-lib.sh
. "$(dirname "$0")/s4n-lib.sh"

s4n_init s4n-api
sock=$GN_DIR/api.sock
token=$(s4n_page "$GN_DIR/child")

s4n_start_api "$sock"
t=$S4N_TARGET
# services in the target: a web server on :80, a UDP echo on :53
gn_bg httpd nsenter "--target=$t" --preserve-credentials -U -n -- \
	busybox httpd -f -p 80 -h "$GN_DIR/child"
gn_bg udpecho nsenter "--target=$t" --preserve-credentials -U -n -- "$GN_PY" -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 53))
while True:
    d, a = s.recvfrom(2048)
    s.sendto(b"echo:" + d, a)
'
sleep 0.5

# api REQUEST [CLIENT-OPTIONS...] - the reply to REQUEST
api() {
	local req=$1
	shift
	local out
	out=$(s4n_api "$sock" "$@" "$req") || gn_fail "no reply to $req: $out"
	echo "$out"
}

# expect_id REQUEST ID - REQUEST is answered {"return":{"id":ID}}
expect_id() {
	local reply
	reply=$(api "$1" --read-once)
	[ "$(echo "$reply" | jq -c .)" = "{\"return\":{\"id\":$2}}" ] ||
		gn_fail "reply to $1: $reply (expected id $2)"
}

fetch() {
	gn_run curl -sS -m 5 "http://127.0.0.1:$1/index.html" 2>&1
}

# RootlessKit's request (json.Encoder: a newline at the end)
expect_id '{"execute":"add_hostfwd","arguments":{"proto":"tcp","host_addr":"127.0.0.1","host_port":8081,"guest_addr":"10.0.2.100","guest_port":80}}
' 1
# Podman's (guest_addr empty, one read of 2048 bytes)
expect_id '{"execute":"add_hostfwd","arguments":{"proto":"tcp","host_addr":"0.0.0.0","host_port":8080,"guest_addr":"","guest_port":80}}
' 2
# the manual's minimal form (slirp4netns' own test)
expect_id '{"execute": "add_hostfwd", "arguments":{"proto": "udp","host_port":5353,"guest_port":53}}' 3
[ "$(fetch 8080)" = "$token" ] || gn_fail "127.0.0.1:8080 -> guest :80: $(fetch 8080)"
[ "$(fetch 8081)" = "$token" ] || gn_fail "127.0.0.1:8081 -> guest :80: $(fetch 8081)"
got=$(gn_run "$GN_PY" -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
for i in range(5):
    s.sendto(b"ping", ("127.0.0.1", 5353))
    try:
        print(s.recv(100).decode())
        break
    except socket.timeout:
        pass
')
[ "$got" = echo:ping ] || gn_fail "udp 127.0.0.1:5353 -> guest :53: '$got'"
gn_log "three forwards (tcp 8080, tcp 127.0.0.1:8081, udp 5353) carry traffic"

list=$(api '{"execute": "list_hostfwd"}')
entries=$(echo "$list" | jq -c '.return.entries // .entries')
want='[{"id":1,"proto":"tcp","host_addr":"127.0.0.1","host_port":8081,"guest_addr":"10.0.2.100","guest_port":80},{"id":2,"proto":"tcp","host_addr":"0.0.0.0","host_port":8080,"guest_addr":"10.0.2.100","guest_port":80},{"id":3,"proto":"udp","host_addr":"0.0.0.0","host_port":5353,"guest_addr":"10.0.2.100","guest_port":53}]'
[ "$entries" = "$want" ] || gn_fail "list_hostfwd: $list"
[ "$(echo "$list" | jq -c .error)" = null ] || gn_fail "list_hostfwd: $list"
gn_log "list_hostfwd: $list"

reply=$(api '{"execute": "remove_hostfwd", "arguments":{"id": 2}}' --read-once)
[ "$(echo "$reply" | jq -c .)" = '{"return":{}}' ] || gn_fail "remove id 2: $reply"
fetch 8080 >/dev/null && gn_fail "127.0.0.1:8080 still forwarded after remove"
[ "$(fetch 8081)" = "$token" ] || gn_fail "127.0.0.1:8081 lost by removing id 2"
reply=$(api '{"execute": "remove_hostfwd", "arguments":{"id": 2}}')
[ "$(echo "$reply" | jq -r .error.desc)" = "bad request: remove_hostfwd: bad arguments.id" ] ||
	gn_fail "remove id 2 twice: $reply"
expect_id '{"execute":"add_hostfwd","arguments":{"proto":"tcp","host_port":8080,"guest_port":80}}' 4
[ "$(fetch 8080)" = "$token" ] || gn_fail "127.0.0.1:8080 re-added as id 4"
n=$(api '{"execute": "list_hostfwd"}' | jq '(.return.entries // .entries) | length')
[ "$n" = 3 ] || gn_fail "list after remove and add: $n entries"
gn_log "remove_hostfwd stops one forward; ids are not reused (next is 4)"
s4n_pass
