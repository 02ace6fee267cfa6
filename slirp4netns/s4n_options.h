/* SPDX-License-Identifier: GPL-2.0-or-later */
/* s4n_options.h - slirp4netns 1.2/1.3's command line, parsed and checked */
#ifndef GN_S4N_OPTIONS_H
#define GN_S4N_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>
#include <netinet/in.h>

struct ifaddrs;

/* slirp4netns' defaults and limits */
#define S4N_DEFAULT_MTU		1500
#define S4N_MTU_MAX		65521
#define S4N_DEFAULT_CIDR	"10.0.2.0/24"
#define S4N_DEFAULT_TAPNAME	"tap0"
#define S4N_PREFIX_MIN		1
#define S4N_PREFIX_MAX		25	/* the guest is net + 100 */
#define S4N_OFFSET_HOST		2
#define S4N_OFFSET_DNS		3
#define S4N_OFFSET_DHCP		15
#define S4N_OFFSET_GUEST	100
#define S4N_DHCP_CLIENTS	16	/* libslirp's fixed pool */
#define S4N_IPV6_PREFIX		"fd00::"
#define S4N_IPV6_PREFIX_LEN	64
#define S4N_IPV6_HOST		"fd00::2"
#define S4N_IPV6_DNS		"fd00::3"
#define S4N_SUN_PATH_MAX	108	/* sizeof(sockaddr_un.sun_path) */

/**
 * enum s4n_netns_type - what the positional TARGET argument is
 * @S4N_NETNS_PID:	a process whose user and network namespaces we join
 * @S4N_NETNS_PATH:	a network namespace file (--netns-type=path, or any
 *			type but pid and tapfd, as slirp4netns reads it)
 * @S4N_NETNS_TAPFD:	an open tap file descriptor (slirp4netns 1.3)
 */
enum s4n_netns_type {
	S4N_NETNS_PID,
	S4N_NETNS_PATH,
	S4N_NETNS_TAPFD,
};

/**
 * enum s4n_parse_result - what the caller does after s4n_options_parse()
 * @S4N_RUN:		options are valid: start
 * @S4N_HELP:		-h: print s4n_print_usage() on stdout, exit 0
 * @S4N_VERSION:	-v: print s4n_print_version() on stdout, exit 0
 * @S4N_USAGE_ERROR:	a message (if any) went to the error stream; print
 *			the usage on stdout and exit 1
 * @S4N_CONFIG_ERROR:	a message went to the error stream; exit 1
 */
enum s4n_parse_result {
	S4N_RUN,
	S4N_HELP,
	S4N_VERSION,
	S4N_USAGE_ERROR,
	S4N_CONFIG_ERROR,
};

/**
 * struct s4n_net - the IPv4 network and its well-known addresses
 * @network:	network address (--cidr)
 * @netmask:	its mask
 * @prefix:	its prefix length
 * @host:	the gateway, where the host's loopback appears (net + 2)
 * @dns:	built-in DNS forwarder (net + 3)
 * @dhcp_start:	first DHCP lease (net + 15)
 * @dhcp_end:	last DHCP lease (net + 30)
 * @guest:	address set by --configure and used for empty guest_addr
 *		(net + 100)
 */
struct s4n_net {
	struct in_addr network;
	struct in_addr netmask;
	unsigned int prefix;
	struct in_addr host;
	struct in_addr dns;
	struct in_addr dhcp_start;
	struct in_addr dhcp_end;
	struct in_addr guest;
};

/**
 * struct s4n_options - a parsed slirp4netns command line
 * @argv0:		program name, for messages
 * @configure:		-c: bring lo and the tap up, set address, MTU, route
 * @exit_fd:		-e: exit when this fd hangs up, or -1
 * @ready_fd:		-r: write "1" and close when ready, or -1
 * @mtu:		-m (1..65521)
 * @ipv6:		-6
 * @api_socket:		-a: path of the API socket, or NULL
 * @cidr:		--cidr as given, or NULL for the default
 * @net:		the network from --cidr (or the default)
 * @disable_host_loopback: --disable-host-loopback
 * @netns_type:		--netns-type
 * @userns_path:	--userns-path, or NULL
 * @sandbox:		--enable-sandbox (or --create-sandbox)
 * @seccomp:		--enable-seccomp
 * @outbound_addr:	--outbound-addr as given (address or interface), or NULL
 * @outbound_addr6:	--outbound-addr6 as given, or NULL
 * @outbound4:		the IPv4 address @outbound_addr names
 * @outbound6:		the IPv6 address @outbound_addr6 names
 * @disable_dns:	--disable-dns
 * @macaddress:		--macaddress as given, or NULL
 * @mac:		the parsed MAC address, if @macaddress
 * @target_pid:		TARGET for S4N_NETNS_PID
 * @netns_path:		TARGET for S4N_NETNS_PATH
 * @tapfd:		TARGET for S4N_NETNS_TAPFD, else -1
 * @tapname:		TAPNAME (NULL with a tap fd)
 *
 * Strings point into the argv given to s4n_options_parse().
 */
struct s4n_options {
	const char *argv0;
	bool configure;
	int exit_fd;
	int ready_fd;
	unsigned int mtu;
	bool ipv6;
	const char *api_socket;
	const char *cidr;
	struct s4n_net net;
	bool disable_host_loopback;
	enum s4n_netns_type netns_type;
	const char *userns_path;
	bool sandbox;
	bool seccomp;
	const char *outbound_addr;
	const char *outbound_addr6;
	struct in_addr outbound4;
	struct in6_addr outbound6;
	bool disable_dns;
	const char *macaddress;
	unsigned char mac[6];
	int target_pid;
	const char *netns_path;
	int tapfd;
	const char *tapname;
};

/**
 * struct s4n_version_info - what -v reports besides our own version
 * @libslirp:		libslirp's version string
 * @config_version_max:	libslirp's SLIRP_CONFIG_VERSION_MAX
 * @libseccomp:		libseccomp's version ("2.5.4"), or NULL
 */
struct s4n_version_info {
	const char *libslirp;
	int config_version_max;
	const char *libseccomp;
};

enum s4n_parse_result s4n_options_parse(struct s4n_options *o, int argc,
					char **argv, const struct ifaddrs *ifa,
					FILE *out, FILE *err);
int s4n_parse_cidr(const char *cidr, struct s4n_net *net, FILE *err);
int s4n_parse_mac(const char *text, unsigned char mac[6], FILE *err);
int s4n_outbound_resolve(const char *text, int family,
			 const struct ifaddrs *ifa, void *addr);
void s4n_print_usage(FILE *out, const char *argv0);
void s4n_print_version(FILE *out, const struct s4n_version_info *v);
void s4n_print_banner(FILE *out, const struct s4n_options *o);

#endif /* GN_S4N_OPTIONS_H */
