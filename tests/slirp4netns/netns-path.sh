#!/bin/bash
# netns-path.sh - --netns-type=path: with --userns-path, and without it
# when started inside the target's user namespace (as Podman does); the
# tap appears in the namespace named by the path (slirp4netns' nspath test).
set -eu
# shellcheck source=tests/slirp4netns/s4n-lib.sh
. "$(dirname "$0")/s4n-lib.sh"

s4n_init s4n-netns-path

s4n_target t1
s4n_start s1 -c --userns-path="/proc/$S4N_TARGET/ns/user" --netns-type=path \
	"/proc/$S4N_TARGET/ns/net" tap11
s4n_wait_tap "$S4N_TARGET" tap11 "$S4N_PID"
s4n_wait_ping "$S4N_TARGET" 10.0.2.2
gn_log "--netns-type=path --userns-path: tap11 in the target, pings 10.0.2.2"

s4n_target t2
t2=$S4N_TARGET
echo "nsenter -U slirp4netns --netns-type=path /proc/$t2/ns/net tap12" >"$GN_DIR/s2.cmd"
gn_bg s2 nsenter "--target=$t2" --preserve-credentials -U -- \
	"$S4N" -c --netns-type=path "/proc/$t2/ns/net" tap12
S4N_NAMES+=(s2)
s4n_wait_tap "$t2" tap12 "$GN_LAST_PID"
s4n_wait_ping "$t2" 10.0.2.2
gn_log "--netns-type=path from inside the user namespace: tap12, pings 10.0.2.2"
s4n_pass
