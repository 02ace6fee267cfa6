// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * client.c - gn-helper-client: run a bridge helper exactly as QEMU does
 *
 * Usage: gn-helper-client [OPTIONS] HELPER BRIDGE
 *
 * Like QEMU's net/tap.c: a socketpair, fork, close every other fd, exec
 * "HELPER --use-vnet --fd=N --br=BRIDGE" (with this process's
 * environment), then recvmsg() one byte with strict checks of the control
 * message (as libvirt does: exactly one SOL_SOCKET/SCM_RIGHTS of
 * CMSG_LEN(sizeof(int)), no truncation), and the helper's exit status.
 * Prints "tap NAME" on success. Exit 0 on success, 1 on any failure, 124
 * if the helper did not finish in time (it is killed then).
 *
 * Options (each a hostile caller's move, for the helper to refuse):
 *   --fd-kind=K   what N is: unix (default: a stream socketpair),
 *                 seqpacket (a seqpacket socketpair), closed, file, tcp,
 *                 dgram (a unix datagram socketpair), listen (a listening
 *                 unix stream socket), unconnected (a unix stream socket,
 *                 never connected), hangup (our end closed before the
 *                 exec), full (its buffer filled before the exec)
 *   --fd-num=M    give the helper the socket as descriptor M (0, 1, 2: on
 *                 top of its stdin, stdout or stderr)
 *   --fd-zeros    spell the number with leading zeros (--fd=000N)
 *   --no-close    leave the other descriptors open for the helper (QEMU
 *                 closes them)
 *   --rlimit=RES=V[:H]  set resource limit RES (nofile, as, stack, data)
 *                 to V (soft and hard, or soft V and hard H) right
 *                 before the exec
 *   --pause       the helper is the -pause test build (GN_HELPER_PAUSE_AT
 *                 in the environment picks the step): wait until it stops
 *                 itself, print the CapEff, CapPrm, CapBnd, NoNewPrivs,
 *                 Seccomp and Uid lines of its /proc/PID/status, then
 *   --then=A      cont (default: continue it), kill (SIGKILL), hangup
 *                 (close our end of the socket, then continue it), or
 *                 run=CMD ("sh -c CMD" with HELPER_PID set, then continue)
 *   --hold=CMD    run "sh -c CMD" with TAP set while the tap fd is held
 *   --timeout=S   give up after S seconds (default 20)
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

struct opts {
	const char *kind, *hold, *then, *rlimit;
	int fd_num, zeros, pause, timeout, no_close;
};

static volatile sig_atomic_t timed_out;

static int die(const char *what)
{
	fprintf(stderr, "gn-helper-client: %s\n", what);
	return 1;
}

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

static int listening_socket(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	/* an abstract address of our own: nothing on the file system */
	snprintf(sa.sun_path + 1, sizeof(sa.sun_path) - 1, "gn-helper-client-%d",
		 (int)getpid());
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(fd, 1))
		return -1;
	return fd;
}

/* The descriptor for the helper; *@ours is our end of a pair, or -1 */
static int helper_fd(const char *kind, int *ours)
{
	int sv[2], fd, type = SOCK_STREAM;

	*ours = -1;
	if (!strcmp(kind, "closed")) {
		fd = open("/dev/null", O_RDONLY);
		close(fd);
		return fd;
	}
	if (!strcmp(kind, "file"))
		return open("/etc/hostname", O_RDONLY);
	if (!strcmp(kind, "tcp"))
		return socket(AF_INET, SOCK_STREAM, 0);
	if (!strcmp(kind, "listen"))
		return listening_socket();
	if (!strcmp(kind, "unconnected"))
		return socket(AF_UNIX, SOCK_STREAM, 0);
	if (!strcmp(kind, "seqpacket"))
		type = SOCK_SEQPACKET;
	else if (!strcmp(kind, "dgram"))
		type = SOCK_DGRAM;
	else if (strcmp(kind, "unix") && strcmp(kind, "hangup") &&
		 strcmp(kind, "full"))
		return -2;
	if (socketpair(AF_UNIX, type, 0, sv))
		return -1;
	*ours = sv[0];
	if (!strcmp(kind, "full")) {
		char junk[4096] = { 0 };

		fcntl(sv[1], F_SETFL, O_NONBLOCK);
		while (send(sv[1], junk, sizeof(junk), MSG_DONTWAIT) > 0)
			;	/* fills sv[0]'s receive queue: the helper's send */
		fcntl(sv[1], F_SETFL, 0);
	}
	if (!strcmp(kind, "hangup")) {
		close(sv[0]);
		*ours = -1;
	}
	return sv[1];
}

