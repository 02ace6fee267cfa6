#!/bin/sh
# test.sh - install dependencies, build, and run every test suite.
#
# Run as root on Debian 12 (network namespaces need it; the programs under
# test run as nobody). The suites (meson test --suite NAME):
#   unit         cmocka tests, the CLI checks, man pages and bash
#                completion: fast, no privilege
#   integration  network namespaces, real QEMU guests, the helper setuid
#                in the build tree (includes 'hardening': the emulator's
#                sandbox, load and faults)
#   packaging    the installed layout, the Debian package and the RPM:
#                root, slow; built from the source tree, so run once
#   fuzz         libFuzzer harnesses (clang, -Dfuzzing=true)
# Three builds:
#   build/        normal (gcc, -Werror): unit, integration and packaging
#   build-asan/   gcc with ASan/UBSan: unit and integration again
#   build-fuzz/   clang libFuzzer + ASan/UBSan: fuzz suite, each harness
#                 for GUESTNET_FUZZ_SECONDS (default 30) seconds
# GUESTNET_TEST_SUITES (default "unit integration packaging") limits the
# first two builds to those suites; packaging runs only in the normal one
# (the ASan build is skipped when nothing else is named).
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)

tools/install-deps.sh

suites=${GUESTNET_TEST_SUITES:-unit integration packaging}
suite_args=""
asan_suites=""
for s in $suites; do
	suite_args="$suite_args --suite $s"
	[ "$s" = packaging ] || asan_suites="$asan_suites $s"
done
asan_args="--no-suite packaging"
for s in $asan_suites; do
	asan_args="$asan_args --suite $s"
done

setup() {
	dir=$1
	shift
	if [ -f "$dir/build.ninja" ]; then
		meson setup --reconfigure "$dir" "$@" >/dev/null
	else
		meson setup "$dir" "$@" >/dev/null
	fi
	meson compile -C "$dir"
}

echo "== build: normal"
setup build
echo "== tests: normal build ($suites)"
# shellcheck disable=SC2086
meson test -C build --print-errorlogs $suite_args

if [ -n "$asan_suites" ]; then
	echo "== build: ASan/UBSan"
	setup build-asan -Db_sanitize=address,undefined -Db_lundef=false
	echo "== tests: ASan/UBSan build (${asan_suites# })"
	# shellcheck disable=SC2086
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		meson test -C build-asan --print-errorlogs $asan_args
fi

echo "== build: libFuzzer (clang)"
CC=clang setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
echo "== tests: fuzz harnesses, ${GUESTNET_FUZZ_SECONDS:=30}s each"
export GUESTNET_FUZZ_SECONDS
meson test -C build-fuzz --print-errorlogs --suite fuzz --timeout-multiplier 4

echo "== all test suites passed ($top)"
