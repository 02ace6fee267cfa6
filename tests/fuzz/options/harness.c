// SPDX-License-Identifier: GPL-2.0-or-later
/* options/harness.c - libFuzzer harness of the option-string parser and
 * the -netdev/-hub/-object grammar (up to the point of opening sockets)
 *
 * The first byte picks the option; the rest is the option string. Inputs
 * that would open a socket, a file or take a descriptor are cut short so
 * the harness stays pure: it exercises parsing and every error path.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hub.h"
#include "loop.h"
#include "netdev.h"
#include "objects.h"
#include "optstring.h"
#include "port.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool risky(const char *s)
{
	/* keys that reach the network, the file system or descriptors; and
	 * the VDE types (vde: plugins, even cmd://; vdeswitch: directories) */
	static const char *const keys[] = { "listen", "connect", "mcast", "udp",
		"fd", "addr.type", "local.type", "remote.type", "file", "hubport",
		"vde" };

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (strstr(s, keys[i]))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct opts o;
	char *text;
	unsigned int which;

	if (!ready) {
		if (loop_init() < 0)
			abort();
		ready = true;
	}
	if (size < 1 || size > 4096)
		return 0;
	which = data[0] % 4;
	text = strndup((const char *)data + 1, size - 1);
	if (!text)
		return 0;
	if (strlen(text) != size - 1) {
		free(text);
		return 0;
	}
	if (opts_parse(&o, "-netdev", text, which == 1 ? "id" : which == 2 ? "qom-type" : "type") == 0) {
		unsigned int it = 0;
		uint64_t n;
		bool b;

		opts_get(&o, "id");
		opts_get_bool(&o, "server", false, &b);
		opts_get_uint(&o, "hub", 0, 65535, 0, &n);
		while (opts_get_next(&o, "hostfwd", &it))
			;
		if (!risky(text)) {
			if (which == 0)
				netdev_add(&o, data[0] & 4);
			else if (which == 1)
				object_hub(&o);
			else if (which == 2)
				object_add(&o);
		}
		opts_check_unused(&o);
		if (strnlen(o.err, sizeof(o.err)) >= sizeof(o.err))
			abort();
	}
	opts_free(&o);
	free(text);
	port_close_all();
	hub_free_all();
	return 0;
}
