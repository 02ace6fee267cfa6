// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_netdef.c - unit tests of the network definition parser: each mode,
 * defaults, and every error path with its line and key
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "netdef.h"
#include "util.h"

static int parse(const char *text, struct netdef *nd, struct netdef_err *e)
{
	int ret = netdef_init(nd, "net1", 4, e);

	if (ret)
		return ret;
	return netdef_parse_buffer(nd, text, strlen(text), e);
}

static const char *ip4(struct in_addr a)
{
	static char buf[4][INET_ADDRSTRLEN];
	static int i;

	i = (i + 1) % 4;
	return inet_ntop(AF_INET, &a, buf[i], sizeof(buf[i]));
}

static void test_nat_network(void **state)
{
	struct netdef nd;
	struct netdef_err e;

	(void)state;
	assert_int_equal(parse("# a comment\n\nmode = nat-network\n"
			       "bridge=gnbr0   # trailing comment\n"
			       "\taddress = 10.98.0.1/24\n"
			       "users = alice, bob\nusers=carol\ngroups = kvm 1000\n",
			       &nd, &e), 0);
	assert_int_equal(nd.mode, NETDEF_NAT_NETWORK);
	assert_string_equal(nd.bridge, "gnbr0");
	assert_string_equal(ip4(nd.addr), "10.98.0.1");
	assert_int_equal(nd.prefix, 24);
	assert_string_equal(ip4(nd.range_lo), "10.98.0.128");
	assert_string_equal(ip4(nd.range_hi), "10.98.0.254");
	assert_int_equal(nd.nusers, 3);
	assert_string_equal(nd.users[2], "carol");
	assert_int_equal(nd.ngroups, 2);
	assert_string_equal(nd.groups[1], "1000");
	assert_string_equal(netdef_mode_name(nd.mode), "nat-network");
	assert_int_equal(nd.nopen, 0);
}

static void test_open(void **state)
{
	struct netdef nd;
	struct netdef_err e;

	(void)state;
	assert_int_equal(parse("mode = nat-network\nbridge = b\naddress = 10.98.0.1/24\n"
			       "open = tcp:8080, udp:5353\nopen=tcp:1\ttcp:65535,,udp:8080\n",
			       &nd, &e), 0);
	assert_int_equal(nd.nopen, 5);
	assert_int_equal(nd.open[0].proto, IPPROTO_TCP);
	assert_int_equal(nd.open[0].port, 8080);
	assert_int_equal(nd.open[1].proto, IPPROTO_UDP);
	assert_int_equal(nd.open[1].port, 5353);
	assert_int_equal(nd.open[3].port, 65535);
	assert_int_equal(nd.open[4].proto, IPPROTO_UDP);
	assert_int_equal(nd.open[4].port, 8080);
}

static void test_other_modes(void **state)
{
	struct netdef nd;
	struct netdef_err e;

	(void)state;
	assert_int_equal(parse("mode = host-only\nbridge = b\naddress = 192.168.5.1/28\n"
			       "dhcp-range = 192.168.5.2-192.168.5.14\nipv6 = fd00:1::/64\n",
			       &nd, &e), 0);
	assert_string_equal(ip4(nd.range_lo), "192.168.5.2");
	assert_true(nd.has_ipv6);
	assert_int_equal(parse("mode = internal\nbridge = b\n", &nd, &e), 0);
	assert_int_equal(parse("mode = bridged\nbridge = b\nuplink = eth0\n", &nd, &e), 0);
	assert_string_equal(nd.uplink, "eth0");
	assert_int_equal(parse("mode = bridged\nbridge = b\nuplink = eth0\naddress = 10.0.0.5/8\n",
			       &nd, &e), 0);
	assert_int_equal(parse("mode = nat-network\nbridge = b\nuplink = eth1\naddress = 10.0.0.1/30\n",
			       &nd, &e), 0);
	assert_string_equal(ip4(nd.range_lo), "10.0.0.2");
	assert_string_equal(ip4(nd.range_hi), "10.0.0.2");
}

struct bad {
	const char *text;
	int ret;
	unsigned int line;
	const char *key;
	const char *why;	/* substring */
};

