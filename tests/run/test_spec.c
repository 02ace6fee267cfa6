// SPDX-License-Identifier: GPL-2.0-or-later
/* test_spec.c - unit tests of the SPEC, name, --forward, --mac and
 * network-definition parsers of `guestnet run` */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ifname.h"
#include "netconf.h"
#include "spec.h"
#include "util.h"

static char err[512];

static void test_specs(void **state)
{
	struct net_spec s;

	(void)state;
	assert_int_equal(spec_parse("nat", &s, err, sizeof(err)), 0);
	assert_int_equal(s.kind, NET_NAT);
	assert_string_equal(s.name, "");
	assert_int_equal(spec_parse("none", &s, err, sizeof(err)), 0);
	assert_int_equal(s.kind, NET_NONE);
	assert_int_equal(spec_parse("internal:lab", &s, err, sizeof(err)), 0);
	assert_int_equal(s.kind, NET_INTERNAL);
	assert_string_equal(s.name, "lab");
	assert_int_equal(spec_parse("internal:a.b-c_9", &s, err, sizeof(err)), 0);
	assert_int_equal(spec_parse("lan0", &s, err, sizeof(err)), 0);
	assert_int_equal(s.kind, NET_NETWORK);
	assert_string_equal(s.name, "lan0");
	assert_string_equal(spec_kind_name(NET_NETWORK), "network");
	assert_int_equal(spec_parse("vde:/tmp/sw", &s, err, sizeof(err)), 0);
	assert_int_equal(s.kind, NET_VDE);
	assert_string_equal(s.url, "/tmp/sw");
	assert_string_equal(s.name, "");
	assert_int_equal(spec_parse("vde:vxvde://239.1.2.3/vni=7", &s, err, sizeof(err)), 0);
	assert_string_equal(s.url, "vxvde://239.1.2.3/vni=7");
	assert_string_equal(spec_kind_name(NET_VDE), "vde");
	/* 32 characters is the limit */
	assert_int_equal(spec_parse("internal:abcdefghijklmnopqrstuvwxyz012345", &s, err,
				    sizeof(err)), 0);
}

static void expect_bad_spec(const char *spec, const char *want)
{
	struct net_spec s;

	err[0] = '\0';
	assert_int_equal(spec_parse(spec, &s, err, sizeof(err)), -EINVAL);
	if (!strstr(err, want))
		fail_msg("'%s': message '%s' lacks '%s'", spec, err, want);
}

static void test_bad_specs(void **state)
{
	(void)state;
	expect_bad_spec("internal", "needs a name");
	expect_bad_spec("internal:", "empty name");
	expect_bad_spec("", "empty name");
	expect_bad_spec("internal:..", "only letters");
	expect_bad_spec("internal:.hidden", "only letters");
	expect_bad_spec("internal:-x", "only letters");
	expect_bad_spec("internal:a/b", "only letters");
	expect_bad_spec("internal:a b", "only letters");
	expect_bad_spec("internal:x:y", "only letters");
	expect_bad_spec("../etc/passwd", "only letters");
	expect_bad_spec("nat:x", "expected nat, none, internal:NAME, vde:URL or a network name");
	expect_bad_spec("internal:abcdefghijklmnopqrstuvwxyz0123456", "longer than 32");
	expect_bad_spec("caf\xc3\xa9", "only letters");
	expect_bad_spec("vde", "needs a VDE URL");
	expect_bad_spec("vde:", "needs a VDE URL");
	expect_bad_spec("vde:/tmp/a b", "no blanks");
	expect_bad_spec("vde:/tmp/\x01", "control characters");
	{
		char url[4 + SPEC_URL_MAX + 2];

		memcpy(url, "vde:", 4);
		memset(url + 4, 'a', SPEC_URL_MAX + 1);
		url[sizeof(url) - 1] = '\0';
		expect_bad_spec(url, "longer than 200");
	}
}

static void test_forwards(void **state)
{
	struct forward f;

	(void)state;
	assert_int_equal(forward_parse("tcp:8080-:80", &f, err, sizeof(err)), 0);
	assert_false(f.udp);
	assert_string_equal(f.host_addr, "");
	assert_int_equal(f.host_port, 8080);
	assert_string_equal(f.guest_addr, "");
	assert_int_equal(f.guest_port, 80);
	assert_int_equal(forward_parse("udp:127.0.0.1:65535-10.0.2.15:1", &f, err,
				       sizeof(err)), 0);
	assert_true(f.udp);
	assert_string_equal(f.host_addr, "127.0.0.1");
	assert_int_equal(f.host_port, 65535);
	assert_string_equal(f.guest_addr, "10.0.2.15");
	assert_int_equal(f.guest_port, 1);
	assert_int_equal(forward_parse("tcp::2222-:22", &f, err, sizeof(err)), 0);
	assert_int_equal(f.host_port, 2222);

	const char *bad[] = {
		"8080-:80", "tcp:8080", "tcp:8080-80", "tcp:0-:80", "tcp:65536-:80",
		"tcp:80-:0", "tcp:-:80", "tcp:8080-:", "icmp:1-:2", "tcp:a-:80",
		"tcp:1-:2-:3", "tcp:host.example:80-:80", "tcp:80-:80,hostfwd=x",
		"tcp:123456-:80", "", "tcp:",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		err[0] = '\0';
		if (forward_parse(bad[i], &f, err, sizeof(err)) != -EINVAL)
			fail_msg("'%s' accepted", bad[i]);
		assert_true(err[0]);
	}
}

