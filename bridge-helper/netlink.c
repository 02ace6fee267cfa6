// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * netlink.c - attach the tap to the bridge over rtnetlink (libnl-route-3)
 *
 * The only file that calls libnl: NLE_* codes are turned into negative
 * errno values here, and nl_geterror() texts leave only as the static
 * "why" string. Three requests: read the bridge (it must exist and be of
 * kind "bridge"; its MTU is copied), set the tap's MTU, then set its
 * master to the bridge and bring it up.
 */
#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <string.h>

#include <netlink/netlink.h>
#include <netlink/route/link.h>

#include "netlink.h"
#include "nle_errno.h"

static int set_link(struct nl_sock *sk, struct rtnl_link *tap,
		    struct rtnl_link *br, bool mtu_only, const char **why)
{
	struct rtnl_link *ch;
	int ret;

	ch = rtnl_link_alloc();
	if (!ch) {
		*why = "out of memory";
		return -ENOMEM;
	}
	if (mtu_only) {
		rtnl_link_set_mtu(ch, rtnl_link_get_mtu(br));
	} else {
		rtnl_link_set_master(ch, rtnl_link_get_ifindex(br));
		rtnl_link_set_flags(ch, IFF_UP);
	}
	ret = rtnl_link_change(sk, tap, ch, 0);
	if (ret < 0)
		*why = mtu_only ? "cannot set the tap's MTU" :
				  "cannot attach the tap to the bridge";
	rtnl_link_put(ch);
	return nle_to_errno(ret);
}

/**
 * netlink_attach() - set @tap's MTU to @bridge's, enslave it, set it up
 * @bridge:	name of an existing bridge
 * @tap:	name of the tap device
 * @why:	set to a static reason on failure
 *
 * Return: 0, -ENODEV if @bridge does not exist, -EINVAL if it is not a
 * bridge, or the negative errno matching libnl's error
 */
int netlink_attach(const char *bridge, const char *tap, const char **why)
{
	struct rtnl_link *br = NULL, *t = NULL;
	struct nl_sock *sk;
	const char *kind;
	int ret = -ENOMEM;

	*why = "out of memory";
	sk = nl_socket_alloc();
	if (!sk)
		return ret;
	ret = nl_connect(sk, NETLINK_ROUTE);
	if (ret < 0) {
		*why = nl_geterror(ret);
		ret = nle_to_errno(ret);
		goto out;
	}
	ret = rtnl_link_get_kernel(sk, 0, bridge, &br);
	if (ret < 0) {
		*why = "no such bridge";
		ret = nle_to_errno(ret);
		goto out;
	}
	kind = rtnl_link_get_type(br);
	if (!kind || strcmp(kind, "bridge")) {
		*why = "not a bridge";
		ret = -EINVAL;
		goto out;
	}
	ret = rtnl_link_get_kernel(sk, 0, tap, &t);
	if (ret < 0) {
		*why = "tap device vanished";
		ret = nle_to_errno(ret);
		goto out;
	}
	ret = set_link(sk, t, br, true, why);
	if (!ret)
		ret = set_link(sk, t, br, false, why);
out:
	if (t)
		rtnl_link_put(t);
	if (br)
		rtnl_link_put(br);
	nl_socket_free(sk);
	return ret;
}
