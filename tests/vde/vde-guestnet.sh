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
#   vxvde-emus       two guestnet-emu, -netdev vde,sock=vxvde://GROUP and
#                    -net vde,vlan=0,sock=vxvde://GROUP, in one namespace
#                    (multicast on lo), a guest behind each
#   vxlan-kernel     guestnet -netdev vde,sock=vxlan://239.1.1.1/vni=42/
#                    hashsize=0 with a guest behind it, the kernel's vxlan
#                    on a bridge in a second namespace with a namespace host
#                    behind it (tests/vde/vde-lib.sh vxlan_setup): ping
#                    both ways (hashsize=0: docs in /work/notes and
#                    vde-tools.sh vxlan-learning-bug)
#   url-udp, url-ptp, url-hub
#                    more vdeplug4 URLs in -netdev vde: two emulators joined
#                    by udp://SRC->DST (each way) or by ptp://PATH, each with
#                    a vdeswitch and a host on it (vde_plug tap:// in a
#                    namespace); or one emulator whose hub://DIR plug is
#                    itself a switch that vde_plug joins: pings both ways
#   vdeswitch-tools  VDE clients on guestnet's vdeswitch: vde_plug
#                    tap://, dpipe vde_plug DIR = wirefilter = vde_plug to
#                    a real vde_switch with a host on it, and vde_pcapplug
#                    on a veth in a user+network namespace of nobody's:
#                    pings; vdeq (vde2 2.3.2) connects, but the QEMU
#                    options it writes (-net tap,vlan=N,fd=FD) are refused
#                    by QEMU 7.2 ('vlan' went in QEMU 3.0): checked as such
#   vdeswitch-perms  mode=/group= as vde_switch's -mod/-group: the owner is
#                    served, another user EACCES, a group member served;
#                    a directory others may write to is also sticky
#   vdeswitch-hostile  wrong magic, version 2, a truncated request, a data
#                    socket of another user's (in a directory the client
#                    may enter, and in one it may not), a symbolic link to
#                    it in the client's own directory, a client that
#                    vanishes after its request, 64 clients connecting and
#                    leaving: each refused or gone, only its own port; a
#                    client holding a port meanwhile keeps it; the emulator
#                    keeps serving, fd count and RSS flat afterwards
#   sandbox          bad keys of vde and vdeswitch are one line each, exit
#                    2; in the sandbox, a run-time netdev-add of a vde port
#                    is refused (it loads a plugin), one of a vdeswitch is
#                    served, and its netdev-del removes its directory
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/vde/vde-lib.sh
. "$(dirname "$0")/vde-lib.sh"

MODE=${1:?usage: vde-guestnet.sh vdeswitch-guest|vde-into-switch|vxvde-emus|vxlan-kernel|url-udp|url-ptp|url-hub|vdeswitch-tools|vdeswitch-perms|vdeswitch-hostile|sandbox}
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
	# the legacy form, as QEMU's -net vde,vlan=N
	gn_emu emu2 -net vde,vlan=0,sock=vxvde://239.2.3.4 -netdev "$(stream_port b)"
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

# url_hosts - hosts a (10.0.5.1) and b (10.0.5.2) in namespaces of their own
url_hosts() {
	vde_ns_add a
	vde_ns_add b
	vde_tap "$(vde_ns a)" tapa 10.0.5.1/24
	vde_tap "$(vde_ns b)" tapb 10.0.5.2/24
}

# url_pair URL-A URL-B - emulator A (vde plug URL-A, switch swa, host a)
# and B (URL-B, swb, host b): the plugs must join A's and B's hubs
url_pair() {
	url_hosts
	gn_emu emu-a -v -netdev "vde,id=x,sock=$1" -netdev "vdeswitch,id=v,sock=$GN_DIR/swa"
	gn_wait_path "$GN_DIR/swa/ctl" 10 "$GN_LAST_PID"
	gn_emu emu-b -v -netdev "vde,id=x,sock=$2" -netdev "vdeswitch,id=v,sock=$GN_DIR/swb"
	gn_wait_path "$GN_DIR/swb/ctl" 10 "$GN_LAST_PID"
	vde_bg_in "$(vde_ns a)" plug-a vde_plug "$GN_DIR/swa" tap://tapa
	vde_bg_in "$(vde_ns b)" plug-b vde_plug "$GN_DIR/swb" tap://tapb
	vde_ping "$(vde_ns a)" 10.0.5.2
	vde_ping "$(vde_ns b)" 10.0.5.1
}

