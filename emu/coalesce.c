// SPDX-License-Identifier: GPL-2.0-or-later
/* coalesce.c - merge in-order TCP segments of one flow into a GSO frame
 *
 * DOC: Theory of operation
 *
 * libslirp sends the guest one segment per MSS: at MTU 1500, 45 frames
 * for each 64 KiB, each a tap write and a trip through the guest's stack.
 * An offloading tap (offload.c) takes one GSO frame instead, and the
 * guest's stack handles it as one segment, as a NIC's receive offload
 * would have merged them. coalesce_merge() appends a segment's payload to
 * the segment before it when a receiver could not tell the difference:
 *
 * - the same Ethernet, IP and TCP headers but for the lengths, IPv4
 *   identification and checksum, sequence and acknowledgement numbers,
 *   window and PSH (IP options and TCP options byte for byte equal);
 * - the new segment starts where the first ends; both carry ACK and
 *   nothing but ACK and, on the new one, PSH (a PSH ends a merge, as in
 *   Linux's GRO); the first has no PSH;
 * - every merged segment but the last has exactly the first's payload
 *   length: that is the GSO segment size, so cutting the frame again
 *   (offload.c) gives back the same segments;
 * - the result fits an IP packet and a frame.
 *
 * The merged frame takes the newer acknowledgement number and window.
 * coalesce_finish() then gives a merged frame the partial checksum a GSO
 * frame carries (tcpseg_checksum_partial()); a frame nothing was merged
 * into keeps the checksum its sender computed.
 */

#include <netinet/tcp.h>
#include <string.h>

#include "coalesce.h"
#include "frame.h"
#include "tcpseg.h"

#define IP_MAXPACKET_LEN	65535U

/* Bytes from the frame start to the TCP header */
static size_t l4_off(const uint8_t *frame, const struct tcpseg *s)
{
	return (size_t)(s->l4 - frame);
}

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
 * coalesce_merge() - append a segment to the one before it, if it may be
 * @first:	the first frame (a TCP segment, or one merged already); the
 *		new payload is written at @first + *@first_len
 * @first_len:	its length, grown by the payload merged
 * @gso_size:	its segment size: 0 until something was merged, then the
 *		first segment's payload length
 * @next:	the new frame (may overlap the bytes after @first: its
 *		payload is moved, its headers read before)
 * @next_len:	its length
 *
 * Return: true if @next's payload is now part of @first; false if it may
 *	   not be merged (nothing changed)
 */
bool coalesce_merge(uint8_t *first, size_t *first_len, uint16_t *gso_size,
		    uint8_t *next, size_t next_len)
{
	struct tcpseg a, b;
	uint32_t pa, pb, mss;

	if (!tcpseg_parse(first, *first_len, &a) || !tcpseg_parse(next, next_len, &b))
		return false;
	pa = tcpseg_payload(&a);
	pb = tcpseg_payload(&b);
	mss = *gso_size ? *gso_size : pa;
	/* the first must end where its IP packet does: the payload goes there */
	if (!pa || !pb || pb > mss || pa % mss || a.seq + pa != b.seq ||
	    l4_off(first, &a) + a.tcp_len != *first_len ||
	    memcmp(first, next, 14) || !same_ip(&a, &b) || !same_tcp(&a, &b) ||
	    a.l3_len + a.tcp_len + pb > IP_MAXPACKET_LEN ||
	    *first_len + pb > FRAME_MAX || mss > UINT16_MAX)
		return false;
	memmove(first + *first_len, b.l4 + b.hdr_len, pb);
	tcpseg_resize(&a, pa + pb);
	tcpseg_set_ack_win(&a, b.ack, b.win);
	tcpseg_set_seq_flags(&a, a.seq, a.flags | (b.flags & TH_PUSH));
	*first_len += pb;
	*gso_size = (uint16_t)mss;
	return true;
}

/**
 * coalesce_finish() - the checksums of a frame segments were merged into
 * @frame:	the frame
 * @len:	its length
 * @gso_size:	what coalesce_merge() left: 0 if nothing was merged
 *
 * A merged frame gets the partial TCP checksum of a GSO frame (frame.h)
 * and a new IPv4 header checksum; one that nothing was merged into is
 * left as it was.
 */
void coalesce_finish(uint8_t *frame, size_t len, uint16_t gso_size)
{
	struct tcpseg s;

	if (gso_size && tcpseg_parse(frame, len, &s))
		tcpseg_checksum_partial(&s);
}
