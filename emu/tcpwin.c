// SPDX-License-Identifier: GPL-2.0-or-later
/* tcpwin.c - TCP window scaling between the guest and libslirp
 *
 * DOC: Theory of operation
 *
 * libslirp 4.7 does not do TCP window scaling (RFC 7323), so it never
 * announces more than 65535 bytes of receive window, although it accepts
 * more (an in-order segment that fits its 128 KiB socket buffer, which it
 * empties into the host socket at once). At MTU 65520 that is one or two
 * segments in flight: the guest's sender stops after each and waits for
 * slirp's ACK, and every round trip runs through our loop, the tap and
 * the guest's stack in turn.
 *
 * This relay sits between the guest and slirp for the connections the
 * guest opens (its SYN with a window-scale option):
 *
 * - slirp's SYN-ACK gets a window-scale option (TCPWIN_SHIFT); from then
 *   on the window field of slirp's segments is rewritten in scaled units,
 *   and the guest's window field (scaled by the guest's own shift) is put
 *   back in plain bytes, at most 65535, before slirp sees it.
 * - While slirp announces a full window (it has at least 64 KiB of room),
 *   the guest is told it may send TCPWIN_EXTRA bytes more. Segments that
 *   arrive beyond slirp's own window are held, in order, and given to
 *   slirp as its acknowledgements open room —
 *   never beyond what slirp announced, so slirp never trims or drops.
 * - The right edge of the window we announce never moves back; what is
 *   held is bounded per connection (TCPWIN_EXTRA) and overall
 *   (TCPWIN_HOLD_FRAMES, TCPWIN_HOLD_BYTES); a frame that finds no room is
 *   dropped and counted, and the guest sends it again.
 * - A held frame keeps its whole chunk alive. Large frames are held by
 *   reference (no copy; at most eight share a chunk, so the chunks kept
 *   stay within eight times TCPWIN_HOLD_BYTES); frames shorter than
 *   TCPWIN_COPY_BELOW are copied densely into chunks of the relay's own,
 *   so that a guest cannot make each small held frame keep a chunk.
 *
 * The guest's window field is rewritten in place, in its chunk (four
 * bytes with the checksum): another port of the same hub that was given
 * the same frame and has not written it yet writes the rewritten one, a
 * valid frame all the same.
 *
 * Acknowledgements still come from slirp alone: nothing is acknowledged
 * that slirp has not taken, so a connection reset or a full host socket
 * loses nothing that the guest would not send again. Connections the
 * guest opens without the option, connections slirp opens (hostfwd), and
 * connections beyond TCPWIN_MAX_FLOWS pass untouched, as without us.
 *
 * Parsing and rewriting a segment (window field, option, checksums) is
 * tcpseg.c's; this file keeps the flows and what they hold.
 */

#include <errno.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "tcpseg.h"
#include "tcpwin.h"
#include "tcpwin_internal.h"
#include "xalloc.h"

/* The connection of a segment, as seen from the guest */
static void seg_key(const struct tcpseg *s, bool from_guest, struct tw_key *k)
{
	const uint8_t *src = s->saddr, *dst = s->saddr + s->alen;

	memset(k, 0, sizeof(*k));
	memcpy(k->guest, from_guest ? src : dst, s->alen);
	memcpy(k->remote, from_guest ? dst : src, s->alen);
	k->gport = from_guest ? s->sport : s->dport;
	k->rport = from_guest ? s->dport : s->sport;
	k->v6 = s->v6;
}

/* ------------------------------------------------------------------ */
/* Flow table                                                         */

static struct tw_flow *flow_find(struct tcpwin *tw, const struct tw_key *k);

/**
 * tw_flow_of() - the relayed connection of a segment
 * @tw:		relay
 * @s:		the segment
 * @from_guest:	it goes from the guest to slirp
 *
 * Return: the connection, or NULL if it is not relayed
 */
struct tw_flow *tw_flow_of(struct tcpwin *tw, const struct tcpseg *s, bool from_guest)
{
	struct tw_key k;

	seg_key(s, from_guest, &k);
	return flow_find(tw, &k);
}

static uint32_t key_hash(const struct tw_key *k)
{
	uint32_t w, h = k->v6;

	for (size_t i = 0; i < sizeof(k->guest); i += 4) {
		memcpy(&w, k->guest + i, 4);
		h = (h ^ w) * 0x9e3779b1u;
		memcpy(&w, k->remote + i, 4);
		h = (h ^ w) * 0x9e3779b1u;
	}
	h = (h ^ ((uint32_t)k->gport << 16 | k->rport)) * 0x9e3779b1u;
	return (h ^ h >> 15) & (TW_BUCKETS - 1);
}

