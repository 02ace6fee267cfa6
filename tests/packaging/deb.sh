#!/bin/bash
# deb.sh - build the Debian package from packaging/debian with
# dpkg-buildpackage, check it with lintian (no errors), install it with
# dpkg into a fresh Debian 12 root made by debootstrap (from the mirror in
# the machine's apt sources; the base is cached as a tarball in
# $GN_CACHE_DIR, each run unpacks a fresh copy), and run the installed
# helper in that root inside a test network namespace: setuid root, the
# shipped bridge.conf refuses, a test ACL allowing gnbr0 gives nobody a tap
# in gnbr0. Usage: deb.sh CLIENT (tests/helper's gn-helper-client)
set -u
source "$(dirname "$0")/lib.sh"
pk_init deb
[ "$(id -u)" = 0 ] || pk_fail "needs root (chroot, network namespace)"
pk_need dpkg-buildpackage dh lintian debootstrap dpkg-deb ip unshare chroot
CLIENT=$(realpath "${1:?usage: deb.sh CLIENT}")

# --- build ----------------------------------------------------------------
src=$PK_DIR/guestnet-0.1.0
pk_copy_source "$src"
cp -a "$src/packaging/debian" "$src/debian"
pk_log "dpkg-buildpackage -us -uc -b"
(cd "$src" && timeout 900 dpkg-buildpackage -us -uc -b) >"$PK_DIR/build.log" 2>&1 ||
	{ tail -40 "$PK_DIR/build.log" >&2; pk_fail "dpkg-buildpackage failed"; }
deb=$(ls "$PK_DIR"/guestnet_*.deb 2>/dev/null | head -1)
[ -f "$deb" ] || pk_fail "no .deb built"
pk_log "built $(basename "$deb")"
changes=$(ls "$PK_DIR"/guestnet_*.changes | head -1)

# --- lintian: no errors ----------------------------------------------------
timeout 600 lintian --tag-display-limit 0 "$deb" >"$PK_DIR/lintian.log" 2>&1
sed 's/^/  lintian: /' "$PK_DIR/lintian.log" >&2
grep -q '^E: ' "$PK_DIR/lintian.log" && pk_fail "lintian errors"
pk_log "lintian: no errors ($(grep -c '^W: ' "$PK_DIR/lintian.log") warnings)"

# --- contents --------------------------------------------------------------
dpkg-deb -c "$deb" >"$PK_DIR/contents"
grep -q '^-rwsr-xr-x root/root .* ./usr/libexec/guestnet-bridge-helper$' "$PK_DIR/contents" ||
	pk_fail "helper not shipped setuid root: $(grep bridge-helper "$PK_DIR/contents")"
dpkg-deb -e "$deb" "$PK_DIR/control"
grep -qx /etc/guestnet/bridge.conf "$PK_DIR/control/conffiles" ||
	pk_fail "bridge.conf is not a conffile"
if [ -f "$src/packaging/systemd/guestnet-network@.service" ]; then
	grep -q '/systemd/system/guestnet-network@.service$' "$PK_DIR/contents" ||
		pk_fail "systemd unit template missing"
fi
if [ -d "$src/policy/networks.d" ]; then
	grep -q 'networks.d/.*\.conf\.example$' "$PK_DIR/contents" ||
		pk_fail "example network definitions missing"
fi

# --- a fresh Debian 12 root ------------------------------------------------
mirror=$(grep -rhoE '^(deb|URIs:) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null |
	awk '{print $2}' | head -1)
