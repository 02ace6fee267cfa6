# shellcheck shell=bash
# tap-lib.sh - shared part of the tap-*.sh integration tests (bash; source)
#
# Sources gn.sh and adds: a bridge gnbr0 (192.0.2.1/24) in the test
# namespace, a setuid-root copy of the test build of the bridge helper with
# its build-tree ACL, an emulator run as root or with a descriptor opened
# as root, and a guest on a unix stream port of the emulator.
#
# Environment (tests/integration/meson.build):
#   GN_HELPER_TEST     test build of guestnet-bridge-helper (ACL in the tree)
#   GN_HELPER_ACL_DIR  the directory its compiled-in ACL path points into
source "$(dirname "${BASH_SOURCE[0]}")/../lib/gn.sh"

TAP_MAC=$(gn_addr_mac 7)
TAP_GUEST_IP=192.0.2.2
TAP_BR_IP=192.0.2.1

tap_cleanup() {
	local rc=$?
	[ -n "${TAP_SUID_DIR:-}" ] && rm -rf "$TAP_SUID_DIR"
	[ -n "${TAP_ACL_OWNED:-}" ] && rm -rf "${GN_HELPER_ACL_DIR:?}"
	(exit $rc)
	gn_cleanup
}

# tap_init NAME - gn_init plus our cleanup
tap_init() {
	gn_init "$1"
	trap tap_cleanup EXIT
}

# tap_bridge - bridge gnbr0 with 192.0.2.1/24, up, in the namespace
tap_bridge() {
	gn_ns ip link add gnbr0 type bridge
	gn_ns ip addr add "$TAP_BR_IP/24" dev gnbr0
	gn_ns ip link set gnbr0 up
}

# tap_helper ACL-TEXT - setuid copy of the test helper (TAP_HELPER) and
# its root-owned ACL
tap_helper() {
	[ -x "${GN_HELPER_TEST:-}" ] || gn_fail "GN_HELPER_TEST=${GN_HELPER_TEST:-} not executable"
	[ -n "${GN_HELPER_ACL_DIR:-}" ] || gn_fail "GN_HELPER_ACL_DIR not set"
	TAP_SUID_DIR=$(dirname "$(realpath "$GN_HELPER_TEST")")/suid-$GN_TEST-$$
	install -d -o root -g root -m 0755 "$TAP_SUID_DIR"
	TAP_HELPER=$TAP_SUID_DIR/guestnet-bridge-helper
	install -o root -g root -m 4755 "$GN_HELPER_TEST" "$TAP_HELPER"
	rm -rf "$GN_HELPER_ACL_DIR"
	install -d -o root -g root -m 0755 "$GN_HELPER_ACL_DIR"
	TAP_ACL_OWNED=1
	printf '%s\n' "$1" >"$GN_HELPER_ACL_DIR/bridge.conf"
	chmod 0644 "$GN_HELPER_ACL_DIR/bridge.conf"
}

# tap_count - number of tun/tap devices in the namespace
tap_count() {
	gn_ns ip -o link show type tun | wc -l
}

# tap_bg_root NAME CMD... - like gn_emu, but CMD runs as root; CMD must
# end up exec'ing guestnet-emu (it is stopped and checked as one)
tap_bg_root() {
	local name=$1
	shift
	echo "$*" >"$GN_DIR/$name.cmd"
	(cd "$GN_DIR" && exec ip netns exec "$GN_NS" "$@") >"$GN_DIR/$name.log" 2>&1 &
	GN_LAST_PID=$!
	GN_PIDS+=("$GN_LAST_PID")
	GN_NAMES+=("$name")
	GN_EMUS+=("$name")
	echo "$GN_LAST_PID" >"$GN_DIR/$name.pid"
	gn_log "started $name as root (pid $GN_LAST_PID): $*"
}

# tap_stream_arg - the emulator's server port for the guest
tap_stream_arg() {
	echo "stream,id=g,server=on,addr.type=unix,addr.path=$GN_DIR/g.sock"
}

# tap_guest_ping PEER [GUEST-IP] - boot the guest (address GUEST-IP/24,
# default 192.0.2.2) on the emulator's stream port, wait for its 5 pings
# of PEER to be answered
tap_guest_ping() {
	gn_wait_path "$GN_DIR/g.sock" 10 "$(gn_pid emu)"
	# an emulator run as root made the socket root's: let nobody's QEMU in
	chmod 0666 "$GN_DIR/g.sock"
	gn_ping_script "$GN_DIR/ping.sh" "$1"
	gn_guest g1 "$TAP_MAC" virtio-net-pci "${2:-$TAP_GUEST_IP}/24" "$GN_DIR/ping.sh" \
		-netdev "stream,id=n,server=off,addr.type=unix,addr.path=$GN_DIR/g.sock"
	gn_wait_guest g1 'GN-PASS' 50
}

# tap_stop_emus - stop every emulator now (gn_stop_emus: SIGTERM, exit 0,
# no sanitizer report) and forget them, so gn_pass does not stop them again
tap_stop_emus() {
	gn_stop_emus
	GN_EMUS=()
}

# tap_expect_fail RC-FILE ERR-FILE ERE - last run exited 2 with one stderr
# line matching ERE
tap_expect_fail() {
	local rc=$1 err=$2 pat=$3
	[ "$rc" = 2 ] || gn_fail "exit status $rc, not 2 ($(head -c 300 "$err"))"
	[ "$(wc -l <"$err")" = 1 ] || gn_fail "not one line on stderr: $(cat "$err")"
	grep -Eq -- "$pat" "$err" || gn_fail "stderr does not match '$pat': $(cat "$err")"
	gn_log "refused as expected: $(cat "$err")"
}
