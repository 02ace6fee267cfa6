// SPDX-License-Identifier: GPL-2.0-or-later
/* child.c - child processes the emulator waits for
 *
 * SIGCHLD arrives through the signalfd (daemon.c), which calls
 * child_reap(): every exited child is reaped with waitpid(WNOHANG), and
 * the owner of a watched one is told its exit code.
 */

#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "child.h"
#include "log.h"

#define CHILD_MAX	64

static struct {
	pid_t pid;
	child_exit_fn fn;
	void *opaque;
} children[CHILD_MAX];

/**
 * child_watch() - be told when a child exits
 * @pid:	the child
 * @fn:		callback
 * @opaque:	its argument
 *
 * Return: 0, or -ENOSPC if too many children are watched
 */
int child_watch(pid_t pid, child_exit_fn fn, void *opaque)
{
	for (int i = 0; i < CHILD_MAX; i++) {
		if (!children[i].pid) {
			children[i].pid = pid;
			children[i].fn = fn;
			children[i].opaque = opaque;
			return 0;
		}
	}
	return -ENOSPC;
}

/**
 * child_unwatch() - stop watching a child (it is still reaped)
 * @pid:	the child
 */
void child_unwatch(pid_t pid)
{
	for (int i = 0; i < CHILD_MAX; i++)
		if (children[i].pid == pid)
			children[i].pid = 0;
}

/**
 * child_reap() - reap every exited child and tell the watchers
 */
void child_reap(void)
{
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		int code = WIFEXITED(status) ? WEXITSTATUS(status) :
			   WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;

		for (int i = 0; i < CHILD_MAX; i++) {
			if (children[i].pid != pid)
				continue;
			children[i].pid = 0;
			children[i].fn(pid, code, children[i].opaque);
			break;
		}
	}
}
