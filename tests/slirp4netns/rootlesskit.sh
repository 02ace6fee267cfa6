#!/bin/bash
# rootlesskit.sh - RootlessKit (Debian's 1.1.0) with --net=slirp4netns
# --slirp4netns-binary=the binary under test, as an unprivileged user with
# subordinate ids: a command in the child fetches a page from a web
# server on the host via 10.0.2.2, and --port-driver=slirp4netns -p
# 127.0.0.1:8080:80/tcp brings the host's 127.0.0.1:8080 to a web server
# in the child (RootlessKit creates tap0 itself and talks to the API socket).
set -eu
# shellcheck source=tests/slirp4netns/s4n-lib.sh
. "$(dirname "$0")/s4n-lib.sh"

PORT=8000
FWD=8080
s4n_init s4n-rootlesskit
command -v rootlesskit >/dev/null || gn_fail "rootlesskit missing (see tools/debian-packages.txt)"
command -v newuidmap >/dev/null || gn_fail "newuidmap missing (package uidmap)"
token=$(s4n_page "$GN_DIR/www")
s4n_web web "$GN_DIR/www" "$PORT"
s4n_user_add
u=$S4N_HOME/x
mkdir "$u"
ctoken=$(s4n_page "$u/child")
chown -R "$S4N_USER:" "$u"

cat >"$u/child.sh" <<SCRIPT
curl -sS -m 10 http://10.0.2.2:$PORT/index.html >$u/fetched 2>&1
busybox httpd -f -p 80 -h $u/child &
sleep 0.3
echo up >$u/ready
i=0
while [ ! -e $u/done ] && [ \$i -lt 600 ]; do sleep 0.1; i=\$((i + 1)); done
kill \$!
SCRIPT
echo "rootlesskit --net=slirp4netns --slirp4netns-binary=$S4N --port-driver=slirp4netns -p 127.0.0.1:$FWD:80/tcp" >"$GN_DIR/rk.cmd"
s4n_as_user rootlesskit --debug --net=slirp4netns --slirp4netns-binary="$S4N" \
	--port-driver=slirp4netns -p "127.0.0.1:$FWD:80/tcp" \
	--state-dir="$S4N_HOME/rk" -- sh "$u/child.sh" >"$GN_DIR/rk.log" 2>&1 &
rk=$!
GN_PIDS+=("$rk")
gn_wait_file "$u/ready" up 60 "$rk"
# the slirp4netns RootlessKit runs is the one under test
pgrep -a -u "$S4N_USER" -f "^$S4N " >"$GN_DIR/rk-ps.log" ||
	gn_fail "RootlessKit runs no $S4N"
grep -q -- "--api-socket" "$GN_DIR/rk-ps.log" || gn_fail "no API socket: $(cat "$GN_DIR/rk-ps.log")"
[ "$(cat "$u/fetched")" = "$token" ] || gn_fail "child via 10.0.2.2: $(cat "$u/fetched")"
got=$(gn_ns curl -sS -m 10 "http://127.0.0.1:$FWD/index.html" 2>&1) || got="failed: $got"
touch "$u/done"
[ "$got" = "$ctoken" ] || gn_fail "127.0.0.1:$FWD -> child :80: $got"
rc=0
wait "$rk" || rc=$?
[ $rc -eq 0 ] || gn_fail "rootlesskit exited with status $rc"
grep -Eq 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$GN_DIR/rk.log" &&
	gn_fail "sanitizer report in rk.log"
gn_log "RootlessKit: the child reached the host via 10.0.2.2; -p 127.0.0.1:$FWD:80 reached the child"
s4n_pass
