#!/bin/bash
# nat-control-hostfwd.sh - host forwards added and removed at run time
# through guestnet-emu's control socket (-control PATH, JSON lines; the
# emulator runs as nobody).  A netns guest (10.0.2.15, no QEMU) runs a
# TCP service on port 7001.  Before: hostfwd-list has no forward and
# 127.0.0.1:17001 refuses.  hostfwd-add {netdev u, rule
# tcp:127.0.0.1:17001-:7001}: hostfwd-list shows it and a connection from
# the host namespace reaches the guest's service, data checked both ways.
# hostfwd-remove {rule tcp:127.0.0.1:17001}: hostfwd-list no longer shows
# it and the port refuses again.  Adding the same forward twice, a second
# remove and a non-user netdev get error replies.  At the end a second
# emulator with a netns command is killed (SIGKILL): the command must go
# with it.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/integration/nat/nat-lib.sh
. "$(dirname "$0")/nat/nat-lib.sh"

HP=17001
GP=7001
CTL=

# ctl JSON - one request; prints the reply line
ctl() {
	local r
	r=$(nat_peer ctl "$CTL" "$1") || gn_fail "control request failed: $1"
	echo "$r" >>"$GN_DIR/ctl.log"
	echo "$r"
}

# json_check REPLY PYEXPR - PYEXPR over the parsed reply `r` must be true
json_check() {
	"$GN_PY" -c 'import json, sys
r = json.loads(sys.argv[1])
sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2"
}

# listed - true if hostfwd-list shows our forward
listed() {
	local r
	r=$(ctl '{"execute":"hostfwd-list","arguments":{"netdev":"u"}}')
	gn_log "hostfwd-list: $r"
	json_check "$r" '"return" in r and isinstance(r["return"], list)' ||
		gn_fail "hostfwd-list reply is not a return list: $r"
	json_check "$r" "any(f.get('protocol') == 'tcp' and f.get('host-addr') == '127.0.0.1' and f.get('host-port') == $HP and f.get('guest-port') == $GP for f in r['return'])"
}

# refused - true if a connection to 127.0.0.1:HP is refused
refused() {
	nat_peer tcp-talk 127.0.0.1 "$HP" x --expect-refused >/dev/null 2>&1
}

gn_init nat-control-hostfwd
CTL=$GN_DIR/ctl.sock
gn_emu emu -control "$CTL" -netdev user,id=u \
	-netdev stream,id=s,server=on,addr.type=unix,addr.path="$GN_DIR/s.sock" \
	-netdev netns,id=g,addr=10.0.2.15/24,gateway=10.0.2.2 \
	-- "$GN_PY" "$NAT_PEER" tcp-echo "$GP"
pid=$GN_LAST_PID
gn_wait_path "$CTL" 10 "$pid"
gn_wait_file "$GN_DIR/emu.log" "tcp-echo listening $GP" 20 "$pid"

listed && gn_fail "hostfwd-list shows tcp:127.0.0.1:$HP before it was added"
refused || gn_fail "127.0.0.1:$HP does not refuse before the forward is added"

r=$(ctl "{\"execute\":\"hostfwd-add\",\"arguments\":{\"netdev\":\"u\",\"rule\":\"tcp:127.0.0.1:$HP-:$GP\"}}")
gn_log "hostfwd-add: $r"
json_check "$r" '"return" in r' || gn_fail "hostfwd-add failed: $r"
listed || gn_fail "hostfwd-list does not show the added forward"
r=$(ctl "{\"execute\":\"hostfwd-add\",\"arguments\":{\"netdev\":\"u\",\"rule\":\"tcp:127.0.0.1:$HP-:$GP\"}}")
gn_log "the same hostfwd-add again: $r"
json_check "$r" '"error" in r' || gn_fail "adding the same forward twice did not fail: $r"
r=$(ctl '{"execute":"hostfwd-list","arguments":{"netdev":"u"}}')
json_check "$r" 'len(r["return"]) == 1' || gn_fail "hostfwd-list after a failed add: $r"
text="ctl-fwd-$$-$RANDOM"
nat_expect_line "$HP" "$text"
grep -q "tcp-echo from .* $text" "$GN_DIR/emu.log" || gn_fail "the guest's service did not log '$text'"

r=$(ctl "{\"execute\":\"hostfwd-remove\",\"arguments\":{\"netdev\":\"u\",\"rule\":\"tcp:127.0.0.1:$HP\"}}")
gn_log "hostfwd-remove: $r"
json_check "$r" '"return" in r' || gn_fail "hostfwd-remove failed: $r"
listed && gn_fail "hostfwd-list still shows the removed forward"
refused || gn_fail "127.0.0.1:$HP still accepts after hostfwd-remove"
gn_log "127.0.0.1:$HP refuses after hostfwd-remove"

r=$(ctl "{\"execute\":\"hostfwd-remove\",\"arguments\":{\"netdev\":\"u\",\"rule\":\"tcp:127.0.0.1:$HP\"}}")
gn_log "second hostfwd-remove: $r"
json_check "$r" '"error" in r' || gn_fail "removing a removed forward did not fail: $r"
r=$(ctl "{\"execute\":\"hostfwd-add\",\"arguments\":{\"netdev\":\"s\",\"rule\":\"tcp:127.0.0.1:$HP-:$GP\"}}")
gn_log "hostfwd-add on a stream port: $r"
json_check "$r" '"error" in r' || gn_fail "hostfwd-add on a non-user netdev did not fail: $r"
refused || gn_fail "127.0.0.1:$HP accepts after a failed hostfwd-add"

# the netns command goes when the emulator goes: a second emulator running
# "sleep 600" in its namespace is killed outright
gn_bg emu2 "$GUESTNET_EMU" -netdev netns,id=g2 -- sleep 600
pid2=$GN_LAST_PID
cmd_pid=
for _i in $(seq 50); do
	cmd_pid=$(ps -o pid= --ppid "$pid2" | tr -d ' ' | head -n 1)
	[ -n "$cmd_pid" ] && [ "$(cat "/proc/$cmd_pid/comm" 2>/dev/null)" = sleep ] && break
	gn_alive "$pid2" || gn_fail "the second emulator exited: $(cat "$GN_DIR/emu2.log")"
	sleep 0.1
done
[ "$(cat "/proc/$cmd_pid/comm" 2>/dev/null)" = sleep ] || gn_fail "no 'sleep' under the second emulator"
kill -KILL "$pid2"
wait "$pid2" 2>/dev/null || true
gn_wait_gone "$cmd_pid" 3 || gn_fail "the netns command (pid $cmd_pid) outlived its emulator"
gn_log "second emulator killed: its netns command (pid $cmd_pid) went with it"
gn_pass
