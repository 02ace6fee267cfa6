/* SPDX-License-Identifier: GPL-2.0-or-later */
/* frame.h - Ethernet frames held in shared, reference-counted chunks */
#ifndef GN_FRAME_H
#define GN_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest frame, QEMU's NET_BUFSIZE (4096 + 65536), without FCS */
#define FRAME_MAX	69632U
/* Stream framing: 4-byte big-endian length before each frame */
#define FRAME_HDR	4U
/* Shortest frame we forward: an Ethernet header */
#define FRAME_MIN	14U
/* Bytes of one chunk: many small frames, or four of the largest, per read */
#define CHUNK_SIZE	(4U * (FRAME_MAX + FRAME_HDR) + 4096U)

/**
 * struct chunk - a buffer that frames are read into and forwarded from
 * @refs:	references: the reader's own plus one per queued frame
 * @next_free:	link in the pool's free list
 * @data:	CHUNK_SIZE bytes
 *
 * Every frame in a chunk has FRAME_HDR bytes before it that hold (or can
 * be made to hold) its stream length prefix, so a stream port can write a
 * run of frames of one chunk with a single iovec and no copy.
 */
struct chunk {
	uint32_t refs;
	struct chunk *next_free;
	uint8_t data[];
};

/**
 * struct frame - one Ethernet frame inside a chunk
 * @chunk:	the chunk holding it
 * @off:	offset of the first byte of the frame (header at @off - 4)
 * @len:	length of the frame without its header
 */
struct frame {
	struct chunk *chunk;
	uint32_t off;
	uint32_t len;
};

struct chunk *chunk_get(void);
void chunk_ref(struct chunk *c);
void chunk_put(struct chunk *c);
void chunk_pool_trim(void);
size_t chunk_pool_in_use(void);

/**
 * frame_data() - first byte of a frame
 * @f:	the frame
 *
 * Return: pointer into the frame's chunk
 */
static inline uint8_t *frame_data(const struct frame *f)
{
	return f->chunk->data + f->off;
}

void frame_set_header(const struct frame *f);
bool mac_is_multicast(const uint8_t *mac);

#endif /* GN_FRAME_H */
