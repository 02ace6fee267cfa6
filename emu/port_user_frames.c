// SPDX-License-Identifier: GPL-2.0-or-later
/* port_user_frames.c - the user-mode NAT's frames, both ways
 *
 * DOC: Frames between libslirp and the hub
 *
 * slirp's frames (its send_packet callback) are copied behind a stream
 * header into the port's chunk and handed to the hub. When another port
 * of the hub takes GSO frames (an offloading netns NIC), in-order TCP
 * segments of one flow that follow each other are merged into one GSO
 * frame first (coalesce.c), the payload copied once from slirp's buffer:
 * the frame waits in @pend until a segment that does not merge, or the
 * end of the slirp call, hands it on. Frames from the hub go to
 * slirp_input(); a GSO frame goes whole, with full checksums for the time
 * of the call. port_user.c does the rest of the libslirp glue.
 */

#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include <slirp/libslirp.h>

#include "chunk.h"
#include "coalesce.h"
#include "frame.h"
#include "hub.h"
#include "offload.h"
#include "port_user_internal.h"
#include "tcpseg.h"
#include "tcpwin.h"

/* Most bytes of headers a TCP segment has: Ethernet, IPv4 or IPv6, TCP */
#define USER_HDRS_MAX	(14U + 60U + 60U)

/* The IPv4 and TCP checksum fields, kept while slirp sees full checksums */
#define USER_CSUM_SAVE	4

static void user_csum_save(const struct tcpseg *s, uint8_t saved[USER_CSUM_SAVE])
{
	memcpy(saved, s->l4 + offsetof(struct tcphdr, th_sum), 2);
	if (!s->v6)
		memcpy(saved + 2, s->l3 + offsetof(struct iphdr, check), 2);
}

static void user_csum_restore(const struct tcpseg *s, const uint8_t saved[USER_CSUM_SAVE])
{
	memcpy(s->l4 + offsetof(struct tcphdr, th_sum), saved, 2);
	if (!s->v6)
		memcpy(s->l3 + offsetof(struct iphdr, check), saved + 2, 2);
}

/* A frame of slirp's to the hub; the ACK relay may hold it (tcpwin_ack.c) */
static void user_emit(struct user_port *u, const struct frame *f)
{
	if (u->tw)
		tcpwin_sent(u->tw, f);
	hub_input(&u->port, f, 1);
}

/**
 * user_flush_pending() - hand the frame segments are merged into to the hub
 * @u:		the port
 *
 * Called after every slirp call, and before a frame that does not merge.
 */
void user_flush_pending(struct user_port *u)
{
	struct frame f = u->pend;

	if (!f.chunk)
		return;
	u->pend.chunk = NULL;
	coalesce_finish(frame_data(&f), f.len, f.gso_size);
	frame_set_header(&f);
	user_emit(u, &f);
}

/* The segment size the frame being merged into is cut into */
static uint32_t user_coalesce_mss(struct user_port *u, const struct tcpseg *a,
				  const struct tcpseg *b)
{
	uint32_t mss = u->pend.gso_size, pa = tcpseg_payload(a), pb = tcpseg_payload(b);

	if (!mss && u->tw)
		mss = tcpwin_guest_mss(u->tw, a);	/* what the guest takes */
	if (!mss || mss > u->mtu - a->l3_len - a->hdr_len)
		mss = pa > pb ? pa : pb;	/* what slirp sends it, at least */
	return mss;
}

/* What is left of a segment merged in part (its headers @b, in @hdr): the
 * frame merged into next */
static void user_merge_rest(struct user_port *u, const uint8_t *hdr, const struct tcpseg *b,
			    const uint8_t *rest, uint32_t n, uint32_t mss)
{
	size_t hdrs = (size_t)(b->l4 - hdr) + b->hdr_len;
	struct frame f;
	struct tcpseg s;

	user_flush_pending(u);
	if (CHUNK_SIZE - u->rx_end < FRAME_HDR + hdrs + n) {
		chunk_put(u->rxc);
		u->rxc = chunk_get();
		u->rx_end = 0;
	}
	f.chunk = u->rxc;
	f.off = u->rx_end + FRAME_HDR;
	f.len = (uint32_t)(hdrs + n);
	f.gso_size = (uint16_t)mss;
	memcpy(frame_data(&f), hdr, hdrs);
	memcpy(frame_data(&f) + hdrs, rest, n);
	tcpseg_rebase(b, hdr, frame_data(&f), &s);
	tcpseg_set_seq_flags(&s, b->seq + tcpseg_payload(b) - n, s.flags);
	tcpseg_resize(&s, n);
	u->rx_end = f.off + f.len;
	u->pend = f;
}

/*
 * Merge a segment of slirp's into the pending frame (coalesce.c), copying
 * its payload straight from slirp's buffer; what does not fit starts the
 * next pending frame. Its headers are copied apart for the window relay
 * to rewrite (tcpwin_to_guest() reads and writes only the headers of a
 * data segment).
 */
