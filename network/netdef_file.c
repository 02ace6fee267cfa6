// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * netdef_file.c - read network definitions from the networks directory
 *
 * The directory is fixed at build time (meson option networks_dir) and
 * holds NAME.conf per network. Like the helper's ACL, every file read is
 * opened with trust_open() (bridge-helper/trust.c): it and every
 * directory on its path from "/" must be owned by root, not writable by
 * group or others and not on a pseudo file system; files must be
 * regular (a FIFO or device is never opened). A missing directory (in
 * a trusted parent) means "no networks". Any unreadable or malformed
 * definition fails the whole scan: the helper must not guess which
 * network a bridge belongs to.
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

#include "trust.h"
#include "netdef.h"
#include "netdef_file.h"

static int fail(char *msg, size_t msglen, int ret, const char *path,
		const char *why)
{
	snprintf(msg, msglen, "%s: %s", path, why);
	return ret;
}

/* Read at most NETDEF_FILE_MAX + 1 bytes of @fd into @buf */
static ssize_t read_all(int fd, char *buf, size_t cap)
{
	size_t n = 0;
	ssize_t r;

	while (n < cap) {
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	return (ssize_t)n;
}

static int load_path(const char *path, const char *name, size_t namelen,
		     struct netdef *nd, char *msg, size_t msglen)
{
	struct netdef_err e;
	char *buf = NULL;
	struct stat st;
	ssize_t n;
	int fd, ret;

	fd = trust_open(path, TRUST_FILE, &st, msg, msglen);
	if (fd == -ENOENT)
		return fail(msg, msglen, fd, path, "no such network definition");
	if (fd < 0)
		return fd;
	ret = -EFBIG;
	if (st.st_size > NETDEF_FILE_MAX) {
		fail(msg, msglen, ret, path, "larger than 64 KiB");
		goto out;
	}
	ret = -ENOMEM;
	buf = malloc(NETDEF_FILE_MAX + 1);
	if (!buf)
		goto out;
	n = read_all(fd, buf, NETDEF_FILE_MAX + 1);
	if (n < 0) {
		ret = fail(msg, msglen, (int)n, path, "cannot read");
		goto out;
	}
	ret = netdef_init(nd, name, namelen, &e);
	if (!ret)
		ret = netdef_parse_buffer(nd, buf, (size_t)n, &e);
	if (ret)
		netdef_format_err(&e, path, msg, msglen);
out:
	free(buf);
	close(fd);
	return ret;
}

/**
 * netdef_load() - read network @name's definition from @dir
 * @dir:	the networks directory
 * @name:	network name (checked here)
 * @nd:		filled on success
 * @msg:	on failure, one line naming the file, line and key
 * @msglen:	size of @msg
 *
 * Return: 0, -ENOENT if there is no such definition, -EPERM for a file
 * (or a directory on its path) not root-owned, writable by others or on
 * a pseudo file system, -EINVAL/-E2BIG/-EFBIG for a
 * malformed one, or the error of open()/read()
 */
int netdef_load(const char *dir, const char *name, struct netdef *nd,
		char *msg, size_t msglen)
{
	char path[4096];
	const char *why;
	int ret;

	ret = netdef_name_check(name, strlen(name), &why);
	if (ret)
		return fail(msg, msglen, ret, name, why);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.conf", dir, name) >=
	    sizeof(path))
		return fail(msg, msglen, -ENAMETOOLONG, dir, "path too long");
	return load_path(path, name, strlen(name), nd, msg, msglen);
}

