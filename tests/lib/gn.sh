# shellcheck shell=bash
# gn.sh - shared library of the integration tests (bash; source it)
#
# Each test calls gn_init NAME first: that makes a fresh network namespace
# gn-NAME-PID (lo up) and a scratch directory owned by nobody (unix
# sockets, serial logs, pcaps), and installs an EXIT trap that kills every
# process the test started, deletes the namespace and, if the test failed,
# dumps all logs so CI output explains the failure.  Everything a test
# runs — guestnet-emu, QEMU, peers — runs inside the namespace as
# nobody:nogroup; nothing touches the machine's own interfaces, routes or
# firewall, and all traffic stays on the namespace's loopback.
#
# Environment:
#   GUESTNET_EMU   path of guestnet-emu (needed by gn_emu)
#   GUESTNET_CTL   path of guestnet-ctl (needed by gn_ctl)
#   GN_CACHE_DIR   where the guest initramfs is cached
#                  (default /tmp/guestnet-test-cache)
#   GN_KEEP=1      keep the scratch directory after the test
#   GN_VERBOSE=1   dump the logs even when the test passes

GN_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GN_SRC_DIR=$(cd "$GN_LIB_DIR/../.." && pwd)
GN_USER=nobody
GN_GROUP=nogroup
GN_PY=/usr/bin/python3
GN_PIDS=()
GN_NAMES=()
GN_EMUS=()
GN_AT_EXIT=()
GN_RM_AT_EXIT=()
GN_RC=
GN_NS=
GN_DIR=
GN_TEST=
GN_KERNEL=
GN_INITRD=
GN_T0=$(date +%s%N)

# gn_log MSG... - print a progress line with the time since start
gn_log() {
	local now
	now=$(date +%s%N)
	printf '[%6.1fs] %s\n' "$(((now - GN_T0) / 1000000))e-3" "$*" >&2
}

# gn_fail MSG... - report failure and exit 1 (the trap dumps the logs)
gn_fail() {
	echo "FAIL: ${GN_TEST:-?}: $*" >&2
	exit 1
}

# gn_procs_cmdline REGEX - pids of the processes whose command line (its
# arguments joined by spaces) matches the extended REGEX
gn_procs_cmdline() {
	local p
	for p in /proc/[0-9]*; do
		tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -Eq -- "$1" && echo "${p#/proc/}"
	done
	return 0
}

# gn_wait_gone PID SECONDS - wait up to SECONDS for process PID (ours or
# not) to end; false if it is still running
gn_wait_gone() {
	local _i
	for _i in $(seq $(($2 * 10))); do
		gn_alive "$1" || return 0
		sleep 0.1
	done
	! gn_alive "$1"
}

# gn_wait_exit PID SECONDS - wait up to SECONDS for our child PID to end
# and reap it: its exit status in GN_RC; false if it is still running
gn_wait_exit() {
	gn_wait_gone "$1" "$2" || return 1
	GN_RC=0
	wait "$1" || GN_RC=$?
}

# gn_no_sanitizer_report NAME LOG - fail if LOG (of NAME) has an ASan,
# UBSan or LeakSanitizer report
gn_no_sanitizer_report() {
	if grep -Eq 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$2" 2>/dev/null; then
		gn_fail "$1: sanitizer report in $(basename "$2"): $(grep -Em1 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$2")"
	fi
}

# gn_reap NAME SECONDS WHAT - background process NAME must end within
# SECONDS (after WHAT: "SIGTERM", "quit", "its netns command" ...) with
# exit status 0 and no sanitizer report in NAME.log
gn_reap() {
	local pid
	pid=$(gn_pid "$1")
	gn_wait_exit "$pid" "$2" || gn_fail "$1 (pid $pid) did not end within $2 s ($3)"
	[ "$GN_RC" -eq 0 ] || gn_fail "$1 exited with status $GN_RC ($3)"
	gn_no_sanitizer_report "$1" "$GN_DIR/$1.log"
}

