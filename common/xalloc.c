// SPDX-License-Identifier: GPL-2.0-or-later
/* xalloc.c - memory allocation that cannot fail: out of memory exits
 *
 * DOC: Theory of operation
 *
 * guestnet-emu's policy (docs/architecture.md): running out of memory is
 * fatal, at start-up and at run time alike, on the frame path and on
 * control requests alike. Every allocation goes through these wrappers,
 * which exit with status 1 and one line "out of memory (N bytes)". No
 * function returns -ENOMEM.
 *
 * Why not recover: every queue, table and buffer has a bound of its own,
 * so no peer, guest or request can make the emulator ask for unbounded
 * memory; an allocation that fails means the machine (or RLIMIT_AS) is
 * out of memory. libslirp allocates through glib, which aborts on failure
 * anyway, and several of its callbacks (timer_new) cannot report one. And
 * error paths that only out-of-memory reaches are never tested.
 */

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xalloc.h"

static void __attribute__((noreturn)) out_of_memory(size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		die(1, "out of memory (%zu times %zu bytes)", n, size);
	die(1, "out of memory (%zu bytes)", n * size);
}

/**
 * xmalloc() - malloc() that exits on failure
 * @size:	bytes, not 0
 *
 * Return: the memory, uninitialised
 */
void *xmalloc(size_t size)
{
	void *p = malloc(size);

	if (!p)
		out_of_memory(size, 1);
	return p;
}

/**
 * xcalloc() - calloc() that exits on failure
 * @n:		elements, not 0
 * @size:	bytes of each, not 0
 *
 * Return: the memory, zeroed
 */
void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		out_of_memory(n, size);
	return p;
}

/**
 * xreallocarray() - reallocarray() that exits on failure
 * @ptr:	memory to resize, or NULL
 * @n:		elements, not 0
 * @size:	bytes of each, not 0
 *
 * Return: the memory, resized (contents kept up to the smaller size)
 */
void *xreallocarray(void *ptr, size_t n, size_t size)
{
	void *p = reallocarray(ptr, n, size);

	if (!p)
		out_of_memory(n, size);
	return p;
}

/**
 * xstrdup() - strdup() that exits on failure
 * @s:	string
 *
 * Return: a copy of @s
 */
char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		out_of_memory(strlen(s) + 1, 1);
	return p;
}
