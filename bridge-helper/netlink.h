/* SPDX-License-Identifier: GPL-2.0-or-later
 * netlink.h - link look-up and tap attach over rtnetlink (libmnl)
 */
#ifndef GN_HELPER_NETLINK_H
#define GN_HELPER_NETLINK_H

#include <net/if.h>

/**
 * struct link_info - what the helper needs to know of a link
 * @index:	ifindex
 * @name:	canonical name (IFLA_IFNAME of the kernel's reply)
 * @mtu:	MTU
 * @kind:	IFLA_INFO_KIND ("bridge", "tun", ...), "" if none
 */
struct link_info {
	int index;
	char name[IFNAMSIZ];
	unsigned int mtu;
	char kind[32];
};

int link_lookup(const char *name, struct link_info *info);
int link_attach(const struct link_info *tap, const struct link_info *bridge,
		const char **why);

#endif /* GN_HELPER_NETLINK_H */
