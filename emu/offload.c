// SPDX-License-Identifier: GPL-2.0-or-later
/* offload.c - TCP segmentation offload: virtio-net headers, GSO frames,
 * software segmentation and checksums
 *
 * DOC: Theory of operation
 *
 * A tap with IFF_VNET_HDR and TUNSETOFFLOAD (TUN_F_CSUM, TSO4, TSO6) lets
 * the kernel hand us what a NIC with checksum and segmentation offload
 * would get: frames whose TCP or UDP checksum is left to us
 * (VIRTIO_NET_HDR_F_NEEDS_CSUM: the field holds the pseudo-header sum),
 * and GSO frames: one TCP segment of up to 64 KiB with the segment size
 * (gso_size) a wire would cut it into. offload_from_vnet() reads such a
 * header: a partial checksum of a plain frame is completed at once; a GSO
 * frame is checked (TCP over IPv4 or IPv6, the checksum where it belongs,
 * a segment size and count we can cut it into) and keeps its gso_size,
 * which travels with it in struct frame. Anything else is refused:
 * whatever sits on the other side of a tap is as untrusted as a peer.
 *
 * A GSO frame's TCP checksum field holds the pseudo-header sum over the
 * whole segment. Ports that take GSO frames (frame.h: an offloading tap,
 * and the user-mode NAT, which completes the checksum and feeds the
 * segment to libslirp whole) get it as is; for every other port, for
 * pcap dumps, and wherever a frame must look as on a wire, the hub cuts
 * it here into segments of gso_size payload bytes each, with headers
 * copied, lengths, sequence numbers, IPv4 identification and flags (FIN
 * and PSH on the last segment only, CWR on the first only) set, and both
 * checksums computed (offload_segs_begin(), offload_segs_next()), as
 * Linux's tcp_gso_segment() does.
 *
 * The other way, offload_to_vnet() writes the header of a frame for an
 * offloading tap: zero for a plain frame, the GSO type, sizes and the
 * partial checksum's place for a GSO frame (user-mode NAT's coalesced
 * segments, port_user.c, or a guest's own on another offloading tap).
 */

#include <errno.h>
#include <linux/virtio_net.h>
#include <netinet/tcp.h>
#include <string.h>

#include "csum.h"
#include "frame.h"
#include "offload.h"
#include "tcpseg.h"

#define TCP_CSUM_OFFSET	16U	/* offsetof(struct tcphdr, th_sum) */
#define UDP_CSUM_OFFSET	6U
#define TH_CWR_FLAG	0x80U	/* congestion window reduced (RFC 3168) */

static uint16_t rd16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void wr16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

/**
 * offload_vnet_read() - read a virtio-net header (host order, as the tun
 *			 driver writes it by default)
 * @buf:	OFFLOAD_VNET_LEN bytes, any alignment
 * @h:		the header
 */
void offload_vnet_read(const uint8_t *buf, struct offload_vnet *h)
{
	h->flags = buf[0];
	h->gso_type = buf[1];
	h->hdr_len = rd16(buf + 2);
	h->gso_size = rd16(buf + 4);
	h->csum_start = rd16(buf + 6);
	h->csum_offset = rd16(buf + 8);
}

/**
 * offload_vnet_write() - write a virtio-net header
 * @buf:	OFFLOAD_VNET_LEN bytes, any alignment
 * @h:		the header
 */
void offload_vnet_write(uint8_t *buf, const struct offload_vnet *h)
{
	buf[0] = h->flags;
	buf[1] = h->gso_type;
	wr16(buf + 2, h->hdr_len);
	wr16(buf + 4, h->gso_size);
	wr16(buf + 6, h->csum_start);
	wr16(buf + 8, h->csum_offset);
}

/* Complete a partial checksum: sum from @start to the end, field at @at */
static int complete_at(uint8_t *frame, size_t len, size_t start, size_t off)
{
	uint8_t *field = frame + start + off;
	uint16_t sum;

	if (start >= len || off > len - start || len - start - off < 2)
		return -EINVAL;
	sum = csum_fold(csum_add(frame + start, len - start, 0));
	/* UDP sends a computed 0 as 0xffff (RFC 768) */
	if (!sum && off == UDP_CSUM_OFFSET)
		sum = 0xffff;
	field[0] = (uint8_t)(sum >> 8);
	field[1] = (uint8_t)sum;
	return 0;
}

