// SPDX-License-Identifier: GPL-2.0-or-later
/* spawn.c - run a program and wait for it, for at most a few seconds
 *
 * DOC: Theory of operation
 *
 * The programs guestnet-emu runs and waits for — the bridge helper, a
 * tap's script= and downscript=, run by the emulator or by the script
 * launcher (launcher.c) — are run the same way, like QEMU runs them
 * (net/tap.c) but never for longer than the caller's timeout: then the
 * child's process group is killed. The child gets its own process group,
 * an empty signal mask and default SIGPIPE, stdin and stdout as we have
 * them (/dev/null if closed), stderr on a pipe whose first line goes into
 * the caller's message, and no other descriptor but, optionally, one at
 * SPAWN_KEEP_FD (the helper's socket). argv[0] is a path, executed with
 * execv(): never a shell.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "spawn.h"

#define SPAWN_SLICE_MS		20	/* poll slice without a pidfd */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/**
 * spawn_close_from() - close every descriptor from @first up
 * @first:	lowest descriptor to close
 *
 * Async-signal-safe: for a child between fork() and exec().
 */
void spawn_close_from(unsigned int first)
{
	if (close_range(first, ~0U, 0) < 0)
		for (unsigned int i = first; i < 65536; i++)
			close((int)i);
}

/* In the child after fork(): async-signal-safe calls only */
static void __attribute__((noreturn)) spawn_exec(char *const argv[], int err_w, int keep_fd)
{
	static const char msg[] = "cannot execute the program\n";
	sigset_t none;
	int e, k = -1;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	setpgid(0, 0);
	e = fcntl(err_w, F_DUPFD, 10);
	if (keep_fd >= 0)
		k = fcntl(keep_fd, F_DUPFD, 10);
	if (e < 0 || (keep_fd >= 0 && k < 0))
		_exit(127);
	for (int i = 0; i < 2; i++)
		if (fcntl(i, F_GETFD) < 0 && open("/dev/null", O_RDWR) != i)
			_exit(127);
	if (dup2(e, STDERR_FILENO) < 0 || (k >= 0 && dup2(k, SPAWN_KEEP_FD) < 0))
		_exit(127);
	spawn_close_from(keep_fd >= 0 ? SPAWN_KEEP_FD + 1 : STDERR_FILENO + 1);
	execv(argv[0], argv);
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(127);
	_exit(127);
}

/**
 * spawn_start() - start a program
 * @c:		its state, filled in
 * @argv:	path and arguments, NULL-terminated
 * @keep_fd:	a descriptor the program gets as SPAWN_KEEP_FD, or -1
 *
 * Return: 0 (then wait with spawn_wait() and release with spawn_free()),
 *	   or negative errno
 */
int spawn_start(struct spawn *c, char *const argv[], int keep_fd)
{
	int p[2];

	memset(c, 0, sizeof(*c));
	c->pidfd = -1;
	c->err_fd = -1;
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	c->pid = fork();
	if (c->pid < 0) {
		int ret = -errno;

		close(p[0]);
		close(p[1]);
		return ret;
	}
	if (c->pid == 0)
		spawn_exec(argv, p[1], keep_fd);
	setpgid(c->pid, c->pid);	/* may lose the race with exec: fine */
	close(p[1]);
	c->err_fd = p[0];
	c->pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
	return 0;
}

/* Keep the first line of the child's stderr; drain and drop the rest */
static void spawn_read_err(struct spawn *c)
{
	char buf[512];
	ssize_t n;

	while (c->err_fd >= 0) {
		n = read(c->err_fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			close(c->err_fd);
			c->err_fd = -1;
			return;
		}
		for (ssize_t i = 0; i < n && !c->err_done; i++) {
			unsigned char ch = (unsigned char)buf[i];

			if (ch == '\n' || c->err_len == sizeof(c->err) - 1) {
				c->err_done = true;
				break;
			}
			c->err[c->err_len++] = (ch < ' ' || ch >= 0x7f) ? '?' : (char)ch;
		}
		c->err[c->err_len] = '\0';
	}
}

static bool spawn_reap(struct spawn *c, int flags)
{
	pid_t r;

	if (c->exited)
		return true;
	do
		r = waitpid(c->pid, &c->status, flags);
	while (r < 0 && errno == EINTR);
	if (r == c->pid)
		c->exited = true;
	return c->exited;
}

