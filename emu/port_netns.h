/* SPDX-License-Identifier: GPL-2.0-or-later */
/* port_netns.h - guest NICs: a tap inside a network namespace */
#ifndef GN_PORT_NETNS_H
#define GN_PORT_NETNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

struct hub;
struct port;

/**
 * struct netns_join - a tap to open inside existing namespaces
 * @userns:	user namespace file to enter first, or NULL to enter none
 * @netns:	network namespace file (/proc/PID/ns/net, a bind mount)
 * @ifname:	the tap: attached to if it exists, else created
 * @configure:	set the MTU (and @mac), bring lo and the tap up, set
 *		@addr/@prefix and a default route via @gateway; if false,
 *		nothing of the namespace is changed
 * @mtu:	MTU, with @configure
 * @mac:	six bytes to set as the tap's address with @configure, or NULL
 *		to keep its own
 * @addr:	IPv4 address, with @configure (0: none)
 * @prefix:	its prefix length
 * @gateway:	default route via, with @configure (0: none)
 * @offload:	a virtio-net header on the tap, and below an MTU of 32768
 *		checksum and TCP segmentation offload (as -netdev netns'
 *		offload=on): @mtu decides, with @configure or not
 */
struct netns_join {
	const char *userns;
	const char *netns;
	const char *ifname;
	bool configure;
	unsigned int mtu;
	const uint8_t *mac;
	struct in_addr addr;
	unsigned int prefix;
	struct in_addr gateway;
	bool offload;
};

void netns_set_command(char **argv);
bool netns_command_unused(void);
int netns_port_join(const char *id, struct hub *h, const struct netns_join *j,
		    char *why, size_t whylen, struct port **out);

#endif /* GN_PORT_NETNS_H */
