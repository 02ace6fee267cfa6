// SPDX-License-Identifier: GPL-2.0-or-later
/* test_s4n_nat.c - unit tests of the slirp4netns front end's NAT
 * (slirp4netns/s4n_nat.c): slirp4netns' options as libslirp's
 * configuration of a user port, and libslirp taking it (MTU 65521 too),
 * and the banner (s4n_usage.c)
 */

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "hub.h"
#include "port.h"
#include "port_user.h"
#include "port_user_config.h"
#include "s4n_nat.h"
#include "s4n_options.h"

#define MAX_ARGS 16

/* opts() - parse "slirp4netns ARGS... 1 tap0" into @o (argv kept static) */
static void opts(struct s4n_options *o, const char *first, ...)
{
	static char *argv[MAX_ARGS];
	static char buf[MAX_ARGS][64];
	const char *a;
	va_list ap;
	int argc = 0;
	FILE *null = fopen("/dev/null", "w");

	assert_non_null(null);
	snprintf(buf[argc], sizeof(buf[0]), "slirp4netns");
	argv[argc] = buf[argc];
	argc++;
	va_start(ap, first);
	for (a = first; a; a = va_arg(ap, const char *)) {
		snprintf(buf[argc], sizeof(buf[0]), "%s", a);
		argv[argc] = buf[argc];
		argc++;
	}
	va_end(ap);
	snprintf(buf[argc], sizeof(buf[0]), "1");
	argv[argc] = buf[argc];
	argc++;
	snprintf(buf[argc], sizeof(buf[0]), "tap0");
	argv[argc] = buf[argc];
	argc++;
	argv[argc] = NULL;
	assert_int_equal(s4n_options_parse(o, argc, argv, NULL, null, null), S4N_RUN);
	fclose(null);
}

static void assert_addr(struct in_addr a, const char *want)
{
	char s[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &a, s, sizeof(s));
	assert_string_equal(s, want);
}

static void assert_addr6(const struct in6_addr *a, const char *want)
{
	char s[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, a, s, sizeof(s));
	assert_string_equal(s, want);
}

static void test_defaults(void **state)
{
	static struct s4n_nat nat;
	struct s4n_options o;
	struct user_cfg c;
	char err[128];

	(void)state;
	opts(&o, NULL);
	assert_int_equal(s4n_nat_config(&o, &c, &nat, err, sizeof(err)), 0);
	assert_true(c.sc.in_enabled);
	assert_false(c.sc.in6_enabled);
	assert_false(c.sc.restricted);
	assert_addr(c.sc.vnetwork, "10.0.2.0");
	assert_addr(c.sc.vnetmask, "255.255.255.0");
	assert_addr(c.sc.vhost, "10.0.2.2");
	assert_addr(c.sc.vnameserver, "10.0.2.3");
	assert_addr(c.sc.vdhcp_start, "10.0.2.15");
	assert_int_equal(c.sc.if_mtu, 1500);
	assert_int_equal(c.sc.if_mru, 1500);
	assert_false(c.sc.disable_host_loopback);
	assert_false(c.sc.disable_dns);
	assert_null(c.sc.outbound_addr);
	assert_null(c.sc.outbound_addr6);
	assert_true(c.sc.version >= 3);
	assert_true(c.wscale);
	assert_int_equal(c.nfwd, 0);
}

