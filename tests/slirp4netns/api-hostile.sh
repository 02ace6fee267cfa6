#!/bin/bash
# api-hostile.sh - bad input on the API socket gets slirp4netns' errors
# and never takes the NAT down: garbage, 1 MiB of zeros, half a request
# (shut down, or dropped), a client that vanishes after its request or
# without one, an unknown execute, forwards to a taken port and to one
# already forwarded.  After each the process runs and the target still
# reaches the host; at the end a forward made before still carries traffic.
#
# Known faults of slirp4netns 1.2 are checked as such: a client that sends
# nothing stalls the whole NAT (one blocking read), and add_hostfwd without
# a string "proto" crashes it (SIGSEGV).  guestnet-slirp4netns must answer
# the first and refuse the second.
set -eu
# shellcheck source=tests/slirp4netns/s4n-lib.sh
. "$(dirname "$0")/s4n-lib.sh"

PORT=8090
TAKEN=8091
s4n_init s4n-api-hostile
sock=$GN_DIR/api.sock
token=$(s4n_page "$GN_DIR/www")
s4n_web web "$GN_DIR/www" "$TAKEN"	# holds 127.0.0.1:$TAKEN on the host
ctoken=$(s4n_page "$GN_DIR/child")

s4n_start_api "$sock"
t=$S4N_TARGET
pid=$S4N_PID
gn_bg httpd nsenter "--target=$t" --preserve-credentials -U -n -- \
	busybox httpd -f -p 80 -h "$GN_DIR/child"
reply=$(s4n_api "$sock" '{"execute":"add_hostfwd","arguments":{"proto":"tcp","host_port":'"$PORT"',"guest_port":80}}')
[ "$(echo "$reply" | jq -c .)" = '{"return":{"id":1}}' ] || gn_fail "first forward: $reply"

