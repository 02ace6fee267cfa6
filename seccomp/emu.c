// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emu.c - seccomp allow-list of guestnet-emu (libseccomp)
 *
 * DOC: Theory of operation
 *
 * Loaded by emu/sandbox.c once every start-up port is open, after
 * capabilities are dropped and PR_SET_NO_NEW_PRIVS is set. Anything not
 * listed kills the whole process (SCMP_ACT_KILL_PROCESS, SIGSYS). The
 * emulator never forks or executes after this point: scripts of tap ports
 * run in the launcher (emu/launcher.c) forked before; run-time netdev-add
 * of types that must run a program is refused (emu/sandbox.c). What the
 * steady state does, and why each call is here (the right column names
 * system calls only, with notes in parentheses; the unit test
 * tests/unit/test_seccomp_doc.c compares it with the arrays below):
 *
 *	event loop			epoll_wait, epoll_pwait, epoll_ctl,
 *					poll, ppoll (libslirp, the launcher
 *					reply), clock_gettime, gettimeofday
 *	sleeps				clock_nanosleep, nanosleep (none in
 *					our code or libslirp: a library's
 *					back-off must not be fatal)
 *	frame path			read, readv, write, writev, recvfrom,
 *					recvmsg, recvmmsg, sendto, sendmsg,
 *					sendmmsg
 *	ports added and removed		socket (AF_UNIX, AF_INET, AF_INET6
 *	(listeners, reconnect,		only), bind, listen, connect, accept,
 *	netdev-add, libslirp		accept4, shutdown, getsockopt,
 *	connections)			setsockopt, getsockname, getpeername,
 *					fcntl, ioctl (FIONREAD, FIONBIO and
 *					the tun requests only), close, dup
 *	tap ports opened at run time	openat (/dev/net/tun; libslirp's
 *	and libslirp's files		/etc/resolv.conf and tftp= files;
 *					nothing exists in the empty root)
 *	signals, children		read (the signalfd), rt_sigreturn,
 *					rt_sigprocmask, wait4, waitid (a netns
 *					port's COMMAND), kill (the COMMAND's
 *					group when the port closes)
 *	memory, exit			brk, mmap, munmap, mremap, madvise,
 *					mprotect, exit, exit_group
 *	a tap's writer thread		clone (with CLONE_THREAD only: no
 *	(emu/tapwriter.c, started	process can be made; clone3 fails
 *	in the steady state)		with ENOSYS, so glibc uses clone),
 *					set_robust_list, rseq, rt_sigaction
 *					(glibc's first thread installs its
 *					own signal handlers)
 *	libc and glib internals		getpid, gettid, futex, fstat,
 *					newfstatat, lseek
 *	control socket peer check	getuid, geteuid, getgid, getegid
 *	only with SECCOMP_EMU_FS	unlink, unlinkat (socket and pid files
 *					at close and exit), stat, lstat,
 *					statx, readlink, mkdir, rmdir,
 *					chmod, fchmodat, chown, fchownat
 *					(a vdeswitch port's directory and
 *					sockets, also added at run time;
 *					vdeplug4's hub:// plugin)
 *	only with SECCOMP_EMU_UNLINKAT	unlinkat (a socket removed through
 *	(no SECCOMP_EMU_FS)		a directory opened before: the
 *					slirp4netns front end's API socket)
 *
 * getrandom is not allowed: glibc calls it at its first malloc(), long
 * before; jansson would read /dev/urandom at its first object, so
 * control_open() seeds it first (emu/control_json.c).
 *
 * Sanitizer builds (GN_SANITIZED) add what the ASan/UBSan/LSan runtime
 * calls when it reports and at exit; they are never installed.
 */
#include <errno.h>
#include <linux/if_tun.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "emu.h"
#include "util.h"

static const int emu_syscalls[] = {
	/* event loop and time */
	SCMP_SYS(epoll_wait), SCMP_SYS(epoll_pwait), SCMP_SYS(epoll_ctl),
	SCMP_SYS(poll), SCMP_SYS(ppoll), SCMP_SYS(clock_gettime),
	SCMP_SYS(gettimeofday), SCMP_SYS(clock_nanosleep), SCMP_SYS(nanosleep),
	/* frame path */
	SCMP_SYS(read), SCMP_SYS(readv), SCMP_SYS(write), SCMP_SYS(writev),
	SCMP_SYS(recvfrom), SCMP_SYS(recvmsg), SCMP_SYS(recvmmsg),
	SCMP_SYS(sendto), SCMP_SYS(sendmsg), SCMP_SYS(sendmmsg),
	/* sockets */
	SCMP_SYS(bind), SCMP_SYS(listen), SCMP_SYS(connect), SCMP_SYS(accept),
	SCMP_SYS(accept4), SCMP_SYS(shutdown), SCMP_SYS(getsockopt),
	SCMP_SYS(setsockopt), SCMP_SYS(getsockname), SCMP_SYS(getpeername),
	SCMP_SYS(fcntl), SCMP_SYS(close), SCMP_SYS(dup),
	/* files (nothing to find in the empty root) */
	SCMP_SYS(openat), SCMP_SYS(fstat), SCMP_SYS(newfstatat), SCMP_SYS(lseek),
	/* signals and children */
	SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigprocmask), SCMP_SYS(wait4),
	SCMP_SYS(waitid), SCMP_SYS(kill),
	/* memory and exit */
	SCMP_SYS(brk), SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mremap),
	SCMP_SYS(madvise), SCMP_SYS(mprotect), SCMP_SYS(exit),
	SCMP_SYS(exit_group),
	/* libc, glib */
	SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(futex),
	/* what a new thread of glibc's calls first (clone is checked) */
	SCMP_SYS(set_robust_list), SCMP_SYS(rseq), SCMP_SYS(rt_sigaction),
	/* the control socket compares a client's uid with ours */
	SCMP_SYS(getuid), SCMP_SYS(geteuid), SCMP_SYS(getgid), SCMP_SYS(getegid),
};

