# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-or-later
# subid-user.sh - a throw-away user with subordinate ids (bash; source it)
#
# RootlessKit and rootless Podman need /etc/subuid and /etc/subgid ranges,
# which nobody has. tests/slirp4netns/s4n-lib.sh and bench/nat/run.sh
# (--shape rootlesskit) make such a user for the length of a run with
# these two functions, as root.

# subid_user_add NAME HOME LOG - create user NAME (home HOME, mode 0755,
# umask 022) with subordinate uid and gid ranges. Retries while someone
# else holds /etc/passwd locked. Returns 1, useradd's words in LOG, if the
# user could not be made.
subid_user_add() {
	local name=$1 home=$2 log=$3 tries=10

	until useradd -m -d "$home" -s /bin/sh -K UMASK=022 "$name" 2>"$log"; do
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] || break
		sleep 0.5	# /etc/passwd locked by someone else
	done
	id "$name" >/dev/null 2>&1 || return 1
	# Debian's useradd gives ranges itself (SUB_UID_COUNT); add them if not
	grep -q "^$name:" /etc/subuid || usermod --add-subuids 300000-365535 "$name"
	grep -q "^$name:" /etc/subgid || usermod --add-subgids 300000-365535 "$name"
	chmod 0755 "$home"
}

# subid_user_del NAME HOME - end NAME's processes, delete the user, its
# subordinate ranges and HOME; never fails
subid_user_del() {
	local name=$1 home=$2 p

	if id "$name" >/dev/null 2>&1; then
		for p in $(ps -o pid= -u "$name" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null || true
		done
		sleep 0.2
		userdel -r "$name" 2>/dev/null || true
	fi
	sed -i "/^$name:/d" /etc/subuid /etc/subgid 2>/dev/null || true
	rm -rf "$home"
}