static void set_rlimit(const char *spec)
{
	static const struct { const char *name; int res; } r[] = {
		{ "nofile=", RLIMIT_NOFILE }, { "as=", RLIMIT_AS },
		{ "stack=", RLIMIT_STACK }, { "data=", RLIMIT_DATA },
	};
	struct rlimit rl;
	size_t i, n;
	char *end;

	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		n = strlen(r[i].name);
		if (strncmp(spec, r[i].name, n))
			continue;
		rl.rlim_cur = rl.rlim_max = strtoull(spec + n, &end, 0);
		if (*end == ':')
			rl.rlim_max = strtoull(end + 1, NULL, 0);
		if (setrlimit(r[i].res, &rl))
			_exit(126);
		return;
	}
	_exit(126);
}

static void run_helper(const char *helper, const char *bridge, int fd,
		       const struct opts *o)
{
	char fdarg[32], brarg[64];
	int i;

	if (o->fd_num >= 0 && fd >= 0 && fd != o->fd_num) {
		if (dup2(fd, o->fd_num) < 0)
			_exit(126);
		close(fd);
		fd = o->fd_num;
	}
	if (fd >= 0)
		fcntl(fd, F_SETFD, 0);
	for (i = 3; i < 1024 && !o->no_close; i++)
		if (i != fd)
			close(i);
	snprintf(fdarg, sizeof(fdarg), "--fd=%s%d", o->zeros ? "000" : "",
		 o->fd_num >= 0 ? o->fd_num : fd);
	snprintf(brarg, sizeof(brarg), "--br=%s", bridge);
	if (o->rlimit)
		set_rlimit(o->rlimit);
	execl(helper, helper, "--use-vnet", fdarg, brarg, (char *)NULL);
	_exit(127);
}

static void print_status(pid_t pid)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "CapEff:", 7) || !strncmp(line, "CapPrm:", 7) ||
		    !strncmp(line, "CapBnd:", 7) || !strncmp(line, "Seccomp:", 8) ||
		    !strncmp(line, "NoNewPrivs:", 11) || !strncmp(line, "Uid:", 4))
			fputs(line, stdout);
	fclose(f);
	fflush(stdout);
}

static int recv_fd(int sock, int *fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int)) * 2];
		struct cmsghdr align;
	} u;
	char byte = 1;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c;
	ssize_t n;

	n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	if (n < 0 && errno == EINTR && timed_out)
		return -1;
	if (n == 0)
		return die("helper sent nothing");
	if (n != 1 || byte != 0)
		return die("payload is not one 0x00 byte");
	if (msg.msg_flags & (MSG_CTRUNC | MSG_TRUNC))
		return die("message truncated");
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(sizeof(int)))
		return die("control message is not one SCM_RIGHTS of one int");
	if (CMSG_NXTHDR(&msg, c))
		return die("more than one control message");
	memcpy(fd, CMSG_DATA(c), sizeof(int));
	return 0;
}

static int check_tap(int fd, char name[IFNAMSIZ])
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(fd, TUNGETIFF, &ifr))
		return die("received fd is not a tap");
	if ((ifr.ifr_flags & (IFF_TAP | IFF_NO_PI)) != (IFF_TAP | IFF_NO_PI))
		return die("tap flags are not IFF_TAP|IFF_NO_PI");
	memcpy(name, ifr.ifr_name, IFNAMSIZ);
	printf("tap %s%s\n", name, ifr.ifr_flags & IFF_VNET_HDR ? " vnet_hdr" : "");
	fflush(stdout);
	return 0;
}

/* --pause: wait for the stop, report, then do --then; 0 or 1 */
static int at_stop(pid_t pid, const struct opts *o, int *ours)
{
	char env[32];
	int status = 0;

	if (waitpid(pid, &status, WUNTRACED) != pid || !WIFSTOPPED(status)) {
		fprintf(stderr, "gn-helper-client: helper did not stop (status %#x)\n",
			status);
		return 1;
	}
	print_status(pid);
	if (!strcmp(o->then, "kill")) {
		kill(pid, SIGKILL);
		return 0;
	}
	if (!strcmp(o->then, "hangup") && *ours >= 0) {
		close(*ours);
		*ours = -1;
	} else if (!strncmp(o->then, "run=", 4)) {
		snprintf(env, sizeof(env), "%d", (int)pid);
		setenv("HELPER_PID", env, 1);
		if (system(o->then + 4))
			fprintf(stderr, "gn-helper-client: --then command failed\n");
	}
	kill(pid, SIGCONT);
	return 0;
}

