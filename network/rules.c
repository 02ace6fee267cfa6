// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rules.c - nftables rule text for a network's isolation mode
 *
 * DOC: Theory of operation
 *
 * Everything lives in one table, "table inet guestnet"; each network has
 * its own base chains NAME-in (hook input), NAME-out (output), NAME-fwd
 * (forward) and NAME-nat (nat postrouting), all with policy accept so
 * they judge only packets on the network's bridge (matched by iifname /
 * oifname), and drop in any base chain is final whatever other tables
 * say. Family inet hooks do not see frames the bridge forwards between
 * its own ports (unless br_netfilter is loaded, in which case the
 * forward chain's first rule accepts bridge-to-bridge traffic): guest to
 * guest is never filtered by us, so no "bridge" family table is needed.
 *
 *   nat-network  in:  replies, DHCP, DNS, ICMP echo, IPv6 ND/DHCPv6, the
 *                     definition's open = ports on the bridge address;
 *                     all else from guests dropped
 *                out: replies, DHCP/DHCPv6 replies, ND/RA; host-started
 *                     traffic to guests dropped
 *                fwd: out of the bridge (to the uplink if set) accepted,
 *                     into it only replies
 *                nat: masquerade the subnet leaving by another interface
 *   host-only    fwd: nothing forwarded into or out of the bridge
 *   internal     in/out/fwd: nothing between the bridge and the host
 *   bridged      no chains: guests are peers on the uplink's LAN
 *
 * rules_up() text is one nft transaction that adds the table and chains
 * (a no-op if they exist), flushes the chains and adds their rules: it
 * can be applied again at any time (the helper does so before each tap)
 * and replaces whatever is there atomically, with no moment when guest
 * traffic passes unfiltered. rules_down() adds then deletes the chains
 * in one transaction, so it succeeds whether or not they still exist.
 * The text is generated from a checked definition only, and checked
 * again here (safe_names()) since it is parsed by nft as a whole: every
 * string value - the bridge and uplink names - is placed in double
 * quotes, and may only hold letters, digits, '-', '_' and '.'
 * (ifname_check()), so it can neither end the string nor escape nor
 * match by wildcard. Table and chain names cannot be quoted in nft 1.0.6
 * ("unexpected quoted string"); a chain name is the network name (a
 * letter, then letters, digits, '_' or '-': netdef_name_check()) and a
 * fixed suffix, which nft reads as one identifier.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ifname.h"
#include "netdef.h"
#include "rules.h"
#include "util.h"

struct out {
	char *buf;
	size_t len, used;
	bool overflow;
};

static void __attribute__((format(printf, 2, 3)))
put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->len - o->used) {
		o->overflow = true;
		return;
	}
	o->used += (size_t)n;
}

struct chain_spec {
	const char *suffix;
	const char *spec;
};

static const struct chain_spec chain_in = {
	"in", "type filter hook input priority filter; policy accept;" };
static const struct chain_spec chain_out = {
	"out", "type filter hook output priority filter; policy accept;" };
static const struct chain_spec chain_fwd = {
	"fwd", "type filter hook forward priority filter; policy accept;" };
static const struct chain_spec chain_nat = {
	"nat", "type nat hook postrouting priority srcnat; policy accept;" };

/* The chains a mode uses, in order; returns how many */
static int mode_chains(const struct netdef *nd,
		       const struct chain_spec **c)
{
	switch (nd->mode) {
	case NETDEF_NAT_NETWORK:
		c[0] = &chain_in, c[1] = &chain_out, c[2] = &chain_fwd;
		c[3] = &chain_nat;
		return 4;
	case NETDEF_HOST_ONLY:
		c[0] = &chain_fwd;
		return 1;
	case NETDEF_INTERNAL:
		c[0] = &chain_in, c[1] = &chain_out, c[2] = &chain_fwd;
		return 3;
	default:
		return 0;
	}
}

static void add_chain(struct out *o, const struct netdef *nd,
		      const struct chain_spec *c)
{
	put(o, "add chain inet " RULES_TABLE " %s-%s { %s }\n", nd->name,
	    c->suffix, c->spec);
}

