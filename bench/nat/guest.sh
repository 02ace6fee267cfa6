#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# guest.sh - the "guest" side of bench/nat/run.sh, run inside the guest
# network namespace by each NAT under test (as its command, or via nsenter)
#
# usage: guest.sh HOLD_SECONDS IPERF3_ARG...
#
# Prints "GN_MTU IFNAME MTU" for each non-loopback link of the namespace it
# runs in, then "GN_START", runs iperf3 with the given arguments, prints
# "GN_DONE STATUS",
# then sleeps HOLD_SECONDS so that a NAT which exits with its command stays
# alive until run.sh has sampled its CPU time (run.sh stops it then).
set -eu

hold=${1:?usage: guest.sh HOLD_SECONDS IPERF3_ARG...}
shift

ip -o link show 2>/dev/null |
	awk '$2 != "lo:" { sub(/:$/, "", $2); sub(/@.*/, "", $2);
			   for (i = 3; i < NF; i++) if ($i == "mtu") print "GN_MTU", $2, $(i + 1) }' || true
rc=0
echo GN_START
iperf3 "$@" || rc=$?
echo "GN_DONE $rc"
sleep "$hold"
exit "$rc"
