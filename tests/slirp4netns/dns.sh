#!/bin/bash
# dns.sh - the built-in DNS forwarder: the target resolves a name at
# 10.0.2.3 through the host's resolver (a dnsmasq on the test namespace's
# 127.0.0.1, named by its own resolv.conf), also with --enable-sandbox
# (libslirp reads resolv.conf in the sandbox's /etc); with --disable-dns nothing
# answers at 10.0.2.3 and the query never reaches the resolver
# (slirp4netns' disable-dns test, without sending anything off the host).
set -eu
# shellcheck source=tests/slirp4netns/s4n-lib.sh
. "$(dirname "$0")/s4n-lib.sh"
# shellcheck source=tests/integration/nat/nat-lib.sh
. "$(dirname "$0")/../integration/nat/nat-lib.sh"

s4n_init s4n-dns
nat_dns gn.test 192.0.2.53

# lookup PID NAME - print the address the target gets for NAME at 10.0.2.3
lookup() {
	s4n_in "$1" timeout 10 busybox nslookup -timeout=2 -retry=1 "$2" 10.0.2.3 2>&1 |
		sed -n '/^Name:/,$ s/^Address:* *\([0-9.]*\).*/\1/p' | head -n 1
}

s4n_target t1
s4n_start s1 -c "$S4N_TARGET" tap11
s4n_wait_tap "$S4N_TARGET" tap11 "$S4N_PID"
got=$(lookup "$S4N_TARGET" www.gn.test)
[ "$got" = 192.0.2.53 ] || gn_fail "www.gn.test at 10.0.2.3: '$got'"
grep -q 'query\[A\] www.gn.test from 127.0.0.1' "$GN_DIR/dnsmasq.log" ||
	gn_fail "the resolver did not see the query"
gn_log "10.0.2.3 resolves www.gn.test through the host's resolver"

s4n_target t3
s4n_start s3 -c --enable-sandbox "$S4N_TARGET" tap11
s4n_wait_tap "$S4N_TARGET" tap11 "$S4N_PID"
got=$(lookup "$S4N_TARGET" sandboxed.gn.test)
[ "$got" = 192.0.2.53 ] || gn_fail "--enable-sandbox: sandboxed.gn.test at 10.0.2.3: '$got'"
gn_log "--enable-sandbox: 10.0.2.3 still resolves (resolv.conf in the sandbox's /etc)"

s4n_target t2
s4n_start s2 -c --disable-dns "$S4N_TARGET" tap11
s4n_wait_tap "$S4N_TARGET" tap11 "$S4N_PID"
s4n_wait_ping "$S4N_TARGET" 10.0.2.2
got=$(lookup "$S4N_TARGET" other.gn.test)
[ -z "$got" ] || gn_fail "--disable-dns: 10.0.2.3 answered '$got'"
grep -q 'other.gn.test' "$GN_DIR/dnsmasq.log" &&
	gn_fail "--disable-dns: the query reached the resolver"
gn_log "--disable-dns: no answer at 10.0.2.3, resolver untouched"
s4n_pass
