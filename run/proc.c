// SPDX-License-Identifier: GPL-2.0-or-later
/* proc.c - child processes: spawn with execv (no shell, no PATH), watch
 * through a pidfd, stop with SIGTERM then SIGKILL
 *
 * guestnet keeps SIGCHLD, SIGTERM, SIGINT, SIGHUP and SIGQUIT blocked
 * (command.c reads them from a signalfd); every child starts with an
 * empty signal mask and default dispositions (common/spawn.c). An
 * emulator child also gets PR_SET_PDEATHSIG SIGTERM: if guestnet itself
 * is killed, its emulator does not outlive it.
 */

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "spawn.h"
#include "util.h"

static const int handled[] = { SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGQUIT };

/**
 * proc_signals_block() - block the signals guestnet handles synchronously
 * @old:	the previous mask, or NULL
 */
void proc_signals_block(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < ARRAY_SIZE(handled); i++)
		sigaddset(&set, handled[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

/**
 * proc_child_reset() - in a new child: empty signal mask, default actions
 */
void proc_child_reset(void)
{
	sigset_t none;

	for (size_t i = 0; i < ARRAY_SIZE(handled); i++)
		signal(handled[i], SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/**
 * proc_spawn() - start PATH with argv, to die with us
 * @p:		result
 * @argv:	the program (argv[0], no PATH lookup) and its arguments
 *
 * It gets SIGTERM if we die (common/spawn.c, SPAWN_DIE_WITH_PARENT).
 *
 * Return: 0, or negative errno (fork, pidfd_open); an exec failure shows
 *	   as the child exiting with status 127 after one line on stderr
 */
int proc_spawn(struct proc *p, char *const argv[])
{
	const struct spawn_opts o = { .flags = SPAWN_DIE_WITH_PARENT, .keep_fd = -1 };
	struct spawn c;
	int ret;

	p->pid = 0;
	p->pidfd = -1;
	ret = spawn_program(&c, argv, &o);
	if (ret < 0)
		return ret;
	p->pid = c.pid;
	p->pidfd = c.pidfd;
	if (p->pidfd < 0) {
		proc_stop(p, 0);
		return -ENOSYS;	/* no pidfd_open(): we could not watch it */
	}
	return 0;
}

/**
 * proc_exited() - whether a child has exited (it is not reaped)
 * @p:		child
 * @timeout_ms:	how long to wait for it, 0 to just look
 *
 * Return: true if it has exited (or there is none)
 */
bool proc_exited(const struct proc *p, int timeout_ms)
{
	struct pollfd pfd = { .fd = p->pidfd, .events = POLLIN };

	if (!p->pid || p->pidfd < 0)
		return true;
	return poll(&pfd, 1, timeout_ms) > 0;
}

/**
 * proc_reap() - wait for a child's exit and free its resources
 * @p:		child, emptied
 *
 * Return: its wait status, or -ECHILD if there was none
 */
int proc_reap(struct proc *p)
{
	int ws = 0;

	if (!p->pid)
		return -ECHILD;
	while (waitpid(p->pid, &ws, 0) < 0 && errno == EINTR)
		;
	if (p->pidfd >= 0)
		close(p->pidfd);
	p->pid = 0;
	p->pidfd = -1;
	return ws;
}

/**
 * proc_stop() - SIGTERM a child, SIGKILL it if it lingers, reap it
 * @p:		child, emptied
 * @timeout_ms:	grace time after SIGTERM
 *
 * Return: its wait status, or -ECHILD if there was none
 */
int proc_stop(struct proc *p, int timeout_ms)
{
	if (!p->pid)
		return -ECHILD;
	kill(p->pid, SIGTERM);
	if (!proc_exited(p, timeout_ms))
		kill(p->pid, SIGKILL);
	return proc_reap(p);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/**
 * proc_connectable() - whether something accepts connections on a socket
 * @path:	unix socket path
 *
 * Return: 0 if a connect() succeeded (the connection is closed at once),
 *	   else negative errno
 */
int proc_connectable(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, ret;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	ret = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ? -errno : 0;
	close(fd);
	return ret;
}

/**
 * proc_wait_socket() - wait until a child accepts connections on a socket
 * @path:	unix socket path
 * @p:		the child that will listen on it
 * @timeout_ms:	how long to wait
 *
 * Return: 0 once a connect() succeeds, -ECHILD if the child exited first,
 *	   -ETIMEDOUT
 */
int proc_wait_socket(const char *path, const struct proc *p, int timeout_ms)
{
	long end = now_ms() + timeout_ms;

	for (;;) {
		if (!proc_connectable(path))
			return 0;
		if (proc_exited(p, 0))
			return -ECHILD;
		if (now_ms() >= end)
			return -ETIMEDOUT;
		proc_exited(p, 20);
	}
}

/**
 * proc_status_code() - exit code a shell would show for a wait status
 * @wstatus:	from waitpid()
 *
 * Return: the exit status, or 128 + the signal that killed it
 */
int proc_status_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return 1;
}
