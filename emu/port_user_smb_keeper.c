// SPDX-License-Identifier: GPL-2.0-or-later
/* port_user_smb_keeper.c - the process that runs smbd for smb= guests
 *
 * DOC: Theory of operation
 *
 * Forked by the emulator at start-up (port_user_smb.c), before the
 * sandbox. The forked child keeps two descriptors — the unix socket
 * libslirp connects guests to (SMB_KEEPER_LISTEN_FD) and the control
 * socket to the emulator (SMB_KEEPER_CTL_FD) — and /dev/null as stdin,
 * stdout and stderr; it makes a new user namespace with only the caller's
 * uid and gid mapped, and new PID, network and IPC namespaces, forks the
 * keeper proper, PID 1 of the new PID namespace, and exits. The keeper:
 *
 * - sets no_new_privs and leaves the caller's session; its network
 *   namespace has only lo, so smbd reaches no network at all;
 * - for each connection libslirp makes (one per guest TCP connection to
 *   the SMB server's ports) forks a session, which makes a TCP connection
 *   to itself on lo, runs `smbd -l DIR -s DIR/smb.conf` on one end as its
 *   stdin and stdout (inetd mode, as QEMU runs it; Samba 4.17 refuses a
 *   unix socket there: it needs an IP peer, "get_remote_hostname failed")
 *   with a clean environment, and relays bytes between the guest's
 *   connection and the other end until both sides are done;
 * - reaps every process of its namespace (smbd's own children too);
 * - on end of file on the control socket (the port closed, or the
 *   emulator died, kill -9 included) kills every process in its namespace,
 *   reaps them, removes the private directory, and exits.
 *
 * If the keeper itself is killed, the kernel kills every process of its
 * PID namespace with it: no smbd outlives it either way.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "port_user_smb.h"
#include "fdclose.h"
#include "userns.h"

#define KEEPER_MAX_SESSIONS	64
#define KEEPER_SIGNAL_FD	5
#define RELAY_BUF		65536

/* What smbd runs with */
static const char *keeper_dir, *keeper_conf, *keeper_smbd;

/* ------------------------------------------------------------------ */
/* Relay between the guest's connection and smbd's socket             */

/**
 * struct relay_way - one direction of a relay
 * @from:	read side
 * @to:		write side
 * @buf:	bytes read, not yet written
 * @len:	bytes in @buf
 * @off:	bytes of @buf already written
 * @eof:	@from is at end of file (then @to was shut down once empty)
 */
struct relay_way {
	int from, to;
	char buf[RELAY_BUF];
	size_t len, off;
	bool eof;
};

/* One step of a direction that poll() found ready; false when it failed */
static bool relay_step(struct relay_way *w)
{
	ssize_t n;

	if (w->off < w->len) {
		n = send(w->to, w->buf + w->off, w->len - w->off, MSG_NOSIGNAL);
		if (n < 0)
			return errno == EINTR || errno == EAGAIN;
		w->off += (size_t)n;
	} else {
		n = recv(w->from, w->buf, sizeof(w->buf), 0);
		if (n < 0)
			return errno == EINTR || errno == EAGAIN;
		w->len = (size_t)n;
		w->off = 0;
		w->eof = !n;
	}
	if (w->eof && w->off >= w->len)
		shutdown(w->to, SHUT_WR);
	return true;
}

static bool relay_done(const struct relay_way *w)
{
	return w->eof && w->off >= w->len;
}

/* Copy both ways until both ends are done, or one fails */
static void relay(int a, int b)
{
	struct relay_way ways[2];

	ways[0] = (struct relay_way){ .from = a, .to = b };
	ways[1] = (struct relay_way){ .from = b, .to = a };
	while (!relay_done(&ways[0]) || !relay_done(&ways[1])) {
		struct pollfd pfd[2];

		for (int i = 0; i < 2; i++) {
			struct relay_way *w = &ways[i];
			bool out = w->off < w->len;

			pfd[i].fd = relay_done(w) ? -1 : out ? w->to : w->from;
			pfd[i].events = out ? POLLOUT : POLLIN;
			pfd[i].revents = 0;
		}
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		for (int i = 0; i < 2; i++)
			if (pfd[i].revents && !relay_step(&ways[i]))
				return;
	}
}

