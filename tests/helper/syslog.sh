#!/bin/bash
# syslog.sh - each decision is one syslog line: a refusal and a success are
# logged with the caller's uid; an allow rule naming a user that does not
# exist is a notice in syslog (not on stderr); with the reply socket on
# stderr (fd 2) the refusal is in syslog only. Runs itself again inside a private mount
# namespace whose /dev is a fresh tmpfs (with null, tun and a /dev/log
# socket read by python3), so the machine's /dev and syslog are untouched.
# Usage: syslog.sh HELPER PAUSE-HELPER CLIENT (env GN_HELPER_ACL_DIR)
set -u
if [ "${GN_SYSLOG_INNER:-}" != 1 ]; then
	GN_SYSLOG_INNER=1 exec unshare -m --propagation private "$0" "$@"
fi
mount -t tmpfs -o mode=0755 tmpfs /dev
mknod -m 0666 /dev/null c 1 3
mknod -m 0666 /dev/zero c 1 5
mknod -m 0666 /dev/urandom c 1 9
mkdir -m 0755 /dev/net
mknod -m 0666 /dev/net/tun c 10 200
source "$(dirname "$0")/common.sh"
helper_init helper-syslog "$@"

/usr/bin/python3 - "$GN_DIR/syslog.txt" <<'PY' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
os.chmod("/dev/log", 0o666)
open(sys.argv[1] + ".ready", "w").close()
with open(sys.argv[1], "a", buffering=1) as out:
    while True:
        out.write(s.recv(4096).decode(errors="replace") + "\n")
PY
GN_PIDS+=("$!")
gn_wait_path "$GN_DIR/syslog.txt.ready" 10

acl "allow gnbr1"
gn_run "$CLIENT" "$HELPER_SUID" gnbr0 >/dev/null 2>&1 && gn_fail "refusal succeeded"
acl "allow gnbr0"
gn_run "$CLIENT" "$HELPER_SUID" gnbr0 >/dev/null 2>&1 || gn_fail "success case failed"
sleep 0.2
sed 's/^/  syslog: /' "$GN_DIR/syslog.txt"
grep -Eq '^<83>guestnet-bridge-helper\[[0-9]+\]: bridge gnbr0 not allowed for uid 65534' "$GN_DIR/syslog.txt" ||
	gn_fail "no refusal line (LOG_AUTHPRIV|LOG_ERR)"
grep -Eq '^<86>guestnet-bridge-helper\[[0-9]+\]: bridge gnbr0 allowed for uid 65534 by .*bridge.conf:1$' "$GN_DIR/syslog.txt" ||
	gn_fail "no allow line"
grep -Eq '^<86>guestnet-bridge-helper\[[0-9]+\]: tap tap[0-9]+ \(vnet_hdr\) attached to bridge gnbr0 for uid 65534$' "$GN_DIR/syslog.txt" ||
	gn_fail "no attach line"
[ "$(wc -l <"$GN_DIR/syslog.txt")" = 3 ] || gn_fail "not exactly one line per decision"

# an allow rule naming a user that does not exist: a notice, not stderr
: >"$GN_DIR/syslog.txt"
acl $'allow gnbr0 user=gn-no-such-user\nallow gnbr0'
gn_run "$CLIENT" "$HELPER_SUID" gnbr0 >/dev/null 2>"$GN_DIR/err" || gn_fail "success case with an unknown user failed"
grep -q '^guestnet-bridge-helper: ' "$GN_DIR/err" && gn_fail "the notice went to stderr"
sleep 0.2
sed 's/^/  syslog: /' "$GN_DIR/syslog.txt"
grep -Eq '^<85>guestnet-bridge-helper\[[0-9]+\]: .*bridge.conf:1: allow rule names user gn-no-such-user, which does not exist: it matches no one$' \
	"$GN_DIR/syslog.txt" || gn_fail "no notice (LOG_AUTHPRIV|LOG_NOTICE) for the unknown user"

# the reply socket on stderr: the refusal goes to syslog only
: >"$GN_DIR/syslog.txt"
acl "allow gnbr1"
gn_run "$CLIENT" --fd-num=2 "$HELPER_SUID" gnbr0 >/dev/null 2>"$GN_DIR/err" && gn_fail "refusal on fd 2 succeeded"
grep -q 'helper sent nothing' "$GN_DIR/err" || gn_fail "text in the reply stream: $(cat "$GN_DIR/err")"
sleep 0.2
sed 's/^/  syslog: /' "$GN_DIR/syslog.txt"
grep -Eq '^<83>guestnet-bridge-helper\[[0-9]+\]: bridge gnbr0 not allowed for uid 65534' "$GN_DIR/syslog.txt" ||
	gn_fail "no refusal line in syslog with the reply socket on fd 2"
gn_run "$CLIENT" --fd-num=2 --fd-kind=listen "$HELPER_SUID" gnbr0 >/dev/null 2>&1
sleep 0.2
grep -q 'listening socket' "$GN_DIR/syslog.txt" || gn_fail "an --fd error is not in syslog"
gn_pass
