#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh - user-mode NAT benchmark: guestnet-emu, slirp4netns, pasta
#
# --shape rootlesskit: RootlessKit's own benchmark instead (its
# hack/benchmark-iperf3-net.sh: iperf3 from RootlessKit's child to the
# parent, `rootlesskit --net=slirp4netns --mtu=M -- iperf3 -c 10.0.2.2`),
# with Debian's slirp4netns and guestnet-slirp4netns as
# --slirp4netns-binary, and pasta run directly (RootlessKit 1.1 has no
# --net=pasta), as a throw-away user with subordinate ids.
#
# In one run on this machine, measures TCP throughput between a "guest"
# network namespace and an iperf3 server on the "host" (127.0.0.1, reached
# from the guest as the gateway 10.0.2.2) through each NAT, at each MTU, in
# both directions (guest>host: iperf3 client sending from the guest;
# host>guest: iperf3 -R), and prints Gbit/s, the ratios to slirp4netns and
# to pasta and the NAT process's CPU time, then checks the targets (issue
# 15, BRIEF §7): PASS or FAIL per target, and one line for all of them.
#
# Needs root only to create its own network namespace (ip netns add, lo up,
# one veth pair inside it for pasta); everything else runs as an
# unprivileged user (nobody) in that namespace, so nothing touches the
# machine's network. Every process started here is stopped on exit and the
# namespace deleted. GUESTNET_BENCH_QUICK=1 makes the runs 1 s (smoke test).
# See docs/bench.md, "User-mode NAT (bench/nat)".
set -eu
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tools/subid-user.sh
. "$(dirname "$0")/../../tools/subid-user.sh"

SECONDS_MEAS=10
BUILD=
EMU=${GN_EMU:-}
MTUS="1500 65520"
REPEAT=1
DIRS="up down"
ONLY=
SHAPE=plain
S4N=${GN_S4N:-}
RUNAS=nobody
USER_OPTS=
NETNS_OPTS=
PORT=5201
MAX_OTHER=30
TARGET_SLIRP=1.5
TARGET_PASTA=1.0
case "${GUESTNET_BENCH_QUICK:-0}" in
''|0) ;;
*) SECONDS_MEAS=1 ;;
esac

usage() {
	cat >&2 <<EOF
usage: $0 [--seconds N] [--build DIR] [options]
  --seconds N     iperf3 seconds per case (default $SECONDS_MEAS;
                  GUESTNET_BENCH_QUICK=1 in the environment: 1)
  --build DIR     meson build dir with emu/guestnet-emu (default: the
                  repository's build/, else its newest build*/ that has it)
  --emu PATH      guestnet-emu to use (env GN_EMU)
  --repeat N      run the whole sweep N times, keep each case's best
                  (highest Gbit/s) run (default $REPEAT)
  --mtus "..."    MTUs (default "$MTUS")
  --dirs "..."    directions: up = guest>host, down = host>guest
                  (iperf3 -R) (default "$DIRS")
  --only "..."    the NATs to run, a subset of the shape's (plain:
                  "slirp4netns guestnet-emu pasta"; rootlesskit:
                  "slirp4netns guestnet-slirp4netns pasta")
  --user NAME     unprivileged user to run everything as (default $RUNAS)
  --user-opts S   appended to guestnet-emu's -netdev user (e.g. ",wscale=off"
                  to measure without the TCP window-scaling relay)
  --netns-opts S  appended to guestnet-emu's -netdev netns (e.g.
                  ",offload=off" to measure without segmentation offload)
  --max-other P   a run where other processes used more than P % CPU is
                  noisy: marked '!', and with --repeat a quiet run of a
                  case beats a noisy one (default $MAX_OTHER; 0: never noisy)
  --shape S       plain (default: the NATs above, both directions) or
                  rootlesskit: RootlessKit's benchmark, child>parent, with
                  slirp4netns, guestnet-slirp4netns and pasta (direct)
  --s4n PATH      guestnet-slirp4netns to use (env GN_S4N; default
                  BUILD/slirp4netns/guestnet-slirp4netns)