# still_up WHAT - the process runs and the NAT works after WHAT
still_up() {
	gn_alive "$pid" || gn_fail "$1 took slirp4netns down"
	s4n_in "$t" ping -c 1 -W 2 10.0.2.2 >/dev/null || gn_fail "NAT down after $1"
	[ "$(s4n_in "$t" curl -sS -m 5 "http://10.0.2.2:$TAKEN/index.html")" = "$token" ] ||
		gn_fail "target cannot reach the host after $1"
}

# expect_desc WHAT DESC CLIENT-ARGS... - the reply's error.desc is DESC
expect_desc() {
	local what=$1 desc=$2 reply got
	shift 2
	reply=$(s4n_api "$sock" "$@") || gn_fail "$what: no reply ($reply)"
	got=$(echo "$reply" | jq -r .error.desc 2>/dev/null) || gn_fail "$what: reply is not JSON: $reply"
	[ "$got" = "$desc" ] || gn_fail "$what: '$reply', expected desc '$desc'"
	still_up "$what"
	gn_log "$what: $reply"
}

expect_desc garbage "bad request: cannot parse JSON" 'badjson'
expect_desc "1 MiB of zeros" "bad request: too large message" --zeros 1048576
expect_desc "half a request" "bad request: cannot parse JSON" '{"execute":'
expect_desc "unknown execute" "bad request: unknown execute" '{"execute":"bad"}'
expect_desc "not an object" "bad request: json_object() failed" '[{"execute":"list_hostfwd"}]'
expect_desc "no execute" "bad request: no execute found" '{"unexpectedjson": 42}'
expect_desc "taken port" "bad request: add_hostfwd: slirp_add_hostfwd failed" \
	'{"execute":"add_hostfwd","arguments":{"proto":"tcp","host_addr":"127.0.0.1","host_port":'"$TAKEN"',"guest_port":80}}'
expect_desc "forwarded port" "bad request: add_hostfwd: slirp_add_hostfwd failed" \
	'{"execute":"add_hostfwd","arguments":{"proto":"tcp","host_port":'"$PORT"',"guest_port":81}}'
expect_desc "bad proto" "bad request: add_hostfwd: bad arguments.proto" \
	'{"execute":"add_hostfwd","arguments":{"proto":"sctp","host_port":1,"guest_port":1}}'
expect_desc "IPv6 host_addr" "bad request: add_hostfwd: bad arguments.host_addr" \
	'{"execute":"add_hostfwd","arguments":{"proto":"tcp","host_addr":"::1","host_port":8092,"guest_port":80}}'
expect_desc "no host_port" "bad request: add_hostfwd: bad arguments.host_port" \
	'{"execute":"add_hostfwd","arguments":{"proto":"tcp","guest_port":80}}'
expect_desc "bad id" "bad request: remove_hostfwd: bad arguments.id" \
	'{"execute":"remove_hostfwd","arguments":{"id":"1"}}'

s4n_api "$sock" --vanish '{"execute":' || true
still_up "half a request, then gone"
s4n_api "$sock" --vanish '{"execute":"add_hostfwd","arguments":{"proto":"tcp","host_port":8093,"guest_port":80}}' || true
still_up "a request, then gone"
s4n_api "$sock" '' >/dev/null || true
still_up "an empty request"
# the vanished client's forward was made (id 2), nothing else was
list=$(s4n_api "$sock" '{"execute":"list_hostfwd"}')
ids=$(echo "$list" | jq -c '[(.return.entries // .entries)[].id]')
[ "$ids" = '[1,2]' ] || gn_fail "after the abuse, list_hostfwd: $list"
[ "$(gn_run curl -sS -m 5 "http://127.0.0.1:$PORT/index.html")" = "$ctoken" ] ||
	gn_fail "the first forward no longer carries traffic"
gn_log "a vanished client's request was carried out; forwards intact"

if s4n_is_ours; then
	# a silent client must not stop the world
	s4n_api "$sock" --silent 5 &
	silent=$!
	sleep 0.5
	reply=$(s4n_api "$sock" --timeout 2 '{"execute":"list_hostfwd"}') ||
		gn_fail "a silent client blocks other requests"
	still_up "a silent client"
	wait "$silent" || true
	# more silent clients than slots: the deadline frees them, the
	# listener takes the rest, and meanwhile the NAT carries traffic
	silents=()
	for i in $(seq 20); do
		s4n_api "$sock" --silent 6 &
		silents+=($!)
	done
	sleep 0.5
	still_up "20 silent clients"
	reply=$(s4n_api "$sock" --timeout 5 '{"execute":"list_hostfwd"}') ||
		gn_fail "20 silent clients keep a request out for 5 s: $reply"
	echo "$reply" | jq -e '.return.entries' >/dev/null || gn_fail "after 20 silent clients: $reply"
	wait "${silents[@]}" || true
	gn_log "20 silent clients: the NAT and the API went on"
	# a request in two writes is one request
	reply=$(s4n_api "$sock" --split '{"execute":"remove_hostfwd","arguments":{"id":2}}')
	[ "$(echo "$reply" | jq -c .)" = '{"return":{}}' ] || gn_fail "a split request: $reply"
	expect_desc "no proto" "bad request: add_hostfwd: bad arguments.proto" \
		'{"execute":"add_hostfwd","arguments":{"host_port":8094,"guest_port":80}}'
	expect_desc "numeric proto" "bad request: add_hostfwd: bad arguments.proto" \
		'{"execute":"add_hostfwd","arguments":{"proto":6,"host_port":8094,"guest_port":80}}'
	s4n_pass
fi
# slirp4netns 1.2: the crash the front end must not have
gn_log "slirp4netns 1.2: add_hostfwd without proto (known to crash it)"
s4n_api "$sock" --timeout 2 '{"execute":"add_hostfwd","arguments":{"host_port":8094,"guest_port":80}}' || true
for i in $(seq 50); do
	gn_alive "$pid" || break
	sleep 0.1
done
rc=0
wait "$pid" || rc=$?
[ $rc -eq 139 ] || gn_fail "expected slirp4netns 1.2 to crash (status 139), got status $rc"
gn_log "slirp4netns 1.2 died of SIGSEGV, as known; everything before passed"
S4N_NAMES=()
s4n_pass
