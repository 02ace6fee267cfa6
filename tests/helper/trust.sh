#!/bin/bash
# trust.sh - the helper trusts a configuration file only if root alone
# controls it and every directory on its path (issue 16, item 3). Before,
# only the opened file was checked (owner, mode) and procfs files counted
# as root's: a root-owned include in a user-owned directory could be
# swapped for a symlink to /proc/self/comm (the helper exec'd through a
# symlink named "allow all") or to /proc/PID/comm of a process that set
# its name to "allow all" and made itself non-dumpable (so the file is
# root's) - a tap on a denied bridge. Now each directory from / and the
# file must be root-owned, not group/other-writable, not on a pseudo file
# system; symlinks are followed only if root's. Network definitions
# (networks.d) are held to the same rule. Each refusal leaves no tap.
# Usage: trust.sh HELPER PAUSE-HELPER CLIENT (env GN_HELPER_ACL_DIR)
set -u
source "$(dirname "$0")/common.sh"
helper_init helper-trust "$@"
D=$GN_HELPER_ACL_DIR

root_file() { # PATH TEXT - a root-owned 0644 file
	printf '%s\n' "$2" >"$1"
	chown root:root "$1"
	chmod 0644 "$1"
}

# nobody's own directory inside the trusted tree (as /tmp/u in the report)
install -d -o nobody -g nogroup -m 0755 "$D/u"
root_file "$D/u/site.conf" "allow gnbr0"
acl "include $D/u/site.conf"
refuse user-owned-dir "$D/u/site.conf: directory $D/u not owned by root" "$CLIENT" "$HELPER_SUID" gnbr0

# a user-writable ancestor, with root-owned directory and file below it
install -d -o root -g root -m 0777 "$D/w"
install -d -o root -g root -m 0755 "$D/w/sub"
root_file "$D/w/sub/site.conf" "allow gnbr0"
acl "include $D/w/sub/site.conf"
refuse writable-ancestor "$D/w/sub/site.conf: directory $D/w writable by group or others" \
	"$CLIENT" "$HELPER_SUID" gnbr0
chmod 0775 "$D/w"
refuse group-writable-ancestor "directory $D/w writable by group or others" "$CLIENT" "$HELPER_SUID" gnbr0
chmod 1777 "$D/w"
refuse sticky-ancestor "directory $D/w writable by group or others" "$CLIENT" "$HELPER_SUID" gnbr0
chmod 0755 "$D/w"
accept trusted-again gnbr0

# /proc/self/comm: nobody's symlink, the helper run as "allow all"
rm -f "$D/u/site.conf"
gn_run ln -s /proc/self/comm "$D/u/site.conf"
ln -s "$HELPER_SUID" "$HELPER_WORK/allow all"
acl "include $D/u/site.conf"
refuse proc-self-comm-user-link "directory $D/u not owned by root" "$CLIENT" "$HELPER_WORK/allow all" gnbr0
# ... and even through a root-owned symlink in a trusted directory
ln -s /proc/self/comm "$D/comm.conf"
acl "include $D/comm.conf"
refuse proc-self-comm "$D/comm.conf: directory /proc on a pseudo file system (proc)" \
	"$CLIENT" "$HELPER_WORK/allow all" gnbr0

# /proc/PID/comm of a process of nobody's, named "allow all", not dumpable
gn_run "$GN_PY" -c '
import ctypes, time
libc = ctypes.CDLL(None)
libc.prctl(15, b"allow all", 0, 0, 0)	# PR_SET_NAME
libc.prctl(4, 0, 0, 0, 0)		# PR_SET_DUMPABLE 0: /proc/PID is root'"'"'s
open("'"$GN_DIR"'/named", "w").close()
time.sleep(300)' &
NAMED=$!
GN_PIDS+=("$NAMED")
gn_wait_path "$GN_DIR/named" 10
PID=$(pgrep -u nobody -x 'allow all' | head -n1)
[ -n "$PID" ] || gn_fail "no process named 'allow all'"
[ "$(stat -c %U "/proc/$PID/comm")" = root ] || gn_fail "/proc/$PID/comm is not root's"
rm -f "$D/u/site.conf"
gn_run ln -s "/proc/$PID/comm" "$D/u/site.conf"
acl "include $D/u/site.conf"
refuse proc-pid-comm-user-link "directory $D/u not owned by root" "$CLIENT" "$HELPER_SUID" gnbr0
acl "include /proc/$PID/comm"
refuse proc-pid-comm "/proc/$PID/comm: directory /proc on a pseudo file system (proc)" \
	"$CLIENT" "$HELPER_SUID" gnbr0
kill "$NAMED" 2>/dev/null

# other pseudo file systems, devices
acl "include /sys/class/net/gnbr0/ifalias"
refuse sysfs "directory /sys on a pseudo file system (sysfs)" "$CLIENT" "$HELPER_SUID" gnbr0
acl "include /dev/zero"
refuse device "/dev/zero: not a regular file or directory" "$CLIENT" "$HELPER_SUID" gnbr0

# symlinks: a root-owned relative one with "..", a loop, one not root's
install -d -o root -g root -m 0755 "$D/sub"
root_file "$D/real.conf" "allow gnbr0"
ln -s ../real.conf "$D/sub/link.conf"
acl "include $D/sub/link.conf"
accept relative-symlink gnbr0
acl "include $D//sub/./../sub/link.conf"
accept dot-dotdot-slashes gnbr0
ln -s loop-b "$D/loop-a"
ln -s loop-a "$D/loop-b"
acl "include $D/loop-a"
refuse symlink-loop "too many symlinks" "$CLIENT" "$HELPER_SUID" gnbr0
ln -s real.conf "$D/theirs.conf"
chown -h nobody "$D/theirs.conf"
acl "include $D/theirs.conf"
refuse symlink-not-root "a symlink on the path is not owned by root" "$CLIENT" "$HELPER_SUID" gnbr0

# network definitions: networks.d a symlink into nobody's directory, with
# a root-owned definition granting nobody a bridge
gn_ns ip link add gnbrt type bridge
acl ""
install -d -o nobody -g nogroup -m 0755 "$D/u/nets"
root_file "$D/u/nets/gntrust.conf" "mode = internal
bridge = gnbrt
users = nobody"
ln -s "$D/u/nets" "$NETS"
refuse networks-in-user-dir "network definitions refused: $NETS: directory $D/u not owned by root" \
	"$CLIENT" "$HELPER_SUID" gnbrt
check networks-in-user-dir-no-rules [ "$(our_chains)" = 0 ]
rm -f "$NETS"
define gntrust "mode = internal
bridge = gnbrt
users = nobody"
accept networks-trusted gnbrt
rm -f "$NETS/gntrust.conf"
ln -s "/proc/self/comm" "$NETS/gntrust.conf"
refuse definition-on-proc "directory /proc on a pseudo file system (proc)" "$CLIENT" "$HELPER_SUID" gnbrt
helper_report