static struct tw_flow *flow_find(struct tcpwin *tw, const struct tw_key *k)
{
	for (int32_t i = tw->bucket[key_hash(k)]; i != TW_NONE; i = tw->flows[i].next)
		if (!memcmp(&tw->flows[i].key, k, sizeof(*k)))
			return &tw->flows[i];
	return NULL;
}

static struct tw_flow *flow_add(struct tcpwin *tw, const struct tw_key *k)
{
	int32_t i = tw->free_head;
	uint32_t b = key_hash(k);
	struct tw_flow *f;

	if (i == TW_NONE)
		return NULL;
	f = &tw->flows[i];
	tw->free_head = f->next;
	memset(f, 0, sizeof(*f));
	f->key = *k;
	f->hold_slot = TW_NONE;
	f->out.slot = TW_NONE;
	f->next = tw->bucket[b];
	tw->bucket[b] = i;
	tw->used[i] = true;
	tw->stats.flows++;
	return f;
}

static void holding_add(struct tcpwin *tw, struct tw_flow *f)
{
	f->hold_slot = (int32_t)tw->nholding;
	tw->holding[tw->nholding++] = (int32_t)(f - tw->flows);
}

static void holding_remove(struct tcpwin *tw, struct tw_flow *f)
{
	int32_t last = tw->holding[--tw->nholding];

	tw->holding[f->hold_slot] = last;
	tw->flows[last].hold_slot = f->hold_slot;
	f->hold_slot = TW_NONE;
}

static struct tw_held *held_at(struct tw_flow *f, uint32_t i)
{
	return &f->held[(f->head + i) & (f->cap - 1)];
}

static void held_pop(struct tcpwin *tw, struct tw_flow *f, struct frame *out)
{
	*out = held_at(f, 0)->fr;
	f->head = (f->head + 1) & (f->cap - 1);
	f->count--;
	f->held_bytes -= out->len;
	tw->stats.held_frames--;
	tw->stats.held_bytes -= out->len;
	if (!f->count)
		holding_remove(tw, f);
}

/**
 * tw_flow_remove() - forget a connection, releasing what is held for it
 * @tw:	relay
 * @f:	the connection, in use
 */
void tw_flow_remove(struct tcpwin *tw, struct tw_flow *f)
{
	int32_t idx = (int32_t)(f - tw->flows);
	int32_t *pp = &tw->bucket[key_hash(&f->key)];
	struct frame fr;

	while (f->count) {
		held_pop(tw, f, &fr);
		chunk_put(fr.chunk);
	}
	free(f->held);
	tw_out_free(tw, f);
	while (*pp != idx)
		pp = &tw->flows[*pp].next;
	*pp = f->next;
	f->next = tw->free_head;
	f->held = NULL;
	tw->free_head = idx;
	tw->used[idx] = false;
	tw->stats.flows--;
}

/**
 * tw_held_frame() - the frame to hold: a dense copy of a small one, else
 *		     the frame itself; either way with a chunk reference of
 *		     the relay's own
 * @tw:	relay
 * @fr:	the frame
 *
 * Return: the frame to keep (chunk_put() its chunk when done)
 */
struct frame tw_held_frame(struct tcpwin *tw, const struct frame *fr)
{
	struct frame h = *fr;

	if (fr->len >= TCPWIN_COPY_BELOW) {
		chunk_ref(fr->chunk);
		return h;
	}
	if (!tw->copyc || CHUNK_SIZE - tw->copy_end < FRAME_HDR + fr->len) {
		chunk_put(tw->copyc);
		tw->copyc = chunk_get();
		tw->copy_end = 0;
	}
	h.chunk = tw->copyc;
	h.off = tw->copy_end + FRAME_HDR;
	memcpy(frame_data(&h), frame_data(fr), fr->len);
	frame_set_header(&h);
	tw->copy_end = h.off + h.len;
	chunk_ref(h.chunk);
	return h;
}

