# shellcheck shell=bash
# common.sh - shared setup of the helper's integration tests (bash; source)
#
# Usage from a test: source common.sh; helper_init NAME "$@"
# Arguments (from tests/helper/meson.build): HELPER PAUSE-HELPER CLIENT.
# Makes the gn.sh namespace with bridge gnbr0 (192.0.2.1/24, MTU 1400),
# setuid-root copies of the test helpers in the build tree (HELPER_SUID,
# PAUSE_SUID), and the root-owned ACL directory compiled into them
# ($GN_HELPER_ACL_DIR). Callers run as nobody:nogroup via gn_run.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/gn.sh"

helper_cleanup() {
	local rc=$?
	rm -rf "${HELPER_WORK:-/nonexistent}"
	rm -rf "${GN_HELPER_ACL_DIR:?}"
	(exit $rc)
	gn_cleanup
}

# helper_init NAME HELPER PAUSE CLIENT
helper_init() {
	gn_init "$1"
	trap helper_cleanup EXIT
	HELPER_BIN=$(realpath "$2") PAUSE_BIN=$(realpath "$3") CLIENT=$(realpath "$4")
	[ -n "${GN_HELPER_ACL_DIR:-}" ] || gn_fail "GN_HELPER_ACL_DIR not set"
	HELPER_WORK=$(dirname "$HELPER_BIN")/suid-$1-$$
	mkdir -p "$HELPER_WORK"
	chmod 0755 "$HELPER_WORK"
	HELPER_SUID=$HELPER_WORK/guestnet-bridge-helper
	PAUSE_SUID=$HELPER_WORK/guestnet-bridge-helper-pause
	install -o root -g root -m 4755 "$HELPER_BIN" "$HELPER_SUID"
	install -o root -g root -m 4755 "$PAUSE_BIN" "$PAUSE_SUID"
	chmod 0755 "$CLIENT"
	rm -rf "$GN_HELPER_ACL_DIR"
	install -d -o root -g root -m 0755 "$GN_HELPER_ACL_DIR"
	ACL=$GN_HELPER_ACL_DIR/bridge.conf
	gn_ns ip link add gnbr0 type bridge
	gn_ns ip link set gnbr0 mtu 1400
	gn_ns ip addr add 192.0.2.1/24 dev gnbr0
	gn_ns ip link set gnbr0 up
}

# acl TEXT - write the top-level ACL (root, 0644)
acl() {
	rm -f "$ACL"
	printf '%s\n' "$1" >"$ACL"
	chmod 0644 "$ACL"
}

# taps - print the number of tap devices in the namespace
taps() {
	gn_ns ip -o link show type tun | wc -l
}
