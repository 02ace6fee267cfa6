// SPDX-License-Identifier: GPL-2.0-or-later
/* api/harness.c - libFuzzer harness of slirp4netns' API protocol
 * (slirp4netns/s4n_api.c) against a fake NAT
 *
 * The input is a sequence of requests separated by a 0xff byte, all given
 * to one API state, so adds, lists and removes interact. Each is also fed
 * to s4n_api_framing() byte by byte, as a slow client would send it.
 * Every reply must be one line of JSON.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "s4n_api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fake_add(void *opaque, bool udp, struct in_addr host,
		    uint16_t host_port, struct in_addr guest, uint16_t guest_port)
{
	(void)opaque; (void)udp; (void)host; (void)guest; (void)guest_port;
	return host_port % 7 == 0 ? -98 : 0;	/* some ports are "taken" */
}

static int fake_remove(void *opaque, bool udp, struct in_addr host,
		       uint16_t host_port)
{
	(void)opaque; (void)udp; (void)host;
	return host_port % 11 == 0 ? -5 : 0;
}

static const struct s4n_nat_ops ops = { fake_add, fake_remove };

static void check_framing(const char *req, size_t len)
{
	size_t i;

	for (i = 0; i <= len && i < 512; i++)
		if (s4n_api_framing(req, i, false) == S4N_API_COMPLETE)
			break;
	if (s4n_api_framing(req, len, true) != S4N_API_COMPLETE)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *sep;
	struct in_addr guest = { .s_addr = htonl(0x0a000264) };
	struct s4n_api api;
	char *reply;

	s4n_api_init(&api, &ops, NULL, guest);
	while (p <= end) {
		sep = memchr(p, 0xff, (size_t)(end - p));
		if (!sep)
			sep = end;
		check_framing(p, (size_t)(sep - p));
		reply = s4n_api_handle(&api, p, (size_t)(sep - p));
		if (reply && (reply[0] != '{' || strchr(reply, '\n') ||
			      (!strstr(reply, "\"return\"") && !strstr(reply, "\"error\""))))
			abort();
		free(reply);
		p = sep + 1;
	}
	s4n_api_fini(&api);
	return 0;
}
