// SPDX-License-Identifier: GPL-2.0-or-later
/* hub.c - hubs (flood) and learning switches joining ports
 *
 * DOC: Theory of operation
 *
 * A hub floods each frame it gets from one port to all its other ports,
 * as QEMU's hubs do. A switch (-hub N,mode=switch) also learns which port
 * each source address lives behind and sends unicast frames to that port
 * only; unknown unicast, broadcast and multicast are flooded.
 *
 * Forwarding never writes: it only queues a reference to the frame on each
 * destination port (port_enqueue()), and the ports are flushed once per
 * event-loop batch.
 *
 * A GSO frame (frame.h, offload.c: one TCP segment of up to 64 KiB from
 * an offloading tap or the user-mode NAT) goes whole to the ports that
 * take them (struct port: @gso); for the others it is cut once into wire
 * segments, with their checksums, in a chunk of the hub's, and those are
 * queued instead. pcap dumps always get what a wire would carry: the
 * segments. For back-pressure (port.c) the hub answers one
 * question, hub_congested(): is a port that a source could feed above its
 * high marks? Pausing and resuming the source is the port's business.
 */

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "frame.h"
#include "chunk.h"
#include "hub.h"
#include "offload.h"
#include "pcap.h"
#include "port.h"
#include "xalloc.h"

static struct hub *hubs;

/**
 * struct hub_wire - the wire segments of the GSO frame being forwarded
 * @cut:	cut already (the frames below are valid)
 * @n:		number of segments, 0 if the frame could not be cut
 */
struct hub_wire {
	bool cut;
	unsigned int n;
};

static struct frame wire_frames[OFFLOAD_SEGS_MAX];
static struct chunk *wire_chunk;
static uint32_t wire_end;
static uint8_t dump_seg[FRAME_MAX];

/**
 * hub_find() - look a hub up by number
 * @id:	hub number
 *
 * Return: the hub, or NULL if none has that number
 */
struct hub *hub_find(unsigned int id)
{
	struct hub *h;

	for (h = hubs; h; h = h->next)
		if (h->id == id)
			return h;
	return NULL;
}

/**
 * hub_first() - the first hub, for walking the list through @next
 *
 * Return: a hub or NULL
 */
struct hub *hub_first(void)
{
	return hubs;
}

/**
 * hub_get() - look a hub up by number, creating it if needed
 * @id:	hub number
 *
 * Return: the hub
 */
struct hub *hub_get(unsigned int id)
{
	struct hub *h = hub_find(id), **pp;

	if (h)
		return h;
	h = xcalloc(1, sizeof(*h));
	h->id = id;
	mactable_init(&h->macs, HUB_MACS_MAX, HUB_AGEING_S_DEFAULT * 1000ULL);
	for (pp = &hubs; *pp && (*pp)->id < id; pp = &(*pp)->next)
		;
	h->next = *pp;
	*pp = h;
	return h;
}

static void hub_ageing(struct loop_timer *t)
{
	struct hub *h = container_of(t, struct hub, ageing_timer);

	mactable_expire(&h->macs, loop_now_ms());
	loop_timer_arm(t, h->macs.ageing_ms / 2 + 1, hub_ageing);
}

/**
 * hub_set_switch() - make a hub a learning switch or a plain hub
 * @h:		hub
 * @is_switch:	true for a switch
 * @ageing_s:	seconds a learnt address lives without being seen
 */
void hub_set_switch(struct hub *h, bool is_switch, unsigned int ageing_s)
{
	h->is_switch = is_switch;
	h->macs.ageing_ms = (uint64_t)ageing_s * 1000;
	loop_timer_cancel(&h->ageing_timer);
	if (is_switch)
		loop_timer_arm(&h->ageing_timer, h->macs.ageing_ms / 2 + 1,
			       hub_ageing);
}

/**
 * hub_attach() - put a port on a hub
 * @h:	hub
 * @p:	port, not on any hub yet
 *
 * Listeners are remembered as on the hub (their peers join it) but take
 * no part in forwarding.
 */
void hub_attach(struct hub *h, struct port *p)
{
	p->hub = h;
	if (!p->forwards)
		return;
	if (p->high)
		h->nhigh++;
	if (h->nports == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 8;
		h->ports = xreallocarray(h->ports, h->cap, sizeof(*h->ports));
	}
	h->ports[h->nports++] = p;
}

