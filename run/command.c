// SPDX-License-Identifier: GPL-2.0-or-later
/* command.c - run COMMAND and wait for it
 *
 * COMMAND is looked up in PATH (execvp), as any launcher does, and
 * inherits our environment (with GUESTNET_NET*) and the tap descriptors
 * it is given. guestnet keeps SIGCHLD, SIGTERM, SIGINT, SIGHUP and SIGQUIT
 * blocked (proc_signals_block()) and reads them from a signalfd: the last
 * four are passed on to COMMAND, so `kill guestnet-pid` stops the VM and
 * then guestnet cleans up. An exec failure is one line and status 127
 * (not found) or 126 (not executable), as in the shell.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "command.h"
#include "proc.h"

static void command_child(char *const argv[], const int *keep, unsigned int n)
{
	proc_child_reset();
	for (unsigned int i = 0; i < n; i++)
		fcntl(keep[i], F_SETFD, 0);
	execvp(argv[0], argv);
	fprintf(stderr, "guestnet: %s: %s\n", argv[0], strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

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
	struct signalfd_siginfo si;
	sigset_t set;
	int sfd, ws = 0, ret = 0;
	pid_t pid;

	sigprocmask(SIG_BLOCK, NULL, &set);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		goto out;
	}
	if (!pid)
		command_child(argv, keep_fds, n_keep);
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
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigismember(&p, sigs[i]))
			return sigs[i];
	return 0;
}
