#!/bin/bash
# man.sh - every man page renders without a warning: groff -ww -z -man
# (all warnings, no output) and, where man-db is installed,
# man --warnings -l; any diagnostic is a failure. Also checks that no
# @VARIABLE@ was left unsubstituted and each page has NAME and SYNOPSIS.
# Usage: man.sh PAGE...
set -u
fails=0 n=0
command -v groff >/dev/null || { echo "FAIL: groff missing (package groff-base)"; exit 1; }
for page in "$@"; do
	n=$((n + 1))
	name=$(basename "$page")
	out=$(groff -ww -z -man "$page" 2>&1)
	[ -z "$out" ] || { echo "FAIL $name: groff: $out"; fails=$((fails + 1)); continue; }
	if command -v man >/dev/null; then
		out=$(MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$page" 2>&1 >/dev/null)
		[ -z "$out" ] || { echo "FAIL $name: man: $out"; fails=$((fails + 1)); continue; }
	fi
	if grep -n '@[A-Z_]*@' "$page"; then
		echo "FAIL $name: unsubstituted variable"; fails=$((fails + 1)); continue
	fi
	grep -q '^\.SH NAME' "$page" && grep -q '^\.SH SYNOPSIS' "$page" ||
		{ echo "FAIL $name: no NAME or SYNOPSIS section"; fails=$((fails + 1)); continue; }
	echo "ok $name"
done
[ $n -gt 0 ] || { echo "FAIL: no pages given"; exit 1; }
echo "$((n - fails)) passed, $fails failed"
[ $fails = 0 ]
