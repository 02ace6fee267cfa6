#!/bin/bash
# shellcheck disable=SC2016,SC2015  # single-quoted scripts for the command/guest; A && B || fail
# run-guest.sh MODE - a real QEMU guest launched by `guestnet run` as nobody
#
#   nat   `guestnet run --net nat --forward tcp:127.0.0.1:17001-:7001 --
#         qemu-system-x86_64 ...` (virtio): the guest gets its DHCP lease
#         (10.0.2.15, router 10.0.2.2), fetches a page from the host's web
#         server at 10.0.2.2, and the host reaches a service in the guest
#         through the forward. SIGTERM to guestnet stops QEMU; the private
#         emulator and its directory are gone afterwards.
#   none  `guestnet run --net none --model e1000 --mac M -- qemu...`: the
#         guest has an e1000 NIC with MAC M and no connectivity; it powers
#         off, QEMU exits 0 and guestnet passes that status on.
#   vde   VirtualBox's "generic networking": a real vde_switch (vde2) with a
#         QEMU guest on it by -netdev vde,sock=DIR, and a guest launched by
#         `guestnet run --net vde:DIR -- qemu...` (its NIC on a private
#         guestnet-emu's -netdev vde): they ping both ways; the NIC's
#         GUESTNET_NET0_* variables; a missing switch is the emulator's
#         error line then guestnet's, exit 1.
set -u
source "$(dirname "$0")/run-lib.sh"
source "$(dirname "$0")/../integration/nat/nat-lib.sh"

MODE=${1:?usage: run-guest.sh nat|none|vde}

mode_nat() {
	local token dir
	token="page-$$-$RANDOM"
	nat_web 8080 "$token"
	cat >"$GN_DIR/nat.sh" <<'SCRIPT'
echo "GN-RESULT addr $(ip -4 -o addr show dev eth0 | awk '{print $4}')"
echo "GN-RESULT router $(ip -4 route show default | awk '{print $3}')"
echo "GN-RESULT page $(timeout 20 wget -q -O - http://10.0.2.2:8080/index.html)"
SCRIPT
	nat_line_service 7001 >>"$GN_DIR/nat.sh"
	run_guest g dhcp "$GN_DIR/nat.sh" --net nat --forward tcp:127.0.0.1:17001-:7001 \
		--mac "$(gn_addr_mac 21)"
	gn_wait_guest g 'GN-LISTENING' 120
	[ "$(gn_result g addr)" = 10.0.2.15/24 ] || gn_fail "guest address $(gn_result g addr)"
	[ "$(gn_result g router)" = 10.0.2.2 ] || gn_fail "guest router $(gn_result g router)"
	[ "$(gn_result g page)" = "$token" ] || gn_fail "guest fetched '$(gn_result g page)', not '$token'"
	gn_log "guest: DHCP 10.0.2.15/24 via 10.0.2.2, fetched the host's page"
	nat_expect_line 17001 "hello-$$"
	dir=$(run_ns_procs 'guestnet-emu' | grep -o "addr.path=[^ ]*" | head -n 1)
	dir=$(dirname "${dir#addr.path=}")
	[ -d "$dir" ] || gn_fail "no private directory of the emulator ($dir)"
	kill -TERM "$(gn_pid g)"
	run_wait_exit g 20
	case $RUN_RC in 0|143) ;; *) gn_fail "guestnet exited $RUN_RC after SIGTERM" ;; esac
	[ -e "$dir" ] && gn_fail "$dir left"
	[ -z "$(run_ns_procs 'guestnet-emu|qemu-system')" ] || gn_fail "left: $(run_ns_procs 'guestnet-emu|qemu-system')"
	gn_log "after SIGTERM: QEMU, emulator and $dir gone"
}