/* ------------------------------------------------------------------ */
/* A session: one guest connection, one smbd                          */

/* A TCP connection to ourselves on lo: smbd wants an IP peer */
static int tcp_pair(int *near, int *far)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int l, c = -1, s = -1;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l < 0)
		return -errno;
	if (bind(l, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(l, 1) < 0 ||
	    getsockname(l, (struct sockaddr *)&sa, &len) < 0)
		goto fail;
	c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		goto fail;
	s = accept4(l, NULL, NULL, SOCK_CLOEXEC);
	if (s < 0)
		goto fail;
	close(l);
	*near = c;
	*far = s;
	return 0;
fail:
	if (c >= 0)
		close(c);
	close(l);
	return -EIO;
}

/* In smbd's process: the socket as stdin and stdout, nothing else */
static void __attribute__((noreturn)) session_exec_smbd(int sock)
{
	char *const argv[] = { (char *)keeper_smbd, "-l", (char *)keeper_dir,
			       "-s", (char *)keeper_conf, NULL };
	char *const envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (dup2(sock, STDIN_FILENO) < 0 || dup2(sock, STDOUT_FILENO) < 0)
		_exit(127);
	fd_close_from(STDERR_FILENO + 1, -1);
	execve(keeper_smbd, argv, envp);
	_exit(127);
}

static void __attribute__((noreturn)) session_run(int conn)
{
	int near = -1, far = -1;
	pid_t pid;

	prctl(PR_SET_NAME, "gn-smb-session");
	close(SMB_KEEPER_LISTEN_FD);
	close(SMB_KEEPER_CTL_FD);
	close(KEEPER_SIGNAL_FD);
	if (tcp_pair(&near, &far) < 0)
		_exit(1);
	pid = fork();
	if (pid == 0) {
		close(conn);
		close(near);
		session_exec_smbd(far);
	}
	close(far);
	if (pid > 0)
		relay(conn, near);
	_exit(pid > 0 ? 0 : 1);
}

/* ------------------------------------------------------------------ */
/* The keeper: PID 1 of its namespace                                 */

static pid_t sessions[KEEPER_MAX_SESSIONS];

static void keeper_accept(void)
{
	int conn = accept4(SMB_KEEPER_LISTEN_FD, NULL, NULL, SOCK_CLOEXEC);
	int slot = -1;
	pid_t pid;

	if (conn < 0)
		return;
	for (int i = 0; i < KEEPER_MAX_SESSIONS && slot < 0; i++)
		if (!sessions[i])
			slot = i;
	pid = slot < 0 ? -1 : fork();	/* full: the guest sees the connection close */
	if (pid == 0)
		session_run(conn);
	if (pid > 0)
		sessions[slot] = pid;
	close(conn);
}

