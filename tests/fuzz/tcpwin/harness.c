// SPDX-License-Identifier: GPL-2.0-or-later
/* tcpwin/harness.c - libFuzzer harness of the TCP window-scaling relay
 *
 * The input is a script of records: one byte of operation, two bytes of
 * big-endian length, then that many bytes of frame. Operations (low two
 * bits): 0 a frame from the guest (what a guest may send at will), 1 a
 * frame from slirp, 2 feed every ready held frame, 3 a probe round.
 * Checked: rewritten frames never grow past their room, counters stay
 * within bounds, and once the relay is freed no chunk reference is left.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "frame.h"
#include "tcpwin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void from_guest(struct tcpwin *tw, const uint8_t *p, size_t len)
{
	struct frame fr = { .chunk = chunk_get(), .off = FRAME_HDR, .len = (uint32_t)len };

	memcpy(frame_data(&fr), p, len);
	tcpwin_from_guest(tw, &fr);
	chunk_put(fr.chunk);
}

static void from_slirp(struct tcpwin *tw, const uint8_t *p, size_t len)
{
	static uint8_t buf[FRAME_MAX + 4];
	size_t out;

	memcpy(buf, p, len);
	out = tcpwin_to_guest(tw, buf, len, len + 4);
	if (out != 0 && out != len && out != len + 4)
		abort();
}

static void drain(struct tcpwin *tw)
{
	struct frame fr;

	while (tcpwin_next_ready(tw, &fr))
		chunk_put(fr.chunk);
}

static void probes(struct tcpwin *tw)
{
	uint8_t probe[TCPWIN_PROBE_MAX];
	size_t len;

	tcpwin_begin_probes(tw);
	while ((len = tcpwin_next_probe(tw, probe, sizeof(probe)))) {
		if (len > sizeof(probe))
			abort();
		tcpwin_probe_done(tw);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tcpwin *tw = tcpwin_new();
	struct tcpwin_stats st;
	size_t pos = 0;

	if (!tw)
		return 0;
	while (pos + 3 <= size) {
		uint8_t op = data[pos] & 3;
		size_t len = (size_t)data[pos + 1] << 8 | data[pos + 2];

		pos += 3;
		if (len > size - pos)
			len = size - pos;
		if (op == 0)
			from_guest(tw, data + pos, len);
		else if (op == 1)
			from_slirp(tw, data + pos, len);
		else if (op == 2)
			drain(tw);
		else
			probes(tw);
		pos += len;
		tcpwin_get_stats(tw, &st);
		if (st.held_frames > TCPWIN_HOLD_FRAMES || st.held_bytes > TCPWIN_HOLD_BYTES ||
		    st.flows > TCPWIN_MAX_FLOWS)
			abort();
	}
	tcpwin_free(tw);
	if (chunk_pool_in_use())
		abort();
	return 0;
}