#ifdef GN_SANITIZED
/*
 * ASan/UBSan/LSan builds only (never installed): the runtime's leak
 * check at exit (a tracer thread, /proc/self/maps), its reports and
 * stack unwinding, its own signal handling.
 */
static const int emu_sanitizer_syscalls[] = {
	SCMP_SYS(prctl), SCMP_SYS(sigaltstack),
	SCMP_SYS(readlink), SCMP_SYS(readlinkat), SCMP_SYS(sched_yield),
	SCMP_SYS(getppid), SCMP_SYS(clone), SCMP_SYS(clone3), SCMP_SYS(ptrace),
	SCMP_SYS(sched_getaffinity), SCMP_SYS(open), SCMP_SYS(pipe2),
	SCMP_SYS(tgkill), SCMP_SYS(getdents), SCMP_SYS(getdents64),
	SCMP_SYS(getrlimit), SCMP_SYS(prlimit64),
	SCMP_SYS(uname),
};
#endif

static const int emu_fs_syscalls[] = {
	SCMP_SYS(unlink), SCMP_SYS(unlinkat), SCMP_SYS(stat), SCMP_SYS(lstat),
	SCMP_SYS(statx), SCMP_SYS(readlink),
	/* vdeswitch: its directory and sockets; the hub:// VDE plugin */
	SCMP_SYS(mkdir), SCMP_SYS(rmdir), SCMP_SYS(chmod), SCMP_SYS(fchmodat),
	SCMP_SYS(chown), SCMP_SYS(fchownat),
};

static const int emu_unlinkat_syscalls[] = { SCMP_SYS(unlinkat) };

static const unsigned long emu_ioctls[] = {
	FIONREAD, FIONBIO, TUNGETFEATURES, TUNSETIFF, TUNGETIFF, TUNSETOFFLOAD,
	TUNSETVNETHDRSZ, TUNGETVNETHDRSZ,
};

static const int emu_families[] = { AF_UNIX, AF_INET, AF_INET6 };

/* Allow @nr when its argument @arg equals @val */
static int allow_if(scmp_filter_ctx ctx, int nr, unsigned int arg,
		    scmp_datum_t val)
{
	const struct scmp_arg_cmp cmp = {
		.arg = arg, .op = SCMP_CMP_EQ, .datum_a = val, .datum_b = 0,
	};

	return seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, 1, &cmp);
}

#ifndef GN_SANITIZED
/*
 * Threads, not processes: clone only with CLONE_THREAD in its flags
 * (which the kernel refuses without CLONE_VM and CLONE_SIGHAND), and
 * clone3, whose flags are in memory seccomp cannot read, as absent.
 */
