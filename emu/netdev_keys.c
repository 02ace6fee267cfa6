// SPDX-License-Identifier: GPL-2.0-or-later
/* netdev_keys.c - keys that several -netdev types share
 *
 * HOST:PORT values (socket's listen=, connect=, mcast=, udp=, localaddr=),
 * descriptor numbers (fd=), QEMU's SocketAddress flattened into keys
 * (stream's addr.*, dgram's local.* and remote.*), interface names (tap's
 * ifname=, bridge's br=, netns' ifname=), programs to run (helper=,
 * script=, downscript=), and the permissions of VDE sockets (vde's and
 * vdeswitch's mode= and group=), read as QEMU 7.2 names them. Every
 * error names the key.
 */

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ifname.h"
#include "log.h"
#include "netdev.h"
#include "netdev_keys.h"
#include "optstring.h"
#include "sockaddr.h"

/**
 * netdev_key_hostport() - a HOST:PORT key (socket's listen=, connect=, ...)
 * @o:		options, for the message
 * @key:	the key
 * @val:	its value
 * @passive:	for binding: an empty host means any address
 * @a:		result
 *
 * Return: 0, or -EINVAL with the message in @o
 */
int netdev_key_hostport(struct opts *o, const char *key, const char *val,
			bool passive, struct gn_addr *a)
{
	const char *why;

	if (addr_hostport(val, passive, a, &why) < 0)
		return opts_fail(o, "key '%s': '%s': %s", key, val, why);
	return 0;
}

/**
 * netdev_key_fd() - a key naming an open descriptor (fd=, PREFIX.str=)
 * @o:		options, for the message
 * @key:	the key
 * @val:	its value
 * @fd:		result
 *
 * Return: 0, or -EINVAL with the message in @o
 */
int netdev_key_fd(struct opts *o, const char *key, const char *val, int *fd)
{
	const char *why;

	if (addr_parse_fd(val, fd, &why) < 0)
		return opts_fail(o, "key '%s': '%s': %s", key, val, why);
	return 0;
}

/**
 * netdev_key_ifname() - a key naming a network interface (ifname.c)
 * @o:		options, for the message
 * @key:	the key
 * @name:	its value
 *
 * Return: 0, or -EINVAL with the message in @o
 */
int netdev_key_ifname(struct opts *o, const char *key, const char *name)
{
	const char *why = ifname_problem(name);

	return why ? opts_fail(o, "key '%s': '%s' %s", key, name, why) : 0;
}

/**
 * netdev_key_program() - a key naming a program we will execute
 * @o:		options, for the message
 * @key:	the key
 * @path:	its value: a path without blanks (never a shell command),
 *		executable by us
 *
 * Return: 0, or -EINVAL with the message in @o
 */
int netdev_key_program(struct opts *o, const char *key, const char *path)
{
	if (!*path)
		return opts_fail(o, "key '%s' is empty", key);
	if (strpbrk(path, " \t\n"))
		return opts_fail(o, "key '%s': '%s': commands with arguments are not supported, give a path", key, path);
	if (strlen(path) >= PATH_MAX)
		return opts_fail(o, "key '%s': path too long", key);
	if (access(path, X_OK) < 0)
		return opts_fail(o, "key '%s': '%s': %s", key, path, errstr(errno));
	return 0;
}

/**
 * netdev_key_prefix_len() - the prefix length after the '/' of an address
 * @o:		options, for the message
 * @key:	the key it is part of
 * @text:	the digits after the '/'
 * @min:	smallest allowed
 * @max:	largest allowed
 * @len:	result
 *
 * Return: 0, or -EINVAL with the message in @o
 */
int netdev_key_prefix_len(struct opts *o, const char *key, const char *text,
			  unsigned int min, unsigned int max, unsigned int *len)
{
	char *end;
	unsigned long n = strtoul(text, &end, 10);

	if (!*text || *end || n < min || n > max)
		return opts_fail(o, "key '%s': prefix length '%s' is not %u to %u",
				 key, text, min, max);
	*len = (unsigned int)n;
	return 0;
}

/**
 * netdev_key_address() - QEMU's SocketAddress in flattened keys
 * @o:		options
 * @prefix:	"addr", "local" or "remote": keys PREFIX.type=inet|unix|fd with
 *		PREFIX.host/.port, PREFIX.path/.abstract/.tight, or PREFIX.str
 * @passive:	for binding: an empty host means any address
 * @a:		the address (inet, unix)
 * @fd:		the descriptor (fd), else -1
 * @given:	PREFIX.type was given
 *
 * Return: 0 (also when absent: *@given false), or -EINVAL with the
 *	   message in @o
 */
int netdev_key_address(struct opts *o, const char *prefix, bool passive,
		       struct gn_addr *a, int *fd, bool *given)
{
	char k_type[32], k_host[32], k_port[32], k_path[32], k_abs[32], k_tight[32], k_str[32];
	const char *type, *host, *port, *path, *str, *why;
	bool abstract, tight;
	int ret;

