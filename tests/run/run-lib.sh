# shellcheck shell=bash
# run-lib.sh - shared part of the tests of `guestnet run` (bash; source)
#
# Sources gn.sh (namespace, scratch directory, guests) and adds: a private
# XDG_RUNTIME_DIR for nobody ($RUN_XDG), guestnet run as nobody (or another
# user) in the foreground or background, and guests launched through
# `guestnet run ... -- qemu-system-x86_64 ...` (guestnet appends the
# -netdev/-device options).
#
# Environment (tests/run/meson.build):
#   GUESTNET_RUN         test build of guestnet (networks dir in the build tree)
#   GUESTNET_EMU         guestnet-emu
#   GUESTNET_CTL         guestnet-ctl
#   GN_RUN_NETWORKS_DIR  the networks directory compiled into GUESTNET_RUN
#   GN_RUN_HELPER        test build of the bridge helper (ACL in GN_RUN_ACL_DIR)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/gn.sh"

RUN_XDG=
RUN_RC=

# run_init NAME - gn_init, checks, and nobody's runtime directory
run_init() {
	gn_init "$1"
	[ -x "${GUESTNET_RUN:-}" ] || gn_fail "GUESTNET_RUN=${GUESTNET_RUN:-} not executable"
	[ -x "${GUESTNET_EMU:-}" ] || gn_fail "GUESTNET_EMU=${GUESTNET_EMU:-} not executable"
	RUN_XDG=$(run_xdg nobody)
}

# run_xdg USER - make and print a runtime directory (0700) for USER
run_xdg() {
	local d=$GN_DIR/xdg-$1
	install -d -o "$1" -g "$(id -gn "$1")" -m 0700 "$d"
	echo "$d"
}

# run_prefix USER XDG - set RUN_PREFIX to the words that run a command as
# USER (its own group) in the namespace with XDG_RUNTIME_DIR=XDG (unset if
# XDG is empty); every word execs the next, so the pid is the command's
run_prefix() {
	local user=$1 xdg=$2
	RUN_PREFIX=(ip netns exec "$GN_NS" setpriv --reuid="$user" --regid="$(id -g "$user")"
		--clear-groups -- env -u XDG_RUNTIME_DIR)
	[ -n "$xdg" ] && RUN_PREFIX+=(XDG_RUNTIME_DIR="$xdg")
}

# run_as USER XDG CMD... - run CMD that way, in the scratch dir
run_as() {
	run_prefix "$1" "$2"
	shift 2
	(cd "$GN_DIR" && exec "${RUN_PREFIX[@]}" "$@")
}

# run_gn ARGS... - `guestnet run --emu EMU ARGS...` as nobody in the
# foreground; stdout in $GN_DIR/out, stderr in $GN_DIR/err, status in RUN_RC
run_gn() {
	RUN_RC=0
	run_as nobody "$RUN_XDG" "$GUESTNET_RUN" run --emu "$GUESTNET_EMU" "$@" \
		>"$GN_DIR/out" 2>"$GN_DIR/err" || RUN_RC=$?
}

# run_expect_rc RC - the last run_gn exited with RC
run_expect_rc() {
	[ "$RUN_RC" = "$1" ] ||
		gn_fail "exit status $RUN_RC, expected $1 (stdout: $(head -c 300 "$GN_DIR/out"); stderr: $(head -c 500 "$GN_DIR/err"))"
}

# run_expect_err RC ERE - the last run exited with RC and printed one
# stderr line matching ERE
run_expect_err() {
	run_expect_rc "$1"
	[ "$(wc -l <"$GN_DIR/err")" = 1 ] || gn_fail "not one line on stderr: $(cat "$GN_DIR/err")"
	grep -Eq -- "$2" "$GN_DIR/err" || gn_fail "stderr '$(cat "$GN_DIR/err")' does not match '$2'"
	gn_log "refused as expected ($1): $(cat "$GN_DIR/err")"
}

