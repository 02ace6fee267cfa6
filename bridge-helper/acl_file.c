// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * acl_file.c - read the ACL file and its includes
 *
 * Every file or directory read is opened with trust_open() (trust.c):
 * it, and every directory on its path from "/", must be owned by root,
 * not writable by group or others and not on a pseudo file system, and
 * it must be a regular file or a directory (a FIFO or device is never
 * opened). An include names an absolute path (the parser refuses others); a
 * directory include reads the directory's "*.conf" entries in byte
 * order, skipping dot files. Includes nest at most ACL_INCLUDE_DEPTH
 * deep; a file or directory that is already being read (same device and
 * inode) is an include cycle. Any problem fails the whole load with one
 * message naming the file (and line).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acl.h"
#include "acl_file.h"
#include "log.h"
#include "trust.h"

#define STACK_MAX	(2 * (ACL_INCLUDE_DEPTH + 1))

struct loader {
	struct acl *acl;
	struct stat stack[STACK_MAX];
	int nstack;
	char *msg;
	size_t msglen;
};

struct file_ctx {
	struct loader *ld;
	const char *path;
	int depth;
};

static int load_path(struct loader *ld, const char *path, int depth);

static int fail(struct loader *ld, int ret, const char *path,
		unsigned int line, const char *why)
{
	if (line)
		snprintf(ld->msg, ld->msglen, "%s:%u: %s", path, line, why);
	else
		snprintf(ld->msg, ld->msglen, "%s: %s", path, why);
	return ret;
}

static int read_all(int fd, char **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *b = malloc(cap), *nb;
	ssize_t r;

	if (!b)
		return -ENOMEM;
	for (;;) {
		if (n == cap) {
			if (cap > ACL_FILE_MAX) {
				free(b);
				return -EFBIG;
			}
			cap *= 2;
			nb = realloc(b, cap);
			if (!nb) {
				free(b);
				return -ENOMEM;
			}
			b = nb;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0) {
			r = -errno;
			if (r == -EINTR)
				continue;
			free(b);
			return (int)r;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > ACL_FILE_MAX) {
		free(b);
		return -EFBIG;
	}
	*buf = b;
	*len = n;
	return 0;
}

static int on_line(const struct acl_line *l, unsigned int lineno, void *opaque)
{
	struct file_ctx *fc = opaque;
	const char *origin;
	int ret;

	if (l->kind == ACL_INCLUDE)
		return load_path(fc->ld, l->path, fc->depth + 1);

	origin = fc->ld->acl->nfiles ?
		 fc->ld->acl->files[fc->ld->acl->nfiles - 1] : NULL;
	if (!origin || strcmp(origin, fc->path))
		origin = acl_add_file(fc->ld->acl, fc->path);
	if (!origin)
		return fail(fc->ld, -ENOMEM, fc->path, lineno, "out of memory");
	ret = acl_add(fc->ld->acl, l, origin, lineno);
	if (ret)
		return fail(fc->ld, ret, fc->path, lineno, "too many rules");
	return 0;
}

static int load_file(struct loader *ld, int fd, const char *path, int depth)
{
	struct file_ctx fc = { .ld = ld, .path = path, .depth = depth };
	unsigned int lineno;
	const char *why = NULL;
	size_t len = 0;
	char *buf = NULL;
	int ret;

	ret = read_all(fd, &buf, &len);
	if (ret == -EFBIG)
		return fail(ld, ret, path, 0, "file larger than 1 MiB");
	if (ret)
		return fail(ld, ret, path, 0, errstr(ret));

	ld->msg[0] = '\0';
	ret = acl_parse_buffer(buf, len, on_line, &fc, &lineno, &why);
	if (ret && !ld->msg[0])
		fail(ld, ret, path, lineno, why ? why : "parse error");
	free(buf);
	return ret;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_conf(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 5 && !strcmp(name + n - 5, ".conf");
}

static int load_dir(struct loader *ld, int fd, const char *path, int depth)
{
	char **names = NULL, **nn, full[ACL_PATH_MAX];
	size_t n = 0, i;
	struct dirent *de;
	int ret = -ENOMEM, dfd;
	DIR *d;

	dfd = dup(fd);
	if (dfd < 0 || !(d = fdopendir(dfd))) {
		ret = -errno;
		if (dfd >= 0)
			close(dfd);
		return fail(ld, ret, path, 0, errstr(ret));
	}
	while ((de = readdir(d))) {
		if (!is_conf(de->d_name))
			continue;
		nn = realloc(names, (n + 1) * sizeof(*names));
		if (!nn)
			goto out;
		names = nn;
		if (!(names[n] = strdup(de->d_name)))
			goto out;
		n++;
	}
	qsort(names, n, sizeof(*names), cmp_names);
	ret = 0;
	for (i = 0; i < n && !ret; i++) {
		if ((size_t)snprintf(full, sizeof(full), "%s/%s", path,
				     names[i]) >= sizeof(full)) {
			ret = fail(ld, -ENAMETOOLONG, path, 0,
				   "entry path too long");
			break;
		}
		ret = load_path(ld, full, depth);
	}
out:
	if (ret == -ENOMEM)
		fail(ld, ret, path, 0, "out of memory");
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return ret;
}

/* Include cycles and depth; the file itself was checked by trust_open() */
static int check_nesting(struct loader *ld, const struct stat *st,
			 const char *path)
{
	int i;

	for (i = 0; i < ld->nstack; i++)
		if (ld->stack[i].st_dev == st->st_dev &&
		    ld->stack[i].st_ino == st->st_ino)
			return fail(ld, -ELOOP, path, 0, "include cycle");
	if (ld->nstack == STACK_MAX)
		return fail(ld, -ELOOP, path, 0, "includes nested too deep");
	return 0;
}

static int load_path(struct loader *ld, const char *path, int depth)
{
	struct stat st;
	int fd, ret;

	if (depth > ACL_INCLUDE_DEPTH)
		return fail(ld, -ELOOP, path, 0,
			    "includes nested deeper than 8");
	fd = trust_open(path, TRUST_ANY, &st, ld->msg, ld->msglen);
	if (fd < 0)
		return fd;
	ret = check_nesting(ld, &st, path);
	if (ret)
		goto out;

	ld->stack[ld->nstack++] = st;
	if (S_ISDIR(st.st_mode))
		ret = load_dir(ld, fd, path, depth);
	else
		ret = load_file(ld, fd, path, depth);
	ld->nstack--;
out:
	close(fd);
	return ret;
}

/**
 * acl_load() - read the ACL at @path, following includes
 * @acl:	rule set to append to (empty on entry); freed by the caller
 * @path:	absolute path of the top-level ACL file
 * @msg:	on failure, one line naming the file (and line) at fault
 * @msglen:	size of @msg
 *
 * Return: 0 on success, else a negative errno: -EPERM for a file or a
 * directory on its path that is not root-owned, is writable by
 * group/others or is on a pseudo file system, -ELOOP for an include
 * cycle or depth past ACL_INCLUDE_DEPTH, -EFBIG for a file over 1 MiB,
 * -EINVAL or -E2BIG for a malformed line, or the error of open()/read()
 */
int acl_load(struct acl *acl, const char *path, char *msg, size_t msglen)
{
	struct loader ld = { .acl = acl, .msg = msg, .msglen = msglen };

	msg[0] = '\0';
	return load_path(&ld, path, 0);
}