static const struct bad bad_cases[] = {
	{ "mode\n", -EINVAL, 1, "", "expected key = value" },
	{ " = x\n", -EINVAL, 1, "", "missing key" },
	{ "colour = red\n", -EINVAL, 1, "colour", "unknown key" },
	{ "mode =\n", -EINVAL, 1, "mode", "missing value" },
	{ "mode = nat\n", -EINVAL, 1, "mode", "must be nat-network" },
	{ "mode = internal\nmode = internal\n", -EINVAL, 2, "mode", "given twice" },
	{ "bridge = 0123456789abcdef\n", -EINVAL, 1, "bridge", "too long" },
	{ "bridge = a/b\n", -EINVAL, 1, "bridge", "'/'" },
	{ "bridge = a\x01\n", -EINVAL, 1, "", "control character" },
	{ "bridge = a#b\n", -EINVAL, 1, "bridge", "character other than" },	/* # in a word: no comment */
	{ "bridge = a\"b\n", -EINVAL, 1, "bridge", "character other than" },	/* would end an nft string */
	{ "uplink = eth*\n", -EINVAL, 1, "uplink", "character other than" },	/* an nft wildcard */
	{ "uplink = a\\b\n", -EINVAL, 1, "uplink", "character other than" },
	{ "uplink = ..\n", -EINVAL, 1, "uplink", ". or .." },
	{ "address = 10.0.0.1\n", -EINVAL, 1, "address", "A.B.C.D/LEN" },
	{ "address = 10.0.0.256/24\n", -EINVAL, 1, "address", "not an IPv4" },
	{ "address = 10.0.0.1/31\n", -EINVAL, 1, "address", "8 to 30" },
	{ "address = 10.0.0.1/024\n", -EINVAL, 1, "address", "8 to 30" },
	{ "address = 10.0.0.1/x\n", -EINVAL, 1, "address", "8 to 30" },
	{ "dhcp-range = 10.0.0.1\n", -EINVAL, 1, "dhcp-range", "FIRST-LAST" },
	{ "dhcp-range = 10.0.0.1-x\n", -EINVAL, 1, "dhcp-range", "IPv4" },
	{ "ipv6 = fd00::\n", -EINVAL, 1, "ipv6", "PREFIX/64" },
	{ "ipv6 = fd00::/48\n", -EINVAL, 1, "ipv6", "must be 64" },
	{ "ipv6 = fd00::1/64\n", -EINVAL, 1, "ipv6", "host part" },
	{ "ipv6 = fe80::/64\n", -EINVAL, 1, "ipv6", "link-local" },
	{ "ipv6 = ::/64\n", -EINVAL, 1, "ipv6", "link-local" },
	{ "users = al!ce\n", -EINVAL, 1, "users", "letters" },
	{ "groups = -x\n", -EINVAL, 1, "groups", "start with '-'" },
	{ "users = 0123456789012345678901234567890123\n", -EINVAL, 1, "users", "longer than 32" },
	{ "open = 8080\n", -EINVAL, 1, "open", "tcp:PORT or udp:PORT" },
	{ "open = sctp:80\n", -EINVAL, 1, "open", "tcp:PORT or udp:PORT" },
	{ "open = tcp:\n", -EINVAL, 1, "open", "tcp:PORT or udp:PORT" },
	{ "open = TCP:80\n", -EINVAL, 1, "open", "tcp:PORT or udp:PORT" },
	{ "open = tcp:0\n", -EINVAL, 1, "open", "1 to 65535" },
	{ "open = tcp:65536\n", -EINVAL, 1, "open", "1 to 65535" },
	{ "open = tcp:080\n", -EINVAL, 1, "open", "1 to 65535" },
	{ "open = tcp:80x\n", -EINVAL, 1, "open", "1 to 65535" },
	{ "open = tcp:123456\n", -EINVAL, 1, "open", "1 to 65535" },
	{ "open = tcp:-1\n", -EINVAL, 1, "open", "1 to 65535" },
	{ "open = tcp:80\nopen = udp:80 tcp:80\n", -EINVAL, 2, "open", "listed twice" },
	{ "mode = host-only\nbridge = b\naddress = 10.0.0.1/24\nopen = tcp:80\n", -EINVAL, 0, "open", "not allowed in host-only" },
	{ "mode = internal\nbridge = b\nopen = tcp:80\n", -EINVAL, 0, "open", "not allowed" },
	{ "mode = bridged\nbridge = b\nuplink = e\nopen = udp:53\n", -EINVAL, 0, "open", "not allowed" },
	{ "", -EINVAL, 0, "mode", "missing" },
	{ "mode = internal\n", -EINVAL, 0, "bridge", "missing" },
	{ "mode = nat-network\nbridge = b\n", -EINVAL, 0, "address", "missing" },
	{ "mode = host-only\nbridge = b\n", -EINVAL, 0, "address", "missing" },
	{ "mode = bridged\nbridge = b\n", -EINVAL, 0, "uplink", "missing" },
	{ "mode = internal\nbridge = b\naddress = 10.0.0.1/24\n", -EINVAL, 0, "address", "not allowed" },
	{ "mode = internal\nbridge = b\nuplink = e\n", -EINVAL, 0, "uplink", "not allowed" },
	{ "mode = host-only\nbridge = b\nuplink = e\naddress = 10.0.0.1/24\n", -EINVAL, 0, "uplink", "not allowed" },
	{ "mode = bridged\nbridge = b\nuplink = e\ndhcp-range = 10.0.0.2-10.0.0.3\n", -EINVAL, 0, "dhcp-range", "not allowed" },
	{ "mode = bridged\nbridge = b\nuplink = e\nipv6 = fd00::/64\n", -EINVAL, 0, "ipv6", "not allowed" },
	{ "mode = bridged\nbridge = b\nuplink = b\n", -EINVAL, 0, "uplink", "bridge itself" },
	{ "mode = host-only\nbridge = b\naddress = 10.0.0.0/24\n", -EINVAL, 0, "address", "network or broadcast" },
	{ "mode = host-only\nbridge = b\naddress = 10.0.0.255/24\n", -EINVAL, 0, "address", "network or broadcast" },
	{ "mode = host-only\nbridge = b\naddress = 10.0.0.200/24\n", -EINVAL, 0, "address", "default DHCP range" },
	{ "mode = host-only\nbridge = b\naddress = 10.0.0.1/24\ndhcp-range = 10.0.1.2-10.0.1.3\n", -EINVAL, 0, "dhcp-range", "outside" },
	{ "mode = host-only\nbridge = b\naddress = 10.0.0.1/24\ndhcp-range = 10.0.0.9-10.0.0.3\n", -EINVAL, 0, "dhcp-range", "after LAST" },
	{ "mode = host-only\nbridge = b\naddress = 10.0.0.5/24\ndhcp-range = 10.0.0.2-10.0.0.9\n", -EINVAL, 0, "dhcp-range", "own address" },
	{ "mode = host-only\nbridge = b\naddress = 10.0.0.1/24\ndhcp-range = 10.0.0.2-10.0.0.255\n", -EINVAL, 0, "dhcp-range", "outside" },
};

