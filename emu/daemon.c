// SPDX-License-Identifier: GPL-2.0-or-later
/* daemon.c - detaching, the pid file, and signals
 *
 * -daemonize forks once every port is open: the parent waits on a pipe
 * until the child says it is ready (pid file written), then exits 0, as
 * QEMU does, so a script can rely on the sockets existing. The pid file
 * stays locked while the process lives (QEMU's rule too): a second
 * emulator given the same file is refused. Signals arrive
 * through a signalfd in the event loop: SIGTERM, SIGINT and SIGHUP end the
 * loop cleanly (dumps flushed, sockets unlinked), SIGUSR1 logs counters,
 * SIGCHLD reaps children (child.c). The signalfd is set up before any
 * port is opened, so no child's exit is missed.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "child.h"
#include "daemon.h"
#include "log.h"
#include "loop.h"
#include "stats.h"

static char *pidfile_path;
static int pidfile_fd = -1;
static struct loop_watch signal_watch = { .fd = -1 };

static void daemon_signal(struct loop_watch *w, uint32_t events);

/*
 * A signalfd wakes epoll through the signal queue of the process that
 * added it: after fork() the child's signals would never wake its loop.
 * The child adds the signalfd again, as its own.
 */
static int signals_rewatch(void)
{
	int fd = signal_watch.fd;

	if (fd < 0)
		return 0;
	loop_del(&signal_watch);
	return loop_add(&signal_watch, fd, EPOLLIN, daemon_signal);
}

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
	int pfd[2], devnull, ret;
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
	ret = signals_rewatch();
	if (ret < 0)
		return ret;
	setsid();
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull >= 0) {
		dup2(devnull, STDIN_FILENO);
		dup2(devnull, STDOUT_FILENO);
		dup2(devnull, STDERR_FILENO);
		close(devnull);
	}
	log_to_syslog(false);
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

/* The pid of the process whose lock on @fd is in our way, or 0 */
static pid_t pidfile_holder(int fd)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

	if (fcntl(fd, F_GETLK, &fl) < 0 || fl.l_type == F_UNLCK)
		return 0;
	return fl.l_pid;
}

/* True if @fd is still the file at @path (its last owner may remove it) */
static bool pidfile_is_current(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Open @path and lock it for writing; the descriptor, or negative errno */
static int pidfile_lock(const char *path, char *err, size_t errlen)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	pid_t holder;
	int fd, ret;

	for (;;) {
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0) {
			ret = -errno;
			snprintf(err, errlen, "%s", errstr(-ret));
			return ret;
		}
		if (fcntl(fd, F_SETLK, &fl) < 0) {
			ret = errno == EACCES || errno == EAGAIN ? -EAGAIN : -errno;
			holder = ret == -EAGAIN ? pidfile_holder(fd) : 0;
			if (holder > 0)
				snprintf(err, errlen, "locked by another process (pid %d)",
					 (int)holder);
			else if (ret == -EAGAIN)
				snprintf(err, errlen, "locked by another process");
			else
				snprintf(err, errlen, "lock: %s", errstr(-ret));
			close(fd);
			return ret;
		}
		if (pidfile_is_current(fd, path))
			return fd;
		close(fd);	/* removed between our open and our lock: again */
	}
}

/**
 * daemon_pidfile() - write our process id to a file and keep it locked
 * @path:	file
 * @err:	on failure, a message without the path
 * @errlen:	its size
 *
 * As QEMU's -pidfile: the file is locked (fcntl write lock) for the life
 * of the process, so a second emulator with the same file is refused
 * instead of overwriting it; a file left by one that died (no lock) is
 * taken over. The file is truncated only once the lock is ours. Nothing
 * else in the process may open the file: closing any descriptor of it
 * would drop the lock (POSIX locks belong to the process).
 *
 * Return: 0, -EAGAIN if another process holds the lock, or negative errno
 */
int daemon_pidfile(const char *path, char *err, size_t errlen)
{
	char buf[32];
	int fd, len, ret = 0;

	fd = pidfile_lock(path, err, errlen);
	if (fd < 0)
		return fd;
	len = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	errno = 0;
	if (ftruncate(fd, 0) < 0 || write(fd, buf, (size_t)len) != len) {
		ret = errno ? -errno : -EIO;
		snprintf(err, errlen, "writing: %s", errstr(-ret));
		unlink(path);
		close(fd);
		return ret;
	}
	pidfile_fd = fd;
	pidfile_path = realpath(path, NULL);
	return 0;
}

/**
 * daemon_pidfile_remove() - remove the pid file written, if any
 *
 * The file is removed while the lock is still held, then released.
 */
void daemon_pidfile_remove(void)
{
	if (pidfile_path)
		unlink(pidfile_path);
	free(pidfile_path);
	pidfile_path = NULL;
	if (pidfile_fd >= 0)
		close(pidfile_fd);
	pidfile_fd = -1;
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
