#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh - hub forwarding benchmark: QEMU's hub, guestnet-emu, bare loopback
#
# In one run on this machine, drives each hub's stream ports with gn-loadgen
# and prints frames/s, Gbit/s, loss and the guestnet/QEMU and guestnet/bare
# ratios, then checks BRIEF §7's targets. The VDE rows put guestnet-emu's
# vdeswitch beside vde_switch, with two libvdeplug clients (gn-loadgen's
# vde: connections) and print the guestnet/vde_switch ratio. Only 127.0.0.1 is used; every
# process started here is killed on exit. See docs/bench.md.
set -u
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/../lib.sh"

SECONDS_MEAS=3
WARMUP=1
REPEAT=1
MAX_OTHER=30
RETRIES=2
BUILD=
LOADGEN=${GN_LOADGEN:-}
EMU=${GN_EMU:-}
QEMU=${QEMU:-qemu-system-x86_64}
SIZES="64 1514 65535"
SWITCH_SIZES="64 1514"
VDE_SIZES="64 1514"
ONLY="bare qemu guestnet switch stuck vde"

usage() {
	cat >&2 <<EOF
usage: $0 [--seconds N] [--build DIR] [options]
  --seconds N     measured seconds per case (default $SECONDS_MEAS)
  --warmup N      warm-up seconds per case (default $WARMUP)
  --repeat N      run the whole sweep N times, keep each case's best
                  (highest rx frames/s) run (default $REPEAT)
  --max-other P   retry a case (up to --retries times) when other
                  processes used more than P % CPU during it (default
                  $MAX_OTHER; 0 = never retry)
  --retries N     (default $RETRIES)
  --build DIR     meson build dir with bench/hub/gn-loadgen and
                  emu/guestnet-emu (default: the repository's build/,
                  else its newest build*/ that has gn-loadgen)
  --loadgen PATH  gn-loadgen to use (env GN_LOADGEN)
  --emu PATH      guestnet-emu to use (env GN_EMU)
  --qemu PATH     QEMU binary (env QEMU, default qemu-system-x86_64)
  --sizes "..."   frame sizes (default "$SIZES")
  --only "..."    subset of: $ONLY
EOF
	exit 2
}

bench_options "--seconds=SECONDS_MEAS --warmup=WARMUP --repeat=REPEAT
	--max-other=MAX_OTHER --retries=RETRIES --build=BUILD --loadgen=LOADGEN
	--emu=EMU --qemu=QEMU --sizes=SIZES --only=ONLY" "$@"
bench_want_number --seconds "$SECONDS_MEAS"
bench_want_number --warmup "$WARMUP"
bench_want_count --repeat "$REPEAT"
bench_want_int --max-other "$MAX_OTHER"
bench_want_int --retries "$RETRIES"

[ -n "$BUILD" ] || BUILD=$(bench_find_build bench/hub/gn-loadgen)
[ -n "$LOADGEN" ] || LOADGEN=${BUILD:+$BUILD/bench/hub/gn-loadgen}
[ -n "$EMU" ] || EMU=${BUILD:+$BUILD/emu/guestnet-emu}
if [ -z "$LOADGEN" ] || [ ! -x "$LOADGEN" ]; then
	echo "run.sh: gn-loadgen not found (${LOADGEN:-no build dir});" \
	     "build it: meson setup build && ninja -C build, or pass" \
	     "--build DIR / --loadgen PATH" >&2
	exit 2
fi

LOGDIR=$(bench_logdir gn-bench)
bench_traps

# Result lines, keyed "case|size|ports"; cases with a lossy run.
declare -A RES
FAULTS=

kv() { # kv "RESULT ..." key
	local w
	for w in $1; do
		case "$w" in "$2="*) echo "${w#*=}"; return ;; esac
	done
	echo ""
}

# quiet RESULT : outside load stayed within --max-other during that run.
quiet() {
	[ "$MAX_OTHER" = 0 ] ||
		awk -v o="$(kv "$1" other_cpu)" -v m="$MAX_OTHER" 'BEGIN{exit !(o <= m)}'
}

# better NEW OLD : a quiet run beats a noisy one, then more rx frames/s wins.
better() {
	local qn=0 qo=0
	quiet "$1" && qn=1
	quiet "$2" && qo=1
	[ $qn != $qo ] && { [ $qn = 1 ]; return; }
	awk -v a="$(kv "$1" rx_fps)" -v b="$(kv "$2" rx_fps)" 'BEGIN{exit !(a > b)}'
}

