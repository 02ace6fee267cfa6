// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trust.c - open a configuration file only if no one but root can have
 *	     chosen what it says
 *
 * DOC: Theory of operation
 *
 * A file is as trustworthy as the least trusted directory on its path: a
 * root-owned file in a user-owned directory can be replaced by a symlink
 * to anything, e.g. /proc/self/comm, whose content the user picks. So,
 * as sudo and OpenSSH do for their configuration, trust_open() walks the
 * path from "/" one component at a time, holding a descriptor of each
 * directory and opening the next component relative to it with
 * O_NOFOLLOW, and requires of every directory and of the file itself:
 *
 * - owned by root, not writable by group or others (no exception for
 *   sticky directories such as /tmp);
 * - a directory, or at the end a regular file (or directory, when a
 *   directory is asked for) - no FIFO, device or socket;
 * - not on a pseudo file system (statfs): procfs, sysfs and the like
 *   show root-owned files whose content other users choose; FUSE is
 *   refused too, since its server, not the kernel, reports owners.
 *
 * A symlink met on the way is followed only if it is owned by root (it
 * sits in a checked directory, so only root made it); its target is then
 * walked the same way, from "/" for an absolute target, at most
 * TRUST_MAX_LINKS times. ".." is resolved on the path already walked,
 * which has no symlinks left. Because every step is relative to a
 * descriptor of a checked directory, nothing can be swapped between the
 * check and the open.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "trust.h"
#include "util.h"

#define TRUST_MAX_LINKS	40
#define TRUST_PATH	4096

#ifndef FUSE_SUPER_MAGIC
#define FUSE_SUPER_MAGIC	0x65735546
#endif
#ifndef FUSECTL_SUPER_MAGIC
#define FUSECTL_SUPER_MAGIC	0x65735543
#endif
#ifndef CONFIGFS_MAGIC
#define CONFIGFS_MAGIC		0x62656570
#endif
#ifndef MQUEUE_MAGIC
#define MQUEUE_MAGIC		0x19800202
#endif

/* File systems whose files are not what root wrote there */
static const struct {
	long magic;
	const char *name;
} pseudo_fs[] = {
	{ PROC_SUPER_MAGIC, "proc" },	{ SYSFS_MAGIC, "sysfs" },
	{ DEBUGFS_MAGIC, "debugfs" },	{ TRACEFS_MAGIC, "tracefs" },
	{ SECURITYFS_MAGIC, "securityfs" },
	{ CGROUP_SUPER_MAGIC, "cgroup" }, { CGROUP2_SUPER_MAGIC, "cgroup2" },
	{ BPF_FS_MAGIC, "bpf" },	{ DEVPTS_SUPER_MAGIC, "devpts" },
	{ CONFIGFS_MAGIC, "configfs" },	{ EFIVARFS_MAGIC, "efivarfs" },
	{ PSTOREFS_MAGIC, "pstore" },	{ HUGETLBFS_MAGIC, "hugetlbfs" },
	{ MQUEUE_MAGIC, "mqueue" },	{ BINFMTFS_MAGIC, "binfmt_misc" },
	{ SELINUX_MAGIC, "selinuxfs" },	{ SMACK_MAGIC, "smackfs" },
	{ NSFS_MAGIC, "nsfs" },		{ FUSE_SUPER_MAGIC, "fuse" },
	{ FUSECTL_SUPER_MAGIC, "fusectl" },
};

struct walk {
	char todo[TRUST_PATH];	/* what is left to walk, from "/" */
	char done[TRUST_PATH];	/* walked so far, no symlinks: "" is "/" */
	int links;
	char *msg;
	size_t msglen;
	const char *path;	/* as asked for, for messages */
};

static int fail(struct walk *w, int ret, const char *dir, const char *why)
{
	if (dir)
		snprintf(w->msg, w->msglen, "%s: directory %s %s", w->path,
			 dir[0] ? dir : "/", why);
	else
		snprintf(w->msg, w->msglen, "%s: %s", w->path, why);
	return ret;
}

