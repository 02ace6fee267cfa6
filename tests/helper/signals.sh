#!/bin/bash
# signals.sh - the caller may stop, continue, kill or hang up on the
# helper at any step (issue 16, item 7); it is the process's real uid, so
# nothing prevents it. The -pause build stops itself (as SIGSTOP from the
# caller would) at each step: start (arguments checked, still
# privileged), acl (dropped, reading the ACL), drop (confined), tap (tap
# made), attach (in the bridge), rules (the network's rules applied, fd
# not sent). On a guestnet network's bridge, from each step:
# - continued: a tap, the rules in place;
# - killed (SIGKILL): the client fails at once, no tap; with the table
#   absent before, none is left, except when killed at "rules": then the
#   network's own rules stay on its bridge (docs/SECURITY.md); with the
#   rules in place before (as after `guestnet-network up`), the ruleset
#   is byte for byte the same;
# - hung up on (the caller closes its end, then continues it): refused,
#   no tap, no chain left.
# Usage: signals.sh HELPER PAUSE-HELPER CLIENT (env GN_HELPER_ACL_DIR)
set -u
source "$(dirname "$0")/common.sh"
helper_init helper-signals "$@"

gn_ns ip link add gnbrs type bridge
acl ""
define gnsig "mode = nat-network
bridge = gnbrs
address = 10.95.0.1/24
users = nobody"

STEPS="start acl drop tap attach rules"
at() { # STEP THEN - the pause build, stopped at STEP, then THEN
	gn_run env GN_HELPER_PAUSE_AT="$1" "$CLIENT" --timeout=20 --pause --then="$2" \
		"$PAUSE_SUID" gnbrs >"$GN_DIR/out" 2>"$GN_DIR/err"
}
no_table() { ! gn_ns nft list table inet guestnet >/dev/null 2>&1; }
unchanged() { gn_ns nft list ruleset | cmp -s "$GN_DIR/up.rules" -; }
clean() { gn_ns nft delete table inet guestnet 2>/dev/null; true; }

for s in $STEPS; do
	clean
	at "$s" cont
	check "$s-continued" grep -q '^tap tap' "$GN_DIR/out"
	check "$s-continued-rules" [ "$(our_chains)" = 4 ]
	check "$s-continued-no-tap-after" [ "$(taps)" = 0 ]

	clean
	t0=$(date +%s%N)
	at "$s" kill
	t1=$(date +%s%N)
	check "$s-killed-fails-at-once" sh -c "grep -q 'killed by signal 9' '$GN_DIR/err' && [ $(((t1 - t0) / 1000000)) -lt 5000 ]"
	check "$s-killed-no-tap" [ "$(taps)" = 0 ]
	if [ "$s" = rules ]; then
		check "$s-killed-own-rules" [ "$(our_chains)" = 4 ]
	else
		check "$s-killed-no-table" no_table
	fi

	clean
	refuse "$s-hung-up" "cannot send the tap fd" env GN_HELPER_PAUSE_AT="$s" \
		"$CLIENT" --timeout=20 --pause --then=hangup "$PAUSE_SUID" gnbrs
	check "$s-hung-up-no-chain" [ "$(our_chains)" = 0 ]
done

# the rules in place before (as after up): a kill anywhere changes nothing
clean
accept rules-up gnbrs
gn_ns nft list ruleset >"$GN_DIR/up.rules"
for s in $STEPS; do
	at "$s" kill
	check "$s-killed-after-up-same" unchanged
	check "$s-killed-after-up-no-tap" [ "$(taps)" = 0 ]
done
helper_report
