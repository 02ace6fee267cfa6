#!/bin/bash
# nss.sh - deny rules fail closed (issue 16, item 5). A deny rule naming a
# user or group that did not resolve - a typo, an NSS or LDAP failure -
# used to be dropped silently, so "allow all" + "deny BR user=NAME" let
# NAME in. Now an unknown name in a deny rule refuses the whole ACL
# (file:line), in an allow rule it matches no one (and is logged), and an
# NSS error (an errno from getpwnam_r/getgrnam_r) refuses the request.
# The errors are made in a private mount namespace: /etc/nsswitch.conf
# says "files" only, and /etc/passwd (or /etc/group) is bind-mounted from
# /dev/net/tun, whose read() fails (EBADFD) for root as for nobody. The
# callers run as 65534:65534 by number (setpriv cannot look nobody up
# then). The machine's own /etc is not touched.
# Usage: nss.sh HELPER PAUSE-HELPER CLIENT (env GN_HELPER_ACL_DIR)
set -u
if [ "${GN_NSS_INNER:-}" != 1 ]; then
	GN_NSS_INNER=1 exec unshare -m --propagation private "$0" "$@"
fi
source "$(dirname "$0")/common.sh"
helper_init helper-nss "$@"

# nrun CMD... - as gn_run, with numeric ids (no NSS in setpriv)
nrun() {
	(cd "$GN_DIR" && exec ip netns exec "$GN_NS" setpriv \
		--reuid=65534 --regid=65534 --clear-groups -- "$@")
}
gn_run() { nrun "$@"; }	# refuse/accept use it

NOUSER=gn-no-such-user
getent passwd "$NOUSER" >/dev/null && gn_fail "$NOUSER exists"
getent group "$NOUSER" >/dev/null && gn_fail "group $NOUSER exists"

# --- names that do not exist ---
acl $'allow all\ndeny gnbr0 user='"$NOUSER"
refuse deny-unknown-user "ACL refused: $ACL:2: deny rule names user $NOUSER, which does not exist" \
	"$CLIENT" "$HELPER_SUID" gnbr0
acl $'allow all\ndeny gnbr0 group='"$NOUSER"
refuse deny-unknown-group "ACL refused: $ACL:2: deny rule names group $NOUSER, which does not exist" \
	"$CLIENT" "$HELPER_SUID" gnbr0
acl $'allow all\ndeny gnbr1 user='"$NOUSER"
refuse deny-unknown-other-bridge "deny rule names user $NOUSER" "$CLIENT" "$HELPER_SUID" gnbr0
acl "allow gnbr0 user=$NOUSER"
refuse allow-unknown-matches-no-one "bridge gnbr0 not allowed for uid 65534" "$CLIENT" "$HELPER_SUID" gnbr0
acl $'allow gnbr0 user='"$NOUSER"$'\nallow gnbr0 user=nobody'
accept allow-unknown-and-known gnbr0
acl $'allow all\ndeny gnbr0 user=65534'
refuse deny-by-uid "denied for uid 65534 by $ACL:2" "$CLIENT" "$HELPER_SUID" gnbr0
acl $'allow all\ndeny gnbr0 user=nobody'
refuse deny-by-name "denied for uid 65534 by $ACL:2" "$CLIENT" "$HELPER_SUID" gnbr0

# --- NSS errors: "files" only, and a passwd/group file that cannot be read ---
printf 'passwd: files\ngroup: files\nshadow: files\n' >"$GN_DIR/nsswitch.conf"
chmod 0644 "$GN_DIR/nsswitch.conf"
mount --bind "$GN_DIR/nsswitch.conf" /etc/nsswitch.conf || gn_fail "bind nsswitch.conf"
mount --bind /dev/net/tun /etc/passwd || gn_fail "bind /etc/passwd"
getent passwd root >/dev/null && gn_fail "/etc/passwd still readable"
acl $'allow all\ndeny gnbr0 user=nobody'
refuse deny-nss-error "ACL refused: $ACL:2: cannot look up user nobody" "$CLIENT" "$HELPER_SUID" gnbr0
acl "allow gnbr0 user=nobody"
refuse allow-nss-error "ACL refused: $ACL:1: cannot look up user nobody" "$CLIENT" "$HELPER_SUID" gnbr0
acl "allow gnbr0 user=65534"
accept nss-error-numeric-id gnbr0
umount /etc/passwd
mount --bind /dev/net/tun /etc/group || gn_fail "bind /etc/group"
acl $'allow all\ndeny gnbr0 group=nogroup'
refuse deny-group-nss-error "ACL refused: $ACL:2: cannot look up group nogroup" "$CLIENT" "$HELPER_SUID" gnbr0
umount /etc/group
# the machine's own nsswitch.conf (files, then systemd): after the files
# error the next service answers (nss-systemd knows nobody), or says "not
# found": refused either way, by the rule or for the whole ACL
umount /etc/nsswitch.conf
mount --bind /dev/net/tun /etc/passwd || gn_fail "bind /etc/passwd"
acl $'allow all\ndeny gnbr0 user=nobody'
refuse deny-nss-fallback "$ACL:2" "$CLIENT" "$HELPER_SUID" gnbr0
umount /etc/passwd
helper_report
