# shellcheck shell=bash
# tap-lib.sh - shared part of the tap-*.sh integration tests (bash; source)
#
# Sources gn.sh and adds: a bridge gnbr0 (192.0.2.1/24) in the test
# namespace, a setuid-root copy of the test build of the bridge helper with
# its build-tree ACL, and a guest on the emulator's unix stream port g.sock.
#
# Environment (tests/integration/meson.build):
#   GN_HELPER_TEST     test build of guestnet-bridge-helper (ACL in the tree)
#   GN_HELPER_ACL_DIR  the directory its compiled-in ACL path points into
source "$(dirname "${BASH_SOURCE[0]}")/../lib/gn.sh"

TAP_MAC=$(gn_addr_mac 7)
TAP_GUEST_IP=192.0.2.2
TAP_BR_IP=192.0.2.1

# tap_bridge - bridge gnbr0 with 192.0.2.1/24, up, in the namespace
tap_bridge() {
	gn_bridge gnbr0 "$TAP_BR_IP/24"
}

# tap_helper ACL-TEXT - setuid copy of the test helper (TAP_HELPER) and
# its root-owned ACL, both removed at exit
tap_helper() {
	[ -n "${GN_HELPER_ACL_DIR:-}" ] || gn_fail "GN_HELPER_ACL_DIR not set"
	gn_suid_copy "${GN_HELPER_TEST:-}"
	TAP_HELPER=$GN_SUID
	gn_root_dir "$GN_HELPER_ACL_DIR"
	gn_root_file "$GN_HELPER_ACL_DIR/bridge.conf" "$1"
}

# tap_guest_ping PEER [GUEST-IP] - boot the guest (address GUEST-IP/24,
# default 192.0.2.2) on the emulator's stream port g (gn_unix_server g),
# wait for its 5 pings of PEER to be answered
tap_guest_ping() {
	gn_wait_path "$GN_DIR/g.sock" 10 "$(gn_pid emu)"
	# an emulator run as root made the socket root's: let nobody's QEMU in
	chmod 0666 "$GN_DIR/g.sock"
	gn_ping_script "$GN_DIR/ping.sh" "$1"
	gn_guest g1 "$TAP_MAC" virtio-net-pci "${2:-$TAP_GUEST_IP}/24" "$GN_DIR/ping.sh" \
		-netdev "$(gn_unix_client g)"
	gn_wait_guest g1 'GN-PASS' 50
}

# tap_expect_fail RC ERR-FILE ERE - last run exited 2 with one stderr
# line matching ERE
tap_expect_fail() {
	local rc=$1 err=$2 pat=$3
	[ "$rc" = 2 ] || gn_fail "exit status $rc, not 2 ($(head -c 300 "$err"))"
	[ "$(wc -l <"$err")" = 1 ] || gn_fail "not one line on stderr: $(cat "$err")"
	grep -Eq -- "$pat" "$err" || gn_fail "stderr does not match '$pat': $(cat "$err")"
	gn_log "refused as expected: $(cat "$err")"
}
