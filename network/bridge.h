/* SPDX-License-Identifier: GPL-2.0-or-later
 * bridge.h - the network's bridge over rtnetlink (libnl-route-3)
 */
#ifndef GN_NETWORK_BRIDGE_H
#define GN_NETWORK_BRIDGE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>

int bridge_create(const char *name, bool *created, const char **why);
int bridge_delete(const char *name, const char **why);
int bridge_addr(const char *name, int family, const void *addr,
		unsigned int prefix, bool add, bool *changed,
		const char **why);
int bridge_enslave(const char *bridge, const char *port, bool *changed,
		   const char **why);
int bridge_release(const char *port, const char **why);
int bridge_exists(const char *name);
int bridge_ports(const char *bridge, FILE *out);

#endif /* GN_NETWORK_BRIDGE_H */