/**
 * hub_detach() - take a port off its hub
 * @p:	port; nothing happens if it is on none
 */
void hub_detach(struct port *p)
{
	struct hub *h = p->hub;

	if (!h)
		return;
	for (unsigned int i = 0; i < h->nports; i++) {
		if (h->ports[i] == p) {
			memmove(&h->ports[i], &h->ports[i + 1],
				(h->nports - i - 1) * sizeof(*h->ports));
			h->nports--;
			if (p->high)
				h->nhigh--;
			break;
		}
	}
	mactable_forget_val(&h->macs, p);
	p->hub = NULL;
}

/* Cut a GSO frame into wire segments in the hub's chunk: wire_frames[] */
static unsigned int hub_cut(const struct frame *f)
{
	struct offload_segs it;
	unsigned int n = 0;
	size_t len, need;

	if (!offload_segs_begin(&it, frame_data(f), f->len, f->gso_size))
		return 0;
	need = offload_segs_bytes(&it) + (size_t)offload_gso_count(&it.seg, f->gso_size) * FRAME_HDR;
	if (!wire_chunk || CHUNK_SIZE - wire_end < need) {
		chunk_put(wire_chunk);
		wire_chunk = chunk_get();
		wire_end = 0;
	}
	while (n < OFFLOAD_SEGS_MAX) {
		struct frame *w = &wire_frames[n];

		w->chunk = wire_chunk;
		w->off = wire_end + FRAME_HDR;
		w->gso_size = 0;
		len = offload_segs_next(&it, frame_data(w), CHUNK_SIZE - w->off);
		if (!len)
			break;
		w->len = (uint32_t)len;
		frame_set_header(w);
		wire_end = w->off + w->len;
		n++;
	}
	return n;
}

/* Queue @f on @dst: whole, or as wire segments for a port without GSO */
static void hub_deliver(struct port *dst, const struct frame *f, struct hub_wire *w)
{
	if (!f->gso_size || dst->gso) {
		port_enqueue(dst, f);
		return;
	}
	if (!w->cut) {
		w->n = hub_cut(f);
		w->cut = true;
	}
	if (!w->n)
		port_drop(dst, DROP_BAD_OFFLOAD);
	for (unsigned int i = 0; i < w->n; i++)
		port_enqueue(dst, &wire_frames[i]);
}

/* A GSO frame to one port (out of line, as hub_flood_gso()) */
static __attribute__((noinline)) void hub_deliver_one(struct port *dst, const struct frame *f)
{
	struct hub_wire w = { 0 };

	hub_deliver(dst, f, &w);
}

/**
 * hub_dump() - write a frame to a pcap dump as a wire would carry it
 * @pc:	the dump
 * @f:	the frame; a GSO frame is written as its segments
 */
void hub_dump(struct pcap *pc, const struct frame *f)
{
	struct offload_segs it;
	size_t len;

	if (!f->gso_size) {
		pcap_write(pc, frame_data(f), f->len);
		return;
	}
	if (!offload_segs_begin(&it, frame_data(f), f->len, f->gso_size))
		return;
	while ((len = offload_segs_next(&it, dump_seg, sizeof(dump_seg))))
		pcap_write(pc, dump_seg, len);
}

/* A GSO frame to every other port (kept out of line: the common case
 * below stays lean) */
static __attribute__((noinline)) void hub_flood_gso(struct hub *h, struct port *src,
						    const struct frame *f)
{
	struct hub_wire w = { 0 };

	for (unsigned int i = 0; i < h->nports; i++)
		if (h->ports[i] != src)
			hub_deliver(h->ports[i], f, &w);
}

static inline __attribute__((always_inline)) void hub_flood(struct hub *h, struct port *src,
							 const struct frame *f)
{
	if (f->gso_size) {
		hub_flood_gso(h, src, f);
		return;
	}
	for (unsigned int i = 0; i < h->nports; i++)
		if (h->ports[i] != src)
			port_enqueue(h->ports[i], f);
}