/* Keep a segment, in sequence order (out of order only after a drop) */
static bool held_push(struct tcpwin *tw, struct tw_flow *f, const struct frame *fr,
		      uint32_t seq, uint32_t end)
{
	uint32_t i;

	if (tw->stats.held_frames >= TCPWIN_HOLD_FRAMES ||
	    tw->stats.held_bytes + fr->len > TCPWIN_HOLD_BYTES)
		return false;
	if (f->count == f->cap) {
		uint32_t cap = f->cap ? f->cap * 2 : 16;
		struct tw_held *n = xcalloc(cap, sizeof(*n));

		for (i = 0; i < f->count; i++)
			n[i] = *held_at(f, i);
		free(f->held);
		f->held = n;
		f->cap = cap;
		f->head = 0;
	}
	if (!f->count)
		holding_add(tw, f);
	for (i = f->count; i > 0 && !seq_leq(held_at(f, i - 1)->seq, seq); i--)
		*held_at(f, i) = *held_at(f, i - 1);
	*held_at(f, i) = (struct tw_held){ tw_held_frame(tw, fr), seq, end };
	f->count++;
	f->held_bytes += fr->len;
	tw->stats.held_frames++;
	tw->stats.held_bytes += fr->len;
	tw->stats.held_total++;
	return true;
}

/* ------------------------------------------------------------------ */
/* The relay                                                          */

/**
 * tcpwin_new() - make an empty relay
 *
 * Return: the relay
 */
struct tcpwin *tcpwin_new(void)
{
	struct tcpwin *tw = xcalloc(1, sizeof(*tw));

	for (uint32_t i = 0; i < TW_BUCKETS; i++)
		tw->bucket[i] = TW_NONE;
	for (uint32_t i = 0; i < TCPWIN_MAX_FLOWS; i++)
		tw->flows[i].next = i + 1 < TCPWIN_MAX_FLOWS ? (int32_t)i + 1 : TW_NONE;
	tw->free_head = 0;
	tw->probed = TW_NONE;
	return tw;
}

/**
 * tcpwin_free() - free a relay and release the frames it holds
 * @tw:	relay, or NULL
 */
void tcpwin_free(struct tcpwin *tw)
{
	if (!tw)
		return;
	for (uint32_t i = 0; i < TCPWIN_MAX_FLOWS; i++)
		if (tw->used[i])
			tw_flow_remove(tw, &tw->flows[i]);
	chunk_put(tw->copyc);
	free(tw);
}

/* The oldest flow still waiting for slirp's SYN-ACK, or NULL */
static struct tw_flow *oldest_pending(struct tcpwin *tw)
{
	struct tw_flow *best = NULL;

	for (uint32_t i = 0; i < TCPWIN_MAX_FLOWS; i++) {
		struct tw_flow *f = &tw->flows[i];

		if (tw->used[i] && !f->scaled &&
		    (!best || (int32_t)(f->born - best->born) < 0))
			best = f;
	}
	return best;
}

/* A SYN from the guest: relay the connection if it offers scaling */
static void guest_syn(struct tcpwin *tw, const struct tcpseg *s, const struct tw_key *k)
{
	struct tw_flow *f = flow_find(tw, k);
	int shift = tcpseg_wscale(s);

	if (f)
		tw_flow_remove(tw, f);
	if (shift < 0) {
		tw->stats.unscaled++;
		return;
	}
	f = flow_add(tw, k);
	if (!f && (f = oldest_pending(tw))) {
		/* full: SYNs that slirp never answered make room first */
		tw_flow_remove(tw, f);
		f = flow_add(tw, k);
	}
	if (!f) {
		tw->stats.unscaled++;
		return;
	}
	f->gshift = (uint8_t)shift;
	f->gmss = tcpseg_mss(s);
	f->born = tw->syns++;
}

/* Does a held segment now fit slirp's window? */
static bool held_fits(const struct tw_flow *f, const struct tw_held *h)
{
	return seq_leq(h->end, f->ack + f->win);
}

/* Is a segment starting at @seq held already? */
static bool held_has(struct tw_flow *f, uint32_t seq)
{
	for (uint32_t i = 0; i < f->count; i++)
		if (held_at(f, i)->seq == seq)
			return true;
	return false;
}

/* A data or FIN segment of a relayed connection */
static enum tcpwin_verdict guest_data(struct tcpwin *tw, struct tw_flow *f,
				      const struct tcpseg *s, const struct frame *fr)
{
	uint32_t end = s->seq + tcpseg_payload(s);
	uint32_t fin = s->flags & TH_FIN ? 1 : 0;

	if (fin)
		f->fin_guest = true;
	/* sent again: slirp has it all, and answers with an ACK */
	if (!fin && seq_leq(end, f->ack))
		return TCPWIN_FEED;
	/* sent again while we hold it: the held one goes first */
	if (!seq_leq(f->sent_end, s->seq) && held_has(f, s->seq))
		return TCPWIN_DROP;
	/* anything else is new to slirp (also data we had to drop before:
	 * slirp puts what comes out of order back in order itself) */
	if (!seq_leq(end + fin, f->sent_end))
		f->sent_end = end + fin;
	if (!f->count && seq_leq(end, f->ack + f->win))
		return TCPWIN_FEED;
	return held_push(tw, f, fr, s->seq, end) ? TCPWIN_HELD : TCPWIN_DROP;
}

