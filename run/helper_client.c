// SPDX-License-Identifier: GPL-2.0-or-later
/* helper_client.c - get a tap on a bridge from guestnet-bridge-helper
 *
 * Exactly as QEMU 7.2 runs qemu-bridge-helper (net/tap.c,
 * net_bridge_run_helper()), so either helper works: a
 * socketpair(AF_UNIX, SOCK_STREAM), fork, and in the child
 * execv(HELPER, {HELPER, "--use-vnet", "--fd=3", "--br=BRIDGE"}) with our
 * environment, every other descriptor closed but 0-2. Unlike QEMU:
 *
 * - the reply is checked strictly: one byte and exactly one
 *   SOL_SOCKET/SCM_RIGHTS message of CMSG_LEN(sizeof(int)); anything else
 *   is refused and every descriptor that came with it closed; the
 *   descriptor must be a tap (TUNGETIFF);
 * - at most HELPER_MS for the reply and the exit (poll on the socket, the
 *   helper's stderr and a pidfd); then its process group is killed;
 * - its stderr goes to a pipe, and its first line into our one error line;
 * - it must exit 0.
 */

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helper_client.h"
#include "log.h"
#include "proc.h"

#define HELPER_MS	5000

/**
 * struct helper_run - one run of the helper
 * @proc:	the helper process
 * @sock:	our end of the socketpair, -1 once EOF or used
 * @errfd:	read end of its stderr pipe, -1 at EOF
 * @errline:	its first stderr line
 * @errlen:	bytes in @errline
 * @tapfd:	the descriptor received, -1 if none
 * @malformed:	the reply was refused
 */
struct helper_run {
	struct proc proc;
	int sock;
	int errfd;
	char errline[200];
	size_t errlen;
	int tapfd;
	bool malformed;
};

static void helper_child(const char *helper, const char *bridge, int sock, int errw)
{
	char fdarg[16], brarg[32];
	char *argv[] = { (char *)helper, "--use-vnet", fdarg, brarg, NULL };
	int s = fcntl(sock, F_DUPFD_CLOEXEC, 10), e = fcntl(errw, F_DUPFD_CLOEXEC, 10);

	setpgid(0, 0);
	proc_child_reset();
	if (s < 0 || e < 0 || dup2(e, STDERR_FILENO) < 0 || dup2(s, 3) < 0)
		_exit(127);
	close_range(4, ~0U, 0);
	snprintf(fdarg, sizeof(fdarg), "--fd=3");
	snprintf(brarg, sizeof(brarg), "--br=%s", bridge);
	execv(helper, argv);
	fprintf(stderr, "%s: %s\n", helper, strerror(errno));
	_exit(127);
}

static void close_rights(struct msghdr *m)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			close(fd);
		}
	}
}

/* Read the reply: one byte, exactly one SCM_RIGHTS of one descriptor */
static void read_reply(struct helper_run *r)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * 8)];
		struct cmsghdr align;
	} u;
	char byte[2];
	struct iovec iov = { byte, sizeof(byte) };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c;
	ssize_t n;

	n = recvmsg(r->sock, &m, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	close(r->sock);
	r->sock = -1;
	if (n <= 0 && !m.msg_controllen)
		return;		/* EOF: no tap sent */
	c = CMSG_FIRSTHDR(&m);
	if (n != 1 || (m.msg_flags & (MSG_CTRUNC | MSG_TRUNC)) || !c ||
	    c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(sizeof(int)) || CMSG_NXTHDR(&m, c)) {
		close_rights(&m);
		r->malformed = true;
		return;
	}
	memcpy(&r->tapfd, CMSG_DATA(c), sizeof(int));
}

static void read_stderr(struct helper_run *r)
{
	char buf[512];
	ssize_t n = read(r->errfd, buf, sizeof(buf));

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		close(r->errfd);
		r->errfd = -1;
		return;
	}
	for (ssize_t i = 0; i < n && r->errlen < sizeof(r->errline) - 1; i++) {
		if (buf[i] == '\n')
			r->errlen = sizeof(r->errline) - 1;	/* first line only */
		else
			r->errline[r->errlen++] = buf[i];
	}
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for the reply, stderr's EOF and the exit; -ETIMEDOUT after HELPER_MS */
static int helper_wait(struct helper_run *r)
{
	long end = now_ms() + HELPER_MS;

	while (r->sock >= 0 || r->errfd >= 0 || !proc_exited(&r->proc, 0)) {
		struct pollfd p[3] = {
			{ .fd = r->sock, .events = POLLIN },
			{ .fd = r->errfd, .events = POLLIN },
			{ .fd = r->proc.pidfd, .events = POLLIN },
		};
		long left = end - now_ms();

		if (left <= 0 || poll(p, 3, (int)left) == 0)
			return -ETIMEDOUT;
		if (r->sock >= 0 && p[0].revents)
			read_reply(r);
		if (r->errfd >= 0 && p[1].revents)
			read_stderr(r);
		if (p[2].revents && r->sock >= 0)
			read_reply(r);		/* anything sent before it exited */
		if (p[2].revents && r->sock >= 0) {
			close(r->sock);
			r->sock = -1;
		}
	}
	return 0;
}

