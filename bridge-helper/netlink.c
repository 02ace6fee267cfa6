// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * netlink.c - look links up and attach the tap over rtnetlink (libmnl)
 *
 * The helper's only rtnetlink code, on libmnl: a few fixed requests, each
 * sent on its own NETLINK_ROUTE socket with NLM_F_ACK and read back with
 * mnl_cb_run() (which checks sequence number and port id):
 *
 * - RTM_GETLINK by IFLA_IFNAME. The kernel resolves alternative names
 *   (`ip link property add ... altname`) as well as the name itself, so
 *   the reply's IFLA_IFNAME - the canonical name - is returned and the
 *   caller compares it with what was asked for. Index, MTU and
 *   IFLA_INFO_KIND come from the same reply.
 * - RTM_NEWLINK on the tap's index: IFLA_MTU; then IFLA_MASTER (the
 *   bridge's index) with IFF_UP.
 *
 * libmnl is used instead of libnl-route-3 because libnl reads NLDBG, NLCB
 * and NLSYSCONFDIR in ELF constructors - before main() can clear the
 * environment of this setuid program - and opens files named by them as
 * root (docs/SECURITY.md, "What the privileged process trusts"). libmnl
 * has no constructor and reads no environment.
 */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>

#include "netlink.h"

/* Room for one RTM_NEWLINK reply of a bridge with many ports and names */
#define NL_BUF	(32 * 1024)

struct reply {
	struct link_info *info;
	bool seen;
};

static int linkinfo_cb(const struct nlattr *a, void *data)
{
	struct link_info *li = data;

	if (mnl_attr_get_type(a) == IFLA_INFO_KIND &&
	    !mnl_attr_validate(a, MNL_TYPE_NUL_STRING))
		snprintf(li->kind, sizeof(li->kind), "%s", mnl_attr_get_str(a));
	return MNL_CB_OK;
}

static int attr_cb(const struct nlattr *a, void *data)
{
	struct link_info *li = data;

	switch (mnl_attr_get_type(a)) {
	case IFLA_IFNAME:
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) ||
		    mnl_attr_get_payload_len(a) > IFNAMSIZ)
			return MNL_CB_ERROR;
		memcpy(li->name, mnl_attr_get_str(a),
		       mnl_attr_get_payload_len(a));
		break;
	case IFLA_MTU:
		if (mnl_attr_validate(a, MNL_TYPE_U32))
			return MNL_CB_ERROR;
		li->mtu = mnl_attr_get_u32(a);
		break;
	case IFLA_LINKINFO:
		if (mnl_attr_parse_nested(a, linkinfo_cb, li) < 0)
			return MNL_CB_ERROR;
		break;
	}
	return MNL_CB_OK;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply *r = data;
	const struct ifinfomsg *ifi;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return MNL_CB_ERROR;
	ifi = mnl_nlmsg_get_payload(nlh);
	memset(r->info, 0, sizeof(*r->info));
	r->info->index = ifi->ifi_index;
	if (mnl_attr_parse(nlh, sizeof(*ifi), attr_cb, r->info) < 0)
		return MNL_CB_ERROR;
	r->seen = r->info->index > 0 && r->info->name[0];
	return MNL_CB_OK;
}

/* Send @nlh on a new NETLINK_ROUTE socket, run @cb on the replies */
static int transact(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[NL_BUF];
	struct mnl_socket *nl;
	unsigned int portid;
	ssize_t n;
	int ret;

	nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		ret = -errno;
		goto out;
	}
	do {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0) {
			ret = -errno;
			goto out;
		}
		errno = 0;
		ret = mnl_cb_run(buf, (size_t)n, nlh->nlmsg_seq, portid, cb,
				 data);
	} while (ret == MNL_CB_OK);
	ret = ret < 0 ? (errno ? -errno : -EIO) : 0;
out:
	mnl_socket_close(nl);
	return ret;
}

static struct nlmsghdr *start(char *buf, unsigned short type,
			      struct ifinfomsg **ifi)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = (unsigned int)time(NULL);
	*ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(**ifi));
	(*ifi)->ifi_family = AF_UNSPEC;
	return nlh;
}

/**
 * link_lookup() - find a link by name (or alternative name)
 * @name:	the name asked for, a valid interface name
 * @info:	filled with the link's index, canonical name, MTU and kind
 *
 * Return: 0, -ENODEV if no link has @name as its name or alternative
 * name, or another negative errno from rtnetlink
 */
int link_lookup(const char *name, struct link_info *info)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct reply r = { .info = info };
	struct ifinfomsg *ifi;
	struct nlmsghdr *nlh;
	int ret;

	nlh = start(buf, RTM_GETLINK, &ifi);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	ret = transact(nlh, link_cb, &r);
	if (!ret && !r.seen)
		ret = -ENODEV;
	return ret;
}

static int ack_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_ERROR;	/* a change request is answered by its ack only */
}

static int set_link(int index, unsigned int mtu, int master)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct ifinfomsg *ifi;
	struct nlmsghdr *nlh;

	nlh = start(buf, RTM_NEWLINK, &ifi);
	ifi->ifi_index = index;
	if (master > 0) {
		mnl_attr_put_u32(nlh, IFLA_MASTER, (unsigned int)master);
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
	} else {
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	}
	return transact(nlh, ack_cb, NULL);
}

/**
 * link_attach() - give the tap the bridge's MTU, enslave it, set it up
 * @tap:	the tap's link (from link_lookup())
 * @bridge:	the bridge's link (from link_lookup())
 * @why:	set to a static reason on failure
 *
 * Both links are named by index, so a rename in between cannot redirect
 * the requests.
 *
 * Return: 0, or the negative errno rtnetlink answered
 */
int link_attach(const struct link_info *tap, const struct link_info *bridge,
		const char **why)
{
	int ret;

	ret = set_link(tap->index, bridge->mtu, 0);
	if (ret) {
		*why = "cannot set the tap's MTU";
		return ret;
	}
	ret = set_link(tap->index, 0, bridge->index);
	if (ret)
		*why = "cannot attach the tap to the bridge";
	return ret;
}
