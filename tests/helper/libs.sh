#!/bin/bash
# libs.sh - every library the installed helper loads is one that
# docs/SECURITY.md audited ("What the privileged process trusts"): the
# table there names each soname with its number of ELF constructors
# (.init_array entries) and whether it imports getenv/secure_getenv, and
# this test compares both with what readelf and nm see in the libraries
# ldd resolves now. A new library, or a changed one, fails until the
# audit is redone. libnl (whose constructors read NLDBG, NLCB and
# NLSYSCONFDIR) must not be among them, and the helper itself imports no
# getenv. Sanitizer builds also load their runtimes (test builds only,
# never installed): those are listed, not judged.
# Usage: libs.sh HELPER (env GN_SECURITY_MD, GN_SANITIZED)
set -u
helper=$1
doc=${GN_SECURITY_MD:?}
fails=0 passes=0

bad() { echo "FAIL $1"; fails=$((fails + 1)); }
ok() { echo "ok $1"; passes=$((passes + 1)); }

# the audit table: | `SONAME` | CTORS | GETENV | ...
audited() { # SONAME -> "CTORS GETENV", or nothing
	awk -F'|' -v lib="\`$1\`" '
		{ gsub(/^ +| +$/, "", $2) }
		$2 == lib { c = $3; g = $4; gsub(/ /, "", c); gsub(/ /, "", g); print c, g; exit }' "$doc"
}

ctors() { # PATH - number of .init_array entries (8 bytes each)
	local size
	size=$(readelf -SW "$1" | awk '$2 == ".init_array" { print $6 }')
	echo $((0x${size:-0} / 8))
}

getenv_import() { # PATH - yes if it imports getenv or secure_getenv
	if nm -D --undefined-only "$1" 2>/dev/null | grep -Eq ' (secure_)?getenv(@|$)'; then echo yes; else echo no; fi
}

[ -r "$doc" ] || { echo "FAIL no $doc"; exit 1; }
getenv_import "$helper" | grep -q no && ok "helper imports no getenv" || bad "helper imports getenv"

ldd "$helper" >/tmp/gn-libs.$$ || { echo "FAIL ldd $helper"; exit 1; }
trap 'rm -f /tmp/gn-libs.$$' EXIT
while read -r name arrow path _; do
	case $name in linux-vdso.so.*|/*ld-linux*) continue ;; esac
	[ "$arrow" = "=>" ] || continue
	case $name in
	libnl-*) bad "$name is loaded: its constructors read the environment"; continue ;;
	esac
	want=$(audited "$name")
	if [ -z "$want" ]; then
		if [ "${GN_SANITIZED:-none}" != none ] &&
			[[ $name =~ ^lib(asan|ubsan|stdc\+\+|gcc_s|m|dl|pthread|rt)\. ]]; then
			echo "note $name: sanitizer runtime (test builds only, not audited)"
			continue
		fi
		bad "$name ($path) is not in the audit table of $doc"
		continue
	fi
	got="$(ctors "$path") $(getenv_import "$path")"
	if [ "$got" = "$want" ]; then
		ok "$name: $got"
	else
		bad "$name: constructors/getenv are '$got', the audit says '$want'"
	fi
done </tmp/gn-libs.$$

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
