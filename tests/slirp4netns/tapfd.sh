#!/bin/bash
# tapfd.sh - --netns-type=tapfd FD (slirp4netns 1.3): the caller opens the
# tap inside the target and hands over the descriptor; slirp4netns joins
# no namespace and needs no TAPNAME.  The target, which configured the tap
# itself, reaches the host via 10.0.2.2.  Skipped for a slirp4netns whose
# --help has no tapfd (1.2).
set -eu
# shellcheck source=tests/slirp4netns/s4n-lib.sh
. "$(dirname "$0")/s4n-lib.sh"

PORT=8088
s4n_init s4n-tapfd
"$S4N" --help | grep -q -- "--netns-type.*tapfd" ||
	gn_skip "$("$S4N" --version | head -n 1) has no --netns-type=tapfd (slirp4netns 1.3+)"
token=$(s4n_page "$GN_DIR/www")
s4n_web web "$GN_DIR/www" "$PORT"
s4n_target t
t=$S4N_TARGET
hand=$GN_DIR/hand.sock

# the launcher, on the host: receives the tap fd, then becomes slirp4netns
echo "slirp4netns --netns-type=tapfd FD" >"$GN_DIR/s.cmd"
gn_bg s "$GN_PY" -c '
import os, socket, sys
l = socket.socket(socket.AF_UNIX)
l.bind(sys.argv[1])
l.listen(1)
c, _ = l.accept()
msg, fds, _, _ = socket.recv_fds(c, 16, 1)
fd = fds[0]
os.set_inheritable(fd, True)
c.close()
l.close()
os.execv(sys.argv[2], [sys.argv[2], "--netns-type=tapfd", str(fd)])
' "$hand" "$S4N"
S4N_NAMES+=(s)
pid=$GN_LAST_PID
gn_wait_path "$hand" 10 "$pid"

# the opener, in the target: makes and configures tap0, sends its fd
s4n_in "$t" "$GN_PY" -c '
import fcntl, os, socket, struct, subprocess, sys
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", b"tap0", 0x0002 | 0x1000))
for cmd in ("ip link set lo up", "ip link set tap0 up",
            "ip addr add 10.0.2.100/24 dev tap0",
            "ip route add default via 10.0.2.2"):
    subprocess.run(cmd.split(), check=True)
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
socket.send_fds(s, [b"t"], [fd])
' "$hand" || gn_fail "could not open and hand over the tap"
for i in $(seq 50); do
	[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$(readlink -f "$S4N")" ] && break
	sleep 0.1
done
s4n_wait_ping "$t" 10.0.2.2
got=$(s4n_in "$t" curl -sS -m 10 "http://10.0.2.2:$PORT/index.html") || gn_fail "fetch via 10.0.2.2 failed"
[ "$got" = "$token" ] || gn_fail "fetch via 10.0.2.2: '$got'"
gn_log "--netns-type=tapfd: the handed-over tap carries the target's traffic"
s4n_pass
