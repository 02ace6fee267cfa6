// SPDX-License-Identifier: GPL-2.0-or-later
/* spec.c - parsers of --net SPEC, --forward and --mac values
 *
 * Pure functions over one string: they fill a structure or write one
 * error message (without the option name, which the caller adds) and
 * return -EINVAL. Unit-tested in tests/run/test_spec.c.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

static const char *const kind_names[] = {
	[NET_NAT] = "nat",
	[NET_NONE] = "none",
	[NET_INTERNAL] = "internal",
	[NET_NETWORK] = "network",
	[NET_VDE] = "vde",
};

/**
 * spec_kind_name() - name of a kind of --net
 * @kind:	kind
 *
 * Return: "nat", "none", "internal", "network" or "vde"
 */
const char *spec_kind_name(enum net_kind kind)
{
	return kind_names[kind];
}

static bool name_char(char c, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return !first && (c == '-' || c == '_' || c == '.');
}

/**
 * spec_name_check() - check an internal-network or network name
 * @name:	the name
 * @err:	message buffer
 * @errlen:	its size
 *
 * A name is 1 to SPEC_NAME_MAX characters of ASCII letters, digits, '-',
 * '_' and '.', starting with a letter or digit: it becomes part of file
 * names, so it can never be "..", contain '/' or start with '-' or '.'.
 *
 * Return: 0, or -EINVAL with a message in @err
 */
int spec_name_check(const char *name, char *err, size_t errlen)
{
	size_t len = strlen(name);

	if (!len) {
		snprintf(err, errlen, "empty name");
		return -EINVAL;
	}
	if (len > SPEC_NAME_MAX) {
		snprintf(err, errlen, "name '%.40s...' longer than %d characters",
			 name, SPEC_NAME_MAX);
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		if (!name_char(name[i], i == 0)) {
			snprintf(err, errlen,
				 "name '%s': only letters, digits, '-', '_' and '.' (not first) are allowed",
				 name);
			return -EINVAL;
		}
	}
	return 0;
}

/* vde:URL: any printable URL libvdeplug may take, never an empty one */
static int vde_url_parse(const char *url, struct net_spec *out, char *err,
			 size_t errlen)
{
	size_t len = strlen(url);

	if (!len) {
		snprintf(err, errlen, "'vde' needs a VDE URL: vde:DIR or vde:vxvde://GROUP ...");
		return -EINVAL;
	}
	if (len > SPEC_URL_MAX) {
		snprintf(err, errlen, "VDE URL '%.40s...' longer than %d characters",
			 url, SPEC_URL_MAX);
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)url[i] <= ' ' || url[i] == 0x7f) {
			snprintf(err, errlen, "VDE URL '%s': no blanks or control characters", url);
			return -EINVAL;
		}
	}
	out->kind = NET_VDE;
	strcpy(out->url, url);
	return 0;
}

/**
 * spec_parse() - parse a --net SPEC
 * @s:		"nat", "none", "internal:NAME", "vde:URL" or a network
 *		definition NAME
 * @out:	result
 * @err:	message buffer
 * @errlen:	its size
 *
 * Return: 0, or -EINVAL with a message in @err
 */
int spec_parse(const char *s, struct net_spec *out, char *err, size_t errlen)
{
	const char *name = s;

	memset(out, 0, sizeof(*out));
	if (!strcmp(s, "nat")) {
		out->kind = NET_NAT;
		return 0;
	}
	if (!strcmp(s, "none")) {
		out->kind = NET_NONE;
		return 0;
	}
	if (!strcmp(s, "internal")) {
		snprintf(err, errlen, "'internal' needs a name: internal:NAME");
		return -EINVAL;
	}
	if (!strcmp(s, "vde") || !strncmp(s, "vde:", 4))
		return vde_url_parse(s + (s[3] ? 4 : 3), out, err, errlen);
	if (!strncmp(s, "internal:", 9)) {
		out->kind = NET_INTERNAL;
		name = s + 9;
	} else {
		out->kind = NET_NETWORK;
		if (strchr(s, ':')) {
			snprintf(err, errlen,
				 "'%s': expected nat, none, internal:NAME, vde:URL or a network name", s);
			return -EINVAL;
		}
	}
	if (spec_name_check(name, err, errlen) < 0)
		return -EINVAL;
	strcpy(out->name, name);
	return 0;
}

