// SPDX-License-Identifier: GPL-2.0-or-later
/* test_json.c - unit tests of the JSON parser and writer (emu/json.c):
 * every accepted form, every error message, the limits, and escaping
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

#include "json.h"

static struct json *parse_ok(const char *s, size_t len)
{
	char err[JSON_ERR_LEN];
	struct json *v = NULL;
	int ret = json_parse(s, len, &v, err, sizeof(err));

	if (ret)
		fail_msg("'%.*s': %s", (int)len, s, err);
	assert_non_null(v);
	return v;
}

static struct json *parse_str(const char *s)
{
	return parse_ok(s, strlen(s));
}

/* Writes @v compactly; the caller frees */
static char *write_value(const struct json *v, bool pretty)
{
	struct jw w;
	char *s;

	jw_init(&w, pretty);
	jw_value(&w, v);
	s = jw_finish(&w, NULL);
	assert_non_null(s);
	return s;
}

/* Parse @in and write it again: it must read @out */
static void roundtrip(const char *in, const char *out)
{
	struct json *v = parse_str(in);
	char *s = write_value(v, false);

	assert_string_equal(s, out);
	free(s);
	json_free(v);
}

static void expect_error_len(const char *s, size_t len, const char *msg)
{
	char err[JSON_ERR_LEN];
	struct json *v = (struct json *)&v;	/* must be reset to NULL */

	assert_int_equal(json_parse(s, len, &v, err, sizeof(err)), -EINVAL);
	assert_null(v);
	if (!strstr(err, msg))
		fail_msg("'%.*s': got '%s', want '%s'", (int)len, s, err, msg);
}

static void expect_error(const char *s, const char *msg)
{
	expect_error_len(s, strlen(s), msg);
}

static void test_scalars(void **state)
{
	struct json *v;

	(void)state;
	v = parse_str(" true ");
	assert_int_equal(v->type, JSON_TRUE);
	json_free(v);
	v = parse_str("false");
	assert_int_equal(v->type, JSON_FALSE);
	json_free(v);
	v = parse_str("\t\r\nnull\n");
	assert_int_equal(v->type, JSON_NULL);
	json_free(v);
	v = parse_str("\"hi\"");
	assert_int_equal(v->type, JSON_STRING);
	assert_string_equal(v->str, "hi");
	json_free(v);
}

static void test_numbers(void **state)
{
	static const char *const ok[] = {
		"0", "-0", "12", "-12", "1.5", "-0.25", "1e3", "1E+3", "2e-3",
		"1.25e10", "9223372036854775807", "-9223372036854775808",
	};
	struct json *v;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		v = parse_str(ok[i]);
		assert_int_equal(v->type, JSON_NUMBER);
		assert_string_equal(v->str, ok[i]);
		json_free(v);
	}
	v = parse_str("-42");
	assert_true(v->is_int);
	assert_int_equal(v->i, -42);
	json_free(v);
	v = parse_str("9223372036854775807");
	assert_true(v->is_int);
	assert_true(v->i == INT64_MAX);
	json_free(v);
	v = parse_str("9223372036854775808");	/* too big: kept as text */
	assert_false(v->is_int);
	json_free(v);
	v = parse_str("1.0");
	assert_false(v->is_int);
	json_free(v);
	v = parse_str("1e2");
	assert_false(v->is_int);
	json_free(v);
}