/**
 * tcpwin_from_guest() - look at a frame the guest sends towards slirp
 * @tw:	relay
 * @fr:	the frame; its window field may be rewritten in place
 *
 * Return: whether to feed it to slirp now, or that the relay kept it (it
 *	   took its own chunk reference), or that it is to be dropped
 */
enum tcpwin_verdict tcpwin_from_guest(struct tcpwin *tw, const struct frame *fr)
{
	struct tcpseg s;
	struct tw_key k;
	struct tw_flow *f;

	if (!tcpseg_parse(frame_data(fr), fr->len, &s))
		return TCPWIN_FEED;
	seg_key(&s, true, &k);
	if ((s.flags & (TH_SYN | TH_ACK)) == TH_SYN) {
		guest_syn(tw, &s, &k);
		return TCPWIN_FEED;
	}
	f = flow_find(tw, &k);
	if (!f || !f->scaled)
		return TCPWIN_FEED;
	if (s.flags & TH_RST) {
		tw_flow_remove(tw, f);
		return TCPWIN_FEED;
	}
	if (!(s.flags & TH_SYN)) {
		uint32_t win = (uint32_t)s.win << f->gshift;

		tcpseg_set_win(&s, win > 0xffff ? 0xffff : (uint16_t)win);
		if (tw_out_from_guest(tw, f, &s, win) == TCPWIN_ABSORB)
			return TCPWIN_ABSORB;
	}
	if (!tcpseg_payload(&s) && !(s.flags & TH_FIN))
		return TCPWIN_FEED;
	return guest_data(tw, f, &s, fr);
}

/* slirp's SYN-ACK: add our option, or give the connection up */
static void slirp_synack(struct tcpwin *tw, struct tw_flow *f, struct tcpseg *s,
			 size_t *len, size_t room)
{
	if (!tcpseg_add_wscale(s, TCPWIN_SHIFT, len, room)) {
		tw_flow_remove(tw, f);
		tw->stats.unscaled++;
		return;
	}
	f->scaled = true;
	f->ack = s->ack;
	f->win = s->win;
	f->right = s->ack + s->win;
	f->sent_end = s->ack;
	tw_out_start(f, s);
}

/* Any later segment of slirp's: learn its window, announce ours */
static void slirp_segment(struct tw_flow *f, struct tcpseg *s)
{
	uint32_t room, field;

	if (s->flags & TH_FIN)
		f->fin_slirp = true;
	if (!(s->flags & TH_ACK))
		return;
	if (seq_leq(f->ack, s->ack)) {
		f->ack = s->ack;
		f->win = s->win;
	}
	room = f->win + (f->win == 0xffff ? TCPWIN_EXTRA : 0);
	if (!seq_leq(f->ack + room, f->right))
		f->right = f->ack + room;
	field = (f->right - s->ack + (1U << TCPWIN_SHIFT) - 1) >> TCPWIN_SHIFT;
	tcpseg_set_win(s, field > 0xffff ? 0xffff : (uint16_t)field);
}

/**
 * tcpwin_to_guest() - rewrite a frame slirp sends towards the guest
 * @tw:		relay
 * @frame:	the frame, rewritten in place
 * @len:	its length
 * @room:	bytes available at @frame (a SYN-ACK grows by 4)
 *
 * Return: the frame's new length, 0 if it is not to be sent (slirp's
 *	   answer to a window probe of ours)
 */
size_t tcpwin_to_guest(struct tcpwin *tw, uint8_t *frame, size_t len, size_t room)
{
	struct tcpseg s;
	struct tw_key k;
	struct tw_flow *f;

	if (!tcpseg_parse(frame, len, &s))
		return len;
	seg_key(&s, false, &k);
	f = flow_find(tw, &k);
	if (!f)
		return len;
	if (s.flags & TH_RST) {
		tw_flow_remove(tw, f);
		return len;
	}
	if ((s.flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK)) {
		slirp_synack(tw, f, &s, &len, room);
		return len;
	}
	if (!f->scaled)
		return len;
	if (f->probe_pending && s.flags == TH_ACK && !tcpseg_payload(&s) && s.ack == f->ack) {
		/* the answer to our probe: learn the window, tell nobody */
		f->probe_pending = false;
		f->win = s.win;
		return 0;
	}
	slirp_segment(f, &s);
	if (f->fin_guest && f->fin_slirp && !f->count && !f->out.count)
		tw_flow_remove(tw, f);
	return len;
}