static bool is_conf(const char *name, size_t *base)
{
	size_t n = strlen(name);

	if (name[0] == '.' || n <= 5 || strcmp(name + n - 5, ".conf"))
		return false;
	*base = n - 5;
	return true;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The "*.conf" entries of @d, sorted; *names freed by the caller */
static int list_conf(DIR *d, char ***names, size_t *count)
{
	char **v = NULL, **nv;
	struct dirent *de;
	size_t n = 0, base;

	while ((de = readdir(d))) {
		if (!is_conf(de->d_name, &base))
			continue;
		nv = realloc(v, (n + 1) * sizeof(*v));
		if (!nv || !(nv[n] = strdup(de->d_name))) {
			v = nv ? nv : v;
			while (n)
				free(v[--n]);
			free(v);
			return -ENOMEM;
		}
		v = nv;
		n++;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_names);
	*names = v;
	*count = n;
	return 0;
}

static int scan_names(const char *dir, char **names, size_t count,
		      netdef_each_fn fn, void *opaque, char *msg,
		      size_t msglen)
{
	struct netdef *nd = malloc(sizeof(*nd));
	char path[4096];
	size_t i, base = 0;
	int ret = -ENOMEM;

	if (!nd)
		return ret;
	for (i = 0, ret = 0; i < count && !ret; i++) {
		is_conf(names[i], &base);
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
				     names[i]) >= sizeof(path)) {
			ret = fail(msg, msglen, -ENAMETOOLONG, dir, "path too long");
			break;
		}
		ret = load_path(path, names[i], base, nd, msg, msglen);
		if (!ret)
			ret = fn(nd, path, opaque);
	}
	free(nd);
	return ret;
}

/**
 * netdef_scan() - read every definition in @dir, in name order
 * @dir:	the networks directory (missing: no networks)
 * @fn:		called for each definition
 * @opaque:	passed to @fn
 * @msg:	on failure, one line naming the file (and line and key)
 * @msglen:	size of @msg
 *
 * Return: 0 when all were read, 1 if @fn stopped the scan, or a negative
 * errno from reading, parsing or @fn (@msg set for the former two)
 */
int netdef_scan(const char *dir, netdef_each_fn fn, void *opaque,
		char *msg, size_t msglen)
{
	char **names = NULL;
	size_t count = 0, i;
	struct stat st;
	DIR *d;
	int fd, ret;

	msg[0] = '\0';
	fd = trust_open(dir, TRUST_DIR, &st, msg, msglen);
	if (fd == -ENOENT) {
		msg[0] = '\0';
		return 0;
	}
	if (fd < 0)
		return fd;
	d = fdopendir(fd);
	if (!d) {
		ret = -errno;
		close(fd);
		return fail(msg, msglen, ret, dir, "cannot read");
	}
	ret = list_conf(d, &names, &count);
	closedir(d);
	if (ret)
		return fail(msg, msglen, ret, dir, "out of memory");
	ret = scan_names(dir, names, count, fn, opaque, msg, msglen);
	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return ret;
}

struct find_ctx {
	const char *bridge;
	struct netdef *nd;
	char *path;
	size_t pathlen;
	bool found;
};

static int find_one(const struct netdef *nd, const char *path, void *opaque)
{
	struct find_ctx *f = opaque;

	if (strcmp(nd->bridge, f->bridge))
		return 0;
	if (f->found)
		return -EEXIST;	/* two definitions claim one bridge */
	*f->nd = *nd;
	snprintf(f->path, f->pathlen, "%s", path);
	f->found = true;
	return 0;
}

/**
 * netdef_find_bridge() - the network whose bridge is @bridge, if any
 * @dir:	the networks directory
 * @bridge:	bridge name
 * @nd:		filled if found
 * @path:	receives the definition's file if found
 * @pathlen:	size of @path
 * @msg:	on failure, one line saying why
 * @msglen:	size of @msg
 *
 * Every definition is read (and must be valid), so that two definitions
 * naming one bridge are caught.
 *
 * Return: 1 if found, 0 if no definition names @bridge, -EEXIST if more
 * than one does, or the error of netdef_scan()
 */
int netdef_find_bridge(const char *dir, const char *bridge,
		       struct netdef *nd, char *path, size_t pathlen,
		       char *msg, size_t msglen)
{
	struct find_ctx f = { .bridge = bridge, .nd = nd, .path = path,
			      .pathlen = pathlen };
	int ret;

	ret = netdef_scan(dir, find_one, &f, msg, msglen);
	if (ret == -EEXIST && !msg[0])
		snprintf(msg, msglen, "%s: bridge %s is named by two network definitions",
			 dir, bridge);
	if (ret < 0)
		return ret;
	return f.found ? 1 : 0;
}
