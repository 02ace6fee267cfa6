/* SPDX-License-Identifier: GPL-2.0-or-later */
/* qopts.h - QEMU "type,key=value,..." option strings, split (pure) */
#ifndef GN_RUN_QOPTS_H
#define GN_RUN_QOPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "strv.h"

#define QOPTS_MAX	64	/* keys in one option string */

/**
 * struct qopt_kv - one element of an option string
 * @key:	its key (the implied key for a leading bare value)
 * @val:	its value, with ",," turned into ","; "on" for a bare key
 * @bare:	written as a bare "key" (meaning key=on)
 * @used:	taken by qopts_take()
 */
struct qopt_kv {
	const char *key;
	const char *val;
	bool bare;
	bool used;
};

/**
 * struct qopts - an option string split into its elements
 * @kv:		the elements, in order
 * @n:		how many
 * @buf:	storage of the strings
 */
struct qopts {
	struct qopt_kv kv[QOPTS_MAX];
	unsigned int n;
	char *buf;
};

int qopts_parse(struct qopts *o, const char *text, const char *implied,
		char *err, size_t errlen);
const char *qopts_get(const struct qopts *o, const char *key);
const char *qopts_take(struct qopts *o, const char *key);
int qopts_append(struct qopts *o, const char *key, const char *val);
void qopts_add_unused(const struct qopts *o, struct strv *out, const char *prefix);
void qopts_free(struct qopts *o);

#endif /* GN_RUN_QOPTS_H */
