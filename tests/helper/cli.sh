#!/bin/sh
# cli.sh - the helper's command line without privilege: --help, and every
# argument error exits 1 with exactly one line on stderr, before any ACL
# or device is touched.
# Usage: cli.sh HELPER
set -u
helper=$1
fails=0 passes=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # NAME WANT_RC WANT_STDERR_SUBSTRING ARGS...
	name=$1 want=$2 msg=$3
	shift 3
	"$helper" "$@" >"$tmp/out" 2>"$tmp/err" 9<"$0"
	rc=$?
	lines=$(wc -l <"$tmp/err")
	if [ "$rc" != "$want" ]; then
		echo "FAIL $name: exit $rc, want $want"; cat "$tmp/err"; fails=$((fails + 1)); return
	fi
	if [ "$want" = 1 ] && { [ "$lines" != 1 ] || ! grep -qF -- "$msg" "$tmp/err"; }; then
		echo "FAIL $name: stderr not one line with '$msg':"; cat "$tmp/err"; fails=$((fails + 1)); return
	fi
	echo "ok $name"; passes=$((passes + 1))
}

check help 0 "" --help
grep -q -- '--br=BRIDGE' "$tmp/out" || { echo "FAIL help: no usage on stdout"; fails=$((fails + 1)); }
check no-args 1 "missing --br"
check missing-br 1 "missing --br" --use-vnet --fd=9
check missing-fd 1 "missing --fd" --br=gnbr0
check dup-br 1 "twice" --br=gnbr0 --br=gnbr0 --fd=9
check dup-fd 1 "twice" --br=gnbr0 --fd=9 --fd=9
check dup-vnet 1 "twice" --use-vnet --use-vnet --br=gnbr0 --fd=9
check unknown 1 "unknown argument" --br=gnbr0 --fd=9 --verbose
check split-form 1 "unknown argument" --br gnbr0 --fd=9
check bad-fd 1 "--fd=" --br=gnbr0 --fd=x
check neg-fd 1 "--fd=" --br=gnbr0 --fd=-1
check len16 1 "too long" --br=abcdefghijklmnop --fd=9
check slash 1 "'/'" --br=a/b --fd=9
check space 1 "whitespace" "--br=a b" --fd=9
check newline 1 "whitespace" "--br=a
b" --fd=9
check empty 1 "empty" --br= --fd=9
check fd-zeros 1 "leading zeros" --br=gnbr0 --fd=0009
check quote 1 "character other than" '--br=gn"br' --fd=9
check star 1 "character other than" '--br=gnbr*' --fd=9
check backslash 1 "character other than" '--br=gn\br' --fd=9
check dash 1 "starts with '-'" --br=-gnbr --fd=9
check closed-fd 1 "not an open descriptor" --br=gnbr0 --fd=250
check file-fd 1 "not a socket" --br=gnbr0 --fd=9

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
