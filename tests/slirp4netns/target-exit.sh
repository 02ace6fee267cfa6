#!/bin/bash
# target-exit.sh - in pid mode guestnet-slirp4netns ends (status 0, API
# socket removed) when the target process exits, as the issue asks;
# slirp4netns 1.2 does not watch its target (its tap keeps the namespace)
# and idles on: for it the test checks that known behaviour instead.
# Path mode has no process to watch: there only the exit fd (or a signal)
# ends it, in both.
set -eu
# shellcheck source=tests/slirp4netns/s4n-lib.sh
. "$(dirname "$0")/s4n-lib.sh"

s4n_init s4n-target-exit
sock=$GN_DIR/api.sock

s4n_start_api "$sock"
t=$S4N_TARGET
pid=$S4N_PID
s4n_wait_ping "$t" 10.0.2.2
kill "$t"
if s4n_is_ours; then
	gn_wait_exit "$pid" 5 || gn_fail "still running 5 s after the target exited"
	[ "$GN_RC" -eq 0 ] || gn_fail "exit status $GN_RC after the target exited, not 0"
	[ -e "$sock" ] && gn_fail "the API socket is left behind after exit"
	s4n_check_log s
	S4N_NAMES=()
	gn_log "pid mode: exit status 0 once the target exited, API socket removed"
else
	sleep 3
	gn_alive "$pid" || gn_fail "slirp4netns 1.2 was expected to idle on after its target exited"
	gn_log "slirp4netns 1.2: still running 3 s after its target exited, as known"
fi

# path mode: the target's exit does not end it; the exit fd does
mkfifo "$GN_DIR/exit"
sleep 600 >"$GN_DIR/exit" &
holder=$!
GN_PIDS+=("$holder")
s4n_target t2
s4n_start s2 -c -e 3 --userns-path="/proc/$S4N_TARGET/ns/user" --netns-type=path \
	"/proc/$S4N_TARGET/ns/net" tap12 3<"$GN_DIR/exit"
pid2=$S4N_PID
s4n_wait_tap "$S4N_TARGET" tap12 "$pid2"
s4n_wait_ping "$S4N_TARGET" 10.0.2.2
kill "$S4N_TARGET"
sleep 2
gn_alive "$pid2" || gn_fail "path mode: exited when the process in the namespace did"
kill "$holder"
gn_wait_exit "$pid2" 5 || gn_fail "path mode: still running 5 s after the exit fd hung up"
[ "$GN_RC" -eq 0 ] || gn_fail "path mode: exit status $GN_RC after the exit fd hung up"
s4n_check_log s2
left=()
for n in "${S4N_NAMES[@]}"; do
	[ "$n" = s2 ] || left+=("$n")
done
S4N_NAMES=("${left[@]}")
gn_log "path mode: runs on after the process is gone, ends with the exit fd"
s4n_pass
