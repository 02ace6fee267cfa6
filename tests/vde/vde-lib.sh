# shellcheck shell=bash
# vde-lib.sh - helpers of the VDE tests (bash; source it after gn.sh)
#
# On top of tests/lib/gn.sh: the VDE tools (Debian package vde2: vde_switch,
# vde_plug, dpipe, wirefilter, ...), more network namespaces than gn.sh's
# one (a VDE switch directory is a path, so clients in other namespaces
# reach it), taps owned by nobody for a namespace "host" on a VDE network,
# and the hand-made VDE client tests/vde/vdeclient.py.  Everything is
# killed and deleted at exit, as gn.sh does for its own namespace.

VDE_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VDE_CLIENT=$VDE_LIB_DIR/vdeclient.py
VDE_EXTRA_NS=()

# vde_init NAME - gn_init, the VDE tools, and a cleanup of every namespace
vde_init() {
	gn_init "$1"
	vde_need_tools
	trap vde_cleanup EXIT
}

# vde_need_tools - the VDE tools are required (tools/debian-packages.txt)
vde_need_tools() {
	local t
	for t in vde_switch vde_plug dpipe wirefilter; do
		command -v "$t" >/dev/null ||
			gn_fail "required tool $t missing (package vde2, see tools/debian-packages.txt)"
	done
}

# vde_cleanup - EXIT trap: stop the processes of the extra namespaces,
# delete them, then gn.sh's cleanup (logs, main namespace, scratch dir)
vde_cleanup() {
	local rc=$? ns p
	set +e
	gn_kill_all
	for ns in "${VDE_EXTRA_NS[@]}"; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done
	(exit $rc)
	gn_cleanup
}

# vde_ns SUFFIX - print the name of extra namespace SUFFIX
vde_ns() {
	echo "$GN_NS-$1"
}

# vde_ns_add SUFFIX - make extra namespace SUFFIX (lo up)
vde_ns_add() {
	local ns
	ns=$(vde_ns "$1")
	ip netns add "$ns" || gn_fail "ip netns add $ns"
	VDE_EXTRA_NS+=("$ns")
	ip -n "$ns" link set lo up
}

# vde_bg_in NS NAME CMD... - gn_bg, in namespace NS
vde_bg_in() {
	local ns=$1 name=$2
	shift 2
	(cd "$GN_DIR" && exec ip netns exec "$ns" setpriv \
		--reuid="$GN_USER" --regid="$GN_GROUP" --clear-groups -- "$@") \
		>"$GN_DIR/$name.log" 2>&1 &
	GN_LAST_PID=$!
	GN_PIDS+=("$GN_LAST_PID")
	GN_NAMES+=("$name")
	echo "$GN_LAST_PID" >"$GN_DIR/$name.pid"
	echo "$*" >"$GN_DIR/$name.cmd"
	gn_log "started $name in $ns (pid $GN_LAST_PID): $*"
}

# vde_switch_bg NS NAME DIR ARGS... - a vde_switch as nobody on DIR
#
# In the foreground, vde_switch reads commands from stdin and ends at its
# EOF, so its stdin is a pipe that stays open.
vde_switch_bg() {
	local ns=$1 name=$2 dir=$3
	shift 3
	vde_bg_in "$ns" "$name" bash -c \
		'exec vde_switch "$@" < <(exec sleep 100000)' vde_switch \
		-sock "$dir" "$@"
	gn_wait_path "$dir/ctl" 10 "$GN_LAST_PID"
}

# vde_tap NS TAP ADDR/LEN - a tap owned by nobody, up, with an address
vde_tap() {
	ip -n "$1" tuntap add "$2" mode tap user "$GN_USER" ||
		gn_fail "cannot make tap $2 in $1"
	ip -n "$1" addr add "$3" dev "$2"
	ip -n "$1" link set "$2" up
}

# vde_ping NS ADDR [COUNT [PING-ARGS...]] - from NS, ping ADDR until it
# answers (60 s), then COUNT (default 5) pings at 0.2 s must all be answered
vde_ping() {
	local ns=$1 addr=$2 count=${3:-5} i out
	shift 2
	[ $# -eq 0 ] || shift
	for i in $(seq 60); do
		ip netns exec "$ns" ping -c 1 -W 1 "$@" "$addr" >/dev/null 2>&1 && break
		[ "$i" -lt 60 ] || gn_fail "$addr never answered a ping from $ns"
	done
	out=$(ip netns exec "$ns" ping -c "$count" -i 0.2 -W 2 "$@" "$addr" 2>&1) ||
		gn_fail "pings $ns -> $addr lost: $(echo "$out" | tail -2 | head -1)"
	gn_log "ping $ns -> $addr $*: $(echo "$out" | grep 'packets transmitted')"
}

# vde_noping NS ADDR - from NS, three pings to ADDR must all go unanswered
vde_noping() {
	if ip netns exec "$1" ping -c 3 -i 0.3 -W 1 "$2" >/dev/null 2>&1; then
		gn_fail "$2 answered a ping from $1 (expected silence)"
	fi
	gn_log "ping $1 -> $2: no answer, as expected"
}

# vde_client NS USER GROUPS ARGS... - run vdeclient.py as USER (with the
# supplementary GROUPS, or - for none) in NS; prints its one-line result
vde_client() {
	local ns=$1 user=$2 groups=$3
	shift 3
	local g=(--clear-groups)
	[ "$groups" = - ] || g=(--groups="$groups")
	ip netns exec "$ns" setpriv --reuid="$user" --regid="$(id -g "$user")" "${g[@]}" -- \
		"$GN_PY" "$VDE_CLIENT" "$@"
}

# vxlan_setup [tap] - underlay veth GN_NS(10.77.0.1) <-> k(10.77.0.2); in
# k a bridge with vxlan0 (id 42, group 239.1.1.1 on the veth, dstport
# 4789) and a veth to namespace h (10.78.0.2); with "tap", tap0 in GN_NS
# (10.78.0.1, owned by nobody) for a VDE plug
vxlan_setup() {
	local k h
	vde_ns_add k
	vde_ns_add h
	k=$(vde_ns k)
	h=$(vde_ns h)
	ip link add ul0 netns "$GN_NS" type veth peer name ul0 netns "$k"
	ip -n "$GN_NS" addr add 10.77.0.1/24 dev ul0
	ip -n "$GN_NS" link set ul0 up
	ip -n "$GN_NS" route add 224.0.0.0/4 dev ul0
	ip -n "$k" addr add 10.77.0.2/24 dev ul0
	ip -n "$k" link set ul0 up
	ip -n "$k" link add vxlan0 type vxlan id 42 group 239.1.1.1 dev ul0 \
		dstport 4789
	ip -n "$k" link add br0 type bridge
	ip -n "$k" link set vxlan0 master br0
	ip -n "$k" link set vxlan0 up
	ip -n "$k" link set br0 up
	ip link add eth0 netns "$h" type veth peer name hv0 netns "$k"
	ip -n "$k" link set hv0 master br0
	ip -n "$k" link set hv0 up
	# the overlay carries 50 bytes of VXLAN/UDP/IP headers per frame
	ip -n "$h" link set eth0 mtu 1450
	ip -n "$h" addr add 10.78.0.2/24 dev eth0
	ip -n "$h" link set eth0 up
	[ "${1:-}" = tap ] || return 0
	vde_tap "$GN_NS" tap0 10.78.0.1/24
	ip -n "$GN_NS" link set tap0 mtu 1450
}
