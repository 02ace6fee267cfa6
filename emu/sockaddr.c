// SPDX-License-Identifier: GPL-2.0-or-later
/* sockaddr.c - parse and print inet and unix socket addresses
 *
 * QEMU's forms: "host:port", ":port" (any address), "[v6addr]:port", and
 * for unix sockets a path (optionally in the abstract namespace).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockaddr.h"

/**
 * addr_inet() - resolve a host and port to an IPv4 or IPv6 address
 * @host:	name or numeric address; NULL or "" for any (passive) or
 *		loopback (active)
 * @port:	decimal port
 * @passive:	for bind() rather than connect()
 * @out:	result
 * @why:	on failure, a static description
 *
 * Return: 0, or -EINVAL with @why set
 */
int addr_inet(const char *host, const char *port, bool passive,
	      struct gn_addr *out, const char **why)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC,
				  .ai_socktype = SOCK_STREAM };
	struct addrinfo *res;
	char *end;
	long p;
	int ret;

	if (!port || !*port) {
		*why = "no port";
		return -EINVAL;
	}
	p = strtol(port, &end, 10);
	if (*end || p < 0 || p > 65535) {
		*why = "bad port";
		return -EINVAL;
	}
	if (!host || !*host) {
		host = NULL;
		if (passive)
			hints.ai_family = AF_INET;
	}
	if (passive)
		hints.ai_flags = AI_PASSIVE;
	ret = getaddrinfo(host, port, &hints, &res);
	if (ret) {
		*why = ret == EAI_NONAME ? "unknown host" : gai_strerror(ret);
		return -EINVAL;
	}
	memset(out, 0, sizeof(*out));
	memcpy(&out->u.ss, res->ai_addr, res->ai_addrlen);
	out->len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

/**
 * addr_hostport() - parse "host:port", ":port" or "[v6]:port"
 * @str:	the string
 * @passive:	for bind() rather than connect()
 * @out:	result
 * @why:	on failure, a static description
 *
 * Return: 0, or -EINVAL with @why set
 */
int addr_hostport(const char *str, bool passive, struct gn_addr *out,
		  const char **why)
{
	const char *colon = strrchr(str, ':');
	char host[256];
	size_t hlen;

	if (!colon) {
		*why = "expected host:port";
		return -EINVAL;
	}
	hlen = (size_t)(colon - str);
	if (hlen >= 2 && str[0] == '[' && str[hlen - 1] == ']') {
		str++;
		hlen -= 2;
	}
	if (hlen >= sizeof(host)) {
		*why = "host name too long";
		return -EINVAL;
	}
	memcpy(host, str, hlen);
	host[hlen] = '\0';
	return addr_inet(host, colon + 1, passive, out, why);
}

/**
 * addr_unix() - make a unix socket address from a path
 * @path:	file system path, or name in the abstract namespace
 * @abstract:	use the abstract namespace
 * @out:	result
 * @why:	on failure, a static description
 *
 * A path is NUL-terminated inside sun_path, so it may have up to 107
 * bytes; its length counts the NUL. An abstract name follows a leading
 * NUL and has no terminator (QEMU's tight=on), so it may have up to 107
 * bytes too; its length counts the leading NUL and the name, nothing
 * after it. Either way the length is the family, the name and one NUL.
 *
 * Return: 0, or -EINVAL with @why set
 */
int addr_unix(const char *path, bool abstract, struct gn_addr *out,
	      const char **why)
{
	size_t len = path ? strlen(path) : 0;
	size_t room = sizeof(out->u.un.sun_path) - 1;	/* one NUL, before or after */

	if (!len) {
		*why = "empty path";
		return -EINVAL;
	}
	if (len > room) {
		*why = "path too long for a unix socket";
		return -EINVAL;
	}
	memset(out, 0, sizeof(*out));
	out->u.un.sun_family = AF_UNIX;
	memcpy(out->u.un.sun_path + (abstract ? 1 : 0), path, len);
	out->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len);
	return 0;
}

/**
 * addr_is_multicast() - tell an IPv4 or IPv6 multicast group
 * @a:	address
 *
 * Return: true for 224.0.0.0/4 and ff00::/8
 */
bool addr_is_multicast(const struct gn_addr *a)
{
	if (a->u.sa.sa_family == AF_INET)
		return IN_MULTICAST(ntohl(a->u.in.sin_addr.s_addr));
	if (a->u.sa.sa_family == AF_INET6)
		return IN6_IS_ADDR_MULTICAST(&a->u.in6.sin6_addr);
	return false;
}

/* A unix address of @salen bytes: an abstract name has no terminator */
static void addr_format_unix(const struct sockaddr_un *un, socklen_t salen,
			     char *buf, size_t len)
{
	size_t n = salen > offsetof(struct sockaddr_un, sun_path) ?
		   salen - offsetof(struct sockaddr_un, sun_path) : 0;

	if (n > sizeof(un->sun_path))
		n = sizeof(un->sun_path);
	if (!n)
		snprintf(buf, len, "unix:(unnamed)");
	else if (!un->sun_path[0])
		snprintf(buf, len, "unix:@%.*s", (int)(n - 1), un->sun_path + 1);
	else
		snprintf(buf, len, "unix:%.*s", (int)strnlen(un->sun_path, n), un->sun_path);
}

/**
 * addr_format() - print an address for messages
 * @a:		address
 * @buf:	destination
 * @len:	its size
 */
void addr_format(const struct gn_addr *a, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN];

	switch (a->u.sa.sa_family) {
	case AF_INET:
		inet_ntop(AF_INET, &a->u.in.sin_addr, host, sizeof(host));
		snprintf(buf, len, "%s:%u", host, ntohs(a->u.in.sin_port));
		break;
	case AF_INET6:
		inet_ntop(AF_INET6, &a->u.in6.sin6_addr, host, sizeof(host));
		snprintf(buf, len, "[%s]:%u", host, ntohs(a->u.in6.sin6_port));
		break;
	case AF_UNIX:
		addr_format_unix(&a->u.un, a->len, buf, len);
		break;
	default:
		snprintf(buf, len, "(unknown)");
	}
}

/**
 * addr_parse_fd() - parse a descriptor number and check it is open
 * @str:	decimal number
 * @fd:		result
 * @why:	on failure, a static description
 *
 * Return: 0, or -EINVAL / -EBADF with @why set
 */
int addr_parse_fd(const char *str, int *fd, const char **why)
{
	char *end;
	long n;

	n = strtol(str, &end, 10);
	if (!*str || *end || n < 0 || n > 65535) {
		*why = "not a file descriptor number";
		return -EINVAL;
	}
	if (fcntl((int)n, F_GETFD) < 0) {
		*why = "file descriptor is not open";
		return -EBADF;
	}
	*fd = (int)n;
	return 0;
}
