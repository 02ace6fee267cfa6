/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sockaddr.h - parse and print inet and unix socket addresses */
#ifndef GN_SOCKADDR_H
#define GN_SOCKADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

/**
 * struct gn_addr - a socket address of any family we use
 * @u:		the address
 * @len:	its length
 */
struct gn_addr {
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
		struct sockaddr_un un;
		struct sockaddr_storage ss;
	} u;
	socklen_t len;
};

int addr_inet(const char *host, const char *port, bool passive,
	      struct gn_addr *out, const char **why);
int addr_hostport(const char *str, bool passive, struct gn_addr *out,
		  const char **why);
int addr_unix(const char *path, bool abstract, struct gn_addr *out,
	      const char **why);
bool addr_is_multicast(const struct gn_addr *a);
void addr_format(const struct gn_addr *a, char *buf, size_t len);
int addr_parse_fd(const char *str, int *fd, const char **why);

#endif /* GN_SOCKADDR_H */