# gn_forget_emu NAME - emulator NAME has been stopped and checked: gn_pass
# no longer expects it running
gn_forget_emu() {
	local n keep=()
	for n in "${GN_EMUS[@]}"; do
		[ "$n" = "$1" ] || keep+=("$n")
	done
	GN_EMUS=("${keep[@]}")
}

# gn_stop_emus - SIGTERM every emulator; each must still be running, exit
# with status 0 within 10 s, and have no sanitizer report in its log; then
# none is expected any more
gn_stop_emus() {
	local name pid
	for name in "${GN_EMUS[@]}"; do
		pid=$(gn_pid "$name")
		gn_alive "$pid" || gn_fail "$name (pid $pid) died during the test"
		kill -TERM "$pid"
	done
	for name in "${GN_EMUS[@]}"; do
		gn_reap "$name" 10 SIGTERM
	done
	GN_EMUS=()
}

# gn_pass - stop the emulators (they must exit cleanly), report success,
# exit 0
gn_pass() {
	gn_stop_emus
	gn_log "PASS: $GN_TEST"
	exit 0
}

# gn_skip MSG... - exit 77; only for a genuinely absent optional tool
gn_skip() {
	echo "SKIP: ${GN_TEST:-?}: $*" >&2
	exit 77
}

# gn_need_root - the suite makes namespaces, so it must run as root
gn_need_root() {
	[ "$(id -u)" = 0 ] ||
		gn_fail "integration tests need root (network namespaces)"
}

# gn_need_tools - the required tools (tools/debian-packages.txt) exist
gn_need_tools() {
	local t
	for t in ip ss setpriv flock cpio gzip qemu-system-x86_64; do
		command -v "$t" >/dev/null ||
			gn_fail "required tool $t missing (see tools/debian-packages.txt)"
	done
	[ -x "$GN_PY" ] || gn_fail "$GN_PY missing (package python3)"
}

# gn_init NAME - namespace, scratch directory and cleanup trap for NAME
gn_init() {
	GN_TEST=$1
	gn_need_root
	gn_need_tools
	trap gn_cleanup EXIT
	trap 'exit 1' INT TERM HUP
	GN_DIR=$(mktemp -d "/tmp/gn-$GN_TEST.XXXXXX")
	chown "$GN_USER:$GN_GROUP" "$GN_DIR"
	chmod 0755 "$GN_DIR"
	GN_NS="gn-$GN_TEST-$$"
	ip netns add "$GN_NS" || gn_fail "ip netns add $GN_NS"
	ip -n "$GN_NS" link set lo up
	gn_log "test $GN_TEST: namespace $GN_NS, scratch $GN_DIR"
}

# gn_mcast_route - let the namespace's loopback carry IPv4 multicast
gn_mcast_route() {
	ip -n "$GN_NS" link set lo multicast on
	ip -n "$GN_NS" route add 224.0.0.0/4 dev lo
}

# gn_ns CMD... - run CMD as root inside the test namespace
gn_ns() {
	ip netns exec "$GN_NS" "$@"
}

# gn_run CMD... - run CMD as nobody inside the namespace, in the scratch dir
gn_run() {
	(cd "$GN_DIR" && exec ip netns exec "$GN_NS" setpriv \
		--reuid="$GN_USER" --regid="$GN_GROUP" --clear-groups -- "$@")
}

# gn_bg NAME CMD... - start CMD as nobody in the background
#
# Output goes to $GN_DIR/NAME.log; the pid is stored in $GN_DIR/NAME.pid
# and in GN_LAST_PID.  `ip netns exec` and setpriv both exec, so the pid is
# CMD's own.
gn_bg() {
	local name=$1
	shift
	(cd "$GN_DIR" && exec ip netns exec "$GN_NS" setpriv \
		--reuid="$GN_USER" --regid="$GN_GROUP" --clear-groups -- "$@") \
		>"$GN_DIR/$name.log" 2>&1 &
	gn_track "$name" $!
}

