// SPDX-License-Identifier: GPL-2.0-or-later
/* test_ackthin.c - unit tests of pure-ACK recognition and supersession
 * (emu/ackthin.c)
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ackthin.h"

/* Ethernet + IPv4 (20) + TCP (20 + optlen) + payload */
static size_t v4_tcp(uint8_t *f, uint16_t sport, uint32_t ack, uint16_t win,
		     uint8_t flags, size_t optlen, size_t payload)
{
	uint8_t *ip = f + 14, *tcp = ip + 20;
	size_t total = 20 + 20 + optlen + payload;

	memset(f, 0, 14 + total);
	f[12] = 0x08;
	ip[0] = 0x45;
	ip[2] = (uint8_t)(total >> 8);
	ip[3] = (uint8_t)total;
	ip[9] = 6;
	ip[12] = 10, ip[15] = 2;
	ip[16] = 10, ip[19] = 15;
	tcp[0] = (uint8_t)(sport >> 8), tcp[1] = (uint8_t)sport;
	tcp[3] = 80;
	tcp[8] = (uint8_t)(ack >> 24), tcp[9] = (uint8_t)(ack >> 16);
	tcp[10] = (uint8_t)(ack >> 8), tcp[11] = (uint8_t)ack;
	tcp[12] = (uint8_t)((5 + optlen / 4) << 4);
	tcp[13] = flags;
	tcp[14] = (uint8_t)(win >> 8), tcp[15] = (uint8_t)win;
	return 14 + total;
}

static void test_pure_ack_v4(void **state)
{
	uint8_t f[200];
	struct ack_key k;
	size_t n;

	(void)state;
	n = v4_tcp(f, 1000, 5000, 100, 0x10, 0, 0);
	assert_true(ack_key_of(f, n, &k));
	assert_int_equal(k.ack, 5000);
	assert_int_equal(k.win, 100);
	/* Ethernet padding after the IP packet is fine */
	assert_true(ack_key_of(f, 60, &k));
}

static void test_not_pure(void **state)
{
	uint8_t f[200];
	struct ack_key k;
	size_t n;

	(void)state;
	n = v4_tcp(f, 1000, 5000, 100, 0x18, 0, 0);	/* PSH */
	assert_false(ack_key_of(f, n, &k));
	n = v4_tcp(f, 1000, 5000, 100, 0x11, 0, 0);	/* FIN */
	assert_false(ack_key_of(f, n, &k));
	n = v4_tcp(f, 1000, 5000, 100, 0x10, 0, 10);	/* payload */
	assert_false(ack_key_of(f, n, &k));
	n = v4_tcp(f, 1000, 5000, 100, 0x10, 12, 0);	/* options (SACK, TS) */
	assert_false(ack_key_of(f, n, &k));
	n = v4_tcp(f, 1000, 5000, 100, 0x10, 0, 0);
	f[14 + 6] = 0x20;				/* more fragments */
	assert_false(ack_key_of(f, n, &k));
	n = v4_tcp(f, 1000, 5000, 100, 0x10, 0, 0);
	f[14 + 9] = 17;					/* UDP */
	assert_false(ack_key_of(f, n, &k));
	assert_false(ack_key_of(f, 30, &k));		/* short */
	n = v4_tcp(f, 1000, 5000, 100, 0x10, 0, 0);
	assert_false(ack_key_of(f, n - 20, &k));	/* truncated IP packet */
}

static void test_supersede(void **state)
{
	uint8_t f[200];
	struct ack_key a, b, c, other;

	(void)state;
	ack_key_of(f, v4_tcp(f, 1000, 5000, 100, 0x10, 0, 0), &a);
	ack_key_of(f, v4_tcp(f, 1000, 9000, 100, 0x10, 0, 0), &b);
	ack_key_of(f, v4_tcp(f, 1000, 5000, 100, 0x10, 0, 0), &c);
	ack_key_of(f, v4_tcp(f, 1001, 9000, 100, 0x10, 0, 0), &other);
	assert_true(ack_superseded(&a, &b));
	assert_false(ack_superseded(&b, &a));
	assert_false(ack_superseded(&a, &c));		/* duplicate ACK kept */
	assert_false(ack_superseded(&a, &other));	/* other connection */
	/* window update with the same number supersedes */
	ack_key_of(f, v4_tcp(f, 1000, 5000, 200, 0x10, 0, 0), &c);
	assert_true(ack_superseded(&a, &c));
	/* sequence wrap-around */
	ack_key_of(f, v4_tcp(f, 1000, 0xfffffff0U, 100, 0x10, 0, 0), &a);
	ack_key_of(f, v4_tcp(f, 1000, 0x10, 100, 0x10, 0, 0), &b);
	assert_true(ack_superseded(&a, &b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pure_ack_v4),
		cmocka_unit_test(test_not_pure),
		cmocka_unit_test(test_supersede),
	};

	return cmocka_run_group_tests_name("ackthin", tests, NULL, NULL);
}
