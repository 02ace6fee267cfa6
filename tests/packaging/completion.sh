#!/bin/bash
# completion.sh - each bash completion file sources cleanly, registers its
# command (complete -p), and completes options, -netdev types and keys,
# guestnet-ctl commands, guestnet run options and --net specs, and
# guestnet-network commands and network names (from a test networks dir),
# guestnet-slirp4netns options and their values.
# Usage: completion.sh COMPLETION-DIR
set -u
dir=${1:?usage: completion.sh COMPLETION-DIR}
passes=0 fails=0
nets=$(mktemp -d)
trap 'rm -rf "$nets"' EXIT
touch "$nets/natnet.conf" "$nets/lab.conf" "$nets/notes.txt"
mkdir "$nets/other" && touch "$nets/other/other.conf"
_guestnet_networks_dir=$nets

# comp FUNC WORD... - complete the last WORD; the result in $got (sorted)
comp() {
	local f=$1
	shift
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	"$f" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | paste -sd' ')
}

# expect DESC WANT FUNC WORD... - the completions are exactly WANT
expect() {
	local desc=$1 want=$2
	shift 2
	comp "$@"
	if [ "$got" = "$want" ]; then
		passes=$((passes + 1)); echo "ok $desc"
	else
		fails=$((fails + 1)); echo "FAIL $desc: got '$got', want '$want'"
	fi
}

# has DESC ITEM FUNC WORD... - ITEM is among the completions
has() {
	local desc=$1 item=$2
	shift 2
	comp "$@"
	if [[ " $got " == *" $item "* ]]; then
		passes=$((passes + 1)); echo "ok $desc"
	else
		fails=$((fails + 1)); echo "FAIL $desc: '$item' not in '$got'"
	fi
}

for cmd in guestnet-emu guestnet-ctl guestnet guestnet-network guestnet-slirp4netns; do
	f=$dir/$cmd
	if ! bash -n "$f" || ! source "$f"; then
		fails=$((fails + 1)); echo "FAIL $cmd: does not source"; continue
	fi
	spec=$(complete -p "$cmd" 2>/dev/null)
	if [[ $spec == "complete -F "*" $cmd" ]]; then
		passes=$((passes + 1)); echo "ok $cmd: $spec"
	else
		fails=$((fails + 1)); echo "FAIL $cmd: complete -p gives '$spec'"
	fi
done

F=_guestnet_emu
has "emu options" -netdev $F guestnet-emu -
has "emu --version" --version $F guestnet-emu --v
expect "emu -net types" "socket, stream," $F guestnet-emu -net s
expect "emu -netdev types" "bridge," $F guestnet-emu -v -netdev br
expect "emu socket keys" "socket,listen=" $F guestnet-emu -netdev socket,li
expect "emu socket mcast keys" "socket,mcast=230.0.0.1:1234,localaddr=" $F guestnet-emu -net socket,mcast=230.0.0.1:1234,loc
expect "emu -net vlan" "socket,vlan=" $F guestnet-emu -net socket,vl
expect "emu stream keys" "stream,id=a,server=off stream,id=a,server=on" $F guestnet-emu -netdev stream,id=a,ser
has "emu user keys" "user,id=u,hostfwd=" $F guestnet-emu -netdev user,id=u,ho
expect "emu vde types" "vde, vdeswitch," $F guestnet-emu -netdev vd
expect "emu vdeswitch keys" "vdeswitch,id=v,mode=" $F guestnet-emu -netdev vdeswitch,id=v,mo
expect "emu netns keys" "netns,gateway=" $F guestnet-emu -netdev netns,ga
expect "emu -sandbox" "off on" $F guestnet-emu -sandbox ""
expect "emu hub mode" "0,mode=hub 0,mode=switch" $F guestnet-emu -hub 0,mo
has "emu command after --" bash $F guestnet-emu -netdev netns,id=g -- bas
has "emu -nic, -redir" -redir $F guestnet-emu -r
expect "emu -nic types" "none," $F guestnet-emu -nic no
expect "emu -nic keys" "user,id=" $F guestnet-emu -nic user,id
expect "emu -nic: no hub= key" "" $F guestnet-emu -nic user,hu
expect "emu user smb keys" "user,smb= user,smbserver=" $F guestnet-emu -netdev user,sm
expect "emu -redir" "tcp: udp:" $F guestnet-emu -redir ""

F=_guestnet_ctl
expect "ctl options" "--help --raw" $F guestnet-ctl --
expect "ctl commands" "hostfwd-add hostfwd-list hostfwd-remove" $F guestnet-ctl /tmp/gn.ctl host
expect "ctl commands after --raw" "query-hubs query-ports quit" $F guestnet-ctl --raw /tmp/gn.ctl q
expect "ctl hostfwd-add keys" "netdev= rule=" $F guestnet-ctl /tmp/gn.ctl hostfwd-add ""

F=_guestnet
expect "guestnet subcommand" "run" $F guestnet r
has "run options" --forward $F guestnet run --f
has "run --net specs" "internal:" $F guestnet run --net ""
expect "run --net names" "lab" $F guestnet run --net l
expect "run --net nat/none/natnet" "nat natnet none" $F guestnet run --net n
expect "run --net vde:" "vde:" $F guestnet run --net vd
expect "run --model" "e1000" $F guestnet run --net nat --model e
has "run command" bash $F guestnet run --net nat -- bas
expect "run QEMU -net types" "socket stream" $F guestnet run -- qemu-system-x86_64 -net s
expect "run QEMU -net nic keys" "nic,vlan=" $F guestnet run -- qemu-system-x86_64 -net nic,vl
expect "run QEMU -redir" "tcp: udp:" $F guestnet run qemu-system-x86_64 -redir ""

F=_guestnet_network
expect "network commands" "down" $F guestnet-network d
expect "network names" "lab natnet" $F guestnet-network up ""
expect "network status name" "natnet" $F guestnet-network status na
expect "network options" "--config-dir --help --run-dir --version" $F guestnet-network --
expect "network --config-dir names" "other" $F guestnet-network --config-dir "$nets/other" status ""

F=_guestnet_slirp4netns
has "s4n options" --configure $F guestnet-slirp4netns -
expect "s4n --enable-*" "--enable-ipv6 --enable-sandbox --enable-seccomp" $F guestnet-slirp4netns --en
expect "s4n --netns-type values" "path pid" $F guestnet-slirp4netns --netns-type p
expect "s4n --netns-type= values" "tapfd" $F guestnet-slirp4netns --netns-type=t
expect "s4n --target-type" "netns" $F guestnet-slirp4netns --target-type ""
expect "s4n --netns-type = split" "path pid" $F guestnet-slirp4netns --netns-type = p
has "s4n path target, = split" "$nets/lab.conf" $F guestnet-slirp4netns --netns-type = path "$nets/l"
has "s4n path target" "$nets/natnet.conf" $F guestnet-slirp4netns --netns-type=path "$nets/nat"
expect "s4n --mtu value" "" $F guestnet-slirp4netns --mtu ""

echo "$passes passed, $fails failed"
[ $fails = 0 ]
