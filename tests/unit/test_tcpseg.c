// SPDX-License-Identifier: GPL-2.0-or-later
/* test_tcpseg.c - unit tests of TCP segment parsing, rewriting and
 * checksums (emu/tcpseg.c), on frames at odd addresses as in a chunk
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "tcpseg.h"
#include "wire.h"

#define IPOPT	4	/* bytes of IPv4 options in the test frames */

/* Ethernet, IPv4 with IPOPT bytes of options or IPv6, TCP, payload */
static size_t build(uint8_t *f, bool v6, uint8_t flags, size_t payload)
{
	uint8_t *ip = f + 14, *tcp;
	size_t l3 = v6 ? 40 : 20 + IPOPT;

	tcp = ip + l3;
	memset(f, 0, 14 + l3 + 20 + payload);
	put16(f + 12, v6 ? 0x86dd : 0x0800);
	if (v6) {
		ip[0] = 0x60;
		put16(ip + 4, 20 + payload);
		ip[6] = 6;
		ip[23] = 1, ip[39] = 2;
	} else {
		ip[0] = 0x40 | (uint8_t)(l3 / 4);
		put16(ip + 2, l3 + 20 + payload);
		ip[9] = 6;
		ip[12] = 10, ip[15] = 2, ip[16] = 10, ip[19] = 15;
		ip[20] = 1, ip[21] = 1, ip[22] = 1, ip[23] = 0;	/* NOP NOP NOP EOL */
	}
	put16(tcp, 1234);
	put16(tcp + 2, 80);
	tcp[4] = 0x11, tcp[7] = 0x22;	/* seq 0x11000022 */
	tcp[8] = 0x33, tcp[11] = 0x44;	/* ack 0x33000044 */
	tcp[12] = 5 << 4;
	tcp[13] = flags;
	put16(tcp + 14, 1000);
	for (size_t i = 0; i < payload; i++)
		tcp[20 + i] = (uint8_t)(i * 7);
	return 14 + l3 + 20 + payload;
}

/* The checksums in the frame are what computing them afresh gives */
static bool checksums_current(struct tcpseg *s)
{
	uint16_t tcp_sum = get16(s->l4 + 16), ip_sum = get16(s->l3 + 10);

	tcpseg_checksum(s);
	return get16(s->l4 + 16) == tcp_sum && (s->v6 || get16(s->l3 + 10) == ip_sum);
}

static void test_parse(void **state)
{
	uint8_t buf[256], *f = buf + 1;	/* odd address: headers unaligned */
	struct tcpseg s;
	size_t n;

	(void)state;
	for (int v6 = 0; v6 < 2; v6++) {
		n = build(f, v6, 0x18, 9);
		assert_true(tcpseg_parse(f, n, &s));
		assert_int_equal(s.v6, v6);
		assert_int_equal(s.l3_len, v6 ? 40 : 20 + IPOPT);
		assert_int_equal(s.alen, v6 ? 16 : 4);
		assert_int_equal(s.sport, 1234);
		assert_int_equal(s.dport, 80);
		assert_int_equal(s.flags, 0x18);
		assert_int_equal(s.seq, 0x11000022);
		assert_int_equal(s.ack, 0x33000044);
		assert_int_equal(s.win, 1000);
		assert_int_equal(tcpseg_payload(&s), 9);
		assert_false(tcpseg_parse(f, n - 1, &s));	/* cut short */
	}
	n = build(f, false, 0x10, 0);
	f[14 + 6] = 0x20;				/* more fragments */
	assert_false(tcpseg_parse(f, n, &s));
	n = build(f, false, 0x10, 0);
	f[14 + 9] = 17;					/* UDP */
	assert_false(tcpseg_parse(f, n, &s));
	n = build(f, true, 0x10, 0);
	f[14 + 6] = 0;					/* an extension header */
	assert_false(tcpseg_parse(f, n, &s));
	n = build(f, false, 0x10, 0);
	f[14 + 20 + IPOPT + 12] = 4 << 4;		/* data offset below 5 */
	assert_false(tcpseg_parse(f, n, &s));
}

static void test_checksums(void **state)
{
	/* TCP and IPv4 header checksums of build(f, v6, 0x10, 5), computed
	 * independently (RFC 1071) */
	static const uint16_t tcp_sum[2] = { 0x2433, 0x3841 };
	uint8_t buf[256], *f = buf + 3;
	struct tcpseg s;
	size_t n;

	(void)state;
	for (int v6 = 0; v6 < 2; v6++) {
		n = build(f, v6, 0x10, 5);
		assert_true(tcpseg_parse(f, n, &s));
		tcpseg_checksum(&s);
		assert_int_equal(get16(s.l4 + 16), tcp_sum[v6]);
		if (!v6)
			assert_int_equal(get16(s.l3 + 10), 0xa3b6);
		tcpseg_set_win(&s, 0xabcd);	/* incremental update */
		assert_true(checksums_current(&s));
		assert_true(tcpseg_parse(f, n, &s));
		assert_int_equal(s.win, 0xabcd);
	}
}

static void test_wscale_option(void **state)
{
	uint8_t buf[256], *f = buf + 1;
	struct tcpseg s;
	size_t n;

	(void)state;
	n = build(f, false, 0x12, 0);
	assert_true(tcpseg_parse(f, n, &s));
	assert_int_equal(tcpseg_wscale(&s), -1);
	assert_false(tcpseg_add_wscale(&s, 7, &n, n + 3));	/* no room */
	assert_true(tcpseg_add_wscale(&s, 7, &n, n + 4));
	assert_true(checksums_current(&s));
	assert_true(tcpseg_parse(f, n, &s));
	assert_int_equal(s.hdr_len, 24);
	assert_int_equal(tcpseg_wscale(&s), 7);
	n = build(f, false, 0x12, 1);
	assert_true(tcpseg_parse(f, n, &s));
	assert_false(tcpseg_add_wscale(&s, 7, &n, sizeof(buf)));	/* payload */
}

static void test_probe(void **state)
{
	uint8_t buf[256], copy[128], *f = buf + 1;
	struct tcpseg s, p;
	size_t n, hdrs;

	(void)state;
	for (int v6 = 0; v6 < 2; v6++) {
		n = build(f, v6, 0x18, 100);
		assert_true(tcpseg_parse(f, n, &s));
		hdrs = (size_t)(s.l4 - f) + 20;
		memcpy(copy, f, hdrs);
		tcpseg_rebase(&s, f, copy, &p);
		tcpseg_make_probe(&p, 0x33000043);
		assert_true(checksums_current(&p));
		assert_true(tcpseg_parse(copy, hdrs, &p));
		assert_int_equal(p.flags, 0x10);
		assert_int_equal(p.seq, 0x33000043);
		assert_int_equal(tcpseg_payload(&p), 0);
		assert_int_equal(p.sport, 1234);
		/* the original is untouched */
		assert_true(tcpseg_parse(f, n, &s));
		assert_int_equal(tcpseg_payload(&s), 100);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_checksums),
		cmocka_unit_test(test_wscale_option),
		cmocka_unit_test(test_probe),
	};

	return cmocka_run_group_tests_name("tcpseg", tests, NULL, NULL);
}
