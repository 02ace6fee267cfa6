// SPDX-License-Identifier: GPL-2.0-or-later
/* s4n_tap.c - the slirp4netns front end's tap: joined, or handed over
 *
 * DOC: Theory of operation
 *
 * As slirp4netns, three ways to the target's tap:
 *
 * - PID (--netns-type=pid, the default): a child enters the user
 *   namespace (--userns-path, else /proc/PID/ns/user) and the network
 *   namespace /proc/PID/ns/net of the target;
 * - PATH (--netns-type=path): the network namespace file PATH, and only
 *   the user namespace --userns-path names (none without it: the caller
 *   runs us in the namespace's owner, as Podman does);
 * - FD (--netns-type=tapfd, slirp4netns 1.3): the caller opened the tap
 *   and gives us its descriptor; we join nothing and configure nothing.
 *
 * In the first two the child opens TAPNAME, attaching to a tap of that
 * name that exists already (RootlessKit makes tap0 itself), and with -c
 * configures it as slirp4netns does: MTU, --macaddress, lo and the tap
 * up, address net+100 with the network's mask, default route via net+2.
 * Without -c nothing in the namespace changes. That is emu's netns port
 * machinery (netns_port_join(): the child, SCM_RIGHTS), not a copy of it,
 * with its segmentation offload (a virtio-net header; TSO and checksum
 * offload below an MTU of 32768: docs/nat.md). A tap handed over by
 * descriptor is taken as it is, without offload.
 */
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "port_netns.h"
#include "port_tap.h"
#include "s4n_options.h"
#include "s4n_tap.h"
#include "tapdev.h"

/* The handed-over descriptor, checked: a tap without packet information */
static int tap_of_fd(const struct s4n_options *o, struct hub *h, char *err,
		     size_t errlen)
{
	char name[IFNAMSIZ], peer[IFNAMSIZ + 32];
	const char *why;
	bool vnet;
	int ret;

	ret = tapdev_setup(o->tapfd, &vnet, name, &why);
	if (ret < 0) {
		snprintf(err, errlen, "tap fd %d %s", o->tapfd, why);
		return ret;
	}
	snprintf(peer, sizeof(peer), "tap %s fd %d", name, o->tapfd);
	ret = tap_port_open("tap", h, o->tapfd, vnet ? TAPDEV_VNET_HDR_LEN : 0,
			    peer, NULL);
	if (ret < 0)
		snprintf(err, errlen, "tap fd %d: %s", o->tapfd, errstr(ret));
	return ret;
}

/**
 * s4n_tap_open() - the tap port of the target, on a hub
 * @o:		parsed options (TARGET, TAPNAME, -c, --mtu, --macaddress, ...)
 * @h:		hub
 * @err:	message on failure
 * @errlen:	its size
 *
 * Return: 0, or negative errno with @err set
 */
int s4n_tap_open(const struct s4n_options *o, struct hub *h, char *err,
		 size_t errlen)
{
	char userns[64], netns[64];
	struct netns_join j;

	if (o->netns_type == S4N_NETNS_TAPFD)
		return tap_of_fd(o, h, err, errlen);
	memset(&j, 0, sizeof(j));
	if (o->netns_type == S4N_NETNS_PID) {
		snprintf(userns, sizeof(userns), "/proc/%d/ns/user", o->target_pid);
		snprintf(netns, sizeof(netns), "/proc/%d/ns/net", o->target_pid);
		j.userns = o->userns_path ? o->userns_path : userns;
		j.netns = netns;
	} else {
		j.userns = o->userns_path;
		j.netns = o->netns_path;
	}
	j.ifname = o->tapname;
	j.configure = o->configure;
	j.mtu = o->mtu;
	j.mac = o->macaddress ? o->mac : NULL;
	j.addr = o->net.guest;
	j.prefix = o->net.prefix;
	j.gateway = o->net.host;
	j.offload = true;	/* the tap is ours: guestnet's fast path */
	return netns_port_join("tap", h, &j, err, errlen, NULL);
}
