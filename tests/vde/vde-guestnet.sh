#!/bin/bash
# vde-guestnet.sh MODE - guestnet-emu on VDE networks (issue 12, item 4):
# its vde port (libvdeplug: -netdev vde,id=..,sock=PATH|URL) and its
# vdeswitch port (-netdev vdeswitch,id=..,sock=DIR[,mode=][,group=]),
# against real QEMU 7.2 guests and the real VDE tools.  Written for phase 2
# of the issue: not registered until those ports exist (the script says
# so and fails if guestnet-emu does not know the port types).
#
#   vdeswitch-guest  guest A by -netdev vde,sock=DIR on guestnet's
#                    vdeswitch, guest B on a stream port of the same emu:
#                    they ping both ways
#   vde-into-switch  guestnet -netdev vde,sock=DIR into a real vde_switch
#                    with guest A on it; guest B on the emu's stream port
#   vxvde-emus       two guestnet-emu, -netdev vde,sock=vxvde://GROUP, in
#                    one namespace (multicast on lo), a guest behind each
#   vxlan-kernel     guestnet -netdev vde,sock=vxlan://239.1.1.1/vni=42/
#                    hashsize=0 with a guest behind it, the kernel's vxlan
#                    on a bridge in a second namespace with a namespace host
#                    behind it (tests/vde/vde-lib.sh vxlan_setup): ping
#                    both ways (hashsize=0: docs in /work/notes and
#                    vde-tools.sh vxlan-learning-bug)
#   vdeswitch-tools  VDE clients on guestnet's vdeswitch: vde_plug
#                    tap://, and dpipe vde_plug DIR = wirefilter = vde_plug
#                    to a real vde_switch with a host on it: pings
#   vdeswitch-perms  mode=/group= as vde_switch's -mod/-group: the owner is
#                    served, another user EACCES, a group member served
#   vdeswitch-hostile  wrong magic, version 2, a truncated request, a data
#                    socket owned by someone else, a client that vanishes
#                    after its request, 64 clients connecting and leaving:
#                    each refused or gone, only its own port; the emulator
#                    keeps serving, fd count and RSS flat afterwards
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/vde/vde-lib.sh
. "$(dirname "$0")/vde-lib.sh"

MODE=${1:?usage: vde-guestnet.sh vdeswitch-guest|vde-into-switch|vxvde-emus|vxlan-kernel|vdeswitch-tools|vdeswitch-perms|vdeswitch-hostile}
MAC_A=$(gn_addr_mac 1)
MAC_B=$(gn_addr_mac 2)

# need_ports - guestnet-emu must know the vde and vdeswitch port types
need_ports() {
	"$GUESTNET_EMU" --help 2>&1 | grep -q 'vdeswitch' ||
		gn_fail "guestnet-emu has no vde/vdeswitch ports yet (issue 12 phase 2)"
}

# stream_port - the emu's stream port for guest B, as guest-pair.sh has it
stream_port() {
	echo "stream,id=s,server=on,addr.type=unix,addr.path=$GN_DIR/$1.sock"
}

# guest_b EMU-SOCK-NAME IP PEER - guest B on the emu's stream port
guest_b() {
	gn_ping_script "$GN_DIR/ping-b" "$3" 5
	gn_guest b "$MAC_B" virtio-net-pci "$2/24" "$GN_DIR/ping-b" \
		-netdev "stream,id=n,server=off,addr.type=unix,addr.path=$GN_DIR/$1.sock"
}

# guest_a IP PEER NETDEV - guest A with the given -netdev
guest_a() {
	gn_ping_script "$GN_DIR/ping-a" "$2" 5
	gn_guest a "$MAC_A" e1000 "$1/24" "$GN_DIR/ping-a" -netdev "$3"
}

vdeswitch_guest() {
	gn_emu emu -netdev "vdeswitch,id=v,sock=$GN_DIR/sw" -netdev "$(stream_port b)"
	gn_wait_path "$GN_DIR/sw/ctl" 10 "$GN_LAST_PID"
	gn_wait_path "$GN_DIR/b.sock" 10 "$GN_LAST_PID"
	guest_a 10.0.0.1 10.0.0.2 "vde,id=n,sock=$GN_DIR/sw"
	guest_b b 10.0.0.2 10.0.0.1
	gn_wait_guest a GN-PASS 120
	gn_wait_guest b GN-PASS 120
}