static void test_errors(void **state)
{
	struct netdef nd;
	struct netdef_err e;
	char line[256];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		const struct bad *b = &bad_cases[i];

		print_message("case %zu: %s\n", i, b->text);
		assert_int_equal(parse(b->text, &nd, &e), b->ret);
		assert_int_equal(e.line, b->line);
		assert_string_equal(e.key, b->key);
		assert_non_null(strstr(e.why, b->why));
		netdef_format_err(&e, "/etc/n/net1.conf", line, sizeof(line));
		assert_non_null(strstr(line, "/etc/n/net1.conf"));
	}
}

static void test_limits(void **state)
{
	static char buf[NETDEF_FILE_MAX + 2];
	struct netdef nd;
	struct netdef_err e;
	char line[NETDEF_LINE_MAX + 2], msg[128];
	size_t i;

	(void)state;
	memset(line, ' ', sizeof(line));
	assert_int_equal(netdef_init(&nd, "n", 1, &e), 0);
	assert_int_equal(netdef_parse_line(&nd, line, NETDEF_LINE_MAX, &e), 0);
	assert_int_equal(netdef_parse_line(&nd, line, NETDEF_LINE_MAX + 1, &e), -E2BIG);
	assert_int_equal(netdef_parse_line(&nd, "mode = internal\0x", 17, &e), -EINVAL);
	memset(buf, '\n', sizeof(buf));
	assert_int_equal(netdef_parse_buffer(&nd, buf, NETDEF_FILE_MAX + 1, &e), -EFBIG);
	/* 33 users */
	assert_int_equal(netdef_init(&nd, "n", 1, &e), 0);
	for (i = 0; i < 32; i++)
		assert_int_equal(netdef_parse_line(&nd, "users = u", 9, &e), 0);
	assert_int_equal(netdef_parse_line(&nd, "users = u", 9, &e), -EINVAL);
	assert_non_null(strstr(e.why, "more than 32"));
	e.line = 7;
	netdef_format_err(&e, "f.conf", msg, sizeof(msg));
	assert_string_equal(msg, "f.conf:7: users: more than 32 entries");
	/* 33 open = ports */
	assert_int_equal(netdef_init(&nd, "n", 1, &e), 0);
	for (i = 0; i < 32; i++) {
		snprintf(line, sizeof(line), "open = tcp:%zu", i + 1);
		assert_int_equal(netdef_parse_line(&nd, line, strlen(line), &e), 0);
	}
	assert_int_equal(netdef_parse_line(&nd, "open = udp:1", 12, &e), -EINVAL);
	assert_string_equal(e.key, "open");
	assert_non_null(strstr(e.why, "more than 32"));
}

static void test_names(void **state)
{
	struct netdef nd;
	struct netdef_err e;
	const char *why;

	(void)state;
	assert_int_equal(netdef_name_check("lab-1_a", 7, &why), 0);
	assert_int_equal(netdef_name_check("", 0, &why), -EINVAL);
	assert_int_equal(netdef_name_check("1lab", 4, &why), -EINVAL);
	assert_int_equal(netdef_name_check("la.b", 4, &why), -EINVAL);
	assert_int_equal(netdef_name_check("a23456789012345678901234567890123", 33, &why),
			 -ENAMETOOLONG);
	assert_int_equal(netdef_init(&nd, "x y", 3, &e), -EINVAL);
	assert_string_equal(e.key, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nat_network),
		cmocka_unit_test(test_other_modes),
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
