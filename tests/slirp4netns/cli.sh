#!/bin/bash
# cli.sh - slirp4netns' command line as callers and its tests see it:
# --help (exit 0, every option name RootlessKit and Podman grep for),
# --version (SLIRP_CONFIG_VERSION_MAX), and the errors: exit status 1,
# slirp4netns' message on stderr, the usage on stdout for command-line
# errors but not for configuration errors.
set -eu
# shellcheck source=tests/slirp4netns/s4n-lib.sh
. "$(dirname "$0")/s4n-lib.sh"

s4n_init s4n-cli

s4n_run --help
[ "$S4N_RC" = 0 ] || gn_fail "--help exited with $S4N_RC"
grep -Eq '^Usage: (.*/)?slirp4netns \[OPTION\]\.\.\. PID\|PATH' "$GN_DIR/run.out" ||
	gn_fail "--help: no usage line: $(head -n 1 "$GN_DIR/run.out")"
for name in --configure --exit-fd --ready-fd --mtu --enable-ipv6 --api-socket \
	--cidr --disable-host-loopback --netns-type --userns-path \
	--enable-sandbox --enable-seccomp --outbound-addr --outbound-addr6 \
	--disable-dns --macaddress --target-type --help --version; do
	grep -q -- "$name" "$GN_DIR/run.out" || gn_fail "--help does not list $name"
done
s4n_run -h
[ "$S4N_RC" = 0 ] || gn_fail "-h exited with $S4N_RC"

s4n_run --version
[ "$S4N_RC" = 0 ] || gn_fail "--version exited with $S4N_RC"
grep -Eq '^slirp4netns version [0-9]+\.[0-9]+\.[0-9]+' "$GN_DIR/run.out" ||
	gn_fail "--version: $(head -n 1 "$GN_DIR/run.out")"
max=$(sed -n 's/^SLIRP_CONFIG_VERSION_MAX: //p' "$GN_DIR/run.out")
[ -n "$max" ] && [ "$max" -ge 3 ] ||
	gn_fail "--version: SLIRP_CONFIG_VERSION_MAX '$max' (outbound-addr needs 2, disable-dns 3)"

# expect_error USAGE|NOUSAGE MESSAGE ARGS... - exit 1, MESSAGE on stderr
expect_error() {
	local usage=$1 msg=$2
	shift 2
	s4n_run "$@"
	[ "$S4N_RC" = 1 ] || gn_fail "'$*' exited with $S4N_RC, not 1"
	[ -z "$msg" ] || grep -qF -- "$msg" "$GN_DIR/run.err" ||
		gn_fail "'$*': stderr lacks '$msg': $(cat "$GN_DIR/run.err")"
	if [ "$usage" = USAGE ]; then
		grep -q '^Usage: ' "$GN_DIR/run.out" || gn_fail "'$*': no usage on stdout"
	else
		! grep -q '^Usage: ' "$GN_DIR/run.out" || gn_fail "'$*': usage on stdout"
	fi
}

s4n_target t
pid=$S4N_TARGET
# slirp4netns' own cidr test, and the issue's case
expect_error NOUSAGE "invalid CIDR" -c --cidr 24 "$pid" tap11
expect_error NOUSAGE "invalid CIDR" -c --cidr foo "$pid" tap11
expect_error NOUSAGE "invalid CIDR" -c --cidr 10.0.2.0 "$pid" tap11
expect_error NOUSAGE "CIDR needs to be a network address like 10.0.2.0/24, not like 10.0.2.100/24" \
	-c --cidr 10.0.2.100/24 "$pid" tap11
expect_error NOUSAGE "prefix length needs to be 1-25" -c --cidr 10.0.2.100/26 "$pid" tap11
expect_error NOUSAGE "invalid network address: 999.0.2.0" --cidr=999.0.2.0/24 "$pid" tap11
expect_error USAGE "MTU must be a positive integer (< 65522)" -m 65522 "$pid" tap11
expect_error USAGE "MTU must be a positive integer (< 65522)" --mtu=0 "$pid" tap11
expect_error USAGE "exit-fd must be a non-negative integer" -e -1 "$pid" tap11
expect_error USAGE "ready-fd must be a non-negative integer" -r x "$pid" tap11
expect_error USAGE "PID must be a positive integer" abc tap11
expect_error USAGE "unrecognized option '--no-such-option'" --no-such-option "$pid" tap11
expect_error USAGE "userns path doesn't exist: /nonexistent" --userns-path=/nonexistent "$pid" tap11
expect_error USAGE "existing path expected when --netns-type=path" --netns-type=path /nonexistent tap11
expect_error USAGE "--macaddr cannot be specified when --configure or -c is not specified" \
	--macaddress=0e:d4:18:d9:38:fb "$pid" tap11
expect_error NOUSAGE "is an invalid MAC address" -c --macaddress=zz "$pid" tap11
expect_error USAGE "--target-type must be either \"netns\" or \"bess\"" --target-type=foo "$pid" tap11
expect_error USAGE "" "$pid"
expect_error USAGE ""
# slirp4netns' api-socket test: a path too long for a unix socket fails
long=$GN_DIR/$(printf 'a%.0s' $(seq 120)).sock
s4n_run -c "$pid" --api-socket "$long" tap11
[ "$S4N_RC" = 1 ] || gn_fail "a 120-byte API socket path: status $S4N_RC, not 1"
grep -q 'the specified API socket path is too long (>= 108)' "$GN_DIR/run.err" ||
	gn_fail "API socket path: $(cat "$GN_DIR/run.err")"
s4n_pass
