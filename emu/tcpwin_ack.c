// SPDX-License-Identifier: GPL-2.0-or-later
/* tcpwin_ack.c - the window-scaling relay's counterpart for data to the
 * guest: acknowledging slirp's segments before the guest does
 *
 * DOC: Theory of operation
 *
 * libslirp 4.7 reads a window of 16 bits from the guest's segments and
 * knows no scaling, so it never has more than 65535 bytes in flight to
 * the guest, whatever the guest's window: at MTU 65520 that is two of its
 * 32 KiB segments, then a round trip through the guest's stack before it
 * sends more. The guest's own window scales (tcpwin.c relays the option),
 * so the bound is slirp's view of it.
 *
 * For a relayed connection, this relay tells slirp that its segments
 * arrived as soon as they go to the guest, and keeps them until the guest
 * really acknowledges them:
 *
 * - A data segment of slirp's (ACK and maybe PSH, nothing else) that
 *   starts where slirp's acknowledged data ends, ends within the guest's
 *   window and fits what a connection may hold (TCPWIN_ACK_HOLD; overall
 *   TCPWIN_ACK_HOLD_FRAMES, TCPWIN_ACK_HOLD_BYTES) is held — by
 *   reference, or copied densely if small (tw_held_frame()) — as it is
 *   handed to the hub (tcpwin_sent()), and slirp gets an acknowledgement
 *   of it from the guest's address (tcpwin_next_ack()), with a window of
 *   what the guest's window and the hold have left, at most 65535. slirp
 *   frees it, reads more from the host and sends again at once. Anything
 *   else passes untouched, and slirp keeps it and sends it again itself.
 * - The guest's acknowledgements release what they cover. Slirp sees the
 *   guest's segments with the acknowledgement number it was given (never
 *   lower) and the window computed as above; a pure acknowledgement that
 *   would tell slirp nothing new is absorbed (not fed: slirp would count
 *   it as a duplicate). Once the guest has acknowledged everything slirp
 *   was told, its segments pass as they are again.
 * - Loss towards the guest (a full tap queue, a guest that pruned its
 *   queue) is repaired here, as slirp can no longer: three duplicate
 *   acknowledgements send the oldest held segment again at once, and so
 *   does a timeout (TCPWIN_RTO_MS, doubling up to TCPWIN_RTO_MAX_MS) while
 *   the guest makes no progress (tcpwin_next_resend()). After
 *   TCPWIN_RETRIES timeouts in a row the connection is given up as slirp
 *   would give it up: slirp gets a reset from the guest's side.
 *
 * Nothing is lost to the host by this: slirp acknowledges what it reads
 * from the host socket anyway, long before the guest has it. The guest's
 * stack sees an ordinary sender.
 */

#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "ring.h"
#include "tcpseg.h"
#include "tcpwin.h"
#include "tcpwin_internal.h"

static struct tw_held *out_at(struct tw_out *o, uint32_t i)
{
	return &o->ring[(o->head + i) & (o->cap - 1)];
}

static int32_t flow_index(const struct tcpwin *tw, const struct tw_flow *f)
{
	return (int32_t)(f - tw->flows);
}

static void outs_add(struct tcpwin *tw, struct tw_flow *f)
{
	if (f->out.slot != TW_NONE)
		return;
	f->out.slot = (int32_t)tw->nouts;
	tw->outs[tw->nouts++] = flow_index(tw, f);
}

static void outs_remove(struct tcpwin *tw, struct tw_flow *f)
{
	int32_t last;

	if (f->out.slot == TW_NONE)
		return;
	last = tw->outs[--tw->nouts];
	tw->outs[f->out.slot] = last;
	tw->flows[last].out.slot = f->out.slot;
	f->out.slot = TW_NONE;
}

/* Leave the list once nothing is held, owed or to be done */
static void out_settle(struct tcpwin *tw, struct tw_flow *f)
{
	const struct tw_out *o = &f->out;

	if (!o->count && !o->ack_due && !o->resend && !o->abort)
		outs_remove(tw, f);
}

