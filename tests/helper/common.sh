# shellcheck shell=bash
# common.sh - shared setup of the helper's integration tests (bash; source)
#
# Usage from a test: source common.sh; helper_init NAME "$@"
# Arguments (from tests/helper/meson.build): HELPER PAUSE-HELPER CLIENT.
# Makes the gn.sh namespace with bridge gnbr0 (192.0.2.1/24, MTU 1400),
# setuid-root copies of the test helpers in the build tree (HELPER_SUID,
# PAUSE_SUID), and the root-owned ACL directory compiled into them
# ($GN_HELPER_ACL_DIR, below /run: every directory on its path must be
# root-owned and not group/other-writable; its networks.d is NETS, not
# made). Callers run as nobody:nogroup via gn_run.
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
	trusted_dir "$(dirname "$GN_HELPER_ACL_DIR")"
	rm -rf "$GN_HELPER_ACL_DIR"
	install -d -o root -g root -m 0755 "$GN_HELPER_ACL_DIR"
	ACL=$GN_HELPER_ACL_DIR/bridge.conf
	NETS=$GN_HELPER_ACL_DIR/networks.d
	gn_ns ip link add gnbr0 type bridge
	gn_ns ip link set gnbr0 mtu 1400
	gn_ns ip addr add 192.0.2.1/24 dev gnbr0
	gn_ns ip link set gnbr0 up
}

# trusted_dir DIR - make DIR and each missing parent root:root 0755
trusted_dir() {
	local d=/ c
	local IFS=/
	for c in $1; do
		[ -n "$c" ] || continue
		d=${d%/}/$c
		[ -d "$d" ] || install -d -o root -g root -m 0755 "$d"
	done
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

# define NAME TEXT - write network definition NAME (root, 0644)
define() {
	install -d -o root -g root -m 0755 "$NETS"
	printf '%s\n' "$2" >"$NETS/$1.conf"
	chmod 0644 "$NETS/$1.conf"
}

# our_chains - print the chains of table inet guestnet (none if no table)
our_chains() {
	gn_ns nft list table inet guestnet 2>/dev/null | grep -c '^[[:space:]]*chain ' || true
}

# --- cases: each refuse/accept counts one; helper_report ends the test ---
passes=0
fails=0

bad() { # NAME WHY - count a failed case, show its output
	echo "FAIL $1: $2" >&2
	sed 's/^/  | /' "$GN_DIR/out" "$GN_DIR/err" >&2
	fails=$((fails + 1))
}

# refuse NAME MESSAGE CMD... - CMD (as nobody) must fail with MESSAGE: one
# line from the helper on stderr, not killed, in time, no tap left
refuse() {
	local name=$1 msg=$2 n
	shift 2
	gn_run "$@" >"$GN_DIR/out" 2>"$GN_DIR/err" && { bad "$name" "succeeded"; return 1; }
	n=$(grep -c '^guestnet-bridge-helper: ' "$GN_DIR/err")
	[ "$n" = 1 ] || { bad "$name" "helper printed $n lines, want 1"; return 1; }
	grep -qF -- "$msg" "$GN_DIR/err" || { bad "$name" "no '$msg' on stderr"; return 1; }
	grep -q 'killed by signal\|did not finish' "$GN_DIR/err" && { bad "$name" "killed or hung"; return 1; }
	[ "$(taps)" = 0 ] || { bad "$name" "tap left behind"; return 1; }
	passes=$((passes + 1))
	echo "ok $name: $(grep '^guestnet-bridge-helper: ' "$GN_DIR/err")"
}

# accept NAME BRIDGE [CLIENT-OPTS...] - the client must get a vnet tap,
# gone once the client closed it; nothing on the helper's stderr. The
# client (and so the helper) gets the environment CASE_ENV=(VAR=VALUE...)
# and runs HELPER_UNDER_TEST (default: the setuid test build).
CASE_ENV=()
accept() {
	local name=$1 br=$2
	shift 2
	gn_run env "${CASE_ENV[@]}" "$CLIENT" "$@" "${HELPER_UNDER_TEST:-$HELPER_SUID}" "$br" \
		>"$GN_DIR/out" 2>"$GN_DIR/err" ||
		{ bad "$name" "refused"; return 1; }
	grep -q '^tap tap[0-9]* vnet_hdr$' "$GN_DIR/out" || { bad "$name" "no vnet tap"; return 1; }
	grep -q '^guestnet-bridge-helper: ' "$GN_DIR/err" && { bad "$name" "helper wrote to stderr"; return 1; }
	[ "$(taps)" = 0 ] || { bad "$name" "tap left after the client closed it"; return 1; }
	passes=$((passes + 1))
	echo "ok $name"
}

# check NAME CONDITION... - count a case on a shell condition
check() {
	local name=$1
	shift
	if "$@"; then
		passes=$((passes + 1))
		echo "ok $name"
	else
		bad "$name" "failed: $*"
	fi
}

helper_report() {
	echo "$passes passed, $fails failed"
	[ "$fails" = 0 ] || gn_fail "$fails helper cases failed"
	gn_pass
}