mirror=${mirror:-http://deb.debian.org/debian}
deps=$(dpkg-deb -f "$deb" Depends | tr ',|' '\n\n' | sed 's/^ *//; s/[ (:].*//; /^$/d' | sort -u | paste -sd,)
mkdir -p "$PK_CACHE"
base=$PK_CACHE/bookworm-minbase-$(echo "$deps" | md5sum | cut -c1-12).tar
root=$PK_DIR/root
if [ ! -s "$base" ]; then
	pk_log "debootstrap bookworm from $mirror (with $deps)"
	timeout 900 debootstrap --variant=minbase --include="$deps" bookworm "$root" "$mirror" \
		>"$PK_DIR/debootstrap.log" 2>&1 ||
		{ tail -20 "$PK_DIR/debootstrap.log" >&2; pk_fail "debootstrap failed"; }
	tar -C "$root" -cf "$base.tmp" . && mv "$base.tmp" "$base"
else
	pk_log "fresh root from $base"
	mkdir -p "$root" && tar -C "$root" -xf "$base"
fi
cp "$deb" "$root/tmp/guestnet.deb"
chroot "$root" dpkg -i /tmp/guestnet.deb >"$PK_DIR/dpkg.log" 2>&1 ||
	{ cat "$PK_DIR/dpkg.log" >&2; pk_fail "dpkg -i in the fresh root failed"; }
pk_log "installed: $(chroot "$root" dpkg-query -W guestnet)"
pk_check_layout "$root" /usr
chroot "$root" guestnet-emu --version | grep -q '^guestnet-emu ' || pk_fail "installed guestnet-emu does not run"

# --- the installed helper, in a namespace, callers as nobody ---------------
install -m 0755 "$CLIENT" "$root/tmp/gn-helper-client"
PK_NS=gn-pkg-deb-$$
ip netns add "$PK_NS"
ip -n "$PK_NS" link set lo up
ip -n "$PK_NS" link add gnbr0 type bridge
ip -n "$PK_NS" link set gnbr0 up
cat >"$root/tmp/inside.sh" <<'INSIDE'
#!/bin/sh
# run in the chroot, in the test namespace
set -u
H=/usr/libexec/guestnet-bridge-helper
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
[ "$(stat -c '%a %U' $H)" = "4755 root" ] || { echo "FAIL: $H is $(stat -c '%a %U' $H)"; exit 1; }
grep -v '^[[:space:]]*#' /etc/guestnet/bridge.conf | grep -q '[^[:space:]]' &&
	{ echo "FAIL: shipped bridge.conf has statements"; exit 1; }
if as_nobody /tmp/gn-helper-client $H gnbr0 >/tmp/out 2>/tmp/err; then
	echo "FAIL: shipped bridge.conf allowed gnbr0"; exit 1
fi
grep -q 'bridge gnbr0 not allowed' /tmp/err || { echo "FAIL: refusal message:"; cat /tmp/err; exit 1; }
echo "ok refused: $(grep guestnet-bridge-helper: /tmp/err)"
printf 'allow gnbr0\n' >/etc/guestnet/bridge.conf
chmod 0644 /etc/guestnet/bridge.conf
as_nobody /tmp/gn-helper-client \
	--hold='[ "$(cat /sys/class/net/$TAP/owner)" = 65534 ] && [ -e /sys/class/net/gnbr0/brif/$TAP ] && echo inbridge' \
	$H gnbr0 >/tmp/out 2>/tmp/err || { echo "FAIL: allowed bridge refused:"; cat /tmp/err; exit 1; }
grep -q '^tap tap[0-9]*' /tmp/out && grep -q inbridge /tmp/out ||
	{ echo "FAIL: no tap in gnbr0 owned by nobody:"; cat /tmp/out /tmp/err; exit 1; }
echo "ok allowed: $(grep '^tap' /tmp/out)"
INSIDE
chmod 0755 "$root/tmp/inside.sh"
ip netns exec "$PK_NS" unshare --mount --propagation private sh -c '
	set -e
	mount --rbind /dev "$1/dev"
	mount -t proc proc "$1/proc"
	mount -t sysfs sysfs "$1/sys"
	exec chroot "$1" /tmp/inside.sh' sh "$root" || pk_fail "installed helper test failed"
[ "$(ip -n "$PK_NS" -o link show type tun | wc -l)" = 0 ] || pk_fail "tap left behind"
pk_log "PASS: deb"
