/* SPDX-License-Identifier: GPL-2.0-or-later */
/* strv.h - a growing, NULL-terminated array of owned strings (argv) */
#ifndef GN_RUN_STRV_H
#define GN_RUN_STRV_H

#include <stddef.h>

/**
 * struct strv - argument vector under construction
 * @v:		the strings, NULL-terminated once anything was added
 * @n:		number of strings
 * @cap:	allocated slots
 * @oom:	an allocation failed; every later call is a no-op
 */
struct strv {
	char **v;
	size_t n, cap;
	int oom;
};

void strv_add(struct strv *s, const char *str);
void strv_addf(struct strv *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int strv_status(const struct strv *s);
void strv_free(struct strv *s);

#endif /* GN_RUN_STRV_H */
