// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * client.c - gn-helper-client: run a bridge helper exactly as QEMU does
 *
 * Usage: gn-helper-client [--fd-kind=unix|closed|file|tcp] [--pause]
 *                         [--hold=CMD] HELPER BRIDGE
 *
 * Like QEMU's net/tap.c: a socketpair, fork, close every other fd, exec
 * "HELPER --use-vnet --fd=N --br=BRIDGE", then recvmsg() one byte with
 * strict checks of the control message (as libvirt does: exactly one
 * SOL_SOCKET/SCM_RIGHTS of CMSG_LEN(sizeof(int)), no truncation), and
 * the helper's exit status. --fd-kind passes something else as N instead
 * (the helper must refuse it). --pause: the helper is a test build that
 * stops itself after its privilege drop; print its /proc/PID/status
 * CapEff, CapPrm, NoNewPrivs and Seccomp lines, then continue it.
 * --hold=CMD runs "sh -c CMD" with TAP set while the tap fd is held.
 * Prints "tap NAME" on success. Exit 0 on success, 1 on any failure.
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
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int die(const char *what)
{
	fprintf(stderr, "gn-helper-client: %s\n", what);
	return 1;
}

static int other_fd(const char *kind)
{
	int fd;

	if (!strcmp(kind, "closed")) {
		fd = open("/dev/null", O_RDONLY);
		close(fd);
		return fd;
	}
	if (!strcmp(kind, "file"))
		return open("/etc/hostname", O_RDONLY);
	if (!strcmp(kind, "tcp"))
		return socket(AF_INET, SOCK_STREAM, 0);
	return -1;
}

static void run_helper(const char *helper, const char *bridge, int fd)
{
	char fdarg[32], brarg[64];
	int i;

	for (i = 3; i < 1024; i++)
		if (i != fd)
			close(i);
	snprintf(fdarg, sizeof(fdarg), "--fd=%d", fd);
	snprintf(brarg, sizeof(brarg), "--br=%s", bridge);
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

	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
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

int main(int argc, char *argv[])
{
	const char *kind = "unix", *hold = NULL;
	int sv[2], status, tapfd = -1, childfd, ret = 1, i;
	char name[IFNAMSIZ];
	int pause_helper = 0;
	pid_t pid;

	for (i = 1; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strncmp(argv[i], "--fd-kind=", 10))
			kind = argv[i] + 10;
		else if (!strcmp(argv[i], "--pause"))
			pause_helper = 1;
		else if (!strncmp(argv[i], "--hold=", 7))
			hold = argv[i] + 7;
		else
			return die("unknown option");
	}
	if (argc - i != 2)
		return die("usage: gn-helper-client [options] HELPER BRIDGE");

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return die("socketpair failed");
	childfd = strcmp(kind, "unix") ? other_fd(kind) : sv[1];
	if (childfd < 0 && strcmp(kind, "closed"))
		return die("cannot make the --fd-kind descriptor");

	pid = fork();
	if (pid < 0)
		return die("fork failed");
	if (pid == 0) {
		if (childfd >= 0)
			fcntl(childfd, F_SETFD, 0);
		run_helper(argv[i], argv[i + 1], childfd);
	}
	close(sv[1]);

	if (pause_helper) {
		if (waitpid(pid, &status, WUNTRACED) != pid || !WIFSTOPPED(status)) {
			fprintf(stderr, "gn-helper-client: helper did not stop (status %#x)\n",
				status);
			return 1;
		}
		print_status(pid);
		kill(pid, SIGCONT);
	}

	if (strcmp(kind, "unix")) {
		char b;

		/* nothing may arrive; the helper must fail */
		if (recv(sv[0], &b, 1, 0) != 0)
			die("unexpected data from the helper");
	} else if (recv_fd(sv[0], &tapfd)) {
		tapfd = -1;
	}

	if (waitpid(pid, &status, 0) != pid)
		return die("waitpid failed");
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
	if (hold) {
		setenv("TAP", name, 1);
		ret = system(hold) == 0 ? 0 : 1;
	}
out:
	if (tapfd >= 0)
		close(tapfd);
	return ret;
}
