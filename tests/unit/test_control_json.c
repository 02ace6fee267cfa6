// SPDX-License-Identifier: GPL-2.0-or-later
/* test_control_json.c - unit tests of the control socket's JSON rules
 * (emu/control_json.c): what is refused and how the error reads, the
 * limits, strings of bytes that are not UTF-8, numbers as option text
 */

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "control_json.h"
#include "util.h"

static json_t *parse_ok(const char *s, size_t len)
{
	char err[CONTROL_JSON_ERR_LEN];
	json_t *v = NULL;

	if (control_json_parse(s, len, &v, err, sizeof(err)))
		fail_msg("'%.*s': %s", (int)len, s, err);
	assert_non_null(v);
	return v;
}

static void expect_error_len(const char *s, size_t len, const char *msg)
{
	char err[CONTROL_JSON_ERR_LEN] = "";
	json_t *v = (json_t *)&v;	/* must be reset to NULL */

	assert_int_equal(control_json_parse(s, len, &v, err, sizeof(err)), -EINVAL);
	assert_null(v);
	if (!strstr(err, msg))
		fail_msg("'%.*s': got '%s', want '%s'", (int)len, s, err, msg);
}

static void expect_error(const char *s, const char *msg)
{
	expect_error_len(s, strlen(s), msg);
}

/* Any value at the top, whitespace around it, the length not the NUL */
static void test_accepted(void **state)
{
	static const char *const ok[] = {
		"{}", " [ ] ", "\"quit\"", "1", "-0.5e3", "true", "null",
		"\t{\"a\":[1,{\"b\":null}]}\r\n", "\"\\ud83d\\ude00 \xc3\xa9\"",
	};
	json_t *v;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		json_decref(parse_ok(ok[i], strlen(ok[i])));
	v = parse_ok("[1]GARBAGE", 3);
	assert_int_equal(json_array_size(v), 1);
	json_decref(v);
}

