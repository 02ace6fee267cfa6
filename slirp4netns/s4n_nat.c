// SPDX-License-Identifier: GPL-2.0-or-later
/* s4n_nat.c - the slirp4netns front end's NAT: guestnet's user-mode port
 *
 * DOC: Theory of operation
 *
 * slirp4netns' options map onto one -netdev user port (emu/port_user.c),
 * built from a struct user_cfg filled in here rather than from an option
 * string, so -netdev user's grammar does not grow slirp4netns' switches:
 * the network from --cidr (gateway net+2, DNS net+3, DHCP from net+15),
 * IPv6 fd00::/64 with -6 (gateway ::2, DNS ::3), the MTU both ways,
 * --disable-host-loopback, --outbound-addr[6] (libslirp keeps the
 * addresses by pointer: they live in struct s4n_nat) and --disable-dns.
 * TCP window scaling (emu/tcpwin.c) is on, as in guestnet-emu.
 *
 * The API's add_hostfwd and remove_hostfwd (s4n_api.c) act on the port's
 * host forwards (emu/port_user_fwd.c) through s4n_nat_ops.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "port_user.h"
#include "port_user_config.h"
#include "s4n_nat.h"
#include "s4n_options.h"
#include "xalloc.h"

/* SlirpConfig fields up to disable_dns (version 3) are used */
#define S4N_SLIRP_CONFIG_VERSION	3

/**
 * s4n_nat_config() - the user port slirp4netns' options describe
 * @o:		parsed options
 * @c:		result (zeroed here)
 * @nat:	holds the outbound addresses @c points to
 * @err:	message on failure
 * @errlen:	its size
 *
 * Return: 0, or -EINVAL for an MTU libslirp cannot take (below 68)
 */
int s4n_nat_config(const struct s4n_options *o, struct user_cfg *c,
		   struct s4n_nat *nat, char *err, size_t errlen)
{
	SlirpConfig *sc = &c->sc;

	memset(c, 0, sizeof(*c));
	if (o->mtu < S4N_NAT_MTU_MIN) {
		snprintf(err, errlen, "MTU %u: the NAT takes %d to %d", o->mtu,
			 S4N_NAT_MTU_MIN, S4N_MTU_MAX);
		return -EINVAL;
	}
	sc->version = S4N_SLIRP_CONFIG_VERSION;
	sc->in_enabled = true;
	sc->vnetwork = o->net.network;
	sc->vnetmask = o->net.netmask;
	sc->vhost = o->net.host;
	sc->vdhcp_start = o->net.dhcp_start;
	sc->vnameserver = o->net.dns;
	sc->in6_enabled = o->ipv6;
	inet_pton(AF_INET6, S4N_IPV6_PREFIX, &sc->vprefix_addr6);
	sc->vprefix_len = S4N_IPV6_PREFIX_LEN;
	inet_pton(AF_INET6, S4N_IPV6_HOST, &sc->vhost6);
	inet_pton(AF_INET6, S4N_IPV6_DNS, &sc->vnameserver6);
	sc->if_mtu = sc->if_mru = o->mtu;
	sc->disable_host_loopback = o->disable_host_loopback;
	if (o->outbound_addr) {
		memset(&nat->out4, 0, sizeof(nat->out4));
		nat->out4.sin_family = AF_INET;
		nat->out4.sin_addr = o->outbound4;
		sc->outbound_addr = &nat->out4;
	}
	if (o->outbound_addr6) {
		memset(&nat->out6, 0, sizeof(nat->out6));
		nat->out6.sin6_family = AF_INET6;
		nat->out6.sin6_addr = o->outbound6;
		sc->outbound_addr6 = &nat->out6;
	}
	sc->disable_dns = o->disable_dns;
	c->wscale = true;
	return 0;
}

/**
 * s4n_nat_open() - the NAT port, on a hub
 * @nat:	state, kept for the life of the port
 * @o:		parsed options
 * @h:		hub
 * @err:	message on failure
 * @errlen:	its size
 *
 * Return: 0, or negative errno with @err set
 */
int s4n_nat_open(struct s4n_nat *nat, const struct s4n_options *o,
		 struct hub *h, char *err, size_t errlen)
{
	struct user_cfg *c = xcalloc(1, sizeof(*c));
	int ret;

	ret = s4n_nat_config(o, c, nat, err, errlen);
	if (!ret)
		ret = user_port_open("nat", h, c, err, errlen, &nat->port);
	free(c);
	return ret;
}

/* add_hostfwd: libslirp listens on @host:@host_port */
static int nat_add_hostfwd(void *opaque, bool udp, struct in_addr host,
			   uint16_t host_port, struct in_addr guest,
			   uint16_t guest_port)
{
	struct s4n_nat *nat = opaque;
	struct user_hostfwd fw;
	char why[160];
	int ret;

	memset(&fw, 0, sizeof(fw));
	fw.udp = udp;
	fw.host_port = host_port;
	fw.guest_port = guest_port;
	if (host.s_addr != htonl(INADDR_ANY))
		inet_ntop(AF_INET, &host, fw.host_addr, sizeof(fw.host_addr));
	inet_ntop(AF_INET, &guest, fw.guest_addr, sizeof(fw.guest_addr));
	ret = user_hostfwd_add_fw(nat->port, &fw, why, sizeof(why));
	if (ret < 0)
		warn("api: add_hostfwd: %s", why);
	else
		info("api: forwarding %s %s:%u to %s:%u", udp ? "udp" : "tcp",
		     fw.host_addr[0] ? fw.host_addr : "0.0.0.0", host_port,
		     fw.guest_addr, guest_port);
	return ret;
}

/* remove_hostfwd: the forward of @host:@host_port goes */
static int nat_remove_hostfwd(void *opaque, bool udp, struct in_addr host,
			      uint16_t host_port)
{
	struct s4n_nat *nat = opaque;
	char why[160];
	int ret;

	ret = user_hostfwd_remove_addr(nat->port, udp, host, host_port, why,
				       sizeof(why));
	if (ret < 0)
		warn("api: remove_hostfwd: %s", why);
	return ret;
}

/**
 * s4n_nat_ops - the API's hands on the NAT (opaque: struct s4n_nat)
 */
const struct s4n_nat_ops s4n_nat_ops = {
	.add_hostfwd = nat_add_hostfwd,
	.remove_hostfwd = nat_remove_hostfwd,
};
