// SPDX-License-Identifier: GPL-2.0-or-later
/* test_user_config.c - unit tests of -netdev user's keys read into a
 * SlirpConfig (emu/port_user_config.c), without starting a stack
 */

#include <arpa/inet.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "optstring.h"
#include "port_user_config.h"

static struct user_cfg cfg;
static struct opts opts;

/* Parse @text (keys only) into cfg; the options stay for the strings */
static int parse(const char *text)
{
	opts_free(&opts);
	memset(&cfg, 0, sizeof(cfg));
	assert_int_equal(opts_parse(&opts, "-netdev", text, NULL), 0);
	return user_config_parse(&opts, &cfg);
}

static void expect_error(const char *text, const char *needle)
{
	if (parse(text) == 0)
		fail_msg("'%s': accepted", text);
	if (!strstr(opts.err, needle))
		fail_msg("'%s': error '%s' lacks '%s'", text, opts.err, needle);
}

static void expect_addr(struct in_addr a, const char *text)
{
	char buf[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &a, buf, sizeof(buf));
	assert_string_equal(buf, text);
}

static void test_defaults(void **state)
{
	(void)state;
	assert_int_equal(parse("hostname=g"), 0);
	expect_addr(cfg.sc.vnetwork, "10.0.2.0");
	expect_addr(cfg.sc.vnetmask, "255.255.255.0");
	expect_addr(cfg.sc.vhost, "10.0.2.2");
	expect_addr(cfg.sc.vnameserver, "10.0.2.3");
	expect_addr(cfg.sc.vdhcp_start, "10.0.2.15");
	assert_int_equal(cfg.sc.vprefix_len, 64);
	assert_int_equal(cfg.sc.if_mtu, 1500);
	assert_true(cfg.sc.in_enabled && cfg.sc.in6_enabled && cfg.wscale);
	assert_string_equal(cfg.sc.vhostname, "g");
}

static void test_net_forms(void **state)
{
	(void)state;
	assert_int_equal(parse("net=192.168.7.0/24"), 0);
	expect_addr(cfg.sc.vnetmask, "255.255.255.0");
	expect_addr(cfg.sc.vhost, "192.168.7.2");
	/* a dotted mask, as QEMU takes it */
	assert_int_equal(parse("net=192.168.0.0/255.255.0.0"), 0);
	expect_addr(cfg.sc.vnetmask, "255.255.0.0");
	expect_addr(cfg.sc.vdhcp_start, "192.168.0.15");
	/* classful without a mask */
	assert_int_equal(parse("net=172.16.0.0"), 0);
	expect_addr(cfg.sc.vnetmask, "255.240.0.0");
	assert_int_equal(parse("net=10.0.0.0"), 0);
	expect_addr(cfg.sc.vnetmask, "255.0.0.0");
	expect_error("net=10.0.2.0/255.0.255.0", "is not contiguous");
	expect_error("net=10.0.2.0/255.255.255.254", "is not /8 to /30");
	expect_error("net=10.0.0.0/254.0.0.0", "is not /8 to /30");
	expect_error("net=10.0.2.0/31", "is not 8 to 30");
	expect_error("net=10.0.2.1/24", "has host bits set");
	expect_error("net=10.0.2.0/x.y", "bad mask");
}

static void test_addresses(void **state)
{
	(void)state;
	assert_int_equal(parse("net=10.9.0.0/16,host=10.9.1.1,dns=10.9.1.2,dhcpstart=10.9.2.0"), 0);
	expect_addr(cfg.sc.vhost, "10.9.1.1");
	expect_error("host=10.0.3.2", "key 'host': 10.0.3.2 is not a host address");
	expect_error("dns=10.0.2.255", "key 'dns'");
	expect_error("host=10.0.2.3", "key 'dns': must differ from key 'host'");
	expect_error("ipv4=off,ipv6=off", "both off");
	assert_int_equal(parse("ipv6-net=fd00:1::/48,ipv6-host=fd00:1::9"), 0);
	assert_int_equal(cfg.sc.vprefix_len, 48);
	expect_error("ipv6-net=fd00::/64,ipv6-prefix=fd00::", "give one form");
}

static void test_forwards_and_refusals(void **state)
{
	(void)state;
	assert_int_equal(parse("hostfwd=tcp::2222-:22,hostfwd=udp:127.0.0.1:53-10.0.2.15:53,"
			       "guestfwd=tcp:10.0.2.100:80-cmd:nc x 80"), 0);
	assert_int_equal(cfg.nfwd, 2);
	assert_int_equal(cfg.fwd[0].host_port, 2222);
	assert_true(cfg.fwd[1].udp);
	assert_string_equal(cfg.fwd[1].guest_addr, "10.0.2.15");
	assert_int_equal(cfg.ngfwd, 1);
	assert_string_equal(cfg.gfwd_cmd[0], "nc x 80");
	expect_error("hostfwd=tcp::2222", "key 'hostfwd'");
	expect_error("guestfwd=tcp:10.0.3.1:80-cmd:x", "key 'guestfwd'");
	expect_error("bootfile=x", "needs key 'tftp'");
	expect_error("mtu=100", "key 'mtu'");
	expect_error("colour=red", "unknown key 'colour'");
}

/* smb= is only read here (port_user_smb.c checks DIR and runs smbd) */
static void test_smb(void **state)
{
	(void)state;
	assert_int_equal(parse("hostname=g"), 0);
	assert_null(cfg.smb_dir);
	assert_int_equal(parse("smb=/srv"), 0);
	assert_string_equal(cfg.smb_dir, "/srv");
	expect_addr(cfg.smb_server, "10.0.2.4");
	assert_int_equal(parse("smb=/srv,smbserver=10.0.2.9"), 0);
	expect_addr(cfg.smb_server, "10.0.2.9");
	/* libslirp's place for a forward without an address: x.x.2.4 */
	assert_int_equal(parse("net=10.1.0.0/16,smb=/srv"), 0);
	expect_addr(cfg.smb_server, "10.1.2.4");
	assert_int_equal(parse("net=192.168.7.0/24,smb=/srv"), 0);
	expect_addr(cfg.smb_server, "192.168.7.4");
	expect_error("smbserver=10.0.2.9", "key 'smbserver' needs key 'smb'");
	expect_error("smb=", "key 'smb': empty directory");
	expect_error("smb=/srv,smbserver=10.0.3.4", "key 'smbserver': 10.0.3.4 is not a host address");
	expect_error("smb=/srv,smbserver=10.0.2.255", "key 'smbserver'");
	expect_error("smb=/srv,smbserver=x", "key 'smbserver': 'x' is not an IPv4 address");
	expect_error("smb=/srv,smbserver=10.0.2.2", "the host's or the DNS server's");
	expect_error("smb=/srv,dns=10.0.2.9,smbserver=10.0.2.9", "the host's or the DNS server's");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_net_forms),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_forwards_and_refusals),
		cmocka_unit_test(test_smb),
	};
	int ret = cmocka_run_group_tests_name("user-config", tests, NULL, NULL);

	opts_free(&opts);
	return ret;
}
