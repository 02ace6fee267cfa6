// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fds.c - descriptors 0-2 and the reply socket, made safe first
 *
 * The caller chooses every descriptor the helper starts with. Before the
 * helper opens anything or prints a line:
 *
 * - fds_open_std(): a closed 0, 1 or 2 becomes /dev/null, so that no file
 *   the helper opens later lands there (and gets error text written to
 *   it, or is read as stdin);
 * - fds_protect(): standard input and output become /dev/null (the helper
 *   never reads, and prints to stdout only for --help and --version,
 *   which are done by then); the reply socket, if it was given as 0, 1 or
 *   2, moves to a descriptor above 2; standard error becomes /dev/null
 *   if it is that same socket (same inode), so that no error text can
 *   ever be mixed into the reply stream that QEMU reads (the error is
 *   still logged to syslog); and every other descriptor the caller left
 *   open is closed, so none can be confused with one of ours or fill
 *   the descriptor table.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fdclose.h"
#include "fds.h"

/**
 * fds_open_std() - make descriptors 0, 1 and 2 valid
 *
 * Each closed one is opened on /dev/null; if even that fails (e.g. a
 * descriptor limit of 0), nothing else can be opened either.
 */
void fds_open_std(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= 2)
		;
	if (fd > 2)
		close(fd);
}

static bool same_file(int a, int b)
{
	struct stat sa, sb;

	return !fstat(a, &sa) && !fstat(b, &sb) && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/**
 * fds_protect() - /dev/null on stdin and stdout, the reply off 0-2, no
 *		   other descriptor left open
 * @reply:	the --fd= descriptor, or -1 if none was parsed; updated if
 *		it had to move
 *
 * Return: 0, or a negative errno if /dev/null cannot be opened or the
 * reply socket cannot be moved (then nothing must be written: standard
 * error may be the reply socket)
 */
int fds_protect(int *reply)
{
	int null, fd, i, ret = 0;

	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0)
		return -errno;
	if (*reply >= 0 && *reply <= 2) {
		fd = fcntl(*reply, F_DUPFD_CLOEXEC, 3);
		if (fd < 0 && errno != EBADF) {
			ret = -errno;
			goto out;
		}
		if (fd >= 0)
			*reply = fd;
	}
	for (i = 0; i <= 2; i++) {
		if (i == STDERR_FILENO && (*reply < 0 || !same_file(i, *reply)))
			continue;
		if (dup2(null, i) < 0) {
			ret = -errno;
			goto out;
		}
	}
out:
	close(null);
	if (!ret)
		fd_close_from(3, *reply);	/* all but the reply above 2 */
	return ret;
}
