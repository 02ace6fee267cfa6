// SPDX-License-Identifier: GPL-2.0-or-later
/* qnet_types.c - the backend types guestnet-emu takes over from QEMU
 *
 * A -net, -netdev or -nic backend of a type listed here moves into the
 * launch's private guestnet-emu (same keys: guestnet-emu reads QEMU's);
 * any other type (vhost-user, vhost-vdpa, l2tpv3, ...) stays
 * in QEMU. A new type guestnet-emu learns is one entry below. The entry
 * also says which keys keep an option in QEMU after all, and which of
 * QEMU's defaults guestnet-emu does not share (they are then written out).
 */

#include <stddef.h>
#include <string.h>

#include "qnet_types.h"
#include "qopts.h"
#include "util.h"

#define LIST(...)	((const char *const[]){ __VA_ARGS__, NULL })

static const struct qnet_type types[] = {
	{ .name = "socket", .keep = LIST("fd") },
	{ .name = "stream", .keep = LIST("addr.type=fd") },
	{ .name = "dgram", .keep = LIST("local.type=fd", "remote.type=fd") },
	/* smb= too: guestnet-emu runs smbd (emu/port_user_smb.c) */
	{ .name = "user" },
	{ .name = "hubport" },
	/*
	 * QEMU runs /etc/qemu-ifup and /etc/qemu-ifdown unless told "no";
	 * guestnet-emu runs no script unless given one (docs/tap.md).
	 */
	{ .name = "tap",
	  .keep = LIST("fd", "fds", "vhost", "vhostfd", "vhostfds", "vhostforce",
		       "queues", "poll-us", "sndbuf"),
	  .defaults = (const struct qnet_default[]){
		{ "script", "/etc/qemu-ifup" }, { "downscript", "/etc/qemu-ifdown" }, { NULL, NULL } },
	  .defaults_unless = "helper" },
	{ .name = "bridge" },
	{ .name = "netns" },
	/* same keys, same default mode 0700; libvdeplug runs in guestnet-emu */
	{ .name = "vde" },
};

/**
 * qnet_type_find() - the entry of a type guestnet-emu implements
 * @name:	QEMU's type name
 *
 * Return: the entry, or NULL if the type stays in QEMU
 */
const struct qnet_type *qnet_type_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (!strcmp(types[i].name, name))
			return &types[i];
	return NULL;
}

/* Whether "key" or "key=value" rule r matches an element of o */
static bool rule_matches(const char *r, const struct qopts *o)
{
	const char *eq = strchr(r, '=');
	size_t klen = eq ? (size_t)(eq - r) : strlen(r);

	for (unsigned int i = 0; i < o->n; i++) {
		const char *k = o->kv[i].key;

		if (strlen(k) != klen || strncmp(k, r, klen))
			continue;
		if (!eq || !strcmp(o->kv[i].val, eq + 1))
			return true;
	}
	return false;
}

/**
 * qnet_type_moves() - whether an option of this type goes to guestnet-emu
 * @t:		its entry, or NULL
 * @o:		its keys
 *
 * Return: true unless @t is NULL or a key of @o keeps it in QEMU
 */
bool qnet_type_moves(const struct qnet_type *t, const struct qopts *o)
{
	if (!t)
		return false;
	for (const char *const *r = t->keep; r && *r; r++)
		if (rule_matches(*r, o))
			return false;
	return true;
}

/**
 * qnet_type_add_defaults() - add QEMU's defaults that guestnet-emu lacks
 * @t:		the type's entry
 * @o:		the moved option's keys (a key already given is left alone)
 *
 * Return: 0, or -E2BIG if @o is full
 */
int qnet_type_add_defaults(const struct qnet_type *t, struct qopts *o)
{
	int ret = 0;

	if (t->defaults_unless && qopts_get(o, t->defaults_unless))
		return 0;
	for (const struct qnet_default *d = t->defaults; !ret && d && d->key; d++)
		if (!qopts_get(o, d->key))
			ret = qopts_append(o, d->key, d->val);
	return ret;
}