/* Headers' bytes of a parsed segment: Ethernet, IP, TCP */
static size_t seg_hdrs(const uint8_t *frame, const struct tcpseg *s)
{
	return (size_t)(s->l4 - frame) + s->hdr_len;
}

/**
 * offload_gso_count() - segments a GSO frame becomes
 * @s:		its segment
 * @mss:	payload bytes per segment
 *
 * Return: the number of segments (at least 1)
 */
uint32_t offload_gso_count(const struct tcpseg *s, uint32_t mss)
{
	uint32_t payload = tcpseg_payload(s);

	return payload ? (payload + mss - 1) / mss : 1;
}

/**
 * offload_gso_check() - tell whether a frame is a GSO frame we can cut
 * @frame:	the frame
 * @len:	its length
 * @mss:	the segment size it asks for
 * @s:		its segment, parsed
 *
 * Return: true for a TCP segment (no SYN, RST or URG) with payload,
 *	   @mss at least OFFLOAD_MSS_MIN, that becomes at most
 *	   OFFLOAD_SEGS_MAX segments which, with their stream headers, fit
 *	   one chunk
 */
bool offload_gso_check(uint8_t *frame, size_t len, uint32_t mss, struct tcpseg *s)
{
	uint32_t n;

	if (mss < OFFLOAD_MSS_MIN || !tcpseg_parse(frame, len, s) ||
	    (s->flags & (TH_SYN | TH_RST | TH_URG)) || !tcpseg_payload(s))
		return false;
	n = offload_gso_count(s, mss);
	return n <= OFFLOAD_SEGS_MAX &&
	       (size_t)n * (FRAME_HDR + seg_hdrs(frame, s)) + tcpseg_payload(s) <= CHUNK_SIZE;
}

/**
 * offload_from_vnet() - take a frame read from an offloading tap
 * @h:		its virtio-net header
 * @frame:	the frame; a partial checksum of a plain frame is completed
 * @len:	its length
 * @gso_size:	segment size if it stays a GSO frame, else 0
 *
 * Return: 0, or -EINVAL for a header we did not offer or that does not
 *	   fit the frame (the frame is to be dropped)
 */
int offload_from_vnet(const struct offload_vnet *h, uint8_t *frame, size_t len,
		      uint16_t *gso_size)
{
	uint8_t type = h->gso_type & (uint8_t)~VIRTIO_NET_HDR_GSO_ECN;
	struct tcpseg s;

	*gso_size = 0;
	if (!(h->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM))
		return h->gso_type == VIRTIO_NET_HDR_GSO_NONE ? 0 : -EINVAL;
	if (h->gso_type == VIRTIO_NET_HDR_GSO_NONE)
		return complete_at(frame, len, h->csum_start, h->csum_offset);
	if (type != VIRTIO_NET_HDR_GSO_TCPV4 && type != VIRTIO_NET_HDR_GSO_TCPV6)
		return -EINVAL;
	if (!tcpseg_parse(frame, len, &s) || s.v6 != (type == VIRTIO_NET_HDR_GSO_TCPV6) ||
	    h->csum_start != (size_t)(s.l4 - frame) || h->csum_offset != TCP_CSUM_OFFSET)
		return -EINVAL;
	if (tcpseg_payload(&s) <= h->gso_size)	/* one segment: a plain frame */
		return complete_at(frame, seg_hdrs(frame, &s) - s.hdr_len + s.tcp_len,
				   h->csum_start, h->csum_offset);
	if (!offload_gso_check(frame, len, h->gso_size, &s))
		return -EINVAL;
	*gso_size = h->gso_size;
	return 0;
}

/**
 * offload_to_vnet() - the virtio-net header to write a frame with
 * @frame:	the frame
 * @len:	its length
 * @gso_size:	its segment size (struct frame), 0 for a plain frame
 * @h:		the header: all zero for a plain frame, a partial checksum
 *		only for an offload frame of one segment
 */
