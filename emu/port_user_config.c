// SPDX-License-Identifier: GPL-2.0-or-later
/* port_user_config.c - -netdev user's keys, read into a libslirp SlirpConfig
 *
 * Options follow QEMU 7.2's -netdev user with its defaults (10.0.2.0/24,
 * host .2, DNS .3, DHCP from .15, SMB .4 (x.x.2.4); fec0::/64, ::2, ::3). mtu= is
 * our extension, as in slirp4netns; wscale= turns the window-scaling
 * relay (tcpwin.c) off. smb= is only read here: port_user_smb.c checks
 * the directory and starts smbd.
 *
 * Everything here is a pure function of the option string, so that it can
 * be fuzzed (tests/fuzz/user-config): port_user.c makes the stack of the
 * result, port_user_fwd.c applies its host forwards.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "netdev_keys.h"
#include "optstring.h"
#include "port_user.h"
#include "port_user_config.h"

/**
 * user_parse_fwd_addr() - "[tcp|udp]:[addr]:port", or "[addr]:port"
 * @s:		the text
 * @len:	its length (@s need not end there)
 * @udp:	UDP rather than TCP (left as it is without @need_proto_sep)
 * @addr:	numeric IPv4 address, INADDR_ANY if empty
 * @port:	port
 * @need_proto_sep: the protocol part (possibly empty) comes first
 *
 * Return: 0, or -EINVAL
 */
int user_parse_fwd_addr(const char *s, size_t len, bool *udp,
			struct in_addr *addr, uint16_t *port, bool need_proto_sep)
{
	char buf[128], *p, *colon, *end;
	unsigned long n;

	if (len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	p = buf;
	if (need_proto_sep) {
		colon = strchr(p, ':');
		if (!colon)
			return -EINVAL;
		*colon = '\0';
		if (!strcmp(p, "udp"))
			*udp = true;
		else if (!strcmp(p, "tcp") || !*p)
			*udp = false;
		else
			return -EINVAL;
		p = colon + 1;
	}
	colon = strchr(p, ':');
	if (!colon)
		return -EINVAL;
	*colon = '\0';
	addr->s_addr = INADDR_ANY;
	if (*p && !inet_aton(p, addr))
		return -EINVAL;
	errno = 0;
	n = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || errno || n > 65535)
		return -EINVAL;
	*port = (uint16_t)n;
	return 0;
}

/**
 * user_parse_hostfwd() - parse QEMU's hostfwd rule
 * @rule:	"[tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport"
 * @fw:		result (addresses printed numerically, "" for any)
 *
 * Return: 0, or -EINVAL
 */
int user_parse_hostfwd(const char *rule, struct user_hostfwd *fw)
{
	const char *dash = strchr(rule, '-');
	struct in_addr ha, ga;
	bool udp = false, unused;

	if (!dash)
		return -EINVAL;
	if (user_parse_fwd_addr(rule, (size_t)(dash - rule), &udp, &ha,
				  &fw->host_port, true) < 0 ||
	    user_parse_fwd_addr(dash + 1, strlen(dash + 1), &unused, &ga,
				  &fw->guest_port, false) < 0 || !fw->guest_port)
		return -EINVAL;
	fw->udp = udp;
	snprintf(fw->host_addr, sizeof(fw->host_addr), "%s",
		 ha.s_addr ? inet_ntoa(ha) : "");
	snprintf(fw->guest_addr, sizeof(fw->guest_addr), "%s",
		 ga.s_addr ? inet_ntoa(ga) : "");
	return 0;
}

static int key_in_addr(struct opts *o, const char *key, struct in_addr *out)
{
	const char *v = opts_get(o, key);

	if (!v)
		return o->err[0] ? -EINVAL : 1;
	if (!inet_aton(v, out))
		return opts_fail(o, "key '%s': '%s' is not an IPv4 address", key, v);
	return 0;
}

