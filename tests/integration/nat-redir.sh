#!/bin/bash
# nat-redir.sh - guestnet-emu's own -redir and -nic (as nobody): old QEMU's
# `-redir tcp:2222::22` (and `-redir tcp:2223:10.0.2.15:22`, a guest
# address given) become host forwards of the first user port, bound on
# every address of the host namespace as old QEMU did; a real QEMU guest
# (DHCP 10.0.2.15) serves a line service on port 22, and a line sent to
# 127.0.0.1:2222 and :2223 comes back from it. The emulator also has a
# `-nic user` port, made later: it is on a hub of its own (65535, which no
# option names) and the forwards are not its.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/integration/nat/nat-lib.sh
. "$(dirname "$0")/nat/nat-lib.sh"

gn_init nat-redir
nat_line_service 22 >"$GN_DIR/script"
# -redir before the user port it goes into: forwards are added once all are open
gn_emu emu -redir tcp:2222::22 -netdev user,id=u -netdev "$(gn_unix_server a)" \
	-nic user,id=lone -redir tcp:2223:10.0.2.15:22 -control "$GN_DIR/ctl.sock"
gn_wait_path "$GN_DIR/a.sock" 10 "$GN_LAST_PID"
nat_guest g dhcp "$GN_DIR/script"
gn_wait_guest g 'GN-LISTENING' 120
for port in 2222 2223; do
	gn_ns ss -Hltn "sport = :$port" | grep -q "0\.0\.0\.0:$port" ||
		gn_fail "-redir: port $port not on every address: $(gn_ns ss -Hltn "sport = :$port")"
	nat_expect_line "$port" "redir-$port-$$"
done
ports=$(gn_ctl "$GN_DIR/ctl.sock" query-ports | tr -d ' \n')
echo "$ports" | grep -q '"id":"lone","type":"user","hub":65535,"peer":"user-modeNAT,0hostforwards[;"]' ||
	gn_fail "-nic user,id=lone: not alone on hub 65535 without forwards: $ports"
echo "$ports" | grep -q '"id":"u","type":"user","hub":0,"peer":"user-modeNAT,2hostforwards[;"]' ||
	gn_fail "the first user port lacks the two -redir forwards: $ports"
gn_log "-redir tcp:2222::22 and tcp:2223:10.0.2.15:22 reach the guest's port 22; -nic user on hub 65535"
gn_pass
