/* SPDX-License-Identifier: GPL-2.0-or-later */
/* util.h - small macros every part of guestnet uses: ARRAY_SIZE, container_of
 *
 * Header-only, no functions and no dependencies beyond <stddef.h>. Both
 * macros check their argument at compile time (GNU C, as the whole tree
 * is built with -std=gnu11): ARRAY_SIZE() refuses a pointer, and
 * container_of() refuses a pointer whose type is not the member's.
 */
#ifndef GN_UTIL_H
#define GN_UTIL_H

#include <stddef.h>

/* 0, or a compile error if @a is a pointer rather than an array */
#define UTIL_MUST_BE_ARRAY(a)						\
	(sizeof(char[1 - 2 * __builtin_types_compatible_p(__typeof__(a),	\
						__typeof__(&(a)[0]))]) - 1)

/**
 * ARRAY_SIZE() - number of elements of an array (not of a pointer)
 * @a:	the array
 */
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]) + UTIL_MUST_BE_ARRAY(a))

/**
 * container_of() - the structure a member pointer points into
 * @ptr:	pointer to the member (const or not)
 * @type:	type of the containing structure (add const for a const one)
 * @member:	name of the member within @type
 */
#define container_of(ptr, type, member) __extension__ ({			\
	const __typeof__(((type *)0)->member) *container_of_mptr_ = (ptr);	\
	(type *)(void *)((char *)container_of_mptr_ - offsetof(type, member)); })

#endif /* GN_UTIL_H */
