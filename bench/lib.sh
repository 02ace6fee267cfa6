# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - shared part of the benchmark scripts (bash; source it)
#
# For bench/hub/run.sh, bench/nat/run.sh and bench/helper/run.sh: option
# parsing and checks, the build directory to measure, the processes a run
# starts (stopped when it exits, also on Ctrl-C, HUP or a closed pipe), a
# private network namespace, the machine and its load, and the helpers of
# the result tables (ratio, verdict). Each script names its usage() and
# its --only list ONLY before calling these.

BENCH_ME=$(basename "$0")
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_REPO=$(cd "$BENCH_DIR/.." && pwd)
declare -A BENCH_PIDS=()	# pid -> 1: the processes stopped at exit
BENCH_NS=
BENCH_RM=()
BENCH_AT_EXIT=()

# bench_die MSG... - print "run.sh: MSG" on stderr and exit 2
bench_die() {
	echo "$BENCH_ME: $*" >&2
	exit 2
}

# bench_options SPEC ARGS... - parse the command line ARGS by SPEC, words
# "--option=VARIABLE": each option takes one value (which may be empty),
# stored in VARIABLE; -h, --help and an unknown argument call usage
bench_options() {
	local spec=$1 w var
	shift
	while [ $# -gt 0 ]; do
		case $1 in -h | --help) usage ;; esac
		var=
		for w in $spec; do
			[ "$1" = "${w%%=*}" ] && var=${w#*=} && break
		done
		if [ -z "$var" ]; then
			echo "$BENCH_ME: unknown argument '$1'" >&2
			usage
		fi
		[ $# -ge 2 ] || bench_die "$1 wants a value"
		printf -v "$var" '%s' "$2"
		shift 2
	done
}

# bench_want_count OPTION VALUE - VALUE must be a whole number above 0
bench_want_count() {
	case $2 in
	'' | *[!0-9]* | 0) bench_die "$1 wants a whole number above 0, not '$2'" ;;
	esac
	return 0
}

# bench_want_int OPTION VALUE - VALUE must be a whole number (0 or more)
bench_want_int() {
	case $2 in
	'' | *[!0-9]*) bench_die "$1 wants a whole number, not '$2'" ;;
	esac
	return 0
}

# bench_want_number OPTION VALUE - VALUE must be a number (digits and dots)
bench_want_number() {
	case $2 in
	'' | *[!0-9.]*) bench_die "$1 wants a number, not '$2'" ;;
	esac
	return 0
}

# bench_need_root WHY - exit 2 unless run as root
bench_need_root() {
	[ "$(id -u)" = 0 ] || bench_die "must start as root ($1)"
}

# bench_need_tools TOOL... - exit 2 if one of them is not installed
bench_need_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || bench_die "$t not found"
	done
}

# bench_find_build FILE - print the build directory to measure: the
# repository's build/ if it holds FILE (a path inside it), else its newest
# build*/ that does; nothing if none
bench_find_build() {
	local d
	if [ -x "$BENCH_REPO/build/$1" ]; then
		echo "$BENCH_REPO/build"
		return
	fi
	# Newest first: the build most likely to match the sources.
	# shellcheck disable=SC2045 # build dirs have no blanks; newest first
	for d in $(ls -dt "$BENCH_REPO"/build*/ 2>/dev/null); do
		if [ -x "$d/$1" ]; then
			echo "${d%/}"
			return
		fi
	done
}

# bench_has NAME - NAME is in the script's --only list ($ONLY)
bench_has() {
	case " $ONLY " in *" $1 "*) return 0 ;; esac
	return 1
}

# bench_track PID - a process this run started: stopped at exit
bench_track() {
	BENCH_PIDS[$1]=1
}

# bench_forget PID - drop PID from the processes stopped at exit
bench_forget() {
	unset "BENCH_PIDS[$1]"
}

# bench_stop PID... - SIGTERM, SIGKILL after 2 s, reap, forget
bench_stop() {
	local p _i
	for p in "$@"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "$@"; do
		for _i in $(seq 20); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
		bench_forget "$p"
	done
}

# bench_rm_at_exit PATH... - remove PATH (rm -rf) when the run ends
bench_rm_at_exit() {
	BENCH_RM+=("$@")
}

# bench_at_exit CMD - run CMD (a function or command name) when the run
# ends, after its processes are stopped, before its paths are removed
bench_at_exit() {
	BENCH_AT_EXIT+=("$1")
}

# bench_cleanup - EXIT trap: stop every process of the run, kill what is
# left in its namespace, delete the namespace, run the bench_at_exit
# commands, remove the bench_rm_at_exit paths
bench_cleanup() {
	local p
	trap - EXIT INT TERM HUP PIPE
	[ ${#BENCH_PIDS[@]} = 0 ] || bench_stop "${!BENCH_PIDS[@]}"
	if [ -n "$BENCH_NS" ]; then
		# Anything still in the namespace was started by this run.
		for p in $(ip netns pids "$BENCH_NS" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null || true
		done
		ip netns del "$BENCH_NS" 2>/dev/null || true
	fi
	for p in "${BENCH_AT_EXIT[@]}"; do
		"$p" || true
	done
	for p in "${BENCH_RM[@]}"; do
		rm -rf "$p"
	done
}

# bench_traps - clean up at exit, also on Ctrl-C, HUP or a closed pipe on
# stdout/stderr
bench_traps() {
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM
	trap 'exit 129' HUP
	trap 'exit 141' PIPE
}

# bench_netns NAME - a private network namespace NAME (lo up) in
# BENCH_NS, deleted at exit
bench_netns() {
	ip netns add "$1" || bench_die "cannot create network namespace $1"
	BENCH_NS=$1
	ip -n "$1" link set lo up
}

# bench_logdir PREFIX - make and print a log directory /tmp/PREFIX.XXXXXX
# (kept after the run; readable by the unprivileged user of a run)
bench_logdir() {
	local d
	d=$(mktemp -d "/tmp/$1.XXXXXX") || bench_die "mktemp failed"
	chmod 755 "$d"
	echo "$d"
}

# bench_machine - "N CPUs, KERNEL": what the figures were taken on
bench_machine() {
	echo "$(nproc) CPUs, $(uname -r)"
}

# bench_load WHEN - the machine's load average on stderr ("load WHEN: ...")
bench_load() {
	echo "load $1: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
}

# bench_sweep N OF - "sweep N of OF" on stderr when there is more than one
bench_sweep() {
	[ "$2" = 1 ] || echo "sweep $1 of $2" >&2
}

# bench_ratio A B - print A/B with 2 decimals, or "-" if either is missing
# or B is 0
bench_ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN{ if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'
}

# bench_verdict LABEL-WIDTH VALUE-WIDTH LABEL VALUE MIN - one target line:
# PASS if VALUE >= MIN, FAIL if below, "(not measured)" without a VALUE
bench_verdict() {
	local lw=$1 vw=$2 label=$3 v=$4 min=$5
	if [ "$v" = - ] || [ -z "$v" ]; then
		printf "  %-${lw}s %${vw}s  (not measured)\n" "$label" "-"
	elif awk -v v="$v" -v m="$min" 'BEGIN{exit !(v >= m)}'; then
		printf "  %-${lw}s %${vw}s  PASS (>= %s)\n" "$label" "$v" "$min"
	else
		printf "  %-${lw}s %${vw}s  FAIL (>= %s)\n" "$label" "$v" "$min"
	fi
}
