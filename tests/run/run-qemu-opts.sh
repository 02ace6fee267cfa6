#!/bin/bash
# shellcheck disable=SC2016  # single-quoted scripts for the guests
# run-qemu-opts.sh MODE - the seeds' QEMU command lines, verbatim after
# `guestnet run --` (run/qnet.c translates them for QEMU 7.2), with real
# QEMU guests in the test namespace; MACs are made distinct only where
# two guests of the seed's line would both get QEMU's 52:54:00:12:34:56.
#
#   cli     a stand-in qemu-system-x86_64 (prints its argv): the vlan line
#           becomes a -netdev stream and -device e1000 with QEMU's first
#           MAC, the emulator (GUESTNET_QEMU_CONTROL) has both ports on
#           hub 1 and is gone afterwards; -net none and vhost-user stay
#           as they are with no emulator and no default nat; --net nat
#           beside them; -redir into --net nat; a bad line is exit 2 and
#           one line, an emulator that cannot start exit 1 (as nobody)
#   socket  `-net nic -net socket,listen=:8010` and `-net nic,vlan=2
#           -net socket,vlan=2,connect=127.0.0.1:8010`: the two guests
#           ping each other (as nobody)
#   mcast   three guests on `-net nic -net socket,mcast=230.0.0.1:1234`:
#           each pings both others (as nobody)
#   user    `-net nic,vlan=1 -net user,vlan=1`: a DHCP lease 10.0.2.15
#           from server 10.0.2.2, router 10.0.2.2, on QEMU's default e1000
#           with 52:54:00:12:34:56; the emulator has hub 1 (as nobody)
#   tap     IBM's two-vlan example, `-net nic,model=virtio,vlan=0,macaddr=
#           00:16:3e:00:01:01 -net tap,vlan=0,script=/root/ifup-br0,
#           downscript=/root/ifdown-br0` and the same for vlan 1 and br1:
#           each NIC's frames are in its own bridge only, the guest pings
#           both bridges, the down scripts run and no tap is left (as
#           root, which the line needs; /root/ifup-brN are the project's
#           ifscripts, on a private /root)
#   redir   `-redir tcp:2222::22` with QEMU's defaults: QEMU's default
#           network (e1000, 52:54:00:12:34:56) gets the forward, bound on
#           every address as old QEMU did; the host reaches the guest's
#           server on port 22; SIGTERM cleans up (as nobody)
#   smb     `-net nic,vlan=1 -net user,vlan=1,smb=DIR`: smb= moves into
#           the emulator too, which runs smbd (emu/port_user_smb.c); the
#           busybox guest has no SMB client, so it sends an SMB2 NEGOTIATE
#           to 10.0.2.4:445 and 10.0.2.4:139 with nc and gets smbd's
#           answer (dialect 2.02 or 2.10); SIGTERM leaves no smbd and no
#           private directory (as nobody; the file transfers are
#           tests/integration/nat-smb.sh's)
set -u
source "$(dirname "$0")/run-lib.sh"
source "$(dirname "$0")/../integration/nat/nat-lib.sh"

MODE=${1:?usage: run-qemu-opts.sh cli|socket|mcast|user|tap|redir|smb}
QEMU_MAC=52:54:00:12:34:56

# ping_all FILE PEER... - guest script: reach every PEER, then 5 pings each
ping_all() {
	local f=$1 p
	shift
	: >"$f"
	for p in "$@"; do
		echo "gn_ping_until $p 90 || exit 1" >>"$f"
	done
	echo 'gn_mark PINGING "$GN_NAME"' >>"$f"
	for p in "$@"; do
		echo "ping -c 5 -i 0.2 -W 3 $p | grep -q ' 5 packets received' || exit 1" >>"$f"
	done
}

# nic_facts FILE - guest script lines reporting eth0's MAC and driver
nic_facts() {
	cat >>"$1" <<'SCRIPT'
echo "GN-RESULT mac $(cat /sys/class/net/eth0/address)"
echo "GN-RESULT driver $(basename "$(readlink /sys/class/net/eth0/device/driver)")"
SCRIPT
}

# expect_result NAME KEY VALUE - the guest reported KEY VALUE
expect_result() {
	[ "$(gn_result "$1" "$2")" = "$3" ] || gn_fail "$1: $2 is '$(gn_result "$1" "$2")', not '$3'"
}

