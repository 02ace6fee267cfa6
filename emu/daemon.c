// SPDX-License-Identifier: GPL-2.0-or-later
/* daemon.c - detaching, the pid file, and signals
 *
 * -daemonize forks once every port is open: the parent waits on a pipe
 * until the child says it is ready (pid file written), then exits 0, as
 * QEMU does, so a script can rely on the sockets existing. Signals arrive
 * through a signalfd in the event loop: SIGTERM, SIGINT and SIGHUP end the
 * loop cleanly (dumps flushed, sockets unlinked), SIGUSR1 logs counters,
 * SIGCHLD reaps children (child.c). The signalfd is set up before any
 * port is opened, so no child's exit is missed.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "child.h"
#include "daemon.h"
#include "log.h"
#include "loop.h"
#include "stats.h"

static char *pidfile_path;
static struct loop_watch signal_watch;

/**
 * daemon_detach() - fork into the background
 *
 * The parent never returns: it exits 0 when the child calls daemon_ready(),
 * 1 if the child dies first.
 *
 * Return: in the child, the descriptor to pass to daemon_ready(); negative
 *	   errno on failure
 */
int daemon_detach(void)
{
	int pfd[2], devnull;
	pid_t pid;
	char c;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0) {
		close(pfd[1]);
		_exit(read(pfd[0], &c, 1) == 1 ? 0 : 1);
	}
	close(pfd[0]);
	setsid();
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull >= 0) {
		dup2(devnull, STDIN_FILENO);
		dup2(devnull, STDOUT_FILENO);
		dup2(devnull, STDERR_FILENO);
		close(devnull);
	}
	log_to_syslog("guestnet-emu");
	if (chdir("/") < 0)
		warn("chdir /: %s", errstr(errno));
	return pfd[1];
}

/**
 * daemon_ready() - let the waiting parent exit successfully
 * @fd:	from daemon_detach()
 */
void daemon_ready(int fd)
{
	char c = 0;

	if (write(fd, &c, 1) != 1)
		warn("telling the parent we are ready: %s", errstr(errno));
	close(fd);
}

/**
 * daemon_pidfile() - write our process id to a file
 * @path:	file
 *
 * Return: 0, or negative errno
 */
int daemon_pidfile(const char *path)
{
	char buf[32];
	int fd, len, ret = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (write(fd, buf, (size_t)len) != len)
		ret = -EIO;
	close(fd);
	if (!ret)
		pidfile_path = realpath(path, NULL);
	return ret;
}

/**
 * daemon_pidfile_remove() - remove the pid file written, if any
 */
void daemon_pidfile_remove(void)
{
	if (pidfile_path)
		unlink(pidfile_path);
	free(pidfile_path);
	pidfile_path = NULL;
}

static void daemon_signal(struct loop_watch *w, uint32_t events)
{
	struct signalfd_siginfo si;

	(void)events;
	while (read(w->fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGUSR1) {
			stats_log_all();
			continue;
		}
		if (si.ssi_signo == SIGCHLD) {
			child_reap();
			continue;
		}
		info("signal %u: exiting", si.ssi_signo);
		loop_quit(0);
	}
}

/**
 * daemon_signals() - route signals into the event loop
 *
 * Return: 0, or negative errno
 */
int daemon_signals(void)
{
	sigset_t set;
	int fd;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	return loop_add(&signal_watch, fd, EPOLLIN, daemon_signal);
}
