// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bridge.c - the network's bridge over rtnetlink (libnl-route-3)
 *
 * The only file of guestnet-network that calls libnl: NLE_* codes become
 * negative errno values here and leave only as a static "why" string.
 * Each function is one request (struct br_req) with its own route socket:
 * guestnet-network makes a handful, so simplicity wins over reuse.
 */
#include <errno.h>
#include <net/if.h>
#include <string.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>

#include "bridge.h"
#include "nle_errno.h"

static struct nl_sock *open_sock(const char **why)
{
	struct nl_sock *sk = nl_socket_alloc();

	*why = "cannot open a route netlink socket";
	if (!sk)
		return NULL;
	if (nl_connect(sk, NETLINK_ROUTE) < 0) {
		nl_socket_free(sk);
		return NULL;
	}
	return sk;
}

/* Look up @name; -ENODEV if missing, -EINVAL if not a bridge and @br */
static int get_link(struct nl_sock *sk, const char *name, bool br,
		    struct rtnl_link **link, const char **why)
{
	const char *kind;
	int ret;

	ret = rtnl_link_get_kernel(sk, 0, name, link);
	if (ret < 0) {
		*why = "no such interface";
		return nle_to_errno(ret);
	}
	kind = rtnl_link_get_type(*link);
	if (br && (!kind || strcmp(kind, "bridge"))) {
		*why = "exists and is not a bridge";
		rtnl_link_put(*link);
		*link = NULL;
		return -EINVAL;
	}
	return 0;
}

static int set_up(struct nl_sock *sk, struct rtnl_link *link,
		  const char **why)
{
	struct rtnl_link *ch = rtnl_link_alloc();
	int ret;

	if (!ch) {
		*why = "out of memory";
		return -ENOMEM;
	}
	rtnl_link_set_flags(ch, IFF_UP);
	ret = rtnl_link_change(sk, link, ch, 0);
	rtnl_link_put(ch);
	if (ret < 0)
		*why = "cannot set the interface up";
	return nle_to_errno(ret);
}

/**
 * struct br_req - one request: its route socket, the links it looked up
 * @sk:		the socket, NULL if it could not be opened
 * @br:		the bridge, or NULL
 * @port:	the other interface, or NULL
 */
struct br_req {
	struct nl_sock *sk;
	struct rtnl_link *br;
	struct rtnl_link *port;
};

/*
 * Open the socket, look up @bridge (which must be one) and @port, either
 * NULL for none; -EIO if there is no socket, else as get_link(). Always
 * req_close() afterwards.
 */
static int req_open(struct br_req *r, const char *bridge, const char *port,
		    const char **why)
{
	int ret = 0;

	memset(r, 0, sizeof(*r));
	r->sk = open_sock(why);
	if (!r->sk)
		return -EIO;
	if (bridge)
		ret = get_link(r->sk, bridge, true, &r->br, why);
	if (!ret && port)
		ret = get_link(r->sk, port, false, &r->port, why);
	return ret;
}

static void req_close(struct br_req *r)
{
	if (r->port)
		rtnl_link_put(r->port);
	if (r->br)
		rtnl_link_put(r->br);
	if (r->sk)
		nl_socket_free(r->sk);
}

/* Create bridge @name, then look it up into @r */
static int create(struct br_req *r, const char *name, const char **why)
{
	struct rtnl_link *link = rtnl_link_bridge_alloc();
	int ret;

	if (!link) {
		*why = "out of memory";
		return -ENOMEM;
	}
	rtnl_link_set_name(link, name);
	ret = nle_to_errno(rtnl_link_add(r->sk, link, NLM_F_CREATE | NLM_F_EXCL));
	rtnl_link_put(link);
	if (ret) {
		*why = "cannot create the bridge";
		return ret;
	}
	return get_link(r->sk, name, true, &r->br, why);
}

/**
 * bridge_create() - make sure bridge @name exists and is up
 * @name:	bridge name
 * @created:	set to true if this call created it
 * @why:	set to a static reason on failure
 *
 * Return: 0, -EINVAL if @name exists but is not a bridge, or the
 * negative errno matching libnl's error
 */
int bridge_create(const char *name, bool *created, const char **why)
{
	struct br_req r;
	int ret = req_open(&r, name, NULL, why);

	*created = false;
	if (ret == -ENODEV && r.sk) {
		ret = create(&r, name, why);
		*created = !ret;
	}
	if (!ret)
		ret = set_up(r.sk, r.br, why);
	req_close(&r);
	return ret;
}

/**
 * bridge_delete() - delete bridge @name (its ports are released)
 * @name:	bridge name
 * @why:	set to a static reason on failure
 *
 * Return: 0 (also if it no longer exists), -EINVAL if @name is not a
 * bridge, or the negative errno matching libnl's error
 */
int bridge_delete(const char *name, const char **why)
{
	struct br_req r;
	int ret = req_open(&r, name, NULL, why);

	if (!ret) {
		ret = nle_to_errno(rtnl_link_delete(r.sk, r.br));
		if (ret)
			*why = "cannot delete the bridge";
	} else if (ret == -ENODEV) {
		ret = 0;
	}
	req_close(&r);
	return ret;
}

