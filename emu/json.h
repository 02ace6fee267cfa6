/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json.h - a small strict JSON parser and writer (control socket) */
#ifndef GN_JSON_H
#define GN_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parser limits */
#define JSON_DEPTH_MAX		32
#define JSON_MEMBERS_MAX	1024
#define JSON_ERR_LEN		128

/**
 * enum json_type - kind of a JSON value
 * @JSON_NULL:		null
 * @JSON_FALSE:		false
 * @JSON_TRUE:		true
 * @JSON_NUMBER:	a number
 * @JSON_STRING:	a string
 * @JSON_ARRAY:		an array
 * @JSON_OBJECT:	an object
 */
enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

/**
 * struct json - one parsed value, a node of a tree
 * @type:	kind
 * @key:	member name if the value is in an object, else NULL
 * @str:	string: its UTF-8 text (never contains NUL); number: the
 *		number as written; else NULL
 * @is_int:	number: an integer that fits in @i
 * @i:		number: its value when @is_int
 * @child:	array or object: first element or member
 * @next:	next element or member of the parent
 * @n:		array or object: number of elements or members
 */
struct json {
	enum json_type type;
	char *key;
	char *str;
	bool is_int;
	int64_t i;
	struct json *child;
	struct json *next;
	unsigned int n;
};

/**
 * struct jw - a JSON writer into a growing buffer
 * @buf:	text written so far, NUL-terminated when not @failed
 * @len:	its length
 * @cap:	allocated size
 * @failed:	out of memory or nesting too deep; the text is unusable
 * @pretty:	indent by two spaces, one member or element per line
 * @depth:	open arrays and objects
 * @nonfirst:	bit d set: the container at depth d has a value already
 * @after_key:	a key was written, its value comes next
 */
struct jw {
	char *buf;
	size_t len;
	size_t cap;
	bool failed;
	bool pretty;
	unsigned int depth;
	uint64_t nonfirst;
	bool after_key;
};

int json_parse(const char *buf, size_t len, struct json **out,
	       char *err, size_t errlen);
void json_free(struct json *v);
const struct json *json_get(const struct json *obj, const char *key);
const char *json_type_name(enum json_type type);
size_t json_utf8_seq(const unsigned char *s, size_t n);

void jw_init(struct jw *w, bool pretty);
void jw_free(struct jw *w);
char *jw_finish(struct jw *w, size_t *len);
void jw_obj_begin(struct jw *w);
void jw_obj_end(struct jw *w);
void jw_arr_begin(struct jw *w);
void jw_arr_end(struct jw *w);
void jw_key(struct jw *w, const char *key);
void jw_str(struct jw *w, const char *s);
void jw_int(struct jw *w, int64_t v);
void jw_uint(struct jw *w, uint64_t v);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
void jw_raw(struct jw *w, const char *text, size_t len);
void jw_value(struct jw *w, const struct json *v);

#endif /* GN_JSON_H */
