#!/bin/bash
# tap-fd.sh - -netdev tap,fd=N: the test opens a tap as root (python3,
# IFF_TAP|IFF_NO_PI|IFF_VNET_HDR, name gnfd0) and execs guestnet-emu as
# nobody with the descriptor inherited (vnet_hdr=on must agree). The host
# side of the tap gets 10.9.0.1/24; a real QEMU guest on the emulator's
# stream port pings it. The tap is gone after the emulator exits.
# Refusals: vnet_hdr=off on a vnet tap, a descriptor that is not a tap,
# a tun (layer 3) device, and fd= together with ifname=.
set -u
source "$(dirname "$0")/tap-lib.sh"

HOST_IP=10.9.0.1

# open_tap NAME FLAGS CMD... - as root in the namespace, open tap NAME
# with FLAGS (tap, vnet, tun), replace "@FD@" in CMD by its descriptor and
# exec CMD with the descriptor inherited
read -r -d '' OPEN_TAP <<'PY'
import fcntl, os, struct, sys
TUNSETIFF = 0x400454CA
FLAGS = {"tap": 0x0002 | 0x1000, "vnet": 0x0002 | 0x1000 | 0x4000, "tun": 0x0001 | 0x1000}
name, kind = sys.argv[1], sys.argv[2]
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), FLAGS[kind]))
os.set_inheritable(fd, True)
cmd = [a.replace("@FD@", str(fd)) for a in sys.argv[3:]]
os.execvp(cmd[0], cmd)
PY

as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)

# refuse NAME KIND ERE TAP-OPTION - a refusal, quick, one line, exit 2
refuse() {
	local name=$1 kind=$2 pat=$3 rc=0
	(cd "$GN_DIR" && exec ip netns exec "$GN_NS" python3 -c "$OPEN_TAP" "gnx$name" "$kind" \
		"${as_nobody[@]}" "$GUESTNET_EMU" -netdev "$4") >"$GN_DIR/$name.out" 2>"$GN_DIR/$name.err" || rc=$?
	tap_expect_fail "$rc" "$GN_DIR/$name.err" "$pat"
}

gn_init tap-fd

gn_emu_root emu python3 -c "$OPEN_TAP" gnfd0 vnet "${as_nobody[@]}" \
	"$GUESTNET_EMU" -netdev "tap,id=t,fd=@FD@,vnet_hdr=on" -netdev "$(gn_unix_server g)"
gn_wait_path "$GN_DIR/g.sock" 10 "$(gn_pid emu)"
[ "$(awk '/^Uid:/ { print $2 }' "/proc/$(gn_pid emu)/status")" = 65534 ] || gn_fail "emulator not running as nobody"
gn_ns ip addr add "$HOST_IP/24" dev gnfd0
gn_ns ip link set gnfd0 up
tap_guest_ping "$HOST_IP" 10.9.0.2
gn_stop_emus
[ "$(gn_tap_count)" = 0 ] || gn_fail "tap left after the emulator exited"
gn_log "tap gone after the emulator exited"

refuse vnetoff vnet "key 'vnet_hdr': 'off', but tap gnxvnetoff \(fd [0-9]+\) has IFF_VNET_HDR" "tap,id=t,fd=@FD@,vnet_hdr=off"
refuse tun tun "key 'fd': [0-9]+ is a tun \(layer 3\) device, not a tap" "tap,id=t,fd=@FD@"
refuse notap tap "key 'fd': 0 is not a tun/tap descriptor" "tap,id=t,fd=0"
refuse both tap "key 'ifname' does not go with 'fd'" "tap,id=t,fd=@FD@,ifname=gnfd1"
[ "$(gn_tap_count)" = 0 ] || gn_fail "tap left after the refusals"
gn_pass