# run_lg NAME SIZE PORTS HUBPID ARGS... : run gn-loadgen, keep the RESULT
# with the highest rx frames/s for this case.
run_lg() {
	local name=$1 size=$2 ports=$3 hub=$4 log out res old
	shift 4
	log="$LOGDIR/$name-$size-$ports.log"
	echo "+ gn-loadgen -t $SECONDS_MEAS -w $WARMUP -s $size $*" >>"$log"
	out=$(timeout $((${SECONDS_MEAS%.*} + ${WARMUP%.*} + 30)) \
	      "$LOADGEN" -t "$SECONDS_MEAS" -w "$WARMUP" -s "$size" \
	      ${hub:+--watch-pid "$hub"} "$@" 2>&1)
	echo "$out" >>"$log"
	res=$(echo "$out" | grep '^RESULT ' | tail -n 1)
	if [ -z "$res" ]; then
		echo "  $name $size B $ports ports: FAILED (see $log)" >&2
		echo "$out" | tail -n 3 | sed 's/^/    /' >&2
		return 1
	fi
	LAST_OTHER=$(kv "$res" other_cpu)
	old=${RES["$name|$size|$ports"]:-}
	if [ -z "$old" ] || better "$res" "$old"; then
		RES["$name|$size|$ports"]=$res
	fi
	# A lossy or broken run counts against the case even if not the best.
	if [ "$(kv "$res" lost)$(kv "$res" dup)$(kv "$res" bad)$(kv "$res" reordered)$(kv "$res" closed)" != 00000 ]; then
		case " $FAULTS " in
		*" $name|$size|$ports "*) ;;
		*) FAULTS="$FAULTS $name|$size|$ports" ;;
		esac
	fi
	printf '  %-10s %6s B %3s ports: rx %8.3f Mframes/s %7.2f Gbit/s lost %s, hub %s%%, loadgen %s%%, others %s%%\n' \
		"$name" "$size" "$ports" "$(awk "BEGIN{print $(kv "$res" rx_fps)/1e6}")" \
		"$(kv "$res" rx_gbps)" "$(kv "$res" lost)" "$(kv "$res" hub_cpu)" \
		"$(kv "$res" self_cpu)" "$(kv "$res" other_cpu)" >&2
}

# start_hub LOG CMD... : start a hub in the background, set HUBPID.
start_hub() {
	local log=$1
	shift
	echo "+ $*" >>"$log"
	"$@" >>"$log" 2>&1 &
	HUBPID=$!
	bench_track "$HUBPID"
}

stop_hub() {
	bench_stop "$HUBPID"
	HUBPID=
}

# lg_conns PORTS... : first port sends broadcast, the others receive.
lg_flood() {
	local p first=1
	for p in "$@"; do
		if [ $first = 1 ]; then
			echo "send@127.0.0.1:$p"
			first=0
		else
			echo "recv@127.0.0.1:$p"
		fi
	done
}

# lg_stuck PORTS... : like lg_flood, but the last port is an idle peer that
# never reads (a stuck guest).
lg_stuck() {
	local n=$# p
	lg_flood "${@:1:$((n - 1))}"
	p=${!n}
	echo "idle@127.0.0.1:$p"
}

# lg_pairs PORTS... : pairs (send -> unicast to the next, recv).
lg_pairs() {
	local i=0 p
	for p in "$@"; do
		if [ $((i % 2)) = 0 ]; then
			echo "send@127.0.0.1:$p,dst=$((i + 1))"
		else
			echo "recv@127.0.0.1:$p"
		fi
		i=$((i + 1))
	done
}

qemu_args() {
	local i=0 p
	echo "-M none -nodefaults -display none"
	for p in "$@"; do
		echo "-netdev socket,id=s$i,listen=127.0.0.1:$p"
		echo "-netdev hubport,id=h$i,hubid=0,netdev=s$i"
		i=$((i + 1))
	done
}

emu_args() {
	local i=0 p
	# the benchmark runs as root; the emulator refuses that unless told
	[ "$(id -u)" != 0 ] || echo "--allow-root"
	for p in "$@"; do
		echo "-netdev socket,id=s$i,listen=127.0.0.1:$p"
		i=$((i + 1))
	done
}

# noisy : whether the last run saw more outside CPU load than allowed.
noisy() {
	[ "$MAX_OTHER" != 0 ] && [ -n "${LAST_OTHER:-}" ] &&
		awk -v o="$LAST_OTHER" -v m="$MAX_OTHER" 'BEGIN{exit !(o > m)}'
}

