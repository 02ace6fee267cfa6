// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_rules.c - unit tests of the nft rule text per mode
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "netdef.h"
#include "rules.h"

static void load(struct netdef *nd, const char *text)
{
	struct netdef_err e;

	assert_int_equal(netdef_init(nd, "lab", 3, &e), 0);
	assert_int_equal(netdef_parse_buffer(nd, text, strlen(text), &e), 0);
}

static void has(const char *text, const char *s)
{
	if (!strstr(text, s))
		fail_msg("missing: %s\nin:\n%s", s, text);
}

static void test_nat(void **state)
{
	static char t[RULES_TEXT_MAX];
	struct netdef nd;
	const char *sfx[4];

	(void)state;
	load(&nd, "mode = nat-network\nbridge = br9\naddress = 10.1.2.1/24\nuplink = eth0\nipv6 = fd00:1::/64\n");
	assert_true(rules_up(&nd, t, sizeof(t)) > 0);
	has(t, "add table inet guestnet\n");
	has(t, "add chain inet guestnet lab-in { type filter hook input priority filter; policy accept; }\n");
	has(t, "flush chain inet guestnet lab-fwd\n");
	has(t, "lab-in iifname \"br9\" udp dport { 53, 67, 547 } accept\n");
	has(t, "lab-in iifname \"br9\" drop\n");
	has(t, "lab-out oifname \"br9\" drop\n");
	has(t, "lab-fwd iifname \"br9\" oifname \"eth0\" accept\n");
	has(t, "lab-nat ip saddr 10.1.2.0/24 oifname != \"br9\" masquerade\n");
	has(t, "lab-nat ip6 saddr fd00:1::/64 oifname != \"br9\" masquerade\n");
	assert_int_equal(rules_chains(&nd, sfx, 4), 4);
	assert_true(rules_down(&nd, t, sizeof(t)) > 0);
	has(t, "delete chain inet guestnet lab-nat\n");
	assert_int_equal(rules_up(&nd, t, 100), -ENOSPC);
	assert_null(strstr(t, "dport { 8080"));
}

static void test_nat_open(void **state)
{
	static char t[RULES_TEXT_MAX];
	struct netdef nd;
	const char *in_drop;

	(void)state;
	load(&nd, "mode = nat-network\nbridge = br9\naddress = 10.1.2.1/24\n"
		  "open = tcp:8080, udp:5353 tcp:22\n");
	assert_true(rules_up(&nd, t, sizeof(t)) > 0);
	has(t, "lab-in iifname \"br9\" ip daddr 10.1.2.1 tcp dport { 8080, 22 } accept\n");
	has(t, "lab-in iifname \"br9\" ip daddr 10.1.2.1 udp dport { 5353 } accept\n");
	assert_null(strstr(t, "ip6 daddr"));
	/* before the final drop */
	in_drop = strstr(t, "lab-in iifname \"br9\" drop\n");
	assert_non_null(in_drop);
	assert_true(strstr(t, "tcp dport { 8080, 22 }") < in_drop);

	load(&nd, "mode = nat-network\nbridge = br9\naddress = 10.1.2.1/24\n"
		  "ipv6 = fd00:1::/64\nopen = udp:5353\n");
	assert_true(rules_up(&nd, t, sizeof(t)) > 0);
	has(t, "lab-in iifname \"br9\" ip6 daddr fd00:1::1 udp dport { 5353 } accept\n");
	assert_null(strstr(t, "tcp dport {"));
}

static void test_other_modes(void **state)
{
	static char t[RULES_TEXT_MAX];
	struct netdef nd;
	const char *sfx[4];

	(void)state;
	load(&nd, "mode = host-only\nbridge = br9\naddress = 10.1.2.1/24\n");
	assert_true(rules_up(&nd, t, sizeof(t)) > 0);
	has(t, "lab-fwd iifname \"br9\" drop\n");
	has(t, "lab-fwd oifname \"br9\" drop\n");
	assert_null(strstr(t, "lab-in"));
	assert_null(strstr(t, "masquerade"));
	assert_int_equal(rules_chains(&nd, sfx, 4), 1);

	load(&nd, "mode = internal\nbridge = br9\n");
	assert_true(rules_up(&nd, t, sizeof(t)) > 0);
	has(t, "lab-in iifname \"br9\" drop\n");
	has(t, "lab-out oifname \"br9\" drop\n");
	has(t, "lab-fwd iifname \"br9\" oifname \"br9\" accept\n");
	assert_int_equal(rules_chains(&nd, sfx, 4), 3);

	load(&nd, "mode = bridged\nbridge = br9\nuplink = eth0\n");
	assert_int_equal(rules_up(&nd, t, sizeof(t)), 0);
	assert_string_equal(t, "");
	assert_int_equal(rules_down(&nd, t, sizeof(t)), 0);
	assert_int_equal(rules_chains(&nd, sfx, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nat),
		cmocka_unit_test(test_nat_open),
		cmocka_unit_test(test_other_modes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
