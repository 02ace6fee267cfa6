#!/bin/bash
# env.sh - no code runs privileged with the caller's environment (issue
# 16, item 1). libnl-3/libnl-route-3 read NLDBG, NLCB and NLSYSCONFDIR in
# ELF constructors, before main() clears the environment, and libnl-route
# fopen()ed $NLSYSCONFDIR/classid as root: a FIFO there hung the setuid
# helper with every capability, a symlink to a root-only FIFO too (the
# open used root's rights), and NLDBG=7 dumped netlink traffic and heap
# pointers to stderr. Now the helper links no library that reads the
# environment at load time (docs/SECURITY.md; helper-libs checks the
# list), so with those variables set it answers at once with its usual
# output: a tap and nothing on stderr, or its one refusal line. Every
# case has a 10 s deadline (the client kills a helper that hangs and says
# so). Also run for the cap_net_admin+ep install, and with variables that
# glibc, libxtables and libnftables know of, on a guestnet network's
# bridge (so libnftables runs).
# Usage: env.sh HELPER PAUSE-HELPER CLIENT (env GN_HELPER_ACL_DIR)
set -u
source "$(dirname "$0")/common.sh"
helper_init helper-env "$@"

# nobody's own NLSYSCONFDIR with a FIFO named classid, as in the report
mkdir -p "$GN_DIR/nl-fifo" "$GN_DIR/nl-link"
mkfifo "$GN_DIR/nl-fifo/classid"
# ... and one whose classid is a symlink to a FIFO only root may open
install -d -o root -g root -m 0700 "$GN_HELPER_ACL_DIR/secret"
mkfifo -m 0600 "$GN_HELPER_ACL_DIR/secret/fifo"
ln -s "$GN_HELPER_ACL_DIR/secret/fifo" "$GN_DIR/nl-link/classid"
chown -R nobody:nogroup "$GN_DIR/nl-fifo" "$GN_DIR/nl-link"

# nothing_else NAME - stderr holds no line but the helper's (if any) and
# the client's own: no libnl debug output, no pointers
nothing_else() {
	if grep -v '^guestnet-bridge-helper: \|^gn-helper-client: ' "$GN_DIR/err" | grep -q .; then
		bad "$1-quiet" "other output on stderr"
	else
		passes=$((passes + 1))
		echo "ok $1-quiet"
	fi
}

# both NAME - the success and the refusal case under CASE_ENV
both() {
	acl "allow gnbr0"
	accept "$1" gnbr0 --timeout=10 && nothing_else "$1"
	acl "allow gnbr1"
	refuse "$1-refused" "bridge gnbr0 not allowed for uid 65534" \
		env "${CASE_ENV[@]}" "$CLIENT" --timeout=10 "${HELPER_UNDER_TEST:-$HELPER_SUID}" gnbr0 &&
		nothing_else "$1-refused"
}

run_all() { # MODE
	CASE_ENV=("NLSYSCONFDIR=$GN_DIR/nl-fifo")
	both "$1-nlsysconfdir-fifo"
	CASE_ENV=("NLSYSCONFDIR=$GN_DIR/nl-link")
	both "$1-nlsysconfdir-root-fifo"
	CASE_ENV=(NLDBG=7 NLCB=debug)
	both "$1-nldbg"
	CASE_ENV=("NLSYSCONFDIR=$GN_DIR/nl-fifo" NLDBG=7 NLCB=debug)
	both "$1-all-three"
}

gn_ns ip link add gnbr1 type bridge
run_all setuid

# The cap_net_admin+ep install: AT_SECURE too, and the same libraries
CAPS=$HELPER_WORK/guestnet-bridge-helper-caps
install -o root -g root -m 0755 "$HELPER_BIN" "$CAPS"
setcap cap_net_admin+ep "$CAPS" || gn_fail "setcap failed"
HELPER_UNDER_TEST=$CAPS
run_all caps
HELPER_UNDER_TEST=

# On a guestnet network's bridge, with what else glibc and the libraries
# of libnftables could read: the same answer, the rules in place
gn_ns ip link add gnbrn type bridge
define gnenv "mode = internal
bridge = gnbrn
users = nobody"
acl ""
CASE_ENV=("NLSYSCONFDIR=$GN_DIR/nl-fifo" NLDBG=7 NLCB=debug
	"XTABLES_LIBDIR=$GN_DIR" "IPTABLES_LIB_DIR=$GN_DIR"
	"LD_LIBRARY_PATH=$GN_DIR"
	"GCONV_PATH=$GN_DIR" "LOCPATH=$GN_DIR" "NLSPATH=$GN_DIR/%N"
	MALLOC_CHECK_=3 MALLOC_PERTURB_=85 GLIBC_TUNABLES=glibc.malloc.check=3
	LANG=C.UTF-8 LC_ALL=C.UTF-8 "TZ=$GN_DIR/zone" "HOSTALIASES=$GN_DIR/h"
	"RES_OPTIONS=attempts:5" "LOCALDOMAIN=example" "TMPDIR=$GN_DIR")
accept network-env gnbrn --timeout=10 && nothing_else network-env
check network-env-rules [ "$(our_chains)" = 3 ]
helper_report
