// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_acl.c - libFuzzer harness: ACL buffer parser, rule set, decision
 */
#include <stddef.h>
#include <stdint.h>

#include "acl.h"

static int add_fn(const struct acl_line *l, unsigned int lineno, void *opaque)
{
	if (l->kind == ACL_INCLUDE)
		return 0;
	return acl_add(opaque, l, "fuzz", lineno);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gid_t gids[2] = { 0, 107 };
	struct acl_subject who = { .uid = 0, .gids = gids, .ngids = 2 };
	struct acl acl = { 0 };
	const char *why = NULL;
	unsigned int lineno;
	bool allow;
	size_t i;

	acl_parse_buffer((const char *)data, size, add_fn, &acl, &lineno, &why);
	for (i = 0; i < acl.n; i++)
		acl.rules[i].resolved = i & 1;
	acl_decide(&acl, "gnbr0", &who, &allow);
	acl_free(&acl);
	return 0;
}