	snprintf(k_type, sizeof(k_type), "%s.type", prefix);
	snprintf(k_host, sizeof(k_host), "%s.host", prefix);
	snprintf(k_port, sizeof(k_port), "%s.port", prefix);
	snprintf(k_path, sizeof(k_path), "%s.path", prefix);
	snprintf(k_abs, sizeof(k_abs), "%s.abstract", prefix);
	snprintf(k_tight, sizeof(k_tight), "%s.tight", prefix);
	snprintf(k_str, sizeof(k_str), "%s.str", prefix);
	type = opts_get(o, k_type);
	host = opts_get(o, k_host);
	port = opts_get(o, k_port);
	path = opts_get(o, k_path);
	str = opts_get(o, k_str);
	ret = opts_get_bool(o, k_abs, false, &abstract);
	if (!ret)
		ret = opts_get_bool(o, k_tight, true, &tight);
	if (ret < 0)
		return ret;
	*given = type != NULL;
	*fd = -1;
	if (!type) {
		if (host || port || path || str)
			return opts_fail(o, "key '%s' is required", k_type);
		return 0;
	}
	if (!strcmp(type, "inet")) {
		if (path || str)
			return opts_fail(o, "key '%s' does not go with %s=inet", path ? k_path : k_str, k_type);
		if (!port)
			return opts_fail(o, "key '%s' is required", k_port);
		if (addr_inet(host, port, passive, a, &why) < 0)
			return opts_fail(o, "keys '%s'/'%s': '%s:%s': %s", k_host, k_port,
					 host ? host : "", port, why);
		return 0;
	}
	if (!strcmp(type, "unix")) {
		if (host || port || str)
			return opts_fail(o, "key '%s' does not go with %s=unix",
					 host ? k_host : port ? k_port : k_str, k_type);
		if (!path)
			return opts_fail(o, "key '%s' is required", k_path);
		if (addr_unix(path, abstract, a, &why) < 0)
			return opts_fail(o, "key '%s': '%s': %s", k_path, path, why);
		if (abstract && !tight)
			a->len = sizeof(a->u.un);
		return 0;
	}
	if (!strcmp(type, "fd")) {
		if (!str)
			return opts_fail(o, "key '%s' is required", k_str);
		return netdev_key_fd(o, k_str, str, fd);
	}
	return opts_fail(o, "key '%s': '%s' is not inet, unix or fd", k_type, type);
}

/**
 * netdev_key_mode() - a file mode key, in octal (vde's and vdeswitch's mode=)
 * @o:		options
 * @key:	the key
 * @def:	value when absent, or -1
 * @mode:	result: the mode, or @def
 *
 * Only permission bits (at most 0777) are accepted, with or without a
 * leading 0: "0660" and "660" are the same.
 *
 * Return: 0, or -EINVAL with the message in @o
 */
int netdev_key_mode(struct opts *o, const char *key, int def, int *mode)
{
	const char *v = opts_get(o, key);
	unsigned long n;
	char *end;

	*mode = def;
	if (!v)
		return 0;
	errno = 0;
	n = strtoul(v, &end, 8);
	if (!*v || *end || errno || v[0] == '-' || v[0] == '+' || n > 0777)
		return opts_fail(o, "key '%s': '%s' is not an octal mode from 0 to 0777",
				 key, v);
	*mode = (int)n;
	return 0;
}

/* A group given as a number, not a name */
static bool is_gid(const char *v)
{
	return *v && !v[strspn(v, "0123456789")];
}

/* A group name (NSS) or a decimal gid */
static int group_lookup(const char *name, gid_t *gid)
{
	char buf[4096];
	struct group g, *res = NULL;
	unsigned long n;
	int ret;

	if (is_gid(name)) {
		errno = 0;
		n = strtoul(name, NULL, 10);
		if (errno || n >= (gid_t)-1)
			return -ERANGE;
		*gid = (gid_t)n;
		return 0;
	}
	ret = getgrnam_r(name, &g, buf, sizeof(buf), &res);
	if (ret)
		return -ret;
	if (!res)
		return -ENOENT;
	*gid = g.gr_gid;
	return 0;
}

/**
 * netdev_key_group() - a group key: a name or a number (vde's group=)
 * @o:		options
 * @key:	the key
 * @name:	result: its value, or NULL when absent
 * @gid:	result: the group's id (unchanged when absent)
 *
 * A name is looked up through NSS (declare it: netdev_group_needs()).
 *
 * Return: 0, or -EINVAL with the message in @o
 */
int netdev_key_group(struct opts *o, const char *key, const char **name,
		     gid_t *gid)
{
	const char *v = opts_get(o, key);
	int ret;

	*name = v;
	if (!v)
		return 0;
	if (!*v)
		return opts_fail(o, "key '%s' is empty", key);
	ret = group_lookup(v, gid);
	if (ret == -ENOENT)
		return opts_fail(o, "key '%s': no group '%s'", key, v);
	if (ret < 0)
		return opts_fail(o, "key '%s': '%s': %s", key, v, errstr(ret));
	return 0;
}

/**
 * netdev_group_needs() - declare what a group key of the port needs
 * @o:		options (not consumed)
 * @key:	the key
 * @n:		the port's needs
 *
 * A group given by name is looked up through NSS when the port opens.
 */
void netdev_group_needs(const struct opts *o, const char *key,
			struct netdev_needs *n)
{
	unsigned int it = 0;
	const char *v = opts_peek(o, key, &it);

	if (v && !is_gid(v))
		netdev_need(n, NEED_NSS, key, v, "a group name");
}

/**
 * netdev_address_needs() - declare what a SocketAddress of the port needs
 * @o:		options (not consumed)
 * @type_key:	its PREFIX.type key ("addr.type", "local.type", ...)
 * @n:		the port's needs
 *
 * A unix socket path needs the file system after start-up: it is removed
 * when the port closes, or connected to again (reconnect=).
 */
void netdev_address_needs(const struct opts *o, const char *type_key,
			  struct netdev_needs *n)
{
	unsigned int it = 0;
	const char *type = opts_peek(o, type_key, &it);

	if (type && !strcmp(type, "unix"))
		netdev_need(n, NEED_FS, type_key, type, "unix socket addresses");
}
