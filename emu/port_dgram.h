/* SPDX-License-Identifier: GPL-2.0-or-later */
/* port_dgram.h - datagram links: UDP unicast, UDP multicast, unix dgram */
#ifndef GN_PORT_DGRAM_H
#define GN_PORT_DGRAM_H

#include <stdbool.h>

#include "sockaddr.h"

struct hub;

/**
 * struct dgram_cfg - how to open a datagram port
 * @local:	address to bind (unicast), or the interface address for
 *		multicast (@has_local false: any)
 * @remote:	where frames are sent; a multicast group makes a mcast port
 * @has_local:	@local is set
 * @has_remote:	@remote is set
 * @fd:		an already open datagram socket, or -1
 */
struct dgram_cfg {
	struct gn_addr local;
	struct gn_addr remote;
	bool has_local;
	bool has_remote;
	int fd;
};

int dgram_open(const char *id, struct hub *h, const struct dgram_cfg *cfg);

#endif /* GN_PORT_DGRAM_H */
