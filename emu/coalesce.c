// SPDX-License-Identifier: GPL-2.0-or-later
/* coalesce.c - merge in-order TCP segments of one flow into a GSO frame
 *
 * DOC: Theory of operation
 *
 * libslirp sends the guest one segment per MSS: at MTU 1500, 45 frames
 * for each 64 KiB, each a tap write and a trip through the guest's stack.
 * At MTU 65520 its segments are 32 KiB (TCP_MAXSEG_MAX), two tap writes
 * per 64 KiB. An offloading tap (offload.c) takes one GSO frame instead,
 * which the guest's stack handles as one segment, as a NIC's receive
 * offload would have merged them. The payload of a segment may be
 * appended to the one before it (coalesce_match()) when a receiver could
 * not tell the difference:
 *
 * - the same Ethernet, IP and TCP headers but for the lengths, IPv4
 *   identification and checksum, sequence and acknowledgement numbers,
 *   window and PSH (IP options and TCP options byte for byte equal);
 * - the new segment starts where the first ends; both carry ACK and
 *   nothing but ACK and, on the new one, PSH (a PSH ends a merge, as in
 *   Linux's GRO); the first has no PSH.
 *
 * The merged frame is a byte stream cut into segments of a size @mss
 * that the receiver takes (the guest's MSS, or the largest segment merged
 * so far): it takes as many bytes as fit in whole segments of @mss within
 * one IP packet (coalesce_room()), and what is left of a segment starts
 * the next frame. So at MTU 65520 the guest gets frames of 65480 bytes of
 * payload, at 1500 GSO frames of 44 segments of 1460.
 *
 * coalesce_take() appends the bytes and takes the newer acknowledgement
 * number and window; coalesce_finish() then gives the frame the partial
 * checksum of an offload frame (frame.h, tcpseg_checksum_partial()).
 */

#include <netinet/tcp.h>
#include <string.h>

#include "coalesce.h"
#include "frame.h"
#include "tcpseg.h"

#define IP_MAXPACKET_LEN	65535U


/* The IP header fields a merge must not change: all but lengths, id, checksum */
static bool same_ip(const struct tcpseg *a, const struct tcpseg *b)
{
	if (a->v6 != b->v6 || a->l3_len != b->l3_len)
		return false;
	if (a->v6)	/* version, class, flow label; next header, hop limit; addresses */
		return !memcmp(a->l3, b->l3, 4) && !memcmp(a->l3 + 6, b->l3 + 6, 34);
	/* version, header length, TOS; fragment field, TTL, protocol; addresses
	 * and options */
	return !memcmp(a->l3, b->l3, 2) && !memcmp(a->l3 + 6, b->l3 + 6, 4) &&
	       !memcmp(a->l3 + 12, b->l3 + 12, a->l3_len - 12);
}

/* Ports, data offset and options equal; flags that allow a merge */
static bool same_tcp(const struct tcpseg *a, const struct tcpseg *b)
{
	if (a->hdr_len != b->hdr_len || a->sport != b->sport || a->dport != b->dport)
		return false;
	if (a->flags != TH_ACK || (b->flags & (uint8_t)~TH_PUSH) != TH_ACK)
		return false;
	return !memcmp(a->l4 + 20, b->l4 + 20, a->hdr_len - 20);
}

/**
 * coalesce_match() - tell whether a segment's payload may be appended to
 *		      the frame before it
 * @first:	the first frame (a TCP segment, or one merged already)
 * @first_len:	its length
 * @next:	the new frame (only read)
 * @next_len:	its length
 * @a:		@first's segment, parsed
 * @b:		@next's segment, parsed
 *
 * Return: true if both are data segments of one flow that follow each
 *	   other and may be merged (see the theory of operation above), the
 *	   first ending where its frame does
 */
bool coalesce_match(uint8_t *first, size_t first_len, uint8_t *next, size_t next_len,
		    struct tcpseg *a, struct tcpseg *b)
{
	return tcpseg_parse(first, first_len, a) && tcpseg_parse(next, next_len, b) &&
	       tcpseg_payload(a) && tcpseg_payload(b) &&
	       a->seq + tcpseg_payload(a) == b->seq &&
	       (size_t)(a->l4 - first) + a->tcp_len == first_len &&
	       !memcmp(first, next, 14) && same_ip(a, b) && same_tcp(a, b);
}

/**
 * coalesce_room() - payload bytes a frame may still take
 * @a:		its segment
 * @mss:	the segment size it is cut into (at least 1)
 *
 * Return: what fits whole segments of @mss (or one, if @mss is larger)
 *	   within an IP packet and a frame, less what it has
 */
uint32_t coalesce_room(const struct tcpseg *a, uint32_t mss)
{
	size_t hdrs = (size_t)(a->l4 - a->l3) + a->hdr_len;
	uint32_t cap = (uint32_t)(IP_MAXPACKET_LEN - (a->l3_len + a->hdr_len));

	if (14 + hdrs + cap > FRAME_MAX)
		cap = (uint32_t)(FRAME_MAX - 14 - hdrs);
	if (cap >= mss)
		cap -= cap % mss;
	return cap > tcpseg_payload(a) ? cap - tcpseg_payload(a) : 0;
}

/**
 * coalesce_take() - append payload of the segment after a frame to it
 * @a:		the frame's segment; its lengths grow
 * @first_len:	the frame's length, grown by @n
 * @b:		the next segment (headers only read: may be a copy of them)
 * @payload:	its payload, the first @n bytes of which are appended
 * @n:		bytes to append (at most coalesce_room())
 *
 * The frame takes @b's acknowledgement number and window, and its PSH if
 * all of @b's payload was taken. Checksums are left to coalesce_finish().
 */
void coalesce_take(struct tcpseg *a, size_t *first_len, const struct tcpseg *b,
		   const uint8_t *payload, uint32_t n)
{
	uint8_t push = n == tcpseg_payload(b) ? (b->flags & TH_PUSH) : 0;

	memmove(a->l4 + a->tcp_len, payload, n);
	tcpseg_resize(a, tcpseg_payload(a) + n);
	tcpseg_set_ack_win(a, b->ack, b->win);
	tcpseg_set_seq_flags(a, a->seq, a->flags | push);
	*first_len += n;
}

/**
 * coalesce_finish() - the checksums of a frame segments were merged into
 * @frame:	the frame
 * @len:	its length
 * @gso_size:	its segment size: 0 if nothing was merged into it
 *
 * A merged frame gets the partial TCP checksum of an offload frame
 * (frame.h) and a new IPv4 header checksum; one that nothing was merged
 * into is left as it was.
 */
void coalesce_finish(uint8_t *frame, size_t len, uint16_t gso_size)
{
	struct tcpseg s;

	if (gso_size && tcpseg_parse(frame, len, &s))
		tcpseg_checksum_partial(&s);
}
