#!/bin/bash
# ready-exit-fd.sh - -r FD gets "1" and is closed once the API socket
# listens; -e FD: still running while FD is open, exit status 0 within 5 s
# of its hang-up, the API socket removed (slirp4netns' ready-fd and
# exit-fd tests; theirs passes an extra argument instead of the fd).
set -eu
# shellcheck source=tests/slirp4netns/s4n-lib.sh
. "$(dirname "$0")/s4n-lib.sh"

s4n_init s4n-ready-exit-fd
sock=$GN_DIR/api.sock

mkfifo "$GN_DIR/exit"
sleep 600 >"$GN_DIR/exit" &
holder=$!
GN_PIDS+=("$holder")
s4n_target t
: >"$GN_DIR/ready"
# fd 3: the read end of the exit fifo; fd 4: the ready file
s4n_start s -c -r 4 -e 3 -a "$sock" "$S4N_TARGET" tap11 3<"$GN_DIR/exit" 4>"$GN_DIR/ready"
pid=$S4N_PID
gn_wait_file "$GN_DIR/ready" '^1$' 10 "$pid"
[ -S "$sock" ] || gn_fail "ready was written before the API socket listens"
[ "$(cat "$GN_DIR/ready")" = 1 ] || gn_fail "ready fd got '$(cat "$GN_DIR/ready")', not 1"
for i in $(seq 20); do
	[ -e "/proc/$pid/fd/4" ] || break
	sleep 0.05
done
[ -e "/proc/$pid/fd/4" ] && gn_fail "the ready fd is still open after ready"
s4n_wait_tap "$S4N_TARGET" tap11 "$pid"
s4n_wait_ping "$S4N_TARGET" 10.0.2.2
gn_log "ready: '1' once the API socket listens, fd closed"

sleep 1
gn_alive "$pid" || gn_fail "exited while the exit fd is open"
kill "$holder"
wait "$holder" 2>/dev/null || true
for i in $(seq 50); do
	gn_alive "$pid" || break
	sleep 0.1
done
gn_alive "$pid" && gn_fail "still running 5 s after the exit fd hung up"
rc=0
wait "$pid" || rc=$?
[ $rc -eq 0 ] || gn_fail "exit status $rc after the exit fd hung up, not 0"
[ -e "$sock" ] && gn_fail "the API socket is left behind after exit"
s4n_check_log s
S4N_NAMES=()
gn_log "exit fd: exit status 0 after its hang-up, API socket removed"
s4n_pass
