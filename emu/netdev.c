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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
#ifdef GUESTNET_VDE
	&netdev_type_vde,
#endif
	&netdev_type_vdeswitch,
};

static unsigned int legacy_count;
static unsigned int nic_count;
static uint8_t named_hubs[(HUB_ID_MAX + 1) / 8];	/* netdev_note_hubs() */

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

static int netdev_hub(struct opts *o, bool legacy, unsigned int *out)
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
	*out = (unsigned int)(hub ? hub : vlan);
	return 0;
}

/* The type, its needs and the sandbox, the name; then the hub (made if
 * need be) and the type opens the port */
static int netdev_create(struct opts *o, const char *t, const char *id, unsigned int hub)
{
	const struct netdev_type *type = netdev_type_find(t);
	struct netdev_req req = { .o = o, .id = id };
	struct netdev_needs needs;
	int ret;

	if (!type)
		return opts_fail(o, "unknown port type '%s'", t);
	netdev_type_needs(type, o, &needs);
	ret = sandbox_admit(o, t, &needs);
	if (ret < 0)
		return ret;
	if (!id)
		return opts_fail(o, "key 'id' is required");
	ret = opts_check_id(o, id);
	if (ret < 0)
		return ret;
	if (port_find(id))
		return opts_fail(o, "key 'id': a port named '%s' exists already", id);
	req.hub = hub_get(hub);
	return type->create(&req);
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
	const char *t, *id;
	unsigned int hub = 0;
	char genid[32];
	int ret;

	t = opts_get(o, "type");
	if (!t)
		return opts_fail(o, "no port type (e.g. socket, stream, dgram)");
	if (!netdev_type_find(t))
		return opts_fail(o, "unknown port type '%s'", t);
	id = opts_get(o, "id");
	if (legacy && !id)
		id = opts_get(o, "name");
	if (!id && legacy) {
		snprintf(genid, sizeof(genid), "net%u", legacy_count++);
		id = genid;
	}
	ret = netdev_hub(o, legacy, &hub);
	if (ret < 0)
		return ret;
	return netdev_create(o, t, id, hub);
}

/**
 * netdev_note_hubs() - keep the hubs an option names from -nic
 * @o:		a -netdev, -net or -hub option (implied key "type", or "id"
 *		for -hub); nothing is consumed, bad numbers are left for
 *		the option's own turn to report
 *
 * Called for every option before any port is opened, so that a -nic's
 * own hub is one that no later option joins.
 */
void netdev_note_hubs(const struct opts *o)
{
	static const char *const keys[] = { "hub", "vlan", "hubid", "id" };
	unsigned int it0 = 0;
	size_t nkeys = opts_peek(o, "type", &it0) ? 3 : 4;	/* -hub N: its id */

	for (size_t k = 0; k < nkeys; k++) {
		unsigned int it = 0;
		const char *v;

		while ((v = opts_peek(o, keys[k], &it))) {
			char *end;
			unsigned long n = strtoul(v, &end, 10);

			if (*v && !*end && n <= HUB_ID_MAX)
				named_hubs[n / 8] |= (uint8_t)(1U << (n % 8));
		}
	}
}

/* -nic's hub: the highest id that no option names and no hub has, or -1 */
static long netdev_nic_hub(void)
{
	for (long n = HUB_ID_MAX; n >= 0; n--)
		if (!(named_hubs[n / 8] & (1U << (n % 8))) && !hub_find((unsigned int)n))
			return n;
	return -1;
}

/* Keys of QEMU's -nic that are about the guest's NIC, which we do not have */
static int netdev_nic_refuse(struct opts *o, const char *t)
{
	static const char *const nic_keys[] = { "model", "mac" };

	for (size_t i = 0; i < ARRAY_SIZE(nic_keys); i++) {
		if (!strcmp(nic_keys[i], "mac") && !strcmp(t, "netns"))
			continue;	/* a netns port is a NIC: its own mac= */
		if (opts_get(o, nic_keys[i]))
			return opts_fail(o, "key '%s': guestnet-emu has no guest NICs; "
					 "-nic makes a port of type '%s' on a new hub "
					 "(a QEMU guest's -nic: guestnet run -- qemu-system-...)",
					 nic_keys[i], t);
	}
	if (opts_get(o, "hub") || opts_get(o, "vlan"))
		return opts_fail(o, "-nic makes a hub of its own; for hub N give -netdev TYPE,hub=N");
	return 0;
}

/**
 * netdev_add_nic() - -nic: a port of TYPE (user if none) on a new hub
 * @o:		parsed options (implied key "type")
 *
 * QEMU's -nic joins a guest NIC and a backend; the emulator has no NICs,
 * so the backend is a port alone on a hub of its own, the highest id from
 * 65535 down that no option names (netdev_note_hubs()); its id is id= or
 * nicN. "-nic none" is nothing, as in QEMU.
 *
 * Return: 0, or negative errno with the message in @o->err
 */
int netdev_add_nic(struct opts *o)
{
	const char *t = opts_get(o, "type"), *id = opts_get(o, "id");
	char genid[32];
	long hub;
	int ret;

	if (!t)
		t = "user";
	if (!strcmp(t, "none"))
		return opts_check_unused(o);
	if (!netdev_type_find(t))
		return opts_fail(o, "unknown port type '%s'", t);
	ret = netdev_nic_refuse(o, t);
	if (ret < 0)
		return ret;
	for (unsigned int n = nic_count; !id; n++) {
		snprintf(genid, sizeof(genid), "nic%u", n);
		if (!port_find(genid))
			id = genid;
	}
	hub = netdev_nic_hub();
	if (hub < 0)
		return opts_fail(o, "no hub id is left for -nic");
	ret = netdev_create(o, t, id, (unsigned int)hub);
	if (!ret && id == genid)
		nic_count = (unsigned int)strtoul(genid + 3, NULL, 10) + 1;
	return ret;
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
