// SPDX-License-Identifier: GPL-2.0-or-later
/* framer.c - split a byte stream into length-prefixed frames
 *
 * QEMU's stream framing (net/stream.c, net/socket.c): each frame is a
 * 4-byte big-endian length followed by that many bytes, no FCS, no
 * handshake. A header or frame may be split across reads at any byte.
 */

#include <arpa/inet.h>
#include <string.h>

#include "frame.h"
#include "framer.h"

/**
 * framer_parse() - find the complete frames at the start of a buffer
 * @buf:	bytes read from a stream, starting at a frame header
 * @len:	number of bytes in @buf
 * @spans:	array to fill with the frames found
 * @max_spans:	size of @spans; parsing stops when it is full
 *
 * Zero-length and other runt frames are returned like any frame: whether
 * to forward them is the caller's decision.
 *
 * Return: frames found, bytes consumed, bytes the next partial frame needs,
 *	   and a non-zero @bad_len if a header exceeded FRAME_MAX
 */
struct framer_result framer_parse(const uint8_t *buf, size_t len,
				  struct framer_span *spans,
				  unsigned int max_spans)
{
	struct framer_result r = { 0 };
	size_t pos = 0;

	while (r.frames < max_spans) {
		uint32_t be, flen;

		if (len - pos < FRAME_HDR) {
			r.need = FRAME_HDR;
			break;
		}
		memcpy(&be, buf + pos, FRAME_HDR);
		flen = ntohl(be);
		if (flen > FRAME_MAX) {
			r.bad_len = flen;
			break;
		}
		if (len - pos - FRAME_HDR < flen) {
			r.need = FRAME_HDR + (size_t)flen;
			break;
		}
		spans[r.frames].off = pos + FRAME_HDR;
		spans[r.frames].len = flen;
		r.frames++;
		pos += FRAME_HDR + flen;
	}
	r.consumed = pos;
	return r;
}
