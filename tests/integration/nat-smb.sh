#!/bin/bash
# nat-smb.sh MODE - -netdev user,smb=DIR: QEMU's SMB share, served by a
# private smbd (Debian's samba) that guestnet-emu's keeper runs for each
# guest connection (emu/port_user_smb*.c). The guest is a netns guest
# (-netdev netns, 10.0.2.100/24, gateway 10.0.2.2) running smbclient; the
# emulator runs as nobody with TMPDIR=$GN_DIR/tmp, so its private
# directory (and the smbd processes, whose command line names it) are
# this test's own.
#
#   share    smbclient in the guest reads a 4 MiB random file from
#            //10.0.2.4/qemu on port 445 and on port 139, lists the share
#            and writes a file into it: every sha256 matches; a login as
#            root with a wrong password is a guest session too; with
#            smbserver=10.0.2.9 the share is at //10.0.2.9/qemu; when the
#            guest's command ends the emulator exits 0 and no smbd, keeper
#            or private directory is left
#   refused  DIR outside the user's reach (a root-only directory, a
#            directory below it), a file, a missing DIR, smbd missing
#            (hidden by a bind mount): exit 2 with one line naming key
#            'smb', nothing left in TMPDIR; smb= by netdev-add on the
#            control socket is refused in the sandbox, and with -sandbox
#            off it starts a keeper that netdev-del stops (directory gone)
#   kill9    while the guest holds an SMB session: the private directory
#            is 0700 with QEMU's smb.conf (guest account= for its force
#            user=); the keeper is PID 1 of its own PID namespace, in its
#            own user and network namespaces; smbd runs as nobody with
#            no_new_privs; after kill -9 of the
#            emulator no smbd, no keeper and no directory is left. Then
#            with a second emulator, kill -9 of the keeper itself leaves
#            no smbd either (the kernel ends its PID namespace)
set -eu
# shellcheck source=tests/lib/gn.sh
. "$(dirname "$0")/../lib/gn.sh"

MODE=${1:?usage: nat-smb.sh share|refused|kill9}
SMBD=/usr/sbin/smbd
GUEST_NET="netns,id=g,addr=10.0.2.100/24,gateway=10.0.2.2"

gn_init "nat-smb-$MODE"
[ -x "$SMBD" ] || gn_fail "$SMBD missing (install samba, tools/debian-packages.txt)"
command -v smbclient >/dev/null || gn_fail "smbclient missing (install smbclient)"
TMP=$GN_DIR/tmp
SHARE=$GN_DIR/share
install -d -o nobody -g nogroup -m 0755 "$TMP" "$SHARE" "$GN_DIR/guest"

# smb_emu NAME ARGS... - guestnet-emu NAME as nobody with TMPDIR=$TMP
smb_emu() {
	local name=$1
	shift
	echo "TMPDIR=$TMP $GUESTNET_EMU $*" >"$GN_DIR/$name.cmd"
	gn_bg "$name" env -u XDG_RUNTIME_DIR TMPDIR="$TMP" "$GUESTNET_EMU" "$@"
	GN_EMUS+=("$name")
	gn_log "started $name (pid $GN_LAST_PID): guestnet-emu $*"
}

# smb_procs - pids of smbd processes serving this test's private directories
smb_procs() { gn_procs_cmdline "^$SMBD -l $TMP/guestnet-smb\\."; }

# keeper_procs - pids of the keepers of this test's emulators (their
# command line is the emulator's, which names a path of this test)
keeper_procs() {
	local p
	for p in /proc/[0-9]*; do
		[ "$(cat "$p/comm" 2>/dev/null)" = gn-smb-keeper ] || continue
		tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q " [^ ]*$GN_DIR/" && echo "${p#/proc/}"
	done
	return 0
}

# private_dirs - this test's private directories
private_dirs() {
	find "$TMP" -mindepth 1 -maxdepth 1 -name 'guestnet-smb.*' 2>/dev/null
}

# expect_clean SECONDS WHAT - within SECONDS: no smbd, keeper or directory
expect_clean() {
	local i
	for i in $(seq $(($1 * 10))); do
		[ -z "$(smb_procs)$(keeper_procs)$(private_dirs)" ] && break
		sleep 0.1
	done
	[ -z "$(smb_procs)" ] || gn_fail "smbd left $2: $(smb_procs | tr '\n' ' ')"
	[ -z "$(keeper_procs)" ] || gn_fail "keeper left $2: $(keeper_procs | tr '\n' ' ')"
	[ -z "$(private_dirs)" ] || gn_fail "private directory left $2: $(private_dirs)"
	gn_log "no smbd, keeper or private directory $2"
}