static int key_in6_addr(struct opts *o, const char *key, struct in6_addr *out)
{
	const char *v = opts_get(o, key);

	if (!v)
		return o->err[0] ? -EINVAL : 1;
	if (inet_pton(AF_INET6, v, out) != 1)
		return opts_fail(o, "key '%s': '%s' is not an IPv6 address", key, v);
	return 0;
}

/* QEMU's net=addr[/mask]: a prefix length, a dotted mask, or classful */
static int user_net(struct opts *o, SlirpConfig *sc)
{
	const char *v = opts_get(o, "net");
	char buf[64], *slash;
	uint32_t a, mask;

	if (!v)
		return o->err[0] ? -EINVAL : 0;
	snprintf(buf, sizeof(buf), "%s", v);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (!inet_aton(buf, &sc->vnetwork))
		return opts_fail(o, "key 'net': '%s' is not an IPv4 address", buf);
	a = ntohl(sc->vnetwork.s_addr);
	if (!slash) {
		mask = !(a & 0x80000000U) ? 0xff000000U :
		       (a & 0xfff00000U) == 0xac100000U ? 0xfff00000U :
		       (a & 0xc0000000U) == 0x80000000U ? 0xffff0000U :
		       (a & 0xffff0000U) == 0xc0a80000U ? 0xffff0000U : 0xffffff00U;
	} else if (strchr(slash, '.')) {
		struct in_addr m;

		if (!inet_aton(slash, &m))
			return opts_fail(o, "key 'net': bad mask '%s'", slash);
		mask = ntohl(m.s_addr);
		if ((mask | (mask - 1)) != 0xffffffffU)
			return opts_fail(o, "key 'net': mask '%s' is not contiguous", slash);
		if (mask < 0xff000000U || mask > 0xfffffffcU)
			return opts_fail(o, "key 'net': mask '%s' is not /8 to /30", slash);
	} else {
		unsigned int len;

		if (netdev_key_prefix_len(o, "net", slash, 8, 30, &len) < 0)
			return -EINVAL;
		mask = 0xffffffffU << (32 - len);
	}
	if (a & ~mask)
		return opts_fail(o, "key 'net': '%s' has host bits set", v);
	sc->vnetmask.s_addr = htonl(mask);
	return 0;
}

static int user_in_net(struct opts *o, const SlirpConfig *sc, const char *key,
		       struct in_addr a)
{
	uint32_t net = ntohl(sc->vnetwork.s_addr), mask = ntohl(sc->vnetmask.s_addr);
	uint32_t h = ntohl(a.s_addr);

	if ((h & mask) != net || h == net || (h | mask) == 0xffffffffU)
		return opts_fail(o, "key '%s': %s is not a host address of the network",
				 key, inet_ntoa(a));
	return 0;
}

static struct in_addr user_net_host(const SlirpConfig *sc, uint32_t n)
{
	struct in_addr a = { htonl(ntohl(sc->vnetwork.s_addr) | n) };

	return a;
}

static int user_ipv4(struct opts *o, SlirpConfig *sc)
{
	int ret = user_net(o, sc);

	if (ret < 0)
		return ret;
	sc->vhost = user_net_host(sc, 2);
	sc->vdhcp_start = user_net_host(sc, 15);
	sc->vnameserver = user_net_host(sc, 3);
	if ((ret = key_in_addr(o, "host", &sc->vhost)) < 0 ||
	    (ret = key_in_addr(o, "dhcpstart", &sc->vdhcp_start)) < 0 ||
	    (ret = key_in_addr(o, "dns", &sc->vnameserver)) < 0)
		return ret;
	if ((ret = user_in_net(o, sc, "host", sc->vhost)) < 0 ||
	    (ret = user_in_net(o, sc, "dhcpstart", sc->vdhcp_start)) < 0 ||
	    (ret = user_in_net(o, sc, "dns", sc->vnameserver)) < 0)
		return ret;
	if (sc->vhost.s_addr == sc->vnameserver.s_addr)
		return opts_fail(o, "key 'dns': must differ from key 'host'");
	return 0;
}

