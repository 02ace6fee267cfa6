#!/bin/bash
# limits.sh - resource limits set by the caller fail closed (issue 16,
# item 7). Limits survive the setuid exec; too small ones used to make
# the helper fail half-way, maybe after a network's rules were applied.
# Each sweep runs the helper for a guestnet network's bridge whose table
# is absent, with RLIMIT_NOFILE, RLIMIT_STACK, RLIMIT_AS or RLIMIT_DATA
# (soft = hard) at each value, and requires: no hang (20 s deadline), no
# tap left, no rule left unless a tap was delivered, and one of
# - a tap (at or above the helper's floor, always);
# - exit 1 with exactly one line from the helper (below the floor: it
#   names the limit);
# - below what the dynamic loader needs to start the helper at all
#   (RLIMIT_NOFILE < 4, RLIMIT_AS < 8 MiB): exit 127 with the loader's
#   one line; and for RLIMIT_STACK < 32 KiB, death by SIGSEGV before
#   main() (docs/SECURITY.md) - in a sanitizer build, ASan's stack
#   overflow report from the first function main() calls.
# A soft limit under the floor with a hard limit over it is raised.
# RLIMIT_AS/DATA are not swept in sanitizer builds (ASan needs them
# unlimited before main()).
# Usage: limits.sh HELPER PAUSE-HELPER CLIENT (env GN_HELPER_ACL_DIR)
set -u
source "$(dirname "$0")/common.sh"
helper_init helper-limits "$@"

gn_ns ip link add gnbrl type bridge
acl ""
define gnlim "mode = internal
bridge = gnbrl
users = nobody"

# one RES VALUE FLOOR LOADER_BELOW SEGV_BELOW
one() {
	local res=$1 v=$2 floor=$3 loader=$4 segv=$5 name="$1=$2" rc lines
	gn_ns nft delete table inet guestnet 2>/dev/null
	gn_run "$CLIENT" --rlimit="$res=$v" "$HELPER_SUID" gnbrl >"$GN_DIR/out" 2>"$GN_DIR/err"
	rc=$?
	lines=$(grep -c '^guestnet-bridge-helper: ' "$GN_DIR/err")
	if grep -q 'did not finish' "$GN_DIR/err"; then
		bad "$name" "hung"
	elif [ "$(taps)" != 0 ]; then
		bad "$name" "tap left behind"
	elif [ $rc = 0 ]; then
		[ "$(our_chains)" = 3 ] && ok_case "$name" "tap" || bad "$name" "tap without the rules"
	elif [ "$(our_chains)" != 0 ]; then
		bad "$name" "refused, but rules left"
	elif [ "${v%%:*}" -ge "$floor" ] && [[ $v != *:* ]]; then
		bad "$name" "refused at or above the floor $floor"
	elif grep -q 'helper exit 1$' "$GN_DIR/err" && [ "$lines" = 1 ]; then
		ok_case "$name" "$(grep '^guestnet-bridge-helper: ' "$GN_DIR/err")"
	elif [ "$v" -lt "$loader" ] && grep -q 'helper exit 127$' "$GN_DIR/err" &&
		[ "$(grep -c 'error while loading shared libraries' "$GN_DIR/err")" = 1 ]; then
		ok_case "$name" "the loader: $(grep -o 'error while loading.*' "$GN_DIR/err")"
	elif [ "$v" -lt "$segv" ] && grep -q 'killed by signal 11$' "$GN_DIR/err"; then
		ok_case "$name" "SIGSEGV before main()"
	elif [ "$v" -lt "$segv" ] && [ "${GN_SANITIZED:-none}" != none ] &&
		grep -q 'AddressSanitizer: stack-overflow' "$GN_DIR/err"; then
		ok_case "$name" "ASan's stack overflow in the first function (its interceptors are stack-hungry)"
	else
		bad "$name" "exit $rc, $lines helper lines"
	fi
}
ok_case() { passes=$((passes + 1)); echo "ok $1: $2"; }

for v in 0 1 2 3 4 5 6 8 12 16 24 31 32 40 64 1024; do
	one nofile $v 32 4 0
done
one nofile 4:1024 32 0 0	# soft under the floor, hard over it: raised
for v in 4096 8192 16384 24576 32768 65536 131072 258048 262144 1048576 8388608; do
	one stack $v 262144 0 32768
done
one stack 65536:8388608 262144 0 0
if [ "${GN_SANITIZED:-none}" = none ]; then
	for v in 1048576 4194304 8388608 16777216 33554432 67108863 67108864 134217728; do
		one as $v 67108864 8388608 0
	done
	one as 16777216:134217728 67108864 0 0
	for v in 1048576 4194304 16777216 33554431 33554432 67108864; do
		one data $v 33554432 8388608 0
	done
else
	echo "note: RLIMIT_AS/RLIMIT_DATA not swept in a sanitizer build"
fi
helper_report
