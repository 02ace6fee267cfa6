#!/bin/bash
# shellcheck disable=SC2016,SC2015  # single-quoted scripts for the command/guest; A && B || fail
# run-network.sh - `guestnet run --net NAME`: a tap from the bridge helper
# on the bridge of network definition NAME
#
# The test build of guestnet reads NAME.conf from a networks directory in
# the build tree; the helper is a setuid-root copy of a test build whose
# ACL is in the build tree too. In the namespace: bridge gnbr0
# (192.0.2.1/24); testnet.conf names gnbr0 (allowed), denied.conf gnbr1
# (not allowed).
#   - a non-QEMU command gets GUESTNET_NET0_TYPE=tap and the descriptor
#     (a tun/tap descriptor; the tap is in gnbr0, owned by nobody);
#   - a QEMU guest (helper named by GUESTNET_BRIDGE_HELPER) pings
#     192.0.2.1; its tap is gone after guestnet exits;
#   - refusals, one line and exit 1: no such network; a bridge the ACL
#     does not allow (the helper's reason); a helper that does not exist.
set -u
source "$(dirname "$0")/run-lib.sh"

setup() {
	gn_bridge gnbr0 192.0.2.1/24
	gn_suid_copy "${GN_RUN_HELPER:-}"
	HELPER=$GN_SUID
	gn_root_dir "${GN_RUN_ACL_DIR:?}" "${GN_RUN_NETWORKS_DIR:?}"
	gn_root_file "$GN_RUN_ACL_DIR/bridge.conf" 'allow gnbr0'
	gn_root_file "$GN_RUN_NETWORKS_DIR/testnet.conf" "# test network
mode = host-only
bridge = gnbr0   # the bridge"
	gn_root_file "$GN_RUN_NETWORKS_DIR/denied.conf" "mode = bridged
bridge = gnbr1"
}

check_env() {
	local tap fdlink owner
	run_gn --helper "$HELPER" --net testnet -- sh -c \
		'echo "$GUESTNET_NET0_TYPE $GUESTNET_NET0_MODE $GUESTNET_NET0_NAME $GUESTNET_NET0_BRIDGE $GUESTNET_NET0_VNET_HDR"
		 echo "$GUESTNET_NET0_IFNAME"
		 readlink "/proc/self/fd/$GUESTNET_NET0_FD"
		 cat "/sys/class/net/$GUESTNET_NET0_IFNAME/owner"
		 basename "$(readlink "/sys/class/net/$GUESTNET_NET0_IFNAME/master")"'
	run_expect_rc 0
	[ "$(sed -n 1p "$GN_DIR/out")" = "tap network testnet gnbr0 1" ] || gn_fail "env: $(cat "$GN_DIR/out")"
	tap=$(sed -n 2p "$GN_DIR/out") fdlink=$(sed -n 3p "$GN_DIR/out") owner=$(sed -n 4p "$GN_DIR/out")
	[ "$fdlink" = /dev/net/tun ] || gn_fail "GUESTNET_NET0_FD is $fdlink"
	[ "$owner" = 65534 ] || gn_fail "$tap owned by $owner"
	[ "$(sed -n 5p "$GN_DIR/out")" = gnbr0 ] || gn_fail "$tap not in gnbr0"
	[ "$(gn_tap_count)" = 0 ] || gn_fail "tap left after the command exited"
	gn_log "command got $tap (fd, vnet_hdr, in gnbr0, owned by nobody); gone afterwards"
}

check_refusals() {
	run_gn --helper "$HELPER" --net nosuch -- true
	run_expect_err 1 "^guestnet: --net nosuch: no network 'nosuch' \\($GN_RUN_NETWORKS_DIR/nosuch.conf: no such file\\)$"
	run_gn --helper "$HELPER" --net denied -- true
	run_expect_err 1 '^guestnet: --net denied: bridge gnbr1: helper failed, exit status 1: guestnet-bridge-helper: bridge gnbr1 not allowed'
	run_gn --helper /nonexistent/helper --net testnet -- true
	run_expect_err 1 '^guestnet: --net testnet: bridge gnbr0: cannot execute /nonexistent/helper: No such file or directory$'
	[ "$(gn_tap_count)" = 0 ] || gn_fail "tap left after a refusal"
}

check_guest() {
	local tap
	gn_ping_script "$GN_DIR/ping.sh" 192.0.2.1
	GUESTNET_BRIDGE_HELPER=$HELPER run_guest g 192.0.2.2/24 "$GN_DIR/ping.sh" \
		--net testnet --mac "$(gn_addr_mac 31)"
	gn_wait_guest g 'GN-PASS' 150
	tap=$(gn_nobody_tap gnbr0)
	gn_log "guest pinged 192.0.2.1 through $tap (in gnbr0, owned by nobody)"
	kill -TERM "$(gn_pid g)"
	run_wait_exit g 20
	[ "$(gn_tap_count)" = 0 ] || gn_fail "tap left after guestnet exited"
	gn_log "tap gone after guestnet exited"
}

run_init run-network
setup
check_env
check_refusals
check_guest
run_pass