EOF
	exit 2
}

bench_options "--seconds=SECONDS_MEAS --build=BUILD --emu=EMU --mtus=MTUS
	--repeat=REPEAT --dirs=DIRS --only=ONLY --user=RUNAS --user-opts=USER_OPTS
	--netns-opts=NETNS_OPTS --max-other=MAX_OTHER --shape=SHAPE --s4n=S4N" "$@"
case "$SHAPE" in
plain) ALL="slirp4netns guestnet-emu pasta" ;;
rootlesskit)
	ALL="slirp4netns guestnet-slirp4netns pasta"
	TARGET_RK=2
	# RootlessKit's benchmark sends from the child to the parent only
	[ "$DIRS" != "up down" ] || DIRS=up ;;
*) bench_die "--shape wants plain or rootlesskit, not '$SHAPE'" ;;
esac
[ -n "$ONLY" ] || ONLY=$ALL
W=12	# width of the nat column
[ "$SHAPE" = plain ] || W=20
for i in $ONLY; do
	case " $ALL " in *" $i "*) ;; *) bench_die "--only: '$i' is not one of: $ALL" ;; esac
done
bench_want_count --seconds "$SECONDS_MEAS"
bench_want_count --repeat "$REPEAT"
bench_want_int --max-other "$MAX_OTHER"
case "$USER_OPTS" in
''|,*) ;;
*) bench_die "--user-opts wants ',key=value...' (it is appended to -netdev user)" ;;
esac
case "$NETNS_OPTS" in
''|,*) ;;
*) bench_die "--netns-opts wants ',key=value...' (it is appended to -netdev netns)" ;;
esac
for m in $MTUS; do
	bench_want_count "--mtus" "$m"
	[ "$m" -ge 576 ] && [ "$m" -le 65520 ] || bench_die "MTU $m outside 576..65520"
done
for d in $DIRS; do
	case "$d" in
	up|down) ;;
	*) bench_die "bad direction '$d' (up or down)" ;;
	esac
done

GUEST=$BENCH_DIR/nat/guest.sh
bench_need_root "it creates a private network namespace with ip netns, then runs everything as $RUNAS"
if ! RUID=$(id -u "$RUNAS" 2>/dev/null) || ! RGID=$(id -g "$RUNAS"); then
	bench_die "no user '$RUNAS'"
fi
bench_need_tools ip setpriv unshare nsenter iperf3 ss

[ -n "$BUILD" ] || BUILD=$(bench_find_build emu/guestnet-emu)
[ -n "$EMU" ] || EMU=${BUILD:+$BUILD/emu/guestnet-emu}
[ -n "$S4N" ] || S4N=${BUILD:+$BUILD/slirp4netns/guestnet-slirp4netns}

HZ=$(getconf CLK_TCK)
NS=gn-bench-nat-$$
LOGDIR=$(bench_logdir gn-bench-nat)
bench_traps

# as_user CMD... : run CMD as $RUNAS inside the benchmark namespace.
as_user() {
	ip netns exec "$NS" setpriv --reuid="$RUID" --regid="$RGID" \
		--clear-groups env HOME=/ "$@"
}

# as_user_bg CMD... & : the same, only ever called with "&": it replaces
# the background subshell (ip, setpriv and env exec in turn), so $! is
# CMD's own process id.
as_user_bg() {
	exec ip netns exec "$NS" setpriv --reuid="$RUID" --regid="$RGID" \
		--clear-groups env HOME=/ "$@"
}

