// SPDX-License-Identifier: GPL-2.0-or-later
/* strv.c - a growing, NULL-terminated array of owned strings
 *
 * Allocation failures are sticky: callers add everything, then check
 * strv_status() once.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strv.h"

static void strv_push(struct strv *s, char *str)
{
	char **v;

	if (s->oom || !str)
		goto fail;
	if (s->n + 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;

		v = realloc(s->v, cap * sizeof(*v));
		if (!v)
			goto fail;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = str;
	s->v[s->n] = NULL;
	return;
fail:
	free(str);
	s->oom = 1;
}

/**
 * strv_add() - append a copy of a string
 * @s:		vector
 * @str:	string to copy
 */
void strv_add(struct strv *s, const char *str)
{
	strv_push(s, strdup(str));
}

/**
 * strv_addf() - append a formatted string
 * @s:		vector
 * @fmt:	printf format
 */
void strv_addf(struct strv *s, const char *fmt, ...)
{
	char *str = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&str, fmt, ap) < 0)
		str = NULL;
	va_end(ap);
	strv_push(s, str);
}

/**
 * strv_status() - whether every append so far succeeded
 * @s:		vector
 *
 * Return: 0, or -ENOMEM if an allocation failed
 */
int strv_status(const struct strv *s)
{
	return s->oom || !s->v ? -ENOMEM : 0;
}

/**
 * strv_free() - free every string and the array
 * @s:		vector, left empty
 */
void strv_free(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}