# expect_refused WANT ARGS... - the emulator (as nobody) exits 2 with one
# line containing WANT, leaving nothing in $TMP
expect_refused() {
	local want=$1 out rc=0
	shift
	out=$(gn_run env TMPDIR="$TMP" "$GUESTNET_EMU" "$@" 2>&1) || rc=$?
	[ "$rc" -eq 2 ] || gn_fail "guestnet-emu $*: exit $rc, not 2 ($out)"
	[ "$(echo "$out" | wc -l)" -eq 1 ] || gn_fail "guestnet-emu $*: not one line: $out"
	case "$out" in
	*"$want"*) ;;
	*) gn_fail "guestnet-emu $*: '$out' lacks '$want'" ;;
	esac
	[ -z "$(ls -A "$TMP")" ] || gn_fail "guestnet-emu $*: left $(ls -A "$TMP")"
	gn_log "refused: $out"
}

mode_share() {
	local want up got
	head -c 4194304 /dev/urandom >"$SHARE/data.bin"
	chown nobody:nogroup "$SHARE/data.bin"
	want=$(sha256sum <"$SHARE/data.bin" | cut -d' ' -f1)
	cat >"$GN_DIR/guest.sh" <<SCRIPT
#!/bin/bash
# in the netns guest, as nobody
set -eu
cd "$GN_DIR/guest"
head -c 1048576 /dev/urandom >up.bin
echo "GN-RESULT up \$(sha256sum <up.bin | cut -d' ' -f1)"
timeout 60 smbclient //\$1/qemu -N -c 'get data.bin got445.bin' >smb445.log 2>&1
echo "GN-RESULT got445 \$(sha256sum <got445.bin | cut -d' ' -f1)"
[ "\$#" -gt 1 ] || exit 0
timeout 60 smbclient //\$1/qemu -N -p 139 -c 'get data.bin got139.bin' >smb139.log 2>&1
echo "GN-RESULT got139 \$(sha256sum <got139.bin | cut -d' ' -f1)"
timeout 60 smbclient //\$1/qemu -N -c 'put up.bin up.bin; ls' >smbput.log 2>&1
grep -q ' data.bin ' smbput.log && echo "GN-RESULT listed data.bin"
timeout 60 smbclient //\$1/qemu -U root%wrong -c ls >smbroot.log 2>&1 &&
	grep -q ' up.bin ' smbroot.log && echo "GN-RESULT as-root guest"
SCRIPT
	chmod 0755 "$GN_DIR/guest.sh"

	smb_emu emu -netdev "user,id=u,smb=$SHARE" -netdev "$GUEST_NET" -- \
		"$GN_DIR/guest.sh" 10.0.2.4 all
	gn_reap emu 120 "the guest's smbclient, its netns command"
	gn_forget_emu emu
	up=$(grep -m1 '^GN-RESULT up ' "$GN_DIR/emu.log" | cut -d' ' -f3)
	for port in 445 139; do
		got=$(grep -m1 "^GN-RESULT got$port " "$GN_DIR/emu.log" | cut -d' ' -f3)
		[ "$got" = "$want" ] ||
			gn_fail "port $port: the guest's copy has sha256 '$got', the file $want (see guest/smb$port.log)"
		gn_log "port $port: 4 MiB read from //10.0.2.4/qemu, sha256 $got matches"
	done
	grep -q '^GN-RESULT listed data.bin' "$GN_DIR/emu.log" || gn_fail "the listing lacks data.bin (guest/smbput.log)"
	grep -q '^GN-RESULT as-root guest' "$GN_DIR/emu.log" ||
		gn_fail "root with a wrong password got no guest session (guest/smbroot.log)"
	got=$(sha256sum <"$SHARE/up.bin" | cut -d' ' -f1)
	[ -n "$up" ] && [ "$got" = "$up" ] || gn_fail "written file: sha256 '$got' in DIR, '$up' in the guest"
	[ "$(stat -c %U "$SHARE/up.bin")" = nobody ] || gn_fail "written file not owned by nobody"
	gn_log "1 MiB written into the share (as nobody), sha256 matches; listing has data.bin"
	expect_clean 10 "after the emulator exited"

	smb_emu emu2 -netdev "user,id=u,smb=$SHARE,smbserver=10.0.2.9" -netdev "$GUEST_NET" -- \
		"$GN_DIR/guest.sh" 10.0.2.9
	gn_reap emu2 120 "the guest's smbclient, its netns command"
	gn_forget_emu emu2
	got=$(grep -m1 '^GN-RESULT got445 ' "$GN_DIR/emu2.log" | cut -d' ' -f3)
	[ "$got" = "$want" ] || gn_fail "smbserver=10.0.2.9: sha256 '$got', want $want"
	gn_log "smbserver=10.0.2.9: //10.0.2.9/qemu serves the file, sha256 matches"
	expect_clean 10 "after the second emulator exited"
}