# ------------------------------------------------------------ sampling
cpu_ticks() { # cpu_ticks PID : utime + stime (all threads), "" if gone
	local s
	s=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	s=${s##*) }
	# shellcheck disable=SC2086
	set -- $s
	echo $((${12} + ${13}))
}

now_cs() { # now_cs : uptime in centiseconds
	local up
	read -r up _ </proc/uptime
	echo "${up/./}"
}

sys_ticks() { # sys_ticks : busy ticks of the whole machine
	local u n s irq sirq steal
	read -r _ u n s _ _ irq sirq steal _ </proc/stat
	echo $((u + n + s + irq + sirq + steal))
}

tree_ticks() { # tree_ticks PID : CPU ticks of PID and all its descendants
	# utime + stime + cutime + cstime of each: a child's time moves into its
	# parent's cutime when it is reaped, so the sum stays continuous.
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v root="$1" '
		{ pid = $1; sub(/^.*\) /, ""); ppid[pid] = $2; t[pid] = $12 + $13 + $14 + $15 }
		function under(p,  n) {
			for (n = 0; p != "" && p > 0 && n < 64; n++) {
				if (p == root) return 1
				p = ppid[p]
			}
			return 0
		}
		END { for (p in t) if (under(p)) sum += t[p]; print sum + 0 }'
}

# ------------------------------------------------------------ setup
ns_setup() {
	bench_netns "$NS"
	# pasta copies its guest's addresses and routes from the host
	# interface that has the default route and refuses to start without
	# one: give it a veth pair, both ends in this namespace (no dummy
	# driver on every kernel). TEST-NET-1 addresses, no traffic goes there.
	ip -n "$NS" link add gnbext0 type veth peer name gnbext1
	ip -n "$NS" link set gnbext1 up
	ip -n "$NS" link set gnbext0 up
	ip -n "$NS" addr add 192.0.2.1/24 dev gnbext0
	ip -n "$NS" route add default via 192.0.2.254
}

server_start() {
	local i
	as_user_bg iperf3 -s -B 127.0.0.1 -p "$PORT" >"$LOGDIR/iperf3-server.log" 2>&1 &
	SERVER=$!
	bench_track "$SERVER"
	for i in $(seq 50); do
		if ip netns exec "$NS" ss -Hltn "sport = :$PORT" | grep -q LISTEN; then
			return 0
		fi
		sleep 0.1
	done
	echo "run.sh: iperf3 server did not start:" >&2
	sed 's/^/    /' "$LOGDIR/iperf3-server.log" >&2
	exit 1
}

# ------------------------------------------------------------ rootlesskit
# The throw-away user RootlessKit runs as (it needs /etc/subuid and
# /etc/subgid ranges, which Debian's useradd gives), deleted at exit.
RK_USER=
RK_HOME=
rk_user_add() {
	RK_USER=gnbrk$$
	RK_HOME=/tmp/$RK_USER.home
	subid_user_add "$RK_USER" "$RK_HOME" "$LOGDIR/useradd.log" ||
		bench_die "useradd $RK_USER: $(cat "$LOGDIR/useradd.log")"
	bench_at_exit rk_user_del
}

rk_user_del() {
	subid_user_del "$RK_USER" "$RK_HOME"
}

# as_rk CMD... : like as_user, as the RootlessKit user
as_rk() {
	ip netns exec "$NS" setpriv --reuid="$RK_USER" --regid="$RK_USER" \
		--init-groups env -i "HOME=$RK_HOME" "USER=$RK_USER" \
		"PATH=/usr/sbin:/usr/bin:/sbin:/bin" "$@"
}

# as_rk_bg CMD... & : like as_user_bg, as the RootlessKit user
as_rk_bg() {
	exec ip netns exec "$NS" setpriv --reuid="$RK_USER" --regid="$RK_USER" \
		--init-groups env -i "HOME=$RK_HOME" "USER=$RK_USER" \
		"PATH=/usr/sbin:/usr/bin:/sbin:/bin" "$@"
}