# emu_ctl NAME - the control socket of the emulator serving guestnet NAME
emu_ctl() {
	local p
	for p in $(cat "/proc/$(gn_pid "$1")/task/$(gn_pid "$1")/children" 2>/dev/null); do
		tr '\0' '\n' <"/proc/$p/cmdline" | grep -A1 -x -- -control | tail -n 1
	done | head -n 1
}

# fake_qemu - a stand-in qemu-system-x86_64 in $GN_DIR/bin: prints its
# argv, GUESTNET_NETS, GUESTNET_QEMU_CONTROL, guestnet's other children and
# the emulator's ports
fake_qemu() {
	mkdir -p "$GN_DIR/bin"
	cat >"$GN_DIR/bin/qemu-system-x86_64" <<'EOF'
#!/bin/sh
echo "ARGV $*"
echo "NETS ${GUESTNET_NETS:-} CONTROL ${GUESTNET_QEMU_CONTROL:-none}"
for p in $(cat /proc/$PPID/task/$PPID/children); do
	[ "$p" = $$ ] || echo "CHILD $(tr '\0' ' ' </proc/$p/cmdline)"
done
if [ -n "${GUESTNET_QEMU_CONTROL:-}" ]; then
	echo "PORTS $("$GUESTNET_CTL" "$GUESTNET_QEMU_CONTROL" query-ports | tr -d ' \n')"
fi
EOF
	chmod 0755 "$GN_DIR/bin" "$GN_DIR/bin/qemu-system-x86_64"
}

# fake ARGS... - guestnet run ARGS with the stand-in QEMU first in PATH
fake() {
	PATH=$GN_DIR/bin:$PATH run_gn "$@"
}

# out_has ERE - the stand-in's output matches
out_has() {
	grep -Eq -- "$1" "$GN_DIR/out" || gn_fail "no '$1' in: $(cat "$GN_DIR/out") (stderr: $(cat "$GN_DIR/err"))"
}

mode_cli() {
	local dir
	fake_qemu
	fake -v -- qemu-system-x86_64 -m 64 -net nic,vlan=1 -net socket,vlan=1,listen=127.0.0.1:8011
	run_expect_rc 0
	out_has "^ARGV -m 64 -netdev stream,id=gnq1,server=off,addr\.type=unix,addr\.path=[^ ]*/gnq2\.sock -device e1000,netdev=gnq1,mac=$QEMU_MAC\$"
	out_has '^NETS 0 CONTROL /.*/control\.sock$'
	out_has '"id":"gnq0","type":"stream-listener","hub":1,"peer":"listeningon127\.0\.0\.1:8011"'
	out_has '"id":"gnq2","type":"stream-listener","hub":1,'
	grep -q "QEMU's network options: 1 NIC(s), 1 backend(s) in guestnet-emu" "$GN_DIR/err" ||
		gn_fail "-v said: $(cat "$GN_DIR/err")"
	dir=$(sed -n 's/^NETS 0 CONTROL \(.*\)\/control\.sock$/\1/p' "$GN_DIR/out")
	[ -e "$dir" ] && gn_fail "$dir left after COMMAND exited"
	[ -z "$(run_ns_procs guestnet-emu)" ] || gn_fail "emulator left: $(run_ns_procs guestnet-emu)"
	gn_log "-net nic,vlan=1 -net socket,vlan=1: stream + e1000 $QEMU_MAC, hub 1 in the emulator, cleaned up"

	fake -- qemu-system-x86_64 -net none -netdev vhost-user,id=v,chardev=c -device virtio-net-pci,netdev=v
	run_expect_rc 0
	out_has '^ARGV -net none -netdev vhost-user,id=v,chardev=c -device virtio-net-pci,netdev=v$'
	out_has '^NETS 0 CONTROL none$'
	grep -q '^CHILD' "$GN_DIR/out" && gn_fail "a child besides QEMU: $(grep '^CHILD' "$GN_DIR/out")"
	gn_log "-net none and vhost-user: unchanged, no emulator, no default nat"

	fake --net nat -- qemu-system-x86_64 -nic user,model=virtio -redir tcp:2223::22
	run_expect_rc 0
	out_has '^ARGV -netdev stream,id=gnq0,server=off,[^ ]* -device virtio-net-pci,netdev=gnq0,mac=52:54:00:12:34:56 -netdev stream,id=gn0,[^ ]*/nat0\.sock -device virtio-net-pci,netdev=gn0,mac=52:54:00:'
	out_has '^NETS 1 CONTROL /'
	# -redir goes to COMMAND's own user-mode backend, not to --net nat
	out_has '"id":"gnq0","type":"user","hub":65535,"peer":"user-modeNAT,1hostforward;relay:'
	out_has '^CHILD .*guestnet-emu -netdev user,id=nat0,hub=0 '
	fake --net nat -- qemu-system-x86_64 -redir tcp:2223::22
	run_expect_rc 0
	out_has '^CHILD .*guestnet-emu .*-netdev user,id=nat0,hub=0,hostfwd=tcp::2223-:22 '
	gn_log "--net nat beside -nic user; -redir without a user backend goes to --net nat"

	fake -- qemu-system-x86_64 -net nic,vlan=1,netdev=x
	run_expect_err 2 "^guestnet: -net nic,vlan=1,netdev=x: vlan= and netdev= do not go together$"
	fake -- qemu-system-x86_64 -nodefaults -redir tcp:2222::22
	run_expect_err 2 "^guestnet: -redir tcp:2222::22: no user-mode network to forward into"
	fake -- qemu-system-x86_64 -net nic -net socket,connect=127.0.0.1:1
	run_expect_rc 1
	grep -q "^guestnet-emu: -netdev socket,id=gnq0,hub=0,connect=127.0.0.1:1: key 'connect'" "$GN_DIR/err" &&
		grep -q "^guestnet: QEMU's network options: .*guestnet-emu exited with status 2 before it was ready$" "$GN_DIR/err" ||
		gn_fail "emulator failure reported as: $(cat "$GN_DIR/err")"
	[ -s "$GN_DIR/out" ] && gn_fail "QEMU ran although its network failed"
	gn_log "a bad line: exit 2; an emulator that cannot start: exit 1"
}

