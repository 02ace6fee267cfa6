// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lifecycle.c - guestnet-network up and down for one network
 *
 * DOC: Theory of operation
 *
 * up, in order, recording each step in RUNDIR/NAME.state as it succeeds
 * (state.c): create the bridge (or use an existing one) and set it up;
 * add the host address (nat-network, host-only, bridged if given) and
 * the IPv6 PREFIX::1/64; bridged: enslave the uplink; internal: disable
 * IPv6 on the bridge so the host has not even a link-local address
 * there; nat-network: net.ipv4.ip_forward=1 (and IPv6 forwarding with
 * ipv6 =) in the namespace we run in; load the mode's nft chains
 * (rules.c through nft.c); start dnsmasq (nat-network, host-only). A
 * failure undoes what this up did, by running down on the partial state.
 *
 * down undoes only what the state file lists, in reverse: dnsmasq and its
 * files, our chains (and the table inet guestnet once it holds no chain),
 * forwarding back to 0 if we set it and no other network of ours still
 * needs it, the uplink released, the address removed, the bridge deleted
 * if we created it. Other tables and interfaces are never touched.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "nft.h"
#include "bridge.h"
#include "dnsmasq.h"
#include "lifecycle.h"
#include "log.h"
#include "netdef.h"
#include "rules.h"
#include "state.h"
#include "sysctl.h"

#define FWD4	"/proc/sys/net/ipv4/ip_forward"
#define FWD6	"/proc/sys/net/ipv6/conf/all/forwarding"

static int say(const struct netdef *nd, int ret, const char *what,
	       const char *why)
{
	err("%s: %s: %s (%s)", nd->name, what, why ? why : "failed", errstr(ret));
	return ret;
}

static int save(const struct netdef *nd, const char *rundir,
		const struct netstate *st)
{
	int ret = state_write(rundir, nd->name, st);

	return ret ? say(nd, ret, "cannot write the state file", NULL) : 0;
}

/* Set an integer sysctl to 1; *set tells whether it was 0 before */
static int enable(const char *path, bool *set)
{
	int v = 0, ret = sysctl_get(path, &v);

	*set = false;
	if (ret || v)
		return ret;
	ret = sysctl_set(path, 1);
	*set = !ret;
	return ret;
}

static struct in6_addr host6(const struct netdef *nd)
{
	struct in6_addr a = nd->ipv6;

	a.s6_addr[15] = 1;
	return a;
}

static int up_link(const struct netdef *nd, const char *rundir,
		   struct netstate *st)
{
	struct in6_addr a6 = host6(nd);
	const char *why = NULL;
	char path[128];
	int ret;

	ret = bridge_create(nd->bridge, &st->bridge_created, &why);
	if (ret)
		return say(nd, ret, nd->bridge, why);
	ret = save(nd, rundir, st);
	if (ret)
		return ret;
	if (nd->has_addr) {
		ret = bridge_addr(nd->bridge, AF_INET, &nd->addr, nd->prefix,
				  true, &st->addr_added, &why);
		if (ret || (ret = save(nd, rundir, st)))
			return say(nd, ret, "address", why);
	}
	if (nd->has_ipv6) {
		ret = bridge_addr(nd->bridge, AF_INET6, &a6, 64, true,
				  &st->addr6_added, &why);
		if (ret || (ret = save(nd, rundir, st)))
			return say(nd, ret, "ipv6", why);
	}
	if (nd->mode == NETDEF_BRIDGED) {
		ret = bridge_enslave(nd->bridge, nd->uplink,
				     &st->uplink_enslaved, &why);
		if (ret || (ret = save(nd, rundir, st)))
			return say(nd, ret, nd->uplink, why);
	}
	if (nd->mode == NETDEF_INTERNAL) {
		snprintf(path, sizeof(path),
			 "/proc/sys/net/ipv6/conf/%s/disable_ipv6", nd->bridge);
		ret = sysctl_set(path, 1);
		if (ret && ret != -ENOENT)
			return say(nd, ret, "cannot disable IPv6 on the bridge", path);
	}
	return 0;
}

static int up_forward(const struct netdef *nd, const char *rundir,
		      struct netstate *st)
{
	int ret;

	if (nd->mode != NETDEF_NAT_NETWORK)
		return 0;
	ret = enable(FWD4, &st->forward_set);
	if (!ret && nd->has_ipv6)
		ret = enable(FWD6, &st->forward6_set);
	if (!ret)
		ret = save(nd, rundir, st);
	return ret ? say(nd, ret, "cannot enable forwarding", FWD4) : 0;
}

static int up_rules(const struct netdef *nd, const char *rundir,
		    struct netstate *st)
{
	char text[RULES_TEXT_MAX], err[256];
	int ret = rules_up(nd, text, sizeof(text));

	if (ret <= 0)
		return ret;
	st->rules = true;	/* recorded first: a half-made change is undone too */
	ret = save(nd, rundir, st);
	if (!ret)
		ret = nft_run(text, NULL, 0, err, sizeof(err));
	return ret ? say(nd, ret, "cannot load the nftables rules", err) : 0;
}

