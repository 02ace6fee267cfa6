// SPDX-License-Identifier: GPL-2.0-or-later
/* test_framer.c - unit tests of the stream framer (emu/framer.c) */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "frame.h"
#include "framer.h"

static size_t put_frame(uint8_t *buf, uint32_t len, uint8_t fill)
{
	uint32_t be = htonl(len);

	memcpy(buf, &be, 4);
	memset(buf + 4, fill, len);
	return 4 + len;
}

static void test_empty(void **state)
{
	struct framer_span s[4];
	struct framer_result r = framer_parse(NULL, 0, s, 4);

	(void)state;
	assert_int_equal(r.frames, 0);
	assert_int_equal(r.consumed, 0);
	assert_int_equal(r.need, FRAME_HDR);
	assert_int_equal(r.bad_len, 0);
}

static void test_two_whole_frames(void **state)
{
	uint8_t buf[256];
	struct framer_span s[4];
	size_t n = put_frame(buf, 60, 0xaa);
	struct framer_result r;

	(void)state;
	n += put_frame(buf + n, 20, 0xbb);
	r = framer_parse(buf, n, s, 4);
	assert_int_equal(r.frames, 2);
	assert_int_equal(r.consumed, n);
	assert_int_equal(s[0].off, 4);
	assert_int_equal(s[0].len, 60);
	assert_int_equal(s[1].off, 68);
	assert_int_equal(s[1].len, 20);
	assert_int_equal(buf[s[1].off], 0xbb);
}

/* Every split point of a frame: header and body may arrive in pieces */
static void test_every_split(void **state)
{
	uint8_t buf[128];
	struct framer_span s[4];
	size_t n = put_frame(buf, 64, 0x11);

	(void)state;
	for (size_t cut = 0; cut < n; cut++) {
		struct framer_result r = framer_parse(buf, cut, s, 4);

		assert_int_equal(r.frames, 0);
		assert_int_equal(r.consumed, 0);
		assert_int_equal(r.need, cut < 4 ? 4 : 68);
	}
}

static void test_partial_after_whole(void **state)
{
	uint8_t buf[256];
	struct framer_span s[4];
	size_t n = put_frame(buf, 30, 1);
	struct framer_result r;

	(void)state;
	n += put_frame(buf + n, 100, 2);
	r = framer_parse(buf, n - 1, s, 4);
	assert_int_equal(r.frames, 1);
	assert_int_equal(r.consumed, 34);
	assert_int_equal(r.need, 104);
}

static void test_zero_length_is_a_frame(void **state)
{
	uint8_t buf[64];
	struct framer_span s[4];
	size_t n = put_frame(buf, 0, 0);
	struct framer_result r;

	(void)state;
	n += put_frame(buf + n, 14, 3);
	r = framer_parse(buf, n, s, 4);
	assert_int_equal(r.frames, 2);
	assert_int_equal(s[0].len, 0);
	assert_int_equal(s[1].len, 14);
}

static void test_max_and_too_long(void **state)
{
	static uint8_t buf[FRAME_MAX + 16];
	struct framer_span s[4];
	uint32_t be = htonl(FRAME_MAX + 1);
	struct framer_result r;
	size_t n = put_frame(buf, FRAME_MAX, 7);

	(void)state;
	r = framer_parse(buf, n, s, 4);
	assert_int_equal(r.frames, 1);
	assert_int_equal(s[0].len, FRAME_MAX);

	memcpy(buf, &be, 4);
	r = framer_parse(buf, 4, s, 4);
	assert_int_equal(r.frames, 0);
	assert_int_equal(r.bad_len, FRAME_MAX + 1);

	be = 0xffffffffU;
	memcpy(buf, &be, 4);
	r = framer_parse(buf, 4, s, 4);
	assert_int_equal(r.bad_len, 0xffffffffU);
}

static void test_good_then_bad(void **state)
{
	uint8_t buf[128];
	struct framer_span s[4];
	size_t n = put_frame(buf, 20, 5);
	uint32_t be = htonl(70000);
	struct framer_result r;

	(void)state;
	memcpy(buf + n, &be, 4);
	r = framer_parse(buf, n + 4, s, 4);
	assert_int_equal(r.frames, 1);
	assert_int_equal(r.consumed, n);
	assert_int_equal(r.bad_len, 70000);
}

static void test_span_limit(void **state)
{
	uint8_t buf[512];
	struct framer_span s[2];
	size_t n = 0;
	struct framer_result r;

	(void)state;
	for (int i = 0; i < 5; i++)
		n += put_frame(buf + n, 20, (uint8_t)i);
	r = framer_parse(buf, n, s, 2);
	assert_int_equal(r.frames, 2);
	assert_int_equal(r.consumed, 48);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_two_whole_frames),
		cmocka_unit_test(test_every_split),
		cmocka_unit_test(test_partial_after_whole),
		cmocka_unit_test(test_zero_length_is_a_frame),
		cmocka_unit_test(test_max_and_too_long),
		cmocka_unit_test(test_good_then_bad),
		cmocka_unit_test(test_span_limit),
	};

	return cmocka_run_group_tests_name("framer", tests, NULL, NULL);
}