vde_into_switch() {
	vde_switch_bg "$GN_NS" sw "$GN_DIR/sw"
	gn_emu emu -netdev "vde,id=v,sock=$GN_DIR/sw" -netdev "$(stream_port b)"
	gn_wait_path "$GN_DIR/b.sock" 10 "$GN_LAST_PID"
	guest_a 10.0.0.1 10.0.0.2 "vde,id=n,sock=$GN_DIR/sw"
	guest_b b 10.0.0.2 10.0.0.1
	gn_wait_guest a GN-PASS 120
	gn_wait_guest b GN-PASS 120
}

vxvde_emus() {
	gn_mcast_route
	gn_emu emu1 -netdev vde,id=v,sock=vxvde://239.2.3.4 -netdev "$(stream_port a)"
	gn_wait_path "$GN_DIR/a.sock" 10 "$GN_LAST_PID"
	gn_emu emu2 -netdev vde,id=v,sock=vxvde://239.2.3.4 -netdev "$(stream_port b)"
	gn_wait_path "$GN_DIR/b.sock" 10 "$GN_LAST_PID"
	guest_a 10.0.0.1 10.0.0.2 \
		"stream,id=n,server=off,addr.type=unix,addr.path=$GN_DIR/a.sock"
	guest_b b 10.0.0.2 10.0.0.1
	gn_wait_guest a GN-PASS 120
	gn_wait_guest b GN-PASS 120
}

vxlan_kernel() {
	vxlan_setup ""
	gn_emu emu -netdev vde,id=v,sock=vxlan://239.1.1.1/vni=42/hashsize=0 \
		-netdev "$(stream_port a)"
	gn_wait_path "$GN_DIR/a.sock" 10 "$GN_LAST_PID"
	guest_a 10.78.0.1 10.78.0.2 \
		"stream,id=n,server=off,addr.type=unix,addr.path=$GN_DIR/a.sock"
	gn_wait_guest a GN-PASS 120
	vde_ping "$(vde_ns h)" 10.78.0.1
}

vdeswitch_tools() {
	local a b
	vde_ns_add a
	vde_ns_add b
	a=$(vde_ns a)
	b=$(vde_ns b)
	gn_emu emu -netdev "vdeswitch,id=v,sock=$GN_DIR/sw"
	gn_wait_path "$GN_DIR/sw/ctl" 10 "$GN_LAST_PID"
	vde_switch_bg "$GN_NS" ref "$GN_DIR/ref"
	vde_tap "$a" tapa 10.0.3.1/24
	vde_tap "$b" tapb 10.0.3.2/24
	vde_bg_in "$a" plug-a vde_plug "$GN_DIR/sw" tap://tapa
	vde_bg_in "$GN_NS" wire dpipe vde_plug "$GN_DIR/sw" = wirefilter = \
		vde_plug "$GN_DIR/ref"
	vde_bg_in "$b" plug-b vde_plug "$GN_DIR/ref" tap://tapb
	vde_ping "$a" 10.0.3.2
	vde_ping "$b" 10.0.3.1
}

vdeswitch_perms() {
	local r
	gn_emu emu -netdev "vdeswitch,id=p,sock=$GN_DIR/private" \
		-netdev "vdeswitch,id=g,sock=$GN_DIR/group,mode=0660,group=$GN_GROUP"
	gn_wait_path "$GN_DIR/group/ctl" 10 "$GN_LAST_PID"
	[ "$(stat -c %a "$GN_DIR/private/ctl")" = 600 ] || gn_fail "private ctl mode $(stat -c %a "$GN_DIR/private/ctl")"
	[ "$(stat -c %a "$GN_DIR/group")" = 2770 ] || gn_fail "group dir mode $(stat -c %a "$GN_DIR/group")"
	mkdir "$GN_DIR/daemon"
	chown daemon:daemon "$GN_DIR/daemon"
	r=$(vde_client "$GN_NS" nobody - --dir "$GN_DIR/private" --kind good)
	[ "${r%% *}" = reply ] || gn_fail "the owner was not served: $r"
	r=$(vde_client "$GN_NS" daemon - --dir "$GN_DIR/private" --kind good --sockdir "$GN_DIR/daemon")
	[ "$r" = "refused EACCES" ] || gn_fail "another user reached a 0600 switch: $r"
	r=$(vde_client "$GN_NS" daemon - --dir "$GN_DIR/group" --kind good --sockdir "$GN_DIR/daemon")
	[ "$r" = "refused EACCES" ] || gn_fail "a non-member reached a 0660 switch: $r"
	r=$(vde_client "$GN_NS" daemon "$GN_GROUP" --dir "$GN_DIR/group" --kind good --sockdir "$GN_DIR/daemon")
	[ "${r%% *}" = reply ] || gn_fail "a group member was not served: $r"
}

