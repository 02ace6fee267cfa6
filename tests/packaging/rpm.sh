#!/bin/bash
# rpm.sh - rpmbuild -bb packaging/rpm/guestnet.spec from a tarball of the
# source tree (--nodeps: Debian's rpm cannot see dpkg's packages, so the
# spec's BuildRequires are not checked here), then check the package: the
# layout and modes of tests/packaging/layout.txt (unpacked with rpm2cpio),
# the helper setuid root, bridge.conf a %config(noreplace) file.
set -u
source "$(dirname "$0")/lib.sh"
pk_init rpm
[ "$(id -u)" = 0 ] || pk_fail "needs root (file ownership of the unpacked package)"
pk_need rpmbuild rpm rpm2cpio cpio
top=$PK_DIR/rpmbuild
ver=$(sed -n 's/^Version: *//p' "$PK_SRC/packaging/rpm/guestnet.spec")
mkdir -p "$top/SOURCES" "$PK_DIR/src"
pk_copy_source "$PK_DIR/src/guestnet-$ver"
tar -C "$PK_DIR/src" -czf "$top/SOURCES/guestnet-$ver.tar.gz" "guestnet-$ver"
pk_log "rpmbuild -bb --nodeps"
timeout 900 rpmbuild -bb --nodeps --define "_topdir $top" \
	"$PK_SRC/packaging/rpm/guestnet.spec" >"$PK_DIR/build.log" 2>&1 ||
	{ tail -40 "$PK_DIR/build.log" >&2; pk_fail "rpmbuild failed"; }
rpmf=$(find "$top/RPMS" -name 'guestnet-[0-9]*.rpm' | head -1)
[ -f "$rpmf" ] || pk_fail "no .rpm built"
pk_log "built $(basename "$rpmf")"
rpm -qp --qf '[%{FILEMODES:perms} %{FILEUSERNAME}:%{FILEGROUPNAME} %{FILENAMES}\n]' "$rpmf" >"$PK_DIR/files"
sed 's/^/  rpm: /' "$PK_DIR/files" >&2
grep -q '^-rwsr-xr-x root:root /usr/libexec/guestnet-bridge-helper$' "$PK_DIR/files" ||
	pk_fail "helper not setuid root in the rpm"
rpm -qcp "$rpmf" | grep -qx /etc/guestnet/bridge.conf || pk_fail "bridge.conf is not %config"
root=$PK_DIR/root
mkdir -p "$root"
(cd "$root" && rpm2cpio "$rpmf" | cpio -idm --quiet --no-absolute-filenames) ||
	pk_fail "cannot unpack the rpm"
pk_check_layout "$root" /usr
grep -v '^[[:space:]]*#' "$root/etc/guestnet/bridge.conf" | grep -q '[^[:space:]]' &&
	pk_fail "shipped bridge.conf has statements"
pk_log "PASS: rpm"
