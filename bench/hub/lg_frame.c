// SPDX-License-Identifier: GPL-2.0-or-later
/* lg_frame.c - gn-loadgen frames: batch builder and stream parser
 *
 * DOC: Theory of operation
 *
 * A data frame is an Ethernet frame (no FCS) of a fixed size:
 *
 *   0  destination MAC      6  source MAC       12 ethertype 0x88b5
 *   14 magic "GNLG"         18 sender id (BE16) 20 sequence (host order, 64 bit)
 *   28 filler up to the frame size
 *
 * A sender keeps one batch: a buffer of many copies of its frame, each behind
 * its 4-byte big-endian length, so one write() moves thousands of frames.
 * Before a batch is written again only the sequence numbers are restamped.
 *
 * A receiver feeds whatever read() returned to lg_parse(), which walks the
 * length headers and looks at the first LG_PEEK bytes of each frame only; the
 * rest is skipped without copying. A header or frame start cut by a read
 * boundary is collected in a small buffer. Per sender id the parser expects
 * the sequence numbers 0, 1, 2...: a jump forward counts lost frames, a step
 * back a reordered (or duplicated) frame.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lg_frame.h"

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Write the fixed part of a frame: MACs, ethertype, magic, id, filler. */
static void frame_build(uint8_t *f, size_t size, const uint8_t dst[6],
			const uint8_t src[6], uint32_t magic, uint16_t id)
{
	size_t i;

	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	put_be16(f + 12, LG_ETHERTYPE);
	put_be32(f + LG_OFF_MAGIC, magic);
	put_be16(f + LG_OFF_ID, id);
	memset(f + LG_OFF_SEQ, 0, 8);
	for (i = LG_PEEK; i < size; i++)
		f[i] = (uint8_t)i;
}

/**
 * lg_batch_init() - build a send buffer of framed data frames
 * @b:		batch to fill
 * @frame_size:	Ethernet frame size, LG_FRAME_MIN to LG_FRAME_MAX
 * @target:	wanted buffer size in bytes; at least one frame is used
 * @dst:	destination MAC
 * @src:	source MAC
 * @id:		sender id carried in every frame
 *
 * The sequence numbers are stamped from 0.
 *
 * Return: 0, -EINVAL for a bad frame size, -ENOMEM.
 */
int lg_batch_init(struct lg_batch *b, size_t frame_size, size_t target,
		  const uint8_t dst[6], const uint8_t src[6], uint16_t id)
{
	size_t i;

	memset(b, 0, sizeof(*b));
	if (frame_size < LG_FRAME_MIN || frame_size > LG_FRAME_MAX)
		return -EINVAL;
	b->stride = LG_LEN_HDR + frame_size;
	b->nframes = target / b->stride ? target / b->stride : 1;
	b->len = b->nframes * b->stride;
	b->buf = malloc(b->len);
	if (!b->buf)
		return -ENOMEM;
	for (i = 0; i < b->nframes; i++) {
		uint8_t *p = b->buf + i * b->stride;

		put_be32(p, (uint32_t)frame_size);
		frame_build(p + LG_LEN_HDR, frame_size, dst, src,
			    LG_MAGIC_DATA, id);
	}
	lg_batch_stamp(b);
	return 0;
}

/**
 * lg_batch_stamp() - give the frames of a batch the next sequence numbers
 * @b:		batch, fully written (or never written) since the last stamp
 */
void lg_batch_stamp(struct lg_batch *b)
{
	uint8_t *p = b->buf + LG_LEN_HDR + LG_OFF_SEQ;
	uint64_t seq = b->next_seq;
	size_t i;

	for (i = 0; i < b->nframes; i++, p += b->stride, seq++)
		memcpy(p, &seq, sizeof(seq));
	b->next_seq = seq;
}

/**
 * lg_batch_free() - release a batch's buffer
 * @b:		batch, may be zeroed
 */
void lg_batch_free(struct lg_batch *b)
{
	free(b->buf);
	b->buf = NULL;
}

/**
 * lg_hello_build() - build a framed hello: broadcast from @src
 * @out:	LG_LEN_HDR + @frame_size bytes
 * @frame_size:	Ethernet frame size, at least LG_FRAME_MIN
 * @src:	MAC a learning switch should learn
 */
void lg_hello_build(uint8_t *out, size_t frame_size, const uint8_t src[6])
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	put_be32(out, (uint32_t)frame_size);
	frame_build(out + LG_LEN_HDR, frame_size, bcast, src,
		    LG_MAGIC_HELLO, 0);
}