url_hub() {
	url_hosts
	gn_emu emu -v -netdev "vde,id=x,sock=hub://$GN_DIR/h" -netdev "vdeswitch,id=v,sock=$GN_DIR/swa"
	gn_wait_path "$GN_DIR/swa/ctl" 10 "$GN_LAST_PID"
	gn_wait_path "$GN_DIR/h/ctl" 10 "$GN_LAST_PID"
	vde_bg_in "$(vde_ns a)" plug-a vde_plug "$GN_DIR/swa" tap://tapa
	vde_bg_in "$(vde_ns b)" plug-b vde_plug "$GN_DIR/h" tap://tapb
	vde_ping "$(vde_ns a)" 10.0.5.2
	vde_ping "$(vde_ns b)" 10.0.5.1
	gn_stop_emus
	[ ! -e "$GN_DIR/h" ] || gn_fail "the hub:// plug left $GN_DIR/h: $(ls -A "$GN_DIR/h")"
}

vdeswitch_tools() {
	local a b
	vde_ns_add a
	vde_ns_add b
	a=$(vde_ns a)
	b=$(vde_ns b)
	gn_emu emu -v -netdev "vdeswitch,id=v,sock=$GN_DIR/sw"
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
	pcapplug
	vdeq_refused
}

# pcapplug - vde_pcapplug needs CAP_NET_RAW on its interface: nobody has it
# in a user+network namespace of its own, with a veth pair p0-p1 there and
# the plug on p0. What the switch sends it reaches p1: ARP requests for
# 10.0.3.3 from host a are counted there. What it captures never reaches
# the switch: vde_pcapplug 2.3.2 opens its pcap with a timeout of 0, and
# with Debian 12's libpcap 1.10.3 such a descriptor never polls readable
# (the same with the real vde_switch; docs/vde.md), so a's pings get no
# answer: that is checked too, as the known limit it is
pcapplug() {
	local arps
	printf '%s\n' 'set -e' \
		'ip link add p0 type veth peer name p1' \
		'ip link set p0 up' \
		'ip addr add 10.0.3.3/24 dev p1' \
		'ip link set p1 up' \
		'vde_pcapplug -s "$1" p0 & plug=$!' \
		'exec "$2" -c "$3" "$4"' >"$GN_DIR/pcap.sh"
	# count the ARP requests for 10.0.3.3 that arrive on p1 in 6 s
	printf '%s\n' 'import socket, sys, time' \
		's = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))' \
		's.bind(("p1", 0)); s.settimeout(0.5); n = 0; end = time.time() + 6' \
		'open(sys.argv[1], "w").close()' \
		'while time.time() < end:' \
		'    try: f = s.recv(100)' \
		'    except socket.timeout: continue' \
		'    n += f[20:22] == b"\0\1" and f[38:42] == socket.inet_aton("10.0.3.3")' \
		'print("arp-requests", n, flush=True)' >"$GN_DIR/arpcount.py"
	rm -f "$GN_DIR/pcap.ready"
	gn_run unshare -Urn sh "$GN_DIR/pcap.sh" "$GN_DIR/sw" "$GN_PY" \
		"exec(open('$GN_DIR/arpcount.py').read())" "$GN_DIR/pcap.ready" \
		>"$GN_DIR/pcap.log" 2>&1 &
	GN_PIDS+=("$!")
	gn_wait_path "$GN_DIR/pcap.ready" 10
	sleep 1
	vde_noping "$(vde_ns a)" 10.0.3.3
	wait "$!" || gn_fail "vde_pcapplug namespace: $(tail -3 "$GN_DIR/pcap.log")"
	grep -q 'vde_pcapplug: user=' "$GN_DIR/emu.log" || gn_fail "vde_pcapplug did not reach the switch"
	arps=$(sed -n 's/^arp-requests //p' "$GN_DIR/pcap.log")
	[ "${arps:-0}" -ge 2 ] || gn_fail "vde_pcapplug injected ${arps:-no} ARP requests on p0 (expected >= 2)"
	gn_log "vde_pcapplug: connected, injected $arps ARP requests for 10.0.3.3; its captures never poll readable (libpcap 1.10, timeout 0)"
}

