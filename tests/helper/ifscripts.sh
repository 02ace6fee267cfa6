#!/bin/bash
# ifscripts.sh - guestnet-ifup / guestnet-ifdown (root-run, for QEMU's
# -netdev tap,script=) in a test namespace: attach by argument and by
# $GUESTNET_BRIDGE, MTU copied, up; refusals for bad names and non-bridges;
# ifdown detaches and tolerates a vanished tap.
# Usage: ifscripts.sh HELPER PAUSE-HELPER CLIENT (env GN_HELPER_SRC)
set -u
source "$(dirname "$0")/common.sh"
helper_init helper-ifscripts "$@"
up=$GN_HELPER_SRC/../../ifscripts/guestnet-ifup
down=$GN_HELPER_SRC/../../ifscripts/guestnet-ifdown

gn_ns ip tuntap add mode tap name gntap0
gn_ns ip tuntap add mode tap name gntap1
gn_ns ip link add gnbr1 type bridge

gn_ns "$up" gntap0 gnbr0 || gn_fail "ifup gntap0 gnbr0 failed"
[ "$(gn_ns basename "$(gn_ns readlink /sys/class/net/gntap0/master)")" = gnbr0 ] || gn_fail "gntap0 not in gnbr0"
[ "$(gn_ns cat /sys/class/net/gntap0/mtu)" = 1400 ] || gn_fail "gntap0 MTU not the bridge's"
gn_ns ip -o link show gntap0 | grep -q '[<,]UP[,>]' || gn_fail "gntap0 not up"

gn_ns env GUESTNET_BRIDGE=gnbr1 "$up" gntap1 || gn_fail "ifup with GUESTNET_BRIDGE failed"
[ "$(gn_ns basename "$(gn_ns readlink /sys/class/net/gntap1/master)")" = gnbr1 ] || gn_fail "gntap1 not in gnbr1"

gn_ns "$up" gntap1 lo 2>"$GN_DIR/err" && gn_fail "ifup to lo succeeded"
grep -q 'lo is not a bridge' "$GN_DIR/err" || gn_fail "no 'not a bridge' message"
gn_ns "$up" 'gn/tap' gnbr0 2>"$GN_DIR/err" && gn_fail "ifup with a / succeeded"
grep -q 'bad interface name' "$GN_DIR/err" || gn_fail "no bad-name message"
gn_ns "$up" abcdefghijklmnop gnbr0 2>"$GN_DIR/err" && gn_fail "ifup with 16 chars succeeded"
grep -q '16 or more' "$GN_DIR/err" || gn_fail "no too-long message"
gn_ns "$up" gntap9 gnbr0 2>"$GN_DIR/err" && gn_fail "ifup of a missing tap succeeded"

gn_ns "$down" gntap0 gnbr0 || gn_fail "ifdown gntap0 failed"
gn_ns test -e /sys/class/net/gntap0/master && gn_fail "gntap0 still in a bridge"
gn_ns "$down" gntap1 gnbr0 2>/dev/null && gn_fail "ifdown accepted the wrong bridge"
gn_ns "$down" gntap9 || gn_fail "ifdown of a vanished tap failed"
gn_pass
