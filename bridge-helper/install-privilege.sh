#!/bin/sh
# install-privilege.sh - make the installed bridge helper privileged.
# Run by `meson install`: install-privilege.sh setuid|caps RELATIVE_PATH
# setuid: root:root mode 4755; caps: mode 0755 and cap_net_admin+ep.
# Under a DESTDIR install by a non-root user (packaging), this is left to
# the package's post-install step and only a note is printed.
set -eu
mode=$1
path=${MESON_INSTALL_DESTDIR_PREFIX:?}/$2
case $2 in /*) path=${DESTDIR:-}$2 ;; esac

if [ "$(id -u)" != 0 ]; then
	echo "install-privilege.sh: not root; make $path $mode by hand" >&2
	exit 0
fi
chown root:root "$path"
case $mode in
setuid)
	chmod 4755 "$path"
	;;
caps)
	chmod 0755 "$path"
	setcap cap_net_admin+ep "$path"
	;;
*)
	echo "install-privilege.sh: unknown mode $mode" >&2
	exit 1
	;;
esac