mode_none() {
	local mac
	mac=$(gn_addr_mac 22)
	cat >"$GN_DIR/none.sh" <<SCRIPT
echo "GN-RESULT mac \$(cat /sys/class/net/eth0/address)"
echo "GN-RESULT driver \$(basename \$(readlink /sys/class/net/eth0/device/driver))"
if ping -c 3 -W 1 10.0.2.2 >/dev/null 2>&1; then exit 1; fi
arping -c 2 -w 3 -I eth0 10.0.2.2 >/dev/null 2>&1 && exit 1
echo "GN-RESULT reached nothing"
SCRIPT
	GN_LINGER=0 run_guest g 10.0.2.15/24 "$GN_DIR/none.sh" --net none --model e1000 --mac "$mac"
	gn_wait_guest g 'GN-(PASS|FAIL)' 120
	[ "$(gn_result g mac)" = "$mac" ] || gn_fail "guest MAC $(gn_result g mac), expected $mac"
	[ "$(gn_result g driver)" = e1000 ] || gn_fail "guest driver $(gn_result g driver)"
	[ "$(gn_result g reached)" = nothing ] || gn_fail "the guest reached something"
	gn_log "guest: e1000 NIC $mac, no connectivity"
	run_wait_exit g 30
	[ "$RUN_RC" = 0 ] || gn_fail "guestnet exited $RUN_RC after the guest powered off"
	grep -q 'hub 1000000 is not connected to host network' "$GN_DIR/g.log" ||
		gn_log "note: QEMU did not warn about the unconnected hub"
}

mode_vde() {
	local v
	gn_bg sw bash -c 'exec vde_switch -sock "$1" < <(exec sleep 100000)' vde_switch "$GN_DIR/sw"
	gn_wait_path "$GN_DIR/sw/ctl" 10 "$GN_LAST_PID"
	run_gn --net "vde:$GN_DIR/nosw" -- true
	run_expect_rc 1
	grep -q "cannot open VDE '$GN_DIR/nosw'" "$GN_DIR/err" &&
		grep -q "^guestnet: --net vde:$GN_DIR/nosw: .*exited with status 2" "$GN_DIR/err" ||
		gn_fail "missing switch: $(cat "$GN_DIR/err")"
	gn_log "missing switch: $(tr '\n' '|' <"$GN_DIR/err")"
	run_gn --net "vde:$GN_DIR/sw" -- env
	run_expect_rc 0
	for v in "MODE=vde" "NAME=$GN_DIR/sw" "TYPE=stream"; do
		grep -qx "GUESTNET_NET0_$v" "$GN_DIR/out" || gn_fail "no GUESTNET_NET0_$v: $(grep GUESTNET_NET0 "$GN_DIR/out")"
	done
	gn_ping_script "$GN_DIR/ping-a" 10.0.9.2 5
	gn_guest a "$(gn_addr_mac 23)" e1000 10.0.9.1/24 "$GN_DIR/ping-a" -netdev "vde,id=n,sock=$GN_DIR/sw"
	gn_ping_script "$GN_DIR/ping-g" 10.0.9.1 5
	run_guest g 10.0.9.2/24 "$GN_DIR/ping-g" --net "vde:$GN_DIR/sw" --mac "$(gn_addr_mac 24)"
	gn_wait_guest a GN-PASS 120
	gn_wait_guest g GN-PASS 120
	run_ns_procs 'guestnet-emu' | grep -q "vde,id=vde0,hub=0,sock=$GN_DIR/sw" ||
		gn_fail "no private emulator with -netdev vde: $(run_ns_procs guestnet-emu)"
	kill -TERM "$(gn_pid g)"
	run_wait_exit g 20
	[ -z "$(run_ns_procs 'guestnet-emu')" ] || gn_fail "left: $(run_ns_procs 'guestnet-emu')"
	gn_log "guests on vde_switch, one through guestnet run --net vde: pinged both ways"
}

run_init "run-guest-$MODE"
case $MODE in
nat) mode_nat ;;
none) mode_none ;;
vde) mode_vde ;;
*) gn_fail "unknown mode $MODE" ;;
esac
run_pass