static bool user_merge(struct user_port *u, const uint8_t *buf, size_t len)
{
	struct frame *p = &u->pend;
	uint8_t hdr[USER_HDRS_MAX];
	struct tcpseg a, b, bh;
	size_t plen = p->len, hdrs;
	uint32_t mss, n;

	if (!p->chunk || p->off + p->len != u->rx_end ||
	    !coalesce_match(frame_data(p), p->len, (uint8_t *)buf, len, &a, &b))
		return false;
	hdrs = (size_t)(b.l4 - buf) + b.hdr_len;
	mss = user_coalesce_mss(u, &a, &b);
	n = coalesce_room(&a, mss);
	if (CHUNK_SIZE - u->rx_end < n)
		n = CHUNK_SIZE - u->rx_end;
	if (n > tcpseg_payload(&b))
		n = tcpseg_payload(&b);
	if (!n || hdrs > sizeof(hdr) || mss < OFFLOAD_MSS_MIN || mss > UINT16_MAX)
		return false;
	memcpy(hdr, buf, hdrs);
	if (u->tw)
		tcpwin_to_guest(u->tw, hdr, len, len);
	tcpseg_rebase(&b, buf, hdr, &bh);	/* with the relay's window */
	coalesce_take(&a, &plen, &bh, buf + hdrs, n);
	p->len = (uint32_t)plen;
	p->gso_size = (uint16_t)mss;
	u->rx_end = p->off + p->len;
	if (n < tcpseg_payload(&b))
		user_merge_rest(u, hdr, &bh, buf + hdrs + n, tcpseg_payload(&b) - n, mss);
	return true;
}

/* Is @f a TCP segment later ones may be merged into (coalesce.c)? */
static bool user_may_coalesce(const struct user_port *u, const struct frame *f)
{
	struct tcpseg s;

	return u->port.hub && hub_gso_peer(u->port.hub, &u->port) &&
	       tcpseg_parse(frame_data(f), f->len, &s) && s.flags == TH_ACK &&
	       tcpseg_payload(&s);
}

/**
 * user_send_packet() - libslirp's send_packet: a frame of slirp's to the hub
 * @buf:	the frame
 * @len:	its length
 * @opaque:	the user port
 *
 * The frame is copied into the port's chunk (behind a stream header),
 * passes the window relay, and is merged into the pending GSO frame when
 * it continues it, or becomes the pending frame when later ones may merge.
 *
 * Return: @len (slirp's frames are never refused; too long ones are -1)
 */
ssize_t user_send_packet(const void *buf, size_t len, void *opaque)
{
	struct user_port *u = opaque;
	size_t room = len + 4 > FRAME_MAX ? FRAME_MAX : len + 4;	/* tcpwin */
	struct frame f;

	if (len > FRAME_MAX)
		return -1;
	if (user_merge(u, buf, len))
		return (ssize_t)len;
	if (!u->rxc || CHUNK_SIZE - u->rx_end < FRAME_HDR + room) {
		user_flush_pending(u);	/* it lives in the chunk let go */
		chunk_put(u->rxc);
		u->rxc = chunk_get();
		u->rx_end = 0;
	}
	f.chunk = u->rxc;
	f.off = u->rx_end + FRAME_HDR;
	f.gso_size = 0;
	memcpy(frame_data(&f), buf, len);
	f.len = (uint32_t)(u->tw ? tcpwin_to_guest(u->tw, frame_data(&f), len, room) : len);
	if (!f.len)
		return (ssize_t)len;	/* slirp's answer to a window probe */
	user_flush_pending(u);
	frame_set_header(&f);
	u->rx_end = f.off + f.len;
	if (user_may_coalesce(u, &f))
		u->pend = f;
	else
		user_emit(u, &f);
	return (ssize_t)len;
}

/* A GSO frame libslirp cannot take whole (IPv6 beyond its MTU): cut it */
static void user_feed_segments(struct user_port *u, const struct frame *f)
{
	static uint8_t seg[FRAME_MAX];
	struct offload_segs it;
	size_t len;

	if (!offload_segs_begin(&it, frame_data(f), f->len, f->gso_size))
		return;
	while ((len = offload_segs_next(&it, seg, sizeof(seg))))
		slirp_input(u->slirp, seg, (int)len);
}

/**
 * user_feed() - give slirp a frame from the hub
 * @u:		the port
 * @f:		the frame
 *
 * A GSO frame (from an offloading tap) goes whole, as one large segment,
 * with its checksums computed for the time of the call and its partial
 * TCP checksum put back after it: other ports may hold the same frame and
 * expect it as the guest sent it. An IPv6 GSO frame beyond slirp's MTU
 * is cut into wire segments first.
 */
void user_feed(struct user_port *u, const struct frame *f)
{
	uint8_t *d = frame_data(f), saved[USER_CSUM_SAVE] = { 0 };
	struct tcpseg s;

	if (!f->gso_size) {
		slirp_input(u->slirp, d, (int)f->len);
		return;
	}
	if (!tcpseg_parse(d, f->len, &s))
		return;
	if (s.l3_len + s.tcp_len > u->mtu && s.v6) {
		user_feed_segments(u, f);
		return;
	}
	user_csum_save(&s, saved);
	tcpseg_checksum(&s);
	slirp_input(u->slirp, d, (int)f->len);
	user_csum_restore(&s, saved);
}
