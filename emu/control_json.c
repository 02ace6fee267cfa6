// SPDX-License-Identifier: GPL-2.0-or-later
/* control_json.c - the control socket's JSON rules, over jansson
 *
 * DOC: Theory of operation
 *
 * jansson reads and writes the JSON; this file holds what the control
 * socket adds to it, so that every request line is read by one set of
 * rules (docs/control.md):
 *
 * - control_json_parse(): one value (not only an object: a request that
 *   is not an object gets its own error reply), keys unique
 *   (JSON_REJECT_DUPLICATES), "\u0000" refused (jansson's default), and
 *   a raw NUL byte refused here (jansson would take it as the end of the
 *   input). Then the limits that keep a hostile line cheap: nesting at
 *   most CONTROL_JSON_DEPTH_MAX deep, at most CONTROL_JSON_MEMBERS_MAX
 *   members per object. Every error is one line naming the byte offset
 *   where jansson gave up.
 * - control_json_string(): jansson refuses to make a string of bytes that
 *   are not UTF-8, but port ids, peer descriptions and socket paths come
 *   from the command line and from peers and may be anything; invalid
 *   bytes become U+FFFD so that a reply is always valid JSON.
 * - control_json_number(): a number as netdev-add writes it into an
 *   option string, integers as they were sent, other numbers in their
 *   shortest form that reads back as the same double.
 * - control_json_init(): jansson allocates through xmalloc() and free()
 *   (out of memory is fatal, docs/architecture.md), so no jansson call
 *   here fails for want of memory; and it seeds its hash function now,
 *   not when the first object is made: that reads /dev/urandom, which the
 *   sandbox has neither a /dev nor a system call for.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "control_json.h"
#include "xalloc.h"

/* UTF-8 replacement character, U+FFFD */
static const char utf8_replacement[] = "\xef\xbf\xbd";

/**
 * control_json_init() - jansson's allocator and hash seed, before any use
 *
 * Call before the first JSON value is made (the allocator cannot change
 * later) and before the sandbox is entered: jansson reads /dev/urandom
 * (or, without it, takes the time and pid) once, here, instead of at the
 * first object it makes. Later calls do nothing.
 */
void control_json_init(void)
{
	static bool done;

	if (done)
		return;
	json_set_alloc_funcs(xmalloc, free);
	json_object_seed(0);
	done = true;
}

/* Nesting and object sizes within the limits; 0 or -EINVAL with @err set */
static int json_limits(json_t *v, unsigned int depth, char *err, size_t errlen)
{
	const char *key;
	json_t *m;
	size_t i;
	int ret = 0;

	if (!json_is_object(v) && !json_is_array(v))
		return 0;
	if (depth > CONTROL_JSON_DEPTH_MAX) {
		snprintf(err, errlen, "nesting deeper than %d", CONTROL_JSON_DEPTH_MAX);
		return -EINVAL;
	}
	if (json_is_array(v)) {
		json_array_foreach(v, i, m)
			if (!ret)
				ret = json_limits(m, depth + 1, err, errlen);
		return ret;
	}
	if (json_object_size(v) > CONTROL_JSON_MEMBERS_MAX) {
		snprintf(err, errlen, "more than %d members in an object",
			 CONTROL_JSON_MEMBERS_MAX);
		return -EINVAL;
	}
	json_object_foreach(v, key, m)
		if (!ret)
			ret = json_limits(m, depth + 1, err, errlen);
	return ret;
}

/**
 * control_json_parse() - read one JSON value from a buffer, strictly
 * @buf:	text, not necessarily NUL-terminated
 * @len:	its length
 * @out:	the value, to release with json_decref(); NULL on failure
 * @err:	message on failure ("at byte N: ..." for a syntax error)
 * @errlen:	size of @err
 *
 * Any value is accepted at the top, surrounded by whitespace; keys must
 * be unique, strings UTF-8 without NUL, and the limits of
 * CONTROL_JSON_DEPTH_MAX and CONTROL_JSON_MEMBERS_MAX hold.
 *
 * Return: 0, or -EINVAL with @err set
 */
int control_json_parse(const char *buf, size_t len, json_t **out,
		       char *err, size_t errlen)
{
	const char *nul = memchr(buf, '\0', len);
	json_error_t je;
	json_t *v;

	*out = NULL;
	if (nul) {
		snprintf(err, errlen, "at byte %zu: unexpected byte 0x00",
			 (size_t)(nul - buf));
		return -EINVAL;
	}
	v = json_loadb(buf, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	if (!v) {
		snprintf(err, errlen, "at byte %d: %s", je.position, je.text);
		return -EINVAL;
	}
	if (json_limits(v, 1, err, errlen) < 0) {
		json_decref(v);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

/* Length of the valid UTF-8 sequence at @s (@n bytes left), 0 if none */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t need;

	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xc2)
		return 0;
	need = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : s[0] < 0xf5 ? 4 : 0;
	if (!need || n < need)
		return 0;
	for (size_t i = 1; i < need; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* overlong forms, surrogates, past U+10FFFF */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return need;
}

/* @s with every byte that is not part of valid UTF-8 replaced */
static json_t *string_repaired(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s), o = 0;
	char *fixed = xmalloc(3 * len + 1);
	json_t *v;

	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq(u + i, len - i);

		if (n) {
			memcpy(fixed + o, s + i, n);
			o += n;
			i += n;
		} else {
			memcpy(fixed + o, utf8_replacement, 3);
			o += 3;
			i++;
		}
	}
	fixed[o] = '\0';
	v = json_stringn_nocheck(fixed, o);
	free(fixed);
	return v;
}

/**
 * control_json_string() - a JSON string of any C string
 * @s:	text; bytes that are not valid UTF-8 become U+FFFD; NULL is ""
 *
 * Return: a new reference
 */
json_t *control_json_string(const char *s)
{
	json_t *v;

	if (!s)
		s = "";
	v = json_string(s);
	return v ? v : string_repaired(s);
}

/**
 * control_json_number() - the text of a number, for an option string
 * @v:		a JSON integer or real
 * @buf:	where to write it
 * @len:	its size, at least CONTROL_JSON_NUMBER_LEN
 *
 * An integer is written in decimal, as it was sent. A real is written in
 * the fewest significant digits that read back as the same double
 * (1.50 gives "1.5", 1e2 "1e+02").
 *
 * Return: 0, or -EINVAL if @v is not a number or @buf too small
 */
int control_json_number(const json_t *v, char *buf, size_t len)
{
	double d;
	int n;

	if (len < CONTROL_JSON_NUMBER_LEN)
		return -EINVAL;
	if (json_is_integer(v)) {
		snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return 0;
	}
	if (!json_is_real(v))
		return -EINVAL;
	d = json_real_value(v);
	for (int prec = 1; prec <= 17; prec++) {
		n = snprintf(buf, len, "%.*g", prec, d);
		if (n > 0 && (size_t)n < len && strtod(buf, NULL) == d)
			return 0;
	}
	return 0;	/* %.17g always reads back the same */
}
