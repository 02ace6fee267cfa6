// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * netdef.c - network definitions: a pure parser over one line or a buffer
 *
 * A definition is NAME.conf, one "key = value" per line; '#' at the start
 * of a line or after whitespace begins a comment. Keys: mode, bridge,
 * address, dhcp-range, uplink, ipv6 (each at most once), users, groups
 * (lists of names or ids, separated by commas or whitespace; may repeat),
 * open (a list of PROTO:PORT host services opened to the guests of a
 * nat-network, separated the same way; may repeat).
 * netdef_finish() checks the keys against each other and the mode and
 * fills defaults (the DHCP range: the upper half of the subnet). Every
 * error names the line (0: the file as a whole) and the key. Nothing here
 * does I/O or allocates, so it is unit-tested and fuzzed as is.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ifname.h"
#include "netdef.h"

enum netdef_key {
	KEY_MODE, KEY_BRIDGE, KEY_ADDRESS, KEY_DHCP_RANGE, KEY_UPLINK,
	KEY_IPV6, KEY_USERS, KEY_GROUPS, KEY_OPEN, KEY_COUNT
};

static const char *const key_names[KEY_COUNT] = {
	[KEY_MODE] = "mode", [KEY_BRIDGE] = "bridge",
	[KEY_ADDRESS] = "address", [KEY_DHCP_RANGE] = "dhcp-range",
	[KEY_UPLINK] = "uplink", [KEY_IPV6] = "ipv6",
	[KEY_USERS] = "users", [KEY_GROUPS] = "groups", [KEY_OPEN] = "open",
};

static const char *const mode_names[] = {
	[NETDEF_MODE_UNSET] = "unset",
	[NETDEF_NAT_NETWORK] = "nat-network",
	[NETDEF_BRIDGED] = "bridged",
	[NETDEF_INTERNAL] = "internal",
	[NETDEF_HOST_ONLY] = "host-only",
};

/* Fail with @why about @key (a string of @klen bytes) */
static int fail(struct netdef_err *e, const char *key, size_t klen,
		const char *why)
{
	size_t i;

	if (klen >= sizeof(e->key))
		klen = sizeof(e->key) - 1;
	for (i = 0; i < klen; i++)
		e->key[i] = (key[i] > 0x20 && key[i] < 0x7f) ? key[i] : '?';
	e->key[klen] = '\0';
	e->why = why;
	return -EINVAL;
}

