# shellcheck shell=bash
# s4n-lib.sh - shared parts of the slirp4netns front end tests (bash;
# source it; it sources tests/lib/gn.sh)
#
# Each test runs the binary named by S4N_BINARY (Debian's slirp4netns, or
# guestnet-slirp4netns) as nobody inside a fresh test namespace (gn_init),
# under the name `slirp4netns` first in PATH ($GN_DIR/bin), as callers find
# it.  Its targets are `unshare -r -n` processes of nobody's: a user and
# network namespace of their own.  The test namespace is the "host": its
# 127.0.0.1 is what the target reaches at 10.0.2.2.  Nothing leaves it.
#
# Environment: S4N_BINARY (required), and gn.sh's.

# shellcheck source=tests/lib/gn.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/gn.sh"
# shellcheck source=tools/subid-user.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../tools/subid-user.sh"

S4N_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
S4N_CLIENT=$S4N_LIB_DIR/s4n-client.py
S4N=
S4N_NAMES=()

# s4n_init NAME - gn_init, and $GN_DIR/bin/slirp4netns -> $S4N_BINARY
s4n_init() {
	gn_init "$1"
	[ -n "${S4N_BINARY:-}" ] || gn_fail "S4N_BINARY is not set"
	[ -x "$S4N_BINARY" ] || gn_fail "S4N_BINARY=$S4N_BINARY is not executable"
	command -v jq >/dev/null || gn_fail "jq missing (see tools/debian-packages.txt)"
	mkdir "$GN_DIR/bin"
	ln -s "$(readlink -f "$S4N_BINARY")" "$GN_DIR/bin/slirp4netns"
	chmod 0755 "$GN_DIR/bin"
	S4N=$GN_DIR/bin/slirp4netns
	gn_log "testing $S4N_BINARY ($("$S4N" --version | head -n 1))"
}

# s4n_is_ours - true when the binary under test is guestnet-slirp4netns
s4n_is_ours() {
	"$S4N" --version | grep -q guestnet-slirp4netns
}

# s4n_target NAME - start a target (its own user and network namespace,
# as nobody); sets S4N_TARGET to its pid once its namespaces exist
s4n_target() {
	local i
	gn_bg "$1" unshare -r -n sleep 600
	S4N_TARGET=$GN_LAST_PID
	for i in $(seq 100); do
		if [ "$(readlink "/proc/$S4N_TARGET/ns/user" 2>/dev/null)" != \
			"$(readlink /proc/self/ns/user)" ] &&
			grep -q . "/proc/$S4N_TARGET/uid_map" 2>/dev/null &&
			! grep -q unshare "/proc/$S4N_TARGET/comm"; then
			return 0
		fi
		sleep 0.05
	done
	gn_fail "target $1 did not get its namespaces"
}

# s4n_in PID CMD... - run CMD as nobody in the user and network namespace
# of target PID (root there)
s4n_in() {
	local pid=$1
	shift
	gn_run nsenter "--target=$pid" --preserve-credentials -U -n -- "$@"
}

# s4n_start NAME ARGS... - start the binary under test as nobody; its
# output goes to $GN_DIR/NAME.log, its pid to S4N_PID
s4n_start() {
	local name=$1
	shift
	echo "slirp4netns $*" >"$GN_DIR/$name.cmd"
	gn_bg "$name" env "PATH=$GN_DIR/bin:/usr/sbin:/usr/bin:/sbin:/bin" "$S4N" "$@"
	S4N_PID=$GN_LAST_PID
	S4N_NAMES+=("$name")
	gn_log "started $name (pid $S4N_PID): slirp4netns $*"
}

# s4n_wait_tap PID TAP [S4N-PID] - wait (10 s) for TAP in target PID
s4n_wait_tap() {
	local i
	for i in $(seq 100); do
		s4n_in "$1" ip link show "$2" >/dev/null 2>&1 && return 0
		if [ -n "${3:-}" ] && ! gn_alive "$3"; then
			gn_fail "slirp4netns (pid $3) exited before $2 appeared"
		fi
		sleep 0.1
	done
	gn_fail "timeout waiting for $2 in target $1"
}

# s4n_start_api SOCK - a target (S4N_TARGET) and the binary under test
# as "s" with -c and its API socket at SOCK on the target's tap11
# (S4N_PID), waited for until both the socket and the tap are there
s4n_start_api() {
	s4n_target t
	s4n_start s -c -a "$1" "$S4N_TARGET" tap11
	gn_wait_path "$1" 10 "$S4N_PID"
	s4n_wait_tap "$S4N_TARGET" tap11 "$S4N_PID"
}

# s4n_wait_ping PID ADDR - wait (10 s) until target PID pings ADDR
s4n_wait_ping() {
	local i
	for i in $(seq 20); do
		s4n_in "$1" ping -c 1 -W 1 "$2" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	gn_fail "target $1 cannot ping $2"
}

