// SPDX-License-Identifier: GPL-2.0-or-later
/* s4n_netcfg.c - slirp4netns' address options: --cidr, --macaddress,
 * --outbound-addr[6]
 */
#include <errno.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <ifaddrs.h>

#include "s4n_options.h"

/* digits() - length of the run of 1..max decimal digits at @s, or 0 */
static size_t digits(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && isdigit((unsigned char)s[n]))
		n++;
	if (isdigit((unsigned char)s[n]))
		return 0;	/* longer than max */
	return n;
}

/*
 * cidr_shape() - "D.D.D.D/P" with 1-3 digits per D and 1-2 in P, the only
 * form slirp4netns takes; sets the length of the address part
 */
static bool cidr_shape(const char *s, size_t *addr_len)
{
	size_t i = 0, n;
	int part;

	for (part = 0; part < 4; part++) {
		n = digits(s + i, 3);
		if (!n)
			return false;
		i += n;
		if (s[i] != (part < 3 ? '.' : '/'))
			return false;
		if (part == 3)
			*addr_len = i;
		i++;
	}
	n = digits(s + i, 2);
	return n && s[i + n] == '\0';
}

/* offset() - @base + @n, host order arithmetic */
static struct in_addr offset(struct in_addr base, uint32_t n)
{
	struct in_addr a = { .s_addr = htonl(ntohl(base.s_addr) + n) };

	return a;
}

/**
 * s4n_parse_cidr() - --cidr: a network address and prefix, 1..25
 * @cidr:	text, e.g. "10.0.2.0/24"
 * @net:	result, with the well-known addresses derived from it
 * @err:	slirp4netns' message on failure
 *
 * Return: 0, or -EINVAL ("invalid CIDR", "invalid network address",
 * "prefix length needs to be 1-25", or "CIDR needs to be a network address"
 * written to @err)
 */
int s4n_parse_cidr(const char *cidr, struct s4n_net *net, FILE *err)
{
	char addr[16];
	size_t len;
	unsigned long prefix;

	if (!cidr_shape(cidr, &len)) {
		fprintf(err, "invalid CIDR: %s\n", cidr);
		return -EINVAL;
	}
	memcpy(addr, cidr, len);
	addr[len] = '\0';
	if (inet_pton(AF_INET, addr, &net->network) != 1) {
		fprintf(err, "invalid network address: %s\n", addr);
		return -EINVAL;
	}
	prefix = strtoul(cidr + len + 1, NULL, 10);
	if (prefix < S4N_PREFIX_MIN || prefix > S4N_PREFIX_MAX) {
		fprintf(err, "prefix length needs to be %d-%d\n",
			S4N_PREFIX_MIN, S4N_PREFIX_MAX);
		return -EINVAL;
	}
	net->prefix = (unsigned int)prefix;
	net->netmask.s_addr = htonl(~((UINT32_C(1) << (32 - prefix)) - 1));
	if ((net->network.s_addr & net->netmask.s_addr) != net->network.s_addr) {
		fprintf(err, "CIDR needs to be a network address like 10.0.2.0/24, not like 10.0.2.100/24\n");
		return -EINVAL;
	}
	net->host = offset(net->network, S4N_OFFSET_HOST);
	net->dns = offset(net->network, S4N_OFFSET_DNS);
	net->dhcp_start = offset(net->network, S4N_OFFSET_DHCP);
	net->dhcp_end = offset(net->network, S4N_OFFSET_DHCP + S4N_DHCP_CLIENTS - 1);
	net->guest = offset(net->network, S4N_OFFSET_GUEST);
	return 0;
}

/* hex_byte() - one or two hex digits at @s; length read, or 0 */
static size_t hex_byte(const char *s, unsigned char *out)
{
	size_t n = 0;
	unsigned int v = 0;

	while (n < 2 && isxdigit((unsigned char)s[n])) {
		v = v * 16 + (unsigned int)(isdigit((unsigned char)s[n]) ?
			s[n] - '0' : tolower((unsigned char)s[n]) - 'a' + 10);
		n++;
	}
	*out = (unsigned char)v;
	return n;
}

/**
 * s4n_parse_mac() - --macaddress: six hex bytes separated by ':'
 * @text:	e.g. "0e:d4:18:d9:38:fb" (one or two digits per byte)
 * @mac:	result
 * @err:	slirp4netns' first message on failure
 *
 * Return: 0, or -EINVAL with "\"X\" is an invalid MAC address." (or "...
 * Is it too long?") written to @err
 */
int s4n_parse_mac(const char *text, unsigned char mac[6], FILE *err)
{
	const char *s = text;
	size_t n;
	int i;

	for (i = 0; i < 6; i++) {
		n = hex_byte(s, &mac[i]);
		if (!n)
			goto bad;
		s += n;
		if (i < 5) {
			if (*s != ':')
				goto bad;
			s++;
		}
	}
	if (*s == '\0')
		return 0;
	if (*s == ':') {
		fprintf(err, "\"%s\" is an invalid MAC address.  Is it too long?\n",
			text);
		return -EINVAL;
	}
bad:
	fprintf(err, "\"%s\" is an invalid MAC address.\n", text);
	return -EINVAL;
}

/**
 * s4n_outbound_resolve() - --outbound-addr[6]: an address, or an interface
 * @text:	address literal or interface name
 * @family:	AF_INET or AF_INET6
 * @ifa:	the host's interfaces (getifaddrs() list), may be NULL
 * @addr:	result: a struct in_addr or struct in6_addr
 *
 * An interface name stands for its first address of @family, as in
 * slirp4netns.
 *
 * Return: 0, or -ENOENT if @text is neither
 */
int s4n_outbound_resolve(const char *text, int family,
			 const struct ifaddrs *ifa, void *addr)
{
	if (inet_pton(family, text, addr) == 1)
		return 0;
	for (; ifa; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || !ifa->ifa_name ||
		    ifa->ifa_addr->sa_family != family ||
		    strcmp(ifa->ifa_name, text) != 0)
			continue;
		if (family == AF_INET)
			*(struct in_addr *)addr =
				((const struct sockaddr_in *)ifa->ifa_addr)->sin_addr;
		else
			*(struct in6_addr *)addr =
				((const struct sockaddr_in6 *)ifa->ifa_addr)->sin6_addr;
		return 0;
	}
	return -ENOENT;
}
