/* SPDX-License-Identifier: GPL-2.0-or-later */
/* framer.h - split a byte stream into length-prefixed frames */
#ifndef GN_FRAMER_H
#define GN_FRAMER_H

#include <stddef.h>
#include <stdint.h>

/**
 * struct framer_span - where one complete frame sits in the parsed buffer
 * @off:	offset of the frame's first byte (its header is at @off - 4)
 * @len:	frame length from the header
 */
struct framer_span {
	uint32_t off;
	uint32_t len;
};

/**
 * struct framer_result - outcome of one pass over a buffer
 * @frames:	complete frames stored in the span array
 * @consumed:	bytes from the start that are fully parsed; the rest is a
 *		partial header or frame to keep for the next read
 * @need:	for a partial frame, header plus frame bytes it needs in all
 * @bad_len:	a header announced more than FRAME_MAX bytes (0 if none);
 *		parsing stopped there, the connection must be closed
 */
struct framer_result {
	unsigned int frames;
	size_t consumed;
	size_t need;
	uint32_t bad_len;
};

struct framer_result framer_parse(const uint8_t *buf, size_t len,
				  struct framer_span *spans,
				  unsigned int max_spans);

#endif /* GN_FRAMER_H */
