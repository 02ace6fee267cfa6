#!/bin/bash
# nat-hostfwd.sh - host forwards of guestnet-emu's user-mode NAT (emulator
# run as nobody): hostfwd=tcp:127.0.0.1:HP-:GP and
# hostfwd=udp:127.0.0.1:HP-:GP reach services in a real QEMU guest
# (10.0.2.15 by DHCP) from the host namespace, data checked both ways:
#   - TCP line service (busybox nc -ll -e): the host sends a line, the
#     guest prints what it got on its console and answers with it;
#   - TCP bulk host->guest: 1 MiB random, the guest answers its md5sum;
#   - TCP bulk guest->host: 512 KiB the guest made, md5 compared;
#   - UDP echo (a tiny static udpecho handed to the guest over fw_cfg,
#     busybox has no UDP server): the host gets "echo:" + its datagram.
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"
# shellcheck source=tests/integration/nat/nat-lib.sh
. "$(dirname "$0")/nat/nat-lib.sh"

gn_init nat-hostfwd
nat_udpecho "$GN_DIR/udpecho"

cat >"$GN_DIR/script" <<'SCRIPT'
cat /sys/firmware/qemu_fw_cfg/by_name/opt/gn/udpecho/raw >/tmp/udpecho
chmod +x /tmp/udpecho
/tmp/udpecho 5353 &
cat >/tmp/line <<'EOS'
#!/bin/sh
read -r line
echo "GN-RESULT tcp-got $line" >/dev/console
echo "guest-got:$line"
EOS
chmod +x /tmp/line
dd if=/dev/urandom of=/tmp/blob bs=1024 count=512 2>/dev/null
echo "GN-RESULT blob-md5 $(md5sum </tmp/blob | cut -d' ' -f1)"
nc -ll -p 7001 -e /tmp/line &
nc -ll -p 7002 -e md5sum &
nc -ll -p 7003 -e cat /tmp/blob &
sleep 1
gn_mark LISTENING "$GN_NAME"
SCRIPT

nat_emu "hostfwd=tcp:127.0.0.1:17001-:7001,hostfwd=tcp:127.0.0.1:17002-:7002,hostfwd=tcp:127.0.0.1:17003-:7003,hostfwd=udp:127.0.0.1:15353-:5353"
nat_guest g dhcp "$GN_DIR/script" \
	-fw_cfg "name=opt/gn/udpecho,file=$GN_DIR/udpecho"
gn_wait_guest g 'GN-LISTENING' 120

text="hello-from-host-$$"
nat_expect_line 17001 "$text"
gn_wait_guest g "GN-RESULT tcp-got $text" 10

head -c 1048576 /dev/urandom >"$GN_DIR/up.bin"
chmod 0644 "$GN_DIR/up.bin"
want=$(md5sum <"$GN_DIR/up.bin" | cut -d' ' -f1)
got=$(nat_peer tcp-xfer 127.0.0.1 17002 "$GN_DIR/up.bin" | awk '{print $1}') ||
	gn_fail "TCP forward 17002 failed"
gn_log "1 MiB host->guest: guest md5 $got, host md5 $want"
[ "$got" = "$want" ] || gn_fail "guest's md5 of 1 MiB sent is '$got', expected $want"

nat_peer tcp-xfer 127.0.0.1 17003 >"$GN_DIR/down.bin" || gn_fail "TCP forward 17003 failed"
got="$(wc -c <"$GN_DIR/down.bin") $(md5sum <"$GN_DIR/down.bin" | cut -d' ' -f1)"
want="524288 $(gn_result g blob-md5)"
gn_log "512 KiB guest->host: got $got, guest has $want"
[ "$got" = "$want" ] || gn_fail "received '$got' from the guest, expected '$want'"

text="udp-from-host-$$"
got=$(nat_peer udp-talk 127.0.0.1 15353 "$text") || gn_fail "UDP forward 15353: no reply"
gn_log "UDP 127.0.0.1:15353 -> guest:5353 answered '$got'"
[ "$got" = "echo:$text" ] || gn_fail "UDP forward answered '$got', expected 'echo:$text'"
gn_pass