/**
 * tcpwin_next_ready() - take a held frame that slirp has room for now
 * @tw:		relay
 * @out:	the frame; the caller feeds it and drops its chunk reference
 *
 * Return: true if @out was filled
 */
bool tcpwin_next_ready(struct tcpwin *tw, struct frame *out)
{
	for (uint32_t i = 0; i < tw->nholding; i++) {
		struct tw_flow *f = &tw->flows[tw->holding[i]];

		if (held_fits(f, held_at(f, 0))) {
			held_pop(tw, f, out);
			if (!f->count && !f->out.count && f->fin_guest && f->fin_slirp)
				tw_flow_remove(tw, f);
			return true;
		}
	}
	return false;
}

/**
 * tcpwin_begin_probes() - start a round of window probes
 * @tw:	relay
 *
 * libslirp announces a window that opened again only once it opened by
 * two segments or half its buffer — at large MTUs, never — and waits for
 * the sender to probe. A flow whose held frames do not fit slirp's last
 * window gets one probe per round (tcpwin_next_probe()); call this after
 * slirp had a chance to empty its buffers (slirp_pollfds_poll()).
 */
void tcpwin_begin_probes(struct tcpwin *tw)
{
	tw->probe_round++;
}

/* Make a keep-alive-like probe from the head frame's headers */
static size_t probe_build(struct tw_flow *f, const struct frame *head,
			  uint8_t *buf, size_t cap)
{
	struct tcpseg s, p;
	size_t hdrs;

	if (!tcpseg_parse(frame_data(head), head->len, &s))
		return 0;
	hdrs = (size_t)(s.l4 - frame_data(head)) + sizeof(struct tcphdr);
	if (hdrs > cap)
		return 0;
	memcpy(buf, frame_data(head), hdrs);
	tcpseg_rebase(&s, frame_data(head), buf, &p);
	/* one byte before slirp's next expected: it answers with an ACK
	 * carrying its current window */
	tcpseg_make_probe(&p, f->ack - 1);
	return hdrs;
}

/**
 * tcpwin_next_probe() - a window probe for slirp, if a flow needs one
 * @tw:		relay
 * @buf:	where to build the frame
 * @cap:	its size (TCPWIN_PROBE_MAX is enough)
 *
 * Return: the probe's length, or 0 when no flow needs one this round
 */
size_t tcpwin_next_probe(struct tcpwin *tw, uint8_t *buf, size_t cap)
{
	for (uint32_t i = 0; i < tw->nholding; i++) {
		struct tw_flow *f = &tw->flows[tw->holding[i]];
		size_t len;

		if (f->probe_round == tw->probe_round || held_fits(f, held_at(f, 0)))
			continue;
		f->probe_round = tw->probe_round;
		len = probe_build(f, &held_at(f, 0)->fr, buf, cap);
		if (len) {
			f->probe_pending = true;
			tw->probed = tw->holding[i];
			tw->stats.probes++;
			return len;
		}
	}
	return 0;
}

/**
 * tcpwin_probe_done() - the probe from tcpwin_next_probe() was fed
 * @tw:	relay
 *
 * slirp answers a probe at once, from within slirp_input(); an answer that
 * did not come by then is not waited for, so that a later ACK of slirp's
 * is not taken for it.
 */
void tcpwin_probe_done(struct tcpwin *tw)
{
	if (tw->probed != TW_NONE && tw->used[tw->probed])
		tw->flows[tw->probed].probe_pending = false;
	tw->probed = TW_NONE;
}

/**
 * tcpwin_guest_mss() - the largest segment the guest takes on a connection
 * @tw:	relay
 * @s:	a segment of slirp's on it
 *
 * Return: the MSS the guest announced in its SYN, 0 if unknown (not
 *	   relayed, or no option)
 */
uint16_t tcpwin_guest_mss(struct tcpwin *tw, const struct tcpseg *s)
{
	struct tw_flow *f = tw_flow_of(tw, s, false);

	return f ? f->gmss : 0;
}

/**
 * tcpwin_get_stats() - read a relay's counters
 * @tw:	relay
 * @st:	filled in
 */
void tcpwin_get_stats(const struct tcpwin *tw, struct tcpwin_stats *st)
{
	*st = tw->stats;
}
