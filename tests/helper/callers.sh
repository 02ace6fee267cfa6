#!/bin/bash
# callers.sh - hostile callers' descriptors, names and groups (issue 16,
# items 6 and 7): the reply socket on fd 0, 1 or 2 (no error text may
# enter the reply stream: stderr becomes /dev/null if it is the reply
# socket), --fd=0003 (one spelling per number), seqpacket (accepted),
# datagram sockets (refused), names the kernel takes but nft text must
# not see ('"', '*', '\'), a caller with more than 1023 supplementary
# groups (judged by all of them), and inherited descriptors (closed).
# Usage: callers.sh HELPER PAUSE-HELPER CLIENT (env GN_HELPER_ACL_DIR)
set -u
source "$(dirname "$0")/common.sh"
helper_init helper-callers "$@"

# --- the reply socket on 0, 1, 2 ---
acl "allow gnbr0"
for n in 0 1 2; do
	accept "reply-on-fd$n" gnbr0 --fd-num=$n
done
acl "allow gnbr1"
for n in 0 1 2; do
	gn_run "$CLIENT" --fd-num=$n "$HELPER_SUID" gnbr0 >"$GN_DIR/out" 2>"$GN_DIR/err"
	# the client reads the reply stream: it must end with nothing in it
	check "refused-reply-on-fd$n-clean" grep -q 'helper sent nothing' "$GN_DIR/err"
done
# the refusal is still told on stderr when stderr is not the socket
refuse refused-reply-on-fd1 "bridge gnbr0 not allowed" "$CLIENT" --fd-num=1 "$HELPER_SUID" gnbr0

# --- --fd spellings and socket kinds ---
acl "allow gnbr0"
refuse fd-leading-zeros "--fd= needs a non-negative decimal number without leading zeros" \
	"$CLIENT" --fd-zeros "$HELPER_SUID" gnbr0
accept seqpacket gnbr0 --fd-kind=seqpacket
refuse dgram "--fd is not a stream or seqpacket socket" "$CLIENT" --fd-kind=dgram "$HELPER_SUID" gnbr0

# --- names the kernel accepts but that are not safe in nft text ---
for name in 'gn"br' 'gnbr*' 'gn\br' 'gn$br' '-gnbr'; do
	gn_ns ip link add "$name" type bridge 2>/dev/null ||
		{ bad "name-$name" "ip link add refused it"; continue; }
	acl "allow all"
	refuse "arg-name-$name" "interface name" "$CLIENT" "$HELPER_SUID" "$name"
	acl "allow $name"
	refuse "acl-name-$name" "ACL refused: $ACL:1: interface name" "$CLIENT" "$HELPER_SUID" gnbr0
	acl ""
	define gnq "mode = internal
bridge = $name
users = nobody"
	refuse "definition-name-$name" "network definitions refused: $NETS/gnq.conf:2" \
		"$CLIENT" "$HELPER_SUID" gnbr0
	check "definition-name-$name-no-rules" [ "$(our_chains)" = 0 ]
	rm -f "$NETS/gnq.conf"
	gn_ns ip link del "$name"
done

# --- more than 1023 supplementary groups ---
many=$(seq -s, 2000 3100)	# 1101 groups (setgroups needs no names)
grun() { (cd "$GN_DIR" && exec ip netns exec "$GN_NS" setpriv --reuid=nobody \
	--regid=nogroup --groups="$many" -- "$@"); }
acl "allow gnbr0 group=3099"
grun "$CLIENT" "$HELPER_SUID" gnbr0 >"$GN_DIR/out" 2>"$GN_DIR/err"
check many-groups-allowed grep -q '^tap tap' "$GN_DIR/out"
acl $'allow all\ndeny gnbr0 group=3050'
grun "$CLIENT" "$HELPER_SUID" gnbr0 >"$GN_DIR/out" 2>"$GN_DIR/err"
check many-groups-denied grep -q "bridge gnbr0 denied for uid 65534 by $ACL:2" "$GN_DIR/err"
check many-groups-no-tap [ "$(taps)" = 0 ]

# --- descriptors the caller left open are closed before any work ---
# (the helper is not dumpable: root reads its /proc/PID/fd while it is
# stopped; the client waits for the listing)
acl "allow gnbr0"
gn_run env GN_HELPER_PAUSE_AT=drop "$CLIENT" --pause --no-close \
	--then='run=echo $HELPER_PID >pid; while [ ! -e listed ]; do sleep 0.05; done' \
	"$PAUSE_SUID" gnbr0 7<"$GN_DIR" 8>"$GN_DIR/junk" >"$GN_DIR/out" 2>"$GN_DIR/err" &
CL=$!
gn_wait_path "$GN_DIR/pid" 10
ls -l "/proc/$(cat "$GN_DIR/pid")/fd" >"$GN_DIR/fds" 2>&1
touch "$GN_DIR/listed"
wait "$CL"
sed 's/^/  fd: /' "$GN_DIR/fds"
check inherited-fds-closed sh -c "grep -q ' -> ' '$GN_DIR/fds' && ! grep -q 'junk\|$GN_DIR\$' '$GN_DIR/fds'"
check inherited-fds-tap grep -q '^tap tap' "$GN_DIR/out"
helper_report