static int up_dnsmasq(const struct netdef *nd, const char *rundir,
		      struct netstate *st)
{
	const char *why = NULL;
	int ret;

	if (nd->mode != NETDEF_NAT_NETWORK && nd->mode != NETDEF_HOST_ONLY)
		return 0;
	st->dnsmasq = true;
	ret = save(nd, rundir, st);
	if (!ret)
		ret = dnsmasq_start(nd, rundir, &why);
	return ret ? say(nd, ret, "dnsmasq", why) : 0;
}

/**
 * net_up() - bring network @nd up (see the theory of operation)
 * @nd:		a finished definition
 * @rundir:	run directory (exists)
 *
 * Return: 0 (also if it was already up: its rules are re-applied), or a
 * negative errno after undoing this call's changes (a message is printed)
 */
int net_up(const struct netdef *nd, const char *rundir)
{
	struct netstate st;
	int ret;

	if (!state_read(rundir, nd->name, &st)) {
		notice("%s: already up; rules re-applied", nd->name);
		return up_rules(nd, rundir, &st);
	}
	memset(&st, 0, sizeof(st));
	ret = up_link(nd, rundir, &st);
	if (!ret)
		ret = up_forward(nd, rundir, &st);
	if (!ret)
		ret = up_rules(nd, rundir, &st);
	if (!ret)
		ret = up_dnsmasq(nd, rundir, &st);
	if (ret) {
		state_write(rundir, nd->name, &st);
		net_down(nd, rundir);
	}
	return ret;
}

/* Does another network's state (not @name's) record forward_set/6? */
static bool forward_needed(const char *rundir, const char *name, bool v6)
{
	struct netstate st;
	struct dirent *de;
	char other[64];
	bool need = false;
	DIR *d = opendir(rundir);
	size_t n;

	if (!d)
		return false;
	while (!need && (de = readdir(d))) {
		n = strlen(de->d_name);
		if (n <= 6 || n - 6 >= sizeof(other) ||
		    strcmp(de->d_name + n - 6, ".state"))
			continue;
		memcpy(other, de->d_name, n - 6);
		other[n - 6] = '\0';
		if (strcmp(other, name) && !state_read(rundir, other, &st))
			need = v6 ? st.forward6_set : st.forward_set;
	}
	closedir(d);
	return need;
}

static int down_rules(const struct netdef *nd)
{
	char text[RULES_TEXT_MAX], err[256], *list;
	int ret = rules_down(nd, text, sizeof(text));

	if (ret <= 0)
		return ret;
	ret = nft_run(text, NULL, 0, err, sizeof(err));
	if (ret)
		return say(nd, ret, "cannot remove the nftables chains", err);
	list = text;
	if (nft_run("list table inet " RULES_TABLE "\n", list, sizeof(text),
		    NULL, 0))
		return 0;	/* no table left */
	if (!strstr(list, "\tchain ") &&
	    nft_run("delete table inet " RULES_TABLE "\n", NULL, 0, err,
		    sizeof(err)))
		return say(nd, -EIO, "cannot delete the empty table", err);
	return 0;
}

static int down_link(const struct netdef *nd, const struct netstate *st)
{
	struct in6_addr a6 = host6(nd);
	const char *why = NULL;
	bool changed;
	int ret = 0;

	if (st->uplink_enslaved && (ret = bridge_release(nd->uplink, &why)))
		return say(nd, ret, nd->uplink, why);
	if (st->bridge_created) {
		ret = bridge_delete(nd->bridge, &why);
		return ret ? say(nd, ret, nd->bridge, why) : 0;
	}
	if (st->addr_added)
		ret = bridge_addr(nd->bridge, AF_INET, &nd->addr, nd->prefix,
				  false, &changed, &why);
	if (!ret && st->addr6_added)
		ret = bridge_addr(nd->bridge, AF_INET6, &a6, 64, false,
				  &changed, &why);
	return ret ? say(nd, ret, "address", why) : 0;
}

/**
 * net_down() - undo what net_up() recorded for @nd
 * @nd:		the definition
 * @rundir:	run directory
 *
 * Return: 0 (also if the network was not up), or the first negative
 * errno met; every step is still tried, and the state file is kept if
 * anything failed so down can be run again
 */
int net_down(const struct netdef *nd, const char *rundir)
{
	const char *why = NULL;
	struct netstate st;
	int ret = 0, r;

	if (state_read(rundir, nd->name, &st)) {
		notice("%s: not up", nd->name);
		return 0;
	}
	if (st.dnsmasq && (r = dnsmasq_stop(nd->name, rundir, &why)))
		ret = say(nd, r, "dnsmasq", why);
	if (st.rules && (r = down_rules(nd)) && !ret)
		ret = r;
	if (st.forward_set && !forward_needed(rundir, nd->name, false))
		sysctl_set(FWD4, 0);
	if (st.forward6_set && !forward_needed(rundir, nd->name, true))
		sysctl_set(FWD6, 0);
	if ((r = down_link(nd, &st)) && !ret)
		ret = r;
	if (!ret)
		ret = state_remove(rundir, nd->name);
	return ret;
}