static int user_ipv6_net(struct opts *o, SlirpConfig *sc)
{
	const char *net = opts_get(o, "ipv6-net"), *pfx = opts_get(o, "ipv6-prefix");
	uint64_t len = 64;
	char buf[INET6_ADDRSTRLEN + 8], *slash;
	int ret;

	ret = opts_get_uint(o, "ipv6-prefixlen", 1, 126, 64, &len);
	if (ret < 0)
		return ret;
	if (net && (pfx || opts_get(o, "ipv6-prefixlen")))
		return opts_fail(o, "key 'ipv6-net' replaces 'ipv6-prefix'/'ipv6-prefixlen'; give one form");
	inet_pton(AF_INET6, "fec0::", &sc->vprefix_addr6);
	if (net) {
		snprintf(buf, sizeof(buf), "%s", net);
		slash = strchr(buf, '/');
		if (slash) {
			unsigned int n;

			*slash++ = '\0';
			if (netdev_key_prefix_len(o, "ipv6-net", slash, 1, 126, &n) < 0)
				return -EINVAL;
			len = n;
		}
		pfx = buf;
	}
	if (pfx && inet_pton(AF_INET6, pfx, &sc->vprefix_addr6) != 1)
		return opts_fail(o, "key '%s': '%s' is not an IPv6 prefix",
				 net ? "ipv6-net" : "ipv6-prefix", pfx);
	sc->vprefix_len = (uint8_t)len;
	return 0;
}

static int user_ipv6(struct opts *o, SlirpConfig *sc)
{
	int ret = user_ipv6_net(o, sc);

	if (ret < 0)
		return ret;
	sc->vhost6 = sc->vprefix_addr6;
	sc->vhost6.s6_addr[15] |= 2;
	sc->vnameserver6 = sc->vprefix_addr6;
	sc->vnameserver6.s6_addr[15] |= 3;
	if ((ret = key_in6_addr(o, "ipv6-host", &sc->vhost6)) < 0 ||
	    (ret = key_in6_addr(o, "ipv6-dns", &sc->vnameserver6)) < 0)
		return ret;
	return 0;
}

static int user_strings(struct opts *o, struct user_cfg *c)
{
	unsigned int it = 0, n = 0;
	const char *v;
	uint64_t mtu;
	int ret;

	c->sc.vhostname = opts_get(o, "hostname");
	c->sc.tftp_server_name = opts_get(o, "tftp-server-name");
	c->sc.tftp_path = opts_get(o, "tftp");
	c->sc.bootfile = opts_get(o, "bootfile");
	c->sc.vdomainname = opts_get(o, "domainname");
	while ((v = opts_get_next(o, "dnssearch", &it))) {
		if (n >= USER_MAX_DNSSEARCH)
			return opts_fail(o, "key 'dnssearch': more than %d domains", USER_MAX_DNSSEARCH);
		if (!*v)
			return opts_fail(o, "key 'dnssearch': empty domain");
		c->dnssearch[n++] = v;
	}
	c->sc.vdnssearch = n ? c->dnssearch : NULL;
	if (c->sc.bootfile && !c->sc.tftp_path)
		return opts_fail(o, "key 'bootfile' needs key 'tftp'");
	ret = opts_get_uint(o, "mtu", USER_MTU_MIN, USER_MTU_MAX, 1500, &mtu);
	if (ret < 0)
		return ret;
	c->sc.if_mtu = c->sc.if_mru = (size_t)mtu;
	return 0;
}

