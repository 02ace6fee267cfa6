// SPDX-License-Identifier: GPL-2.0-or-later
/* redir.c - old QEMU's -redir rule, for guestnet-emu and guestnet run
 *
 * QEMU before 3.1 took `-redir [tcp|udp]:HOSTPORT:[GUESTADDR]:GUESTPORT`
 * and handed it to slirp_hostfwd() in its legacy format: an empty
 * protocol is tcp, the host side binds every address, ports are read by
 * strtol() base 0 (decimal, 0x hex or 0 octal). Both programs that take
 * -redir read it here and turn it into the hostfwd= rule of today's
 * -netdev user. A pure function of the text, fuzzed with guestnet run's
 * option translation (tests/fuzz/qnet).
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redir.h"

/* A port: decimal, octal or hex as strtol base 0, 1..65535 */
static int redir_port(const char *s, const char *end, unsigned int *port)
{
	char buf[16], *e;
	long v;

	if (end - s <= 0 || end - s >= (long)sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, (size_t)(end - s));
	buf[end - s] = '\0';
	if (buf[0] < '0' || buf[0] > '9')
		return -EINVAL;
	v = strtol(buf, &e, 0);
	if (*e || v < 1 || v > 65535)
		return -EINVAL;
	*port = (unsigned int)v;
	return 0;
}

/* A dotted IPv4 address, or empty */
static bool redir_ipv4_ok(const char *s, const char *end)
{
	unsigned int dots = 0, digits = 0, val = 0;

	for (const char *p = s; p < end; p++) {
		if (*p == '.' && digits) {
			dots++;
			digits = val = 0;
		} else if (*p >= '0' && *p <= '9' && digits < 3) {
			val = val * 10 + (unsigned int)(*p - '0');
			digits++;
			if (val > 255)
				return false;
		} else {
			return false;
		}
	}
	return s == end || (dots == 3 && digits);
}

/**
 * redir_parse() - read a -redir rule
 * @s:		"[tcp|udp]:HOSTPORT:[GUESTADDR]:GUESTPORT"
 * @r:		result
 *
 * Return: 0, or -EINVAL (the message to print is REDIR_SYNTAX)
 */
int redir_parse(const char *s, struct redir *r)
{
	const char *c[3], *p = s;

	for (int i = 0; i < 3; i++) {
		c[i] = strchr(p, ':');
		if (!c[i])
			return -EINVAL;
		p = c[i] + 1;
	}
	memset(r, 0, sizeof(*r));
	if (c[0] - s == 3 && !strncmp(s, "udp", 3))
		r->udp = true;
	else if (c[0] != s && !(c[0] - s == 3 && !strncmp(s, "tcp", 3)))
		return -EINVAL;
	if (redir_port(c[0] + 1, c[1], &r->host_port) < 0 ||
	    !redir_ipv4_ok(c[1] + 1, c[2]) ||
	    redir_port(c[2] + 1, s + strlen(s), &r->guest_port) < 0)
		return -EINVAL;
	memcpy(r->guest_addr, c[1] + 1, (size_t)(c[2] - c[1] - 1));
	return 0;
}

/**
 * redir_hostfwd() - the rule as -netdev user's hostfwd= value
 * @r:		the rule
 * @buf:	"tcp::HOSTPORT-[GUESTADDR]:GUESTPORT"
 * @len:	its size (REDIR_HOSTFWD_MAX is enough)
 *
 * Return: 0, or -ENOSPC if @buf is too small
 */
int redir_hostfwd(const struct redir *r, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s::%u-%s:%u", r->udp ? "udp" : "tcp",
			 r->host_port, r->guest_addr, r->guest_port);

	return n < 0 || (size_t)n >= len ? -ENOSPC : 0;
}