static void test_options(void **state)
{
	static struct s4n_nat nat;
	struct s4n_options o;
	struct user_cfg c;
	char err[128];

	(void)state;
	opts(&o, "--cidr=10.0.3.0/25", "-6", "-m", "65520", "--disable-host-loopback",
	     "--disable-dns", "--outbound-addr=192.0.2.1",
	     "--outbound-addr6=2001:db8::1", NULL);
	assert_int_equal(s4n_nat_config(&o, &c, &nat, err, sizeof(err)), 0);
	assert_addr(c.sc.vnetwork, "10.0.3.0");
	assert_addr(c.sc.vnetmask, "255.255.255.128");
	assert_addr(c.sc.vhost, "10.0.3.2");
	assert_addr(c.sc.vnameserver, "10.0.3.3");
	assert_addr(c.sc.vdhcp_start, "10.0.3.15");
	assert_true(c.sc.in6_enabled);
	assert_addr6(&c.sc.vprefix_addr6, "fd00::");
	assert_int_equal(c.sc.vprefix_len, 64);
	assert_addr6(&c.sc.vhost6, "fd00::2");
	assert_addr6(&c.sc.vnameserver6, "fd00::3");
	assert_int_equal(c.sc.if_mtu, 65520);
	assert_true(c.sc.disable_host_loopback);
	assert_true(c.sc.disable_dns);
	/* libslirp keeps the pointers: they must point into nat, not the stack */
	assert_ptr_equal(c.sc.outbound_addr, &nat.out4);
	assert_int_equal(nat.out4.sin_family, AF_INET);
	assert_addr(nat.out4.sin_addr, "192.0.2.1");
	assert_ptr_equal(c.sc.outbound_addr6, &nat.out6);
	assert_int_equal(nat.out6.sin6_family, AF_INET6);
	assert_addr6(&nat.out6.sin6_addr, "2001:db8::1");
}

/* slirp4netns takes -m 1..65521; libslirp's interface needs 68 */
static void test_mtu_range(void **state)
{
	static struct s4n_nat nat;
	struct s4n_options o;
	struct user_cfg c;
	char err[128];

	(void)state;
	opts(&o, "-m", "67", NULL);
	assert_int_equal(s4n_nat_config(&o, &c, &nat, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "MTU 67: the NAT takes 68 to 65521");
	opts(&o, "-m", "68", NULL);
	assert_int_equal(s4n_nat_config(&o, &c, &nat, err, sizeof(err)), 0);
}

/* libslirp takes the configuration, at slirp4netns' largest MTU */
static void test_open_mtu_max(void **state)
{
	static struct s4n_nat nat;
	struct s4n_options o;
	char err[160] = "";

	(void)state;
	opts(&o, "-m", "65521", "-6", "--disable-dns", NULL);
	assert_int_equal(s4n_nat_open(&nat, &o, hub_get(0), err, sizeof(err)), 0);
	assert_non_null(nat.port);
	assert_true(port_is_user(nat.port));
	port_close_all();
	hub_free_all();
}

static void test_banner(void **state)
{
	struct s4n_options o;
	char *text;
	size_t len;
	FILE *out;

	(void)state;
	opts(&o, "-c", "--macaddress=0e:d4:18:d9:38:fb", "-a", "/run/api.sock", NULL);
	out = open_memstream(&text, &len);
	assert_non_null(out);
	s4n_print_banner(out, &o);
	fclose(out);
	assert_non_null(strstr(text, "Starting slirp\n* MTU:             1500\n"));
	assert_non_null(strstr(text, "* Network:         10.0.2.0\n"));
	assert_non_null(strstr(text, "* DHCP end:        10.0.2.30\n"));
	assert_non_null(strstr(text, "* Recommended IP:  10.0.2.100\n"));
	assert_non_null(strstr(text, "* API Socket:      /run/api.sock\n"));
	assert_non_null(strstr(text, "* MAC address:     0e:d4:18:d9:38:fb\n"));
	assert_non_null(strstr(text, "WARNING: 127.0.0.1:* on the host is accessible as 10.0.2.2"));
	free(text);
	opts(&o, "--disable-host-loopback", NULL);
	out = open_memstream(&text, &len);
	s4n_print_banner(out, &o);
	fclose(out);
	assert_null(strstr(text, "WARNING"));
	assert_null(strstr(text, "API Socket"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_mtu_range),
		cmocka_unit_test(test_open_mtu_max),
		cmocka_unit_test(test_banner),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
