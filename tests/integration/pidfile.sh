#!/bin/bash
# pidfile.sh - guestnet-emu's -pidfile is locked for the life of the
# process, as QEMU's is: in a test namespace, everything as nobody.
#
# A running emulator's pid file is refused to a second one (exit 1, one
# line naming the file and the holder's pid; the file and the first
# emulator untouched); the same with -daemonize, whose pid file names the
# daemon, not the parent that exited; once the holder ends, the file is
# gone and the next emulator takes it.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"

gn_init pidfile
PID_FILE=$GN_DIR/emu.pid
DAEMON_PID_FILE=$GN_DIR/daemon.pid

# refused NAME PIDFILE HOLDER - a second emulator with PIDFILE must exit 1
# with one line naming PIDFILE and pid HOLDER, leaving the file as it was
refused() {
	local out rc=0 before
	before=$(cat "$2")
	out=$(gn_run timeout 10 "$GUESTNET_EMU" -pidfile "$2" \
		-netdev socket,id=b,listen=127.0.0.1:0 2>&1) || rc=$?
	[ $rc = 1 ] || gn_fail "$1: a second emulator on $2 exited $rc, not 1: $out"
	[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || gn_fail "$1: not one line: $out"
	printf '%s\n' "$out" | grep -qx -- "guestnet-emu: -pidfile $2: locked by another process (pid $3)" ||
		gn_fail "$1: unexpected message: $out"
	[ "$(cat "$2")" = "$before" ] || gn_fail "$1: the pid file was changed"
	gn_alive "$3" || gn_fail "$1: the holder (pid $3) died"
	gn_log "$1: $out"
}

# A foreground emulator
gn_emu emu1 -pidfile "$PID_FILE" -netdev socket,id=a,listen=127.0.0.1:0
gn_wait_path "$PID_FILE" 10 "$GN_LAST_PID"
for _ in $(seq 50); do
	[ "$(cat "$PID_FILE")" = "$(gn_pid emu1)" ] && break
	sleep 0.1
done
[ "$(cat "$PID_FILE")" = "$(gn_pid emu1)" ] || gn_fail "pid file reads '$(cat "$PID_FILE")', not $(gn_pid emu1)"
refused foreground "$PID_FILE" "$(gn_pid emu1)"

# A daemon: its pid file names the daemon, and is locked by it
gn_run "$GUESTNET_EMU" -daemonize -pidfile "$DAEMON_PID_FILE" \
	-netdev socket,id=d,listen=127.0.0.1:0 || gn_fail "-daemonize failed"
daemon=$(cat "$DAEMON_PID_FILE")
gn_alive "$daemon" || gn_fail "the daemon named in its pid file ($daemon) is not running"
refused daemon "$DAEMON_PID_FILE" "$daemon"

# Once the daemon ends, its file is gone and the next emulator takes it
kill -TERM "$daemon"
gn_wait_gone "$daemon" 10 || gn_fail "the daemon did not exit on SIGTERM"
[ -e "$DAEMON_PID_FILE" ] && gn_fail "the daemon's pid file was not removed"
gn_emu emu2 -pidfile "$DAEMON_PID_FILE" -netdev socket,id=e,listen=127.0.0.1:0
gn_wait_path "$DAEMON_PID_FILE" 10 "$GN_LAST_PID"
gn_log "after the daemon ended, the next emulator took its pid file"
gn_pass
