/* SPDX-License-Identifier: GPL-2.0-or-later */
/* redir.h - old QEMU's -redir rule, for guestnet-emu and guestnet run */
#ifndef GN_REDIR_H
#define GN_REDIR_H

#include <stdbool.h>
#include <stddef.h>

/* What redir_parse() reads, for messages */
#define REDIR_SYNTAX	"[tcp|udp]:HOSTPORT:[GUESTADDR]:GUESTPORT (ports 1-65535)"
/* Room for redir_hostfwd()'s longest rule, "tcp::65535-255.255.255.255:65535" */
#define REDIR_HOSTFWD_MAX	40

/**
 * struct redir - one -redir rule
 * @udp:	UDP, else TCP
 * @host_port:	host port, 1..65535 (on every host address)
 * @guest_addr:	dotted IPv4 guest address, "" for the first DHCP address
 * @guest_port:	guest port, 1..65535
 */
struct redir {
	bool udp;
	unsigned int host_port;
	char guest_addr[16];
	unsigned int guest_port;
};

int redir_parse(const char *s, struct redir *r);
int redir_hostfwd(const struct redir *r, char *buf, size_t len);

#endif /* GN_REDIR_H */