static int check_tap(struct helper_tap *t)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(t->fd, TUNGETIFF, &ifr) < 0 || !(ifr.ifr_flags & IFF_TAP) ||
	    !(ifr.ifr_flags & IFF_NO_PI))
		return -EINVAL;
	t->vnet_hdr = ifr.ifr_flags & IFF_VNET_HDR;
	snprintf(t->ifname, sizeof(t->ifname), "%s", ifr.ifr_name);
	return 0;
}

/* Turn the finished run into a result or one message */
static int helper_result(struct helper_run *r, int ws, const char *bridge,
			 struct helper_tap *t, char *err, size_t errlen)
{
	const char *sep = r->errlen ? ": " : "";

	if (r->malformed) {
		snprintf(err, errlen, "helper: malformed reply%s%s", sep, r->errline);
		return -EPROTO;
	}
	if (!WIFEXITED(ws) || WEXITSTATUS(ws)) {
		snprintf(err, errlen, "bridge %s: helper failed, exit status %d%s%s", bridge,
			 proc_status_code(ws), sep, r->errline);
		return -EPERM;
	}
	if (r->tapfd < 0) {
		snprintf(err, errlen, "bridge %s: helper sent no tap (exit status 0%s%s)",
			 bridge, sep, r->errline);
		return -EPROTO;
	}
	t->fd = r->tapfd;
	r->tapfd = -1;
	if (check_tap(t) < 0) {
		snprintf(err, errlen, "helper: the descriptor it sent is not a tap");
		return -EPROTO;
	}
	return 0;
}

/**
 * helper_get_tap() - run the bridge helper and receive its tap
 * @helper:	path of the helper (execv: no PATH lookup, no shell)
 * @bridge:	bridge name (ifname_check()ed)
 * @t:		result
 * @err:	message buffer: one line with the helper's own reason
 * @errlen:	its size
 *
 * Return: 0, or negative errno with a message in @err (no descriptor
 *	   and no process left)
 */
int helper_get_tap(const char *helper, const char *bridge, struct helper_tap *t,
		   char *err, size_t errlen)
{
	struct helper_run r = { .proc = { 0, -1 }, .sock = -1, .errfd = -1, .tapfd = -1 };
	int sv[2], ep[2], ret, ws = 0;

	t->fd = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	if (pipe2(ep, O_CLOEXEC | O_NONBLOCK) < 0) {
		ret = -errno;
		close(sv[0]);
		close(sv[1]);
		return ret;
	}
	r.proc.pid = fork();
	if (!r.proc.pid)
		helper_child(helper, bridge, sv[1], ep[1]);
	ret = r.proc.pid < 0 ? -errno : 0;
	close(sv[1]);
	close(ep[1]);
	r.sock = sv[0];
	r.errfd = ep[0];
	if (!ret) {
		r.proc.pidfd = (int)syscall(SYS_pidfd_open, r.proc.pid, 0);
		if (r.proc.pidfd < 0)
			ret = -errno;
	}
	if (!ret)
		ret = helper_wait(&r);
	if (ret == -ETIMEDOUT) {
		kill(-r.proc.pid, SIGKILL);
		snprintf(err, errlen, "bridge %s: helper: no answer within %d s, helper killed%s%s",
			 bridge, HELPER_MS / 1000, r.errlen ? ": " : "", r.errline);
	} else if (ret < 0) {
		if (r.proc.pid > 0)
			kill(-r.proc.pid, SIGKILL);
		snprintf(err, errlen, "bridge %s: running %s: %s", bridge, helper, errstr(ret));
	}
	if (r.proc.pid > 0) {
		while (waitpid(r.proc.pid, &ws, 0) < 0 && errno == EINTR)
			;
		if (r.proc.pidfd >= 0)
			close(r.proc.pidfd);
	}
	if (!ret)
		ret = helper_result(&r, ws, bridge, t, err, errlen);
	if (r.sock >= 0)
		close(r.sock);
	if (r.errfd >= 0)
		close(r.errfd);
	if (r.tapfd >= 0)
		close(r.tapfd);
	if (ret < 0 && t->fd >= 0) {
		close(t->fd);
		t->fd = -1;
	}
	return ret;
}