# run_bg_as USER XDG NAME CMD... - like gn_bg, as USER with XDG
run_bg_as() {
	local name=$3
	run_prefix "$1" "$2"
	shift 3
	(cd "$GN_DIR" && exec "${RUN_PREFIX[@]}" "$@") >"$GN_DIR/$name.log" 2>&1 &
	gn_track "$name" $!
}

# run_guest NAME IP SCRIPT [--user USER XDG] GUESTNET-OPTIONS... [-- QEMU-ARGS...]
# - boot a test guest with `guestnet run GUESTNET-OPTIONS -- qemu-system-x86_64
# ... QEMU-ARGS` in the background (as nobody unless --user); NAME.pid is
# guestnet's pid. The guest powers off GN_LINGER (default 600) s after its
# script. RUN_QEMU_DEFAULTS=1 leaves out -nodefaults (QEMU's default
# devices, its default network included; no monitor).
run_guest() {
	local name=$1 ip=$2 script=$3 user=nobody xdg=$RUN_XDG a
	local gopts=()
	shift 3
	if [ "${1:-}" = --user ]; then
		user=$2 xdg=$3
		shift 3
	fi
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		gopts+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift
	gn_guest_files "$name" "$script" "$user"
	echo "guestnet run ${gopts[*]} -- qemu ... $*" >"$GN_DIR/$name.cmd"
	gn_qemu "$name" "$ip" "${GN_LINGER:-600}"
	if [ "${RUN_QEMU_DEFAULTS:-0}" = 1 ]; then
		local q=()
		for a in "${GN_QEMU[@]}"; do
			[ "$a" = -nodefaults ] || q+=("$a")
		done
		GN_QEMU=("${q[@]}" -monitor none -vga none)
	fi
	run_bg_as "$user" "$xdg" "$name" "$GUESTNET_RUN" run --emu "$GUESTNET_EMU" "${gopts[@]}" -- \
		"${GN_QEMU[@]}" "$@"
	gn_log "started guest $name as $user (guestnet pid $GN_LAST_PID, $ip): guestnet run ${gopts[*]} -- ... $*"
}

# run_wait_exit NAME SECONDS - wait for background process NAME to exit;
# its exit status in RUN_RC
run_wait_exit() {
	local pid
	pid=$(gn_pid "$1")
	gn_wait_exit "$pid" "$2" || gn_fail "$1 (pid $pid) still running after $2 s"
	RUN_RC=$GN_RC
	gn_log "$1 exited with status $RUN_RC"
}

# run_ns_procs ERE - print the namespace's processes whose command line
# matches ERE (one "pid args" line each)
run_ns_procs() {
	local p
	for p in $(ip netns pids "$GN_NS"); do
		gn_alive "$p" || continue
		tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -Eq -- "$1" &&
			echo "$p $(tr '\0' ' ' <"/proc/$p/cmdline")"
	done
	return 0
}

# run_ns_kill ERE - SIGKILL, by pid, the namespace's processes matching ERE
run_ns_kill() {
	local p
	for p in $(run_ns_procs "$1" | cut -d' ' -f1); do
		kill -KILL "$p" 2>/dev/null || true
	done
}

# run_wait_gone ERE SECONDS - wait until no process of the namespace
# matches ERE
run_wait_gone() {
	local i left
	for i in $(seq $(($2 * 10))); do
		left=$(run_ns_procs "$1")
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	gn_fail "still running after $2 s: $left"
}

# run_pass - no sanitizer report in any log of guestnet, its emulators or
# the internal hubs' keepers, then gn_pass
run_pass() {
	local f
	for f in "$GN_DIR"/*.log "$GN_DIR"/err "$GN_DIR"/xdg-*/guestnet/*.log; do
		[ -f "$f" ] || continue
		gn_no_sanitizer_report "$f" "$f"
	done
	gn_pass
}
