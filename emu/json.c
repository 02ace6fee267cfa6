// SPDX-License-Identifier: GPL-2.0-or-later
/* json.c - a small strict JSON parser and writer (control socket)
 *
 * DOC: Theory of operation
 *
 * The parser is a pure function of a buffer and its length (RFC 8259,
 * strictly): one value, optionally surrounded by whitespace; strings must
 * be valid UTF-8 without raw control characters, escapes are decoded
 * (\uXXXX and surrogate pairs into UTF-8, a lone surrogate is an error);
 * numbers follow the JSON grammar exactly and keep their text, integers
 * that fit in int64_t are also converted. Limits keep hostile input
 * cheap: nesting at most JSON_DEPTH_MAX deep, at most JSON_MEMBERS_MAX
 * members per object (keys must be unique, QMP does the same). "\u0000"
 * is refused, so that every string is a C string.
 *
 * The result is a tree of struct json: containers hold a list of children
 * (object members carry their key). Every error is one message naming the
 * byte offset.
 *
 * The writer appends to a growing buffer and inserts the separators
 * itself; strings are escaped, and bytes that are not valid UTF-8 are
 * written as U+FFFD so that the output is always valid JSON.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/**
 * struct jp - parser state
 * @s:		input
 * @len:	its length
 * @pos:	next byte to read
 * @err:	message buffer
 * @errlen:	its size
 */
struct jp {
	const unsigned char *s;
	size_t len;
	size_t pos;
	char *err;
	size_t errlen;
};

static int jp_value(struct jp *p, struct json **out, unsigned int depth);

__attribute__((format(printf, 2, 3)))
static int jp_fail(struct jp *p, const char *fmt, ...)
{
	char msg[JSON_ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->errlen && !p->err[0])
		snprintf(p->err, p->errlen, "at byte %zu: %s", p->pos, msg);
	return -EINVAL;
}

static int jp_oom(struct jp *p)
{
	if (p->errlen && !p->err[0])
		snprintf(p->err, p->errlen, "out of memory");
	return -ENOMEM;
}

static int jp_peek(const struct jp *p)
{
	return p->pos < p->len ? p->s[p->pos] : -1;
}

static void jp_ws(struct jp *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
				   p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
}

static int jp_unexpected(struct jp *p)
{
	int c = jp_peek(p);

	if (c < 0)
		return jp_fail(p, "unexpected end of input");
	if (c > 0x20 && c < 0x7f)
		return jp_fail(p, "unexpected character '%c'", c);
	return jp_fail(p, "unexpected byte 0x%02x", (unsigned int)c);
}

static struct json *jnew(enum json_type type)
{
	struct json *v = calloc(1, sizeof(*v));

	if (v)
		v->type = type;
	return v;
}

/**
 * json_utf8_seq() - length of the valid UTF-8 sequence at @s
 * @s:	bytes
 * @n:	bytes available, at least 1
 *
 * Overlong forms, surrogates and code points past U+10FFFF are invalid.
 *
 * Return: 1 to 4, or 0 if @s does not start a valid sequence
 */
size_t json_utf8_seq(const unsigned char *s, size_t n)
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
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return need;
}

