#!/bin/bash
# nat-restrict.sh - restrict=on isolates a guest of guestnet-emu's
# user-mode NAT (emulator run as nobody): the QEMU guest still gets its
# DHCP lease, but its TCP connections out — to a web server on the host
# namespace's 127.0.0.1, at 10.0.2.2 — fail (and the server sees no
# request), while a host forward (hostfwd=tcp:...) still carries a
# connection in from the host, data checked both ways.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/integration/nat/nat-lib.sh
. "$(dirname "$0")/nat/nat-lib.sh"

HTTP_PORT=8080

gn_init nat-restrict
nat_web "$HTTP_PORT" "reachable-$$"
# the server itself answers inside the namespace
got=$(gn_run curl -s "http://127.0.0.1:$HTTP_PORT/index.html?host-probe") ||
	gn_fail "the web server does not answer on the host side"
[ "$got" = "reachable-$$" ] || gn_fail "web server served '$got'"

cat >"$GN_DIR/script" <<SCRIPT
if timeout 20 wget -q -O - http://10.0.2.2:$HTTP_PORT/index.html >/tmp/out 2>&1; then
	echo "GN-RESULT outbound open \$(cat /tmp/out)"
else
	echo "GN-RESULT outbound blocked"
fi
$(nat_line_service 7001)
SCRIPT

nat_emu "restrict=on,hostfwd=tcp:127.0.0.1:17001-:7001"
nat_guest g dhcp "$GN_DIR/script"
gn_wait_guest g 'GN-LISTENING' 120

got=$(gn_result g outbound)
gn_log "guest's TCP connection out to 10.0.2.2:$HTTP_PORT: $got"
[ "$got" = blocked ] || gn_fail "restrict=on let the guest connect out: $got"
grep -q 'GET /index.html HTTP' "$GN_DIR/web.log" &&
	gn_fail "the web server got a request from the restricted guest"

text="inbound-$$"
nat_expect_line 17001 "$text"
gn_pass