mode_refused() {
	local ctl out
	install -d -o root -g root -m 0700 "$GN_DIR/private" "$GN_DIR/private/sub"
	expect_refused "key 'smb': cannot share '$GN_DIR/private': Permission denied" \
		-netdev "user,id=u,smb=$GN_DIR/private"
	expect_refused "key 'smb': cannot share '$GN_DIR/private/sub': Permission denied" \
		-netdev "user,id=u,smb=$GN_DIR/private/sub"
	expect_refused "key 'smb': cannot share '$GN_DIR/nonexistent': No such file" \
		-netdev "user,id=u,smb=$GN_DIR/nonexistent"
	: >"$GN_DIR/file"
	expect_refused "not a directory" -netdev "user,id=u,smb=$GN_DIR/file"
	expect_refused "key 'smbserver' needs key 'smb'" -netdev "user,id=u,smbserver=10.0.2.9"

	# smbd missing: an empty, non-executable file over it, in a private mount namespace
	: >"$GN_DIR/no-smbd"
	chmod 0644 "$GN_DIR/no-smbd"
	out=$(gn_ns unshare -m sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' sh \
		"$GN_DIR/no-smbd" "$SMBD" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		env TMPDIR="$TMP" "$GUESTNET_EMU" -netdev "user,id=u,smb=$SHARE" 2>&1) && rc=0 || rc=$?
	[ "$rc" -eq 2 ] || gn_fail "smbd missing: exit $rc, not 2 ($out)"
	case "$out" in
	*"key 'smb': $SMBD: Permission denied: install smbd (Debian's samba package)"*) ;;
	*) gn_fail "smbd missing: '$out'" ;;
	esac
	[ -z "$(ls -A "$TMP")" ] || gn_fail "smbd missing: left $(ls -A "$TMP")"
	gn_log "smbd missing: $out"

	# at run time: refused in the sandbox, served with -sandbox off
	ctl=$GN_DIR/ctl.sock
	smb_emu emu -netdev user,id=u0 -control "$ctl"
	gn_wait_path "$ctl" 10 "$GN_LAST_PID"
	out=$(gn_ctl "$ctl" netdev-add type=user id=s "smb=$SHARE" 2>&1) &&
		gn_fail "netdev-add smb= accepted in the sandbox: $out"
	echo "$out" | grep -q "key 'smb': running a program is allowed only at start-up in the sandbox" ||
		gn_fail "netdev-add smb= in the sandbox: '$out'"
	[ -z "$(private_dirs)$(keeper_procs)" ] || gn_fail "netdev-add refused, but something was started"
	gn_log "netdev-add smb= in the sandbox refused: $(echo "$out" | grep -o "key 'smb'.*start-up")"
	ctl=$GN_DIR/ctl2.sock
	smb_emu emu2 -sandbox off -netdev user,id=u0 -control "$ctl"
	gn_wait_path "$ctl" 10 "$GN_LAST_PID"
	gn_ctl "$ctl" netdev-add type=user id=s "smb=$SHARE" >/dev/null ||
		gn_fail "netdev-add smb= with -sandbox off failed"
	[ -n "$(keeper_procs)" ] && [ -n "$(private_dirs)" ] ||
		gn_fail "netdev-add smb= started no keeper / made no directory"
	gn_ctl "$ctl" netdev-del id=s >/dev/null || gn_fail "netdev-del s failed"
	[ -z "$(keeper_procs)$(private_dirs)" ] ||
		gn_fail "after netdev-del: keeper '$(keeper_procs)', directory '$(private_dirs)'"
	gn_log "-sandbox off: netdev-add smb= started a keeper, netdev-del stopped it and removed its directory"
}

