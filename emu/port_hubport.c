// SPDX-License-Identifier: GPL-2.0-or-later
/* port_hubport.c - -netdev hubport,hubid=N[,netdev=NAME]
 *
 * As in QEMU: with netdev=, an existing port moves to hub N (a listener
 * takes the peers it accepted along, and its future peers join hub N);
 * without it, a port with no link, whose queued frames are dropped as
 * link-down.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hub.h"
#include "netdev.h"
#include "optstring.h"
#include "port.h"
#include "xalloc.h"

static void hubport_rx(struct port *p)
{
	(void)p;
}

static int hubport_tx(struct port *p)
{
	port_drop_queue(p, DROP_LINK_DOWN);
	return 0;
}

static void hubport_destroy(struct port *p)
{
	free(p);
}

static void hubport_describe(const struct port *p, char *buf, size_t len)
{
	(void)p;
	snprintf(buf, len, "(no link)");
}

static const struct port_ops hubport_ops = {
	.type = "hubport",
	.rx = hubport_rx,
	.tx = hubport_tx,
	.destroy = hubport_destroy,
	.describe = hubport_describe,
};

static void hubport_move_child(struct port *p, void *arg)
{
	struct port *listener = arg;

	hub_detach(p);
	hub_attach(listener->hub, p);
}

/**
 * hubport_create() - -netdev hubport,hubid=N[,netdev=NAME]
 * @req:	request
 *
 * As in QEMU, netdev= puts an existing port on hub N (a listener's future
 * and current peers too); without it, an unconnected port on hub N.
 *
 * Return: 0, or negative errno with the message in the options
 */
static int hubport_create(struct netdev_req *req)
{
	struct opts *o = req->o;
	const char *name = opts_get(o, "netdev");
	struct port *target = NULL;
	uint64_t hubid;
	struct port *p;
	int ret;

	if (opts_get(o, "hub"))
		return opts_fail(o, "key 'hub': use 'hubid' with hubport");
	ret = opts_get_uint(o, "hubid", 0, 65535, UINT64_MAX, &hubid);
	if (ret < 0)
		return ret;
	if (hubid == UINT64_MAX)
		return opts_fail(o, "key 'hubid' is required");
	if (name && !(target = port_find(name)))
		return opts_fail(o, "key 'netdev': no port named '%s'", name);
	ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	if (target) {
		hub_detach(target);
		hub_attach(hub_get((unsigned int)hubid), target);
		port_foreach_child(target, hubport_move_child, target);
		return 0;
	}
	p = xcalloc(1, sizeof(*p));
	port_init(p, &hubport_ops, req->id);
	hub_attach(hub_get((unsigned int)hubid), p);
	return 0;
}

const struct netdev_type netdev_type_hubport = {
	.name = "hubport",
	.create = hubport_create,
};
