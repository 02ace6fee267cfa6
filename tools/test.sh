#!/bin/sh
# test.sh - install dependencies, build, and run every test suite.
#
# Run as root on Debian 12 (network namespaces need it; the programs under
# test run as nobody). Three builds:
#   build/        normal (gcc, -Werror): unit + integration suites
#   build-asan/   gcc with ASan/UBSan: unit + integration suites again
#   build-fuzz/   clang libFuzzer + ASan/UBSan: fuzz suite, each harness
#                 for GUESTNET_FUZZ_SECONDS (default 30) seconds
# GUESTNET_TEST_SUITES (default "unit integration") limits the first two.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)

tools/install-deps.sh

suites=${GUESTNET_TEST_SUITES:-unit integration}
suite_args=""
for s in $suites; do
	suite_args="$suite_args --suite $s"
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

echo "== build: ASan/UBSan"
setup build-asan -Db_sanitize=address,undefined -Db_lundef=false
echo "== tests: ASan/UBSan build ($suites)"
# shellcheck disable=SC2086
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	meson test -C build-asan --print-errorlogs $suite_args

echo "== build: libFuzzer (clang)"
CC=clang setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
echo "== tests: fuzz harnesses, ${GUESTNET_FUZZ_SECONDS:=30}s each"
export GUESTNET_FUZZ_SECONDS
meson test -C build-fuzz --print-errorlogs --suite fuzz --timeout-multiplier 4

echo "== all test suites passed ($top)"
