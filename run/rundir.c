// SPDX-License-Identifier: GPL-2.0-or-later
/* rundir.c - the user's private runtime directory
 *
 * Sockets, pid files and locks live in $XDG_RUNTIME_DIR/guestnet, or, when
 * XDG_RUNTIME_DIR is unset or empty, in /tmp/guestnet-UID. Either is
 * created with mode 0700 and must then be a real directory (not a
 * symlink) owned by us with mode 0700 — in /tmp another user could have
 * made it first, and then we refuse it rather than use it. A `guestnet
 * run` with a private emulator makes its own subdirectory run-XXXXXX in
 * it, removed at exit.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "rundir.h"

/* mkdir -m 0700 PATH if missing, then check it is ours and private */
static int private_dir(const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (mkdir(path, 0700) < 0 && errno != EEXIST) {
		int ret = -errno;

		snprintf(err, errlen, "%s: %s", path, errstr(ret));
		return ret;
	}
	if (lstat(path, &st) < 0) {
		int ret = -errno;

		snprintf(err, errlen, "%s: %s", path, errstr(ret));
		return ret;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 07777) != 0700) {
		snprintf(err, errlen, "%s: not a directory of uid %u with mode 0700; refusing it",
			 path, (unsigned int)geteuid());
		return -EPERM;
	}
	return 0;
}

/**
 * rundir_base() - find or make the user's guestnet runtime directory
 * @out:	result: the directory's path
 * @len:	its size
 * @err:	message buffer
 * @errlen:	its size
 *
 * Return: 0, or negative errno with a message in @err
 */
int rundir_base(char *out, size_t len, char *err, size_t errlen)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	int n;

	if (xdg && *xdg)
		n = snprintf(out, len, "%s/guestnet", xdg);
	else
		n = snprintf(out, len, "/tmp/guestnet-%u", (unsigned int)geteuid());
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "XDG_RUNTIME_DIR: path too long");
		return -ENAMETOOLONG;
	}
	return private_dir(out, err, errlen);
}

/**
 * rundir_private() - make a new private directory BASE/run-XXXXXX
 * @base:	from rundir_base()
 * @out:	result
 * @len:	its size
 * @err:	message buffer
 * @errlen:	its size
 *
 * Return: 0, or negative errno with a message in @err
 */
int rundir_private(const char *base, char *out, size_t len, char *err, size_t errlen)
{
	int n = snprintf(out, len, "%s/run-XXXXXX", base);

	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "%s: path too long", base);
		return -ENAMETOOLONG;
	}
	if (!mkdtemp(out)) {
		int ret = -errno;

		snprintf(err, errlen, "%s: %s", out, errstr(ret));
		return ret;
	}
	return 0;
}

/**
 * rundir_remove_private() - remove a directory from rundir_private()
 * @dir:	the directory; whatever the emulator left in it goes too (only
 *		plain entries: it never holds subdirectories)
 */
void rundir_remove_private(const char *dir)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	struct dirent *de;
	DIR *d;

	if (dfd < 0)
		return;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlinkat(dfd, de->d_name, 0);
	closedir(d);
	rmdir(dir);
}
