/* SPDX-License-Identifier: GPL-2.0-or-later */
/* optstring.h - QEMU-style option strings: "type,key=value,..." */
#ifndef GN_OPTSTRING_H
#define GN_OPTSTRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OPTS_ERR_LEN	640

/**
 * struct opt_kv - one key=value pair
 * @key:	key
 * @val:	value (a bare "key" reads as "on")
 * @used:	a consumer asked for it
 */
struct opt_kv {
	char *key;
	char *val;
	bool used;
};

/**
 * struct opts - a parsed option string
 * @option:	the option it came with, for messages ("-netdev")
 * @text:	the whole string, for messages
 * @kv:		pairs in order
 * @n:		number of pairs
 * @err:	the first error, "" if none
 */
struct opts {
	const char *option;
	char *text;
	struct opt_kv *kv;
	unsigned int n;
	char err[OPTS_ERR_LEN];
};

int opts_parse(struct opts *o, const char *option, const char *text,
	       const char *implied_key);
void opts_free(struct opts *o);
int opts_fail(struct opts *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *opts_get(struct opts *o, const char *key);
const char *opts_get_next(struct opts *o, const char *key, unsigned int *iter);
const char *opts_peek(const struct opts *o, const char *key, unsigned int *iter);
int opts_get_bool(struct opts *o, const char *key, bool def, bool *out);
int opts_get_uint(struct opts *o, const char *key, uint64_t min, uint64_t max,
		  uint64_t def, uint64_t *out);
int opts_check_unused(struct opts *o);
int opts_check_id(struct opts *o, const char *id);

#endif /* GN_OPTSTRING_H */