static void out_pop(struct tcpwin *tw, struct tw_out *o)
{
	struct tw_held *h = out_at(o, 0);

	o->bytes -= h->fr.len;
	tw->stats.out_frames--;
	tw->stats.out_bytes -= h->fr.len;
	chunk_put(h->fr.chunk);
	o->head = (o->head + 1) & (o->cap - 1);
	o->count--;
}

/**
 * tw_out_start() - the ACK relay's numbers, from slirp's SYN-ACK
 * @f:		the connection, scaled from now on
 * @synack:	slirp's SYN-ACK
 */
void tw_out_start(struct tw_flow *f, const struct tcpseg *synack)
{
	struct tw_out *o = &f->out;

	o->started = true;
	o->g_ack = o->acked = synack->seq + 1;
	o->g_win = o->told = 0;	/* until the guest's first acknowledgement */
}

/**
 * tw_out_free() - release what the ACK relay holds for a connection
 * @tw:	relay
 * @f:	the connection
 */
void tw_out_free(struct tcpwin *tw, struct tw_flow *f)
{
	struct tw_out *o = &f->out;

	while (o->count)
		out_pop(tw, o);
	free(o->ring);
	outs_remove(tw, f);
	memset(o, 0, sizeof(*o));
	o->slot = TW_NONE;
}

/* What slirp may send beyond @acked: the guest's window and the hold */
static uint32_t out_window(const struct tw_out *o)
{
	int32_t wnd = (int32_t)(o->g_ack + o->g_win - o->acked);
	uint32_t inflight = o->acked - o->g_ack;
	uint32_t room = inflight < TCPWIN_ACK_HOLD ? TCPWIN_ACK_HOLD - inflight : 0;
	uint32_t w = wnd > 0 ? (uint32_t)wnd : 0;

	if (w > room)
		w = room;
	return w > 0xffff ? 0xffff : w;
}

/**
 * tw_out_from_guest() - the ACK relay's part of a guest's segment
 * @tw:		relay
 * @f:		its connection, scaled
 * @s:		the segment; its acknowledgement and window may be rewritten
 * @win:	its window in bytes (field scaled by the guest's shift)
 *
 * Return: TCPWIN_ABSORB for a pure acknowledgement slirp is not to see,
 *	   TCPWIN_FEED for anything that goes on
 */
enum tcpwin_verdict tw_out_from_guest(struct tcpwin *tw, struct tw_flow *f,
				      struct tcpseg *s, uint32_t win)
{
	struct tw_out *o = &f->out;
	bool pure = !tcpseg_payload(s) && !(s->flags & (TH_SYN | TH_FIN | TH_RST));
	uint32_t ack = s->ack, told;

	if (!o->started || !(s->flags & TH_ACK))
		return TCPWIN_FEED;
	if (seq_lt(o->g_ack, ack)) {
		while (o->count && seq_leq(out_at(o, 0)->end, ack))
			out_pop(tw, o);
		o->g_ack = ack;
		o->dupacks = 0;
		o->retries = 0;
		o->sent_ms = 0;	/* the timer starts again at the next look */
	} else if (ack == o->g_ack && pure && o->count && win == o->g_win &&
		   ++o->dupacks == 3) {
		o->resend = true;
		outs_add(tw, f);
	}
	o->g_win = win;
	if (!seq_lt(ack, o->acked)) {
		/* the guest has everything slirp was told of: pass as it is */
		o->acked = ack;
		o->told = win > 0xffff ? 0xffff : win;
		out_settle(tw, f);
		return TCPWIN_FEED;
	}
	told = out_window(o);
	tcpseg_set_ack(s, o->acked);
	tcpseg_set_win(s, (uint16_t)told);
	out_settle(tw, f);
	if (pure && told == o->told)
		return TCPWIN_ABSORB;
	o->told = told;
	return TCPWIN_FEED;
}