static int parse_opts(int argc, char *argv[], struct opts *o)
{
	int i;

	*o = (struct opts){ .kind = "unix", .then = "cont", .fd_num = -1,
			    .timeout = 20 };
	for (i = 1; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strncmp(argv[i], "--fd-kind=", 10))
			o->kind = argv[i] + 10;
		else if (!strncmp(argv[i], "--fd-num=", 9))
			o->fd_num = atoi(argv[i] + 9);
		else if (!strcmp(argv[i], "--fd-zeros"))
			o->zeros = 1;
		else if (!strcmp(argv[i], "--no-close"))
			o->no_close = 1;
		else if (!strncmp(argv[i], "--rlimit=", 9))
			o->rlimit = argv[i] + 9;
		else if (!strcmp(argv[i], "--pause"))
			o->pause = 1;
		else if (!strncmp(argv[i], "--then=", 7))
			o->then = argv[i] + 7;
		else if (!strncmp(argv[i], "--hold=", 7))
			o->hold = argv[i] + 7;
		else if (!strncmp(argv[i], "--timeout=", 10))
			o->timeout = atoi(argv[i] + 10);
		else
			return -1;
	}
	return argc - i == 2 ? i : -1;
}

static int finish(pid_t pid, int *status)
{
	if (timed_out) {
		kill(pid, SIGKILL);
		waitpid(pid, status, 0);
		return -1;
	}
	while (waitpid(pid, status, 0) != pid) {
		if (errno != EINTR || timed_out) {
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			return -1;
		}
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int status = 0, tapfd = -1, childfd, ours, ret = 1, i;
	char name[IFNAMSIZ];
	struct opts o;
	pid_t pid;

	i = parse_opts(argc, argv, &o);
	if (i < 0)
		return die("usage: gn-helper-client [options] HELPER BRIDGE");
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART: waits end at once */
	childfd = helper_fd(o.kind, &ours);
	if (childfd == -2)
		return die("unknown --fd-kind");
	if (childfd < 0 && strcmp(o.kind, "closed"))
		return die("cannot make the --fd-kind descriptor");

	pid = fork();
	if (pid < 0)
		return die("fork failed");
	if (pid == 0) {
		if (ours >= 0)
			close(ours);
		run_helper(argv[i], argv[i + 1], childfd, &o);
	}
	if (childfd >= 0)
		close(childfd);
	alarm((unsigned int)o.timeout);

	if (o.pause && at_stop(pid, &o, &ours)) {
		kill(pid, SIGKILL);
		finish(pid, &status);
		return 1;
	}
	if (ours < 0 || !strcmp(o.kind, "full") || !strcmp(o.kind, "dgram")) {
		/* nothing to receive on (our own filling; no EOF on dgram) */
	} else if (strcmp(o.kind, "unix") && strcmp(o.kind, "seqpacket")) {
		char b;

		/* nothing may arrive; the helper must fail */
		if (recv(ours, &b, 1, 0) != 0 && !timed_out)
			die("unexpected data from the helper");
	} else if (recv_fd(ours, &tapfd)) {
		tapfd = -1;
	}

	if (finish(pid, &status) || timed_out) {
		fprintf(stderr, "gn-helper-client: helper did not finish within %d s: killed\n",
			o.timeout);
		return 124;
	}
	alarm(0);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		if (WIFSIGNALED(status))
			fprintf(stderr, "gn-helper-client: helper killed by signal %d\n",
				WTERMSIG(status));
		else
			fprintf(stderr, "gn-helper-client: helper exit %d\n",
				WEXITSTATUS(status));
		goto out;
	}
	if (tapfd < 0)
		goto out;
	if (check_tap(tapfd, name))
		goto out;
	ret = 0;
	if (o.hold) {
		setenv("TAP", name, 1);
		ret = system(o.hold) == 0 ? 0 : 1;
	}
out:
	if (tapfd >= 0)
		close(tapfd);
	if (ours >= 0)
		close(ours);
	return ret;
}