void offload_to_vnet(uint8_t *frame, size_t len, uint16_t gso_size,
		     struct offload_vnet *h)
{
	struct tcpseg s;

	memset(h, 0, sizeof(*h));
	if (!gso_size || !tcpseg_parse(frame, len, &s))
		return;
	h->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	h->csum_start = (uint16_t)(s.l4 - frame);
	h->csum_offset = TCP_CSUM_OFFSET;
	if (tcpseg_payload(&s) <= gso_size)
		return;	/* one segment: the checksum is all that is left to do */
	h->gso_type = s.v6 ? VIRTIO_NET_HDR_GSO_TCPV6 : VIRTIO_NET_HDR_GSO_TCPV4;
	h->hdr_len = (uint16_t)seg_hdrs(frame, &s);
	h->gso_size = gso_size;
}

/**
 * offload_complete() - give a GSO frame the checksums of one big segment
 * @frame:	the frame (its TCP checksum field holds the pseudo-header sum)
 * @len:	its length
 *
 * For a receiver that takes the whole segment but checks its checksum
 * (libslirp).
 *
 * Return: false if it is no TCP segment
 */
bool offload_complete(uint8_t *frame, size_t len)
{
	struct tcpseg s;

	if (!tcpseg_parse(frame, len, &s))
		return false;
	tcpseg_checksum(&s);
	return true;
}

/**
 * offload_segs_begin() - start cutting a GSO frame into wire segments
 * @it:		iterator
 * @frame:	the GSO frame (not changed)
 * @len:	its length
 * @mss:	payload bytes per segment (its gso_size)
 *
 * Return: false if it is not a GSO frame offload_gso_check() accepts
 */
bool offload_segs_begin(struct offload_segs *it, uint8_t *frame, size_t len,
			uint32_t mss)
{
	memset(it, 0, sizeof(*it));
	if (!offload_gso_check(frame, len, mss, &it->seg))
		return false;
	it->frame = frame;
	it->hdrs = seg_hdrs(frame, &it->seg);
	it->mss = mss;
	it->ip_id = tcpseg_ip_id(&it->seg);
	return true;
}

/**
 * offload_segs_bytes() - bytes all the segments take, without stream headers
 * @it:	iterator, begun
 *
 * Return: segments × headers + payload
 */
size_t offload_segs_bytes(const struct offload_segs *it)
{
	return (size_t)offload_gso_count(&it->seg, it->mss) * it->hdrs +
	       tcpseg_payload(&it->seg);
}

/**
 * offload_segs_next() - build the next wire segment
 * @it:		iterator, begun
 * @out:	where to build it (not overlapping the GSO frame)
 * @cap:	bytes at @out
 *
 * Return: the segment's frame length, 0 when there is none left (or no
 *	   room for it at @out)
 */
size_t offload_segs_next(struct offload_segs *it, uint8_t *out, size_t cap)
{
	uint32_t payload = tcpseg_payload(&it->seg), n;
	uint8_t flags = it->seg.flags;
	struct tcpseg s;

	if (it->next >= payload)
		return 0;
	n = payload - it->next < it->mss ? payload - it->next : it->mss;
	if (it->hdrs + n > cap)
		return 0;
	memcpy(out, it->frame, it->hdrs);
	memcpy(out + it->hdrs, it->frame + it->hdrs + it->next, n);
	tcpseg_rebase(&it->seg, it->frame, out, &s);
	if (it->next + n < payload)
		flags &= (uint8_t)~(TH_FIN | TH_PUSH);
	if (it->index)
		flags &= (uint8_t)~TH_CWR_FLAG;	/* the first segment only */
	tcpseg_set_seq_flags(&s, it->seg.seq + it->next, flags);
	tcpseg_set_ip_id(&s, (uint16_t)(it->ip_id + it->index));
	tcpseg_resize(&s, n);
	tcpseg_checksum(&s);
	it->next += n;
	it->index++;
	return it->hdrs + n;
}
