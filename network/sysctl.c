// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sysctl.c - read and write /proc/sys values of our network namespace
 *
 * net.* values under /proc/sys belong to the network namespace of the
 * process, so guestnet-network changes only the namespace it runs in.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sysctl.h"

/**
 * sysctl_get() - read an integer sysctl
 * @path:	file under /proc/sys
 * @value:	set to its value
 *
 * Return: 0 or a negative errno
 */
int sysctl_get(const char *path, int *value)
{
	char buf[32];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n] = '\0';
	*value = atoi(buf);
	return 0;
}

/**
 * sysctl_set() - write an integer sysctl
 * @path:	file under /proc/sys
 * @value:	the value
 *
 * Return: 0 or a negative errno
 */
int sysctl_set(const char *path, int value)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d\n", value), ret = 0;
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (write(fd, buf, (size_t)n) != n)
		ret = -errno;
	close(fd);
	return ret;
}