# retry CMD... : run a case, again while outside load spoilt it.
retry() {
	local i=0
	LAST_OTHER=
	"$@"
	while noisy && [ $i -lt "$RETRIES" ]; do
		i=$((i + 1))
		echo "    (others used $LAST_OTHER% CPU: retry $i of $RETRIES)" >&2
		sleep 1
		"$@"
	done
}

free_ports() {
	"$LOADGEN" --free-ports "$1"
}

# hub_case NAME PORTS SIZE KIND : KIND = qemu | emu | switch, or
# qemu-stuck | emu-stuck (flooding hub, last port never read)
hub_case() {
	local name=$1 ports=$2 size=$3 kind=$4 p conns
	read -r -a p <<<"$(free_ports "$ports")"
	case "$kind" in
	qemu-stuck)
		# shellcheck disable=SC2046
		start_hub "$LOGDIR/$name-$size-$ports.hub.log" \
			"$QEMU" $(qemu_args "${p[@]}")
		conns=$(lg_stuck "${p[@]}") ;;
	emu-stuck)
		# shellcheck disable=SC2046
		start_hub "$LOGDIR/$name-$size-$ports.hub.log" \
			"$EMU" $(emu_args "${p[@]}")
		conns=$(lg_stuck "${p[@]}") ;;
	qemu)
		# shellcheck disable=SC2046
		start_hub "$LOGDIR/$name-$size-$ports.hub.log" \
			"$QEMU" $(qemu_args "${p[@]}")
		conns=$(lg_flood "${p[@]}") ;;
	emu)
		# shellcheck disable=SC2046
		start_hub "$LOGDIR/$name-$size-$ports.hub.log" \
			"$EMU" $(emu_args "${p[@]}")
		conns=$(lg_flood "${p[@]}") ;;
	switch)
		# shellcheck disable=SC2046
		start_hub "$LOGDIR/$name-$size-$ports.hub.log" \
			"$EMU" -hub 0,mode=switch $(emu_args "${p[@]}")
		conns=$(lg_pairs "${p[@]}") ;;
	esac
	# shellcheck disable=SC2086
	run_lg "$name" "$size" "$ports" "$HUBPID" $conns
	if ! kill -0 "$HUBPID" 2>/dev/null; then
		echo "  $name: hub process exited early; its log:" >&2
		sed 's/^/    /' "$LOGDIR/$name-$size-$ports.hub.log" >&2
	fi
	stop_hub
}

# vde_case NAME SIZE KIND : KIND = vde_switch | emu (guestnet-emu's
# vdeswitch); both learning switches, one gn-loadgen client sending
# unicast to the other
vde_case() {
	local name=$1 size=$2 kind=$3 i
	local dir=$LOGDIR/$name-$size.vde log=$LOGDIR/$name-$size-2.hub.log
	rm -rf "$dir" "$dir.pid"
	case "$kind" in
	vde_switch)
		echo "+ vde_switch -sock $dir -d -p $dir.pid" >>"$log"
		vde_switch -sock "$dir" -d -p "$dir.pid" >>"$log" 2>&1
		for i in $(seq 50); do [ -s "$dir.pid" ] && break; sleep 0.1; done
		HUBPID=$(cat "$dir.pid" 2>/dev/null)
		[ -n "$HUBPID" ] || { echo "  $name: vde_switch did not start (see $log)" >&2; return 1; }
		bench_track "$HUBPID" ;;
	emu)
		# shellcheck disable=SC2046
		start_hub "$log" "$EMU" $(emu_args) -hub 0,mode=switch \
			-netdev "vdeswitch,id=v,sock=$dir" ;;
	esac
	for i in $(seq 50); do [ -S "$dir/ctl" ] && break; sleep 0.1; done
	run_lg "$name" "$size" 2 "$HUBPID" "send@vde:$dir,dst=1" "recv@vde:$dir"
	stop_hub
}

echo "gn-loadgen: $LOADGEN; logs in $LOGDIR" >&2
echo "$(bench_machine); $SECONDS_MEAS s per case after $WARMUP s warm-up" >&2

EMU_OK=0
if [ -n "$EMU" ] && [ -x "$EMU" ]; then
	EMU_OK=1
else
	echo "SKIP guestnet rows: guestnet-emu not found at '${EMU:-}'" \
	     "(build it: meson setup build-bench && ninja -C build-bench," \
	     "or pass --build DIR / --emu PATH)" >&2
fi
QEMU_OK=0
if command -v "$QEMU" >/dev/null 2>&1; then
	QEMU_OK=1
else
	echo "SKIP qemu rows: $QEMU not found" >&2
