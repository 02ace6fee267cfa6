/* SPDX-License-Identifier: GPL-2.0-or-later */
/* port_dgram.h - datagram links: UDP unicast, UDP multicast, unix dgram */
#ifndef GN_PORT_DGRAM_H
#define GN_PORT_DGRAM_H

#include <stdbool.h>

#include "sockaddr.h"

struct hub;
struct port;

/**
 * struct dgram_cfg - how to open a datagram port
 * @local:	address to bind (unicast), or the interface address for
 *		multicast (@has_local false: any)
 * @remote:	where frames are sent; a multicast group makes a mcast port
 * @has_local:	@local is set
 * @has_remote:	@remote is set
 * @fd:		an already open datagram socket, or -1
 * @peer:	what the socket is connected to, for status (when @fd is a
 *		connected socket and there is no @remote), or NULL
 */
struct dgram_cfg {
	struct gn_addr local;
	struct gn_addr remote;
	bool has_local;
	bool has_remote;
	int fd;
	const char *peer;
};

/**
 * typedef dgram_close_fn - called once when a datagram port is destroyed
 * @opaque:	the pointer given to dgram_port_on_close()
 */
typedef void (*dgram_close_fn)(void *opaque);

int dgram_open(const char *id, struct hub *h, const struct dgram_cfg *cfg);
int dgram_port_open(const char *id, struct hub *h, const struct dgram_cfg *cfg,
		    struct port **out);
void dgram_port_on_close(struct port *p, dgram_close_fn fn, void *opaque);

#endif /* GN_PORT_DGRAM_H */
