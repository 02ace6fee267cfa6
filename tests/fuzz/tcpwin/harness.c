// SPDX-License-Identifier: GPL-2.0-or-later
/* tcpwin/harness.c - libFuzzer harness of the TCP window-scaling relay
 *
 * The input is a script of records: one byte of operation, two bytes of
 * big-endian length, then that many bytes of frame. Operations (low three
 * bits): 0 a frame from the guest (what a guest may send at will), 1 a
 * frame from slirp (rewritten, then handed on: the ACK relay may hold
 * it), 2 feed every ready held frame, 3 a probe round, 4 take every
 * acknowledgement the ACK relay owes slirp, 5 its retransmissions, the
 * clock moved on by the record's length in ms; 6 and 7 as 0 and 1.
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
	struct frame fr = { .chunk = chunk_get(), .off = FRAME_HDR };
	size_t out;

	memcpy(frame_data(&fr), p, len);
	out = tcpwin_to_guest(tw, frame_data(&fr), len, len + 4);
	if (out != 0 && out != len && out != len + 4)
		abort();
	fr.len = (uint32_t)out;
	if (out)
		tcpwin_sent(tw, &fr);
	chunk_put(fr.chunk);
}

static void acks(struct tcpwin *tw)
{
	uint8_t ack[TCPWIN_ACK_MAX];
	size_t len;
	unsigned int n = 0;

	while ((len = tcpwin_next_ack(tw, ack, sizeof(ack))))
		if (len > sizeof(ack) || ++n > 2 * TCPWIN_MAX_FLOWS)
			abort();
}

static void resends(struct tcpwin *tw, uint64_t now)
{
	struct frame fr;
	unsigned int n = 0;

	while (tcpwin_next_resend(tw, now, &fr))
		if (!fr.chunk || ++n > TCPWIN_MAX_FLOWS)
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
	uint64_t now = 1;
	size_t pos = 0;

	if (!tw)
		return 0;
	while (pos + 3 <= size) {
		uint8_t op = data[pos] & 7;
		size_t len = (size_t)data[pos + 1] << 8 | data[pos + 2];

		pos += 3;
		if (len > size - pos)
			len = size - pos;
		if (op == 0 || op == 6)
			from_guest(tw, data + pos, len);
		else if (op == 1 || op == 7)
			from_slirp(tw, data + pos, len);
		else if (op == 2)
			drain(tw);
		else if (op == 3)
			probes(tw);
		else if (op == 4)
			acks(tw);
		else
			resends(tw, now += len);
		pos += len;
		tcpwin_get_stats(tw, &st);
		if (st.held_frames > TCPWIN_HOLD_FRAMES || st.held_bytes > TCPWIN_HOLD_BYTES ||
		    st.flows > TCPWIN_MAX_FLOWS || st.out_frames > TCPWIN_ACK_HOLD_FRAMES ||
		    st.out_bytes > TCPWIN_ACK_HOLD_BYTES)
			abort();
	}
	tcpwin_free(tw);
	if (chunk_pool_in_use())
		abort();
	return 0;
}