fi
VDE_OK=0
if command -v vde_switch >/dev/null 2>&1 && "$LOADGEN" --help 2>&1 | grep -q 'vde:DIR'; then
	VDE_OK=1
elif bench_has vde; then
	echo "SKIP vde rows: vde_switch (package vde2) or gn-loadgen's vde: connections" \
	     "(a build with libvdeplug-dev) missing" >&2
fi
bench_load before

for rep in $(seq "$REPEAT"); do
	bench_sweep "$rep" "$REPEAT"
	if bench_has bare; then
		for s in $SIZES; do
			retry run_lg bare "$s" 2 "" --bare
			retry run_lg bare-2thr "$s" 2 "" --bare -T 2
		done
	fi

	# QEMU and guestnet back to back per case, so load changes hit both.
	for n in 2 3; do
		for s in $SIZES; do
			if bench_has qemu && [ $QEMU_OK = 1 ]; then
				retry hub_case qemu "$n" "$s" qemu
			fi
			if bench_has guestnet && [ $EMU_OK = 1 ]; then
				retry hub_case guestnet "$n" "$s" emu
			fi
		done
	done
	# One port whose peer never reads: does the hub keep serving the rest?
	if bench_has stuck; then
		if bench_has qemu && [ $QEMU_OK = 1 ]; then
			retry hub_case qemu-stuck 3 1514 qemu-stuck
		fi
		if bench_has guestnet && [ $EMU_OK = 1 ]; then
			retry hub_case guestnet-stuck 3 1514 emu-stuck
		fi
	fi
	# vde_switch and guestnet's vdeswitch back to back per size
	if [ $VDE_OK = 1 ] && bench_has vde; then
		for s in $VDE_SIZES; do
			retry vde_case vde_switch "$s" vde_switch
			[ $EMU_OK = 1 ] && retry vde_case guestnet-vde "$s" emu
		done
	fi
	if [ $EMU_OK = 1 ] && bench_has switch; then
		for n in 2 64; do
			for s in $SWITCH_SIZES; do
				retry hub_case switch "$n" "$s" switch
			done
		done
	fi
done
bench_load after

# ---------------------------------------------------------------- table
get() { # get NAME SIZE PORTS KEY
	local r=${RES["$1|$2|$3"]:-}
	[ -n "$r" ] && kv "$r" "$4"
}

res() { echo "${RES["$1|$2|$3"]:-}"; }

row() { # row NAME SIZE PORTS
	local r vq=- vb=-
	r=$(res "$1" "$2" "$3")
	[ -n "$r" ] || return 0
	case "$1" in
	guestnet-stuck)
		vq=$(bench_ratio "$(kv "$r" rx_fps)" "$(get qemu-stuck "$2" "$3" rx_fps)") ;;
	guestnet-vde)	# against vde_switch, in the vsQEMU column's place
		vq=$(bench_ratio "$(kv "$r" rx_fps)" "$(get vde_switch "$2" "$3" rx_fps)") ;;
	guestnet)
		vq=$(bench_ratio "$(kv "$r" rx_fps)" "$(get qemu "$2" "$3" rx_fps)")
		vb=$(bench_ratio "$(kv "$r" rx_gbps)" "$(get bare "$2" 2 rx_gbps)") ;;
	switch)
		vb=$(bench_ratio "$(kv "$r" rx_gbps)" "$(get bare "$2" 2 rx_gbps)") ;;
	esac
	awk -v n="$1" -v s="$2" -v p="$3" \
	    -v txf="$(kv "$r" tx_fps)" -v rxf="$(kv "$r" rx_fps)" \
	    -v g="$(kv "$r" rx_gbps)" -v d="$(kv "$r" deliv)" \
	    -v lost="$(kv "$r" lost)" -v bad="$(( $(kv "$r" bad) + $(kv "$r" reordered) + $(kv "$r" closed) ))" \
	    -v hc="$(kv "$r" hub_cpu)" -v lc="$(kv "$r" self_cpu)" \
	    -v oc="$(kv "$r" other_cpu)" -v nz="$(quiet "$r" || echo '!')" \
	    -v vq="$vq" -v vb="$vb" 'BEGIN {
		printf "%-14s %6s %5s %10.3f %10.3f %8.2f %7.3f %8s %5s %6s %6s %6s %7s %7s\n",
			n, s, p, txf / 1e6, rxf / 1e6, g, d, lost, bad,
			hc < 0 ? "-" : hc "%", lc "%", oc < 0 ? "-" : oc "%" nz, vq, vb }'
}

