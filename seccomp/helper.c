// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * helper.c - seccomp allow-list of guestnet-bridge-helper (libseccomp)
 *
 * Loaded once the request is granted: after the privilege drop, the ACL,
 * NSS and the bridge look-up, and after PR_SET_NO_NEW_PRIVS; anything not
 * listed kills the process (SCMP_ACT_KILL_PROCESS). What is left to do at
 * that point, and why each call is here:
 *
 *	open /dev/net/tun, ioctl TUN*	common/tapdev.c (openat; ioctl by
 *					request)
 *	rtnetlink socket		netlink.c via libmnl: socket(AF_NETLINK),
 *					bind, getsockname, sendto, recvmsg
 *	syslog				common/log.c: sendto on the socket
 *					opened before (socket, connect stay
 *					allowed)
 *	fd reply			common/fdpass.c: sendmsg
 *	stderr, memory, exit		write(v), brk, mmap, munmap, mremap,
 *					madvise, close, exit, exit_group
 *	libc internals			getpid, getrandom, futex, clock_gettime,
 *					gettimeofday, newfstatat, fstat, lseek
 *	nftables (libnftables, only on	socket(AF_NETLINK), setsockopt,
 *	a guestnet network's bridge)	getsockopt, sendto/sendmsg, recvmsg/
 *					recvfrom; openat/read of its fixed
 *					/etc/iproute2 tables at nft_ctx_new();
 *					getuid, geteuid (libxtables' setuid
 *					check), fcntl(F_GETFL/F_SETFL) for
 *					O_NONBLOCK, pselect6 (a zero-timeout
 *					poll of its socket)
 *
 * socket() is limited to AF_UNIX and AF_NETLINK, ioctl() to the tun
 * requests the helper makes. The emulator's own list will sit beside
 * this one as seccomp/emu.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "helper.h"
#include "util.h"

static const int helper_syscalls[] = {
	SCMP_SYS(openat), SCMP_SYS(close), SCMP_SYS(read), SCMP_SYS(write),
	SCMP_SYS(writev), SCMP_SYS(lseek), SCMP_SYS(fstat),
	SCMP_SYS(newfstatat), SCMP_SYS(brk), SCMP_SYS(mmap),
	SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(madvise),
	SCMP_SYS(setsockopt), SCMP_SYS(getsockopt), SCMP_SYS(bind),
	SCMP_SYS(getsockname), SCMP_SYS(connect), SCMP_SYS(sendto),
	SCMP_SYS(sendmsg), SCMP_SYS(recvmsg), SCMP_SYS(recvfrom),
	SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(getrandom),
	SCMP_SYS(futex), SCMP_SYS(clock_gettime), SCMP_SYS(gettimeofday),
	SCMP_SYS(exit), SCMP_SYS(exit_group), SCMP_SYS(rt_sigreturn),
	SCMP_SYS(getuid), SCMP_SYS(geteuid), SCMP_SYS(pselect6),
#ifdef GN_SANITIZED
	/*
	 * ASan/UBSan/LSan builds only (never installed): what the sanitizer
	 * runtime calls at exit and when it reports (leak check, stack
	 * unwinding, its own signal handling).
	 */
	SCMP_SYS(prctl), SCMP_SYS(sigaltstack), SCMP_SYS(rt_sigaction),
	SCMP_SYS(rt_sigprocmask), SCMP_SYS(readlink), SCMP_SYS(readlinkat),
	SCMP_SYS(sched_yield), SCMP_SYS(getppid), SCMP_SYS(clone),
	SCMP_SYS(clone3), SCMP_SYS(ptrace), SCMP_SYS(wait4), SCMP_SYS(mprotect),
	SCMP_SYS(sched_getaffinity), SCMP_SYS(open), SCMP_SYS(pipe2),
	SCMP_SYS(getuid), SCMP_SYS(geteuid), SCMP_SYS(tgkill), SCMP_SYS(kill),
	SCMP_SYS(getdents), SCMP_SYS(getdents64),
#endif
#ifdef GN_HELPER_TEST_PAUSE
	/* test build only: raise(SIGSTOP) so a test can read /proc */
	SCMP_SYS(rt_sigprocmask), SCMP_SYS(tgkill),
#endif
};

static const unsigned long helper_ioctls[] = {
	TUNGETFEATURES, TUNSETIFF, TUNSETOWNER, TUNGETIFF,
};

static const int helper_families[] = { AF_UNIX, AF_NETLINK };

static const int helper_fcntls[] = { F_GETFL, F_SETFL };

/* Allow @nr when its argument @arg equals @val */
static int allow_if(scmp_filter_ctx ctx, int nr, unsigned int arg,
		    scmp_datum_t val)
{
	const struct scmp_arg_cmp cmp = {
		.arg = arg, .op = SCMP_CMP_EQ, .datum_a = val, .datum_b = 0,
	};

	return seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, 1, &cmp);
}

static int add_rules(scmp_filter_ctx ctx)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(helper_syscalls); i++) {
		ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, helper_syscalls[i], 0);
		if (ret)
			return ret;
	}
	for (i = 0; i < ARRAY_SIZE(helper_ioctls); i++) {
		ret = allow_if(ctx, SCMP_SYS(ioctl), 1, helper_ioctls[i]);
		if (ret)
			return ret;
	}
	for (i = 0; i < ARRAY_SIZE(helper_fcntls); i++) {
		ret = allow_if(ctx, SCMP_SYS(fcntl), 1,
			       (scmp_datum_t)helper_fcntls[i]);
		if (ret)
			return ret;
	}
	for (i = 0; i < ARRAY_SIZE(helper_families); i++) {
		ret = allow_if(ctx, SCMP_SYS(socket), 0,
			       (scmp_datum_t)helper_families[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * seccomp_helper_load() - install the helper's allow-list, default kill
 *
 * The caller must have set PR_SET_NO_NEW_PRIVS (or hold CAP_SYS_ADMIN).
 *
 * Return: 0, or a negative errno from libseccomp
 */
int seccomp_helper_load(void)
{
	scmp_filter_ctx ctx;
	int ret;

	ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!ctx)
		return -ENOMEM;
	ret = add_rules(ctx);
	if (!ret)
		ret = seccomp_load(ctx);
	seccomp_release(ctx);
	return ret;
}
