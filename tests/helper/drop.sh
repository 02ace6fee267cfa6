#!/bin/bash
# drop.sh - after its privilege drop the helper holds exactly CAP_NET_ADMIN
# (effective and permitted; empty bounding set), runs as the caller, has
# NoNewPrivs and a seccomp filter (Seccomp: 2). Uses the -pause test build,
# which stops itself (SIGSTOP) right after loading the filter; the client
# reads /proc/PID/status then continues it. Checked for the setuid install
# and for the cap_net_admin+ep install.
# Usage: drop.sh HELPER PAUSE-HELPER CLIENT (env GN_HELPER_ACL_DIR)
set -u
source "$(dirname "$0")/common.sh"
helper_init helper-drop "$@"
acl "allow gnbr0"

check_status() { # MODE
	local out=$GN_DIR/status-$1
	gn_run "$CLIENT" --pause "$PAUSE_SUID" gnbr0 >"$out" 2>"$GN_DIR/err-$1" ||
		gn_fail "$1: client failed: $(cat "$GN_DIR/err-$1")"
	sed "s/^/  $1: /" "$out"
	grep -Eq '^CapEff:[[:space:]]+0000000000001000$' "$out" || gn_fail "$1: CapEff is not CAP_NET_ADMIN only"
	grep -Eq '^CapPrm:[[:space:]]+0000000000001000$' "$out" || gn_fail "$1: CapPrm is not CAP_NET_ADMIN only"
	grep -Eq '^Seccomp:[[:space:]]+2$' "$out" || gn_fail "$1: no seccomp filter"
	grep -Eq '^NoNewPrivs:[[:space:]]+1$' "$out" || gn_fail "$1: NoNewPrivs not set"
	grep -Eq '^Uid:[[:space:]]+65534[[:space:]]+65534[[:space:]]+65534[[:space:]]+65534$' "$out" ||
		gn_fail "$1: not running as the caller"
	grep -q '^tap tap' "$out" || gn_fail "$1: no tap after the pause"
}

check_status setuid
[ "$(grep -E '^CapBnd:' "$GN_DIR/status-setuid" | awk '{print $2}')" = 0000000000000000 ] ||
	gn_fail "setuid: bounding set not cleared"

# The cap_net_admin+ep install (meson -Dhelper_privilege=caps)
chmod 0755 "$PAUSE_SUID"
setcap cap_net_admin+ep "$PAUSE_SUID" || gn_fail "setcap failed"
check_status caps

[ "$(taps)" = 0 ] || gn_fail "tap left behind"
gn_pass