# gn_bg_root NAME CMD... - like gn_bg, but CMD runs as root (in the
# namespace, in the scratch dir)
gn_bg_root() {
	local name=$1
	shift
	(cd "$GN_DIR" && exec ip netns exec "$GN_NS" "$@") >"$GN_DIR/$name.log" 2>&1 &
	gn_track "$name" $!
}

# gn_track NAME PID - a process the test started in the background: killed
# at exit, its pid in $GN_DIR/NAME.pid and GN_LAST_PID
gn_track() {
	GN_LAST_PID=$2
	GN_PIDS+=("$2")
	GN_NAMES+=("$1")
	echo "$2" >"$GN_DIR/$1.pid"
}

# gn_pid NAME - print the pid of background process NAME
gn_pid() {
	cat "$GN_DIR/$1.pid"
}

# gn_alive PID - true if PID is still running (and not a zombie)
gn_alive() {
	[ -d "/proc/$1" ] || return 1
	! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

# gn_emu NAME ARGS... - start guestnet-emu NAME with ARGS as nobody
gn_emu() {
	local name=$1
	shift
	[ -n "${GUESTNET_EMU:-}" ] || gn_fail "GUESTNET_EMU is not set"
	[ -x "$GUESTNET_EMU" ] || gn_fail "GUESTNET_EMU=$GUESTNET_EMU not executable"
	echo "$GUESTNET_EMU $*" >"$GN_DIR/$name.cmd"
	gn_bg "$name" "$GUESTNET_EMU" "$@"
	GN_EMUS+=("$name")
	gn_log "started $name (pid $GN_LAST_PID): guestnet-emu $*"
}

# gn_emu_root NAME CMD... - like gn_emu, but CMD runs as root in the
# namespace; CMD must end up exec'ing guestnet-emu (it is stopped and
# checked as one)
gn_emu_root() {
	local name=$1
	shift
	echo "$*" >"$GN_DIR/$name.cmd"
	gn_bg_root "$name" "$@"
	GN_EMUS+=("$name")
	gn_log "started $name as root (pid $GN_LAST_PID): $*"
}

# gn_unix_server ID [HUB] - the -netdev of an emulator's unix stream
# server port ID (on HUB if given), socket $GN_DIR/ID.sock
gn_unix_server() {
	echo "stream,id=$1,${2:+hub=$2,}server=on,addr.type=unix,addr.path=$GN_DIR/$1.sock"
}

# gn_unix_client ID - QEMU's -netdev n joining server port ID (ID.sock)
gn_unix_client() {
	echo "stream,id=n,server=off,addr.type=unix,addr.path=$GN_DIR/$1.sock"
}

# gn_ctl ARGS... - guestnet-ctl (GUESTNET_CTL) as nobody in the namespace
gn_ctl() {
	[ -x "${GUESTNET_CTL:-}" ] || gn_fail "GUESTNET_CTL=${GUESTNET_CTL:-} not executable"
	gn_run "$GUESTNET_CTL" "$@"
}

# gn_guest_setup - build (or reuse) the initramfs; sets GN_KERNEL, GN_INITRD
gn_guest_setup() {
	[ -n "$GN_INITRD" ] && return 0
	local cache=${GN_CACHE_DIR:-/tmp/guestnet-test-cache}
	mkdir -p "$cache"
	chmod 0755 "$cache"
	command -v qemu-system-x86_64 >/dev/null ||
		gn_fail "qemu-system-x86_64 missing (install qemu-system-x86)"
	GN_INITRD=$cache/guest-initramfs.cpio.gz
	GN_KERNEL=$(flock "$cache/.lock" \
		"$GN_SRC_DIR/tests/guest/build-initramfs.sh" "$GN_INITRD") ||
		gn_fail "cannot build the guest initramfs"
}

# gn_guest NAME MAC DEVICE IP SCRIPT QEMU-ARGS... - boot a guest
#
# NAME: log names ($GN_DIR/NAME.serial is the console, NAME.log QEMU's
# stderr); MAC: its NIC's address; DEVICE: e1000 or virtio-net-pci; IP:
# ADDR/LEN or dhcp; SCRIPT: file the guest runs (via fw_cfg); QEMU-ARGS
# must define `-netdev TYPE,id=n,...`.  The guest lingers after its
# script (gn.linger, default 600 s) until the test kills it.
gn_guest() {
	local name=$1 mac=$2 dev=$3 ip=$4 script=$5
	shift 5
	gn_guest_files "$name" "$script"
	echo "qemu $* -device $dev,netdev=n,mac=$mac" >"$GN_DIR/$name.cmd"
	gn_qemu "$name" "$ip" "${GN_LINGER:-600}"
	gn_bg "$name" "${GN_QEMU[@]}" "$@" -device "$dev,netdev=n,mac=$mac,romfile="
	gn_log "started guest $name (pid $GN_LAST_PID, $dev, $mac, $ip): $*"
}

# gn_guest_files NAME SCRIPT [OWNER] - the initramfs (gn_guest_setup),
# SCRIPT copied to NAME.script, an empty console log NAME.serial owned by
# OWNER (default nobody)
gn_guest_files() {
	local owner=${3:-$GN_USER}
	gn_guest_setup
	cp "$2" "$GN_DIR/$1.script"
	chmod 0644 "$GN_DIR/$1.script"
	: >"$GN_DIR/$1.serial"
	chown "$owner:$(id -gn "$owner")" "$GN_DIR/$1.serial"
}

# gn_qemu NAME IP LINGER - set GN_QEMU to the command of test guest NAME,
# without its NIC: QEMU (TCG), the console in NAME.serial, the initramfs
# with address IP (ADDR/LEN or dhcp), NAME.script by fw_cfg, power-off
# LINGER seconds after the script
gn_qemu() {
	GN_QEMU=(qemu-system-x86_64 -accel tcg -m 256 -nographic -no-reboot -nodefaults
		-serial "file:$GN_DIR/$1.serial" -kernel "$GN_KERNEL" -initrd "$GN_INITRD"
		-append "console=ttyS0 quiet panic=-1 gn.name=$1 gn.ip=$2 gn.linger=$3"
		-fw_cfg "name=opt/gn/script,file=$GN_DIR/$1.script")
}

# gn_result NAME KEY - the value of guest NAME's last "GN-RESULT KEY VALUE"
# console line
gn_result() {
	sed -n "s/^GN-RESULT $2 //p" "$GN_DIR/$1.serial" | tr -d '\r' | tail -n 1
}

# gn_expect_result NAME KEY WANT - guest NAME's result KEY must be WANT
gn_expect_result() {
	local got
	got=$(gn_result "$1" "$2")
	gn_log "guest $1 $2: '$got'"
	[ "$got" = "$3" ] || gn_fail "guest $1 $2 is '$got', expected '$3'"
}

# gn_wait_file FILE PATTERN SECONDS [PID] - wait for an ERE in FILE
#
# Fails at once if a guest marker GN-FAIL shows up in FILE or if PID (when
# given) exits before PATTERN appears.
gn_wait_file() {
	local file=$1 pat=$2 secs=$3 pid=${4:-} i=0
	while ! grep -Eq -- "$pat" "$file" 2>/dev/null; do
		if grep -q 'GN-FAIL' "$file" 2>/dev/null; then
			gn_fail "$(grep -m1 GN-FAIL "$file") (waiting for '$pat' in $(basename "$file"))"
		fi
		if [ -n "$pid" ] && ! gn_alive "$pid"; then
			grep -Eq -- "$pat" "$file" 2>/dev/null && return 0
			gn_fail "pid $pid exited before '$pat' appeared in $(basename "$file")"
		fi
		i=$((i + 1))
		[ $i -le $((secs * 10)) ] ||
			gn_fail "timeout (${secs}s) waiting for '$pat' in $(basename "$file")"
		sleep 0.1
	done
}

# gn_wait_guest NAME PATTERN SECONDS - wait for PATTERN on NAME's console
gn_wait_guest() {
	gn_wait_file "$GN_DIR/$1.serial" "$2" "$3" "$(gn_pid "$1")"
	gn_log "$1: '$2'"
}

# gn_wait_path PATH SECONDS [PID] - wait for a file or unix socket to exist
gn_wait_path() {
	local i=0
	while [ ! -e "$1" ]; do
		if [ -n "${3:-}" ] && ! gn_alive "$3"; then
			gn_fail "pid $3 exited before $1 appeared"
		fi
		i=$((i + 1))
		[ $i -le $(($2 * 10)) ] || gn_fail "timeout (${2}s) waiting for $1"
		sleep 0.1
	done
}

# gn_wait_listen PROTO PORT SECONDS [PID] - wait for a tcp/udp socket on PORT
gn_wait_listen() {
	local proto=$1 port=$2 secs=$3 pid=${4:-} i=0 opt=-Hltn
	[ "$proto" = udp ] && opt=-Hlun
	while [ -z "$(gn_ns ss $opt "sport = :$port")" ]; do
		if [ -n "$pid" ] && ! gn_alive "$pid"; then
			gn_fail "pid $pid exited before listening on $proto port $port"
		fi
		i=$((i + 1))
		[ $i -le $((secs * 10)) ] ||
			gn_fail "timeout (${secs}s) waiting for $proto port $port"
		sleep 0.1
	done
}

# gn_fd_count PID - print the number of open fds of PID
gn_fd_count() {
	ls "/proc/$1/fd" | wc -l
}

# gn_settle_fds PID WANT SECONDS - wait up to SECONDS for PID's fd count
# to be WANT; false if it never is
gn_settle_fds() {
	local _i
	for _i in $(seq $(($3 * 10))); do
		[ "$(gn_fd_count "$1")" -eq "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# gn_rss_kb PID - print PID's resident set size in KiB
gn_rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# gn_count FILE ERE - print the number of lines of FILE matching ERE
gn_count() {
	grep -Ec -- "$2" "$1" 2>/dev/null || true
}

# gn_peer ARGS... - run the python test peer (tests/lib/gnpeer.py) as nobody
gn_peer() {
	gn_run "$GN_PY" "$GN_LIB_DIR/gnpeer.py" "$@"
}

# gn_dump_logs - print every log of the scratch directory
gn_dump_logs() {
	local f
	[ -n "$GN_DIR" ] && [ -d "$GN_DIR" ] || return 0
	for f in "$GN_DIR"/*.cmd "$GN_DIR"/*.log "$GN_DIR"/*.serial; do
		[ -f "$f" ] || continue
		echo "----- $(basename "$f") -----" >&2
		tail -n 150 "$f" | sed 's/^/  | /' >&2
	done
	echo "----- end of logs ($GN_DIR) -----" >&2
}

# gn_kill_all - stop every process this test started (TERM, then KILL)
gn_kill_all() {
	local p i
	for p in "${GN_PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
	done
	for i in $(seq 30); do
		local left=0
		for p in "${GN_PIDS[@]}"; do
			gn_alive "$p" && left=1
		done
		[ $left = 0 ] && break
		sleep 0.1
	done
	for p in "${GN_PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null || true
	done
	# Anything else still inside our own namespace was started by us.
	if [ -n "$GN_NS" ]; then
		for p in $(ip netns pids "$GN_NS" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null || true
		done
	fi
	wait 2>/dev/null || true
}

# gn_at_exit FUNC - call FUNC (no arguments) when the test ends, before
# its processes are killed; in the order given
gn_at_exit() {
	GN_AT_EXIT+=("$1")
}

# gn_rm_at_exit PATH... - remove PATH (rm -rf) when the test ends, after
# its processes are killed
gn_rm_at_exit() {
	GN_RM_AT_EXIT+=("$@")
}

# gn_cleanup - EXIT trap: gn_at_exit hooks, kill, dump logs on failure,
# delete the namespace and the gn_rm_at_exit paths
gn_cleanup() {
	local rc=$? f
	trap - EXIT
	set +e
	for f in "${GN_AT_EXIT[@]}"; do
		"$f"
	done
	gn_kill_all
	if [ $rc -ne 0 ] && [ $rc -ne 77 ] || [ "${GN_VERBOSE:-0}" = 1 ]; then
		gn_dump_logs
	fi
	[ -n "$GN_NS" ] && ip netns del "$GN_NS" 2>/dev/null
	for f in "${GN_RM_AT_EXIT[@]}"; do
		rm -rf "$f"
	done
	if [ -n "$GN_DIR" ] && [ "${GN_KEEP:-0}" != 1 ]; then
		rm -rf "$GN_DIR"
	fi
	exit $rc
}

# gn_root_dir DIR... - each DIR made anew, empty, root-owned, 0755, and
# removed at exit (a directory a setuid test helper trusts)
gn_root_dir() {
	rm -rf "$@"
	install -d -o root -g root -m 0755 "$@"
	gn_rm_at_exit "$@"
}

# gn_root_file FILE [TEXT] - FILE holding the line TEXT (nothing if none),
# root-owned, 0644
gn_root_file() {
	rm -f "$1"
	if [ $# -gt 1 ]; then printf '%s\n' "$2"; fi >"$1"
	chown root:root "$1"
	chmod 0644 "$1"
}

# gn_suid_copy HELPER - a setuid-root copy of HELPER (a test build of the
# bridge helper), named guestnet-bridge-helper, in a new directory beside
# HELPER that is removed at exit; its path in GN_SUID
gn_suid_copy() {
	local src dir
	src=$(realpath -e "$1") || gn_fail "${1:-the helper} is not built"
	[ -x "$src" ] || gn_fail "$src is not executable"
	dir=$(mktemp -d "$(dirname "$src")/suid-$GN_TEST.XXXXXX") || gn_fail "mktemp beside $src"
	gn_rm_at_exit "$dir"
	chmod 0755 "$dir"
	GN_SUID=$dir/guestnet-bridge-helper
	install -o root -g root -m 4755 "$src" "$GN_SUID"
}

# gn_bridge NAME [ADDR/LEN] - a bridge NAME in the namespace, up, with
# ADDR/LEN if given
gn_bridge() {
	gn_ns ip link add "$1" type bridge
	[ -z "${2:-}" ] || gn_ns ip addr add "$2" dev "$1"
	gn_ns ip link set "$1" up
}

# gn_tap_count - print the number of tun/tap devices in the namespace
gn_tap_count() {
	gn_ns ip -o link show type tun | wc -l
}

# gn_nobody_tap BRIDGE - print the name of BRIDGE's port; fail unless it
# has one, a tap owned by nobody
gn_nobody_tap() {
	local tap
	tap=$(gn_ns ip -o link show master "$1" | awk -F': ' '{print $2}' | cut -d@ -f1)
	[ -n "$tap" ] || gn_fail "no port in $1"
	[ "$(gn_ns cat "/sys/class/net/$tap/owner")" = 65534 ] || gn_fail "$tap not owned by nobody"
	echo "$tap"
}

# gn_ping_script FILE PEER [COUNT] - guest script: ping PEER until it
# answers (up to 90 s), mark GN-PINGING, then ping COUNT (default 5) more
# times at 0.2 s; fails unless all COUNT get replies
gn_ping_script() {
	cat >"$1" <<SCRIPT
gn_ping_until $2 90 || exit 1
gn_mark PINGING "\$GN_NAME" $2
out=\$(ping -c ${3:-5} -i 0.2 -W 3 $2)
echo "\$out"
echo "\$out" | grep -q ' ${3:-5} packets received'
SCRIPT
}

# gn_addr_mac N - print the MAC of test guest N (1..254)
gn_addr_mac() {
	printf '52:54:00:47:4e:%02x\n' "$1"
}
