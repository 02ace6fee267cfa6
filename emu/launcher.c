// SPDX-License-Identifier: GPL-2.0-or-later
/* launcher.c - runs tap scripts for a sandboxed emulator
 *
 * DOC: Theory of operation
 *
 * Once sandboxed, guestnet-emu can neither fork nor execute, and holds no
 * capability; yet a tap port's downscript= must run when the port closes
 * (at exit, or on netdev-del), with the emulator's original credentials
 * (tap-script: root with CAP_NET_ADMIN). So before the sandbox is entered,
 * the emulator forks this small launcher, which keeps the original
 * credentials and nothing else: every other descriptor is closed, it dies
 * with the emulator (PR_SET_PDEATHSIG) and it exits when its socket closes.
 *
 * It serves one request at a time over a SOCK_SEQPACKET socketpair: a
 * script path and an interface name. It runs only paths that were
 * registered before the fork (launcher_allow(), by sandbox_admit(): the
 * programs that start-up ports run at close, NEED_EXEC_CLOSE, i.e. the
 * downscript= of taps) with one argument, a valid interface
 * name, so a compromised emulator can make it run those scripts, nothing
 * else. It runs them as the emulator does (spawn.c: own process group,
 * empty signal mask, no other descriptor, 5 s before it is killed); the
 * reply is 0 or a negative errno and a one-line reason.
 */

#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fdclose.h"
#include "ifname.h"
#include "launcher.h"
#include "log.h"
#include "spawn.h"
#include "xalloc.h"

#define LAUNCHER_MAX_PATHS	32
#define LAUNCHER_TIMEOUT_MS	5000
#define LAUNCHER_REPLY_MS	(LAUNCHER_TIMEOUT_MS + 2000)
#define LAUNCHER_FD		3

struct launcher_req {
	char path[PATH_MAX];
	char ifname[IFNAMSIZ];
};

struct launcher_reply {
	int ret;
	char why[200];
};

static char *launcher_paths[LAUNCHER_MAX_PATHS];
static unsigned int launcher_npaths;
static int launcher_sock = -1;

/**
 * launcher_allow() - register a script the launcher may run
 * @path:	script path, as given (compared as a string)
 *
 * Return: 0, or -ENOSPC past LAUNCHER_MAX_PATHS
 */
int launcher_allow(const char *path)
{
	for (unsigned int i = 0; i < launcher_npaths; i++)
		if (!strcmp(launcher_paths[i], path))
			return 0;
	if (launcher_npaths >= LAUNCHER_MAX_PATHS)
		return -ENOSPC;
	launcher_paths[launcher_npaths++] = xstrdup(path);
	return 0;
}

static bool path_allowed(const char *path)
{
	for (unsigned int i = 0; i < launcher_npaths; i++)
		if (!strcmp(launcher_paths[i], path))
			return true;
	return false;
}

static void script_run(const struct launcher_req *rq, struct launcher_reply *rp)
{
	char *argv[] = { (char *)rq->path, (char *)rq->ifname, NULL };

	rp->ret = spawn_run(argv, LAUNCHER_TIMEOUT_MS, rp->why, sizeof(rp->why));
}

static void launcher_serve(int sock, pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	if (dup2(sock, LAUNCHER_FD) < 0)
		_exit(1);
	fd_close_from(LAUNCHER_FD + 1U, -1);
	for (;;) {
		struct launcher_req rq;
		struct launcher_reply rp = { 0 };
		ssize_t n = recv(LAUNCHER_FD, &rq, sizeof(rq), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(0);
		rq.path[sizeof(rq.path) - 1] = '\0';
		rq.ifname[sizeof(rq.ifname) - 1] = '\0';
		if (n != (ssize_t)sizeof(rq) || !path_allowed(rq.path)) {
			rp.ret = -EPERM;
			snprintf(rp.why, sizeof(rp.why),
				 "not a script of a start-up port (the sandbox runs no other)");
		} else if (ifname_problem(rq.ifname)) {
			rp.ret = -EINVAL;
			snprintf(rp.why, sizeof(rp.why), "invalid interface name");
		} else {
			script_run(&rq, &rp);
		}
		if (send(LAUNCHER_FD, &rp, sizeof(rp), MSG_NOSIGNAL) < 0)
			_exit(1);
	}
}

/**
 * launcher_start() - fork the launcher, if any script was registered
 *
 * Return: 0 (also when there is nothing to launch), or a negative errno
 */
int launcher_start(void)
{
	pid_t parent = getpid(), pid;
	int sv[2];

	if (!launcher_npaths || launcher_sock >= 0)
		return 0;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int ret = -errno;

		close(sv[0]);
		close(sv[1]);
		return ret;
	}
	if (pid == 0) {
		close(sv[0]);
		launcher_serve(sv[1], parent);
	}
	close(sv[1]);
	launcher_sock = sv[0];
	return 0;
}

/**
 * launcher_running() - tell whether scripts go through the launcher
 *
 * Return: true once launcher_start() forked it
 */
bool launcher_running(void)
{
	return launcher_sock >= 0;
}

/**
 * launcher_run() - run a registered script with an interface name, wait
 * @path:	script
 * @ifname:	its argument
 * @why:	reason on failure
 * @len:	size of @why
 *
 * Return: 0 if it exited 0, -EIO on another status, -ETIMEDOUT if it was
 * killed after 5 s, -EPERM for a script not registered, another negative
 * errno if the launcher could not be reached
 */
int launcher_run(const char *path, const char *ifname, char *why, size_t len)
{
	struct launcher_reply rp;
	struct launcher_req rq;
	struct pollfd pfd = { .fd = launcher_sock, .events = POLLIN };
	ssize_t n = -1;
	int ret;

	memset(&rq, 0, sizeof(rq));
	if (strlen(path) >= sizeof(rq.path) || strlen(ifname) >= sizeof(rq.ifname)) {
		snprintf(why, len, "%s", errstr(-ENAMETOOLONG));
		return -ENAMETOOLONG;
	}
	strcpy(rq.path, path);
	strcpy(rq.ifname, ifname);
	if (send(launcher_sock, &rq, sizeof(rq), MSG_NOSIGNAL) < 0)
		goto gone;
	do
		ret = poll(&pfd, 1, LAUNCHER_REPLY_MS);
	while (ret < 0 && errno == EINTR);
	if (ret <= 0) {
		snprintf(why, len, "the script launcher does not answer");
		return -ETIMEDOUT;
	}
	n = recv(launcher_sock, &rp, sizeof(rp), MSG_DONTWAIT);
	if (n != (ssize_t)sizeof(rp))
		goto gone;
	rp.why[sizeof(rp.why) - 1] = '\0';
	snprintf(why, len, "%s", rp.why);
	return rp.ret;
gone:
	ret = n < 0 ? -errno : -EPIPE;
	snprintf(why, len, "the script launcher is gone (%s)", errstr(ret));
	return ret;
}