static void keeper_reap(void)
{
	struct signalfd_siginfo si;
	pid_t pid;

	while (read(KEEPER_SIGNAL_FD, &si, sizeof(si)) > 0)
		;
	while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
		for (int i = 0; i < KEEPER_MAX_SESSIONS; i++)
			if (sessions[i] == pid)
				sessions[i] = 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* The emulator is gone or the port closed: no smbd, no directory left */
static void __attribute__((noreturn)) keeper_finish(void)
{
	kill(-1, SIGKILL);	/* every process of our PID namespace but us */
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	nftw(keeper_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	_exit(0);
}

static void __attribute__((noreturn)) keeper_loop(void)
{
	for (;;) {
		struct pollfd pfd[3] = {
			{ .fd = SMB_KEEPER_CTL_FD, .events = POLLIN },
			{ .fd = SMB_KEEPER_LISTEN_FD, .events = POLLIN },
			{ .fd = KEEPER_SIGNAL_FD, .events = POLLIN },
		};
		ssize_t n;
		char b;

		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			keeper_finish();
		}
		if (pfd[0].revents) {
			n = recv(SMB_KEEPER_CTL_FD, &b, 1, MSG_DONTWAIT);
			if (!n || (n < 0 && errno != EAGAIN && errno != EINTR))
				keeper_finish();
		}
		if (pfd[2].revents)
			keeper_reap();
		if (pfd[1].revents)
			keeper_accept();
	}
}

static void __attribute__((noreturn)) keeper_fail(const char *what, int err)
{
	char msg[200];
	int n = snprintf(msg, sizeof(msg), "%s: %s", what, errstr(err));

	if (send(SMB_KEEPER_CTL_FD, msg, (size_t)n, MSG_NOSIGNAL) < 0)
		_exit(1);
	_exit(1);
}

/* lo up: the keeper's namespace has no other interface */
static int keeper_lo_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret = 0;

	if (s < 0)
		return -errno;
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		ret = -errno;
	ifr.ifr_flags |= IFF_UP;
	if (!ret && ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		ret = -errno;
	close(s);
	return ret;
}

static void __attribute__((noreturn)) keeper_main(void)
{
	sigset_t chld;
	int ret;

	prctl(PR_SET_NAME, "gn-smb-keeper");
	setsid();
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		keeper_fail("PR_SET_NO_NEW_PRIVS", -errno);
	ret = keeper_lo_up();
	if (ret < 0)
		keeper_fail("bringing up lo in its network namespace", ret);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_SETMASK, &chld, NULL);
	ret = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	if (ret < 0 || (ret != KEEPER_SIGNAL_FD && dup2(ret, KEEPER_SIGNAL_FD) < 0))
		keeper_fail("signalfd", -errno);
	if (ret != KEEPER_SIGNAL_FD)
		close(ret);
	fcntl(KEEPER_SIGNAL_FD, F_SETFD, FD_CLOEXEC);
	if (send(SMB_KEEPER_CTL_FD, SMB_KEEPER_READY, sizeof(SMB_KEEPER_READY) - 1,
		 MSG_NOSIGNAL) < 0)
		_exit(1);
	keeper_loop();
}

/* Our two descriptors at their numbers, /dev/null for 0-2, nothing else */
static int keeper_fds(int listen_fd, int ctl_fd)
{
	int l = fcntl(listen_fd, F_DUPFD_CLOEXEC, 10);
	int c = fcntl(ctl_fd, F_DUPFD_CLOEXEC, 10);
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (l < 0 || c < 0 || null < 0)
		return -errno;
	for (int fd = 0; fd < 3; fd++)
		if (dup2(null, fd) < 0)
			return -errno;
	if (dup3(l, SMB_KEEPER_LISTEN_FD, O_CLOEXEC) < 0 ||
	    dup3(c, SMB_KEEPER_CTL_FD, O_CLOEXEC) < 0)
		return -errno;
	fd_close_from(SMB_KEEPER_CTL_FD + 1, -1);
	return 0;
}

/**
 * smb_keeper_spawn() - in a child of the emulator: become smbd's keeper
 * @listen_fd:	the listening unix socket libslirp connects to
 * @ctl_fd:	the control socket to the emulator (SOCK_SEQPACKET)
 * @dir:	the private directory (removed when the keeper stops)
 * @conf:	smb.conf in it
 * @smbd:	smbd's path
 *
 * Sends SMB_KEEPER_READY, or one line saying what failed, on @ctl_fd;
 * this process exits at once, the keeper lives on (see the theory of
 * operation above).
 */
void smb_keeper_spawn(int listen_fd, int ctl_fd, const char *dir, const char *conf,
		      const char *smbd)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	const char *step;
	sigset_t none;
	pid_t pid;
	int ret;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	keeper_dir = dir;
	keeper_conf = conf;
	keeper_smbd = smbd;
	ret = keeper_fds(listen_fd, ctl_fd);
	if (ret < 0)
		_exit(1);	/* the emulator reads end of file: "died at start" */
	if (unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC) < 0)
		keeper_fail("new user, PID and network namespaces (smb= needs user "
			    "namespaces)", -errno);
	ret = userns_map_self(uid, gid, &step);
	if (ret < 0)
		keeper_fail(step, ret);
	pid = fork();
	if (pid < 0)
		keeper_fail("fork", -errno);
	if (pid == 0)
		keeper_main();
	_exit(0);
}
