// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rlimits.c - resource limits and signal dispositions from the caller
 *
 * Resource limits, ignored signals and the signal mask survive a setuid
 * or file-capability exec, so the caller sets them. A limit that is too
 * small would make the helper fail half-way (an open, a malloc or the
 * stack growing), so rlimits_check() first raises each soft limit that
 * matters to its hard limit (always allowed) and then refuses, with one
 * clear line, to run below what the helper needs. SIGPIPE and SIGXFSZ
 * are ignored so a write to a closed pipe or past RLIMIT_FSIZE on
 * stderr returns an error instead of killing the helper between two
 * steps. SIGKILL, SIGSTOP and RLIMIT_CPU stay the caller's: a helper
 * killed or stopped at any step leaves nothing behind (see main.c).
 *
 * Below a few limits the helper never gets to run: with RLIMIT_NOFILE
 * under 4 or RLIMIT_AS under about 8 MiB the dynamic loader cannot load
 * its libraries (it says so on stderr and exits 127), and with
 * RLIMIT_STACK under about 24 KiB it dies by SIGSEGV before main() (the
 * kernel also moves the first stack pointer down by up to 8 KiB at
 * random). Nothing has been done at that point.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>

#include "rlimits.h"
#include "util.h"

/**
 * struct limit_need - a resource limit the helper needs at least
 * @res:	RLIMIT_*
 * @name:	its name, for the message
 * @min:	the least the helper runs with (0: only raised)
 */
struct limit_need {
	int res;
	const char *name;
	rlim_t min;
};

/*
 * The helper's peak, measured on a nat-network bridge (VmPeak 7.6 MB,
 * VmData 3.2 MB, VmStk 132 kB, 6 descriptors; deepest ACL includes add
 * 9 and the path walk 2), with a wide margin.
 */
#ifdef GN_SANITIZED
#define MIN_AS		RLIM_INFINITY	/* ASan maps terabytes of shadow */
#define MIN_DATA	RLIM_INFINITY
#else
#define MIN_AS		(64u << 20)
#define MIN_DATA	(32u << 20)
#endif

static const struct limit_need needs[] = {
	{ RLIMIT_NOFILE, "RLIMIT_NOFILE", 32 },
	{ RLIMIT_STACK, "RLIMIT_STACK", 256u << 10 },
	{ RLIMIT_AS, "RLIMIT_AS", MIN_AS },
	{ RLIMIT_DATA, "RLIMIT_DATA", MIN_DATA },
	{ RLIMIT_FSIZE, "RLIMIT_FSIZE", 0 },
	{ RLIMIT_CPU, "RLIMIT_CPU", 0 },
};

/**
 * rlimits_check() - raise soft limits to hard, refuse too small ones
 * @msg:	on failure, one line naming the limit
 * @msglen:	size of @msg
 *
 * Return: 0, or -ENOBUFS if a hard limit is below what the helper needs
 */
int rlimits_check(char *msg, size_t msglen)
{
	struct rlimit rl;
	size_t i;

	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
	for (i = 0; i < ARRAY_SIZE(needs); i++) {
		if (getrlimit(needs[i].res, &rl))
			continue;
		if (rl.rlim_cur != rl.rlim_max) {
			rl.rlim_cur = rl.rlim_max;
			setrlimit(needs[i].res, &rl);
		}
		if (rl.rlim_cur < needs[i].min) {
			if (needs[i].min == RLIM_INFINITY)
				snprintf(msg, msglen,
					 "%s is %llu, this build needs it unlimited",
					 needs[i].name,
					 (unsigned long long)rl.rlim_cur);
			else
				snprintf(msg, msglen,
					 "%s is %llu, the helper needs at least %llu",
					 needs[i].name,
					 (unsigned long long)rl.rlim_cur,
					 (unsigned long long)needs[i].min);
			return -ENOBUFS;
		}
	}
	return 0;
}
