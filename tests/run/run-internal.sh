#!/bin/bash
# shellcheck disable=SC2016,SC2015  # single-quoted scripts for the command/guest; A && B || fail
# run-internal.sh - --net internal:NAME with real QEMU guests
#
# Two guests of nobody launched with `guestnet run --net internal:lab`
# (10.9.0.1 and .2) ping each other through the one hub both joined. Then
# a guest of another user (daemon) with internal:lab, and one of nobody
# with internal:lab2, cannot reach either (10.9.0.3, .4): each user and
# name has its own hub. The lab hub's control socket shows exactly two
# peers. When both lab guests' guestnet have exited (SIGTERM), the lab
# hub's emulator and socket are gone; lab2's goes when its guest exits.
set -u
source "$(dirname "$0")/run-lib.sh"


isolated_script() {
	cat >"$1" <<'SCRIPT'
for peer in 10.9.0.1 10.9.0.2; do
	if ping -c 3 -W 1 $peer >/dev/null 2>&1; then
		echo "GN-RESULT reached $peer"
		exit 1
	fi
done
echo "GN-RESULT reached nothing"
SCRIPT
}

run_init run-internal
XDG_DAEMON=$(run_xdg daemon)

gn_ping_script "$GN_DIR/ping1.sh" 10.9.0.2
gn_ping_script "$GN_DIR/ping2.sh" 10.9.0.1
run_guest g1 10.9.0.1/24 "$GN_DIR/ping1.sh" --net internal:lab --mac "$(gn_addr_mac 1)"
run_guest g2 10.9.0.2/24 "$GN_DIR/ping2.sh" --net internal:lab --mac "$(gn_addr_mac 2)"
gn_wait_guest g1 'GN-PASS' 150
gn_wait_guest g2 'GN-PASS' 150
n=$(run_as nobody "$RUN_XDG" "$GUESTNET_CTL" "$RUN_XDG/guestnet/internal-lab.ctl" query-ports |
	grep -Eo '"id": *"hub\.[0-9]+"' | wc -l)
[ "$n" = 2 ] || gn_fail "the lab hub has $n peers, expected 2"
[ "$(run_ns_procs 'guestnet-emu .*/internal-lab\.sock' | wc -l)" = 1 ] || gn_fail "not one lab hub: $(run_ns_procs 'internal-lab.sock')"
gn_log "g1 and g2 ping each other through one hub with 2 peers"

isolated_script "$GN_DIR/iso.sh"
run_guest g3 10.9.0.3/24 "$GN_DIR/iso.sh" --user daemon "$XDG_DAEMON" --net internal:lab --mac "$(gn_addr_mac 3)"
run_guest g4 10.9.0.4/24 "$GN_DIR/iso.sh" --net internal:lab2 --mac "$(gn_addr_mac 4)"
gn_wait_guest g3 'GN-(PASS|FAIL)' 150
gn_wait_guest g4 'GN-(PASS|FAIL)' 150
[ "$(gn_result g3 reached)" = nothing ] || gn_fail "daemon's guest on internal:lab reached $(gn_result g3 reached)"
[ "$(gn_result g4 reached)" = nothing ] || gn_fail "internal:lab2's guest reached $(gn_result g4 reached)"
[ -S "$XDG_DAEMON/guestnet/internal-lab.sock" ] || gn_fail "daemon's lab hub socket missing"
n=$(run_as nobody "$RUN_XDG" "$GUESTNET_CTL" "$RUN_XDG/guestnet/internal-lab.ctl" query-ports |
	grep -Eo '"id": *"hub\.[0-9]+"' | wc -l)
[ "$n" = 2 ] || gn_fail "nobody's lab hub has $n peers after the others joined theirs"
gn_log "another user's internal:lab and nobody's internal:lab2 are separate hubs"

kill -TERM "$(gn_pid g1)"
run_wait_exit g1 20
[ -n "$(run_ns_procs "guestnet-emu .*$RUN_XDG/guestnet/internal-lab\.sock")" ] || gn_fail "lab hub gone while g2 still uses it"
kill -TERM "$(gn_pid g2)"
run_wait_exit g2 20
run_wait_gone "guestnet-emu .*$RUN_XDG/guestnet/internal-lab\.sock" 5
[ -e "$RUN_XDG/guestnet/internal-lab.sock" ] && gn_fail "lab hub socket left"
[ -n "$(run_ns_procs "guestnet-emu .*$RUN_XDG/guestnet/internal-lab2\.sock")" ] || gn_fail "lab2 hub gone too early"
gn_log "lab hub gone after g1 and g2 exited; lab2 still there"
kill -TERM "$(gn_pid g4)" "$(gn_pid g3)"
run_wait_exit g4 20
run_wait_exit g3 20
run_wait_gone 'guestnet-emu' 5
gn_log "every hub gone after its last user left"
run_pass