# vdeq_refused - vdeq connects to the switch, then runs QEMU with
# -net tap,vlan=0,fd=FD, which QEMU 7.2 refuses: vdeq cannot work with it
vdeq_refused() {
	local before after
	before=$(gn_count "$GN_DIR/emu.log" 'vdeqemu user=')
	if gn_run timeout 20 vdeq qemu-system-x86_64 -M none -nographic -nodefaults \
		-net nic -net "vde,sock=$GN_DIR/sw" >"$GN_DIR/vdeq.log" 2>&1; then
		gn_fail "vdeq with QEMU 7.2 ran (expected QEMU to refuse 'vlan')"
	fi
	grep -q "Invalid parameter 'vlan'" "$GN_DIR/vdeq.log" ||
		gn_fail "vdeq: $(tail -2 "$GN_DIR/vdeq.log")"
	after=$(gn_count "$GN_DIR/emu.log" 'vdeqemu user=')
	[ "$after" -gt "$before" ] || gn_fail "vdeq did not reach the switch"
	gn_log "vdeq: reached the switch; QEMU 7.2 refused its -net tap,vlan=0,fd=N"
}

vdeswitch_perms() {
	local r
	gn_emu emu -netdev "vdeswitch,id=p,sock=$GN_DIR/private" \
		-netdev "vdeswitch,id=g,sock=$GN_DIR/group,mode=0660,group=$GN_GROUP"
	gn_wait_path "$GN_DIR/group/ctl" 10 "$GN_LAST_PID"
	[ "$(stat -c %a "$GN_DIR/private/ctl")" = 600 ] || gn_fail "private ctl mode $(stat -c %a "$GN_DIR/private/ctl")"
	[ "$(stat -c %a "$GN_DIR/private")" = 2700 ] || gn_fail "private dir mode $(stat -c %a "$GN_DIR/private")"
	# vde_switch's 2770, and sticky: no client removes another's socket
	[ "$(stat -c %a "$GN_DIR/group")" = 3770 ] || gn_fail "group dir mode $(stat -c %a "$GN_DIR/group")"
	[ "$(stat -c %a "$GN_DIR/group/ctl")" = 660 ] || gn_fail "group ctl mode $(stat -c %a "$GN_DIR/group/ctl")"
	[ "$(stat -c %G "$GN_DIR/group" "$GN_DIR/group/ctl" | sort -u)" = "$GN_GROUP" ] ||
		gn_fail "the group switch's directory and ctl are not of group $GN_GROUP"
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
	mkdir "$GN_DIR/victim" "$GN_DIR/closed" "$GN_DIR/mine"
	chown daemon:daemon "$GN_DIR/victim" "$GN_DIR/closed"
	chown nobody:nogroup "$GN_DIR/mine"
	chmod 0755 "$GN_DIR/victim"
	chmod 0700 "$GN_DIR/closed"
	gn_emu emu -netdev "vdeswitch,id=v,sock=$GN_DIR/sw,mode=0666" -control "$GN_DIR/ctl.sock"
	pid=$GN_LAST_PID
	gn_wait_path "$GN_DIR/ctl.sock" 10 "$pid"
	# sockets of daemon's, which nobody must not be made to feed
	for k in victim closed; do
		gn_ns setpriv --reuid=daemon --regid=daemon --clear-groups -- "$GN_PY" -c \
			'import socket,os,sys,time; s=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM); s.bind(sys.argv[1]); os.chmod(sys.argv[1],0o777); time.sleep(120)' \
			"$GN_DIR/$k/sock" &
		GN_PIDS+=("$!")
	done
	gn_wait_path "$GN_DIR/victim/sock" 10
	gn_wait_path "$GN_DIR/closed/sock" 10
	gn_run ln -s "$GN_DIR/victim/sock" "$GN_DIR/mine/link"
	# a client that holds its port through all of it
	gn_bg holder vde_plug "$GN_DIR/sw" null://
	for _ in $(seq 50); do
		gn_ctl "$GN_DIR/ctl.sock" query-ports | grep -q '"v\.1"' && break
		sleep 0.1
	done
	r=$(vde_client "$GN_NS" nobody - --dir "$GN_DIR/sw" --kind loop --count 64)
	[ "$r" = "loop 64/64" ] || gn_fail "warm-up loop: $r"
	sleep 0.5
	fd0=$(gn_fd_count "$pid")
	rss0=$(gn_rss_kb "$pid")
	for k in bad-magic version2 truncated; do
		r=$(vde_client "$GN_NS" nobody - --dir "$GN_DIR/sw" --kind $k)
		[ "$r" = eof ] || gn_fail "$k: expected a refusal (EOF), got: $r"
	done
	for k in victim/sock closed/sock mine/link; do
		r=$(vde_client "$GN_NS" nobody - --dir "$GN_DIR/sw" --kind foreign --path "$GN_DIR/$k")
		[ "$r" = eof ] || gn_fail "nobody named $k (daemon's) and was served: $r"
	done
	r=$(vde_client "$GN_NS" nobody - --dir "$GN_DIR/sw" --kind vanish)
	[ "$r" = vanished ] || gn_fail "vanish: $r"
	r=$(vde_client "$GN_NS" nobody - --dir "$GN_DIR/sw" --kind loop --count 64)
	[ "$r" = "loop 64/64" ] || gn_fail "connect/leave loop: $r"
	sleep 0.5
	gn_settle_fds "$pid" "$fd0" 5 || true
	fd1=$(gn_fd_count "$pid")
	rss1=$(gn_rss_kb "$pid")
	gn_log "guestnet-emu: fds $fd0 -> $fd1, RSS $rss0 -> $rss1 KiB"
	[ "$fd1" -le "$fd0" ] || gn_fail "fd count grew: $fd0 -> $fd1"
	[ "$rss1" -le $((rss0 + 512)) ] || gn_fail "RSS grew: $rss0 -> $rss1 KiB"
	gn_alive "$(gn_pid holder)" || gn_fail "the holding client's vde_plug ended"
	gn_ctl "$GN_DIR/ctl.sock" query-ports | grep -q '"v\.1"' ||
		gn_fail "the holding client lost its port v.1"
	r=$(vde_client "$GN_NS" nobody - --dir "$GN_DIR/sw" --kind good --frames 3 --wait 1)
	[ "${r%% *}" = reply ] || gn_fail "the switch stopped serving: $r"
	for k in 'bad magic' 'version' 'truncated request' 'belongs to another user' \
		'cannot open its data socket: Permission denied' 'symbolic link'; do
		grep -q "refused: .*$k" "$GN_DIR/emu.log" || gn_fail "no refusal logged for: $k"
	done
}

