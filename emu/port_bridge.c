// SPDX-License-Identifier: GPL-2.0-or-later
/* port_bridge.c - -netdev bridge: a tap on a bridge, from the bridge helper
 *
 * DOC: Theory of operation
 *
 * The bridge helper (guestnet-bridge-helper, or any qemu-bridge-helper) is
 * run as QEMU 7.2 runs it (net/tap.c), by common/helper_client.c, which
 * `guestnet run` uses too: HELPER --use-vnet --fd=3 --br=BR, for at most
 * TAP_CHILD_TIMEOUT_MS. Its one-byte SCM_RIGHTS reply is checked, the
 * tap's offloads are turned off as for any tap handed to us (tapdev.c),
 * and it becomes a tap port (port_tap.c). -netdev tap,helper= comes here
 * too, for bridge "br0", as in QEMU.
 */

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "helper_client.h"
#include "log.h"
#include "netdev.h"
#include "netdev_keys.h"
#include "optstring.h"
#include "port_bridge.h"
#include "port_tap.h"
#include "spawn.h"
#include "tapdev.h"

#ifndef GUESTNET_HELPER_PATH
#define GUESTNET_HELPER_PATH	"/usr/local/libexec/guestnet-bridge-helper"
#endif

/**
 * bridge_open() - run the bridge helper and make a port of the tap it sends
 * @req:	the request
 * @helper:	the helper's path, checked (netdev_key_program())
 * @br:		the bridge, checked (netdev_key_ifname())
 *
 * For -netdev bridge and for -netdev tap,helper=. An error names the key
 * that chose what failed: br= when the helper refused or failed for the
 * bridge, helper= for everything else.
 *
 * Return: 0, or negative errno with the message in the options
 */
int bridge_open(struct netdev_req *req, const char *helper, const char *br)
{
	char peer[96], why[SPAWN_ERR_LINE + 120];
	enum helper_fault fault;
	struct helper_tap t;
	const char *step;
	int ret;

	ret = helper_get_tap(helper, br, TAP_CHILD_TIMEOUT_MS, &t, &fault, why, sizeof(why));
	if (ret < 0 && (fault == HELPER_FAILED || fault == HELPER_NO_TAP))
		return opts_fail(req->o, "key 'br': '%s': %s", br, why);
	if (ret < 0)
		return opts_fail(req->o, "key 'helper': %s", why);
	ret = tapdev_prepare(t.fd, t.vnet_hdr, &step);
	if (ret < 0) {
		close(t.fd);
		return opts_fail(req->o, "key 'helper': the descriptor it sent: %s (%s)",
				 step, errstr(ret));
	}
	snprintf(peer, sizeof(peer), "bridge %s tap %s%s", br, t.ifname,
		 t.vnet_hdr ? " vnet_hdr" : "");
	return tap_port_add(req, t.fd, t.vnet_hdr, peer, NULL);
}

/**
 * bridge_create() - -netdev bridge,br=BRIDGE[,helper=PATH]
 * @req:	request
 *
 * Runs the bridge helper (default GUESTNET_HELPER_PATH, bridge "br0" as in
 * QEMU) and makes a tap port of the descriptor it sends.
 *
 * Return: 0, or negative errno with the message in the options
 */
static int bridge_create(struct netdev_req *req)
{
	struct opts *o = req->o;
	const char *br = opts_get(o, "br"), *helper = opts_get(o, "helper");
	int ret;

	if (o->err[0])
		return -EINVAL;
	if (!br)
		br = BRIDGE_DEFAULT;
	if (!helper)
		helper = GUESTNET_HELPER_PATH;
	ret = netdev_key_ifname(o, "br", br);
	if (!ret)
		ret = netdev_key_program(o, "helper", helper);
	if (!ret)
		ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	return bridge_open(req, helper, br);
}

const struct netdev_type netdev_type_bridge = {
	.name = "bridge",
	.create = bridge_create,
	.always = 1U << NEED_EXEC_OPEN,
	.always_what = "the bridge helper",
};
