#!/bin/sh
# run-fuzzer.sh - run one libFuzzer harness for a bounded time.
# Usage: run-fuzzer.sh HARNESS CORPUS_DIR [SECONDS]
# New inputs go to a scratch directory, never into the committed corpus;
# a crash leaves its reproducer in the scratch directory and fails the test.
set -eu
harness=$1 corpus=$2 seconds=${3:-${GUESTNET_FUZZ_SECONDS:-10}}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
if ! "$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$scratch/" "$scratch" "$corpus"; then
	echo "fuzzer $harness failed; reproducers:" >&2
	ls -l "$scratch"/crash-* "$scratch"/leak-* "$scratch"/timeout-* 2>/dev/null >&2 || true
	for f in "$scratch"/crash-* "$scratch"/leak-* "$scratch"/timeout-*; do
		[ -f "$f" ] && od -An -tx1 "$f" | head -20 >&2
	done
	exit 1
fi