/* Room for one more held segment of @len bytes, overall */
static bool out_room(const struct tcpwin *tw, size_t len)
{
	return tw->stats.out_frames < TCPWIN_ACK_HOLD_FRAMES &&
	       tw->stats.out_bytes + len <= TCPWIN_ACK_HOLD_BYTES;
}

static void out_push(struct tcpwin *tw, struct tw_out *o, const struct frame *fr,
		     uint32_t seq, uint32_t end)
{
	if (o->count == o->cap)
		o->ring = ring_grow(o->ring, sizeof(*o->ring), o->count, &o->head, &o->cap, 16);
	if (!o->count)
		o->sent_ms = 0;
	*out_at(o, o->count) = (struct tw_held){ tw_held_frame(tw, fr), seq, end };
	o->count++;
	o->bytes += fr->len;
	tw->stats.out_frames++;
	tw->stats.out_bytes += fr->len;
	tw->stats.out_total++;
}

/**
 * tcpwin_sent() - a frame of slirp's goes to the guest: hold it if it may be
 *		   acknowledged to slirp now
 * @tw:	relay
 * @fr:	the frame as the hub gets it (rewritten by tcpwin_to_guest(), maybe
 *	segments merged into it); a held one gets a chunk reference of ours
 */
void tcpwin_sent(struct tcpwin *tw, const struct frame *fr)
{
	struct tw_flow *f;
	struct tw_out *o;
	struct tcpseg s;
	uint32_t end;

	if (!tcpseg_parse(frame_data(fr), fr->len, &s) || !tcpseg_payload(&s) ||
	    (s.flags & (uint8_t)~TH_PUSH) != TH_ACK)
		return;
	f = tw_flow_of(tw, &s, false);
	if (!f || !f->scaled || !f->out.started)
		return;
	o = &f->out;
	end = s.seq + tcpseg_payload(&s);
	if (s.seq != o->acked || seq_lt(o->g_ack + o->g_win, end) ||
	    end - o->g_ack > TCPWIN_ACK_HOLD || !out_room(tw, fr->len))
		return;
	out_push(tw, o, fr, s.seq, end);
	o->acked = end;
	o->ack_due = true;
	outs_add(tw, f);
}

/* An acknowledgement (or a reset) from the guest, from a held segment */
static size_t out_build(const struct tw_flow *f, uint8_t *buf, size_t cap, bool rst)
{
	const struct tw_out *o = &f->out;
	const struct frame *head = &o->ring[o->head].fr;
	size_t l3 = f->key.v6 ? sizeof(struct ip6_hdr) : sizeof(struct iphdr);
	size_t len = 14 + l3 + sizeof(struct tcphdr), alen = f->key.v6 ? 16 : 4;
	uint8_t *ip = buf + 14, *th = ip + l3;
	const uint8_t *src = frame_data(head);
	struct tcphdr t;
	struct tcpseg s;

	if (len > cap || head->len < len)
		return 0;
	memcpy(buf, src + 6, 6);	/* to slirp's address, from the guest's */
	memcpy(buf + 6, src, 6);
	memcpy(buf + 12, src + 12, 2);
	memcpy(ip, src + 14, l3);
	if (f->key.v6) {
		memcpy(ip + offsetof(struct ip6_hdr, ip6_src), f->key.guest, alen);
		memcpy(ip + offsetof(struct ip6_hdr, ip6_dst), f->key.remote, alen);
	} else {
		ip[0] = 0x45;	/* no options */
		memcpy(ip + offsetof(struct iphdr, saddr), f->key.guest, alen);
		memcpy(ip + offsetof(struct iphdr, daddr), f->key.remote, alen);
	}
	memset(&t, 0, sizeof(t));
	t.th_sport = htons(f->key.gport);
	t.th_dport = htons(f->key.rport);
	t.th_seq = htonl(f->ack);	/* what slirp expects next */
	t.th_ack = htonl(o->acked);
	t.th_off = 5;
	t.th_flags = rst ? TH_RST | TH_ACK : TH_ACK;
	t.th_win = htons((uint16_t)o->told);
	memcpy(th, &t, sizeof(t));
	/* the IP lengths, then both checksums */
	if (f->key.v6)
		ip[4] = 0, ip[5] = sizeof(t);
	else
		ip[2] = 0, ip[3] = (uint8_t)(sizeof(struct iphdr) + sizeof(t));
	if (!tcpseg_parse(buf, len, &s))
		return 0;
	tcpseg_checksum(&s);
	return len;
}

