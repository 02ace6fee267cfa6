#!/bin/bash
# podman.sh - rootless Podman (Debian's 4.3.1) with containers.conf
# network_cmd_path = the binary under test, on a local --rootfs (busybox;
# no registry): a container fetches a page from the host via 10.0.2.2
# (allow_host_loopback=true), and --network slirp4netns:port_handler=slirp4netns
# -p 127.0.0.1:8081:80 reaches a web server in a container through the API
# socket; removing the container ends the slirp4netns (its exit fd).
#
# This machine's cgroups are hybrid (v1 controllers and a v2 hierarchy with
# a controller), which crun 1.8 refuses: the runtime is runc, cgroups by
# cgroupfs.  Podman runs in the test namespace entered with nsenter (ip
# netns exec remounts /sys and hides /sys/fs/cgroup).
set -eu
# shellcheck source=tests/slirp4netns/s4n-lib.sh
. "$(dirname "$0")/s4n-lib.sh"

PORT=8000
FWD=8081
s4n_init s4n-podman
for t in podman runc conmon newuidmap; do
	command -v "$t" >/dev/null || gn_fail "$t missing (see tools/debian-packages.txt)"
done
token=$(s4n_page "$GN_DIR/www")
s4n_web web "$GN_DIR/www" "$PORT"
s4n_user_add

rootfs=$S4N_HOME/rootfs
mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/tmp"
cp /bin/busybox "$rootfs/bin/busybox"
for a in sh wget httpd sleep cat; do ln -s busybox "$rootfs/bin/$a"; done
ctoken=$(s4n_page "$rootfs/www")
mkdir -p "$S4N_HOME/.config/containers"
cat >"$S4N_HOME/.config/containers/containers.conf" <<CONF
[engine]
network_cmd_path = "$S4N"
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
chown -R "$S4N_USER:" "$rootfs" "$S4N_HOME/.config"

# podman ARGS... - podman as the test user (log in podman.log)
podman_as_user() {
	echo "podman $*" >>"$GN_DIR/podman.cmd"
	s4n_as_user timeout 120 podman "$@" 2>>"$GN_DIR/podman.log"
}

got=$(podman_as_user run --rm --network slirp4netns:allow_host_loopback=true \
	--rootfs "$rootfs" /bin/wget -q -O - "http://10.0.2.2:$PORT/index.html") ||
	gn_fail "podman run (fetch via 10.0.2.2) failed: $(tail -n 5 "$GN_DIR/podman.log")"
[ "$got" = "$token" ] || gn_fail "container via 10.0.2.2: '$got'"
gn_log "a container fetched the host's page via 10.0.2.2"

podman_as_user run -d --name web --network slirp4netns:port_handler=slirp4netns \
	-p "127.0.0.1:$FWD:80" --rootfs "$rootfs" /bin/httpd -f -p 80 -h /www >/dev/null ||
	gn_fail "podman run -d -p failed: $(tail -n 5 "$GN_DIR/podman.log")"
pgrep -a -u "$S4N_USER" -f "^$S4N " >"$GN_DIR/podman-ps.log" ||
	gn_fail "Podman runs no $S4N"
grep -q -- "--api-socket" "$GN_DIR/podman-ps.log" ||
	gn_fail "no API socket: $(cat "$GN_DIR/podman-ps.log")"
s4n_pid=$(awk '{print $1; exit}' "$GN_DIR/podman-ps.log")
got=
for i in $(seq 50); do
	got=$(gn_ns curl -sS -m 5 "http://127.0.0.1:$FWD/index.html" 2>&1) && break
	sleep 0.2
done
[ "$got" = "$ctoken" ] || gn_fail "127.0.0.1:$FWD -> container :80: $got"
gn_log "-p 127.0.0.1:$FWD:80 reached the container through the API socket"
podman_as_user rm -f -t 0 web >/dev/null || gn_fail "podman rm failed"
for i in $(seq 100); do
	gn_alive "$s4n_pid" || break
	sleep 0.1
done
gn_alive "$s4n_pid" && gn_fail "slirp4netns still runs 10 s after the container was removed"
gn_log "removing the container ended slirp4netns"
s4n_pass
