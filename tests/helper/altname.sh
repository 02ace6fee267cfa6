#!/bin/bash
# altname.sh - a bridge is judged by its own name only (issue 16, item 2).
# The kernel resolves alternative names (ip link property add ... altname)
# wherever a name is looked up, so "--br=ALTNAME" used to give a tap in
# the bridge although "deny BRIDGE" said no, and on a guestnet network it
# attached without the network's rules (the definition names the bridge,
# not the alias). Now the request's name must be the interface's
# canonical name; the bridge is then named by its index. Altnames of lo
# and of a veth are refused the same way. No tap, no rules left.
# Usage: altname.sh HELPER PAUSE-HELPER CLIENT (env GN_HELPER_ACL_DIR)
set -u
source "$(dirname "$0")/common.sh"
helper_init helper-altname "$@"

gn_ns ip link property add dev gnbr0 altname gnalias
gn_ns ip link property add dev lo altname brlo
gn_ns ip link add veth0 type veth peer name veth1
gn_ns ip link property add dev veth0 altname brveth

acl $'allow all\ndeny gnbr0'
refuse deny-by-altname "bridge gnalias: an alternative name of interface gnbr0" \
	"$CLIENT" "$HELPER_SUID" gnalias
refuse deny-by-name "denied for uid 65534 by $ACL:2" "$CLIENT" "$HELPER_SUID" gnbr0
acl "allow gnalias"
refuse allow-names-altname "an alternative name of interface gnbr0" "$CLIENT" "$HELPER_SUID" gnalias
acl "allow all"
refuse altname-of-lo "bridge brlo: an alternative name of interface lo" "$CLIENT" "$HELPER_SUID" brlo
refuse altname-of-veth "bridge brveth: an alternative name of interface veth0" "$CLIENT" "$HELPER_SUID" brveth
accept own-name gnbr0

# a guestnet network's bridge, asked for by an alternative name
gn_ns ip link add gnbrn type bridge
gn_ns ip link property add dev gnbrn altname gnnetalias
define gnalt "mode = internal
bridge = gnbrn
users = nobody"
acl $'allow all\ndeny gnbrn'
refuse network-altname "bridge gnnetalias: an alternative name of interface gnbrn" \
	"$CLIENT" "$HELPER_SUID" gnnetalias
check network-altname-no-rules [ "$(our_chains)" = 0 ]
acl ""
refuse network-altname-users "an alternative name of interface gnbrn" "$CLIENT" "$HELPER_SUID" gnnetalias
accept network-own-name gnbrn
check network-own-name-rules [ "$(our_chains)" = 3 ]
helper_report
