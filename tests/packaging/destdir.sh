#!/bin/bash
# destdir.sh - `meson install --destdir` of the build lays out what the
# packages ship (tests/packaging/layout.txt: paths and modes; the helper
# setuid root when built with helper_privilege=setuid, as root), and
# nothing outside the expected set.
# Usage: destdir.sh BUILD-DIR
set -u
source "$(dirname "$0")/lib.sh"
pk_init destdir
[ "$(id -u)" = 0 ] || pk_fail "needs root (setuid install)"
build=${1:?usage: destdir.sh BUILD-DIR}
opt() { meson introspect --buildoptions "$build" |
	python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]==sys.argv[1]][0])' "$1"; }
prefix=$(opt prefix)
for o in bindir:bin libexecdir:libexec mandir:share/man datadir:share; do
	[ "$(opt "${o%%:*}")" = "${o#*:}" ] ||
		pk_fail "build has ${o%%:*}=$(opt "${o%%:*}"), the layout test needs the default ${o#*:}"
done
[ "$(opt helper_privilege)" = setuid ] || pk_fail "build has helper_privilege=$(opt helper_privilege); want setuid"
[ "$(opt acl_path)" = /etc/guestnet/bridge.conf ] || pk_fail "acl_path is not the default"
D=$PK_DIR/dest
meson install -C "$build" --no-rebuild --quiet --destdir "$D" >"$PK_DIR/install.log" 2>&1 ||
	{ cat "$PK_DIR/install.log" >&2; pk_fail "meson install failed"; }
pk_check_layout "$D" "$prefix"
# every installed file is expected
while IFS= read -r f; do
	rel=${f#"$D"}
	ok=0
	while read -r mode path; do
		case $path in /*) full=$path ;; *) full=$prefix/$path ;; esac
		# shellcheck disable=SC2053 # a glob on purpose
		[[ $rel == $full ]] && { ok=1; break; }
	done < <(pk_layout)
	[ $ok = 1 ] || pk_fail "unexpected file installed: $rel (add it to tests/packaging/layout.txt)"
done < <(find "$D" -type f)
pk_log "PASS: destdir ($(find "$D" -type f | wc -l) files)"
