/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xalloc.h - memory allocation that cannot fail: out of memory exits */
#ifndef GN_XALLOC_H
#define GN_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *ptr, size_t n, size_t size);
char *xstrdup(const char *s);

#endif /* GN_XALLOC_H */
