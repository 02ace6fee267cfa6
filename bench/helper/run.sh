#!/bin/bash
# run.sh - guestnet-bridge-helper vs Debian's qemu-bridge-helper, exec to
# fd received, side by side in one run (interleaved), as nobody, both
# setuid-root copies in the build tree, on one bridge in a private network
# namespace. Debian's helper reads /etc/qemu/bridge.conf: that is provided
# by an overlay on /etc inside a private mount namespace, so the machine's
# /etc is never changed.
# Usage (root): bench/helper/run.sh [BUILD_DIR] [ITERATIONS]
# Target (docs/bridge-helper.md): median <= 5 ms and not slower than QEMU's.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(realpath "${1:-$here/../../build}")
iters=${2:-400}
bdir=$build/bench/helper
qemu_helper=/usr/lib/qemu/qemu-bridge-helper

[ "$(id -u)" = 0 ] || { echo "run.sh: needs root (namespaces, setuid copies)" >&2; exit 1; }
[ -x "$qemu_helper" ] || { echo "run.sh: $qemu_helper missing (qemu-system-x86)" >&2; exit 1; }
[ -x "$bdir/helper-bench" ] || { echo "run.sh: build $bdir first (ninja -C $build)" >&2; exit 1; }

if [ "${GN_BENCH_INNER:-}" != 1 ]; then
	ns=gn-helper-bench-$$
	work=$(mktemp -d "$bdir/run.XXXXXX")
	trap 'ip netns del "$ns" 2>/dev/null; rm -rf "$work" "$bdir/acl"' EXIT
	chmod 0755 "$work"
	ip netns add "$ns"
	ip -n "$ns" link add gnbr0 type bridge
	ip -n "$ns" link set gnbr0 up
	install -o root -g root -m 4755 "$bdir/guestnet-bridge-helper-bench" "$work/guestnet"
	install -o root -g root -m 4755 "$qemu_helper" "$work/qemu"
	rm -rf "$bdir/acl"
	install -d -m 0755 "$bdir/acl"
	echo "allow gnbr0" >"$bdir/acl/bridge.conf"
	chmod 0644 "$bdir/acl/bridge.conf"
	mkdir -p "$work/up/qemu" "$work/ovl"
	echo "allow gnbr0" >"$work/up/qemu/bridge.conf"
	chmod 0755 "$work/up" "$work/up/qemu"
	chmod 0644 "$work/up/qemu/bridge.conf"
	GN_BENCH_INNER=1 GN_BENCH_NS=$ns GN_BENCH_WORK=$work \
		unshare -m --propagation private "$0" "$build" "$iters"
	exit
fi

# Inside the private mount namespace: /etc/qemu/bridge.conf from the overlay
mount -t overlay overlay \
	-o "lowerdir=/etc,upperdir=$GN_BENCH_WORK/up,workdir=$GN_BENCH_WORK/ovl" /etc
echo "helper exec -> fd received, $iters iterations each, interleaved, as nobody ($(nproc) cores, $(uname -r))"
ip netns exec "$GN_BENCH_NS" setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
	"$bdir/helper-bench" "$iters" gnbr0 \
	"qemu-bridge-helper=$GN_BENCH_WORK/qemu" \
	"guestnet-bridge-helper=$GN_BENCH_WORK/guestnet"