/**
 * tcpwin_next_ack() - an acknowledgement the relay owes slirp, if any
 * @tw:		relay
 * @buf:	where to build it
 * @cap:	its size (TCPWIN_ACK_MAX is enough)
 *
 * Feed it to slirp, which may send more at once (tcpwin_sent() again),
 * then ask again until this returns 0. A connection given up
 * (TCPWIN_RETRIES) gets a reset here instead, and is forgotten.
 *
 * Return: the frame's length, or 0 when nothing is owed
 */
size_t tcpwin_next_ack(struct tcpwin *tw, uint8_t *buf, size_t cap)
{
	for (uint32_t i = 0; i < tw->nouts; i++) {
		struct tw_flow *f = &tw->flows[tw->outs[i]];
		struct tw_out *o = &f->out;
		size_t len;

		if (!o->ack_due)
			continue;
		o->ack_due = false;
		if (o->abort) {
			len = o->count ? out_build(f, buf, cap, true) : 0;
			tw->stats.resets++;
			tw_flow_remove(tw, f);
			if (len)
				return len;
			i = (uint32_t)-1;	/* the list changed: look again */
			continue;
		}
		o->told = out_window(o);
		len = o->count ? out_build(f, buf, cap, false) : 0;
		out_settle(tw, f);
		if (len)
			return len;
		i = (uint32_t)-1;
	}
	return 0;
}

/**
 * tcpwin_next_resend() - a held segment to send the guest again, if any
 * @tw:		relay
 * @now_ms:	the time, in ms
 * @out:	the frame (the relay keeps its reference: hand it to the hub,
 *		which takes its own)
 *
 * Call until it returns false: after duplicate acknowledgements, and
 * every few tens of ms while tcpwin_out_pending() says something is held
 * (the timeout of a held segment starts when this first sees it).
 *
 * Return: true if @out was filled
 */
bool tcpwin_next_resend(struct tcpwin *tw, uint64_t now_ms, struct frame *out)
{
	for (uint32_t i = 0; i < tw->nouts; i++) {
		struct tw_flow *f = &tw->flows[tw->outs[i]];
		struct tw_out *o = &f->out;
		uint32_t rto;

		if (!o->count || o->abort)
			continue;
		if (!o->sent_ms && !o->resend) {
			o->sent_ms = now_ms;
			continue;
		}
		rto = o->retries < 7 ? TCPWIN_RTO_MS << o->retries : TCPWIN_RTO_MAX_MS;
		if (rto > TCPWIN_RTO_MAX_MS)
			rto = TCPWIN_RTO_MAX_MS;
		if (!o->resend && now_ms - o->sent_ms < rto)
			continue;
		if (!o->resend && ++o->retries > TCPWIN_RETRIES) {
			o->abort = true;
			o->ack_due = true;
			continue;
		}
		o->resend = false;
		o->sent_ms = now_ms;
		*out = out_at(o, 0)->fr;
		tw->stats.resent++;
		return true;
	}
	return false;
}

/**
 * tcpwin_out_pending() - tell whether the ACK relay holds or owes anything
 * @tw:	relay
 *
 * Return: true while some connection has held segments (their timeouts
 *	   need tcpwin_next_resend() calls) or an acknowledgement is owed
 */
bool tcpwin_out_pending(const struct tcpwin *tw)
{
	return tw->nouts > 0;
}