mode_socket() {
	ping_all "$GN_DIR/a.sh" 10.0.0.2
	nic_facts "$GN_DIR/a.sh"
	ping_all "$GN_DIR/b.sh" 10.0.0.1
	run_guest a 10.0.0.1/24 "$GN_DIR/a.sh" -- -net nic -net socket,listen=:8010
	gn_wait_listen tcp 8010 30 "$(gn_pid a)"
	run_guest b 10.0.0.2/24 "$GN_DIR/b.sh" -- \
		-net nic,vlan=2,macaddr=52:54:00:12:34:57 -net socket,vlan=2,connect=127.0.0.1:8010
	gn_wait_guest a 'GN-(PASS|FAIL)' 150
	gn_wait_guest b 'GN-(PASS|FAIL)' 150
	grep -q GN-PASS "$GN_DIR/a.serial" && grep -q GN-PASS "$GN_DIR/b.serial" || gn_fail "a guest failed"
	expect_result a mac "$QEMU_MAC"
	expect_result a driver e1000
	gn_log "listen=:8010 and vlan=2,connect=127.0.0.1:8010 guests ping each other"
}

mode_mcast() {
	gn_mcast_route
	ping_all "$GN_DIR/a.sh" 10.0.0.2 10.0.0.3
	ping_all "$GN_DIR/b.sh" 10.0.0.1 10.0.0.3
	ping_all "$GN_DIR/c.sh" 10.0.0.1 10.0.0.2
	run_guest a 10.0.0.1/24 "$GN_DIR/a.sh" -- -net nic -net socket,mcast=230.0.0.1:1234
	run_guest b 10.0.0.2/24 "$GN_DIR/b.sh" -- -net nic,macaddr=52:54:00:12:34:57 -net socket,mcast=230.0.0.1:1234
	run_guest c 10.0.0.3/24 "$GN_DIR/c.sh" -- -net nic,macaddr=52:54:00:12:34:58 -net socket,mcast=230.0.0.1:1234
	for g in a b c; do
		gn_wait_guest "$g" 'GN-(PASS|FAIL)' 240
		grep -q GN-PASS "$GN_DIR/$g.serial" || gn_fail "guest $g did not reach both others"
	done
	gn_log "three guests on mcast=230.0.0.1:1234 all hear each other"
}