# s4n_run ARGS... - run the binary under test in the foreground as nobody;
# stdout to $GN_DIR/run.out, stderr to $GN_DIR/run.err; sets S4N_RC
s4n_run() {
	S4N_RC=0
	gn_run env "PATH=$GN_DIR/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
		timeout 20 "$S4N" "$@" >"$GN_DIR/run.out" 2>"$GN_DIR/run.err" ||
		S4N_RC=$?
}

# s4n_api SOCK ARGS... - one API request through s4n-client.py (as nobody)
s4n_api() {
	gn_run "$GN_PY" "$S4N_CLIENT" "$@"
}

# s4n_check_log NAME - no sanitizer report in NAME.log
s4n_check_log() {
	if grep -Eq 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$GN_DIR/$1.log"; then
		gn_fail "$1: sanitizer report in $1.log"
	fi
}

# s4n_stop NAME - NAME must still run; SIGTERM ends it within 10 s (by the
# signal, as slirp4netns, or with status 0) and its log is clean
s4n_stop() {
	local pid rc=0 i
	pid=$(gn_pid "$1")
	gn_alive "$pid" || gn_fail "$1 (pid $pid) died during the test"
	kill -TERM "$pid"
	for i in $(seq 100); do
		gn_alive "$pid" || break
		sleep 0.1
	done
	gn_alive "$pid" && gn_fail "$1 did not exit within 10 s of SIGTERM"
	wait "$pid" || rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 143 ] || gn_fail "$1 exited with status $rc after SIGTERM"
	s4n_check_log "$1"
}

# s4n_web NAME DIR PORT [BIND] - a web server of nobody's on the "host"
s4n_web() {
	gn_bg "$1" "$GN_PY" -m http.server --bind "${4:-127.0.0.1}" \
		--directory "$2" "$3"
	gn_wait_listen tcp "$3" 15 "$GN_LAST_PID"
}

# s4n_page DIR - a page with a fresh token in DIR/index.html; prints it
s4n_page() {
	local token
	token="page-$$-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
	mkdir -p "$1"
	echo "$token" >"$1/index.html"
	chmod -R a+rX "$1"
	echo "$token"
}

# s4n_pass - stop every instance started by s4n_start (each must still
# run, end on SIGTERM and have a clean log), report success, exit 0
s4n_pass() {
	local name
	for name in "${S4N_NAMES[@]}"; do
		s4n_stop "$name"
	done
	gn_log "PASS: $GN_TEST"
	exit 0
}

# s4n_user_add - a test user of our own with /etc/subuid and /etc/subgid
# ranges (as RootlessKit and rootless Podman need), home in the scratch
# directory, runtime directory short (Podman's API socket is
# $XDG_RUNTIME_DIR/libpod/tmp/<64 hex digits>.net, and a unix socket path
# has at most 107 bytes); sets S4N_USER, S4N_HOME and S4N_RUN.  s4n_cleanup (the EXIT trap from
# here on) ends its processes and deletes it, subordinate ids included.
S4N_USER=
S4N_HOME=
S4N_RUN=
s4n_user_add() {
	S4N_USER=gns4n$$
	S4N_HOME=$GN_DIR/home
	S4N_RUN=/tmp/$S4N_USER.run
	subid_user_add "$S4N_USER" "$S4N_HOME" "$GN_DIR/useradd.log" ||
		gn_fail "useradd $S4N_USER: $(cat "$GN_DIR/useradd.log")"
	trap s4n_cleanup EXIT
	mkdir "$S4N_RUN"
	chown "$S4N_USER:" "$S4N_RUN"
	chmod 0700 "$S4N_RUN"
	gn_log "test user $S4N_USER: $(grep "^$S4N_USER:" /etc/subuid)"
}

# s4n_as_user CMD... - run CMD as the test user in the test namespace,
# entered with nsenter (ip netns exec would hide /sys/fs/cgroup, which
# Podman's runtime needs)
s4n_as_user() {
	(cd "$S4N_HOME" && exec nsenter "--net=/run/netns/$GN_NS" setpriv \
		--reuid="$S4N_USER" --regid="$S4N_USER" --init-groups -- \
		env -i "HOME=$S4N_HOME" "USER=$S4N_USER" "LOGNAME=$S4N_USER" \
		"XDG_RUNTIME_DIR=$S4N_RUN" \
		"PATH=$GN_DIR/bin:/usr/sbin:/usr/bin:/sbin:/bin" "$@")
}

# s4n_cleanup - EXIT trap once a test user exists: end its processes (by
# pid), delete it and its ranges, then gn_cleanup
s4n_cleanup() {
	local rc=$?
	set +e
	[ -n "$S4N_USER" ] && subid_user_del "$S4N_USER" "$S4N_HOME"
	[ -n "$S4N_RUN" ] && rm -rf "$S4N_RUN"
	(exit $rc)
	gn_cleanup
}
