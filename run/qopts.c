// SPDX-License-Identifier: GPL-2.0-or-later
/* qopts.c - QEMU "type,key=value,..." option strings, split (pure)
 *
 * QemuOpts syntax as QEMU 7.2 reads -net, -netdev and -nic: elements
 * separated by commas, ",," a literal comma inside an element, a leading
 * element without "=" the value of the implied key ("type"), and a later
 * bare "key" meaning key=on. A key may repeat (hostfwd=); qopts_get()
 * returns the last one, as QemuOpts does. Written back with
 * qopts_add_unused(), every element not taken keeps its form (bare or
 * key=value, commas doubled again), so an option moved to guestnet-emu
 * carries exactly the keys the user wrote.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemuopt.h"
#include "qopts.h"

/**
 * qopts_parse() - split an option string
 * @o:		result; qopts_free() it even after a failure
 * @text:	the string, e.g. "socket,vlan=2,connect=127.0.0.1:8010"
 * @implied:	key of a leading element without "=" (e.g. "type"), or NULL
 * @err:	message buffer (without the option, which the caller names)
 * @errlen:	its size
 *
 * Return: 0, -EINVAL with a message in @err, or -ENOMEM
 */
int qopts_parse(struct qopts *o, const char *text, const char *implied,
		char *err, size_t errlen)
{
	const char *s = text;
	char *p;

	memset(o, 0, sizeof(*o));
	/* every element shrinks or stays; one terminator each at most */
	o->buf = malloc(2 * strlen(text) + 2);
	if (!o->buf)
		return -ENOMEM;
	p = o->buf;
	if (!*text) {
		snprintf(err, errlen, "empty option");
		return -EINVAL;
	}
	for (unsigned int idx = 0;; idx++) {
		size_t n = qemuopt_element(s, p);
		struct qopt_kv *kv = &o->kv[o->n];
		char *eq = strchr(p, '=');

		if (o->n == QOPTS_MAX) {
			snprintf(err, errlen, "more than %d keys", QOPTS_MAX);
			return -EINVAL;
		}
		if (!eq && idx == 0 && implied) {
			kv->key = implied;
			kv->val = p;
		} else if (!eq) {
			kv->key = p;
			kv->val = "on";
			kv->bare = true;
		} else {
			*eq = '\0';
			kv->key = p;
			kv->val = eq + 1;
		}
		if (!kv->key[0]) {
			snprintf(err, errlen, "an empty key");
			return -EINVAL;
		}
		o->n++;
		p += strlen(p) + 1;
		if (eq)
			p += strlen(eq + 1) + 1;
		s += n;
		if (!*s)
			break;
		s++;	/* the comma */
		if (!*s) {
			snprintf(err, errlen, "an empty key after the last comma");
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * qopts_get() - the value of a key
 * @o:		options
 * @key:	key
 *
 * Return: the value of its last occurrence, or NULL
 */
const char *qopts_get(const struct qopts *o, const char *key)
{
	for (unsigned int i = o->n; i-- > 0;)
		if (!strcmp(o->kv[i].key, key))
			return o->kv[i].val;
	return NULL;
}

/**
 * qopts_take() - the value of a key, which is then not written back
 * @o:		options
 * @key:	key (every occurrence is taken)
 *
 * Return: the value of its last occurrence, or NULL
 */
const char *qopts_take(struct qopts *o, const char *key)
{
	const char *v = NULL;

	for (unsigned int i = 0; i < o->n; i++) {
		if (!strcmp(o->kv[i].key, key)) {
			o->kv[i].used = true;
			v = o->kv[i].val;
		}
	}
	return v;
}

/**
 * qopts_append() - add an element
 * @o:		options
 * @key:	its key (not copied: must live as long as @o)
 * @val:	its value (not copied either)
 *
 * Return: 0, or -E2BIG if @o has QOPTS_MAX elements already
 */
int qopts_append(struct qopts *o, const char *key, const char *val)
{
	if (o->n == QOPTS_MAX)
		return -E2BIG;
	o->kv[o->n++] = (struct qopt_kv){ .key = key, .val = val };
	return 0;
}

/* Append s to out with every comma doubled */
static void append_escaped(char **out, const char *s)
{
	for (; *s; s++) {
		if (*s == ',')
			*(*out)++ = ',';
		*(*out)++ = *s;
	}
}

/**
 * qopts_add_unused() - add "PREFIX,key=value,..." of the elements not taken
 * @o:		options
 * @out:	argv to add one word to
 * @prefix:	the word's start (e.g. "socket,id=gnq0,hub=0"), written as is
 */
void qopts_add_unused(const struct qopts *o, struct strv *out, const char *prefix)
{
	size_t len = strlen(prefix) + 1;
	char *word, *w;

	for (unsigned int i = 0; i < o->n; i++)
		len += 2 * (strlen(o->kv[i].key) + strlen(o->kv[i].val)) + 2;
	word = malloc(len);
	if (!word) {
		out->oom = 1;
		return;
	}
	w = word;
	strcpy(w, prefix);
	w += strlen(prefix);
	for (unsigned int i = 0; i < o->n; i++) {
		const struct qopt_kv *kv = &o->kv[i];

		if (kv->used)
			continue;
		*w++ = ',';
		append_escaped(&w, kv->key);
		if (!kv->bare) {
			*w++ = '=';
			append_escaped(&w, kv->val);
		}
	}
	*w = '\0';
	strv_add(out, word);
	free(word);
}

/**
 * qopts_free() - free what qopts_parse() allocated
 * @o:		options
 */
void qopts_free(struct qopts *o)
{
	free(o->buf);
	o->buf = NULL;
	o->n = 0;
}