# rk_nat_pid RKPID BINARY : the slirp4netns RootlessKit started, "" if none
rk_nat_pid() {
	local p want
	want=$(readlink -f "$2")
	for p in $(pgrep -P "$1"); do
		[ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$want" ] && echo "$p" && return
	done
}

# ------------------------------------------------------------ one case
declare -A GBPS CPU RETR STALL OTH GMTU NOTE

iperf_args() { # iperf_args DIR
	echo "-c 10.0.2.2 -p $PORT -t $SECONDS_MEAS -f m --connect-timeout 5000 --forceflush"
	[ "$1" = up ] || echo "-R"
}

# start_nat IMPL MTU DIR LOG : start the NAT with the guest running
# guest.sh; sets NATPID (the NAT) and EXTRA (other processes to stop)
start_nat() {
	local impl=$1 mtu=$2 dir=$3 log=$4 hold=$((SECONDS_MEAS + 30)) i bin
	EXTRA=()
	RKBIN=
	if [ "$SHAPE" = rootlesskit ] && [ "$impl" != pasta ]; then
		bin=$(command -v slirp4netns)
		[ "$impl" = slirp4netns ] || bin=$S4N
		RKBIN=$bin
		echo "+ rootlesskit --net=slirp4netns --mtu=$mtu --slirp4netns-binary=$bin -- guest.sh $hold $(iperf_args "$dir")" >"$log"
		# shellcheck disable=SC2046
		as_rk_bg rootlesskit --net=slirp4netns --mtu="$mtu" \
			--slirp4netns-binary="$bin" \
			--state-dir="$RK_HOME/state-$impl-$mtu-$dir-$REP" \
			-- "$GUEST" "$hold" $(iperf_args "$dir") >>"$log" 2>&1 &
		NATPID=$!
		bench_track "$NATPID"
		return 0
	fi
	case "$impl" in
	guestnet-emu)
		echo "+ $EMU -netdev user,id=u,mtu=$mtu$USER_OPTS -netdev netns,id=g,mtu=$mtu$NETNS_OPTS,addr=10.0.2.100/24,gateway=10.0.2.2 -- guest.sh $hold $(iperf_args "$dir")" >"$log"
		# shellcheck disable=SC2046
		as_user_bg "$EMU" -netdev "user,id=u,mtu=$mtu$USER_OPTS" \
			-netdev "netns,id=g,mtu=$mtu$NETNS_OPTS,addr=10.0.2.100/24,gateway=10.0.2.2" \
			-- "$GUEST" "$hold" $(iperf_args "$dir") >>"$log" 2>&1 &
		NATPID=$!
		bench_track "$NATPID" ;;
	pasta)
		echo "+ pasta -f -q -4 --config-net -m $mtu -a 10.0.2.100 -n 24 -g 10.0.2.2 -t none -u none -T none -U none -- guest.sh $hold $(iperf_args "$dir")" >"$log"
		# shellcheck disable=SC2046
		as_user_bg pasta -f -q -4 --config-net -m "$mtu" \
			-a 10.0.2.100 -n 24 -g 10.0.2.2 \
			-t none -u none -T none -U none \
			-- "$GUEST" "$hold" $(iperf_args "$dir") >>"$log" 2>&1 &
		NATPID=$!
		bench_track "$NATPID" ;;
	slirp4netns)
		as_user_bg unshare -Urn sleep $((hold + 30)) >>"$log" 2>&1 &
		local holder=$!
		bench_track "$holder"
		EXTRA+=("$holder")
		# Wait until the holder is the sleep in its own user namespace
		# (before that it is still ip, setpriv or unshare, as root).
		for i in $(seq 100); do
			if [ "$(cat "/proc/$holder/comm" 2>/dev/null)" = sleep ] &&
			   [ "$(readlink "/proc/$holder/ns/user")" != "$(readlink /proc/self/ns/user)" ]; then
				break
			fi
			sleep 0.05
		done
		echo "+ slirp4netns --configure --mtu=$mtu $holder tap0" >"$log"
		as_user_bg slirp4netns --configure --mtu="$mtu" "$holder" tap0 >>"$log" 2>&1 &
		NATPID=$!
		bench_track "$NATPID"
		for i in $(seq 100); do
			if nsenter -t "$holder" -n ip -o -4 addr show tap0 2>/dev/null | grep -q 10.0.2.100; then
				break
			fi
			kill -0 "$NATPID" 2>/dev/null || break
			sleep 0.1
		done
		echo "+ nsenter -t $holder -U -n --preserve-credentials guest.sh $hold $(iperf_args "$dir")" >>"$log"
		# shellcheck disable=SC2046
		as_user_bg nsenter -t "$holder" -U -n --preserve-credentials \
			"$GUEST" "$hold" $(iperf_args "$dir") >>"$log" 2>&1 &
		bench_track "$!"
		EXTRA+=("$!") ;;
	esac
}

