#!/bin/bash
# ipv6.sh - -6 with -c: the target autoconfigures an fd00::/64 address
# from the router advertisements, and reaches a web server on the host's
# ::1 at fd00::2 (the IPv6 side of 10.0.2.2).
set -eu
# shellcheck source=tests/slirp4netns/s4n-lib.sh
. "$(dirname "$0")/s4n-lib.sh"

PORT=8086
s4n_init s4n-ipv6
token=$(s4n_page "$GN_DIR/www")
s4n_web web "$GN_DIR/www" "$PORT" ::1

s4n_target t
s4n_start s -c -6 "$S4N_TARGET" tap11
s4n_wait_tap "$S4N_TARGET" tap11 "$S4N_PID"
addr=
for i in $(seq 100); do
	addr=$(s4n_in "$S4N_TARGET" ip -o -6 addr show dev tap11 scope global |
		grep -v tentative | awk '{print $4}' | head -n 1)
	case $addr in fd00::*/64) break ;; esac
	sleep 0.1
done
case $addr in
fd00::*/64) ;;
*) gn_fail "no fd00::/64 address on tap11: $(s4n_in "$S4N_TARGET" ip -o -6 addr show dev tap11)" ;;
esac
got=$(s4n_in "$S4N_TARGET" curl -sS -g -m 10 "http://[fd00::2]:$PORT/index.html") ||
	gn_fail "fetch via [fd00::2] failed"
[ "$got" = "$token" ] || gn_fail "fetch via [fd00::2]: '$got'"
gn_log "-6: $addr by SLAAC; [fd00::2]:$PORT is the host's [::1]:$PORT"
s4n_pass
