#!/bin/bash
# refusals.sh - guestnet-bridge-helper, setuid in a test namespace, called
# as nobody like QEMU calls it: the success case, then every refusal, each
# with its message on stderr (one line from the helper), exit 1, and no tap
# left in the namespace.
# Usage: refusals.sh HELPER PAUSE-HELPER CLIENT (env GN_HELPER_ACL_DIR)
set -u
source "$(dirname "$0")/common.sh"
helper_init helper-refusals "$@"

gn_ns ip link add gnbr1 type bridge
gn_ns ip link add abcdefghijklmno type bridge
gn_ns ip link add veth0 type veth peer name veth1

# --- success: fd received, tap in the bridge, up, owned by nobody, MTU ---
acl "allow gnbr0"
details='set -e; cd /sys/class/net/$TAP
	[ "$(cat owner)" = 65534 ]; [ "$(basename "$(readlink master)")" = gnbr0 ]
	[ "$(cat mtu)" = 1400 ]; [ $(( $(cat flags) & 1 )) = 1 ]; echo checked'
accept success gnbr0 --hold="$details"
grep -q checked "$GN_DIR/out" || bad success-details "tap not owned/enslaved/up/MTU"

# --- ACL decisions ---
acl "allow gnbr1"
refuse not-allowed "bridge gnbr0 not allowed for uid 65534" "$CLIENT" "$HELPER_SUID" gnbr0
acl "# comments only"
refuse no-entry "no ACL entry" "$CLIENT" "$HELPER_SUID" gnbr0
acl $'allow gnbr0\ndeny gnbr0'
refuse deny-beats-allow "denied for uid 65534 by $ACL:2" "$CLIENT" "$HELPER_SUID" gnbr0
acl $'deny gnbr0\nallow all'
refuse deny-beats-allow-all "denied for uid 65534 by $ACL:1" "$CLIENT" "$HELPER_SUID" gnbr0
acl "allow all"
accept allow-all gnbr0
acl $'allow all # everyone\ndeny all'
refuse deny-all "by $ACL:2" "$CLIENT" "$HELPER_SUID" gnbr0
acl "allow all"
refuse not-a-bridge "not a bridge" "$CLIENT" "$HELPER_SUID" veth0
refuse no-such-bridge "no such bridge" "$CLIENT" "$HELPER_SUID" gnbr9
acl "allow gnbr0 user=root"
refuse wrong-user "not allowed" "$CLIENT" "$HELPER_SUID" gnbr0
acl "allow gnbr0 group=kvm"
refuse wrong-group "not allowed" "$CLIENT" "$HELPER_SUID" gnbr0
acl "allow gnbr0 user=nobody"
accept right-user gnbr0
acl "allow gnbr0 group=nogroup"
accept right-group gnbr0
acl $'allow all\ndeny gnbr0 user=nobody'
refuse deny-user "denied" "$CLIENT" "$HELPER_SUID" gnbr0

# --- names ---
acl "allow gnbr0"
refuse len15-not-in-acl "not allowed" "$CLIENT" "$HELPER_SUID" abcdefghijklmno
acl "allow abcdefghijklmno"
accept len15-allowed abcdefghijklmno
acl "allow all"
refuse len16 "too long" "$CLIENT" "$HELPER_SUID" abcdefghijklmnop
refuse slash "'/'" "$CLIENT" "$HELPER_SUID" gn/br0
refuse space "whitespace" "$CLIENT" "$HELPER_SUID" "gn br0"
refuse newline "whitespace" "$CLIENT" "$HELPER_SUID" $'gn\nbr0'
acl "allow abcdefghijklmnop"
refuse acl-len16 "$ACL:1: interface name too long" "$CLIENT" "$HELPER_SUID" abcdefghijklmno

# --- the --fd and the arguments ---
acl "allow all"
refuse fd-closed "not an open descriptor" "$CLIENT" --fd-kind=closed "$HELPER_SUID" gnbr0
refuse fd-file "not a socket" "$CLIENT" --fd-kind=file "$HELPER_SUID" gnbr0
refuse fd-tcp "not a Unix socket" "$CLIENT" --fd-kind=tcp "$HELPER_SUID" gnbr0
refuse missing-br "missing --br" "$HELPER_SUID" --use-vnet --fd=1
refuse missing-fd "missing --fd" "$HELPER_SUID" --br=gnbr0
refuse dup-br "twice" "$HELPER_SUID" --br=gnbr0 --br=gnbr0 --fd=1
refuse dup-fd "twice" "$HELPER_SUID" --br=gnbr0 --fd=1 --fd=1
refuse unknown-arg "unknown argument" "$HELPER_SUID" --br=gnbr0 --fd=1 --acl=/tmp/x