static void test_strings(void **state)
{
	struct json *v;

	(void)state;
	v = parse_str("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"");
	assert_string_equal(v->str, "a\"b\\c/d\b\f\n\r\t");
	json_free(v);
	v = parse_str("\"\\u0041\\u00e9\\u20AC\"");
	assert_string_equal(v->str, "A\xc3\xa9\xe2\x82\xac");
	json_free(v);
	v = parse_str("\"\\ud83d\\ude00!\"");	/* surrogate pair: U+1F600 */
	assert_string_equal(v->str, "\xf0\x9f\x98\x80!");
	json_free(v);
	v = parse_str("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\"");
	assert_string_equal(v->str, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf");
	json_free(v);
	v = parse_str("\"\"");
	assert_string_equal(v->str, "");
	json_free(v);
}

static void test_containers(void **state)
{
	const struct json *m;
	struct json *v;

	(void)state;
	v = parse_str("{ \"a\" : [1, \"x\", {}, []] , \"b\":{\"c\":null} }");
	assert_int_equal(v->type, JSON_OBJECT);
	assert_int_equal(v->n, 2);
	m = json_get(v, "a");
	assert_non_null(m);
	assert_int_equal(m->type, JSON_ARRAY);
	assert_int_equal(m->n, 4);
	assert_int_equal(m->child->next->next->type, JSON_OBJECT);
	assert_int_equal(m->child->next->next->n, 0);
	assert_null(json_get(v, "c"));
	assert_int_equal(json_get(json_get(v, "b"), "c")->type, JSON_NULL);
	assert_null(json_get(m, "a"));		/* not an object */
	assert_null(json_get(NULL, "a"));
	json_free(v);
	roundtrip(" [ ] ", "[]");
	roundtrip("{}", "{}");
	roundtrip("{\"a\":[1,-2.5e3,true,false,null,\"s\"],\"b\":{\"c\":{}}}",
		  "{\"a\":[1,-2.5e3,true,false,null,\"s\"],\"b\":{\"c\":{}}}");
}

static void test_depth(void **state)
{
	char buf[2 * (JSON_DEPTH_MAX + 1) + 1];
	struct json *v;

	(void)state;
	memset(buf, '[', JSON_DEPTH_MAX);
	memset(buf + JSON_DEPTH_MAX, ']', JSON_DEPTH_MAX);
	v = parse_ok(buf, 2 * JSON_DEPTH_MAX);
	json_free(v);
	memset(buf, '[', JSON_DEPTH_MAX + 1);
	memset(buf + JSON_DEPTH_MAX + 1, ']', JSON_DEPTH_MAX + 1);
	expect_error_len(buf, 2 * (JSON_DEPTH_MAX + 1), "nesting deeper than 32");
	/* objects count too: 33 of them */
	expect_error("{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"
		     "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"
		     "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"
		     "{\"a\":{\"a\":{\"a\":1", "nesting deeper than 32");
}

static void test_members_limit(void **state)
{
	size_t cap = 16 * (JSON_MEMBERS_MAX + 1) + 16, n = 0;
	char *buf = malloc(cap);
	struct json *v;

	(void)state;
	assert_non_null(buf);
	buf[n++] = '{';
	for (int i = 0; i < JSON_MEMBERS_MAX; i++)
		n += (size_t)sprintf(buf + n, "%s\"k%d\":%d", i ? "," : "", i, i);
	buf[n] = '}';
	v = parse_ok(buf, n + 1);
	assert_int_equal(v->n, JSON_MEMBERS_MAX);
	json_free(v);
	n += (size_t)sprintf(buf + n, ",\"k%d\":0}", JSON_MEMBERS_MAX);
	expect_error_len(buf, n, "more than 1024 members");
	free(buf);
}

static void test_errors(void **state)
{
	static const struct { const char *in; const char *msg; } cases[] = {
		{ "", "at byte 0: unexpected end of input" },
		{ "   ", "at byte 3: unexpected end of input" },
		{ "x", "unexpected character 'x'" },
		{ "\x01", "unexpected byte 0x01" },
		{ "\xc3\xa9", "unexpected byte 0xc3" },
		{ "{", "unexpected end of input" },
		{ "{\"a\"", "unexpected end of input" },
		{ "{\"a\":", "unexpected end of input" },
		{ "{\"a\" 1}", "expected ':'" },
		{ "{1:2}", "expected a string key" },
		{ "{\"a\":1,}", "expected a string key" },
		{ "{\"a\":1 \"b\":2}", "expected ',' or '}'" },
		{ "{\"a\":1", "unexpected end of input" },
		{ "{\"a\":1,\"a\":2}", "duplicate key 'a'" },
		{ "[1 2]", "expected ',' or ']'" },
		{ "[1,", "unexpected end of input" },
		{ "[1,]", "unexpected character ']'" },
		{ "[", "unexpected end of input" },
		{ "]", "unexpected character ']'" },
		{ "\"abc", "unterminated string" },
		{ "\"a\\", "unterminated string" },
		{ "\"a\\\"", "unterminated string" },
		{ "\"\x01\"", "control character 0x01 in string" },
		{ "\"\n\"", "control character 0x0a in string" },
		{ "\"\\x\"", "invalid escape" },
		{ "\"\\U0041\"", "invalid escape" },
		{ "\"\\u12\"", "invalid \\u escape" },
		{ "\"\\u12zz\"", "invalid \\u escape" },
		{ "\"\\u0000\"", "\\u0000 is not allowed" },
		{ "\"\\udc00\"", "lone low surrogate" },
		{ "\"\\ud800\"", "lone high surrogate" },
		{ "\"\\ud800x\"", "lone high surrogate" },
		{ "\"\\ud800\\u0041\"", "lone high surrogate" },
		{ "\"\\ud800\\ud800\"", "lone high surrogate" },
		{ "\"\\ud800\\uzzzz\"", "lone high surrogate" },
		{ "\"\xff\"", "invalid UTF-8" },
		{ "\"\x80\"", "invalid UTF-8" },
		{ "\"\xc0\x80\"", "invalid UTF-8" },		/* overlong */
		{ "\"\xe0\x80\xaf\"", "invalid UTF-8" },	/* overlong */
		{ "\"\xed\xa0\x80\"", "invalid UTF-8" },	/* surrogate */
		{ "\"\xf0\x80\x80\xaf\"", "invalid UTF-8" },	/* overlong */
		{ "\"\xf4\x90\x80\x80\"", "invalid UTF-8" },	/* past U+10FFFF */
		{ "\"\xf5\x80\x80\x80\"", "invalid UTF-8" },
		{ "\"\xe2\x82\"", "invalid UTF-8" },		/* cut short */
		{ "\"\xe2\x82x\"", "invalid UTF-8" },
		{ "-", "invalid number" },
		{ "-a", "invalid number" },
		{ "1.", "invalid number" },
		{ "1.e3", "invalid number" },
		{ "1e", "invalid number" },
		{ "1e+", "invalid number" },
		{ ".5", "unexpected character '.'" },
		{ "+1", "unexpected character '+'" },
		{ "01", "at byte 1: trailing characters" },
		{ "1 2", "trailing characters after the value" },
		{ "{}}", "trailing characters" },
		{ "tru", "invalid literal" },
		{ "nul", "invalid literal" },
		{ "fals", "invalid literal" },
		{ "TRUE", "unexpected character 'T'" },
		{ "truex", "trailing characters" },
		{ "NaN", "unexpected character 'N'" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_error(cases[i].in, cases[i].msg);
	/* NUL bytes: outside strings and inside */
	expect_error_len("[1]\0", 4, "trailing characters");
	expect_error_len("\"a\0b\"", 5, "control character 0x00 in string");
	expect_error_len("\0", 1, "unexpected byte 0x00");
}

static void test_error_without_buffer(void **state)
{
	struct json *v;

	(void)state;
	assert_int_equal(json_parse("x", 1, &v, NULL, 0), -EINVAL);
	assert_null(v);
}

static void test_utf8_seq(void **state)
{
	(void)state;
	assert_int_equal(json_utf8_seq((const unsigned char *)"a", 1), 1);
	assert_int_equal(json_utf8_seq((const unsigned char *)"\xc2\x80", 2), 2);
	assert_int_equal(json_utf8_seq((const unsigned char *)"\xc2\x80", 1), 0);
	assert_int_equal(json_utf8_seq((const unsigned char *)"\xc1\xbf", 2), 0);
	assert_int_equal(json_utf8_seq((const unsigned char *)"\xef\xbf\xbf", 3), 3);
	assert_int_equal(json_utf8_seq((const unsigned char *)"\xed\x9f\xbf", 3), 3);
	assert_int_equal(json_utf8_seq((const unsigned char *)"\xed\xa0\x80", 3), 0);
	assert_int_equal(json_utf8_seq((const unsigned char *)"\xf0\x90\x80\x80", 4), 4);
	assert_int_equal(json_utf8_seq((const unsigned char *)"\xf4\x8f\xbf\xbf", 4), 4);
	assert_int_equal(json_utf8_seq((const unsigned char *)"\xf4\x90\x80\x80", 4), 0);
	assert_int_equal(json_utf8_seq((const unsigned char *)"\xf8\x80\x80\x80", 4), 0);
}

static void test_type_names(void **state)
{
	(void)state;
	assert_string_equal(json_type_name(JSON_NULL), "null");
	assert_string_equal(json_type_name(JSON_TRUE), "bool");
	assert_string_equal(json_type_name(JSON_FALSE), "bool");
	assert_string_equal(json_type_name(JSON_NUMBER), "number");
	assert_string_equal(json_type_name(JSON_STRING), "string");
	assert_string_equal(json_type_name(JSON_ARRAY), "array");
	assert_string_equal(json_type_name(JSON_OBJECT), "object");
}

static void test_writer_escapes(void **state)
{
	struct jw w;
	char *s;

	(void)state;
	jw_init(&w, false);
	jw_arr_begin(&w);
	jw_str(&w, "q\" b\\ n\n r\r t\t b\b f\f c\x01\x1f del\x7f");
	jw_str(&w, "\xc3\xa9\xf0\x9f\x98\x80");		/* valid UTF-8 as is */
	jw_str(&w, "bad\xff\xc0\x80 cut\xe2\x82");	/* invalid: U+FFFD */
	jw_int(&w, INT64_MIN);
	jw_uint(&w, UINT64_MAX);
	jw_bool(&w, true);
	jw_bool(&w, false);
	jw_null(&w);
	jw_raw(&w, "1.5", 3);
	jw_arr_end(&w);
	s = jw_finish(&w, NULL);
	assert_non_null(s);
	assert_string_equal(s,
		"[\"q\\\" b\\\\ n\\n r\\r t\\t b\\b f\\f c\\u0001\\u001f del\x7f\","
		"\"\xc3\xa9\xf0\x9f\x98\x80\","
		"\"bad\\ufffd\\ufffd\\ufffd cut\\ufffd\\ufffd\","
		"-9223372036854775808,18446744073709551615,true,false,null,1.5]");
	/* what we write reads back */
	{
		struct json *v = parse_str(s);

		assert_string_equal(v->child->str,
				    "q\" b\\ n\n r\r t\t b\b f\f c\x01\x1f del\x7f");
		json_free(v);
	}
	free(s);
}

static void test_writer_objects(void **state)
{
	size_t len;
	struct jw w;
	char *s;

	(void)state;
	jw_init(&w, false);
	jw_obj_begin(&w);
	jw_key(&w, "a\"");
	jw_obj_begin(&w);
	jw_obj_end(&w);
	jw_key(&w, "b");
	jw_arr_begin(&w);
	jw_int(&w, 1);
	jw_obj_begin(&w);
	jw_key(&w, "c");
	jw_null(&w);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);
	s = jw_finish(&w, &len);
	assert_string_equal(s, "{\"a\\\"\":{},\"b\":[1,{\"c\":null}]}");
	assert_int_equal(len, strlen(s));
	free(s);

	/* nothing written: an empty string */
	s = jw_finish(&w, NULL);
	assert_string_equal(s, "");
	free(s);
}

static void test_writer_pretty(void **state)
{
	struct json *v = parse_str("{\"a\":[1,{}],\"b\":{\"c\":[]},\"d\":\"x\"}");
	char *s = write_value(v, true);

	(void)state;
	assert_string_equal(s,
		"{\n"
		"  \"a\": [\n"
		"    1,\n"
		"    {}\n"
		"  ],\n"
		"  \"b\": {\n"
		"    \"c\": []\n"
		"  },\n"
		"  \"d\": \"x\"\n"
		"}");
	free(s);
	json_free(v);
}

static void test_writer_too_deep(void **state)
{
	struct jw w;

	(void)state;
	jw_init(&w, false);
	for (int i = 0; i < 70; i++)
		jw_arr_begin(&w);
	for (int i = 0; i < 70; i++)
		jw_arr_end(&w);
	assert_true(w.failed);
	assert_null(jw_finish(&w, NULL));
	/* the writer is usable again */
	jw_int(&w, 7);
	{
		char *s = jw_finish(&w, NULL);

		assert_string_equal(s, "7");
		free(s);
	}
	jw_str(&w, "dropped");
	jw_free(&w);
	assert_null(w.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_containers),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_members_limit),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_error_without_buffer),
		cmocka_unit_test(test_utf8_seq),
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_writer_escapes),
		cmocka_unit_test(test_writer_objects),
		cmocka_unit_test(test_writer_pretty),
		cmocka_unit_test(test_writer_too_deep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