static int change_addr(struct nl_sock *sk, int ifindex, int family,
		       const void *addr, unsigned int prefix, bool add)
{
	struct rtnl_addr *a = rtnl_addr_alloc();
	struct nl_addr *local;
	int ret = -NLE_NOMEM;

	if (!a)
		return ret;
	local = nl_addr_build(family, addr, family == AF_INET ? 4 : 16);
	if (!local)
		goto out;
	nl_addr_set_prefixlen(local, (int)prefix);
	rtnl_addr_set_ifindex(a, ifindex);
	ret = rtnl_addr_set_local(a, local);
	nl_addr_put(local);
	if (ret < 0)
		goto out;
	ret = add ? rtnl_addr_add(sk, a, NLM_F_EXCL) : rtnl_addr_delete(sk, a, 0);
out:
	rtnl_addr_put(a);
	return ret;
}

/**
 * bridge_addr() - add or remove an address on bridge @name
 * @name:	bridge name
 * @family:	AF_INET or AF_INET6
 * @addr:	struct in_addr or struct in6_addr
 * @prefix:	prefix length
 * @add:	true to add, false to remove
 * @changed:	set to true if the address was added (or removed) by us;
 *		false if it was already there (or already gone)
 * @why:	set to a static reason on failure
 *
 * Return: 0, or the negative errno matching libnl's error
 */
int bridge_addr(const char *name, int family, const void *addr,
		unsigned int prefix, bool add, bool *changed,
		const char **why)
{
	struct br_req r;
	int ret = req_open(&r, name, NULL, why);

	*changed = false;
	if (ret)
		goto out;
	ret = nle_to_errno(change_addr(r.sk, rtnl_link_get_ifindex(r.br), family,
				       addr, prefix, add));
	if ((add && ret == -EEXIST) ||
	    (!add && (ret == -EADDRNOTAVAIL || ret == -ENODEV)))
		ret = 0;
	else if (!ret)
		*changed = true;
	else
		*why = add ? "cannot add the address" : "cannot remove the address";
out:
	req_close(&r);
	return ret;
}

/**
 * bridge_enslave() - make @port a port of @bridge and set it up
 * @bridge:	bridge name
 * @port:	interface to enslave (the uplink)
 * @changed:	set to true if @port was not already in @bridge
 * @why:	set to a static reason on failure
 *
 * Return: 0, -EBUSY if @port is already a port of another master, or the
 * negative errno matching libnl's error
 */
int bridge_enslave(const char *bridge, const char *port, bool *changed,
		   const char **why)
{
	struct br_req r;
	int ret = req_open(&r, bridge, port, why), master;

	*changed = false;
	if (ret)
		goto out;
	master = rtnl_link_get_master(r.port);
	if (master && master != rtnl_link_get_ifindex(r.br)) {
		*why = "uplink is already a port of another bridge or bond";
		ret = -EBUSY;
		goto out;
	}
	if (!master) {
		ret = nle_to_errno(rtnl_link_enslave(r.sk, r.br, r.port));
		if (ret) {
			*why = "cannot enslave the uplink";
			goto out;
		}
		*changed = true;
	}
	ret = set_up(r.sk, r.port, why);
out:
	req_close(&r);
	return ret;
}

/**
 * bridge_release() - take @port out of its bridge
 * @port:	interface name
 * @why:	set to a static reason on failure
 *
 * Return: 0 (also if @port is gone), or the negative errno matching
 * libnl's error
 */
int bridge_release(const char *port, const char **why)
{
	struct br_req r;
	int ret = req_open(&r, NULL, port, why);

	if (ret == -ENODEV && r.sk)
		ret = 0;
	else if (!ret && rtnl_link_get_master(r.port)) {
		ret = nle_to_errno(rtnl_link_release(r.sk, r.port));
		if (ret)
			*why = "cannot release the uplink";
	}
	req_close(&r);
	return ret;
}

/**
 * bridge_exists() - is there a bridge named @name?
 * @name:	interface name
 *
 * Return: 1 if it exists and is a bridge, 0 if not, -EINVAL if it is
 * another kind of interface, or a negative errno
 */
int bridge_exists(const char *name)
{
	const char *why;
	struct br_req r;
	int ret = req_open(&r, name, NULL, &why);

	if (ret == -ENODEV && r.sk)
		ret = 0;
	else if (!ret)
		ret = 1;
	req_close(&r);
	return ret;
}

/**
 * bridge_ports() - print "  port NAME up|down" for each port of @bridge
 * @bridge:	bridge name
 * @out:	where to print
 *
 * Return: the number of ports, or a negative errno
 */
int bridge_ports(const char *bridge, FILE *out)
{
	struct nl_cache *cache = NULL;
	struct nl_object *o;
	const char *why;
	struct br_req r;
	int ret = req_open(&r, bridge, NULL, &why), n = 0, idx;

	if (ret)
		goto out;
	ret = nle_to_errno(rtnl_link_alloc_cache(r.sk, AF_UNSPEC, &cache));
	if (ret)
		goto out;
	idx = rtnl_link_get_ifindex(r.br);
	for (o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
		struct rtnl_link *l = (struct rtnl_link *)o;

		if (rtnl_link_get_master(l) != idx)
			continue;
		fprintf(out, "  port %s %s\n", rtnl_link_get_name(l),
			(rtnl_link_get_flags(l) & IFF_UP) ? "up" : "down");
		n++;
	}
	ret = n;
out:
	if (cache)
		nl_cache_free(cache);
	req_close(&r);
	return ret;
}