static int allow_threads(scmp_filter_ctx ctx)
{
	const struct scmp_arg_cmp thread = {
		.arg = 0, .op = SCMP_CMP_MASKED_EQ,
		.datum_a = CLONE_THREAD, .datum_b = CLONE_THREAD,
	};
	int ret = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1, &thread);

	if (!ret)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	return ret;
}
#endif

static int allow_all(scmp_filter_ctx ctx, const int *nr, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		int ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr[i], 0);

		if (ret)
			return ret;
	}
	return 0;
}

static int add_rules(scmp_filter_ctx ctx, unsigned int flags)
{
	unsigned int i;
	int ret;

	ret = allow_all(ctx, emu_syscalls, ARRAY_SIZE(emu_syscalls));
	if (!ret && (flags & SECCOMP_EMU_FS))
		ret = allow_all(ctx, emu_fs_syscalls,
				ARRAY_SIZE(emu_fs_syscalls));
	else if (!ret && (flags & SECCOMP_EMU_UNLINKAT))
		ret = allow_all(ctx, emu_unlinkat_syscalls,
				ARRAY_SIZE(emu_unlinkat_syscalls));
#ifdef GN_SANITIZED
	/* the runtime's own threads: clone and clone3 whatever their flags */
	if (!ret)
		ret = allow_all(ctx, emu_sanitizer_syscalls,
				ARRAY_SIZE(emu_sanitizer_syscalls));
#else
	if (!ret)
		ret = allow_threads(ctx);
#endif
	for (i = 0; !ret && i < ARRAY_SIZE(emu_ioctls); i++)
		ret = allow_if(ctx, SCMP_SYS(ioctl), 1, emu_ioctls[i]);
	for (i = 0; !ret && i < ARRAY_SIZE(emu_families); i++)
		ret = allow_if(ctx, SCMP_SYS(socket), 0,
			       (scmp_datum_t)emu_families[i]);
	return ret;
}

/* Append @n numbers of @nr to @out (room @max) at *@count */
static void list_put(int *out, size_t max, size_t *count, const int *nr, size_t n)
{
	for (size_t i = 0; i < n; i++, (*count)++)
		if (*count < max)
			out[*count] = nr[i];
}

/**
 * seccomp_emu_syscalls() - the system calls the allow-list lets through
 * @flags:	as for seccomp_emu_load()
 * @out:	their numbers (libseccomp's, for the native architecture)
 * @max:	room in @out
 *
 * Those allowed whatever their arguments and those allowed with some
 * (ioctl, socket, clone); not what sanitizer builds add. For the test that
 * compares the allow-list with its description.
 *
 * Return: how many there are (more than @max: only @max were written)
 */
size_t seccomp_emu_syscalls(unsigned int flags, int *out, size_t max)
{
	static const int checked[] = { SCMP_SYS(ioctl), SCMP_SYS(socket), SCMP_SYS(clone) };
	size_t count = 0;

	list_put(out, max, &count, emu_syscalls, ARRAY_SIZE(emu_syscalls));
	if (flags & SECCOMP_EMU_FS)
		list_put(out, max, &count, emu_fs_syscalls,
			 ARRAY_SIZE(emu_fs_syscalls));
	else if (flags & SECCOMP_EMU_UNLINKAT)
		list_put(out, max, &count, emu_unlinkat_syscalls,
			 ARRAY_SIZE(emu_unlinkat_syscalls));
	list_put(out, max, &count, checked, ARRAY_SIZE(checked));
	return count;
}

/**
 * seccomp_emu_load() - install the emulator's allow-list, default kill
 * @flags:	SECCOMP_EMU_FS when the root file system is still visible;
 *		SECCOMP_EMU_UNLINKAT for unlinkat alone without it
 *
 * The caller must have set PR_SET_NO_NEW_PRIVS (or hold CAP_SYS_ADMIN).
 *
 * Return: 0, or a negative errno from libseccomp
 */
int seccomp_emu_load(unsigned int flags)
{
	scmp_filter_ctx ctx;
	int ret;

	ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!ctx)
		return -ENOMEM;
	ret = add_rules(ctx, flags);
	if (!ret)
		ret = seccomp_load(ctx);
	seccomp_release(ctx);
	return ret;
}