static int user_forwards(struct opts *o, struct user_cfg *c)
{
	unsigned int it = 0;
	const char *v;

	while ((v = opts_get_next(o, "hostfwd", &it))) {
		if (c->nfwd >= USER_MAX_FWD)
			return opts_fail(o, "key 'hostfwd': more than %d rules", USER_MAX_FWD);
		if (user_parse_hostfwd(v, &c->fwd[c->nfwd]) < 0)
			return opts_fail(o, "key 'hostfwd': '%s' is not [tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport", v);
		c->nfwd++;
	}
	it = 0;
	while ((v = opts_get_next(o, "guestfwd", &it))) {
		const char *dash = strstr(v, "-cmd:");
		struct in_addr a;
		uint16_t port;
		bool udp = false;

		if (c->ngfwd >= USER_MAX_FWD)
			return opts_fail(o, "key 'guestfwd': more than %d rules", USER_MAX_FWD);
		if (!dash)
			return opts_fail(o, "key 'guestfwd': '%s': only [tcp]:server:port-cmd:COMMAND is supported", v);
		if (user_parse_fwd_addr(v, (size_t)(dash - v), &udp, &a, &port, true) < 0 || udp ||
		    !a.s_addr || !port || !dash[5])
			return opts_fail(o, "key 'guestfwd': '%s' is not [tcp]:server:port-cmd:COMMAND", v);
		if (user_in_net(o, &c->sc, "guestfwd", a) < 0)
			return -EINVAL;
		c->gfwd_addr[c->ngfwd] = a;
		c->gfwd_port[c->ngfwd] = port;
		c->gfwd_cmd[c->ngfwd] = dash + 5;
		c->ngfwd++;
	}
	return 0;
}

/* smb=DIR[,smbserver=ADDR]: QEMU's SMB share; by default where libslirp
 * puts a guest forward without an address (x.x.2.4 in the network) */
static int user_smb(struct opts *o, struct user_cfg *c)
{
	const char *dir = opts_get(o, "smb");
	int ret;

	c->smb_server = user_net_host(&c->sc, 0x0204 & ~ntohl(c->sc.vnetmask.s_addr));
	ret = key_in_addr(o, "smbserver", &c->smb_server);
	if (ret < 0)
		return ret;
	if (!dir)
		return ret ? 0 : opts_fail(o, "key 'smbserver' needs key 'smb'");
	if (!*dir)
		return opts_fail(o, "key 'smb': empty directory");
	if ((ret = user_in_net(o, &c->sc, "smbserver", c->smb_server)) < 0)
		return ret;
	if (c->smb_server.s_addr == c->sc.vhost.s_addr ||
	    c->smb_server.s_addr == c->sc.vnameserver.s_addr)
		return opts_fail(o, "key 'smbserver': %s is the host's or the DNS server's address",
				 inet_ntoa(c->smb_server));
	c->smb_dir = dir;
	return 0;
}

/**
 * user_config_parse() - read -netdev user's keys into a configuration
 * @o:		the options; every key is consumed or refused
 * @c:		zeroed; filled in (its strings point into @o)
 *
 * A pure function of the option string: nothing is opened or started.
 *
 * Return: 0, or -EINVAL with the message in @o
 */
int user_config_parse(struct opts *o, struct user_cfg *c)
{
	bool ipv4, ipv6, restrict_;
	int ret;

	c->sc.version = 4;
	if ((ret = opts_get_bool(o, "ipv4", true, &ipv4)) < 0 ||
	    (ret = opts_get_bool(o, "ipv6", true, &ipv6)) < 0 ||
	    (ret = opts_get_bool(o, "restrict", false, &restrict_)) < 0 ||
	    (ret = opts_get_bool(o, "wscale", true, &c->wscale)) < 0)
		return ret;
	if (!ipv4 && !ipv6)
		return opts_fail(o, "keys 'ipv4' and 'ipv6' are both off");
	c->sc.in_enabled = ipv4;
	c->sc.in6_enabled = ipv6;
	c->sc.restricted = restrict_;
	c->sc.vnetwork.s_addr = htonl(0x0a000200U);	/* 10.0.2.0/24 */
	c->sc.vnetmask.s_addr = htonl(0xffffff00U);
	if ((ret = user_ipv4(o, &c->sc)) < 0 || (ret = user_ipv6(o, &c->sc)) < 0 ||
	    (ret = user_strings(o, c)) < 0 || (ret = user_forwards(o, c)) < 0 ||
	    (ret = user_smb(o, c)) < 0)
		return ret;
	return opts_check_unused(o);
}