/**
 * struct switch_memo - what one batch of a port's frames learnt and found
 * @gen:	the MAC table's generation the answers below are of
 * @src:	source address already learnt at this batch's time (0: none)
 * @dst:	destination address last found ...
 * @to:		... and its port (NULL: nothing kept)
 *
 * A batch's frames share a source port and a time, and mostly their
 * addresses: while the table's generation stays, learning the same source
 * again would change nothing, and a destination found stays where it was
 * (its entry can only have been refreshed). So each costs one comparison.
 */
struct switch_memo {
	unsigned long gen;
	uint64_t src;
	uint64_t dst;
	struct port *to;
};

static struct port *hub_switch_lookup(struct hub *h, struct switch_memo *m,
				      uint64_t dst, uint64_t now)
{
	if (m->to && m->dst == dst && m->gen == h->macs.gen)
		return m->to;
	m->to = mactable_lookup(&h->macs, dst, now);
	m->dst = dst;
	m->gen = h->macs.gen;
	return m->to;
}

static void hub_switch(struct hub *h, struct port *src, const struct frame *f,
		       uint64_t now, struct switch_memo *m)
{
	const uint8_t *eth = frame_data(f);
	struct port *dst;

	if (!mac_is_multicast(eth + 6)) {
		uint64_t s = mac_to_u64(eth + 6);

		if (s != m->src || m->gen != h->macs.gen) {
			mactable_learn(&h->macs, s, src, now);
			if (m->gen != h->macs.gen)
				m->to = NULL;	/* the table changed */
			m->gen = h->macs.gen;
			m->src = s;
		}
	}
	if (mac_is_multicast(eth)) {
		hub_flood(h, src, f);
		return;
	}
	dst = hub_switch_lookup(h, m, mac_to_u64(eth), now);
	if (!dst)
		hub_flood(h, src, f);
	else if (dst != src && !f->gso_size)
		port_enqueue(dst, f);
	else if (dst != src)
		hub_deliver_one(dst, f);
}

/**
 * hub_input() - forward frames a port received
 * @src:	receiving port
 * @frames:	the frames; each is queued (referenced) on its destinations
 * @n:		number of frames
 *
 * Runts are counted and dropped here, so every port type gets the same
 * treatment.
 */
void hub_input(struct port *src, const struct frame *frames, unsigned int n)
{
	struct hub *h = src->hub;
	uint64_t now = h && h->is_switch ? loop_now_ms() : 0;
	struct switch_memo memo = { .gen = h ? h->macs.gen : 0 };

	for (unsigned int i = 0; i < n; i++) {
		const struct frame *f = &frames[i];

		if (f->len < FRAME_MIN) {
			port_drop(src, DROP_RUNT);
			continue;
		}
		src->stats.rx_frames++;
		src->stats.rx_bytes += f->len;
		if (src->dump)
			hub_dump(src->dump, f);
		if (!h)
			continue;
		if (h->dump)
			hub_dump(h->dump, f);
		if (h->is_switch)
			hub_switch(h, src, f, now, &memo);
		else
			hub_flood(h, src, f);
	}
}

/**
 * hub_congested() - tell whether a port that @src could feed is congested
 * @h:		hub
 * @src:	the port about to read
 * @now:	current time in ms
 *
 * Return: true if some other port of @h is above its high marks and not
 *	   stalled (port_is_congested())
 */
bool hub_congested(const struct hub *h, const struct port *src, uint64_t now)
{
	if (!h->nhigh)
		return false;
	for (unsigned int i = 0; i < h->nports; i++)
		if (h->ports[i] != src && port_is_congested(h->ports[i], now))
			return true;
	return false;
}

/**
 * hub_gso_peer() - tell whether another port of the hub takes GSO frames
 * @h:		hub
 * @src:	the port asking
 *
 * Return: true if a port of @h other than @src has @gso
 */
bool hub_gso_peer(const struct hub *h, const struct port *src)
{
	for (unsigned int i = 0; i < h->nports; i++)
		if (h->ports[i] != src && h->ports[i]->gso)
			return true;
	return false;
}

/**
 * hub_free_all() - free every hub (ports must be gone)
 */
void hub_free_all(void)
{
	while (hubs) {
		struct hub *h = hubs;

		hubs = h->next;
		loop_timer_cancel(&h->ageing_timer);
		mactable_fini(&h->macs);
		if (h->dump)
			pcap_close(h->dump);
		free(h->ports);
		free(h);
	}
	chunk_put(wire_chunk);
	wire_chunk = NULL;
}
