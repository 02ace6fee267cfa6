#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh - guestnet-bridge-helper vs Debian's qemu-bridge-helper, exec to
# fd received, side by side in one run (interleaved), as nobody, both
# setuid-root copies in the build tree, on one bridge in a private network
# namespace. Debian's helper reads /etc/qemu/bridge.conf: that is provided
# by an overlay on /etc inside a private mount namespace, so the machine's
# /etc is never changed.
# Usage (root): bench/helper/run.sh [BUILD_DIR] [ITERATIONS]
# Target (docs/bridge-helper.md): median <= 5 ms and not slower than QEMU's.
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/../lib.sh"

build=$(realpath "${1:-$BENCH_REPO/build}")
iters=${2:-400}
bdir=$build/bench/helper
qemu_helper=/usr/lib/qemu/qemu-bridge-helper

bench_want_count ITERATIONS "$iters"
bench_need_root "namespaces, setuid copies"
[ -x "$qemu_helper" ] || bench_die "$qemu_helper missing (qemu-system-x86)"
[ -x "$bdir/helper-bench" ] || bench_die "build $bdir first (ninja -C $build)"

# allow FILE - an ACL allowing gnbr0: root, 0644, in a 0755 directory
allow() {
	install -d -o root -g root -m 0755 "$(dirname "$1")"
	echo "allow gnbr0" >"$1"
	chmod 0644 "$1"
}

if [ "${GN_BENCH_INNER:-}" != 1 ]; then
	bench_traps
	work=$(mktemp -d "$bdir/run.XXXXXX")
	bench_rm_at_exit "$work" "$bdir/acl"
	chmod 0755 "$work"
	bench_netns "gn-helper-bench-$$"
	ip -n "$BENCH_NS" link add gnbr0 type bridge
	ip -n "$BENCH_NS" link set gnbr0 up
	install -o root -g root -m 4755 "$bdir/guestnet-bridge-helper-bench" "$work/guestnet"
	install -o root -g root -m 4755 "$qemu_helper" "$work/qemu"
	rm -rf "$bdir/acl"
	allow "$bdir/acl/bridge.conf"
	allow "$work/up/qemu/bridge.conf"
	mkdir -p "$work/ovl"
	GN_BENCH_INNER=1 GN_BENCH_NS=$BENCH_NS GN_BENCH_WORK=$work \
		unshare -m --propagation private "$0" "$build" "$iters"
	exit
fi

# Inside the private mount namespace: /etc/qemu/bridge.conf from the overlay
mount -t overlay overlay \
	-o "lowerdir=/etc,upperdir=$GN_BENCH_WORK/up,workdir=$GN_BENCH_WORK/ovl" /etc
echo "helper exec -> fd received, $iters iterations each, interleaved, as nobody ($(bench_machine))"
ip netns exec "$GN_BENCH_NS" setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
	"$bdir/helper-bench" "$iters" gnbr0 \
	"qemu-bridge-helper=$GN_BENCH_WORK/qemu" \
	"guestnet-bridge-helper=$GN_BENCH_WORK/guestnet"
