#!/bin/bash
# drop.sh - the helper's privileges at each step, from /proc/PID/status
# of the -pause test build (it stops itself there; the client reads the
# file, then continues it). For the setuid install and the
# cap_net_admin+ep install:
# - "acl" (reading the ACL, the definitions and NSS): already the caller
#   (all uids 65534), CAP_NET_ADMIN permitted but not effective, no
#   seccomp yet (NSS modules may need anything) - nothing runs privileged
#   with the caller's files or names (issue 11, item 6);
# - "drop" (after the drop, before the tap): exactly CAP_NET_ADMIN
#   effective and permitted, NoNewPrivs, a seccomp filter (Seccomp: 2).
# The bounding set is empty for the setuid install; for cap_net_admin+ep
# it stays the caller's (clearing it needs CAP_SETPCAP, which that
# install does not have: docs/SECURITY.md says why that is harmless).
# Usage: drop.sh HELPER PAUSE-HELPER CLIENT (env GN_HELPER_ACL_DIR)
set -u
source "$(dirname "$0")/common.sh"
helper_init helper-drop "$@"
acl "allow gnbr0"

field() { # FILE NAME - the value of a status line
	awk -v f="$2:" '$1 == f { $1 = ""; sub(/^ +/, ""); print }' "$1"
}

status() { # MODE STEP - run the pause build stopped at STEP
	local out=$GN_DIR/status-$1-$2
	gn_run env GN_HELPER_PAUSE_AT="$2" "$CLIENT" --pause "$PAUSE_SUID" gnbr0 \
		>"$out" 2>"$GN_DIR/err-$1-$2" ||
		gn_fail "$1/$2: client failed: $(cat "$GN_DIR/err-$1-$2")"
	sed "s/^/  $1 $2: /" "$out" >&2
	grep -q '^tap tap' "$out" || gn_fail "$1/$2: no tap after the pause"
	echo "$out"
}

want() { # FILE NAME VALUE WHAT
	local got
	got=$(field "$1" "$2" | tr -s '\t ' ' ')
	[ "$got" = "$3" ] || gn_fail "$(basename "$1"): $2 is '$got', want '$3' ($4)"
}

check_mode() { # MODE
	local s
	s=$(status "$1" acl | tail -n1)
	want "$s" Uid "65534 65534 65534 65534" "the caller while reading the ACL"
	want "$s" CapEff 0000000000000000 "no effective capability while reading the ACL"
	want "$s" CapPrm 0000000000001000 "CAP_NET_ADMIN kept, permitted only"
	want "$s" Seccomp 0 "no filter yet"
	s=$(status "$1" drop | tail -n1)
	want "$s" Uid "65534 65534 65534 65534" "the caller"
	want "$s" CapEff 0000000000001000 "CAP_NET_ADMIN only"
	want "$s" CapPrm 0000000000001000 "CAP_NET_ADMIN only"
	want "$s" Seccomp 2 "seccomp filter"
	want "$s" NoNewPrivs 1 "no new privileges"
	DROP_STATUS=$s
}

check_mode setuid
want "$DROP_STATUS" CapBnd 0000000000000000 "setuid: bounding set cleared"

# The cap_net_admin+ep install (meson -Dhelper_privilege=caps)
chmod 0755 "$PAUSE_SUID"
setcap cap_net_admin+ep "$PAUSE_SUID" || gn_fail "setcap failed"
check_mode caps
want "$DROP_STATUS" CapBnd "$(field /proc/self/status CapBnd)" "caps: bounding set left as the caller's"

[ "$(taps)" = 0 ] || gn_fail "tap left behind"
gn_pass
