/* SPDX-License-Identifier: GPL-2.0-or-later
 * netdef.h - network definitions (policy/networks.d/NAME.conf): parser
 */
#ifndef GN_NETWORK_NETDEF_H
#define GN_NETWORK_NETDEF_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

#define NETDEF_NAME_MAX		33	/* network name, NUL included */
#define NETDEF_WHO_MAX		33	/* user/group name, NUL included */
#define NETDEF_WHO_COUNT	32	/* users = / groups = entries each */
#define NETDEF_LINE_MAX		4096	/* bytes per line, newline excluded */
#define NETDEF_FILE_MAX		(64 * 1024)	/* bytes per file */
#define NETDEF_OPEN_MAX		32	/* open = entries */

enum netdef_mode {
	NETDEF_MODE_UNSET = 0,
	NETDEF_NAT_NETWORK,
	NETDEF_BRIDGED,
	NETDEF_INTERNAL,
	NETDEF_HOST_ONLY,
};

/**
 * struct netdef_port - a host service opened to the guests (open =)
 * @proto:	IPPROTO_TCP or IPPROTO_UDP
 * @port:	port number, 1-65535, host byte order
 */
struct netdef_port {
	unsigned char proto;
	unsigned short port;
};

/**
 * struct netdef - one network definition
 * @name:	network name (the file name without ".conf")
 * @mode:	isolation mode
 * @bridge:	bridge interface name
 * @uplink:	bridged: NIC to enslave; nat-network: egress interface, or ""
 * @has_addr:	@addr/@prefix set (host address on the bridge)
 * @addr:	host address on the bridge, network byte order
 * @prefix:	its prefix length
 * @has_range:	@range_lo..@range_hi given (else filled by netdef_finish())
 * @range_lo:	first DHCP address
 * @range_hi:	last DHCP address
 * @has_ipv6:	@ipv6 set
 * @ipv6:	the IPv6 /64 prefix (host part zero)
 * @users:	user names or decimal uids that may attach
 * @nusers:	entries in @users
 * @groups:	group names or decimal gids that may attach
 * @ngroups:	entries in @groups
 * @open:	nat-network: host services on the bridge address the guests
 *		may reach, beyond DHCP and DNS
 * @nopen:	entries in @open
 * @seen:	keys already given, by enum netdef_key (internal)
 */
struct netdef {
	char name[NETDEF_NAME_MAX];
	enum netdef_mode mode;
	char bridge[IFNAMSIZ];
	char uplink[IFNAMSIZ];
	bool has_addr;
	struct in_addr addr;
	unsigned int prefix;
	bool has_range;
	struct in_addr range_lo, range_hi;
	bool has_ipv6;
	struct in6_addr ipv6;
	char users[NETDEF_WHO_COUNT][NETDEF_WHO_MAX];
	size_t nusers;
	char groups[NETDEF_WHO_COUNT][NETDEF_WHO_MAX];
	size_t ngroups;
	struct netdef_port open[NETDEF_OPEN_MAX];
	size_t nopen;
	unsigned int seen;
};

/**
 * struct netdef_err - where and why a definition was refused
 * @line:	1-based line number, 0 for the file as a whole
 * @key:	the key at fault ("" if none), printable ASCII
 * @why:	static reason
 */
struct netdef_err {
	unsigned int line;
	char key[32];
	const char *why;
};

int netdef_name_check(const char *name, size_t len, const char **why);
int netdef_init(struct netdef *nd, const char *name, size_t len,
		struct netdef_err *e);
int netdef_parse_line(struct netdef *nd, const char *s, size_t len,
		      struct netdef_err *e);
int netdef_finish(struct netdef *nd, struct netdef_err *e);
int netdef_parse_buffer(struct netdef *nd, const char *buf, size_t len,
			struct netdef_err *e);
int netdef_format_err(const struct netdef_err *e, const char *file,
		      char *out, size_t len);
const char *netdef_mode_name(enum netdef_mode mode);
void netdef_subnet(const struct netdef *nd, struct in_addr *net,
		   struct in_addr *bcast);

#endif /* GN_NETWORK_NETDEF_H */
