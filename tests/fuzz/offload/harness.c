// SPDX-License-Identifier: GPL-2.0-or-later
/* offload/harness.c - libFuzzer harness of segmentation offload
 *
 * The input is what an offloading tap hands us (emu/offload.c): a 10-byte
 * virtio-net header, then the frame. offload_from_vnet() judges it; a
 * frame it keeps as a GSO frame is cut into wire segments (each must
 * parse as TCP with valid checksums, and together carry the payload
 * once), given its checksums as one segment, and has its header made
 * again (offload_to_vnet()). The same frame is also split in two at a
 * point taken from the input and the halves merged (emu/coalesce.c): a
 * merge never grows a frame past an IP packet or FRAME_MAX.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "coalesce.h"
#include "csum.h"
#include "frame.h"
#include "offload.h"
#include "tcpseg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t frame[FRAME_MAX + 8];
static uint8_t seg[FRAME_MAX];
static uint8_t second[FRAME_MAX];

/* A segment is TCP with both checksums right */
static void check_segment(uint8_t *f, size_t len)
{
	struct tcpseg s;
	uint32_t sum;

	if (!tcpseg_parse(f, len, &s))
		abort();
	sum = csum_pseudo(s.saddr, s.alen, 6, (uint32_t)s.tcp_len);
	if (csum_fold(csum_add(s.l4, s.tcp_len, sum)))
		abort();
	if (!s.v6 && csum_fold(csum_add(s.l3, s.l3_len, 0)))
		abort();
}

static void cut(uint8_t *f, size_t len, uint16_t gso)
{
	struct offload_segs it;
	struct offload_vnet h;
	size_t n, payload = 0;
	unsigned int count = 0;

	if (!offload_segs_begin(&it, f, len, gso))
		abort();	/* offload_from_vnet() kept it: it must cut */
	while ((n = offload_segs_next(&it, seg, sizeof(seg)))) {
		struct tcpseg s;

		check_segment(seg, n);
		tcpseg_parse(seg, n, &s);
		if (tcpseg_payload(&s) > gso)
			abort();
		payload += tcpseg_payload(&s);
		count++;
	}
	if (payload != tcpseg_payload(&it.seg) || count > OFFLOAD_SEGS_MAX)
		abort();
	offload_to_vnet(f, len, gso, &h);
	if (h.gso_size != gso)
		abort();
	if (!offload_complete(f, len))
		abort();
	check_segment(f, len);
}

/* Split a copy at @at bytes of payload and merge the halves back */
static void merge(const uint8_t *f, size_t len, size_t at)
{
	struct tcpseg a, b, s;
	size_t hdrs, alen;
	uint32_t pay, room;

	memcpy(frame, f, len);
	if (!tcpseg_parse(frame, len, &s) || !(pay = tcpseg_payload(&s)))
		return;
	at = at % pay;
	hdrs = (size_t)(s.l4 - frame) + s.hdr_len;
	memcpy(second, frame, hdrs);
	memcpy(second + hdrs, frame + hdrs + at, pay - at);
	tcpseg_parse(second, len, &b);
	tcpseg_set_seq_flags(&b, s.seq + (uint32_t)at, b.flags);
	tcpseg_resize(&b, pay - (uint32_t)at);
	tcpseg_resize(&s, (uint32_t)at);
	alen = hdrs + at;
	if (!coalesce_match(frame, alen, second, hdrs + pay - at, &a, &b))
		return;
	room = coalesce_room(&a, at ? (uint32_t)at : 1);
	if (room > tcpseg_payload(&b))
		room = tcpseg_payload(&b);
	coalesce_take(&a, &alen, &b, b.l4 + b.hdr_len, room);
	coalesce_finish(frame, alen, (uint16_t)(at ? at : 1));
	if (alen > FRAME_MAX || !tcpseg_parse(frame, alen, &s) || s.l3_len + s.tcp_len > 65535)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct offload_vnet h;
	uint16_t gso;
	size_t len;

	if (size < OFFLOAD_VNET_LEN + 1)
		return 0;
	len = size - OFFLOAD_VNET_LEN;
	if (len > FRAME_MAX)
		len = FRAME_MAX;
	offload_vnet_read(data, &h);
	memcpy(frame, data + OFFLOAD_VNET_LEN, len);
	if (offload_from_vnet(&h, frame, len, &gso) == 0 && gso)
		cut(frame, len, gso);
	merge(data + OFFLOAD_VNET_LEN, len, h.hdr_len);
	return 0;
}
