// SPDX-License-Identifier: GPL-2.0-or-later
/* s4n_watch.c - when the front end is ready, and when it ends
 *
 * DOC: Theory of operation
 *
 * - Ready (-r FD): "1" is written to FD and FD closed once the API socket
 *   listens and the sandbox is in place, as slirp4netns does.
 * - Exit fd (-e FD): the loop watches FD for reading; it ends the process
 *   (status 0) when FD is readable or hung up — a pipe whose writer went,
 *   or one written to. slirp4netns 1.2 asks poll() for POLLHUP alone, so
 *   data written to FD does not end it; that is the one difference. A
 *   descriptor epoll cannot watch (a regular file, /dev/null) reads as
 *   ready at once, as poll() says, and a closed one (EBADF) ends the
 *   process as slirp4netns' POLLNVAL does.
 * - Target (pid mode): a pidfd of the target process, opened before its
 *   namespaces are entered (so the pid cannot be reused in between); when
 *   the target exits, so do we. slirp4netns 1.2 does not watch the target
 *   at all (its tap keeps the namespace, so it idles on). In path and fd
 *   modes there is no process to watch: the exit fd or a signal ends us.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "s4n_watch.h"

static struct loop_watch exit_watch = { .fd = -1 };
static struct loop_timer exit_now;
static struct loop_watch target_watch = { .fd = -1 };
static int target_pidfd = -1;
static pid_t target_pid;

static void exit_fd_event(struct loop_watch *w, uint32_t events)
{
	info("exit fd %d %s: exiting", w->fd,
	     events & (EPOLLHUP | EPOLLERR) ? "hung up" : "is readable");
	loop_quit(0);
}

static void exit_fd_unpollable(struct loop_timer *t)
{
	(void)t;
	info("exit fd: not a pipe or socket, which reads as ready: exiting");
	loop_quit(0);
}

/**
 * s4n_watch_exit_fd() - end the loop when @fd is readable or hangs up
 * @fd:		-e FD
 * @err:	message on failure
 * @errlen:	its size
 *
 * Return: 0, or negative errno with @err set
 */
int s4n_watch_exit_fd(int fd, char *err, size_t errlen)
{
	int ret = loop_add(&exit_watch, fd, EPOLLIN, exit_fd_event);

	if (ret == -EPERM || ret == -EBADF) {
		loop_timer_arm(&exit_now, 0, exit_fd_unpollable);
		return 0;
	}
	if (ret < 0)
		snprintf(err, errlen, "exit-fd %d: %s", fd, errstr(ret));
	return ret;
}

/**
 * s4n_watch_target_open() - a pidfd of the target, before its namespaces
 *			     are entered
 * @pid:	TARGET in pid mode
 * @err:	message on failure
 * @errlen:	its size
 *
 * Return: 0, or negative errno with @err set (-ESRCH: no such process)
 */
int s4n_watch_target_open(pid_t pid, char *err, size_t errlen)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);

	if (fd < 0) {
		int ret = -errno;

		snprintf(err, errlen, "PID %d: %s", (int)pid, errstr(ret));
		return ret;
	}
	target_pidfd = fd;
	target_pid = pid;
	return 0;
}

static void target_event(struct loop_watch *w, uint32_t events)
{
	(void)w;
	(void)events;
	info("target process %d exited: exiting", (int)target_pid);
	loop_quit(0);
}

/**
 * s4n_watch_target() - end the loop when the target process exits
 * @err:	message on failure
 * @errlen:	its size
 *
 * Does nothing unless s4n_watch_target_open() opened a pidfd.
 *
 * Return: 0, or negative errno with @err set
 */
int s4n_watch_target(char *err, size_t errlen)
{
	int ret;

	if (target_pidfd < 0)
		return 0;
	ret = loop_add(&target_watch, target_pidfd, EPOLLIN, target_event);
	if (ret < 0)
		snprintf(err, errlen, "watching PID %d: %s", (int)target_pid,
			 errstr(ret));
	return ret;
}

/**
 * s4n_ready() - tell the caller we are ready: "1" on @fd, then close it
 * @fd:		-r FD
 * @err:	message on failure
 * @errlen:	its size
 *
 * Return: 0, or negative errno with @err set
 */
int s4n_ready(int fd, char *err, size_t errlen)
{
	ssize_t n;
	int ret;

	do {
		n = write(fd, "1", 1);
	} while (n < 0 && errno == EINTR);
	ret = n == 1 ? 0 : n < 0 ? -errno : -EIO;
	if (ret < 0)
		snprintf(err, errlen, "ready-fd %d: %s", fd, errstr(ret));
	close(fd);
	return ret;
}
