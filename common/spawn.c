// SPDX-License-Identifier: GPL-2.0-or-later
/* spawn.c - start a program, and wait for it for at most a few seconds
 *
 * DOC: Theory of operation
 *
 * Every program the suite runs is started here: the bridge helper (by
 * guestnet-emu and `guestnet run`, as QEMU runs it), a tap's script= and
 * downscript= (by the emulator, or by its script launcher once
 * sandboxed), dnsmasq (by guestnet-network), and guestnet run's COMMAND
 * and emulators. argv[0] is a path, never a shell command. Every child
 * starts with an empty signal mask and default signal dispositions.
 *
 * posix_spawn() does it (a vfork-like clone, no code of ours between fork
 * and exec, and an exec error is the caller's return value, not an exit
 * status), with @o's environment (NULL: ours) and descriptors: stdin and
 * stdout as we have them (/dev/null if closed, stdin /dev/null with
 * SPAWN_NULL_STDIN), stderr ours or, with SPAWN_CAPTURE_ERR, a pipe
 * whose first line goes into the caller's message, and no other
 * descriptor but, optionally, @o->keep_fd as SPAWN_KEEP_FD (the helper's
 * socket). With SPAWN_OWN_GROUP the child has its own process group,
 * which is killed as one when it takes too long.
 *
 * Two things posix_spawn() cannot do need fork(): SPAWN_DIE_WITH_PARENT
 * (PR_SET_PDEATHSIG, set in the child: guestnet run's emulators die with
 * it) and SPAWN_SEARCH_PATH (execvp(), with its PATH search and its
 * /bin/sh for a script without "#!", as every launcher runs a COMMAND).
 * Such a child keeps the descriptors that are not close-on-exec, clears
 * close-on-exec on @o->inherit, and reports an exec error as one line on
 * stderr and exit status 127 (not found) or 126, as the shell does.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fdclose.h"
#include "log.h"
#include "spawn.h"

#define SPAWN_SLICE_MS		20	/* poll slice without a pidfd */
#define SPAWN_FD_FLOOR		10	/* our copies of the child's descriptors */

extern char **environ;

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Empty mask, every signal's default action, optionally an own group */
static int spawn_attrs(posix_spawnattr_t *at, bool own_group)
{
	short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
	sigset_t none, all;
	int ret;

	sigemptyset(&none);
	sigfillset(&all);
	ret = posix_spawnattr_init(at);
	if (ret)
		return -ret;
	if (own_group)
		flags |= POSIX_SPAWN_SETPGROUP;
	ret = posix_spawnattr_setsigmask(at, &none);
	if (!ret)
		ret = posix_spawnattr_setsigdefault(at, &all);
	if (!ret)
		ret = posix_spawnattr_setpgroup(at, 0);
	if (!ret)
		ret = posix_spawnattr_setflags(at, flags);
	if (ret)
		posix_spawnattr_destroy(at);
	return -ret;
}

/*
 * The child's descriptors: 0 and 1 ours or /dev/null, 2 @err_w (if >= 0),
 * SPAWN_KEEP_FD @keep (if >= 0), none above. Both are our copies above
 * SPAWN_FD_FLOOR, so no dup2() overwrites another's source.
 */
static int spawn_fds(posix_spawn_file_actions_t *fa, bool null_stdin, int err_w, int keep)
{
	int ret = posix_spawn_file_actions_init(fa);

	for (int i = 0; !ret && i < 2; i++)
		if ((i == 0 && null_stdin) || fcntl(i, F_GETFD) < 0)
			ret = posix_spawn_file_actions_addopen(fa, i, "/dev/null", O_RDWR, 0);
	if (!ret && err_w >= 0)
		ret = posix_spawn_file_actions_adddup2(fa, err_w, STDERR_FILENO);
	if (!ret && keep >= 0)
		ret = posix_spawn_file_actions_adddup2(fa, keep, SPAWN_KEEP_FD);
	if (!ret)
		ret = posix_spawn_file_actions_addclosefrom_np(fa, keep >= 0 ? SPAWN_KEEP_FD + 1
										: STDERR_FILENO + 1);
	if (ret)
		posix_spawn_file_actions_destroy(fa);
	return -ret;
}