/* "add rule inet guestnet NAME-SUFFIX " + rule */
static void __attribute__((format(printf, 4, 5)))
rule(struct out *o, const struct netdef *nd, const char *suffix,
     const char *fmt, ...)
{
	char r[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r, sizeof(r), fmt, ap);
	va_end(ap);
	put(o, "add rule inet " RULES_TABLE " %s-%s %s\n", nd->name, suffix, r);
}

/* "P1, P2, ..." of @nd's open = ports of @proto; returns how many */
static size_t open_ports(const struct netdef *nd, unsigned char proto,
			 char *buf, size_t len)
{
	size_t i, n = 0, used = 0;
	int w;

	buf[0] = '\0';
	for (i = 0; i < nd->nopen; i++) {
		if (nd->open[i].proto != proto)
			continue;
		w = snprintf(buf + used, len - used, "%s%u", n ? ", " : "",
			     (unsigned int)nd->open[i].port);
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
		n++;
	}
	return n;
}

/* open =: accept those ports from the guests to the bridge's addresses */
static void open_rules(struct out *o, const struct netdef *nd)
{
	static const struct { unsigned char proto; const char *name; } p[] = {
		{ IPPROTO_TCP, "tcp" }, { IPPROTO_UDP, "udp" },
	};
	char addr[INET_ADDRSTRLEN], v6[INET6_ADDRSTRLEN];
	char ports[NETDEF_OPEN_MAX * 8];
	const char *br = nd->bridge;
	struct in6_addr a6 = nd->ipv6;
	size_t i;

	inet_ntop(AF_INET, &nd->addr, addr, sizeof(addr));
	a6.s6_addr[15] = 1;	/* the bridge's PREFIX::1 */
	inet_ntop(AF_INET6, &a6, v6, sizeof(v6));
	for (i = 0; i < ARRAY_SIZE(p); i++) {
		if (!open_ports(nd, p[i].proto, ports, sizeof(ports)))
			continue;
		rule(o, nd, "in", "iifname \"%s\" ip daddr %s %s dport { %s } accept",
		     br, addr, p[i].name, ports);
		if (nd->has_ipv6)
			rule(o, nd, "in", "iifname \"%s\" ip6 daddr %s %s dport { %s } accept",
			     br, v6, p[i].name, ports);
	}
}

static void nat_rules(struct out *o, const struct netdef *nd)
{
	const char *br = nd->bridge;
	char net[INET_ADDRSTRLEN], v6[INET6_ADDRSTRLEN];
	struct in_addr n, b;

	netdef_subnet(nd, &n, &b);
	inet_ntop(AF_INET, &n, net, sizeof(net));
	inet_ntop(AF_INET6, &nd->ipv6, v6, sizeof(v6));

	rule(o, nd, "in", "iifname \"%s\" ct state established,related accept", br);
	rule(o, nd, "in", "iifname \"%s\" udp dport { 53, 67, 547 } accept", br);
	rule(o, nd, "in", "iifname \"%s\" tcp dport 53 accept", br);
	rule(o, nd, "in", "iifname \"%s\" icmp type echo-request accept", br);
	rule(o, nd, "in", "iifname \"%s\" icmpv6 type { echo-request, nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert } accept", br);
	open_rules(o, nd);
	rule(o, nd, "in", "iifname \"%s\" drop", br);

	rule(o, nd, "out", "oifname \"%s\" ct state established,related accept", br);
	rule(o, nd, "out", "oifname \"%s\" udp sport { 67, 547 } accept", br);
	rule(o, nd, "out", "oifname \"%s\" icmpv6 type { nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } accept", br);
	rule(o, nd, "out", "oifname \"%s\" drop", br);

	rule(o, nd, "fwd", "iifname \"%s\" oifname \"%s\" accept", br, br);
	rule(o, nd, "fwd", "oifname \"%s\" ct state established,related accept", br);
	rule(o, nd, "fwd", "oifname \"%s\" drop", br);
	if (nd->uplink[0])
		rule(o, nd, "fwd", "iifname \"%s\" oifname \"%s\" accept", br,
		     nd->uplink);
	else
		rule(o, nd, "fwd", "iifname \"%s\" accept", br);
	rule(o, nd, "fwd", "iifname \"%s\" drop", br);

	rule(o, nd, "nat", "ip saddr %s/%u oifname != \"%s\" masquerade",
	     net, nd->prefix, br);
	if (nd->has_ipv6)
		rule(o, nd, "nat", "ip6 saddr %s/64 oifname != \"%s\" masquerade",
		     v6, br);
}

