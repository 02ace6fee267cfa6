// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * harness.c - libFuzzer harness of the network definition parser
 *
 * The input is a whole definition file; the first byte picks one of a few
 * network names (valid and not). Checks that the parser never reads past
 * the buffer (ASan) and that an accepted definition is self-consistent.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "netdef.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "lab", "a-b_1", "", "1x" };
	struct netdef nd;
	struct netdef_err e;
	const char *name;

	if (size < 1)
		return 0;
	name = names[data[0] % 4];
	if (netdef_init(&nd, name, strlen(name), &e))
		return 0;
	if (netdef_parse_buffer(&nd, (const char *)data + 1, size - 1, &e)) {
		assert(e.why != NULL);
		return 0;
	}
	assert(nd.mode != NETDEF_MODE_UNSET && nd.bridge[0]);
	assert(strlen(nd.bridge) < IFNAMSIZ && strlen(nd.uplink) < IFNAMSIZ);
	if (nd.mode == NETDEF_NAT_NETWORK || nd.mode == NETDEF_HOST_ONLY)
		assert(nd.has_addr &&
		       ntohl(nd.range_lo.s_addr) <= ntohl(nd.range_hi.s_addr));
	return 0;
}
