/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spec.h - --net SPEC, --forward and --mac values (pure parsers) */
#ifndef GN_RUN_SPEC_H
#define GN_RUN_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest internal-network or network-definition name */
#define SPEC_NAME_MAX	32
/* Longest VDE URL of --net vde:URL */
#define SPEC_URL_MAX	200

enum net_kind {
	NET_NAT,	/* private guestnet-emu with user-mode NAT */
	NET_NONE,	/* a NIC with no link */
	NET_INTERNAL,	/* per-user guestnet-emu hub shared by name */
	NET_NETWORK,	/* a tap on a guestnet network's bridge (helper) */
	NET_VDE,	/* private guestnet-emu with a VDE plug (libvdeplug) */
};

/**
 * struct net_spec - one parsed --net SPEC
 * @kind:	what it is
 * @name:	internal network name or network definition name, else ""
 * @url:	the VDE URL of vde:URL (a vde_switch directory, vxvde://...),
 *		else ""
 */
struct net_spec {
	enum net_kind kind;
	char name[SPEC_NAME_MAX + 1];
	char url[SPEC_URL_MAX + 1];
};

/**
 * struct forward - one --forward PROTO:[HOSTADDR:]HOSTPORT-[GUESTADDR]:GUESTPORT
 * @udp:	UDP, else TCP
 * @host_addr:	host address to bind, "" for all
 * @host_port:	1..65535
 * @guest_addr:	guest address, "" for the NAT's first DHCP address
 * @guest_port:	1..65535
 */
struct forward {
	bool udp;
	char host_addr[64];
	unsigned int host_port;
	char guest_addr[64];
	unsigned int guest_port;
};

int spec_parse(const char *s, struct net_spec *out, char *err, size_t errlen);
int spec_name_check(const char *name, char *err, size_t errlen);
const char *spec_kind_name(enum net_kind kind);
int forward_parse(const char *s, struct forward *f, char *err, size_t errlen);
int mac_parse(const char *s, uint8_t mac[6], char *err, size_t errlen);

#endif /* GN_RUN_SPEC_H */
