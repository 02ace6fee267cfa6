#!/bin/sh
# demo.sh - the main job: install, build, and run the demo.
#
# Run as root on Debian 12. Everything the demo starts runs as nobody
# inside a network namespace of its own, removed at the end.
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh
if [ -f build/build.ninja ]; then
	meson setup --reconfigure build >/dev/null
else
	meson setup build >/dev/null
fi
meson compile -C build >/dev/null
GUESTNET_EMU=$(pwd)/build/emu/guestnet-emu exec bash tools/demo-nat.sh
