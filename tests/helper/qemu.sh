#!/bin/bash
# qemu.sh - a real QEMU, run as nobody, gets its tap from our setuid helper
# (-netdev bridge,br=gnbr0,helper=...) and its guest pings the bridge's
# address; the tap is in gnbr0 and owned by nobody while QEMU runs, and
# gone after QEMU exits. A refused bridge makes QEMU fail to start.
# Usage: qemu.sh HELPER PAUSE-HELPER CLIENT (env GN_HELPER_ACL_DIR)
set -u
source "$(dirname "$0")/common.sh"
helper_init helper-qemu "$@"
acl "allow gnbr0"

gn_ping_script "$GN_DIR/ping.sh" 192.0.2.1
gn_guest g1 "$(gn_addr_mac 1)" virtio-net-pci 192.0.2.2/24 "$GN_DIR/ping.sh" \
	-netdev "bridge,id=n,br=gnbr0,helper=$HELPER_SUID"
gn_wait_guest g1 'GN-PASS' 120

tap=$(gn_ns ip -o link show master gnbr0 | awk -F': ' '{print $2}' | cut -d@ -f1)
[ -n "$tap" ] || gn_fail "no port in gnbr0"
[ "$(gn_ns cat "/sys/class/net/$tap/owner")" = 65534 ] || gn_fail "$tap not owned by nobody"
gn_log "QEMU's tap $tap is in gnbr0, owned by nobody"

kill -TERM "$(gn_pid g1)"
for _ in $(seq 50); do gn_alive "$(gn_pid g1)" || break; sleep 0.1; done
[ "$(taps)" = 0 ] || gn_fail "tap left after QEMU exited"

# Refused: QEMU reports the helper's failure and does not start.
acl "allow gnbr1"
gn_run qemu-system-x86_64 -M none -nodefaults -display none \
	-netdev "bridge,id=n,br=gnbr0,helper=$HELPER_SUID" >"$GN_DIR/refused.log" 2>&1 &&
	gn_fail "QEMU started with a refused bridge"
grep -q 'bridge gnbr0 not allowed' "$GN_DIR/refused.log" || gn_fail "no helper message in QEMU's output"
gn_log "refused: $(tr '\n' ' ' <"$GN_DIR/refused.log")"
[ "$(taps)" = 0 ] || gn_fail "tap left after a refusal"
gn_pass
