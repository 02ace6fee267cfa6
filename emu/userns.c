// SPDX-License-Identifier: GPL-2.0-or-later
/* userns.c - map our own ids into a user namespace we just created
 *
 * After unshare(CLONE_NEWUSER) a process may map exactly its own uid and,
 * once setgroups is denied, its own gid: the netns guest NIC (for the
 * command it runs) and the sandbox (for the emulator itself) both do so.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "userns.h"

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;
	size_t len = strlen(text);

	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len)
		ret = -errno;
	close(fd);
	return ret;
}

/**
 * userns_map_self() - map @uid and @gid to themselves, setgroups denied
 * @uid:	our uid outside
 * @gid:	our gid outside
 * @step:	set to the file that failed, on failure
 *
 * Return: 0, or negative errno (a kernel without /proc/self/setgroups is
 *	   not a failure)
 */
int userns_map_self(uid_t uid, gid_t gid, const char **step)
{
	char map[64];
	int ret;

	*step = "uid_map";
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned int)uid, (unsigned int)uid);
	ret = write_file("/proc/self/uid_map", map);
	if (ret < 0)
		return ret;
	*step = "setgroups";
	ret = write_file("/proc/self/setgroups", "deny\n");
	if (ret < 0 && ret != -ENOENT)
		return ret;
	*step = "gid_map";
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned int)gid, (unsigned int)gid);
	return write_file("/proc/self/gid_map", map);
}
