#!/bin/sh
# guest-init.sh - /init of the test guests (busybox sh, PID 1)
#
# Kernel command line keys (all optional but gn.ip):
#   gn.ip=ADDR/LEN | gn.ip=dhcp   eth0's address
#   gn.name=NAME                  shown in the markers
#   gn.linger=SECONDS             stay up this long after the script ends
# The test's script comes from fw_cfg file opt/gn/script (QEMU option
# -fw_cfg name=opt/gn/script,file=PATH) and runs with /bin/sh; it may use
# the helpers below (gn_ping_until, gn_mark).  Markers on the console:
#   GN-BOOT NAME, GN-READY NAME ADDR, GN-PASS NAME, GN-FAIL NAME <why>,
#   GN-POWEROFF NAME.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin

GN_IP=
GN_NAME=guest
GN_LINGER=0

# gn_mark WORDS... - print a marker line on the console
gn_mark() {
	echo "GN-$*"
}

# gn_halt - linger if asked, then power off (never returns)
gn_halt() {
	if [ "$GN_LINGER" -gt 0 ] 2>/dev/null; then
		sleep "$GN_LINGER"
	fi
	gn_mark POWEROFF "$GN_NAME"
	poweroff -f
	sleep 3600
}

# gn_fail WHY - report failure and halt
gn_fail() {
	gn_mark FAIL "$GN_NAME" "$*"
	gn_halt
}

# parse_cmdline - read the gn.* keys from /proc/cmdline
parse_cmdline() {
	for kv in $(cat /proc/cmdline); do
		case "$kv" in
		gn.ip=*) GN_IP=${kv#gn.ip=} ;;
		gn.name=*) GN_NAME=${kv#gn.name=} ;;
		gn.linger=*) GN_LINGER=${kv#gn.linger=} ;;
		esac
	done
}

# load_modules - insmod the NIC drivers in dependency order
load_modules() {
	for m in virtio_ring virtio virtio_pci_legacy_dev \
		virtio_pci_modern_dev virtio_pci failover net_failover \
		virtio_net e1000 qemu_fw_cfg; do
		insmod "/lib/gn/$m.ko" || gn_fail "insmod $m"
	done
}

# wait_eth0 - wait up to 10 s for the NIC to appear
wait_eth0() {
	i=0
	while [ ! -e /sys/class/net/eth0 ]; do
		i=$((i + 1))
		[ $i -le 100 ] || gn_fail "no eth0"
		usleep 100000
	done
}

# setup_net - bring up lo and eth0 with gn.ip
setup_net() {
	ip link set lo up
	ip link set eth0 up || gn_fail "eth0 up"
	case "$GN_IP" in
	"") gn_fail "no gn.ip on the kernel command line" ;;
	dhcp)
		udhcpc -i eth0 -n -q -t 10 -T 1 -s /usr/share/udhcpc/default.script ||
			gn_fail "dhcp"
		;;
	*) ip addr add "$GN_IP" dev eth0 || gn_fail "ip addr add $GN_IP" ;;
	esac
}

# get_script - copy the test's script from fw_cfg to /tmp/gn-script
get_script() {
	f=/sys/firmware/qemu_fw_cfg/by_name/opt/gn/script/raw
	i=0
	while [ ! -r "$f" ]; do
		i=$((i + 1))
		[ $i -le 20 ] || gn_fail "no fw_cfg opt/gn/script"
		usleep 100000
	done
	cat "$f" >/tmp/gn-script || gn_fail "read $f"
}

# gn_ping_until PEER SECONDS - ping PEER once a second until it answers
gn_ping_until() {
	n=0
	while [ $n -lt "$2" ]; do
		if ping -c 1 -W 1 "$1" >/dev/null 2>&1; then
			gn_mark REACHED "$GN_NAME" "$1"
			return 0
		fi
		n=$((n + 1))
	done
	return 1
}

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
parse_cmdline
gn_mark BOOT "$GN_NAME"
load_modules
wait_eth0
setup_net
get_script
gn_mark READY "$GN_NAME" "$GN_IP" \
	"$(cat /sys/class/net/eth0/address)"
export GN_NAME GN_IP
# Run in this shell so the script can use the helpers above.
if (. /tmp/gn-script); then
	gn_mark PASS "$GN_NAME"
else
	gn_fail "script exit $?"
fi
gn_halt