static const char *pseudo_name(int fd)
{
	struct statfs sf;
	size_t i;

	if (fstatfs(fd, &sf))
		return "unknown";
	for (i = 0; i < ARRAY_SIZE(pseudo_fs); i++)
		if ((long)sf.f_type == pseudo_fs[i].magic)
			return pseudo_fs[i].name;
	return NULL;
}

/* The type asked for; @dir: a directory on the way (NULL: the file) */
static int check_type(struct walk *w, mode_t mode, const char *dir,
		      enum trust_type type)
{
	if (dir || type == TRUST_DIR)
		return S_ISDIR(mode) ? 0 :
		       fail(w, -ENOTDIR, dir, dir ? "is not a directory" :
			    "not a directory");
	if (type == TRUST_FILE && S_ISDIR(mode))
		return fail(w, -EISDIR, NULL, "is a directory");
	if (type == TRUST_FILE && !S_ISREG(mode))
		return fail(w, -EINVAL, NULL, "not a regular file");
	if (!S_ISREG(mode) && !S_ISDIR(mode))
		return fail(w, -EINVAL, NULL, "not a regular file or directory");
	return 0;
}

/* Owner, mode, type and file system of @fd (@dir as in check_type()) */
static int check_fd(struct walk *w, int fd, const char *dir,
		    enum trust_type type, struct stat *st)
{
	char why[64];
	const char *fs;
	int ret;

	if (fstat(fd, st))
		return fail(w, -errno, dir, "cannot be read (fstat)");
	if (st->st_uid != 0)
		return fail(w, -EPERM, dir, "not owned by root");
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return fail(w, -EPERM, dir, "writable by group or others");
	ret = check_type(w, st->st_mode, dir, type);
	if (ret)
		return ret;
	fs = pseudo_name(fd);
	if (fs) {
		snprintf(why, sizeof(why), "on a pseudo file system (%s)", fs);
		return fail(w, -EPERM, dir, why);
	}
	return 0;
}

/* Next component of @p into @c; returns the rest, NULL at the end */
static const char *next_comp(struct walk *w, const char *p, char *c,
			     size_t clen, int *ret)
{
	size_t n;

	while (*p == '/')
		p++;
	if (!*p)
		return NULL;
	n = strcspn(p, "/");
	if (n >= clen) {
		*ret = fail(w, -ENAMETOOLONG, NULL, "a component of the path is too long");
		return NULL;
	}
	memcpy(c, p, n);
	c[n] = '\0';
	return p + n;
}

static bool is_last(const char *rest)
{
	while (*rest == '/')
		rest++;
	return !*rest;
}

/* Walk again from "/": @w->todo becomes @head + "/" + @tail */
static int restart(struct walk *w, const char *head, const char *tail,
		   bool *again)
{
	char buf[TRUST_PATH];

	if (++w->links > TRUST_MAX_LINKS)
		return fail(w, -ELOOP, NULL, "too many symlinks");
	if ((size_t)snprintf(buf, sizeof(buf), "%s/%s", head, tail) >=
	    sizeof(buf))
		return fail(w, -ENAMETOOLONG, NULL, "path too long");
	memcpy(w->todo, buf, sizeof(buf));
	*again = true;
	return 0;
}

/* ".." on the walked path (no symlinks in it, so this is exact) */
static int go_up(struct walk *w, const char *rest, bool *again)
{
	char *slash = strrchr(w->done, '/');

	if (slash)
		*slash = '\0';
	return restart(w, w->done, rest, again);
}

static int follow(struct walk *w, int dfd, const char *c,
		  const struct stat *lst, const char *rest, bool *again)
{
	char target[TRUST_PATH], base[TRUST_PATH];
	ssize_t n;

	if (lst->st_uid != 0)
		return fail(w, -EPERM, NULL,
			    "a symlink on the path is not owned by root");
	n = readlinkat(dfd, c, target, sizeof(target) - 1);
	if (n < 0)
		return fail(w, -errno, NULL, "cannot read a symlink on the path");
	target[n] = '\0';
	if (target[0] == '/')
		return restart(w, target, rest, again);
	if ((size_t)snprintf(base, sizeof(base), "%s/%s", w->done, target) >=
	    sizeof(base))
		return fail(w, -ENAMETOOLONG, NULL, "path too long");
	return restart(w, base, rest, again);
}

