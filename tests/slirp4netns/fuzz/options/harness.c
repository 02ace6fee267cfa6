// SPDX-License-Identifier: GPL-2.0-or-later
/* options/harness.c - libFuzzer harness of slirp4netns' command line
 * (slirp4netns/s4n_options.c, s4n_netcfg.c)
 *
 * The input is the argument list, NUL-separated (argv[0] is fixed). The
 * parser only reads its arguments and calls access(); its messages go to
 * /dev/null, and so, during the call, does fd 2, where getopt_long()
 * writes (libFuzzer's own reports still reach stderr). A fake interface
 * list stands in for getifaddrs().
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <unistd.h>

#include "s4n_options.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	static int null_fd = -1, saved_fd = -1;
	static struct sockaddr_in sin = { .sin_family = AF_INET };
	static struct ifaddrs ifa = { .ifa_name = (char *)"gn0",
				      .ifa_addr = (struct sockaddr *)&sin };
	char *argv[MAX_ARGS + 1], *buf, *p, *end;
	struct s4n_options o;
	enum s4n_parse_result rc;
	int argc = 0;

	if (!null) {
		null = fopen("/dev/null", "w");
		null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		saved_fd = dup(2);
		if (!null || null_fd < 0 || saved_fd < 0)
			abort();
	}
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[argc++] = (char *)"slirp4netns";
	for (p = buf, end = buf + size; p <= end && argc < MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	fflush(stderr);
	dup2(null_fd, 2);
	rc = s4n_options_parse(&o, argc, argv, &ifa, null, null);
	fflush(stderr);
	dup2(saved_fd, 2);
	switch (rc) {
	case S4N_RUN:
		/* a valid result is consistent */
		if (o.mtu < 1 || o.mtu > S4N_MTU_MAX ||
		    o.net.prefix < S4N_PREFIX_MIN || o.net.prefix > S4N_PREFIX_MAX ||
		    (o.netns_type == S4N_NETNS_TAPFD) != (o.tapfd >= 0) ||
		    (o.netns_type != S4N_NETNS_TAPFD && !o.tapname) ||
		    (o.netns_type == S4N_NETNS_PID && o.target_pid < 1))
			abort();
		break;
	case S4N_HELP:
		s4n_print_usage(null, argv[0]);
		break;
	default:
		break;
	}
	free(buf);
	return 0;
}