/**
 * lg_rxstats_init() - set up receive counters
 * @st:		counters to set up
 * @frame_size:	size every data frame must have
 * @nsenders:	number of sender ids (connection count)
 *
 * Return: 0 or -ENOMEM.
 */
int lg_rxstats_init(struct lg_rxstats *st, uint32_t frame_size,
		    uint32_t nsenders)
{
	memset(st, 0, sizeof(*st));
	st->frame_size = frame_size;
	st->nsenders = nsenders;
	st->next_seq = calloc(nsenders ? nsenders : 1, sizeof(uint64_t));
	st->from = calloc(nsenders ? nsenders : 1, sizeof(uint64_t));
	if (!st->next_seq || !st->from) {
		lg_rxstats_free(st);
		return -ENOMEM;
	}
	return 0;
}

/**
 * lg_rxstats_free() - release receive counters
 * @st:		counters, may be zeroed
 */
void lg_rxstats_free(struct lg_rxstats *st)
{
	free(st->next_seq);
	free(st->from);
	st->next_seq = NULL;
	st->from = NULL;
}

/* Account one frame: @f holds its first @peek bytes, @len is its size. */
static inline void account(struct lg_rxstats *st, const uint8_t *f,
			   uint32_t peek, uint32_t len)
{
	uint64_t seq, exp;
	uint16_t id;

	st->frames++;
	st->bytes += len;
	if (peek < LG_PEEK || get_be32(f + LG_OFF_MAGIC) != LG_MAGIC_DATA) {
		st->other++;
		return;
	}
	id = get_be16(f + LG_OFF_ID);
	if (id >= st->nsenders || len != st->frame_size) {
		st->bad++;
		return;
	}
	st->data_frames++;
	st->data_bytes += len;
	st->from[id]++;
	memcpy(&seq, f + LG_OFF_SEQ, sizeof(seq));
	exp = st->next_seq[id];
	if (seq == exp) {
		st->next_seq[id] = seq + 1;
	} else if (seq > exp) {
		st->gaps++;
		st->gap_frames += seq - exp;
		st->next_seq[id] = seq + 1;
	} else {
		st->reordered++;
	}
}

static inline uint32_t peek_len(uint32_t len)
{
	return len < LG_PEEK ? len : LG_PEEK;
}

/* Slow path: collect a header cut by a read boundary. Returns bytes used. */
static long collect(struct lg_parser *p, struct lg_rxstats *st,
		    const uint8_t *buf, size_t n)
{
	uint32_t want, k;

	want = p->have < LG_LEN_HDR ? LG_LEN_HDR : LG_LEN_HDR + peek_len(p->len);
	k = want - p->have;
	if (k > n)
		k = (uint32_t)n;
	memcpy(p->hdr + p->have, buf, k);
	p->have += k;
	if (p->have == LG_LEN_HDR) {
		p->len = get_be32(p->hdr);
		if (p->len > LG_FRAME_MAX)
			return -EPROTO;
		want = LG_LEN_HDR + peek_len(p->len);
	}
	if (p->have >= LG_LEN_HDR && p->have == want) {
		account(st, p->hdr + LG_LEN_HDR, peek_len(p->len), p->len);
		p->skip = p->len - peek_len(p->len);
		p->have = 0;
	}
	return k;
}

/**
 * lg_parse() - feed received stream bytes to the frame parser
 * @p:		parser state, zeroed at connection start
 * @st:		counters to update for each complete frame start
 * @buf:	bytes as read from the stream
 * @n:		number of bytes
 *
 * A frame is counted once its length header and first LG_PEEK bytes (or all
 * of it, if shorter) have arrived; its remaining bytes are skipped.
 *
 * Return: 0, or -EPROTO if a length exceeds LG_FRAME_MAX (the stream is then
 * out of sync and must be closed).
 */
int lg_parse(struct lg_parser *p, struct lg_rxstats *st,
	     const uint8_t *buf, size_t n)
{
	while (n) {
		uint32_t len, pk;
		long k;

		if (p->skip) {
			k = p->skip < n ? p->skip : (long)n;
			p->skip -= k;
			buf += k;
			n -= k;
			continue;
		}
		if (!p->have && n >= LG_LEN_HDR) {
			len = get_be32(buf);
			if (len > LG_FRAME_MAX)
				return -EPROTO;
			pk = peek_len(len);
			if (n >= LG_LEN_HDR + pk) {
				account(st, buf + LG_LEN_HDR, pk, len);
				buf += LG_LEN_HDR + pk;
				n -= LG_LEN_HDR + pk;
				p->skip = len - pk;
				continue;
			}
		}
		k = collect(p, st, buf, n);
		if (k < 0)
			return (int)k;
		buf += k;
		n -= k;
	}
	return 0;
}
