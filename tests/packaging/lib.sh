# shellcheck shell=bash
# lib.sh - shared helpers of the packaging tests (bash; source it)
#
# pk_init NAME: a scratch directory $PK_DIR removed at exit (unless
# GN_KEEP=1), and pk_fail/pk_log. pk_copy_source DEST copies the source
# tree (tracked and untracked files git does not ignore: no build
# directories, no .git) to DEST.
PK_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PK_CACHE=${GN_CACHE_DIR:-/tmp/guestnet-test-cache}
PK_DIR=
PK_TEST=
PK_NS=
PK_T0=$(date +%s)

pk_log() { printf '[%4ss] %s\n' "$(($(date +%s) - PK_T0))" "$*" >&2; }

pk_fail() {
	echo "FAIL: ${PK_TEST:-?}: $*" >&2
	exit 1
}

pk_cleanup() {
	local rc=$?
	[ -n "$PK_NS" ] && ip netns del "$PK_NS" 2>/dev/null
	if [ -n "$PK_DIR" ] && [ -d "$PK_DIR" ]; then
		if [ "${GN_KEEP:-0}" = 1 ] || { [ $rc != 0 ] && [ "${GN_KEEP:-0}" = fail ]; }; then
			echo "kept $PK_DIR" >&2
		else
			rm -rf --one-file-system "$PK_DIR"
		fi
	fi
	exit $rc
}

# pk_init NAME
pk_init() {
	PK_TEST=$1
	trap pk_cleanup EXIT
	trap 'exit 1' INT TERM HUP
	PK_DIR=$(mktemp -d "/tmp/gn-pkg-$PK_TEST.XXXXXX")
	chmod 0755 "$PK_DIR"
	pk_log "test $PK_TEST: scratch $PK_DIR"
}

# pk_need TOOL... - required tools (tools/debian-packages.txt)
pk_need() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null ||
			pk_fail "required tool $t missing (see tools/debian-packages.txt)"
	done
}

# pk_copy_source DEST
pk_copy_source() {
	mkdir -p "$1"
	(cd "$PK_SRC" && git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
		tar --null -T - -cf -) | tar -C "$1" -xf -
}

# pk_layout - the expected installed files: "MODE PATH" per line, PATH
# relative to the prefix (or absolute for /etc), '*' allowed (man pages
# may be compressed)
pk_layout() {
	grep -Ev '^(#|$)' "$PK_SRC/tests/packaging/layout.txt"
}

# pk_check_layout ROOT PREFIX - every expected file is in ROOT with its
# mode (owner root); prints "ok" lines, fails on the first mismatch
pk_check_layout() {
	local root=$1 prefix=$2 mode path full f n
	while read -r mode path; do
		case $path in /*) full=$root$path ;; *) full=$root$prefix/$path ;; esac
		n=0
		for f in $full; do
			[ -e "$f" ] || continue
			n=$((n + 1))
			[ "$(stat -c %a "$f")" = "${mode#0}" ] ||
				pk_fail "$f: mode $(stat -c %a "$f"), want $mode"
			[ "$(stat -c %U:%G "$f")" = root:root ] ||
				pk_fail "$f: owner $(stat -c %U:%G "$f"), want root:root"
		done
		[ $n = 1 ] || pk_fail "$full: $n files, want 1"
		echo "ok $mode $path"
	done < <(pk_layout)
}
