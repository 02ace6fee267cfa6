// SPDX-License-Identifier: GPL-2.0-or-later
/* command.c - run COMMAND and wait for it
 *
 * COMMAND is looked up in PATH (execvp), as any launcher does, and
 * inherits our environment (with GUESTNET_NET*) and the tap descriptors
 * it is given (common/spawn.c: SPAWN_SEARCH_PATH, execvp()). guestnet
 * keeps SIGCHLD, SIGTERM, SIGINT, SIGHUP and SIGQUIT blocked
 * (proc_signals_block()) and reads them from a signalfd: the last four are
 * passed on to COMMAND, so `kill guestnet-pid` stops the VM and then
 * guestnet cleans up. An exec failure is one line and status 127 (not
 * found) or 126 (not executable), as in the shell.
 */

#include <errno.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "command.h"
#include "proc.h"
#include "spawn.h"
#include "util.h"

/* Handle one signal; 1 once COMMAND has exited (status in *ws) */
static int command_signal(pid_t pid, const struct signalfd_siginfo *si, int *ws)
{
	pid_t r;

	if (si->ssi_signo != SIGCHLD) {
		kill(pid, (int)si->ssi_signo);
		return 0;
	}
	r = waitpid(pid, ws, WNOHANG);
	return r == pid;
}

/**
 * command_run() - run COMMAND until it exits
 * @argv:	COMMAND and its arguments (argv[0] looked up in PATH)
 * @keep_fds:	descriptors COMMAND inherits (close-on-exec cleared in it)
 * @n_keep:	how many
 * @code:	result: its exit status, or 128 + the signal that killed it
 *
 * Return: 0, or negative errno if it could not be started
 */
int command_run(char *const argv[], const int *keep_fds, unsigned int n_keep, int *code)
{
	const struct spawn_opts o = {
		.flags = SPAWN_SEARCH_PATH, .keep_fd = -1,
		.inherit = keep_fds, .n_inherit = n_keep,
	};
	struct signalfd_siginfo si;
	struct spawn c;
	sigset_t set;
	int sfd, ws = 0, ret;
	pid_t pid;

	sigprocmask(SIG_BLOCK, NULL, &set);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0)
		return -errno;
	ret = spawn_program(&c, argv, &o);
	if (ret < 0)
		goto out;
	pid = c.pid;
	spawn_free(&c);		/* reaped below, through the signalfd */
	for (;;) {
		/* a SIGCHLD may have come before the signalfd existed */
		if (waitpid(pid, &ws, WNOHANG) == pid)
			break;
		if (read(sfd, &si, sizeof(si)) != sizeof(si)) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			kill(pid, SIGKILL);
			waitpid(pid, &ws, 0);
			break;
		}
		if (command_signal(pid, &si, &ws))
			break;
	}
	*code = proc_status_code(ws);
out:
	close(sfd);
	return ret;
}

/**
 * command_pending_signal() - a terminating signal that came during set-up
 *
 * Return: SIGTERM, SIGINT, SIGHUP or SIGQUIT if one is pending, else 0
 */
int command_pending_signal(void)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };
	sigset_t p;

	sigpending(&p);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		if (sigismember(&p, sigs[i]))
			return sigs[i];
	return 0;
}
