#!/bin/bash
# tap-ifname.sh MODE - -netdev tap,ifname=NAME
#
#   nobody  a persistent tap made by `ip tuntap add mode tap user nobody`
#           (host side 10.9.1.1/24) is opened by guestnet-emu running as
#           nobody, without any capability; a real QEMU guest on the
#           emulator's stream port pings 10.9.1.1. The tap stays (it is
#           persistent). Refusals as nobody: a tap owned by root (one
#           with no owner and no group is open to every user), a name
#           that does not exist (creating needs CAP_NET_ADMIN), a
#           16-character name, a script that is not executable.
#   script  ifscripts/guestnet-ifup as script= and a wrapper around
#           guestnet-ifdown as downscript=: the emulator creates tap gnst0,
#           the script enslaves it to gnbr0 (192.0.2.1) and the guest pings
#           that address; at exit the downscript runs while the tap still
#           exists. The emulator runs as root here: the scripts run with the
#           emulator's credentials (as QEMU's do) and `ip link set master`
#           needs CAP_NET_ADMIN. A failing script refuses the port.
set -u
source "$(dirname "$0")/tap-lib.sh"

MODE=${1:?usage: tap-ifname.sh nobody|script}
IFUP=$GN_SRC_DIR/ifscripts/guestnet-ifup
IFDOWN=$GN_SRC_DIR/ifscripts/guestnet-ifdown

# run_nobody NAME ARGS... - the emulator as nobody, foreground; sets RC
run_nobody() {
	local name=$1
	shift
	RC=0
	gn_run timeout 10 "$GUESTNET_EMU" "$@" >"$GN_DIR/$name.out" 2>"$GN_DIR/$name.err" || RC=$?
}

mode_nobody() {
	gn_ns ip tuntap add mode tap user nobody name gnpt0
	gn_ns ip addr add 10.9.1.1/24 dev gnpt0
	gn_ns ip link set gnpt0 up
	gn_emu emu -netdev "tap,id=t,ifname=gnpt0" -netdev "$(gn_unix_server g)"
	tap_guest_ping 10.9.1.1 10.9.1.2
	grep -q 'CapEff:[[:space:]]*0000000000000000' "/proc/$(gn_pid emu)/status" ||
		gn_fail "the emulator has capabilities"
	gn_stop_emus
	gn_ns test -e /sys/class/net/gnpt0 || gn_fail "persistent tap gnpt0 vanished"

	gn_ns ip tuntap add mode tap user root name gnroot0
	run_nobody rootowned -netdev "tap,id=t,ifname=gnroot0"
	tap_expect_fail "$RC" "$GN_DIR/rootowned.err" \
		"-netdev tap,id=t,ifname=gnroot0: key 'ifname': 'gnroot0': Operation not permitted \(needs CAP_NET_ADMIN, or a persistent tap owned by this user\)"
	run_nobody missing -netdev "tap,id=t,ifname=gnnew0"
	tap_expect_fail "$RC" "$GN_DIR/missing.err" "key 'ifname': 'gnnew0': Operation not permitted"
	gn_ns test -e /sys/class/net/gnnew0 && gn_fail "gnnew0 was created"
	run_nobody long -netdev "tap,id=t,ifname=abcdefghijklmnop"
	tap_expect_fail "$RC" "$GN_DIR/long.err" "key 'ifname': 'abcdefghijklmnop' is 16 or more characters"
	printf '#!/bin/sh\nexit 0\n' >"$GN_DIR/noexec.sh"
	chmod 0644 "$GN_DIR/noexec.sh"
	run_nobody noexec -netdev "tap,id=t,ifname=gnpt0,script=$GN_DIR/noexec.sh"
	tap_expect_fail "$RC" "$GN_DIR/noexec.err" "key 'script': '.*/noexec.sh': Permission denied"
	printf 'not a program\n' >"$GN_DIR/garbage"
	chmod 0755 "$GN_DIR/garbage"
	run_nobody garbage -netdev "tap,id=t,ifname=gnpt0,script=$GN_DIR/garbage"
	tap_expect_fail "$RC" "$GN_DIR/garbage.err" "key 'script': '.*/garbage gnpt0': cannot execute it: Exec format error"
}

mode_script() {
	local rc=0
	cat >"$GN_DIR/down.sh" <<EOF
#!/bin/sh
# record that we ran, and where the tap was, then detach it
echo "down \$1 master=\$(basename "\$(readlink /sys/class/net/\$1/master)")" >>"$GN_DIR/down.log"
exec "$IFDOWN" "\$@"
EOF
	chmod 0755 "$GN_DIR/down.sh"
	gn_emu_root emu env GUESTNET_BRIDGE=gnbr0 "$GUESTNET_EMU" --allow-root \
		-netdev "tap,id=t,ifname=gnst0,script=$IFUP,downscript=$GN_DIR/down.sh" \
		-netdev "$(gn_unix_server g)"
	tap_guest_ping "$TAP_BR_IP"
	[ "$(gn_ns basename "$(gn_ns readlink /sys/class/net/gnst0/master)")" = gnbr0 ] ||
		gn_fail "gnst0 not in gnbr0"
	gn_log "script= put gnst0 in gnbr0"
	gn_stop_emus
	grep -qx 'down gnst0 master=gnbr0' "$GN_DIR/down.log" ||
		gn_fail "downscript did not run while gnst0 was in gnbr0: $(cat "$GN_DIR/down.log" 2>&1)"
	gn_log "downscript ran: $(cat "$GN_DIR/down.log")"
	[ "$(gn_tap_count)" = 0 ] || gn_fail "tap left after the emulator exited"

	# a failing script: the port is refused, with the script's message
	(cd "$GN_DIR" && exec ip netns exec "$GN_NS" env GUESTNET_BRIDGE=nosuchbr "$GUESTNET_EMU" --allow-root \
		-netdev "tap,id=t,ifname=gnst1,script=$IFUP") >"$GN_DIR/bad.out" 2>"$GN_DIR/bad.err" || rc=$?
	tap_expect_fail "$rc" "$GN_DIR/bad.err" \
		"key 'script': '.*guestnet-ifup gnst1': exit status 1: guestnet-ifup: nosuchbr is not a bridge"
	[ "$(gn_tap_count)" = 0 ] || gn_fail "tap left after a failed script"
}

gn_init "tap-ifname-$MODE"
tap_bridge
case "$MODE" in
nobody) mode_nobody ;;
script) mode_script ;;
*) gn_fail "unknown mode $MODE" ;;
esac
gn_pass
