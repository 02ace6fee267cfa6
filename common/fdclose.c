// SPDX-License-Identifier: GPL-2.0-or-later
/* fdclose.c - close every descriptor above a number
 *
 * For a child between fork() and exec() (the script launcher, the
 * internal hub's keeper), and for the bridge helper, which closes what
 * its caller left open: close_range(2), or on a kernel without it (before
 * 5.9) close() of each number below the descriptor limit. Async-signal-
 * safe: system calls only.
 */

#include <sys/resource.h>
#include <unistd.h>

#include "fdclose.h"

#define FDCLOSE_LOOP_MAX	(1U << 20)	/* a limit of "unlimited" */

/* Close @lo to @hi (inclusive) */
static void close_span(unsigned int lo, unsigned int hi)
{
	struct rlimit rl;

	if (lo > hi || !close_range(lo, hi, 0))
		return;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur > FDCLOSE_LOOP_MAX)
		rl.rlim_cur = FDCLOSE_LOOP_MAX;
	for (unsigned int i = lo; i <= hi && i < rl.rlim_cur; i++)
		close((int)i);
}

/**
 * fd_close_from() - close every descriptor from @first up, but @keep
 * @first:	lowest descriptor to close
 * @keep:	a descriptor to leave open, or -1 (also: any below @first)
 */
void fd_close_from(unsigned int first, int keep)
{
	if (keep < 0 || (unsigned int)keep < first) {
		close_span(first, ~0U);
		return;
	}
	if ((unsigned int)keep > first)
		close_span(first, (unsigned int)keep - 1);
	close_span((unsigned int)keep + 1, ~0U);
}
