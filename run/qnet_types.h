/* SPDX-License-Identifier: GPL-2.0-or-later */
/* qnet_types.h - the backend types guestnet-emu takes over from QEMU */
#ifndef GN_RUN_QNET_TYPES_H
#define GN_RUN_QNET_TYPES_H

#include <stdbool.h>

struct qopts;

/**
 * struct qnet_default - a key QEMU assumes, and its value
 * @key:	the key
 * @val:	QEMU's default value
 */
struct qnet_default {
	const char *key;
	const char *val;
};

/**
 * struct qnet_type - a backend type that guestnet-emu implements
 * @name:	QEMU's type name (the same in guestnet-emu)
 * @keep:	keys ("key", or "key=value") with which an option of this
 *		type stays in QEMU: what only QEMU can do (an inherited
 *		descriptor, vhost, multiqueue) or guestnet-emu cannot do yet
 * @defaults:	keys QEMU assumes when they are absent and guestnet-emu
 *		does not (added to the moved option); ends with a NULL key
 * @defaults_unless: no @defaults when this key is given
 */
struct qnet_type {
	const char *name;
	const char *const *keep;
	const struct qnet_default *defaults;
	const char *defaults_unless;
};

const struct qnet_type *qnet_type_find(const char *name);
bool qnet_type_moves(const struct qnet_type *t, const struct qopts *o);
int qnet_type_add_defaults(const struct qnet_type *t, struct qopts *o);

#endif /* GN_RUN_QNET_TYPES_H */