static void host_only_rules(struct out *o, const struct netdef *nd)
{
	const char *br = nd->bridge;

	rule(o, nd, "fwd", "iifname \"%s\" oifname \"%s\" accept", br, br);
	rule(o, nd, "fwd", "iifname \"%s\" drop", br);
	rule(o, nd, "fwd", "oifname \"%s\" drop", br);
}

static void internal_rules(struct out *o, const struct netdef *nd)
{
	const char *br = nd->bridge;

	rule(o, nd, "in", "iifname \"%s\" drop", br);
	rule(o, nd, "out", "oifname \"%s\" drop", br);
	host_only_rules(o, nd);
}

/* Every name that goes into the text, checked again */
static bool safe_names(const struct netdef *nd)
{
	const char *why;

	return !netdef_name_check(nd->name, strlen(nd->name), &why) &&
	       !ifname_check(nd->bridge, strlen(nd->bridge), &why) &&
	       (!nd->uplink[0] ||
		!ifname_check(nd->uplink, strlen(nd->uplink), &why));
}

static int finish(const struct out *o)
{
	if (o->overflow)
		return -ENOSPC;
	return (int)o->used;
}

/*
 * The table, then each chain of @nd's mode added (a no-op if present) and
 * @verb-ed ("flush", "delete"); the number of chains (0 for bridged:
 * nothing written), or -EINVAL if a name is not safe in nft text
 */
static int chains_text(struct out *o, const struct netdef *nd, const char *verb)
{
	const struct chain_spec *c[4];
	int i, n = mode_chains(nd, c);

	if (o->len)
		o->buf[0] = '\0';
	if (!n)
		return 0;
	if (!safe_names(nd))
		return -EINVAL;
	put(o, "add table inet " RULES_TABLE "\n");
	for (i = 0; i < n; i++) {
		add_chain(o, nd, c[i]);
		put(o, "%s chain inet " RULES_TABLE " %s-%s\n", verb, nd->name,
		    c[i]->suffix);
	}
	return n;
}

/**
 * rules_up() - the nft transaction installing @nd's rules
 * @nd:		a finished definition
 * @buf:	output buffer (RULES_TEXT_MAX is enough)
 * @len:	size of @buf
 *
 * Return: the text's length (0 for bridged: no rules), -ENOSPC, or
 * -EINVAL if a name in @nd is not safe to place in nft text
 */
int rules_up(const struct netdef *nd, char *buf, size_t len)
{
	struct out o = { .buf = buf, .len = len };
	int n = chains_text(&o, nd, "flush");

	if (n <= 0)
		return n;
	if (nd->mode == NETDEF_NAT_NETWORK)
		nat_rules(&o, nd);
	else if (nd->mode == NETDEF_HOST_ONLY)
		host_only_rules(&o, nd);
	else
		internal_rules(&o, nd);
	return finish(&o);
}

/**
 * rules_down() - the nft transaction removing @nd's chains
 * @nd:		a finished definition
 * @buf:	output buffer
 * @len:	size of @buf
 *
 * Each chain is added (a no-op if present) then deleted, so the
 * transaction succeeds whether or not the chains still exist. The table
 * itself is left for the caller to delete once it holds no chains.
 *
 * Return: the text's length (0 for bridged), -ENOSPC, or -EINVAL as
 * for rules_up()
 */
int rules_down(const struct netdef *nd, char *buf, size_t len)
{
	struct out o = { .buf = buf, .len = len };
	int n = chains_text(&o, nd, "delete");

	return n <= 0 ? n : finish(&o);
}

/**
 * rules_chains() - suffixes of the chains @nd's mode uses
 * @nd:		a finished definition
 * @suffixes:	filled with "in", "out", "fwd", "nat" as used
 * @max:	room in @suffixes (4 is enough)
 *
 * Return: the number of chains (0 for bridged)
 */
int rules_chains(const struct netdef *nd, const char **suffixes, int max)
{
	const struct chain_spec *c[4];
	int i, n = mode_chains(nd, c);

	for (i = 0; i < n && i < max; i++)
		suffixes[i] = c[i]->suffix;
	return i;
}