/* What the control socket refuses; the message names the byte */
static void test_refused(void **state)
{
	static const struct { const char *in; const char *msg; } cases[] = {
		{ "", "at byte 0: " },
		{ "{\"a\":1,\"a\":2}", "duplicate object key" },
		{ "{\"a\":{\"b\":1,\"b\":1}}", "duplicate object key" },
		{ "\"\\u0000\"", "\\u0000 is not allowed" },
		{ "\"\\ud800\"", "invalid Unicode" },
		{ "\"\\udc00\"", "invalid Unicode" },
		{ "\"\x01\"", "control character" },
		{ "\"\xff\"", "unable to decode byte 0xff" },
		{ "\"\xed\xa0\x80\"", "unable to decode" },	/* a surrogate */
		{ "\"\xc0\x80\"", "unable to decode" },	/* overlong */
		{ "{\"a\":1,}", "at byte 8: " },
		{ "1 2", "end of file expected" },
		{ "01", "at byte " },
		{ "NaN", "invalid token" },
		{ "{'a':1}", "at byte 2: " },
		{ "99999999999999999999", "too big integer" },
		{ "1e400", "real number overflow" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		expect_error(cases[i].in, cases[i].msg);
}

/* A raw NUL is an error where it stands, not the end of the input */
static void test_nul_byte(void **state)
{
	(void)state;
	expect_error_len("{}\0", 3, "at byte 2: unexpected byte 0x00");
	expect_error_len("\"a\0b\"", 5, "at byte 2: unexpected byte 0x00");
	expect_error_len("\0", 1, "at byte 0: unexpected byte 0x00");
}

static void test_depth(void **state)
{
	char buf[2 * (CONTROL_JSON_DEPTH_MAX + 1) + 1];

	(void)state;
	memset(buf, '[', CONTROL_JSON_DEPTH_MAX);
	memset(buf + CONTROL_JSON_DEPTH_MAX, ']', CONTROL_JSON_DEPTH_MAX);
	json_decref(parse_ok(buf, 2 * CONTROL_JSON_DEPTH_MAX));
	memset(buf, '[', CONTROL_JSON_DEPTH_MAX + 1);
	memset(buf + CONTROL_JSON_DEPTH_MAX + 1, ']', CONTROL_JSON_DEPTH_MAX + 1);
	expect_error_len(buf, 2 * (CONTROL_JSON_DEPTH_MAX + 1), "nesting deeper than 32");
	/* objects count too: 33 of them */
	expect_error("{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"
		     "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"
		     "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"
		     "{\"a\":{\"a\":{\"a\":1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}",
		     "nesting deeper than 32");
	/* scalars inside the deepest container do not count */
	memset(buf, '[', CONTROL_JSON_DEPTH_MAX);
	buf[CONTROL_JSON_DEPTH_MAX] = '1';
	memset(buf + CONTROL_JSON_DEPTH_MAX + 1, ']', CONTROL_JSON_DEPTH_MAX);
	json_decref(parse_ok(buf, 2 * CONTROL_JSON_DEPTH_MAX + 1));
}

/* Append to a buffer that has room (the test sizes it) */
__attribute__((format(printf, 4, 5)))
static void put(char *buf, size_t cap, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf + *n, cap - *n, fmt, ap);
	va_end(ap);
	assert_true(len >= 0 && (size_t)len < cap - *n);
	*n += (size_t)len;
}

static void test_members_limit(void **state)
{
	char buf[16 * (CONTROL_JSON_MEMBERS_MAX + 1) + 32];
	size_t n = 0, end;
	json_t *v;

	(void)state;
	put(buf, sizeof(buf), &n, "[{");
	for (int i = 0; i < CONTROL_JSON_MEMBERS_MAX; i++)
		put(buf, sizeof(buf), &n, "%s\"k%d\":%d", i ? "," : "", i, i);
	end = n;
	put(buf, sizeof(buf), &end, "}]");
	v = parse_ok(buf, end);
	assert_int_equal(json_object_size(json_array_get(v, 0)), CONTROL_JSON_MEMBERS_MAX);
	json_decref(v);
	put(buf, sizeof(buf), &n, ",\"k%d\":0}]", CONTROL_JSON_MEMBERS_MAX);
	expect_error_len(buf, n, "more than 1024 members in an object");
}

static void expect_repaired(const char *in, const char *want)
{
	json_t *v = control_json_string(in);

	assert_non_null(v);
	assert_string_equal(json_string_value(v), want);
	json_decref(v);
}

/* Bytes that are not UTF-8 become U+FFFD, one per byte; the rest stays */
static void test_string_repair(void **state)
{
	(void)state;
	expect_repaired("plain", "plain");
	expect_repaired("caf\xc3\xa9 \xf0\x9f\x98\x80", "caf\xc3\xa9 \xf0\x9f\x98\x80");
	expect_repaired("a\xff" "b", "a\xef\xbf\xbd" "b");
	expect_repaired("\xc3", "\xef\xbf\xbd");				/* cut short */
	expect_repaired("\xe2\x82x", "\xef\xbf\xbd\xef\xbf\xbdx");
	expect_repaired("\xc0\x80", "\xef\xbf\xbd\xef\xbf\xbd");		/* overlong */
	expect_repaired("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* surrogate */
	expect_repaired("\xf4\x90\x80\x80z", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz");
	expect_repaired("\x01\x7f", "\x01\x7f");	/* valid, escaped by the writer */
	expect_repaired("", "");
	expect_repaired(NULL, "");
}

static void expect_number(const char *json, const char *want)
{
	char buf[CONTROL_JSON_NUMBER_LEN];
	json_t *v = json_loads(json, JSON_DECODE_ANY, NULL);

	assert_non_null(v);
	assert_int_equal(control_json_number(v, buf, sizeof(buf)), 0);
	assert_string_equal(buf, want);
	json_decref(v);
}

static void test_number_text(void **state)
{
	char buf[CONTROL_JSON_NUMBER_LEN];
	json_t *v;

	(void)state;
	expect_number("0", "0");
	expect_number("-17", "-17");
	expect_number("9223372036854775807", "9223372036854775807");
	expect_number("-9223372036854775808", "-9223372036854775808");
	expect_number("1.5", "1.5");
	expect_number("1.50", "1.5");
	expect_number("0.1", "0.1");
	expect_number("-2.25e-3", "-0.00225");
	expect_number("1e2", "1e+02");
	expect_number("0.30000000000000004", "0.30000000000000004");
	expect_number("1.7976931348623157e308", "1.7976931348623157e+308");
	v = json_string("1");
	assert_int_equal(control_json_number(v, buf, sizeof(buf)), -EINVAL);
	json_decref(v);
	assert_int_equal(control_json_number(json_true(), buf, sizeof(buf)), -EINVAL);
	v = json_integer(1);
	assert_int_equal(control_json_number(v, buf, CONTROL_JSON_NUMBER_LEN - 1), -EINVAL);
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_members_limit),
		cmocka_unit_test(test_string_repair),
		cmocka_unit_test(test_number_text),
	};

	control_json_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
