// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * helper-bench.c - time bridge helpers from exec to tap fd received
 *
 * Usage: helper-bench ITERATIONS BRIDGE NAME=HELPER [NAME=HELPER...]
 *
 * Each iteration runs every helper once, in turn (so drift affects all
 * alike), the way QEMU does: a socketpair, spawn "HELPER --use-vnet
 * --fd=3 --br=BRIDGE" with the socket as fd 3, recvmsg() the fd. The time
 * is from just before the spawn to the fd in hand; then the tap is closed
 * and the helper reaped (its exit status must be 0). Prints min, median,
 * p90, mean in milliseconds per helper, and each helper's median relative
 * to the first's.
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct helper {
	const char *name, *path;
	double *ms;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int recv_fd(int sock)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int)))
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

static int run_once(const char *path, const char *bridge, double *ms)
{
	char brarg[64];
	char *argv[] = { (char *)path, "--use-vnet", "--fd=3", brarg, NULL };
	posix_spawn_file_actions_t fa;
	int sv[2], fd, status;
	double t0;
	pid_t pid;

	snprintf(brarg, sizeof(brarg), "--br=%s", bridge);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sv[1], 3);

	t0 = now_ms();
	if (posix_spawn(&pid, path, &fa, NULL, argv, environ))
		return -1;
	close(sv[1]);
	fd = recv_fd(sv[0]);
	*ms = now_ms() - t0;

	posix_spawn_file_actions_destroy(&fa);
	close(sv[0]);
	if (fd >= 0)
		close(fd);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) || fd < 0)
		return -1;
	return 0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char *argv[])
{
	struct helper h[8];
	int iters, n = 0, i, j;
	double base = 0;

	if (argc < 4 || argc > 11) {
		fprintf(stderr, "usage: helper-bench ITERATIONS BRIDGE NAME=HELPER...\n");
		return 2;
	}
	iters = atoi(argv[1]);
	if (iters < 1)
		return 2;
	for (i = 3; i < argc; i++, n++) {
		char *eq = strchr(argv[i], '=');

		if (!eq)
			return 2;
		*eq = '\0';
		h[n].name = argv[i];
		h[n].path = eq + 1;
		h[n].ms = calloc((size_t)iters, sizeof(double));
		if (!h[n].ms)
			return 1;
	}
	for (j = 0; j < iters; j++)
		for (i = 0; i < n; i++)
			if (run_once(h[i].path, argv[2], &h[i].ms[j])) {
				fprintf(stderr, "helper-bench: %s failed (iteration %d)\n",
					h[i].name, j);
				return 1;
			}

	printf("%-24s %8s %8s %8s %8s %8s\n", "helper (ms, exec->fd)", "min",
	       "median", "p90", "mean", "ratio");
	for (i = 0; i < n; i++) {
		double sum = 0, med;

		qsort(h[i].ms, (size_t)iters, sizeof(double), cmp);
		for (j = 0; j < iters; j++)
			sum += h[i].ms[j];
		med = h[i].ms[iters / 2];
		if (!i)
			base = med;
		printf("%-24s %8.3f %8.3f %8.3f %8.3f %8.2f\n", h[i].name,
		       h[i].ms[0], med, h[i].ms[(iters * 9) / 10], sum / iters,
		       med / base);
	}
	return 0;
}
