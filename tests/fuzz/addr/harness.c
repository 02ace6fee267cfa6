// SPDX-License-Identifier: GPL-2.0-or-later
/* addr/harness.c - libFuzzer harness of the address parsers
 *
 * What outside input turns into addresses, beyond the option grammar that
 * tests/fuzz/options covers (which stops short of these keys): the
 * hostfwd rules of -netdev user and the control socket's hostfwd-add
 * (user_parse_hostfwd(), NAT builds), HOST:PORT of listen=/connect=/...
 * (addr_hostport(), numeric inputs only: a name would be a DNS lookup),
 * unix socket paths (addr_unix()) and descriptor numbers (addr_parse_fd()).
 * The first byte picks the parser; the rest is its string.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sockaddr.h"
#ifdef GUESTNET_NAT
#include "port_user.h"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Digits, dots, colons and brackets only: getaddrinfo() does no lookup */
static bool numeric(const char *s)
{
	return strspn(s, "0123456789.:[]") == strlen(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	struct gn_addr a;
	char *text;
	int fd;

	if (size < 1 || size > 1024)
		return 0;
	text = strndup((const char *)data + 1, size - 1);
	if (!text)
		return 0;
	switch (data[0] % 5) {
	case 0: {
#ifdef GUESTNET_NAT
		struct user_hostfwd fw;

		if (user_parse_hostfwd(text, &fw) == 0 &&
		    (!memchr(fw.host_addr, 0, sizeof(fw.host_addr)) ||
		     !memchr(fw.guest_addr, 0, sizeof(fw.guest_addr))))
			abort();
#endif
		break;
	}
	case 1:
	case 2:
		if (numeric(text) && addr_hostport(text, data[0] & 1, &a, &why) == 0 &&
		    a.len > sizeof(a.u))
			abort();
		break;
	case 3:
		if (addr_unix(text, data[0] & 8, &a, &why) == 0 && a.len > sizeof(a.u))
			abort();
		break;
	case 4:
		if (addr_parse_fd(text, &fd, &why) == 0 && fd < 0)
			abort();
		break;
	}
	free(text);
	return 0;
}