# parse LOG KEY : fill GBPS RETR STALL GMTU for KEY from iperf3's output
parse() {
	local log=$1 key=$2
	GBPS[$key]=$(awk '/ receiver$/ { for (i = 2; i <= NF; i++)
		if ($i == "Mbits/sec") v = $(i - 1) } END { if (v != "") printf "%.2f", v / 1000 }' "$log")
	RETR[$key]=$(awk '/ sender$/ { if ($(NF - 1) ~ /^[0-9]+$/) v = $(NF - 1) } END { print v == "" ? "-" : v }' "$log")
	# 1-s intervals in which nothing moved (pasta's stall, see docs)
	STALL[$key]=$(awk '/sec / && !/sender|receiver|omitted/ { for (i = 2; i <= NF; i++)
		if ($i ~ /bits\/sec$/ && $(i - 1) + 0 == 0) n++ } END { print n + 0 }' "$log")
	GMTU[$key]=$(awk '$1 == "GN_MTU" { print $3; exit }' "$log")
}

# run_case IMPL MTU DIR
run_case() {
	local impl=$1 mtu=$2 dir=$3 key="$1|$2|$3" log t0='' c0='' s0='' b0='' t1='' c1='' s1='' b1=
	local deadline state=wait rc
	log="$LOGDIR/$impl-$mtu-$dir.$REP.log"
	keep_best "$key" save
	start_nat "$impl" "$mtu" "$dir" "$log"
	deadline=$(($(now_cs) + (SECONDS_MEAS + 30) * 100))
	# Window: from guest.sh's GN_START (iperf3 starts) to its GN_DONE
	# (iperf3 has exited); guest.sh then holds the NAT up until sampled.
	CPUPID=$NATPID
	while :; do
		if [ $state = wait ] && grep -q '^GN_START' "$log"; then
			# RootlessKit: the NAT is its slirp4netns child
			[ -z "$RKBIN" ] || CPUPID=$(rk_nat_pid "$NATPID" "$RKBIN")
			t0=$(now_cs); c0=$(cpu_ticks "$CPUPID"); s0=$(sys_ticks); b0=$(tree_ticks $$)
			state=run
		fi
		if grep -q '^GN_DONE' "$log"; then
			t1=$(now_cs); c1=$(cpu_ticks "$CPUPID"); s1=$(sys_ticks); b1=$(tree_ticks $$)
			break
		fi
		if ! kill -0 "$NATPID" 2>/dev/null; then
			NOTE[$key]="NAT exited early"
			break
		fi
		if [ "$(now_cs)" -gt "$deadline" ]; then
			NOTE[$key]="timed out"
			break
		fi
		sleep 0.1
	done
	bench_stop "$NATPID" "${EXTRA[@]}"
	parse "$log" "$key"
	rc=$(awk '$1 == "GN_DONE" { print $2 }' "$log")
	if [ -n "$t0" ] && [ -n "$t1" ] && [ -n "$c0" ] && [ -n "$c1" ] && [ "$t1" -gt "$t0" ]; then
		CPU[$key]=$(( (c1 - c0) * 100 * 100 / HZ / (t1 - t0) ))
		# Machine busy time not spent by this script's processes.
		OTH[$key]=$(( (s1 - s0 - (b1 - b0)) * 100 * 100 / HZ / (t1 - t0) ))
		[ "${OTH[$key]}" -ge 0 ] || OTH[$key]=0
	fi
	if [ -z "${NOTE[$key]:-}" ] && [ "${rc:-1}" != 0 ]; then
		NOTE[$key]="iperf3 failed ($rc)"
	fi
	if [ -z "${GBPS[$key]}" ]; then
		echo "  $impl mtu $mtu $dir: FAILED (${NOTE[$key]:-no result}; see $log)" >&2
		grep -v -e 'to syslog$' -e '^GN_' "$log" | tail -n 4 | sed 's/^/    /' >&2
		keep_best "$key" pick
		return 0
	fi
	printf "  %-${W}s mtu %5s %-4s %6s Gbit/s  NAT %4s%%  others %4s%%  retr %s  stalled %ss%s\n" \
		"$impl" "$mtu" "$dir" "${GBPS[$key]}" "${CPU[$key]:--}" \
		"${OTH[$key]:--}" "${RETR[$key]}" "${STALL[$key]}" \
		"${NOTE[$key]:+  (${NOTE[$key]})}" >&2
	keep_best "$key" pick
}

