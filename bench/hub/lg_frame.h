/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lg_frame.h - gn-loadgen frame layout, batch builder and stream parser */
#ifndef LG_FRAME_H
#define LG_FRAME_H

#include <stddef.h>
#include <stdint.h>

/* QEMU's NET_BUFSIZE: the largest frame a stream/socket peer may send. */
#define LG_FRAME_MAX		69632u
/* Stream framing: 4-byte big-endian length before each frame. */
#define LG_LEN_HDR		4u
/* Bytes of each frame the parser looks at: MACs, type, magic, id, seq. */
#define LG_PEEK			28u
/* Smallest frame that can carry our test header. */
#define LG_FRAME_MIN		LG_PEEK
/* IEEE 802 local experimental ethertype 1. */
#define LG_ETHERTYPE		0x88b5u
#define LG_MAGIC_DATA		0x474e4c47u	/* "GNLG" */
#define LG_MAGIC_HELLO		0x474e484cu	/* "GNHL" */
/* Sender ids are connection indexes; they fit in the 16-bit id field. */
#define LG_MAX_CONNS		1024u

/* Offsets inside a frame (after the length header). */
#define LG_OFF_MAGIC		14u
#define LG_OFF_ID		18u
#define LG_OFF_SEQ		20u

/**
 * struct lg_batch - a send buffer holding many framed copies of one frame
 * @buf:	length headers and frames back to back
 * @len:	bytes in @buf
 * @nframes:	frames in @buf
 * @stride:	LG_LEN_HDR + frame size
 * @next_seq:	sequence number the first frame of the next stamp gets
 */
struct lg_batch {
	uint8_t *buf;
	size_t len;
	size_t nframes;
	size_t stride;
	uint64_t next_seq;
};

/**
 * struct lg_rxstats - what one connection has received
 * @frames:	complete frames of any kind
 * @bytes:	their Ethernet bytes (length headers not counted)
 * @data_frames:	frames carrying a valid gn-loadgen data header
 * @data_bytes:	their Ethernet bytes
 * @other:	frames without our data header (hellos, foreign traffic)
 * @bad:	data frames with an unknown sender id or wrong length
 * @gaps:	times a sequence number jumped forward
 * @gap_frames:	frames skipped over by those jumps
 * @reordered:	frames with a sequence number below the expected one
 * @frame_size:	the size every data frame must have
 * @nsenders:	valid sender ids are below this
 * @next_seq:	per sender id, the next expected sequence number
 * @from:	per sender id, data frames received from it
 */
struct lg_rxstats {
	uint64_t frames;
	uint64_t bytes;
	uint64_t data_frames;
	uint64_t data_bytes;
	uint64_t other;
	uint64_t bad;
	uint64_t gaps;
	uint64_t gap_frames;
	uint64_t reordered;
	uint32_t frame_size;
	uint32_t nsenders;
	uint64_t *next_seq;
	uint64_t *from;
};

/**
 * struct lg_parser - incremental parser of a length-prefixed frame stream
 * @hdr:	length header and frame start collected across reads
 * @have:	bytes in @hdr
 * @len:	length of the current frame, valid once @have >= LG_LEN_HDR
 * @skip:	bytes of the current frame still to pass over
 */
struct lg_parser {
	uint8_t hdr[LG_LEN_HDR + LG_PEEK];
	uint32_t have;
	uint32_t len;
	uint32_t skip;
};

int lg_batch_init(struct lg_batch *b, size_t frame_size, size_t target,
		  const uint8_t dst[6], const uint8_t src[6], uint16_t id);
void lg_batch_stamp(struct lg_batch *b);
void lg_batch_free(struct lg_batch *b);
void lg_hello_build(uint8_t *out, size_t frame_size, const uint8_t src[6]);

int lg_rxstats_init(struct lg_rxstats *st, uint32_t frame_size,
		    uint32_t nsenders);
void lg_rxstats_free(struct lg_rxstats *st);
int lg_parse(struct lg_parser *p, struct lg_rxstats *st,
	     const uint8_t *buf, size_t n);

#endif /* LG_FRAME_H */