mode_user() {
	local ctl ports
	cat >"$GN_DIR/lease" <<'EOF'
#!/bin/sh
[ "$1" = bound ] && echo "GN-RESULT lease $ip server=$serverid router=$router"
exit 0
EOF
	cat >"$GN_DIR/u.sh" <<SCRIPT
cat >/tmp/lease <<'EOF'
$(cat "$GN_DIR/lease")
EOF
chmod +x /tmp/lease
udhcpc -i eth0 -n -q -t 5 -T 1 -s /tmp/lease
SCRIPT
	nic_facts "$GN_DIR/u.sh"
	echo 'gn_mark LEASED "$GN_NAME"' >>"$GN_DIR/u.sh"
	run_guest u dhcp "$GN_DIR/u.sh" -- -net nic,vlan=1 -net user,vlan=1
	gn_wait_guest u 'GN-LEASED' 150
	expect_result u lease "10.0.2.15 server=10.0.2.2 router=10.0.2.2"
	expect_result u mac "$QEMU_MAC"
	expect_result u driver e1000
	ctl=$(emu_ctl u)
	[ -S "$ctl" ] || gn_fail "no control socket of the emulator ($ctl)"
	ports=$(gn_run "$GUESTNET_CTL" "$ctl" query-ports | tr -d ' \n')
	echo "$ports" | grep -q '"type":"user","hub":1,' || gn_fail "no user port on hub 1: $ports"
	gn_log "-net nic,vlan=1 -net user,vlan=1: lease 10.0.2.15 from 10.0.2.2 on e1000 $QEMU_MAC, hub 1"
}

# tap_root_scripts - /root/ifup-brN and /root/ifdown-brN (N 0, 1) as the
# seed has them, made of the project's ifscripts, on a private /root: a
# wrapper around guestnet that mounts $GN_DIR/root on /root first
tap_root_scripts() {
	local n
	install -d -o root -g root -m 0755 "$GN_DIR/root"
	for n in 0 1; do
		printf '#!/bin/sh\necho "up $1 br%s" >>%s/scripts.log\nexec %s "$1" br%s\n' \
			"$n" "$GN_DIR" "$GN_SRC_DIR/ifscripts/guestnet-ifup" "$n" >"$GN_DIR/root/ifup-br$n"
		printf '#!/bin/sh\necho "down $1 br%s" >>%s/scripts.log\nexec %s "$1" br%s\n' \
			"$n" "$GN_DIR" "$GN_SRC_DIR/ifscripts/guestnet-ifdown" "$n" >"$GN_DIR/root/ifdown-br$n"
		chmod 0755 "$GN_DIR/root/ifup-br$n" "$GN_DIR/root/ifdown-br$n"
	done
	printf '#!/bin/sh\nexec unshare --mount --propagation private sh -c '\''mount --bind "$0" /root && exec "$@"'\'' %s %s "$@"\n' \
		"$GN_DIR/root" "$GUESTNET_RUN" >"$GN_DIR/guestnet-private-root"
	chmod 0755 "$GN_DIR/guestnet-private-root"
}

# bridge_has BR MAC - MAC was learned on a port of bridge BR
bridge_has() {
	gn_ns bridge fdb show br "$1" | grep -qi "^$2 "
}