/* Open the last component @c of the walk (checked type @mode) */
static int open_last(struct walk *w, int dfd, const char *c, mode_t mode,
		     enum trust_type type, struct stat *st)
{
	int fd, ret;

	/* never open a FIFO or a device: the type is known from fstatat */
	ret = check_type(w, mode, NULL, type);
	if (ret)
		return ret;
	fd = openat(dfd, c, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
		    O_CLOEXEC | (S_ISDIR(mode) ? O_DIRECTORY : 0));
	if (fd < 0)
		return fail(w, -errno, NULL, strerrordesc_np(errno));
	ret = check_fd(w, fd, NULL, type, st);
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

/* One pass from "/": the descriptor, a negative errno, or *again */
static int walk_once(struct walk *w, enum trust_type type, struct stat *st,
		     bool *again)
{
	char c[NAME_MAX + 1], rest[TRUST_PATH];
	const char *p = w->todo, *next;
	bool opened = false;
	struct stat lst;
	int dfd, fd, ret = 0;

	*again = false;
	w->done[0] = '\0';
	dfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return fail(w, -errno, "", "cannot be opened");
	ret = check_fd(w, dfd, "", TRUST_DIR, st);
	while (!ret && (next = next_comp(w, p, c, sizeof(c), &ret))) {
		p = next;
		if (!strcmp(c, ".") && !is_last(p))
			continue;
		snprintf(rest, sizeof(rest), "%s", p);
		if (!strcmp(c, "..")) {
			ret = go_up(w, rest, again);
			break;
		}
		if (fstatat(dfd, c, &lst, AT_SYMLINK_NOFOLLOW)) {
			ret = fail(w, -errno, NULL, strerrordesc_np(errno));
			break;
		}
		if (S_ISLNK(lst.st_mode)) {
			ret = follow(w, dfd, c, &lst, rest, again);
			break;
		}
		if (is_last(p)) {
			ret = open_last(w, dfd, c, lst.st_mode, type, st);
			opened = true;
			break;
		}
		fd = openat(dfd, c, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			ret = fail(w, -errno, NULL,
				   "a component of the path is not a directory");
			break;
		}
		close(dfd);
		dfd = fd;
		strncat(w->done, "/", sizeof(w->done) - strlen(w->done) - 1);
		strncat(w->done, c, sizeof(w->done) - strlen(w->done) - 1);
		ret = check_fd(w, dfd, w->done, TRUST_DIR, st);
	}
	if (!ret && !*again && !opened)	/* the path was "/" */
		ret = open_last(w, dfd, ".", S_IFDIR, type, st);
	close(dfd);
	return ret;
}

/**
 * trust_open() - open @path if root alone controls it and its directories
 * @path:	absolute path
 * @type:	TRUST_FILE (a regular file), TRUST_DIR (a directory, opened
 *		O_DIRECTORY) or TRUST_ANY (either)
 * @st:		filled with the opened file's fstat()
 * @msg:	on failure, one line naming @path and what was wrong where
 * @msglen:	size of @msg
 *
 * Return: an O_RDONLY | O_CLOEXEC | O_NONBLOCK descriptor, or a negative
 * errno: -ENOENT if a component does not exist (every directory before
 * it was checked), -EPERM for an owner, mode or file system that is not
 * trusted, -EINVAL/-EISDIR for a wrong file type, -ELOOP for too many
 * symlinks, or the error of open()/fstat()
 */
int trust_open(const char *path, enum trust_type type, struct stat *st,
	       char *msg, size_t msglen)
{
	struct walk w = { .msg = msg, .msglen = msglen, .path = path };
	bool again;
	int ret;

	if (path[0] != '/')
		return fail(&w, -EINVAL, NULL, "not an absolute path");
	if (strlen(path) >= sizeof(w.todo))
		return fail(&w, -ENAMETOOLONG, NULL, "path too long");
	memcpy(w.todo, path, strlen(path) + 1);
	do
		ret = walk_once(&w, type, st, &again);
	while (again && ret >= 0);
	return ret;
}