static void spawn_kill(struct spawn *c)
{
	if (!c->exited) {
		if (kill(-c->pid, SIGKILL) < 0)
			kill(c->pid, SIGKILL);
		spawn_reap(c, 0);
	}
}

/**
 * spawn_wait() - wait until the program has exited, reading its stderr
 * @c:		a started program
 * @timeout_ms:	how long it may take
 *
 * Return: 0 once it exited (its status in @c->status), -ETIMEDOUT if it
 *	   took too long, or another negative errno; in both latter cases
 *	   its process group has been killed and it is reaped
 */
int spawn_wait(struct spawn *c, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;

	while (!spawn_reap(c, WNOHANG)) {
		struct pollfd pfd[2];
		int64_t left = deadline - now_ms();
		nfds_t n = 0;
		int timeout;

		if (left <= 0) {
			spawn_kill(c);
			return -ETIMEDOUT;
		}
		timeout = c->pidfd >= 0 ? (int)left :
			  (int)(left < SPAWN_SLICE_MS ? left : SPAWN_SLICE_MS);
		if (c->err_fd >= 0)
			pfd[n++] = (struct pollfd){ .fd = c->err_fd, .events = POLLIN };
		if (c->pidfd >= 0)
			pfd[n++] = (struct pollfd){ .fd = c->pidfd, .events = POLLIN };
		if (poll(pfd, n, timeout) < 0 && errno != EINTR) {
			int ret = -errno;

			spawn_kill(c);
			return ret;
		}
		spawn_read_err(c);
	}
	spawn_read_err(c);
	return 0;
}

/**
 * spawn_succeeded() - tell whether a reaped program exited with status 0
 * @c:	the program, after spawn_wait() returned 0
 *
 * Return: true for exit status 0
 */
bool spawn_succeeded(const struct spawn *c)
{
	return c->exited && WIFEXITED(c->status) && !WEXITSTATUS(c->status);
}

/**
 * spawn_describe() - how a reaped program ended, with its first error line
 * @c:		the program
 * @buf:	destination: "exit status 1: <line>", "killed by signal 9", ...
 * @len:	its size
 */
void spawn_describe(const struct spawn *c, char *buf, size_t len)
{
	int st = c->status;

	if (WIFEXITED(st))
		snprintf(buf, len, "exit status %d%s%s", WEXITSTATUS(st),
			 c->err_len ? ": " : "", c->err);
	else
		snprintf(buf, len, "killed by signal %d%s%s", WTERMSIG(st),
			 c->err_len ? ": " : "", c->err);
}

/**
 * spawn_free() - release what spawn_start() opened
 * @c:	the program, reaped
 */
void spawn_free(struct spawn *c)
{
	if (c->err_fd >= 0)
		close(c->err_fd);
	if (c->pidfd >= 0)
		close(c->pidfd);
	c->err_fd = c->pidfd = -1;
}

/**
 * spawn_run() - run a program, wait for it, say how it went
 * @argv:	path and arguments, NULL-terminated
 * @timeout_ms:	how long it may take before it is killed
 * @why:	on failure, what happened (with its first stderr line)
 * @len:	size of @why
 *
 * Return: 0 if it exited with status 0, -EIO on another status,
 *	   -ETIMEDOUT if it was killed for taking too long, another negative
 *	   errno if it could not be run
 */
int spawn_run(char *const argv[], int timeout_ms, char *why, size_t len)
{
	struct spawn c;
	int ret;

	ret = spawn_start(&c, argv, -1);
	if (ret < 0) {
		snprintf(why, len, "%s", errstr(ret));
		return ret;
	}
	ret = spawn_wait(&c, timeout_ms);
	if (ret == -ETIMEDOUT) {
		snprintf(why, len, "did not finish within %d s, killed%s%s",
			 timeout_ms / 1000, c.err_len ? ": " : "", c.err);
	} else if (ret < 0) {
		snprintf(why, len, "%s", errstr(ret));
	} else if (!spawn_succeeded(&c)) {
		spawn_describe(&c, why, len);
		ret = -EIO;
	}
	spawn_free(&c);
	return ret;
}
