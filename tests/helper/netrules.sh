#!/bin/bash
# netrules.sh - a refused request changes nothing (issue 16, item 4). The
# helper used to apply a guestnet network's nft rules before it checked
# that the bridge existed, so after `guestnet-network down` any granted
# user could put the network's masquerade chains back with a request that
# failed ("no such bridge"), and a failed send left them too. Now every
# check comes first, the rules are applied right before the send, and a
# failed send puts the network's chains back as they were (a table that
# did not exist stays, empty). The send is made to fail in the pause
# build: stopped after the rules, the caller closes its end, continues it.
# Usage: netrules.sh HELPER PAUSE-HELPER CLIENT (env GN_HELPER_ACL_DIR)
set -u
source "$(dirname "$0")/common.sh"
helper_init helper-netrules "$@"

acl ""
define gnrul "mode = nat-network
bridge = gnbrr
address = 10.96.0.1/24
users = nobody"

ruleset() { gn_ns nft list ruleset; }
no_table() { ! gn_ns nft list table inet guestnet >/dev/null 2>&1; }
same_as() { ruleset | diff -u "$1" - >&2; }
# hangup NAME - the send fails after the rules were applied
hangup() {
	refuse "$1" "cannot send the tap fd" env GN_HELPER_PAUSE_AT=rules \
		"$CLIENT" --pause --then=hangup "$PAUSE_SUID" gnbrr
}

# the network is down: its bridge is gone, its definition is there
refuse down-no-such-bridge "bridge gnbrr: no such bridge" "$CLIENT" "$HELPER_SUID" gnbrr
check down-no-table no_table

gn_ns ip link add gnbrr type bridge
# --fd refused before anything is made
refuse listening-socket "--fd is a listening socket" "$CLIENT" --fd-kind=listen "$HELPER_SUID" gnbrr
check listening-no-table no_table
refuse unconnected-socket "--fd is not a connected socket" "$CLIENT" --fd-kind=unconnected "$HELPER_SUID" gnbrr
check unconnected-no-table no_table
refuse peer-closed "--fd: the caller has closed the other end" "$CLIENT" --fd-kind=hangup "$HELPER_SUID" gnbrr
check peer-closed-no-table no_table
refuse socket-full "--fd cannot take the reply" "$CLIENT" --fd-kind=full "$HELPER_SUID" gnbrr
check socket-full-no-table no_table

# no table yet; the send fails once the rules are in: they go again
hangup send-fails-no-table
check send-fails-no-chains [ "$(our_chains)" = 0 ]

# granted: the rules are there afterwards
accept granted gnbrr
check granted-rules [ "$(our_chains)" = 4 ]
ruleset >"$GN_DIR/up.rules"

# rules intact (as after up): a failed send leaves them byte for byte
hangup send-fails-intact
check send-fails-intact-same same_as "$GN_DIR/up.rules"

# flushed by hand: a failed send leaves them flushed (a success restores)
gn_ns nft flush chain inet guestnet gnrul-fwd
gn_ns nft delete chain inet guestnet gnrul-nat
ruleset >"$GN_DIR/flushed.rules"
hangup send-fails-flushed
check send-fails-flushed-same same_as "$GN_DIR/flushed.rules"
# another network's chain in the table is left alone either way
gn_ns nft add chain inet guestnet other-in '{ type filter hook input priority 5; policy accept; }'
gn_ns nft add rule inet guestnet other-in iifname '"gnbr0"' counter accept
ruleset >"$GN_DIR/other.rules"
hangup send-fails-other
check send-fails-other-same same_as "$GN_DIR/other.rules"
accept granted-again gnbrr
check granted-again-rules [ "$(our_chains)" = 5 ]
helper_report
