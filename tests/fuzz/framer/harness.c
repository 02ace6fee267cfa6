// SPDX-License-Identifier: GPL-2.0-or-later
/* framer/harness.c - libFuzzer harness of the stream framer
 *
 * Feeds the input as a byte stream in reads of varying sizes, as a socket
 * would deliver it, keeping the unparsed tail between reads the way
 * port_stream.c does, and checks the framer's invariants on every call.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "framer.h"

#define SPANS	512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const uint8_t *buf, size_t len, const struct framer_result *r,
		  const struct framer_span *s)
{
	size_t pos = 0;

	for (unsigned int i = 0; i < r->frames; i++) {
		if (s[i].off != pos + FRAME_HDR || s[i].len > FRAME_MAX ||
		    s[i].off + s[i].len > len)
			abort();
		pos = s[i].off + s[i].len;
	}
	if (r->consumed != pos || r->consumed > len)
		abort();
	if (r->bad_len && r->bad_len <= FRAME_MAX)
		abort();
	(void)buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[2 * (FRAME_MAX + FRAME_HDR)];
	static struct framer_span spans[SPANS];
	size_t have = 0, pos = 0, step = 1;

	while (pos < size) {
		size_t n = size - pos < step ? size - pos : step;
		struct framer_result r;

		if (have + n > sizeof(buf))
			n = sizeof(buf) - have;
		memcpy(buf + have, data + pos, n);
		have += n;
		pos += n;
		r = framer_parse(buf, have, spans, SPANS);
		check(buf, have, &r, spans);
		if (r.bad_len)
			return 0;
		memmove(buf, buf + r.consumed, have - r.consumed);
		have -= r.consumed;
		step = step * 3 % 997 + 1;
	}
	return 0;
}