/* posix_spawn() with our copies of the descriptors it hands over */
static int spawn_posix(struct spawn *c, char *const argv[], const struct spawn_opts *o,
		       int err_w)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int e = -1, k = -1, ret = 0;

	if (err_w >= 0 && (e = fcntl(err_w, F_DUPFD_CLOEXEC, SPAWN_FD_FLOOR)) < 0)
		return -errno;
	if (o->keep_fd >= 0 && (k = fcntl(o->keep_fd, F_DUPFD_CLOEXEC, SPAWN_FD_FLOOR)) < 0)
		ret = -errno;
	if (!ret)
		ret = spawn_attrs(&at, o->flags & SPAWN_OWN_GROUP);
	if (!ret) {
		ret = spawn_fds(&fa, o->flags & SPAWN_NULL_STDIN, e, k);
		if (!ret) {
			ret = -posix_spawn(&c->pid, argv[0], &fa, &at, argv,
					   o->envp ? o->envp : environ);
			posix_spawn_file_actions_destroy(&fa);
		}
		posix_spawnattr_destroy(&at);
	}
	if (e >= 0)
		close(e);
	if (k >= 0)
		close(k);
	return ret;
}

/* In the child after fork(): the one thread left, then exec */
static void __attribute__((noreturn)) spawn_child(char *const argv[], const struct spawn_opts *o,
						   pid_t parent)
{
	sigset_t none;
	int e;

	if (o->flags & SPAWN_DIE_WITH_PARENT) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(1);
	}
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (o->flags & SPAWN_OWN_GROUP)
		setpgid(0, 0);
	for (unsigned int i = 0; i < o->n_inherit; i++)
		fcntl(o->inherit[i], F_SETFD, 0);
	if (o->envp)
		environ = (char **)o->envp;
	if (o->flags & SPAWN_SEARCH_PATH)
		execvp(argv[0], argv);
	else
		execv(argv[0], argv);
	e = errno;
	err("%s: %s", argv[0], errstr(e));
	_exit(e == ENOENT ? 127 : 126);
}

/**
 * spawn_program() - start a program as @o says
 * @c:		its state, filled in (also on failure: nothing to free then)
 * @argv:	path and arguments, NULL-terminated
 * @o:		how (see the DOC block); @o->keep_fd -1 for none
 *
 * Return: 0 (then wait with spawn_wait() or waitpid(), release with
 *	   spawn_free()), -EINVAL for options that do not go together, or
 *	   another negative errno, among them the program's exec error
 *	   (-ENOENT, -EACCES, -ENOEXEC, ...) but for a forked child
 */
int spawn_program(struct spawn *c, char *const argv[], const struct spawn_opts *o)
{
	bool forked = o->flags & (SPAWN_DIE_WITH_PARENT | SPAWN_SEARCH_PATH);
	pid_t parent = getpid();
	int p[2] = { -1, -1 }, ret;

	memset(c, 0, sizeof(*c));
	c->pidfd = -1;
	c->err_fd = -1;
	if (forked && (o->keep_fd >= 0 || (o->flags & (SPAWN_CAPTURE_ERR | SPAWN_NULL_STDIN))))
		return -EINVAL;
	if (!forked && o->n_inherit)
		return -EINVAL;
	if ((o->flags & SPAWN_CAPTURE_ERR) && pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	if (forked) {
		c->pid = fork();
		ret = c->pid < 0 ? -errno : 0;
		if (c->pid == 0)
			spawn_child(argv, o, parent);
	} else {
		ret = spawn_posix(c, argv, o, p[1]);
	}
	if (p[1] >= 0)
		close(p[1]);
	if (ret < 0) {
		if (p[0] >= 0)
			close(p[0]);
		c->pid = 0;
		return ret;
	}
	c->err_fd = p[0];
	c->pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
	return 0;
}

/**
 * spawn_start() - start a program the way helpers and scripts are run
 * @c:		its state, filled in
 * @argv:	path and arguments, NULL-terminated
 * @keep_fd:	a descriptor the program gets as SPAWN_KEEP_FD, or -1
 *
 * Its own process group, stderr's first line captured, no other
 * descriptor.
 *
 * Return: 0 (then wait with spawn_wait() and release with spawn_free()),
 *	   or negative errno (-ENOENT, -EACCES, -ENOEXEC: it cannot be
 *	   executed)
 */
int spawn_start(struct spawn *c, char *const argv[], int keep_fd)
{
	const struct spawn_opts o = {
		.flags = SPAWN_OWN_GROUP | SPAWN_CAPTURE_ERR,
		.keep_fd = keep_fd,
	};

	return spawn_program(c, argv, &o);
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
 * spawn_free() - release what spawn_program() opened
 * @c:	the program (need not be reaped: then it is not waited for)
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
		snprintf(why, len, "cannot execute it: %s", errstr(ret));
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