# --- the ACL files themselves ---
acl "allow all"; chmod 0664 "$ACL"
refuse acl-group-writable "$ACL: writable by group or others" "$CLIENT" "$HELPER_SUID" gnbr0
acl "allow all"; chmod 0646 "$ACL"
refuse acl-other-writable "$ACL: writable by group or others" "$CLIENT" "$HELPER_SUID" gnbr0
acl "allow all"; chown nobody "$ACL"
refuse acl-user-owned "$ACL: not owned by root" "$CLIENT" "$HELPER_SUID" gnbr0
rm -f "$ACL"
printf 'allow all\n' >"$GN_HELPER_ACL_DIR/user.conf"
chown nobody "$GN_HELPER_ACL_DIR/user.conf"; chmod 0644 "$GN_HELPER_ACL_DIR/user.conf"
ln -s "$GN_HELPER_ACL_DIR/user.conf" "$ACL"
refuse acl-symlink-to-user-file "$ACL: not owned by root" "$CLIENT" "$HELPER_SUID" gnbr0
rm -f "$ACL" "$GN_HELPER_ACL_DIR/user.conf"
refuse acl-missing "$ACL: No such file or directory" "$CLIENT" "$HELPER_SUID" gnbr0

D=$GN_HELPER_ACL_DIR
acl "include $D/a.conf"
printf 'include %s/bridge.conf\n' "$D" >"$D/a.conf"; chmod 0644 "$D/a.conf"
refuse include-cycle "$D/bridge.conf: include cycle" "$CLIENT" "$HELPER_SUID" gnbr0
acl "include $D/a.conf"
printf 'include %s/a.conf # self\n' "$D" >"$D/a.conf"
refuse include-self "$D/a.conf: include cycle" "$CLIENT" "$HELPER_SUID" gnbr0

chain() { # N - bridge.conf includes d1 ... includes dN, which allows gnbr0
	local i
	acl "include $D/d1.conf"
	for i in $(seq 1 "$1"); do
		if [ "$i" = "$1" ]; then echo "allow gnbr0"; else echo "include $D/d$((i + 1)).conf"; fi >"$D/d$i.conf"
		chmod 0644 "$D/d$i.conf"
	done
}
chain 8
accept include-depth-8 gnbr0
chain 9
refuse include-depth-9 "$D/d9.conf: includes nested deeper than 8" "$CLIENT" "$HELPER_SUID" gnbr0
acl "include d1.conf"
refuse include-relative "$ACL:1: include path must be absolute" "$CLIENT" "$HELPER_SUID" gnbr0
acl "include $D/d1.conf"; chmod 0664 "$D/d1.conf"
refuse include-group-writable "$D/d1.conf: writable by group or others" "$CLIENT" "$HELPER_SUID" gnbr0

mkdir -p "$D/bridge.d"; chmod 0755 "$D/bridge.d"
printf 'allow gnbr0 # from a directory\n' >"$D/bridge.d/10-lab.conf"
printf 'allow all\n' >"$D/bridge.d/README"
chmod 0644 "$D/bridge.d/"*
acl "include $D/bridge.d"
accept include-dir gnbr0
refuse include-dir-only-conf "not allowed" "$CLIENT" "$HELPER_SUID" gnbr1
chmod 0775 "$D/bridge.d"
refuse include-dir-group-writable "$D/bridge.d: writable by group" "$CLIENT" "$HELPER_SUID" gnbr0
chmod 0755 "$D/bridge.d"
mkfifo -m 0644 "$D/bridge.d/20-fifo.conf"
refuse include-fifo "$D/bridge.d/20-fifo.conf: not a regular file" "$CLIENT" "$HELPER_SUID" gnbr0
rm -f "$D/bridge.d/20-fifo.conf"

rm -f "$ACL"
{ printf 'allow '; head -c 1048576 /dev/zero | tr '\0' a; echo; } >"$ACL"; chmod 0644 "$ACL"
refuse line-1mib "$ACL: file larger than 1 MiB" "$CLIENT" "$HELPER_SUID" gnbr0
{ printf 'allow '; head -c 5000 /dev/zero | tr '\0' a; echo; } >"$ACL"
refuse line-5000 "$ACL:1: line too long" "$CLIENT" "$HELPER_SUID" gnbr0
acl $'allow gnbr0\npermit gnbr1'
refuse bad-keyword "$ACL:2: unknown keyword" "$CLIENT" "$HELPER_SUID" gnbr0

helper_report
