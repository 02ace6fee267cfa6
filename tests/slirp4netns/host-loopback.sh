#!/bin/bash
# host-loopback.sh - 10.0.2.2 reaches the host's 127.0.0.1 (a web server
# there), unless --disable-host-loopback, which makes it unreachable while
# 10.0.2.2 still answers pings (slirp4netns' disable-host-loopback test).
set -eu
# shellcheck source=tests/slirp4netns/s4n-lib.sh
. "$(dirname "$0")/s4n-lib.sh"

PORT=12121
s4n_init s4n-host-loopback
token=$(s4n_page "$GN_DIR/www")
s4n_web web "$GN_DIR/www" "$PORT"

s4n_target t1
s4n_start s1 -c "$S4N_TARGET" tap11
s4n_wait_tap "$S4N_TARGET" tap11 "$S4N_PID"
got=$(s4n_in "$S4N_TARGET" curl -sS -m 10 "http://10.0.2.2:$PORT/index.html") ||
	gn_fail "fetch via 10.0.2.2 failed"
[ "$got" = "$token" ] || gn_fail "fetch via 10.0.2.2: '$got'"
gn_log "default: 10.0.2.2:$PORT is the host's 127.0.0.1:$PORT"

s4n_target t2
s4n_start s2 -c --disable-host-loopback "$S4N_TARGET" tap11
s4n_wait_tap "$S4N_TARGET" tap11 "$S4N_PID"
s4n_wait_ping "$S4N_TARGET" 10.0.2.2
rc=0
out=$(s4n_in "$S4N_TARGET" curl -sS -m 10 "http://10.0.2.2:$PORT/index.html" 2>&1) || rc=$?
[ $rc -ne 0 ] || gn_fail "--disable-host-loopback: the host's 127.0.0.1 answered: $out"
[ $rc -eq 28 ] && gn_fail "--disable-host-loopback: timed out instead of being refused: $out"
gn_log "--disable-host-loopback: refused ($out), 10.0.2.2 still pings"
s4n_pass