# noisy_cpu OTH : whether a run's othCPU figure is above --max-other
noisy_cpu() {
	[ "$MAX_OTHER" != 0 ] && [ -n "$1" ] && [ "$1" -gt "$MAX_OTHER" ]
}

# keep_best KEY save|pick : with --repeat, remember the case's best run so
# far (save, before a run), then keep whichever of it and the new run is
# better (pick): a quiet one (othCPU within --max-other) beats a noisy one,
# then the one that moved more data. Stalls count over every run.
declare -A BEST
keep_best() {
	local key=$1 a
	case "$2" in
	save)
		BEST[$key]=
		[ -n "${GBPS[$key]:-}" ] || return 0
		BEST[$key]="${GBPS[$key]}|${CPU[$key]:-}|${RETR[$key]:-}|${STALL[$key]:-0}|${OTH[$key]:-}|${GMTU[$key]:-}|${NOTE[$key]:-}"
		unset "GBPS[$key]" "CPU[$key]" "RETR[$key]" "OTH[$key]" "GMTU[$key]" "NOTE[$key]" ;;
	pick)
		[ -n "${BEST[$key]:-}" ] || return 0
		IFS='|' read -r -a a <<<"${BEST[$key]}|"
		STALL[$key]=$(( ${STALL[$key]:-0} + a[3] ))
		local qo=1 qn=1 old=0
		noisy_cpu "${a[4]}" && qo=0
		noisy_cpu "${OTH[$key]:-}" && qn=0
		if [ -z "${GBPS[$key]:-}" ] || [ $qo -gt $qn ]; then
			old=1
		elif [ $qo = $qn ] &&
		     awk -v o="${a[0]}" -v n="${GBPS[$key]}" 'BEGIN{exit !(o >= n)}'; then
			old=1
		fi
		if [ $old = 1 ]; then
			GBPS[$key]=${a[0]} CPU[$key]=${a[1]} RETR[$key]=${a[2]}
			OTH[$key]=${a[4]} GMTU[$key]=${a[5]} NOTE[$key]=${a[6]}
		fi ;;
	esac
}

# ------------------------------------------------------------ checks
check_impls() {
	local i out
	IMPLS=
	if [ "$SHAPE" = rootlesskit ]; then
		command -v rootlesskit >/dev/null 2>&1 || bench_die "rootlesskit not found"
		rk_user_add
	fi
	for i in $ALL; do
		bench_has "$i" || continue
		case "$i" in
		guestnet-slirp4netns)
			if [ -z "$S4N" ] || [ ! -x "$S4N" ]; then
				echo "SKIP guestnet-slirp4netns: not found at '${S4N:-}'" \
				     "(build it, or pass --build DIR / --s4n PATH)" >&2
				continue
			fi
			if ! as_rk test -x "$S4N"; then
				echo "SKIP guestnet-slirp4netns: $RK_USER cannot execute $S4N" >&2
				continue
			fi ;;
		guestnet-emu)
			if [ -z "$EMU" ] || [ ! -x "$EMU" ]; then
				echo "SKIP guestnet-emu: not found at '${EMU:-}' (build it:" \
				     "meson setup build && ninja -C build, or pass --build" \
				     "DIR / --emu PATH)" >&2
				continue
			fi
			if ! as_user test -x "$EMU"; then
				echo "SKIP guestnet-emu: $RUNAS cannot execute $EMU" >&2
				continue
			fi ;;
		*)
			if ! command -v "$i" >/dev/null 2>&1; then
				echo "SKIP $i: not installed" >&2
				continue
			fi ;;
		esac
		IMPLS="$IMPLS $i"
	done
	if ! as_user test -r "$GUEST"; then
		echo "run.sh: $RUNAS cannot read $GUEST" >&2
		exit 2
	fi
	# Unprivileged user namespaces are what all three rely on.
	if ! out=$(as_user_bg unshare -Urn true 2>&1); then
		echo "run.sh: $RUNAS cannot create a user namespace: $out" >&2
		exit 2
	fi
}