static int fail_key(struct netdef_err *e, enum netdef_key k, const char *why)
{
	return fail(e, key_names[k], strlen(key_names[k]), why);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Trim spaces and tabs at both ends of [*s, *s + *len) */
static void trim(const char **s, size_t *len)
{
	while (*len && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
}

/**
 * netdef_name_check() - check a network name
 * @name:	the name, need not be NUL-terminated
 * @len:	its length
 * @why:	set to a static reason on failure
 *
 * A name is 1 to 32 bytes: an ASCII letter, then letters, digits, '_' or
 * '-' (it becomes part of nft chain and file names).
 *
 * Return: 0 if valid, -ENAMETOOLONG if too long, -EINVAL otherwise
 */
int netdef_name_check(const char *name, size_t len, const char **why)
{
	size_t i;

	if (len == 0) {
		*why = "empty network name";
		return -EINVAL;
	}
	if (len >= NETDEF_NAME_MAX) {
		*why = "network name longer than 32 characters";
		return -ENAMETOOLONG;
	}
	for (i = 0; i < len; i++) {
		char c = name[i];
		bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		bool other = (c >= '0' && c <= '9') || c == '_' || c == '-';

		if (!letter && (i == 0 || !other)) {
			*why = "network name must be a letter, then letters, digits, '_' or '-'";
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * netdef_init() - start an empty definition for network @name
 * @nd:		definition to fill
 * @name:	network name (need not be NUL-terminated)
 * @len:	length of @name
 * @e:		error details on failure
 *
 * Return: 0, or -EINVAL/-ENAMETOOLONG for a bad name
 */
int netdef_init(struct netdef *nd, const char *name, size_t len,
		struct netdef_err *e)
{
	const char *why;
	int ret;

	memset(nd, 0, sizeof(*nd));
	memset(e, 0, sizeof(*e));
	ret = netdef_name_check(name, len, &why);
	if (ret) {
		fail(e, "", 0, why);
		return ret;
	}
	memcpy(nd->name, name, len);
	nd->name[len] = '\0';
	return 0;
}

/* Copy [v, v + n) to a NUL-terminated @out of @size bytes */
static bool copy_str(char *out, size_t size, const char *v, size_t n)
{
	if (n >= size)
		return false;
	memcpy(out, v, n);
	out[n] = '\0';
	return true;
}

static int parse_mode(struct netdef *nd, const char *v, size_t n,
		      struct netdef_err *e)
{
	unsigned int m;

	for (m = NETDEF_NAT_NETWORK; m <= NETDEF_HOST_ONLY; m++) {
		if (strlen(mode_names[m]) == n && !memcmp(mode_names[m], v, n)) {
			nd->mode = (enum netdef_mode)m;
			return 0;
		}
	}
	return fail_key(e, KEY_MODE,
			"must be nat-network, bridged, internal or host-only");
}

static int parse_ifname(char *out, enum netdef_key k, const char *v,
			size_t n, struct netdef_err *e)
{
	const char *why = NULL;

	if (ifname_check(v, n, &why))
		return fail_key(e, k, why);
	memcpy(out, v, n);
	out[n] = '\0';
	return 0;
}

/* Parse a dotted-quad IPv4 address of @n bytes */
static bool parse_ip4(const char *v, size_t n, struct in_addr *a)
{
	char buf[INET_ADDRSTRLEN];

	return copy_str(buf, sizeof(buf), v, n) &&
	       inet_pton(AF_INET, buf, a) == 1;
}

/* Parse a decimal number of @n bytes in [lo, hi] */
static bool parse_uint(const char *v, size_t n, unsigned int lo,
		       unsigned int hi, unsigned int *out)
{
	unsigned int x = 0;
	size_t i;

	if (n == 0 || n > 3 || (n > 1 && v[0] == '0'))
		return false;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return false;
		x = x * 10 + (unsigned int)(v[i] - '0');
	}
	if (x < lo || x > hi)
		return false;
	*out = x;
	return true;
}

static int parse_address(struct netdef *nd, const char *v, size_t n,
			 struct netdef_err *e)
{
	const char *slash = memchr(v, '/', n);
	size_t alen;

	if (!slash)
		return fail_key(e, KEY_ADDRESS, "must be A.B.C.D/LEN");
	alen = (size_t)(slash - v);
	if (!parse_ip4(v, alen, &nd->addr))
		return fail_key(e, KEY_ADDRESS, "not an IPv4 address");
	if (!parse_uint(slash + 1, n - alen - 1, 8, 30, &nd->prefix))
		return fail_key(e, KEY_ADDRESS,
				"prefix length must be 8 to 30");
	nd->has_addr = true;
	return 0;
}

static int parse_range(struct netdef *nd, const char *v, size_t n,
		       struct netdef_err *e)
{
	const char *dash = memchr(v, '-', n);
	size_t alen;

	if (!dash)
		return fail_key(e, KEY_DHCP_RANGE, "must be FIRST-LAST");
	alen = (size_t)(dash - v);
	if (!parse_ip4(v, alen, &nd->range_lo) ||
	    !parse_ip4(dash + 1, n - alen - 1, &nd->range_hi))
		return fail_key(e, KEY_DHCP_RANGE,
				"FIRST and LAST must be IPv4 addresses");
	nd->has_range = true;
	return 0;
}

static int parse_ipv6(struct netdef *nd, const char *v, size_t n,
		      struct netdef_err *e)
{
	const char *slash = memchr(v, '/', n);
	char buf[INET6_ADDRSTRLEN];
	unsigned int len, i;

	if (!slash || !copy_str(buf, sizeof(buf), v, (size_t)(slash - v)) ||
	    inet_pton(AF_INET6, buf, &nd->ipv6) != 1)
		return fail_key(e, KEY_IPV6, "must be an IPv6 PREFIX/64");
	if (!parse_uint(slash + 1, n - (size_t)(slash - v) - 1, 0, 128, &len) ||
	    len != 64)
		return fail_key(e, KEY_IPV6, "prefix length must be 64");
	for (i = 8; i < 16; i++)
		if (nd->ipv6.s6_addr[i])
			return fail_key(e, KEY_IPV6,
					"host part of the prefix must be zero");
	if (nd->ipv6.s6_addr[0] == 0xff ||
	    (nd->ipv6.s6_addr[0] == 0xfe && (nd->ipv6.s6_addr[1] & 0xc0) == 0x80) ||
	    IN6_IS_ADDR_UNSPECIFIED(&nd->ipv6))
		return fail_key(e, KEY_IPV6,
				"must not be multicast, link-local or ::");
	nd->has_ipv6 = true;
	return 0;
}

static bool who_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/* users = / groups =: names or ids separated by commas or whitespace */
static int parse_who(char list[][NETDEF_WHO_MAX], size_t *count,
		     enum netdef_key k, const char *v, size_t n,
		     struct netdef_err *e)
{
	size_t i = 0, start;

	while (i < n) {
		if (v[i] == ',' || is_space(v[i])) {
			i++;
			continue;
		}
		start = i;
		while (i < n && v[i] != ',' && !is_space(v[i])) {
			if (!who_char(v[i]))
				return fail_key(e, k,
						"names are letters, digits, '_', '-' or '.'");
			i++;
		}
		if (v[start] == '-')
			return fail_key(e, k, "a name must not start with '-'");
		if (*count == NETDEF_WHO_COUNT)
			return fail_key(e, k, "more than 32 entries");
		if (!copy_str(list[*count], NETDEF_WHO_MAX, v + start, i - start))
			return fail_key(e, k, "name longer than 32 characters");
		(*count)++;
	}
	return 0;
}

/* A port number of @n bytes: 1-65535, decimal, no leading zero */
static bool parse_port(const char *v, size_t n, unsigned short *out)
{
	unsigned int x = 0;
	size_t i;

	if (n == 0 || n > 5 || v[0] == '0')
		return false;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return false;
		x = x * 10 + (unsigned int)(v[i] - '0');
	}
	if (x > 65535)
		return false;
	*out = (unsigned short)x;
	return true;
}

/* open =: PROTO:PORT entries (tcp or udp) separated by commas or spaces */
static int parse_open(struct netdef *nd, const char *v, size_t n,
		      struct netdef_err *e)
{
	size_t i = 0, start, j;
	struct netdef_port p;

	while (i < n) {
		if (v[i] == ',' || is_space(v[i])) {
			i++;
			continue;
		}
		start = i;
		while (i < n && v[i] != ',' && !is_space(v[i]))
			i++;
		if (i - start > 4 && !memcmp(v + start, "tcp:", 4))
			p.proto = IPPROTO_TCP;
		else if (i - start > 4 && !memcmp(v + start, "udp:", 4))
			p.proto = IPPROTO_UDP;
		else
			return fail_key(e, KEY_OPEN,
					"entries must be tcp:PORT or udp:PORT");
		if (!parse_port(v + start + 4, i - start - 4, &p.port))
			return fail_key(e, KEY_OPEN,
					"port must be a number from 1 to 65535");
		for (j = 0; j < nd->nopen; j++)
			if (nd->open[j].proto == p.proto &&
			    nd->open[j].port == p.port)
				return fail_key(e, KEY_OPEN, "port listed twice");
		if (nd->nopen == NETDEF_OPEN_MAX)
			return fail_key(e, KEY_OPEN, "more than 32 entries");
		nd->open[nd->nopen++] = p;
	}
	return 0;
}

static int set_key(struct netdef *nd, enum netdef_key k, const char *v,
		   size_t n, struct netdef_err *e)
{
	switch (k) {
	case KEY_MODE:		return parse_mode(nd, v, n, e);
	case KEY_BRIDGE:	return parse_ifname(nd->bridge, k, v, n, e);
	case KEY_UPLINK:	return parse_ifname(nd->uplink, k, v, n, e);
	case KEY_ADDRESS:	return parse_address(nd, v, n, e);
	case KEY_DHCP_RANGE:	return parse_range(nd, v, n, e);
	case KEY_IPV6:		return parse_ipv6(nd, v, n, e);
	case KEY_USERS:
		return parse_who(nd->users, &nd->nusers, k, v, n, e);
	case KEY_GROUPS:
		return parse_who(nd->groups, &nd->ngroups, k, v, n, e);
	case KEY_OPEN:		return parse_open(nd, v, n, e);
	default:
		return fail_key(e, k, "unknown key");
	}
}

/* Cut a comment: '#' at the start or after a space or tab */
static size_t strip_comment(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '#' && (i == 0 || is_space(s[i - 1])))
			return i;
	return len;
}

/**
 * netdef_parse_line() - parse one line into @nd
 * @nd:		definition being read (from netdef_init())
 * @s:		the line, without its newline; need not be NUL-terminated
 * @len:	its length
 * @e:		error details on failure (@e->line is left to the caller)
 *
 * Return: 0 for a good line (including a blank or comment line), -E2BIG
 * for a line over NETDEF_LINE_MAX bytes, -EINVAL for anything else wrong
 */
int netdef_parse_line(struct netdef *nd, const char *s, size_t len,
		      struct netdef_err *e)
{
	const char *eq, *k = s, *v;
	size_t i, klen, vlen;
	unsigned int key;

	if (len > NETDEF_LINE_MAX) {
		fail(e, "", 0, "line longer than 4096 bytes");
		return -E2BIG;
	}
	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f)
			return fail(e, "", 0, "control character or NUL");
	len = strip_comment(s, len);
	trim(&k, &len);
	if (!len)
		return 0;
	eq = memchr(k, '=', len);
	if (!eq)
		return fail(e, "", 0, "expected key = value");
	klen = (size_t)(eq - k);
	v = eq + 1;
	vlen = len - klen - 1;
	trim(&k, &klen);
	trim(&v, &vlen);
	if (!klen)
		return fail(e, "", 0, "missing key before '='");
	for (key = 0; key < KEY_COUNT; key++)
		if (strlen(key_names[key]) == klen &&
		    !memcmp(key_names[key], k, klen))
			break;
	if (key == KEY_COUNT)
		return fail(e, k, klen, "unknown key");
	if (!vlen)
		return fail(e, k, klen, "missing value");
	if ((nd->seen & (1u << key)) && key != KEY_USERS &&
	    key != KEY_GROUPS && key != KEY_OPEN)
		return fail(e, k, klen, "given twice");
	nd->seen |= 1u << key;
	return set_key(nd, (enum netdef_key)key, v, vlen, e);
}

static uint32_t host_mask(unsigned int prefix)
{
	return prefix >= 32 ? 0 : 0xffffffffu >> prefix;
}

/**
 * netdef_subnet() - network and broadcast addresses of @nd's address
 * @nd:		definition with @has_addr
 * @net:	set to the network address
 * @bcast:	set to the broadcast address
 */
void netdef_subnet(const struct netdef *nd, struct in_addr *net,
		   struct in_addr *bcast)
{
	uint32_t a = ntohl(nd->addr.s_addr), m = host_mask(nd->prefix);

	net->s_addr = htonl(a & ~m);
	bcast->s_addr = htonl(a | m);
}

/* Is @x a usable host address of the subnet [net, bcast]? */
static bool in_hosts(uint32_t x, uint32_t net, uint32_t bcast)
{
	return x > net && x < bcast;
}

static int check_addresses(struct netdef *nd, struct netdef_err *e)
{
	struct in_addr n, b;
	uint32_t a = ntohl(nd->addr.s_addr), net, bc, lo, hi;

	netdef_subnet(nd, &n, &b);
	net = ntohl(n.s_addr);
	bc = ntohl(b.s_addr);
	if (!in_hosts(a, net, bc))
		return fail_key(e, KEY_ADDRESS,
				"is the subnet's network or broadcast address");
	if (nd->mode == NETDEF_BRIDGED || nd->mode == NETDEF_INTERNAL)
		return 0;
	if (!nd->has_range) {
		lo = net + (bc - net + 1) / 2;
		hi = bc - 1;
		if (a >= lo && a <= hi)
			return fail_key(e, KEY_ADDRESS,
					"lies in the default DHCP range (upper half of the subnet): set dhcp-range");
		nd->range_lo.s_addr = htonl(lo);
		nd->range_hi.s_addr = htonl(hi);
		return 0;
	}
	lo = ntohl(nd->range_lo.s_addr);
	hi = ntohl(nd->range_hi.s_addr);
	if (!in_hosts(lo, net, bc) || !in_hosts(hi, net, bc))
		return fail_key(e, KEY_DHCP_RANGE,
				"outside the subnet's host addresses");
	if (lo > hi)
		return fail_key(e, KEY_DHCP_RANGE, "FIRST is after LAST");
	if (a >= lo && a <= hi)
		return fail_key(e, KEY_DHCP_RANGE,
				"contains the bridge's own address");
	return 0;
}

/* Which keys each mode requires and forbids */
static int check_mode_keys(const struct netdef *nd, struct netdef_err *e)
{
	bool dhcp = nd->mode == NETDEF_NAT_NETWORK ||
		    nd->mode == NETDEF_HOST_ONLY;

	if (dhcp && !nd->has_addr)
		return fail_key(e, KEY_ADDRESS, "missing (needed by this mode)");
	if (nd->mode == NETDEF_BRIDGED && !nd->uplink[0])
		return fail_key(e, KEY_UPLINK, "missing (needed by bridged)");
	if (nd->mode == NETDEF_INTERNAL && nd->has_addr)
		return fail_key(e, KEY_ADDRESS,
				"not allowed: internal gives the host no address");
	if ((nd->mode == NETDEF_INTERNAL || nd->mode == NETDEF_HOST_ONLY) &&
	    nd->uplink[0])
		return fail_key(e, KEY_UPLINK, "not allowed in this mode");
	if (!dhcp && nd->has_range)
		return fail_key(e, KEY_DHCP_RANGE, "not allowed in this mode");
	if (!dhcp && nd->has_ipv6)
		return fail_key(e, KEY_IPV6, "not allowed in this mode");
	if (nd->mode != NETDEF_NAT_NETWORK && nd->nopen)
		return fail_key(e, KEY_OPEN,
				nd->mode == NETDEF_HOST_ONLY ?
				"not allowed in host-only (every host service is open to its guests)" :
				"not allowed in this mode (only nat-network filters host services)");
	if (nd->uplink[0] && !strcmp(nd->uplink, nd->bridge))
		return fail_key(e, KEY_UPLINK, "is the bridge itself");
	return 0;
}

/**
 * netdef_finish() - check a whole definition and fill its defaults
 * @nd:		definition after its last line
 * @e:		error details on failure (@e->line is set to 0)
 *
 * Return: 0, or -EINVAL with @e naming the key
 */
int netdef_finish(struct netdef *nd, struct netdef_err *e)
{
	int ret;

	e->line = 0;
	if (nd->mode == NETDEF_MODE_UNSET)
		return fail_key(e, KEY_MODE, "missing");
	if (!nd->bridge[0])
		return fail_key(e, KEY_BRIDGE, "missing");
	ret = check_mode_keys(nd, e);
	if (!ret && nd->has_addr)
		ret = check_addresses(nd, e);
	return ret;
}

/**
 * netdef_parse_buffer() - parse a whole file's contents and finish it
 * @nd:		definition from netdef_init()
 * @buf:	file contents (need not be NUL-terminated)
 * @len:	length of @buf
 * @e:		error details on failure, with the 1-based line number
 *
 * Return: 0, -EFBIG for more than NETDEF_FILE_MAX bytes, or the error of
 * netdef_parse_line() or netdef_finish()
 */
int netdef_parse_buffer(struct netdef *nd, const char *buf, size_t len,
			struct netdef_err *e)
{
	const char *p = buf, *end = buf + len, *nl;
	unsigned int lineno = 0;
	int ret;

	if (len > NETDEF_FILE_MAX) {
		e->line = 0;
		fail(e, "", 0, "file larger than 64 KiB");
		return -EFBIG;
	}
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		e->line = ++lineno;
		ret = netdef_parse_line(nd, p, (size_t)(nl - p), e);
		if (ret)
			return ret;
		p = nl + 1;
	}
	return netdef_finish(nd, e);
}

/**
 * netdef_format_err() - one line "FILE:LINE: KEY: WHY" for an error
 * @e:		the error
 * @file:	file name to show
 * @out:	buffer for the line
 * @len:	size of @out
 *
 * Return: the snprintf() result
 */
int netdef_format_err(const struct netdef_err *e, const char *file,
		      char *out, size_t len)
{
	char where[16] = "";

	if (e->line)
		snprintf(where, sizeof(where), ":%u", e->line);
	return snprintf(out, len, "%s%s: %s%s%s", file, where, e->key,
			e->key[0] ? ": " : "", e->why ? e->why : "error");
}

/**
 * netdef_mode_name() - the definition file's spelling of @mode
 * @mode:	a mode
 *
 * Return: a static string ("unset" for NETDEF_MODE_UNSET)
 */
const char *netdef_mode_name(enum netdef_mode mode)
{
	if ((unsigned int)mode > NETDEF_HOST_ONLY)
		return "unknown";
	return mode_names[mode];
}