mode_tap() {
	local br n
	for n in 0 1; do
		gn_ns ip link add "br$n" type bridge
		gn_ns ip link set "br$n" up
	done
	gn_ns ip addr add 192.0.2.1/24 dev br0
	gn_ns ip addr add 198.51.100.1/24 dev br1
	tap_root_scripts
	cat >"$GN_DIR/t.sh" <<'SCRIPT'
for d in /sys/class/net/eth*; do
	case $(cat "$d/address") in
	00:16:3e:00:01:01) n0=${d##*/} ;;
	00:16:3e:00:01:02) n1=${d##*/} ;;
	esac
done
[ -n "$n0" ] && [ -n "$n1" ] || exit 1
ip addr flush dev eth0
ip link set "$n0" up
ip link set "$n1" up
ip addr add 192.0.2.2/24 dev "$n0"
ip addr add 198.51.100.2/24 dev "$n1"
gn_ping_until 192.0.2.1 90 || exit 1
gn_ping_until 198.51.100.1 90 || exit 1
gn_mark PINGING "$GN_NAME"
SCRIPT
	GUESTNET_RUN=$GN_DIR/guestnet-private-root run_guest t 192.0.2.2/24 "$GN_DIR/t.sh" \
		--user root "$(run_xdg root)" -- \
		-net nic,model=virtio,vlan=0,macaddr=00:16:3e:00:01:01 \
		-net tap,vlan=0,script=/root/ifup-br0,downscript=/root/ifdown-br0 \
		-net nic,model=virtio,vlan=1,macaddr=00:16:3e:00:01:02 \
		-net tap,vlan=1,script=/root/ifup-br1,downscript=/root/ifdown-br1
	gn_wait_guest t 'GN-(PINGING|FAIL)' 180
	grep -q GN-PINGING "$GN_DIR/t.serial" || gn_fail "the guest did not reach both bridges"
	bridge_has br0 00:16:3e:00:01:01 && bridge_has br1 00:16:3e:00:01:02 ||
		gn_fail "NICs not on their bridges: $(gn_ns bridge fdb show | grep -i 00:16:3e)"
	bridge_has br0 00:16:3e:00:01:02 && gn_fail "the vlan 1 NIC was heard on br0"
	bridge_has br1 00:16:3e:00:01:01 && gn_fail "the vlan 0 NIC was heard on br1"
	for br in br0 br1; do
		[ "$(gn_ns ip -o link show master "$br" | wc -l)" = 1 ] || gn_fail "$br has not one tap"
	done
	[ "$(grep -c '^up tap[0-9]* br[01]$' "$GN_DIR/scripts.log")" = 2 ] ||
		gn_fail "ifup scripts: $(cat "$GN_DIR/scripts.log")"
	gn_log "each NIC in its own bridge: $(tr '\n' ';' <"$GN_DIR/scripts.log")"
	kill -TERM "$(gn_pid t)"
	run_wait_exit t 30
	[ "$(grep -c '^down tap[0-9]* br[01]$' "$GN_DIR/scripts.log")" = 2 ] ||
		gn_fail "ifdown scripts: $(cat "$GN_DIR/scripts.log")"
	[ "$(gn_ns ip -o link show type tun | wc -l)" = 0 ] || gn_fail "a tap is left"
	[ -z "$(run_ns_procs 'guestnet-emu|qemu-system')" ] || gn_fail "left: $(run_ns_procs 'guestnet-emu|qemu-system')"
	gn_log "after SIGTERM: both down scripts ran, no tap, no emulator, no QEMU"
}

mode_redir() {
	local got dir
	cat >"$GN_DIR/r.sh" <<'SCRIPT'
cat >/tmp/line <<'EOS'
#!/bin/sh
read -r line
echo "guest-got:$line"
EOS
chmod +x /tmp/line
nc -ll -p 22 -e /tmp/line &
sleep 1
SCRIPT
	nic_facts "$GN_DIR/r.sh"
	echo 'gn_mark LISTENING "$GN_NAME"' >>"$GN_DIR/r.sh"
	RUN_QEMU_DEFAULTS=1 run_guest r dhcp "$GN_DIR/r.sh" -- -redir tcp:2222::22
	gn_wait_guest r 'GN-LISTENING' 150
	expect_result r mac "$QEMU_MAC"
	expect_result r driver e1000
	gn_ns ss -Hltn 'sport = :2222' | grep -q '0\.0\.0\.0:2222' ||
		gn_fail "forward not on every address: $(gn_ns ss -Hltn 'sport = :2222')"
	got=$(nat_peer tcp-talk 127.0.0.1 2222 "hello-$$") || gn_fail "forward 2222: no answer"
	[ "$got" = "guest-got:hello-$$" ] || gn_fail "forward answered '$got'"
	gn_log "-redir tcp:2222::22: QEMU's default e1000 $QEMU_MAC, 0.0.0.0:2222 -> guest:22 answered '$got'"
	dir=$(dirname "$(emu_ctl r)")
	kill -TERM "$(gn_pid r)"
	run_wait_exit r 30
	[ -e "$dir" ] && gn_fail "$dir left"
	[ -z "$(run_ns_procs 'guestnet-emu|qemu-system')" ] || gn_fail "left: $(run_ns_procs 'guestnet-emu|qemu-system')"
	gn_log "after SIGTERM: QEMU, emulator and $dir gone"
}

