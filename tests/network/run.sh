#!/bin/bash
# shellcheck disable=SC2317  # net_cleanup runs from gn_cleanup
# run.sh MODE - guestnet networks end to end, in namespaces of our own
#
# MODE nat-network|host-only|internal|bridged: the isolation matrix of
# docs/networks.md. Topology: the test namespace is the "host"; a "lan"
# namespace sits behind a veth (host gnup0 10.99.0.1/24, lan eth0
# 10.99.0.2/24) with a web server; the host runs web servers too (:8000,
# and :8001 which nat-network's definition opens with open = tcp:8001).
# guestnet-network up brings the network up (run dir under /tmp, config
# dir in the build tree); two QEMU guests are launched as nobody with
# `guestnet run --helper <setuid test helper> --net NAME --mac MAC --
# qemu-system-x86_64 ...` (a test build of guestnet whose networks
# directory is the test helper's), each with a web server (busybox httpd
# :8080). Each guest checks guest->guest, guest->host (closed and opened
# ports) and guest->lan (ping and TCP) and reports GN-RESULT lines; the
# test checks host->guest and lan->guest from outside. Forbidden paths
# are tried hard (routes added by hand, forwarding on in the host) so
# the nft rules, not a missing route, are what stops them. nat-network
# and host-only guests also take a DHCP lease from dnsmasq. Once guestnet
# has exited no tap is left, and down must leave no bridge, no table of
# ours, no dnsmasq, no run files, and a foreign nft table byte for byte
# as it was.
#
# MODE helper: the helper re-installs a network's rules flushed or deleted
# by hand, refuses (fail closed) when it cannot, and honours users =.
#
# Environment (tests/network/meson.build): GN_NETWORK, GN_NET_HELPER,
# GN_NET_ETC (the test helper's compiled-in ACL/networks directory, also
# GUESTNET_RUN's), GUESTNET_RUN, GUESTNET_EMU, GN_HELPER_CLIENT,
# GN_CACHE_DIR.
set -u
MODE=$1
# shellcheck source=../run/run-lib.sh
source "$(dirname "$0")/../run/run-lib.sh"

