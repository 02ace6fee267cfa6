// SPDX-License-Identifier: GPL-2.0-or-later
/* optstring.c - QEMU-style option strings: "type,key=value,..."
 *
 * QemuOpts syntax: pairs separated by commas, ",," standing for a literal
 * comma inside a value, the first element without "=" being the value of
 * an implied key (the type), and a bare "key" meaning "key=on". Parsing is
 * a pure function of the string; every error is one message naming the
 * option, its text and the key at fault, kept in struct opts for the
 * caller (the command line exits with it, the control socket replies it).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optstring.h"
#include "qemuopt.h"
#include "xalloc.h"

#define OPTS_MAX_PAIRS	128

/**
 * opts_fail() - record an error about the option string
 * @o:		options
 * @fmt:	message about the key at fault
 *
 * Only the first error is kept.
 *
 * Return: -EINVAL
 */
int opts_fail(struct opts *o, const char *fmt, ...)
{
	char msg[OPTS_ERR_LEN - 128];
	va_list ap;

	if (o->err[0])
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(o->err, sizeof(o->err), "%s %.*s: %s", o->option, 120,
		 o->text ? o->text : "", msg);
	return -EINVAL;
}

static int opts_add(struct opts *o, const char *key, const char *val)
{
	struct opt_kv *kv;

	if (o->n >= OPTS_MAX_PAIRS)
		return opts_fail(o, "more than %d keys", OPTS_MAX_PAIRS);
	o->kv = kv = xreallocarray(o->kv, o->n + 1, sizeof(*kv));
	kv[o->n].key = xstrdup(key);
	kv[o->n].val = xstrdup(val);
	kv[o->n].used = false;
	o->n++;
	return 0;
}

/**
 * opts_parse() - split an option string into pairs
 * @o:			result; free with opts_free() even on failure
 * @option:		option name for messages ("-netdev"), kept by pointer
 * @text:		the string
 * @implied_key:	key of a leading element without "=", or NULL
 *
 * Return: 0 on success, or -EINVAL with @o->err set
 */
int opts_parse(struct opts *o, const char *option, const char *text,
	       const char *implied_key)
{
	const char *s = text;
	char *el;
	int ret = 0;

	memset(o, 0, sizeof(*o));
	o->option = option;
	o->text = xstrdup(text);
	el = xmalloc(strlen(text) + 1);
	if (!*text)
		ret = opts_fail(o, "empty option string");
	for (unsigned int idx = 0; !ret; idx++) {
		size_t n = qemuopt_element(s, el);
		char *eq = strchr(el, '=');

		if (eq)
			*eq = '\0';
		if (!el[0])
			ret = opts_fail(o, eq ? "empty key" : "empty element");
		else if (!eq && idx == 0 && implied_key)
			ret = opts_add(o, implied_key, el);
		else
			ret = opts_add(o, el, eq ? eq + 1 : "on");
		if (!s[n])
			break;
		s += n + 1;
	}
	free(el);
	return ret;
}

/**
 * opts_free() - free a parsed option string
 * @o:	options
 */
void opts_free(struct opts *o)
{
	for (unsigned int i = 0; i < o->n; i++) {
		free(o->kv[i].key);
		free(o->kv[i].val);
	}
	free(o->kv);
	free(o->text);
	o->kv = NULL;
	o->text = NULL;
	o->n = 0;
}

/**
 * opts_get_next() - iterate over the values of a repeatable key
 * @o:		options
 * @key:	key
 * @iter:	start at 0; advanced past the value returned
 *
 * Return: the next value, or NULL when there are no more
 */
const char *opts_get_next(struct opts *o, const char *key, unsigned int *iter)
{
	for (; *iter < o->n; (*iter)++) {
		struct opt_kv *kv = &o->kv[*iter];

		if (!strcmp(kv->key, key)) {
			kv->used = true;
			(*iter)++;
			return kv->val;
		}
	}
	return NULL;
}