# hold_session NAME - start emulator NAME whose guest keeps an SMB session
# open; wait until smbd serves it
hold_session() {
	cat >"$GN_DIR/hold.sh" <<'SCRIPT'
#!/bin/bash
# in the netns guest, as nobody: list the share, then keep the session
(echo ls; sleep 300) | stdbuf -o0 smbclient //10.0.2.4/qemu -N
SCRIPT
	chmod 0755 "$GN_DIR/hold.sh"
	smb_emu "$1" -netdev "user,id=u,smb=$SHARE" -netdev "$GUEST_NET" -- "$GN_DIR/hold.sh"
	gn_wait_file "$GN_DIR/$1.log" ' marker\.txt ' 60 "$GN_LAST_PID"
	[ -n "$(smb_procs)" ] || gn_fail "no smbd while the guest holds a session"
}

# ns_of PID NS - the namespace NS (pid, net, user) of PID
ns_of() {
	readlink "/proc/$1/ns/$2"
}

mode_kill9() {
	local dir keeper emu pid smbd
	echo marker >"$SHARE/marker.txt"
	hold_session emu
	emu=$(gn_pid emu)
	dir=$(private_dirs)
	[ "$(stat -c '%a %U' "$dir")" = "700 nobody" ] || gn_fail "$dir: $(stat -c '%a %U' "$dir")"
	grep -qx "path=$SHARE" "$dir/smb.conf" && grep -qx 'guest account=nobody' "$dir/smb.conf" &&
		grep -qx 'map to guest = Bad User' "$dir/smb.conf" && grep -qx "private dir=$dir" "$dir/smb.conf" ||
		gn_fail "smb.conf is not QEMU's: $(cat "$dir/smb.conf")"
	keeper=$(keeper_procs)
	[ "$(echo "$keeper" | wc -w)" -eq 1 ] || gn_fail "keepers: '$keeper'"
	grep -q '^NSpid:.*[[:space:]]1$' "/proc/$keeper/status" ||
		gn_fail "the keeper is not PID 1 of its namespace: $(grep NSpid "/proc/$keeper/status")"
	for ns in pid net user; do
		[ "$(ns_of "$keeper" $ns)" != "$(ns_of "$emu" $ns)" ] ||
			gn_fail "the keeper shares the emulator's $ns namespace"
	done
	smbd=$(smb_procs | head -n 1)
	[ "$(stat -c %U "/proc/$smbd")" = nobody ] || gn_fail "smbd $smbd runs as $(stat -c %U "/proc/$smbd")"
	grep -q '^NoNewPrivs:[[:space:]]*1' "/proc/$smbd/status" || gn_fail "smbd without no_new_privs"
	[ "$(ns_of "$smbd" pid)" = "$(ns_of "$keeper" pid)" ] || gn_fail "smbd outside the keeper's PID namespace"
	gn_log "$dir 0700 with QEMU's smb.conf; keeper $keeper PID 1 in own pid/net/user namespaces; smbd $(smb_procs | tr '\n' ' ')as nobody, no_new_privs"
	kill -KILL "$emu"
	gn_wait_exit "$emu" 10 || gn_fail "the emulator survived kill -9"
	gn_forget_emu emu
	expect_clean 10 "after kill -9 of the emulator"

	hold_session emu2
	keeper=$(keeper_procs)
	pid=$(smb_procs | tr '\n' ' ')
	kill -KILL "$keeper"
	for _ in $(seq 50); do
		[ -z "$(smb_procs)" ] && break
		sleep 0.1
	done
	[ -z "$(smb_procs)" ] || gn_fail "smbd left after kill -9 of the keeper: $(smb_procs)"
	gn_log "kill -9 of the keeper $keeper: its smbd ($pid) went with it"
	rm -rf "$(private_dirs)"	# nobody was left to remove it
}

case $MODE in
share) mode_share ;;
refused) mode_refused ;;
kill9) mode_kill9 ;;
*) gn_fail "unknown mode $MODE" ;;
esac
gn_pass