# emu_refused ERE ARGS... - guestnet-emu ARGS exits 2 with one line matching ERE
emu_refused() {
	local want=$1 rc=0
	shift
	gn_run "$GUESTNET_EMU" "$@" >"$GN_DIR/refused.out" 2>&1 || rc=$?
	[ "$rc" = 2 ] || gn_fail "guestnet-emu $*: exit $rc, expected 2: $(cat "$GN_DIR/refused.out")"
	[ "$(wc -l <"$GN_DIR/refused.out")" = 1 ] && grep -Eq -- "$want" "$GN_DIR/refused.out" ||
		gn_fail "guestnet-emu $*: '$(cat "$GN_DIR/refused.out")' is not one line matching '$want'"
}

# sandbox - bad keys; run-time netdev-add in the sandbox: vde refused,
# vdeswitch served
sandbox() {
	local r long
	long=$GN_DIR/$(printf 'd%.0s' $(seq 80))
	emu_refused "vdeswitch,id=v,sock=.*key 'mode': '999' is not an octal mode" \
		-netdev "vdeswitch,id=v,sock=$GN_DIR/x,mode=999"
	emu_refused "key 'group': no group 'nosuchgroup'" -netdev "vdeswitch,id=v,sock=$GN_DIR/x,group=nosuchgroup"
	emu_refused "key 'sock' is required" -netdev vdeswitch,id=v
	emu_refused "'/etc' is not a directory of ours" -netdev vdeswitch,id=v,sock=/etc
	emu_refused "too long for the switch's socket paths" -netdev "vdeswitch,id=v,sock=$long"
	emu_refused "unknown key 'port'" -netdev "vdeswitch,id=v,sock=$GN_DIR/x,port=3"
	emu_refused "vde,id=x: key 'sock' is required" -netdev vde,id=x
	emu_refused "cannot open VDE '$GN_DIR/nosw': .*no VDE switch there" -netdev "vde,id=x,sock=$GN_DIR/nosw"
	emu_refused "no libvdeplug plugin" -netdev vde,id=x,sock=nosuch://x
	emu_refused "key 'port': '70000' is not a number" -netdev "vde,id=x,sock=$GN_DIR/nosw,port=70000"
	[ ! -e "$GN_DIR/x" ] || gn_fail "a refused vdeswitch left $GN_DIR/x"
	gn_log "bad vde and vdeswitch keys: one line each, exit 2"
	gn_emu emu -v -netdev "$(stream_port s)" -control "$GN_DIR/ctl.sock"
	gn_wait_path "$GN_DIR/ctl.sock" 10 "$GN_LAST_PID"
	if r=$(gn_ctl "$GN_DIR/ctl.sock" netdev-add type=vde id=x sock="$GN_DIR/none" 2>&1); then
		gn_fail "a run-time vde port was let into the sandbox: $r"
	fi
	echo "$r" | grep -q "type 'vde' loads a plugin" || gn_fail "vde refusal: $r"
	gn_ctl "$GN_DIR/ctl.sock" netdev-add type=vdeswitch id=w sock="$GN_DIR/rt" mode=0660 group=65534 >/dev/null ||
		gn_fail "run-time vdeswitch refused"
	[ "$(stat -c %a "$GN_DIR/rt")" = 3770 ] || gn_fail "run-time switch dir mode $(stat -c %a "$GN_DIR/rt")"
	r=$(vde_client "$GN_NS" nobody - --dir "$GN_DIR/rt" --kind good)
	[ "${r%% *}" = reply ] || gn_fail "the run-time switch did not serve: $r"
	# a client connected when the switch goes: its port goes, it sees EOF
	gn_bg holder vde_plug "$GN_DIR/rt" null://
	for _ in $(seq 50); do
		gn_ctl "$GN_DIR/ctl.sock" query-ports | grep -q '"w\.1"' && break
		sleep 0.1
	done
	gn_ctl "$GN_DIR/ctl.sock" query-ports | grep -q '"w\.1"' || gn_fail "no port w.1 for vde_plug"
	gn_ctl "$GN_DIR/ctl.sock" netdev-del id=w >/dev/null || gn_fail "netdev-del w"
	for _ in $(seq 50); do [ -e "$GN_DIR/rt" ] || break; sleep 0.1; done
	[ ! -e "$GN_DIR/rt" ] || gn_fail "netdev-del left $(ls -A "$GN_DIR/rt")"
	! gn_ctl "$GN_DIR/ctl.sock" query-ports | grep -q '"w\.' || gn_fail "netdev-del w left its clients' ports"
	gn_wait_exit "$(gn_pid holder)" 5 || gn_fail "vde_plug did not see the switch go"
	grep -q 'sandbox: on' "$GN_DIR/emu.log" || gn_fail "the emulator was not sandboxed"
	gn_alive "$(gn_pid emu)" || gn_fail "the emulator died"
}

vde_init "vdegn-$MODE"
need_ports
case "$MODE" in
vdeswitch-guest) vdeswitch_guest ;;
vde-into-switch) vde_into_switch ;;
vxvde-emus) vxvde_emus ;;
vxlan-kernel) vxlan_kernel ;;
url-udp) url_pair 'udp://127.0.0.1:5011->127.0.0.1:5012' 'udp://127.0.0.1:5012->127.0.0.1:5011' ;;
url-ptp) url_pair "ptp://$GN_DIR/ptp" "ptp://$GN_DIR/ptp" ;;
url-hub) url_hub ;;
vdeswitch-tools) vdeswitch_tools ;;
vdeswitch-perms) vdeswitch_perms ;;
vdeswitch-hostile) vdeswitch_hostile ;;
sandbox) sandbox ;;
*) gn_fail "unknown mode $MODE" ;;
esac
gn_pass