/**
 * opts_peek() - iterate over the values of a key without consuming them
 * @o:		options
 * @key:	key
 * @iter:	start at 0; advanced past the value returned
 *
 * For code that looks at keys another module consumes (what a port will
 * need, netdev_needs()): the key still counts as unused.
 *
 * Return: the next value, or NULL when there are no more
 */
const char *opts_peek(const struct opts *o, const char *key, unsigned int *iter)
{
	for (; *iter < o->n; (*iter)++)
		if (!strcmp(o->kv[*iter].key, key))
			return o->kv[(*iter)++].val;
	return NULL;
}

/**
 * opts_get() - the value of a key that may be given once
 * @o:		options
 * @key:	key
 *
 * A key given twice is an error, recorded in @o->err.
 *
 * Return: the value, or NULL if absent (or repeated)
 */
const char *opts_get(struct opts *o, const char *key)
{
	unsigned int it = 0;
	const char *v = opts_get_next(o, key, &it);

	if (v && opts_get_next(o, key, &it)) {
		opts_fail(o, "key '%s' given more than once", key);
		return NULL;
	}
	return v;
}

/**
 * opts_get_bool() - a boolean key: on/off, yes/no, true/false
 * @o:		options
 * @key:	key
 * @def:	value when absent
 * @out:	result
 *
 * Return: 0, or -EINVAL with @o->err set
 */
int opts_get_bool(struct opts *o, const char *key, bool def, bool *out)
{
	const char *v = opts_get(o, key);

	*out = def;
	if (o->err[0])
		return -EINVAL;
	if (!v)
		return 0;
	if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true"))
		*out = true;
	else if (!strcmp(v, "off") || !strcmp(v, "no") || !strcmp(v, "false"))
		*out = false;
	else
		return opts_fail(o, "key '%s': '%s' is not on or off", key, v);
	return 0;
}

/**
 * opts_get_uint() - an unsigned decimal key within bounds
 * @o:		options
 * @key:	key
 * @min:	smallest allowed
 * @max:	largest allowed
 * @def:	value when absent
 * @out:	result
 *
 * Return: 0, or -EINVAL with @o->err set
 */
int opts_get_uint(struct opts *o, const char *key, uint64_t min, uint64_t max,
		  uint64_t def, uint64_t *out)
{
	const char *v = opts_get(o, key);
	unsigned long long n;
	char *end;

	*out = def;
	if (o->err[0])
		return -EINVAL;
	if (!v)
		return 0;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (!*v || *end || errno || v[0] == '-' || n < min || n > max)
		return opts_fail(o, "key '%s': '%s' is not a number from %" PRIu64
				 " to %" PRIu64, key, v, min, max);
	*out = n;
	return 0;
}

/**
 * opts_check_unused() - fail on the first key no consumer asked for
 * @o:	options
 *
 * Return: 0, or -EINVAL with @o->err set (also if an error is pending)
 */
int opts_check_unused(struct opts *o)
{
	if (o->err[0])
		return -EINVAL;
	for (unsigned int i = 0; i < o->n; i++)
		if (!o->kv[i].used)
			return opts_fail(o, "unknown key '%s'", o->kv[i].key);
	return 0;
}

/**
 * opts_check_id() - check a port or object name
 * @o:	options, for the message
 * @id:	the name
 *
 * QEMU's rule: a letter first, then letters, digits, '-', '.', '_'.
 *
 * Return: 0, or -EINVAL with @o->err set
 */
int opts_check_id(struct opts *o, const char *id)
{
	size_t len = strlen(id);

	if (!len || len > 48)
		return opts_fail(o, "key 'id': '%s' must be 1 to 48 characters", id);
	if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z')))
		return opts_fail(o, "key 'id': '%s' must start with a letter", id);
	for (size_t i = 1; i < len; i++) {
		char c = id[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'))
			return opts_fail(o, "key 'id': '%s' has a bad character", id);
	}
	return 0;
}