static size_t utf8_put(char *d, uint32_t cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | (cp >> 6));
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | (cp >> 12));
		d[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | (cp >> 18));
	d[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	d[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The value of four hex digits at @at, before @end; -1 if there are none */
static long jp_hex4(const struct jp *p, size_t at, size_t end)
{
	long v = 0;

	if (end - at < 4)
		return -1;
	for (size_t i = at; i < at + 4; i++) {
		unsigned char c = p->s[i];
		int d = c >= '0' && c <= '9' ? c - '0' :
			c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* \uXXXX (and a following low surrogate) at p->pos ('u'), into @d */
static int jp_unicode(struct jp *p, size_t end, char *d, size_t *o)
{
	long hi = jp_hex4(p, p->pos + 1, end), lo;

	if (hi < 0)
		return jp_fail(p, "invalid \\u escape");
	if (hi == 0)
		return jp_fail(p, "\\u0000 is not allowed");
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return jp_fail(p, "lone low surrogate");
	if (hi < 0xd800 || hi > 0xdbff) {
		*o += utf8_put(d + *o, (uint32_t)hi);
		p->pos += 5;
		return 0;
	}
	if (end - p->pos < 7 || p->s[p->pos + 5] != '\\' || p->s[p->pos + 6] != 'u')
		return jp_fail(p, "lone high surrogate");
	lo = jp_hex4(p, p->pos + 7, end);
	if (lo < 0xdc00 || lo > 0xdfff)
		return jp_fail(p, "lone high surrogate");
	*o += utf8_put(d + *o, 0x10000 + (((uint32_t)hi - 0xd800) << 10) +
			       ((uint32_t)lo - 0xdc00));
	p->pos += 11;
	return 0;
}

static int jp_escape(struct jp *p, size_t end, char *d, size_t *o)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e;

	p->pos++;	/* the backslash; the scan guarantees a byte follows */
	if (p->s[p->pos] == 'u')
		return jp_unicode(p, end, d, o);
	e = p->s[p->pos] ? strchr(from, p->s[p->pos]) : NULL;
	if (!e)
		return jp_fail(p, "invalid escape");
	d[(*o)++] = to[e - from];
	p->pos++;
	return 0;
}

/* A string at p->pos (the opening quote), decoded into *out */
static int jp_string(struct jp *p, char **out)
{
	size_t end = p->pos + 1, o = 0;
	char *d;
	int ret;

	while (end < p->len && p->s[end] != '"')
		end += p->s[end] == '\\' ? 2 : 1;
	if (end >= p->len)	/* reported where the string starts */
		return jp_fail(p, "unterminated string");
	d = malloc(end - p->pos);	/* decoding never makes it longer */
	if (!d)
		return jp_oom(p);
	p->pos++;
	while (p->pos < end) {
		unsigned char c = p->s[p->pos];
		size_t n;

		if (c == '\\') {
			ret = jp_escape(p, end, d, &o);
			if (ret < 0)
				goto fail;
			continue;
		}
		if (c < 0x20) {
			ret = jp_fail(p, "control character 0x%02x in string", c);
			goto fail;
		}
		n = json_utf8_seq(p->s + p->pos, end - p->pos);
		if (!n) {
			ret = jp_fail(p, "invalid UTF-8 in string");
			goto fail;
		}
		memcpy(d + o, p->s + p->pos, n);
		o += n;
		p->pos += n;
	}
	d[o] = '\0';
	p->pos = end + 1;
	*out = d;
	return 0;
fail:
	free(d);
	return ret;
}

static bool jp_digit(const struct jp *p)
{
	return p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9';
}

static int jp_digits(struct jp *p)
{
	if (!jp_digit(p))
		return jp_fail(p, "invalid number");
	while (jp_digit(p))
		p->pos++;
	return 0;
}

static int jp_number(struct jp *p, struct json *v)
{
	size_t start = p->pos;
	bool is_int = true;
	int ret;

	if (jp_peek(p) == '-')
		p->pos++;
	if (jp_peek(p) == '0')
		p->pos++;
	else if ((ret = jp_digits(p)) < 0)
		return ret;
	if (jp_peek(p) == '.') {
		p->pos++;
		is_int = false;
		if ((ret = jp_digits(p)) < 0)
			return ret;
	}
	if (jp_peek(p) == 'e' || jp_peek(p) == 'E') {
		p->pos++;
		is_int = false;
		if (jp_peek(p) == '+' || jp_peek(p) == '-')
			p->pos++;
		if ((ret = jp_digits(p)) < 0)
			return ret;
	}
	v->str = strndup((const char *)p->s + start, p->pos - start);
	if (!v->str)
		return jp_oom(p);
	if (is_int) {
		errno = 0;
		v->i = strtoll(v->str, NULL, 10);
		is_int = errno != ERANGE;
	}
	v->is_int = is_int;
	return 0;
}

static int jp_literal(struct jp *p, struct json *v)
{
	static const struct { const char *word; enum json_type type; } lit[] = {
		{ "true", JSON_TRUE }, { "false", JSON_FALSE }, { "null", JSON_NULL },
	};

	for (size_t i = 0; i < sizeof(lit) / sizeof(lit[0]); i++) {
		size_t n = strlen(lit[i].word);

		if (p->len - p->pos >= n && !memcmp(p->s + p->pos, lit[i].word, n)) {
			v->type = lit[i].type;
			p->pos += n;
			return 0;
		}
	}
	return jp_fail(p, "invalid literal");
}

static bool jp_has_key(const struct json *obj, const char *key)
{
	for (const struct json *m = obj->child; m; m = m->next)
		if (!strcmp(m->key, key))
			return true;
	return false;
}

/* One "key": value member of @obj, appended at *tail */
static int jp_member(struct jp *p, struct json *obj, struct json ***tail,
		     unsigned int depth)
{
	struct json *m = NULL;
	char *key = NULL;
	int ret;

	if (jp_peek(p) != '"')
		return jp_peek(p) < 0 ? jp_unexpected(p) : jp_fail(p, "expected a string key");
	if (obj->n >= JSON_MEMBERS_MAX)
		return jp_fail(p, "more than %d members in an object", JSON_MEMBERS_MAX);
	ret = jp_string(p, &key);
	if (ret < 0)
		return ret;
	if (jp_has_key(obj, key)) {
		ret = jp_fail(p, "duplicate key '%.40s'", key);
		goto out;
	}
	jp_ws(p);
	if (jp_peek(p) != ':') {
		ret = jp_peek(p) < 0 ? jp_unexpected(p) : jp_fail(p, "expected ':'");
		goto out;
	}
	p->pos++;
	jp_ws(p);
	ret = jp_value(p, &m, depth);
	if (m) {
		m->key = key;
		key = NULL;
		**tail = m;
		*tail = &m->next;
		obj->n++;
	}
out:
	free(key);
	return ret;
}

static int jp_container(struct jp *p, struct json *v, unsigned int depth)
{
	bool obj = v->type == JSON_OBJECT;
	char close = obj ? '}' : ']';
	struct json **tail = &v->child;
	int ret;

	if (depth > JSON_DEPTH_MAX)
		return jp_fail(p, "nesting deeper than %d", JSON_DEPTH_MAX);
	p->pos++;
	jp_ws(p);
	if (jp_peek(p) == close) {
		p->pos++;
		return 0;
	}
	for (;;) {
		if (obj) {
			ret = jp_member(p, v, &tail, depth);
		} else {
			ret = jp_value(p, tail, depth);
			if (*tail) {
				tail = &(*tail)->next;
				v->n++;
			}
		}
		if (ret < 0)
			return ret;
		jp_ws(p);
		if (jp_peek(p) == close) {
			p->pos++;
			return 0;
		}
		if (jp_peek(p) != ',')
			return jp_peek(p) < 0 ? jp_unexpected(p) :
			       jp_fail(p, "expected ',' or '%c'", close);
		p->pos++;
		jp_ws(p);
	}
}

/* One value at p->pos; *out is set as soon as anything was allocated */
static int jp_value(struct jp *p, struct json **out, unsigned int depth)
{
	int c = jp_peek(p);
	struct json *v;

	if (c <= 0 || !strchr("{[\"tfn-0123456789", c))
		return jp_unexpected(p);
	v = jnew(c == '{' ? JSON_OBJECT : c == '[' ? JSON_ARRAY :
		 c == '"' ? JSON_STRING : JSON_NUMBER);
	if (!v)
		return jp_oom(p);
	*out = v;
	switch (c) {
	case '{':
	case '[':
		return jp_container(p, v, depth + 1);
	case '"':
		return jp_string(p, &v->str);
	case 't':
	case 'f':
	case 'n':
		return jp_literal(p, v);
	default:
		return jp_number(p, v);
	}
}

/**
 * json_parse() - parse one JSON value from a buffer
 * @buf:	text, not necessarily NUL-terminated
 * @len:	its length
 * @out:	the value, to free with json_free(); NULL on failure
 * @err:	message on failure ("at byte N: ...")
 * @errlen:	size of @err
 *
 * Return: 0, -EINVAL on a syntax or limit error, -ENOMEM
 */
int json_parse(const char *buf, size_t len, struct json **out,
	       char *err, size_t errlen)
{
	struct jp p = { .s = (const unsigned char *)buf, .len = len,
			.err = err, .errlen = errlen };
	struct json *v = NULL;
	int ret;

	*out = NULL;
	if (errlen)
		err[0] = '\0';
	jp_ws(&p);
	ret = jp_value(&p, &v, 0);
	if (!ret) {
		jp_ws(&p);
		if (p.pos < p.len)
			ret = jp_fail(&p, "trailing characters after the value");
	}
	if (ret < 0) {
		json_free(v);
		return ret;
	}
	*out = v;
	return 0;
}

/**
 * json_free() - free a parsed value and everything in it
 * @v:	value, or NULL
 */
void json_free(struct json *v)
{
	while (v) {
		struct json *next = v->next;

		json_free(v->child);
		free(v->key);
		free(v->str);
		free(v);
		v = next;
	}
}

/**
 * json_get() - a member of an object
 * @obj:	object (anything else has no members)
 * @key:	member name
 *
 * Return: the member's value, or NULL if there is none
 */
const struct json *json_get(const struct json *obj, const char *key)
{
	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (const struct json *m = obj->child; m; m = m->next)
		if (!strcmp(m->key, key))
			return m;
	return NULL;
}

/**
 * json_type_name() - name of a type, as in error messages
 * @type:	type
 *
 * Return: a static string ("string", "bool", ...)
 */
const char *json_type_name(enum json_type type)
{
	switch (type) {
	case JSON_NULL:
		return "null";
	case JSON_FALSE:
	case JSON_TRUE:
		return "bool";
	case JSON_NUMBER:
		return "number";
	case JSON_STRING:
		return "string";
	case JSON_ARRAY:
		return "array";
	case JSON_OBJECT:
		return "object";
	}
	return "?";
}

/* Writer */

static void jw_put(struct jw *w, const char *s, size_t n)
{
	if (w->failed)
		return;
	if (w->len + n + 1 > w->cap) {
		size_t cap = w->cap ? w->cap : 256;
		char *b;

		while (cap < w->len + n + 1)
			cap *= 2;
		b = realloc(w->buf, cap);
		if (!b) {
			w->failed = true;
			return;
		}
		w->buf = b;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

static void jw_newline(struct jw *w)
{
	static const char spaces[] = "                                ";

	if (!w->pretty)
		return;
	jw_put(w, "\n", 1);
	for (unsigned int i = 0; i < w->depth; i++)
		jw_put(w, spaces, 2);
}

/* Before a value or a key: the comma and the line break it needs */
static void jw_sep(struct jw *w)
{
	uint64_t bit = 1ULL << w->depth;

	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->depth)
		return;
	if (w->nonfirst & bit)
		jw_put(w, ",", 1);
	w->nonfirst |= bit;
	jw_newline(w);
}

/**
 * jw_init() - start an empty writer
 * @w:		writer
 * @pretty:	indent the output
 */
void jw_init(struct jw *w, bool pretty)
{
	memset(w, 0, sizeof(*w));
	w->pretty = pretty;
}

/**
 * jw_free() - free the text of a writer that is not wanted
 * @w:	writer
 */
void jw_free(struct jw *w)
{
	free(w->buf);
	jw_init(w, w->pretty);
}

/**
 * jw_finish() - take the text written
 * @w:		writer, empty again afterwards
 * @len:	its length, or NULL
 *
 * Return: the NUL-terminated text, for the caller to free; NULL if the
 *	   writer failed (out of memory, nesting too deep)
 */
char *jw_finish(struct jw *w, size_t *len)
{
	char *s;

	if (!w->failed && !w->buf)
		jw_put(w, "", 0);
	if (w->failed) {
		jw_free(w);
		return NULL;
	}
	s = w->buf;
	if (len)
		*len = w->len;
	w->buf = NULL;
	jw_init(w, w->pretty);
	return s;
}

static void jw_open(struct jw *w, const char *c)
{
	jw_sep(w);
	jw_put(w, c, 1);
	if (++w->depth >= 64) {
		w->failed = true;
		w->depth = 63;
	}
	w->nonfirst &= ~(1ULL << w->depth);
}

static void jw_close(struct jw *w, const char *c)
{
	bool any = w->nonfirst & (1ULL << w->depth);

	if (w->depth)
		w->depth--;
	if (any)
		jw_newline(w);
	jw_put(w, c, 1);
}

/**
 * jw_obj_begin() - open an object
 * @w:	writer
 */
void jw_obj_begin(struct jw *w)
{
	jw_open(w, "{");
}

/**
 * jw_obj_end() - close the innermost object
 * @w:	writer
 */
void jw_obj_end(struct jw *w)
{
	jw_close(w, "}");
}

/**
 * jw_arr_begin() - open an array
 * @w:	writer
 */
void jw_arr_begin(struct jw *w)
{
	jw_open(w, "[");
}

/**
 * jw_arr_end() - close the innermost array
 * @w:	writer
 */
void jw_arr_end(struct jw *w)
{
	jw_close(w, "]");
}

static void jw_escaped(struct jw *w, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len = strlen(str), run = 0;

	jw_put(w, "\"", 1);
	for (size_t i = 0; i < len;) {
		static const char hex[] = "0123456789abcdef";
		char esc[8];
		size_t n = json_utf8_seq(s + i, len - i);
		const char *e = NULL;

		if (n && s[i] >= 0x20 && s[i] != '"' && s[i] != '\\') {
			i += n;
			run += n;
			continue;
		}
		jw_put(w, str + i - run, run);
		run = 0;
		switch (s[i]) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		case '\b': e = "\\b"; break;
		case '\f': e = "\\f"; break;
		default:
			if (!n) {
				e = "\\ufffd";
			} else {
				snprintf(esc, sizeof(esc), "\\u00%c%c",
					 hex[s[i] >> 4], hex[s[i] & 15]);
				e = esc;
			}
		}
		jw_put(w, e, strlen(e));
		i++;
	}
	jw_put(w, str + len - run, run);
	jw_put(w, "\"", 1);
}

/**
 * jw_key() - write the key of the next object member
 * @w:		writer
 * @key:	member name
 */
void jw_key(struct jw *w, const char *key)
{
	jw_sep(w);
	jw_escaped(w, key);
	jw_put(w, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
	w->after_key = true;
}

/**
 * jw_str() - write a string value, escaped
 * @w:	writer
 * @s:	UTF-8 text; invalid bytes are written as U+FFFD
 */
void jw_str(struct jw *w, const char *s)
{
	jw_sep(w);
	jw_escaped(w, s);
}

/**
 * jw_int() - write a signed integer
 * @w:	writer
 * @v:	value
 */
void jw_int(struct jw *w, int64_t v)
{
	char b[24];

	jw_raw(w, b, (size_t)snprintf(b, sizeof(b), "%" PRId64, v));
}

/**
 * jw_uint() - write an unsigned integer
 * @w:	writer
 * @v:	value
 */
void jw_uint(struct jw *w, uint64_t v)
{
	char b[24];

	jw_raw(w, b, (size_t)snprintf(b, sizeof(b), "%" PRIu64, v));
}

/**
 * jw_bool() - write true or false
 * @w:	writer
 * @v:	value
 */
void jw_bool(struct jw *w, bool v)
{
	jw_raw(w, v ? "true" : "false", v ? 4 : 5);
}

/**
 * jw_null() - write null
 * @w:	writer
 */
void jw_null(struct jw *w)
{
	jw_raw(w, "null", 4);
}

/**
 * jw_raw() - write a value that is JSON text already
 * @w:		writer
 * @text:	one valid JSON value (the caller's responsibility)
 * @len:	its length
 */
void jw_raw(struct jw *w, const char *text, size_t len)
{
	jw_sep(w);
	jw_put(w, text, len);
}

/**
 * jw_value() - write a parsed value
 * @w:	writer
 * @v:	value (numbers are written as they were read)
 */
void jw_value(struct jw *w, const struct json *v)
{
	switch (v->type) {
	case JSON_NULL:
		jw_null(w);
		break;
	case JSON_FALSE:
	case JSON_TRUE:
		jw_bool(w, v->type == JSON_TRUE);
		break;
	case JSON_NUMBER:
		jw_raw(w, v->str, strlen(v->str));
		break;
	case JSON_STRING:
		jw_str(w, v->str);
		break;
	case JSON_ARRAY:
	case JSON_OBJECT:
		if (v->type == JSON_ARRAY)
			jw_arr_begin(w);
		else
			jw_obj_begin(w);
		for (const struct json *c = v->child; c; c = c->next) {
			if (v->type == JSON_OBJECT)
				jw_key(w, c->key);
			jw_value(w, c);
		}
		if (v->type == JSON_ARRAY)
			jw_arr_end(w);
		else
			jw_obj_end(w);
		break;
	}
}