# smb2_negotiate FILE - an SMB2 NEGOTIATE request (dialects 2.02 and 2.10)
# behind its 4-byte session header, as a client's first message on port 445
smb2_negotiate() {
	"$GN_PY" - "$1" <<'PY'
import struct, sys
hdr = b"\xfeSMB" + struct.pack("<HHIHHIIQIIQ16s", 64, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, b"")
body = struct.pack("<HHHHI16sQ", 36, 2, 1, 0, 0, b"guestnet-test-id", 0) + struct.pack("<HH", 0x202, 0x210)
msg = hdr + body
open(sys.argv[1], "wb").write(struct.pack(">I", len(msg)) + msg)
PY
}

# smb_procs - smbd processes of this test (their private directory is in $GN_DIR)
smb_procs() { gn_procs_cmdline "^/usr/sbin/smbd -l $GN_DIR/"; }

mode_smb() {
	local emu port
	install -d -o nobody -g nogroup -m 0755 "$GN_DIR/share"
	smb2_negotiate "$GN_DIR/negotiate.bin"
	chmod 0644 "$GN_DIR/negotiate.bin"
	cat >"$GN_DIR/s.sh" <<'SCRIPT'
cat /sys/firmware/qemu_fw_cfg/by_name/opt/gn/negotiate/raw >/tmp/negotiate
for port in 445 139; do
	(cat /tmp/negotiate; sleep 3) | timeout 10 nc 10.0.2.4 $port >/tmp/answer$port
	hex=$(od -An -tx1 -v /tmp/answer$port | tr -d ' \n')
	echo "GN-RESULT smb$port $(echo "$hex" | cut -c9-16) dialect $(echo "$hex" | cut -c147-148)$(echo "$hex" | cut -c145-146)"
done
SCRIPT
	echo 'gn_mark ASKED "$GN_NAME"' >>"$GN_DIR/s.sh"
	run_guest s dhcp "$GN_DIR/s.sh" -- -net nic,vlan=1 -net user,vlan=1,smb="$GN_DIR/share" \
		-fw_cfg "name=opt/gn/negotiate,file=$GN_DIR/negotiate.bin"
	gn_wait_guest s 'GN-ASKED' 150
	for port in 445 139; do
		case "$(gn_result s smb$port)" in
		"fe534d42 dialect 0202" | "fe534d42 dialect 0210") ;;
		*) gn_fail "10.0.2.4:$port answered '$(gn_result s smb$port)', not an SMB2 NEGOTIATE response" ;;
		esac
	done
	emu=$(cat "/proc/$(gn_pid s)/task/$(gn_pid s)/children" 2>/dev/null | tr ' ' '\n' |
		while read -r p; do tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null; echo; done | grep guestnet-emu)
	case "$emu" in
	*"-netdev user,id=gnq0,hub=1,smb=$GN_DIR/share "*) ;;
	*) gn_fail "smb= did not move into the emulator: $emu" ;;
	esac
	gn_log "-net nic,vlan=1 -net user,vlan=1,smb=DIR: the emulator's smbd answers the guest on 10.0.2.4:445 and :139 ($(gn_result s smb445))"
	kill -TERM "$(gn_pid s)"
	run_wait_exit s 30
	for _ in $(seq 50); do
		[ -z "$(smb_procs)" ] && break
		sleep 0.1
	done
	[ -z "$(smb_procs)" ] || gn_fail "smbd left: $(smb_procs)"
	[ -z "$(find "$GN_DIR" -name 'guestnet-smb.*')" ] || gn_fail "left: $(find "$GN_DIR" -name 'guestnet-smb.*')"
	gn_log "after SIGTERM: no smbd, no private directory"
}

run_init "run-qemu-opts-$MODE"
case $MODE in
cli) mode_cli ;;
socket) mode_socket ;;
mcast) mode_mcast ;;
user) mode_user ;;
tap) mode_tap ;;
redir) mode_redir ;;
smb) mode_smb ;;
*) gn_fail "unknown mode $MODE" ;;
esac
run_pass