NAME=gn${MODE//-/}
NAME=${NAME:0:12}
BR=gnbr-${MODE:0:4}
LAN=
RUN=

# net_cleanup - gn_at_exit hook: the network down, the lan namespace gone
net_cleanup() {
	local p
	if [ -n "$RUN" ]; then
		net down "$NAME" >/dev/null 2>&1
	fi
	if [ -n "$LAN" ]; then
		for p in $(ip netns pids "$LAN" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null
		done
		ip netns del "$LAN" 2>/dev/null
	fi
}

# net CMD... - guestnet-network in the host namespace
net() {
	gn_ns "$GN_NETWORK" --config-dir "$GN_NET_ETC/networks.d" --run-dir "$RUN" "$@"
}

# lan CMD... - run CMD as root in the lan namespace
lan() {
	ip netns exec "$LAN" "$@"
}

# define TEXT - write the network definition (root, 0644)
define() {
	gn_root_file "$GN_NET_ETC/networks.d/$NAME.conf" "$1"
}

# define_natnet [LINE...] - a nat-network definition on $BR, 10.98.0.1/24,
# with LINEs (default: users = nobody)
define_natnet() {
	local extra
	extra=$(printf '%s\n' "${@:-users = nobody}")
	define "mode = nat-network
bridge = $BR
address = 10.98.0.1/24
$extra"
}

setup() {
	gn_init "net-$MODE"
	gn_at_exit net_cleanup
	for v in GN_NETWORK GN_NET_HELPER GN_NET_ETC; do
		[ -n "${!v:-}" ] || gn_fail "$v not set"
	done
	if [ "$MODE" != helper ]; then
		for v in GUESTNET_RUN GUESTNET_EMU; do
			[ -x "${!v:-}" ] || gn_fail "$v=${!v:-} not executable"
		done
		RUN_XDG=$(run_xdg nobody)
	fi
	RUN=$(mktemp -d /tmp/gn-netrun.XXXXXX)
	gn_rm_at_exit "$RUN"
	chmod 0755 "$RUN"
	gn_suid_copy "$GN_NET_HELPER"
	HELPER=$GN_SUID
	gn_root_dir "$GN_NET_ETC"
	install -d -o root -g root -m 0755 "$GN_NET_ETC/networks.d"
	gn_root_file "$GN_NET_ETC/bridge.conf"	# allows nothing: users = grants

	LAN=gn-lan-$$
	ip netns add "$LAN" || gn_fail "ip netns add $LAN"
	lan ip link set lo up
	gn_ns ip link add gnup0 type veth peer name eth0 netns "$LAN"
	lan ip addr add 10.99.0.2/24 dev eth0
	lan ip link set eth0 up
	gn_ns ip link set gnup0 up
	if [ "$MODE" != bridged ]; then
		gn_ns ip addr add 10.99.0.1/24 dev gnup0
		# lan tries hard to reach the guests
		lan ip route add 10.98.0.0/24 via 10.99.0.1
	fi
	# A foreign table that must survive up and down untouched (no
	# counters: traffic would change them)
	gn_ns nft -f - <<'NFT' || gn_fail "foreign table"
table inet foreign {
	set ports { type inet_service; elements = { 9, 19 } }
	chain in_c {
		type filter hook input priority 10; policy accept;
		tcp dport @ports accept
	}
	chain fwd_c {
		type filter hook forward priority 10; policy accept;
		ip saddr 192.0.2.7 drop
	}
}
NFT
	gn_ns nft list table inet foreign >"$GN_DIR/foreign.before"
}

# web NAME NS [PORT] - a web server on :PORT (8000) as nobody in namespace NS
web() {
	(cd "$GN_DIR" && exec ip netns exec "$2" setpriv --reuid=nobody \
		--regid=nogroup --clear-groups -- "$GN_PY" -m http.server \
		--bind 0.0.0.0 "${3:-8000}") >"$GN_DIR/$1.log" 2>&1 &
	GN_PIDS+=("$!")
	GN_NAMES+=("$1")
}

# guest_script FILE PEER HOST-IP ROUTES DHCP - the guests' checks
guest_script() {
	cat >"$1" <<SCRIPT
mkdir -p /tmp/www && echo guest-\$GN_NAME >/tmp/www/index.html
httpd -p 8080 -h /tmp/www
$4
if [ "$5" = yes ]; then
	cat >/tmp/lease.sh <<'EOS'
#!/bin/sh
[ "\$1" = bound ] && echo "GN-LEASE \$GN_NAME ip=\$ip router=\$router dns=\$dns"
exit 0
EOS
	chmod +x /tmp/lease.sh
	for i in 1 2 3; do
		udhcpc -i eth0 -n -q -t 5 -T 1 -s /tmp/lease.sh && break
		echo "GN-NOLEASE \$GN_NAME try \$i"
	done
fi
gn_mark UP \$GN_NAME
gn_ping_until $2 60 || true
chk() {
	if ping -c 2 -w 3 \$2 >/dev/null 2>&1; then p=ok; else p=fail; fi
	if timeout 5 wget -q -O /dev/null http://\$2:\$3/; then t=ok; else t=fail; fi
	echo "GN-RESULT \$GN_NAME \$1 ping=\$p tcp=\$t"
}
# in parallel: a forbidden path waits for its timeouts
chk guest $2 8080 &
chk host $3 8000 &
chk hostopen $3 8001 &
[ "$MODE" = nat-network ] && chk hostother 10.99.0.1 8001 &
chk lan 10.99.0.2 8000 &
if nslookup -type=a localhost $3 >/dev/null 2>&1; then d=ok; else d=fail; fi
echo "GN-RESULT \$GN_NAME dns \$d"
wait
gn_mark CHECKED \$GN_NAME
SCRIPT
}

# expect NAME WHAT WANT - the guest's GN-RESULT for WHAT must be WANT
expect() {
	local got
	got=$(tr -d '\r' <"$GN_DIR/$1.serial" | grep -a "^GN-RESULT $1 $2 " | head -n1 | cut -d' ' -f4-)
	[ "$got" = "$3" ] || gn_fail "$1 -> $2: got '$got', want '$3'"
	gn_log "$1 -> $2: $got"
}

# reach NS IP - "ping=ok|fail tcp=ok|fail" from namespace NS to a guest
reach() {
	local p=fail t=fail
	ip netns exec "$1" ping -c 2 -w 3 "$2" >/dev/null 2>&1 && p=ok
	ip netns exec "$1" curl -s -o /dev/null --max-time 4 "http://$2:8080/" && t=ok
	echo "ping=$p tcp=$t"
}

# expect_from WHO NS IP WANT [WHO NS IP WANT]... - the groups in
# parallel (a forbidden path waits for its timeouts)
expect_from() {
	local args=("$@") pids=() got i
	for ((i = 0; i + 3 < ${#args[@]}; i += 4)); do
		reach "${args[i + 1]}" "${args[i + 2]}" >"$GN_DIR/reach.$i" &
		pids+=("$!")
	done
	wait "${pids[@]}"	# only these: the guests run in the background too
	for ((i = 0; i + 3 < ${#args[@]}; i += 4)); do
		got=$(cat "$GN_DIR/reach.$i")
		[ "$got" = "${args[i + 3]}" ] ||
			gn_fail "${args[i]} -> guest ${args[i + 2]}: got '$got', want '${args[i + 3]}'"
		gn_log "${args[i]} -> guest ${args[i + 2]}: $got"
	done
}

# check_qemu NAME N - guest NAME's QEMU is its guestnet's child, has the
# tap guestnet got from the helper (fd=) and the guest's MAC
check_qemu() {
	local gpid qpid args
	gpid=$(gn_pid "$1")
	qpid=$(pgrep -P "$gpid" -x qemu-system-x86) || gn_fail "$1: no QEMU child of guestnet $gpid"
	args=$(tr '\0' ' ' <"/proc/$qpid/cmdline")
	[[ "$args " == *"-netdev tap,id=gn0,fd="*" -device virtio-net-pci,netdev=gn0,mac=$(gn_addr_mac "$2") "* ]] ||
		gn_fail "$1: QEMU's options lack guestnet's tap: $args"
	[ "$(stat -c %U "/proc/$qpid")" = nobody ] || gn_fail "$1: QEMU not run as nobody"
	gn_log "$1: QEMU $qpid (nobody) is guestnet $gpid's child with -netdev tap,id=gn0,fd=N, mac $(gn_addr_mac "$2")"
}

matrix() {
	local sub=10.98.0 host=10.98.0.1 routes dhcp=no gg gh gho hg gl lg dns=fail g
	case $MODE in
	nat-network)
		define_natnet "open = tcp:8001, udp:5353" "users = nobody"
		routes="ip route add default via 10.98.0.1"
		dhcp=yes dns=ok
		gg="ping=ok tcp=ok" gh="ping=ok tcp=fail" hg="ping=fail tcp=fail"
		gho="ping=ok tcp=ok"
		gl="ping=ok tcp=ok" lg="ping=fail tcp=fail" ;;
	host-only)
		define "mode = host-only
bridge = $BR
address = 10.98.0.1/24
dhcp-range = 10.98.0.100-10.98.0.150
groups = nogroup"
		routes="ip route add default via 10.98.0.1"
		dhcp=yes dns=ok
		gg="ping=ok tcp=ok" gh="ping=ok tcp=ok" hg="ping=ok tcp=ok" gho=$gh
		gl="ping=fail tcp=fail" lg="ping=fail tcp=fail" ;;
	internal)
		define "mode = internal
bridge = $BR
users = nobody"
		host=10.99.0.1
		routes="ip route add 10.99.0.0/24 dev eth0"
		gg="ping=ok tcp=ok" gh="ping=fail tcp=fail" hg="ping=fail tcp=fail" gho=$gh
		gl="ping=fail tcp=fail" lg="ping=fail tcp=fail" ;;
	bridged)
		define "mode = bridged
bridge = $BR
uplink = gnup0
address = 10.99.0.1/24
users = nobody"
		sub=10.99.0 host=10.99.0.1 routes=":"
		gg="ping=ok tcp=ok" gh="ping=ok tcp=ok" hg="ping=ok tcp=ok" gho=$gh
		gl="ping=ok tcp=ok" lg="ping=ok tcp=ok" dns=fail ;;
	esac
	# Forwarding on in the host for every mode: the rules must do the work
	gn_ns sysctl -qw net.ipv4.ip_forward=1

	net up "$NAME" >"$GN_DIR/up.log" 2>&1 || { cat "$GN_DIR/up.log" >&2; gn_fail "up"; }
	net status "$NAME" >"$GN_DIR/status-up.log" 2>&1 || gn_fail "status after up: $(cat "$GN_DIR/status-up.log")"
	[ "$MODE" = internal ] && gn_ns ip route add 10.98.0.0/24 dev "$BR"	# host tries hard
	web web-host "$GN_NS"
	web web-host-open "$GN_NS" 8001
	web web-lan "$LAN"
	gn_wait_listen tcp 8000 10
	gn_wait_listen tcp 8001 10

	guest_script "$GN_DIR/g1.sh" $sub.12 $host "$routes" $dhcp
	guest_script "$GN_DIR/g2.sh" $sub.11 $host "$routes" $dhcp
	# as nobody: the test guestnet, the setuid test helper; one by
	# --helper, the other by GUESTNET_BRIDGE_HELPER
	run_guest g1 $sub.11/24 "$GN_DIR/g1.sh" \
		--helper "$HELPER" --net "$NAME" --mac "$(gn_addr_mac 1)"
	GUESTNET_BRIDGE_HELPER=$HELPER run_guest g2 $sub.12/24 "$GN_DIR/g2.sh" \
		--net "$NAME" --mac "$(gn_addr_mac 2)"
	gn_wait_guest g1 'GN-UP' 90
	gn_wait_guest g2 'GN-UP' 90
	check_qemu g1 1
	check_qemu g2 2
	net status "$NAME" >"$GN_DIR/status-guests.log" 2>&1
	[ "$(grep -c '  port tap' "$GN_DIR/status-guests.log")" = 2 ] ||
		gn_fail "status does not show the two taps: $(cat "$GN_DIR/status-guests.log")"

	expect_from host "$GN_NS" $sub.11 "$hg" lan "$LAN" $sub.11 "$lg"
	gn_wait_guest g1 'GN-CHECKED' 90
	gn_wait_guest g2 'GN-CHECKED' 90
	for g in g1 g2; do
		expect $g guest "$gg"
		expect $g host "$gh"
		expect $g hostopen "$gho"
		[ "$MODE" = nat-network ] && expect $g hostother "ping=ok tcp=fail"
		expect $g lan "$gl"
		[ "$MODE" = bridged ] || expect $g dns "$dns"
	done
	if [ $dhcp = yes ]; then
		for g in g1 g2; do
			grep -aq "GN-LEASE $g ip=10.98.0." "$GN_DIR/$g.serial" ||
				gn_fail "$g got no DHCP lease"
			gn_log "$g: $(grep -a "^GN-LEASE $g" "$GN_DIR/$g.serial")"
		done
		[ "$MODE" = nat-network ] && { grep -aq '^GN-LEASE g1 .*router=10.98.0.1' "$GN_DIR/g1.serial" || gn_fail "no router in the nat-network lease"; }
		[ "$MODE" = host-only ] && { grep -aq '^GN-LEASE g1 ip=10.98.0.1[0-5][0-9] router= ' "$GN_DIR/g1.serial" || gn_fail "host-only lease: not in dhcp-range or has a router"; }
		net status "$NAME" >"$GN_DIR/status-leases.log" 2>&1
		[ "$(grep -c '  lease ' "$GN_DIR/status-leases.log")" -ge 2 ] ||
			gn_fail "status shows no leases: $(cat "$GN_DIR/status-leases.log")"
	fi
}

# check_down - after down: nothing of ours left, foreign table unchanged
check_down() {
	local pid=
	[ -f "$RUN/$NAME.dnsmasq.pid" ] && pid=$(cat "$RUN/$NAME.dnsmasq.pid")
	# SIGTERM to guestnet: passed on to QEMU; the taps go with it
	for g in g1 g2; do kill -TERM "$(gn_pid $g)" 2>/dev/null; done
	run_wait_exit g1 20
	run_wait_exit g2 20
	[ "$(gn_tap_count)" = 0 ] ||
		gn_fail "taps left after guestnet exited: $(gn_ns ip -o link show type tun)"
	net down "$NAME" || gn_fail "down"
	gn_ns ip link show "$BR" >/dev/null 2>&1 && gn_fail "bridge $BR left after down"
	gn_ns nft list table inet guestnet >/dev/null 2>&1 && gn_fail "table inet guestnet left after down"
	[ -n "$pid" ] && [ -d "/proc/$pid" ] && gn_fail "dnsmasq $pid left after down"
	[ -z "$(ls -A "$RUN")" ] || gn_fail "files left in the run dir: $(ls "$RUN")"
	gn_ns nft list table inet foreign >"$GN_DIR/foreign.after"
	cmp -s "$GN_DIR/foreign.before" "$GN_DIR/foreign.after" ||
		gn_fail "foreign table changed: $(diff "$GN_DIR/foreign.before" "$GN_DIR/foreign.after")"
	if [ "$MODE" = bridged ]; then
		gn_ns ip link show gnup0 | grep -q master && gn_fail "uplink still enslaved"
	fi
	gn_log "down: no bridge, no table, no dnsmasq, no files; foreign table unchanged"
}

# client - the helper run as QEMU runs it, as nobody
client() {
	gn_run "$GN_HELPER_CLIENT" "$HELPER" "$BR"
}

helper_test() {
	local got
	[ -n "${GN_HELPER_CLIENT:-}" ] || gn_fail "GN_HELPER_CLIENT not set"
	define_natnet
	net up "$NAME" || gn_fail "up"
	gn_ns nft list table inet guestnet >"$GN_DIR/rules.ref"
	client >"$GN_DIR/c0.log" 2>&1 || gn_fail "helper refused: $(cat "$GN_DIR/c0.log")"

	gn_ns nft flush chain inet guestnet "$NAME-fwd"
	gn_ns nft delete chain inet guestnet "$NAME-nat"
	client >"$GN_DIR/c1.log" 2>&1 || gn_fail "helper refused after flush: $(cat "$GN_DIR/c1.log")"
	gn_ns nft list table inet guestnet | diff "$GN_DIR/rules.ref" - ||
		gn_fail "rules not restored after a flush"
	gn_log "flushed chain and deleted chain: re-installed by the helper"

	gn_ns nft delete table inet guestnet
	client >"$GN_DIR/c2.log" 2>&1 || gn_fail "helper refused after table delete: $(cat "$GN_DIR/c2.log")"
	gn_ns nft list table inet guestnet | diff "$GN_DIR/rules.ref" - ||
		gn_fail "rules not restored after the table was deleted"
	gn_log "deleted table: re-installed by the helper"

	# A chain of ours hijacked with another hook: the helper cannot
	# install its rules and must refuse, creating no tap
	gn_ns nft delete table inet guestnet
	gn_ns nft add table inet guestnet
	gn_ns nft add chain inet guestnet "$NAME-in" '{ type filter hook output priority 0; }'
	client >"$GN_DIR/c3.log" 2>&1 && gn_fail "helper gave a tap without its rules"
	grep -q "cannot put the rules of network $NAME in place, refusing" "$GN_DIR/c3.log" ||
		gn_fail "no refusal message: $(cat "$GN_DIR/c3.log")"
	[ "$(gn_tap_count)" = 0 ] || gn_fail "tap left after refusal"
	gn_log "unfixable rules: refused ($(head -n1 "$GN_DIR/c3.log"))"
	gn_ns nft delete table inet guestnet
	client >"$GN_DIR/c4.log" 2>&1 || gn_fail "helper refused once fixed"

	# users = is what grants: without nobody in it, refused
	define_natnet "users = root" "groups = root"
	client >"$GN_DIR/c5.log" 2>&1 && gn_fail "helper allowed nobody without users ="
	grep -q "bridge $BR not allowed for uid 65534" "$GN_DIR/c5.log" || gn_fail "c5: $(cat "$GN_DIR/c5.log")"
	# a deny in bridge.conf wins over users =
	define_natnet
	gn_root_file "$GN_NET_ETC/bridge.conf" "deny $BR user=nobody"
	client >"$GN_DIR/c6.log" 2>&1 && gn_fail "deny in bridge.conf did not win"
	grep -q "denied for uid 65534 by $GN_NET_ETC/bridge.conf:1" "$GN_DIR/c6.log" || gn_fail "c6: $(cat "$GN_DIR/c6.log")"
	gn_root_file "$GN_NET_ETC/bridge.conf"
	# a broken definition refuses, naming file, line and key
	define "mode = nat-network
bridge = $BR
address = 10.98.0.300/24"
	client >"$GN_DIR/c7.log" 2>&1 && gn_fail "helper allowed with a broken definition"
	grep -q "$NAME.conf:3: address: not an IPv4 address" "$GN_DIR/c7.log" || gn_fail "c7: $(cat "$GN_DIR/c7.log")"
	# a group-writable definition refuses
	define_natnet
	chmod 0664 "$GN_NET_ETC/networks.d/$NAME.conf"
	client >"$GN_DIR/c8.log" 2>&1 && gn_fail "helper read a group-writable definition"
	grep -q "writable by group or others" "$GN_DIR/c8.log" || gn_fail "c8: $(cat "$GN_DIR/c8.log")"
	chmod 0644 "$GN_NET_ETC/networks.d/$NAME.conf"
	gn_log "users =, deny wins, broken and writable definitions: refused"
	[ "$(gn_tap_count)" = 0 ] || gn_fail "tap left"
	net down "$NAME" || gn_fail "down"
	gn_ns nft list table inet guestnet >/dev/null 2>&1 && gn_fail "table left after down"
	gn_ns nft list table inet foreign | cmp -s "$GN_DIR/foreign.before" - || gn_fail "foreign table changed"
}

setup
case $MODE in
helper) helper_test ;;
nat-network | host-only | internal | bridged) matrix; check_down ;;
*) gn_fail "unknown mode $MODE" ;;
esac
run_pass