/* Parse a decimal port 1..65535 that is the whole of [s, end) */
static int port_parse(const char *s, const char *end, unsigned int *port)
{
	unsigned long v = 0;

	if (s == end || end - s > 5)
		return -EINVAL;
	for (const char *p = s; p < end; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v < 1 || v > 65535)
		return -EINVAL;
	*port = (unsigned int)v;
	return 0;
}

/* Split "[ADDR:]PORT" (host side) or "[ADDR]:PORT" (guest side) */
static int addr_port(const char *s, const char *end, bool need_colon,
		     char *addr, size_t addrlen, unsigned int *port)
{
	const char *colon = NULL;

	for (const char *p = s; p < end; p++)
		if (*p == ':')
			colon = p;
	if (!colon) {
		if (need_colon)
			return -EINVAL;
		addr[0] = '\0';
		return port_parse(s, end, port);
	}
	if ((size_t)(colon - s) >= addrlen)
		return -EINVAL;
	for (const char *p = s; p < colon; p++)
		if (!((*p >= '0' && *p <= '9') || *p == '.'))
			return -EINVAL;
	memcpy(addr, s, (size_t)(colon - s));
	addr[colon - s] = '\0';
	return port_parse(colon + 1, end, port);
}

/**
 * forward_parse() - parse a --forward value
 * @s:		PROTO:[HOSTADDR:]HOSTPORT-[GUESTADDR]:GUESTPORT, PROTO tcp or udp
 * @f:		result
 * @err:	message buffer
 * @errlen:	its size
 *
 * Addresses are dotted IPv4 (checked again by the emulator).
 *
 * Return: 0, or -EINVAL with a message in @err
 */
int forward_parse(const char *s, struct forward *f, char *err, size_t errlen)
{
	const char *rest, *dash, *end = s + strlen(s);

	memset(f, 0, sizeof(*f));
	if (!strncmp(s, "tcp:", 4)) {
		rest = s + 4;
	} else if (!strncmp(s, "udp:", 4)) {
		f->udp = true;
		rest = s + 4;
	} else {
		snprintf(err, errlen, "'%s': expected tcp: or udp: first", s);
		return -EINVAL;
	}
	dash = strchr(rest, '-');
	if (!dash || strchr(dash + 1, '-')) {
		snprintf(err, errlen, "'%s': expected PROTO:HOSTPORT-:GUESTPORT", s);
		return -EINVAL;
	}
	if (addr_port(rest, dash, false, f->host_addr, sizeof(f->host_addr),
		      &f->host_port) < 0) {
		snprintf(err, errlen, "'%s': bad host side (expected [ADDR:]PORT, port 1-65535)", s);
		return -EINVAL;
	}
	if (addr_port(dash + 1, end, true, f->guest_addr, sizeof(f->guest_addr),
		      &f->guest_port) < 0) {
		snprintf(err, errlen, "'%s': bad guest side (expected [ADDR]:PORT, port 1-65535)", s);
		return -EINVAL;
	}
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/**
 * mac_parse() - parse a --mac value
 * @s:		XX:XX:XX:XX:XX:XX, a unicast address other than all zeros
 * @mac:	result
 * @err:	message buffer
 * @errlen:	its size
 *
 * Return: 0, or -EINVAL with a message in @err
 */
int mac_parse(const char *s, uint8_t mac[6], char *err, size_t errlen)
{
	unsigned int any = 0;

	if (strlen(s) != 17)
		goto bad;
	for (int i = 0; i < 6; i++) {
		int hi = hexval(s[i * 3]), lo = hexval(s[i * 3 + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[i * 3 + 2] != ':'))
			goto bad;
		mac[i] = (uint8_t)(hi << 4 | lo);
		any |= mac[i];
	}
	if (mac[0] & 1) {
		snprintf(err, errlen, "'%s' is a multicast address", s);
		return -EINVAL;
	}
	if (!any) {
		snprintf(err, errlen, "'%s' is all zeros", s);
		return -EINVAL;
	}
	return 0;
bad:
	snprintf(err, errlen, "'%s': expected XX:XX:XX:XX:XX:XX", s);
	return -EINVAL;
}
