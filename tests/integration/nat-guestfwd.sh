#!/bin/bash
# nat-guestfwd.sh - guest forwards of guestnet-emu's user-mode NAT
# (emulator run as nobody): guestfwd=tcp:10.0.2.100:PORT-cmd:COMMAND
# connects a real QEMU guest's TCP connection to 10.0.2.100:PORT to a
# command run on the host for it:
#   4321 -> "echo hello-from-host": the guest reads that line;
#   4322 -> "cat": what the guest sends comes back (both directions);
#   4323 -> "id -un": the command runs as the emulator's user, nobody.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/integration/nat/nat-lib.sh
. "$(dirname "$0")/nat/nat-lib.sh"

gn_init nat-guestfwd

line="guest-line-$$-$RANDOM"
cat >"$GN_DIR/script" <<SCRIPT
echo "GN-RESULT hello \$(timeout 20 nc 10.0.2.100 4321 </dev/null)"
echo "GN-RESULT cat \$( (echo $line; sleep 2) | timeout 10 nc 10.0.2.100 4322)"
echo "GN-RESULT user \$(timeout 20 nc 10.0.2.100 4323 </dev/null)"
SCRIPT

nat_emu "guestfwd=tcp:10.0.2.100:4321-cmd:echo hello-from-host,guestfwd=tcp:10.0.2.100:4322-cmd:cat,guestfwd=tcp:10.0.2.100:4323-cmd:id -un" -sandbox off
nat_guest g dhcp "$GN_DIR/script"
gn_wait_guest g 'GN-(PASS|POWEROFF)' 120

gn_expect_result g hello hello-from-host
gn_expect_result g cat "$line"
gn_expect_result g user "$GN_USER"
gn_pass
