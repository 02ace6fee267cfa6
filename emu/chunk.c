// SPDX-License-Identifier: GPL-2.0-or-later
/* chunk.c - the pool of chunks that frames are read into
 *
 * A chunk (frame.h) is CHUNK_SIZE bytes with a reference count: its
 * reader holds one reference while it fills it, each queued frame in it
 * one more. The last chunk_put() returns it to a small free list, so the
 * steady state allocates nothing; past CHUNK_POOL_KEEP free chunks, they
 * go back to malloc.
 */

#include <stdlib.h>

#include "chunk.h"
#include "xalloc.h"

/* Free chunks kept for reuse; beyond this many they go back to malloc */
#define CHUNK_POOL_KEEP	64

static struct chunk *chunk_free_list;
static size_t chunk_free_count;
static size_t chunk_used_count;

/**
 * chunk_get() - take an empty chunk with one reference
 *
 * Return: the chunk (out of memory exits, see xalloc.c)
 */
struct chunk *chunk_get(void)
{
	struct chunk *c = chunk_free_list;

	if (c) {
		chunk_free_list = c->next_free;
		chunk_free_count--;
	} else {
		c = xmalloc(sizeof(*c) + CHUNK_SIZE);
	}
	c->refs = 1;
	c->next_free = NULL;
	chunk_used_count++;
	return c;
}

/**
 * chunk_ref() - take one more reference on a chunk
 * @c:	the chunk
 */
void chunk_ref(struct chunk *c)
{
	c->refs++;
}

/**
 * chunk_put() - drop a reference; the last one returns the chunk to the pool
 * @c:	the chunk, may be NULL
 */
void chunk_put(struct chunk *c)
{
	if (!c || --c->refs)
		return;
	chunk_used_count--;
	if (chunk_free_count >= CHUNK_POOL_KEEP) {
		free(c);
		return;
	}
	c->next_free = chunk_free_list;
	chunk_free_list = c;
	chunk_free_count++;
}

/**
 * chunk_pool_trim() - give every free chunk back to the allocator
 */
void chunk_pool_trim(void)
{
	while (chunk_free_list) {
		struct chunk *c = chunk_free_list;

		chunk_free_list = c->next_free;
		free(c);
	}
	chunk_free_count = 0;
}

/**
 * chunk_pool_in_use() - number of chunks currently referenced
 *
 * Return: chunks handed out and not yet returned
 */
size_t chunk_pool_in_use(void)
{
	return chunk_used_count;
}