vdeswitch_hostile() {
	local pid r k fd0 fd1 rss0 rss1
	mkdir "$GN_DIR/victim" "$GN_DIR/daemon"
	chown daemon:daemon "$GN_DIR/victim" "$GN_DIR/daemon"
	chmod 0755 "$GN_DIR/victim"
	gn_emu emu -netdev "vdeswitch,id=v,sock=$GN_DIR/sw,mode=0666"
	pid=$GN_LAST_PID
	gn_wait_path "$GN_DIR/sw/ctl" 10 "$pid"
	# a socket of daemon's, which nobody must not be made to feed
	gn_ns setpriv --reuid=daemon --regid=daemon --clear-groups -- "$GN_PY" -c \
		'import socket,os,time; s=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM); s.bind("'"$GN_DIR/victim/sock"'"); os.chmod("'"$GN_DIR/victim/sock"'",0o777); time.sleep(120)' &
	GN_PIDS+=("$!")
	gn_wait_path "$GN_DIR/victim/sock" 10
	r=$(vde_client "$GN_NS" nobody - --dir "$GN_DIR/sw" --kind loop --count 64)
	[ "$r" = "loop 64/64" ] || gn_fail "warm-up loop: $r"
	sleep 0.5
	fd0=$(gn_fd_count "$pid")
	rss0=$(gn_rss_kb "$pid")
	for k in bad-magic version2 truncated; do
		r=$(vde_client "$GN_NS" nobody - --dir "$GN_DIR/sw" --kind $k)
		[ "$r" = eof ] || gn_fail "$k: expected a refusal (EOF), got: $r"
	done
	r=$(vde_client "$GN_NS" nobody - --dir "$GN_DIR/sw" --kind foreign --path "$GN_DIR/victim/sock")
	[ "$r" = eof ] || gn_fail "a data socket owned by daemon was accepted for nobody: $r"
	r=$(vde_client "$GN_NS" nobody - --dir "$GN_DIR/sw" --kind vanish)
	[ "$r" = vanished ] || gn_fail "vanish: $r"
	r=$(vde_client "$GN_NS" nobody - --dir "$GN_DIR/sw" --kind loop --count 64)
	[ "$r" = "loop 64/64" ] || gn_fail "connect/leave loop: $r"
	sleep 0.5
	fd1=$(gn_fd_count "$pid")
	rss1=$(gn_rss_kb "$pid")
	gn_log "guestnet-emu: fds $fd0 -> $fd1, RSS $rss0 -> $rss1 KiB"
	[ "$fd1" -le "$fd0" ] || gn_fail "fd count grew: $fd0 -> $fd1"
	[ "$rss1" -le $((rss0 + 512)) ] || gn_fail "RSS grew: $rss0 -> $rss1 KiB"
	r=$(vde_client "$GN_NS" nobody - --dir "$GN_DIR/sw" --kind good --frames 3 --wait 1)
	[ "${r%% *}" = reply ] || gn_fail "the switch stopped serving: $r"
	grep -q 'bad magic' "$GN_DIR/emu.log" || gn_fail "no log line for the bad magic"
}

vde_init "vdegn-$MODE"
need_ports
case "$MODE" in
vdeswitch-guest) vdeswitch_guest ;;
vde-into-switch) vde_into_switch ;;
vxvde-emus) vxvde_emus ;;
vxlan-kernel) vxlan_kernel ;;
vdeswitch-tools) vdeswitch_tools ;;
vdeswitch-perms) vdeswitch_perms ;;
vdeswitch-hostile) vdeswitch_hostile ;;
*) gn_fail "unknown mode $MODE" ;;
esac
gn_pass