echo
printf '%-14s %6s %5s %10s %10s %8s %7s %8s %5s %6s %6s %6s %7s %7s\n' \
	case size ports "tx_Mfps" "rx_Mfps" "rx_Gbps" "rx/owed" lost "err" \
	"hubCPU" "lgCPU" "othCPU" "vsQEMU" "vsBare"
for name in bare bare-2thr qemu guestnet switch qemu-stuck guestnet-stuck vde_switch guestnet-vde; do
	for n in 2 3 64; do
		for s in $SIZES $SWITCH_SIZES; do
			case " ${done_rows:-} " in *" $name|$s|$n "*) continue ;; esac
			done_rows="${done_rows:-} $name|$s|$n"
			row "$name" "$s" "$n"
		done
	done
done

# ---------------------------------------------------------------- targets
verdict() { # verdict LABEL VALUE MIN [RESULT...]: noisy if a RESULT is
	local label=$1 v=$2 min=$3 r n=
	shift 3
	for r in "$@"; do
		[ -n "$r" ] && ! quiet "$r" && n=" (noisy)"
	done
	bench_verdict 60 8 "$label$n" "$v" "$min"
}

# target LABEL MIN KEY "NAME SIZE PORTS" "NAME SIZE PORTS" : the verdict on
# the first case's KEY over the second's
target() {
	local label=$1 min=$2 key=$3 a b
	read -r -a a <<<"$4"
	read -r -a b <<<"$5"
	verdict "$label" "$(bench_ratio "$(get "${a[@]}" "$key")" "$(get "${b[@]}" "$key")")" \
		"$min" "$(res "${a[@]}")" "$(res "${b[@]}")"
}

echo
echo "targets (issue; BRIEF §7 asks >= 2x QEMU at 64 B):"
target "guestnet/QEMU frames/s, 64 B, 2 ports" 5 rx_fps "guestnet 64 2" "qemu 64 2"
target "guestnet/QEMU frames/s, 64 B, 3 ports" 5 rx_fps "guestnet 64 3" "qemu 64 3"
target "guestnet/QEMU Gbit/s, 1514 B, 2 ports" 2 rx_gbps "guestnet 1514 2" "qemu 1514 2"
target "guestnet/bare bytes/s, 1514 B, 2 ports" 0.8 rx_gbps "guestnet 1514 2" "bare 1514 2"
target "guestnet/bare bytes/s, 65535 B, 2 ports" 0.8 rx_gbps "guestnet 65535 2" "bare 65535 2"
for s in $SWITCH_SIZES; do
	target "switch 64 ports / 2 ports frames/s, $s B" 0.9 rx_fps "switch $s 64" "switch $s 2"
done
for s in $VDE_SIZES; do
	if [ -n "$(res guestnet-vde "$s" 2)" ] && [ -n "$(res vde_switch "$s" 2)" ]; then
		printf '  VDE: guestnet vdeswitch / vde_switch frames/s, %s B, 2 clients: %sx (no target)\n' \
			"$s" "$(bench_ratio "$(get guestnet-vde "$s" 2 rx_fps)" "$(get vde_switch "$s" 2 rx_fps)")"
	fi
done
if [ -n "$(res guestnet-stuck 1514 3)" ]; then
	target "guestnet/own 2-port frames/s, 1514 B, 3rd port stuck" 0.5 rx_fps \
		"guestnet-stuck 1514 3" "guestnet 1514 2"
fi
lossy=
for key in $FAULTS; do
	case "$key" in guestnet*|switch*) lossy="$lossy $key" ;; esac
done
if [ $EMU_OK = 1 ]; then
	if [ -z "$lossy" ]; then
		echo "  zero loss on guestnet stream ports (every run)                 PASS"
	else
		echo "  zero loss on guestnet stream ports (every run)                 FAIL:$lossy"
	fi
fi
for key in $FAULTS; do
	case "$key" in
	qemu-stuck*) echo "  note: QEMU's hub stalls when one port's peer stops reading ($key)" ;;
	qemu*) echo "  note: QEMU lost or damaged frames in $key" ;;
	vde_switch*) echo "  note: vde_switch lost frames in $key (it drops when a client's socket is full)" ;;
	esac
done
nnoisy=0
for key in "${!RES[@]}"; do
	quiet "${RES[$key]}" || nnoisy=$((nnoisy + 1))
done
if [ $nnoisy != 0 ]; then
	echo "  warning: $nnoisy rows kept a run where other processes used more" \
	     "than $MAX_OTHER% CPU (othCPU marked !); their figures are noisy"
fi
echo "logs: $LOGDIR"