# ------------------------------------------------------------ main
ns_setup
check_impls
server_start
if [ "$SHAPE" = rootlesskit ]; then
	echo "shape: RootlessKit $(rootlesskit --version 2>/dev/null | awk '{ print $3 }')" \
	     "--net=slirp4netns (as $RK_USER), pasta direct; guestnet-slirp4netns:" \
	     "${S4N:-none}; namespace $NS; logs in $LOGDIR" >&2
else
	echo "guestnet-emu: ${EMU:-none}; namespace $NS; logs in $LOGDIR" >&2
fi
echo "$(bench_machine); $SECONDS_MEAS s per case, as $RUNAS;" \
     "slirp4netns $(slirp4netns --version 2>/dev/null | awk 'NR == 1 { print $3 }')," \
     "passt $(dpkg-query -W -f '${Version}' passt 2>/dev/null || echo '?')," \
     "iperf3 $(iperf3 --version 2>/dev/null | awk 'NR == 1 { print $2 }')" >&2
bench_load before
# The NATs back to back per case, so load changes hit them alike.
for REP in $(seq "$REPEAT"); do
	bench_sweep "$REP" "$REPEAT"
	for mtu in $MTUS; do
		for dir in $DIRS; do
			for impl in $IMPLS; do
				run_case "$impl" "$mtu" "$dir"
			done
		done
	done
done
bench_load after

# ------------------------------------------------------------ table

dirname_of() {
	if [ "$SHAPE" = rootlesskit ]; then
		[ "$1" = up ] && echo "child>parent" || echo "parent>child"
	else
		[ "$1" = up ] && echo "guest>host" || echo "host>guest"
	fi
}

echo
printf "%-${W}s %5s %-12s %5s %7s %7s %7s %6s %7s %6s %7s  %s\n" \
	nat mtu direction gMTU "Gbit/s" vsSlirp vsPasta natCPU othCPU retr stalled note
for mtu in $MTUS; do
	for dir in $DIRS; do
		for impl in $IMPLS; do
			key="$impl|$mtu|$dir"
			[ -n "${GBPS[$key]:-}${NOTE[$key]:-}" ] || continue
			oth=${OTH[$key]:+${OTH[$key]}%}
			noisy_cpu "${OTH[$key]:-}" && oth="$oth!"
			printf "%-${W}s %5s %-12s %5s %7s %7s %7s %6s %7s %6s %7s  %s\n" \
				"$impl" "$mtu" "$(dirname_of "$dir")" \
				"${GMTU[$key]:--}" "${GBPS[$key]:--}" \
				"$(bench_ratio "${GBPS[$key]:-}" "${GBPS["slirp4netns|$mtu|$dir"]:-}")" \
				"$(bench_ratio "${GBPS[$key]:-}" "${GBPS["pasta|$mtu|$dir"]:-}")" \
				"${CPU[$key]:+${CPU[$key]}%}" "$oth" \
				"${RETR[$key]:--}" "${STALL[$key]:-0}s" "${NOTE[$key]:-}"
		done
	done
done

# ------------------------------------------------------------ targets
NPASS=0
NFAIL=0
NMISS=0

