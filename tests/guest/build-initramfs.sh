#!/bin/sh
# build-initramfs.sh - build the test guests' initramfs (busybox + NIC modules)
#
# Usage: build-initramfs.sh OUT.cpio.gz
#
# Builds OUT from busybox-static (/bin/busybox) and the virtio-net and e1000
# modules of the installed Debian kernel, plus qemu_fw_cfg, and prints the
# path of the matching kernel (/boot/vmlinuz-VERSION) on stdout; everything
# else goes to stderr.  Cached: OUT is rebuilt only if it is missing, if
# busybox or this script is newer than it, or if the kernel version changed
# (recorded in OUT.stamp).  The kernel is the newest version present in
# both /lib/modules and /boot, or $GN_KVER if set.
#
# The guest's /init (see guest-init.sh next to this script):
#   - mounts proc, sys, dev; loads the modules; brings up lo and eth0 with
#     the address from the kernel command line: gn.ip=ADDR/LEN or gn.ip=dhcp
#     (udhcpc with the default script /usr/share/udhcpc/default.script);
#   - takes the test's script from QEMU's fw_cfg, file opt/gn/script
#     (QEMU: -fw_cfg name=opt/gn/script,file=PATH), read from
#     /sys/firmware/qemu_fw_cfg after loading qemu_fw_cfg.ko.  fw_cfg rather
#     than the kernel command line because scripts need no quoting and are
#     not limited to the command line's 2 KiB;
#   - prints GN-READY, runs the script, prints GN-PASS or GN-FAIL <why> on
#     the serial console, optionally lingers gn.linger=SECONDS (so a peer can
#     keep pinging it), then powers off (poweroff -f).
set -eu

die() {
	echo "build-initramfs: $*" >&2
	exit 1
}

# pick_kver - print the kernel version to use
pick_kver() {
	if [ -n "${GN_KVER:-}" ]; then
		echo "$GN_KVER"
		return
	fi
	for d in $(ls -1 /lib/modules | sort -rV); do
		if [ -r "/boot/vmlinuz-$d" ]; then
			echo "$d"
			return
		fi
	done
	die "no kernel found with both /boot/vmlinuz-V and /lib/modules/V"
}

# find_module KVER NAME - print the path of module NAME (.ko, .ko.xz, ...)
find_module() {
	m=$(find "/lib/modules/$1/kernel" -name "$2.ko" -o -name "$2.ko.*" |
		head -n 1)
	[ -n "$m" ] || die "module $2 not found in /lib/modules/$1"
	echo "$m"
}

# add_module KVER NAME DIR - copy module NAME, decompressed, to DIR/NAME.ko
add_module() {
	src=$(find_module "$1" "$2")
	case "$src" in
	*.ko) cp "$src" "$3/$2.ko" ;;
	*.ko.xz) xz -dc "$src" >"$3/$2.ko" ;;
	*.ko.zst) zstd -qdc "$src" >"$3/$2.ko" ;;
	*.ko.gz) gzip -dc "$src" >"$3/$2.ko" ;;
	*) die "unknown module compression: $src" ;;
	esac
}

# is_fresh OUT KVER - true if OUT exists and needs no rebuild
is_fresh() {
	[ -s "$1" ] && [ -f "$1.stamp" ] || return 1
	[ "$(cat "$1.stamp")" = "kver=$2" ] || return 1
	[ "$1" -nt /bin/busybox ] || return 1
	[ "$1" -nt "$HERE/build-initramfs.sh" ] || return 1
	[ "$1" -nt "$HERE/guest-init.sh" ] || return 1
	return 0
}

# build OUT KVER - assemble the tree and pack it into OUT atomically
build() {
	tree=$(mktemp -d "${TMPDIR:-/tmp}/gn-initramfs.XXXXXX")
	trap 'rm -rf "$tree"' EXIT
	mkdir -p "$tree/bin" "$tree/sbin" "$tree/usr/bin" "$tree/usr/sbin" \
		"$tree/proc" "$tree/sys" "$tree/dev" "$tree/tmp" "$tree/run" \
		"$tree/etc" "$tree/lib/gn" "$tree/usr/share/udhcpc"
	cp /bin/busybox "$tree/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ "$a" = busybox ] || ln -sf busybox "$tree/bin/$a"
	done
	for m in virtio_ring virtio virtio_pci_legacy_dev \
		virtio_pci_modern_dev virtio_pci failover net_failover \
		virtio_net e1000 qemu_fw_cfg; do
		add_module "$2" "$m" "$tree/lib/gn"
	done
	cp "$HERE/guest-init.sh" "$tree/init"
	chmod 0755 "$tree/init"
	cat >"$tree/usr/share/udhcpc/default.script" <<'EOF'
#!/bin/sh
# udhcpc default script: apply the lease to $interface
case "$1" in
deconfig)
	ip -4 addr flush dev "$interface"
	ip link set "$interface" up
	;;
bound|renew)
	ip -4 addr flush dev "$interface"
	ip addr add "$ip/${mask:-24}" dev "$interface"
	for r in $router; do
		ip route replace default via "$r" dev "$interface"
		break
	done
	: >/etc/resolv.conf
	for d in $dns; do echo "nameserver $d" >>/etc/resolv.conf; done
	echo "GN-DHCP $interface $ip/${mask:-24} router=${router:-none}"
	;;
esac
exit 0
EOF
	chmod 0755 "$tree/usr/share/udhcpc/default.script"
	echo "root:x:0:0:root:/:/bin/sh" >"$tree/etc/passwd"
	echo "root:x:0:" >"$tree/etc/group"
	tmp="$1.tmp.$$"
	(cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) |
		gzip -1 >"$tmp"
	chmod 0644 "$tmp"
	mv -f "$tmp" "$1"
	echo "kver=$2" >"$1.stamp"
	echo "build-initramfs: built $1 for kernel $2" >&2
}

[ $# -eq 1 ] || die "usage: build-initramfs.sh OUT.cpio.gz"
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$1
[ -x /bin/busybox ] || die "/bin/busybox missing (install busybox-static)"
/bin/busybox --list | grep -qx udhcpc || die "/bin/busybox lacks udhcpc"
KVER=$(pick_kver)
[ -r "/boot/vmlinuz-$KVER" ] || die "/boot/vmlinuz-$KVER missing or unreadable"
mkdir -p "$(dirname "$OUT")"
if ! is_fresh "$OUT" "$KVER"; then
	build "$OUT" "$KVER"
fi
echo "/boot/vmlinuz-$KVER"
