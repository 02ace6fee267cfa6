/* SPDX-License-Identifier: GPL-2.0-or-later */
/* frame.h - Ethernet frames held in shared, reference-counted chunks
 *
 * The types only; the pool of chunks is chunk.h.
 */
#ifndef GN_FRAME_H
#define GN_FRAME_H

#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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
 * @gso_size:	0 for a frame as on a wire; else an offload frame
 *		(offload.c), a GSO frame if it has more than @gso_size bytes
 *		of payload: one TCP segment whose TCP checksum field holds
 *		the pseudo-header sum, that a wire carries as segments of
 *		@gso_size payload bytes (one if it has no more), with their
 *		checksums (struct port: @gso)
 */
struct frame {
	struct chunk *chunk;
	uint32_t off;
	uint32_t len;
	uint16_t gso_size;
};

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

/**
 * frame_set_header() - write the stream length prefix before a frame
 * @f:	the frame; its chunk has FRAME_HDR bytes of room before @f->off
 */
static inline void frame_set_header(const struct frame *f)
{
	uint32_t be = htonl(f->len);

	memcpy(f->chunk->data + f->off - FRAME_HDR, &be, FRAME_HDR);
}

#endif /* GN_FRAME_H */