# noisy_pair KEY KEY : " (noisy)" if either run is noisy
noisy_pair() {
	if noisy_cpu "${OTH[$1]:-}" || noisy_cpu "${OTH[$2]:-}"; then
		echo " (noisy)"
	fi
}

# check LABEL RATIO MIN : one verdict line, counted
check() {
	local line
	line=$(bench_verdict 58 6 "$1" "$2" "$3")
	echo "$line"
	case "$line" in
	*PASS*) NPASS=$((NPASS + 1)) ;;
	*FAIL*) NFAIL=$((NFAIL + 1)) ;;
	*) NMISS=$((NMISS + 1)) ;;
	esac
}

echo
if [ "$SHAPE" = rootlesskit ]; then
	echo "targets (issue 13: guestnet-slirp4netns >= ${TARGET_RK}x slirp4netns under" \
	     "RootlessKit, child>parent, every MTU):"
	for mtu in $MTUS; do
		for dir in $DIRS; do
			[ "$dir" = up ] || continue
			g="guestnet-slirp4netns|$mtu|$dir" sl="slirp4netns|$mtu|$dir"
			check "guestnet-slirp4netns/slirp4netns, MTU $mtu$(noisy_pair "$g" "$sl")" \
				"$(bench_ratio "${GBPS[$g]:-}" "${GBPS[$sl]:-}")" "$TARGET_RK"
		done
	done
	MTUS_TARGETS=
else
	echo "targets (issue 15; BRIEF §7 asks >= 1x slirp4netns): every cell >= ${TARGET_SLIRP}x" \
	     "slirp4netns, and >= ${TARGET_PASTA}x pasta where pasta ran without stalls:"
	MTUS_TARGETS=$MTUS
fi
for mtu in $MTUS_TARGETS; do
	for dir in $DIRS; do
		g="guestnet-emu|$mtu|$dir" sl="slirp4netns|$mtu|$dir" pa="pasta|$mtu|$dir"
		cell="MTU $mtu, $(dirname_of "$dir")"
		check "guestnet-emu/slirp4netns, $cell$(noisy_pair "$g" "$sl")" \
			"$(bench_ratio "${GBPS[$g]:-}" "${GBPS[$sl]:-}")" "$TARGET_SLIRP"
		if [ -z "${GBPS[$pa]:-}" ]; then
			printf '  %-58s %6s  (pasta not measured: no target)\n' "guestnet-emu/pasta, $cell" -
		elif [ "${STALL[$pa]:-0}" -gt 0 ]; then
			printf '  %-58s %6s  (pasta stalled %ss: no target)\n' "guestnet-emu/pasta, $cell" \
				"$(bench_ratio "${GBPS[$g]:-}" "${GBPS[$pa]}")" "${STALL[$pa]}"
		else
			check "guestnet-emu/pasta, $cell$(noisy_pair "$g" "$pa")" \
				"$(bench_ratio "${GBPS[$g]:-}" "${GBPS[$pa]}")" "$TARGET_PASTA"
		fi
	done
done
for key in "${!STALL[@]}"; do
	if [ "${STALL[$key]}" -gt 0 ]; then
		echo "  note: ${key//|/ }: ${STALL[$key]} one-second intervals with" \
		     "no data moving (stall), over $REPEAT run(s)"
	fi
done
nnoisy=0
for key in "${!OTH[@]}"; do
	noisy_cpu "${OTH[$key]}" && nnoisy=$((nnoisy + 1))
done
if [ "$nnoisy" -gt 0 ]; then
	echo "  warning: $nnoisy case(s) kept a run where other processes used more" \
	     "than $MAX_OTHER% CPU (othCPU marked !): their figures are noisy"
fi
if [ "$NFAIL" = 0 ] && [ "$NMISS" = 0 ] && [ "$NPASS" -gt 0 ]; then
	echo "ALL TARGETS PASS ($NPASS)"
else
	echo "TARGETS: $NPASS pass, $NFAIL fail, $NMISS not measured"
fi
echo "logs: $LOGDIR"