static void test_macs(void **state)
{
	uint8_t m[6];

	(void)state;
	assert_int_equal(mac_parse("52:54:00:AB:cd:0f", m, err, sizeof(err)), 0);
	assert_int_equal(m[0], 0x52);
	assert_int_equal(m[3], 0xab);
	assert_int_equal(m[5], 0x0f);
	const char *bad[] = {
		"01:00:5e:00:00:01", "00:00:00:00:00:00", "52:54:00:00:00",
		"52:54:00:00:00:001", "52-54-00-00-00-01", "52:54:00:00:00:0g", "",
		"ff:ff:ff:ff:ff:ff",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (mac_parse(bad[i], m, err, sizeof(err)) != -EINVAL)
			fail_msg("'%s' accepted", bad[i]);
}

/* Bridge names: common/ifname.c's safe rule (the helper's) */
static int ifname(const char *name)
{
	return ifname_check(name, strlen(name), NULL);
}

static void test_ifnames(void **state)
{
	(void)state;
	assert_int_equal(ifname("gnbr0"), 0);
	assert_int_equal(ifname("abcdefghijklmno"), 0);
	assert_int_equal(ifname("br-lab_1.2"), 0);
	assert_int_equal(ifname("abcdefghijklmnop"), -ENAMETOOLONG);
	assert_int_equal(ifname(""), -EINVAL);
	assert_int_equal(ifname("."), -EINVAL);
	assert_int_equal(ifname(".."), -EINVAL);
	assert_int_equal(ifname("a/b"), -EINVAL);
	assert_int_equal(ifname("a:b"), -EINVAL);
	assert_int_equal(ifname("a b"), -EINVAL);
	assert_int_equal(ifname("a$b"), -EINVAL);
	assert_int_equal(ifname("-br"), -EINVAL);
}

static int conf(const char *text, struct netconf *nc)
{
	err[0] = '\0';
	return netconf_parse(text, strlen(text), nc, err, sizeof(err));
}

static void test_netconf(void **state)
{
	struct netconf nc;

	(void)state;
	assert_int_equal(conf("mode = host-only\nbridge = gnbr0\n", &nc), 0);
	assert_string_equal(nc.bridge, "gnbr0");
	assert_string_equal(nc.mode, "host-only");
	assert_int_equal(conf("# a lab\n\n  bridge=lab0   # the bridge\r\n"
			      "address = 192.0.2.1/24\ndhcp-range = 192.0.2.100,192.0.2.200\n",
			      &nc), 0);
	assert_string_equal(nc.bridge, "lab0");
	assert_string_equal(nc.mode, "");
	/* other keys may have long values */
	assert_int_equal(conf("bridge = gnbr0\nusers = alice bob carol dave erin frank grace heidi ivan judy mallory\n",
			      &nc), 0);
	/* no comment inside a word: the name is a#b, which the safe rule refuses */
	assert_int_equal(conf("bridge = a#b\n", &nc), -EINVAL);
	assert_non_null(strstr(err, "line 1: bridge 'a#b': not a valid interface name"));
	assert_int_equal(conf("bridge = gnbr0", &nc), 0);	/* no final newline */
	assert_int_equal(conf("mode = internal\n", &nc), -EINVAL);
	assert_non_null(strstr(err, "no 'bridge = NAME' line"));
	assert_int_equal(conf("bridge = abcdefghijklmnop\n", &nc), -EINVAL);
	assert_non_null(strstr(err, "line 1: bridge 'abcdefghijklmnop': 16 or more"));
	assert_int_equal(conf("bridge = a/b\n", &nc), -EINVAL);
	assert_int_equal(conf("bridge gnbr0\n", &nc), -EINVAL);
	assert_non_null(strstr(err, "line 1: expected key = value"));
	assert_int_equal(conf("\n= x\n", &nc), -EINVAL);
	assert_non_null(strstr(err, "line 2: empty key"));
	assert_int_equal(conf("bridge = gnbr0\nmode = bogus\n", &nc), -EINVAL);
	assert_non_null(strstr(err, "line 2: mode 'bogus'"));
	assert_int_equal(netconf_parse("bridge = x\0y\n", 13, &nc, err, sizeof(err)), -EINVAL);
	assert_int_equal(conf("bridge = gnbr0\nbridge = gnbr1\n", &nc), 0);
	assert_string_equal(nc.bridge, "gnbr1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_specs),
		cmocka_unit_test(test_bad_specs),
		cmocka_unit_test(test_forwards),
		cmocka_unit_test(test_macs),
		cmocka_unit_test(test_ifnames),
		cmocka_unit_test(test_netconf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
