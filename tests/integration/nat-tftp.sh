#!/bin/bash
# nat-tftp.sh - guestnet-emu's user-mode NAT with tftp=DIR,bootfile=FILE
# (emulator run as nobody): the guest's DHCP reply names the boot file
# (udhcpc's $boot_file) and the TFTP server (10.0.2.2), and the guest
# fetches that file with busybox tftp from libslirp's TFTP server; its
# md5sum in the guest equals the host's.  The file is 300001 bytes of
# random data, so it spans many 512-byte blocks and ends mid-block.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/integration/nat/nat-lib.sh
. "$(dirname "$0")/nat/nat-lib.sh"

BOOT=boot-image.bin

gn_init nat-tftp
mkdir "$GN_DIR/tftp"
head -c 300001 /dev/urandom >"$GN_DIR/tftp/$BOOT"
chmod -R a+rX "$GN_DIR/tftp"
want=$(md5sum <"$GN_DIR/tftp/$BOOT" | cut -d' ' -f1)

cat >"$GN_DIR/script" <<'SCRIPT'
cat >/tmp/show-boot <<'EOS'
#!/bin/sh
[ "$1" = bound ] && echo "GN-RESULT bootfile ${boot_file:-none} ${siaddr:-none}"
exit 0
EOS
chmod +x /tmp/show-boot
file=$(udhcpc -i eth0 -n -q -t 5 -T 1 -s /tmp/show-boot 2>/dev/null | sed -n 's/^GN-RESULT bootfile //p')
echo "GN-RESULT bootfile $file"
name=${file%% *}
server=${file##* }
timeout 60 tftp -g -r "$name" -l /tmp/boot "$server" || echo "GN-RESULT tftp failed $?"
echo "GN-RESULT size $(wc -c </tmp/boot)"
echo "GN-RESULT md5 $(md5sum </tmp/boot | cut -d' ' -f1)"
SCRIPT

nat_emu "tftp=$GN_DIR/tftp,bootfile=$BOOT"
nat_guest g dhcp "$GN_DIR/script"
gn_wait_guest g 'GN-(PASS|POWEROFF)' 120

got=$(gn_result g bootfile)
gn_log "guest's DHCP boot file and server: '$got'"
[ "$got" = "$BOOT 10.0.2.2" ] ||
	gn_fail "DHCP boot file/server is '$got', expected '$BOOT 10.0.2.2'"
size=$(gn_result g size)
md5=$(gn_result g md5)
gn_log "guest fetched $size bytes, md5 $md5 (host: 300001 bytes, md5 $want)"
[ "$size" = 300001 ] || gn_fail "guest got $size bytes over TFTP, expected 300001"
[ "$md5" = "$want" ] || gn_fail "TFTP md5 $md5 differs from the host's $want"
gn_pass
