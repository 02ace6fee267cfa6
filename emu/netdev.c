// SPDX-License-Identifier: GPL-2.0-or-later
/* netdev.c - create and remove ports from -netdev / -net option strings
 *
 * The common keys are handled here: id= (required for -netdev, generated
 * for -net), hub=N (ours) or, for the legacy -net, vlan=N, and type= (the
 * leading element). Each type's handler (port_<type>.c) consumes its own
 * keys; any key nobody consumed is an error.
 * Errors never exit: they are left in struct opts so that the command line
 * (exit 2) and the control socket (error reply) report them their own way.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "hub.h"
#include "netdev.h"
#include "optstring.h"
#include "port.h"
#include "sandbox.h"

#define HUB_ID_MAX		65535

static const struct netdev_type *const netdev_types[] = {
	&netdev_type_socket,
	&netdev_type_stream,
	&netdev_type_dgram,
	&netdev_type_hubport,
	&netdev_type_netns,
	&netdev_type_tap,
	&netdev_type_bridge,
#ifdef GUESTNET_NAT
	&netdev_type_user,
#endif
};

static unsigned int legacy_count;

static const struct netdev_type *netdev_type_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(netdev_types); i++)
		if (!strcmp(netdev_types[i]->name, name))
			return netdev_types[i];
	return NULL;
}

/**
 * netdev_need() - declare one need of a port (see enum netdev_need)
 * @n:		the port's needs
 * @need:	what it needs
 * @key:	the key that asks for it, or NULL if the type always needs it
 * @value:	its value, or NULL
 * @what:	for messages (see struct netdev_needs)
 *
 * The first source of each need is kept.
 */
void netdev_need(struct netdev_needs *n, enum netdev_need need,
		 const char *key, const char *value, const char *what)
{
	if (n->mask & (1U << need))
		return;
	n->mask |= 1U << need;
	n->by[need] = (struct netdev_need_src){ key, value, what };
}

static void netdev_type_needs(const struct netdev_type *type,
			      const struct opts *o, struct netdev_needs *n)
{
	memset(n, 0, sizeof(*n));
	for (unsigned int need = 0; need < NEED__COUNT; need++)
		if (type->always & (1U << need))
			netdev_need(n, need, NULL, NULL, type->always_what);
	if (type->needs)
		type->needs(o, n);
}

/**
 * netdev_needs() - what the port an option string describes would need
 * @o:		parsed options (implied key "type"); nothing is consumed
 * @n:		filled in
 *
 * Return: 0, or -ENOENT if the type is missing or unknown
 */
int netdev_needs(const struct opts *o, struct netdev_needs *n)
{
	unsigned int it = 0;
	const char *t = opts_peek(o, "type", &it);
	const struct netdev_type *type = t ? netdev_type_find(t) : NULL;

	memset(n, 0, sizeof(*n));
	if (!type)
		return -ENOENT;
	netdev_type_needs(type, o, n);
	return 0;
}

static int netdev_hub(struct opts *o, bool legacy, struct hub **out)
{
	uint64_t hub = 0, vlan = 0;
	int ret;

	ret = opts_get_uint(o, "hub", 0, HUB_ID_MAX, 0, &hub);
	if (!ret && legacy)
		ret = opts_get_uint(o, "vlan", 0, HUB_ID_MAX, 0, &vlan);
	if (ret < 0)
		return ret;
	if (legacy && opts_get(o, "hub") && opts_get(o, "vlan"))
		return opts_fail(o, "keys 'hub' and 'vlan' are the same thing; give one");
	*out = hub_get((unsigned int)(hub ? hub : vlan));
	return 0;
}

/**
 * netdev_add() - create the port(s) an option string describes
 * @o:		parsed options (implied key "type")
 * @legacy:	-net syntax: id optional (also as name=), vlan=N
 *
 * Return: 0, or negative errno with the message in @o->err
 */
int netdev_add(struct opts *o, bool legacy)
{
	const struct netdev_type *type;
	struct netdev_req req = { .o = o };
	struct netdev_needs needs;
	char genid[32];
	const char *t;
	int ret;

	t = opts_get(o, "type");
	if (!t)
		return opts_fail(o, "no port type (e.g. socket, stream, dgram)");
	type = netdev_type_find(t);
	if (!type)
		return opts_fail(o, "unknown port type '%s'", t);
	netdev_type_needs(type, o, &needs);
	ret = sandbox_admit(o, t, &needs);
	if (ret < 0)
		return ret;
	req.id = opts_get(o, "id");
	if (legacy && !req.id)
		req.id = opts_get(o, "name");
	if (!req.id && legacy) {
		snprintf(genid, sizeof(genid), "net%u", legacy_count++);
		req.id = genid;
	}
	if (!req.id)
		return opts_fail(o, "key 'id' is required");
	ret = opts_check_id(o, req.id);
	if (ret < 0)
		return ret;
	if (port_find(req.id))
		return opts_fail(o, "key 'id': a port named '%s' exists already", req.id);
	ret = netdev_hub(o, legacy, &req.hub);
	if (ret < 0)
		return ret;
	return type->create(&req);
}

static void netdev_close_child(struct port *p, void *arg)
{
	(void)arg;
	port_close(p);
}

/**
 * netdev_del() - remove a port; for a listener, also the peers it accepted
 * @id:		port name
 *
 * Return: 0, or -ENOENT if there is no such port
 */
int netdev_del(const char *id)
{
	struct port *p = port_find(id);

	if (!p)
		return -ENOENT;
	port_foreach_child(p, netdev_close_child, NULL);
	port_close(p);
	return 0;
}
