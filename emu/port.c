// SPDX-License-Identifier: GPL-2.0-or-later
/* port.c - ports: registry, transmit queues, flushing, counters
 *
 * DOC: Theory of operation
 *
 * A port's transmit queue is a ring of frame references, bounded both in
 * frames (TXQ_CAP_FRAMES) and bytes (TXQ_CAP_BYTES); a frame that does not
 * fit is dropped and counted (DROP_QUEUE_FULL) on that port only. Ports
 * are flushed once at the end of each loop batch; a port whose descriptor
 * would block waits for EPOLLOUT while the others go on.
 *
 * Back-pressure works per source read. Above TXQ_HIGH_FRAMES or
 * TXQ_HIGH_BYTES a port is congested; before a port reads, it asks its
 * hub whether a port it could feed is congested (hub_congested()), and if
 * so it pauses: its EPOLLIN is dropped, so a stream peer is pushed back by
 * TCP itself. The high marks leave room for one more full read from every
 * source, so a read that was allowed never loses frames. After each flush
 * the paused ports ask again and resume where their destinations drained;
 * a timer repeats the question while one stays paused, because a
 * destination that makes no progress for PORT_STALL_MS stops counting as
 * congested (frames for it are then dropped at its own full queue). So a
 * slow port slows the others for a moment at most, and a dead one never
 * stalls them.
 *
 * Ports closed during a batch are only unlinked there and freed at its
 * end, because later events of the same batch may still point at them.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "util.h"
#include "chunk.h"
#include "hub.h"
#include "log.h"
#include "pcap.h"
#include "port.h"
#include "ring.h"
#include "xalloc.h"

static struct port **ports;
static size_t nports, ports_cap;
static struct port *dirty_list;
static struct port *paused_list;
static struct port *zombie_list;
static struct loop_timer resume_timer;

static const char *const drop_names[DROP__COUNT] = {
	[DROP_QUEUE_FULL]	= "queue-full",
	[DROP_RUNT]		= "runt",
	[DROP_OWN]		= "own-frame",
	[DROP_LINK_DOWN]	= "link-down",
	[DROP_TX_ERROR]		= "tx-error",
	[DROP_TRUNCATED]	= "truncated",
	[DROP_ACK_SUPERSEDED]	= "ack-superseded",
	[DROP_TCP_WINDOW]	= "tcp-window",
	[DROP_BAD_OFFLOAD]	= "bad-offload",
};

/**
 * drop_reason_name() - name of a drop reason for status output
 * @why:	reason
 *
 * Return: a static string
 */
const char *drop_reason_name(enum drop_reason why)
{
	return why < DROP__COUNT ? drop_names[why] : "unknown";
}

static void port_register(struct port *p)
{
	if (nports == ports_cap) {
		ports_cap = ports_cap ? ports_cap * 2 : 16;
		ports = xreallocarray(ports, ports_cap, sizeof(*ports));
	}
	ports[nports++] = p;
}

static void port_unregister(struct port *p)
{
	for (size_t i = 0; i < nports; i++) {
		if (ports[i] == p) {
			ports[i] = ports[--nports];
			return;
		}
	}
}

/**
 * port_init() - set up the common part of a port and register it
 * @p:		port, zeroed by the caller's allocation
 * @ops:	type operations; a NULL @ops->tx makes a non-forwarding port
 * @id:		name (truncated to the field size only by our own generated
 *		names: user ids are checked by the option parser)
 */
void port_init(struct port *p, const struct port_ops *ops, const char *id)
{
	p->ops = ops;
	snprintf(p->id, sizeof(p->id), "%s", id);
	p->watch.fd = -1;
	p->forwards = ops->tx != NULL;
	port_register(p);
}

/**
 * port_find() - look a port up by name
 * @id:	name
 *
 * Return: the port, or NULL
 */
struct port *port_find(const char *id)
{
	for (size_t i = 0; i < nports; i++)
		if (!ports[i]->closing && !strcmp(ports[i]->id, id))
			return ports[i];
	return NULL;
}

/**
 * port_foreach() - call @fn for every open port
 * @fn:		callback
 * @arg:	its argument
 */
void port_foreach(void (*fn)(struct port *p, void *arg), void *arg)
{
	for (size_t i = 0; i < nports; i++)
		if (!ports[i]->closing)
			fn(ports[i], arg);
}

/**
 * port_foreach_any() - call @fn for every registered port, closing or not
 * @fn:		callback
 * @arg:	its argument
 *
 * For owners that must unlink themselves from ports not yet freed.
 */
void port_foreach_any(void (*fn)(struct port *p, void *arg), void *arg)
{
	for (size_t i = 0; i < nports; i++)
		fn(ports[i], arg);
}

/**
 * port_adopt() - make @child one of the ports that @parent accepted
 * @parent:	a listener
 * @child:	a port it accepted, not adopted yet
 */
void port_adopt(struct port *parent, struct port *child)
{
	child->parent = parent;
	parent->children++;
}

/**
 * port_foreach_child() - call @fn for every open port @parent accepted
 * @parent:	a listener
 * @fn:		callback; it may close the port it is given
 * @arg:	its argument
 */
void port_foreach_child(struct port *parent,
			void (*fn)(struct port *p, void *arg), void *arg)
{
	for (size_t i = 0; parent->children && i < nports; i++)
		if (ports[i]->parent == parent && !ports[i]->closing)
			fn(ports[i], arg);
}

static void port_orphan(struct port *p, void *parent)
{
	if (p->parent == parent)
		p->parent = NULL;
}

static uint32_t port_wanted_events(const struct port *p)
{
	uint32_t ev = 0;

	if (!p->rx_paused)
		ev |= EPOLLIN;
	if (p->tx_waiting)
		ev |= EPOLLOUT;
	return ev;
}

/**
 * port_update_events() - ask the loop for the events the port's state needs
 * @p:	port
 */
void port_update_events(struct port *p)
{
	int ret = loop_set_events(&p->watch, port_wanted_events(p));

	if (ret < 0)
		warn("port %s: epoll: %s", p->id, errstr(ret));
}

static void port_mark_dirty(struct port *p)
{
	if (p->dirty || p->tx_waiting)
		return;
	p->dirty = true;
	p->dirty_next = dirty_list;
	dirty_list = p;
}

/**
 * port_want_tx() - have a port's transmit run at the end of this batch
 * @p:	port whose ->tx() stopped with frames queued for a reason of its
 *	own that is gone now (not -EAGAIN: that waits for EPOLLOUT)
 */
void port_want_tx(struct port *p)
{
	if (!p->closing)
		port_mark_dirty(p);
}

static void port_run_tx(struct port *p)
{
	int ret = p->ops->tx(p);
	bool waiting = ret == -EAGAIN;

	if (ret < 0 && !waiting) {
		info("port %s: closing: %s", p->id, errstr(ret));
		port_close(p);
		return;
	}
	if (waiting != p->tx_waiting) {
		p->tx_waiting = waiting;
		port_update_events(p);
	}
}

static void port_pause(struct port *p)
{
	p->rx_paused = true;
	p->paused_next = paused_list;
	paused_list = p;
	port_update_events(p);
}

/* Take @p off the paused list; ask for EPOLLIN again if it stays open */
static void port_unpause(struct port *p)
{
	struct port **pp;

	for (pp = &paused_list; *pp != p; pp = &(*pp)->paused_next)
		;
	*pp = p->paused_next;
	p->rx_paused = false;
	if (!p->closing)
		port_update_events(p);
}

/**
 * port_may_read() - tell whether a port may read now, pausing it if not
 * @p:	the port about to read
 *
 * Return: true if no port it could feed is congested (see the theory of
 *	   operation above); false, with @p paused, otherwise
 */
bool port_may_read(struct port *p)
{
	bool wait = p->hub && p->hub->nhigh && hub_congested(p->hub, p, loop_now_ms());

	if (wait && !p->rx_paused)
		port_pause(p);
	else if (!wait && p->rx_paused)
		port_unpause(p);
	return !wait;
}

static void port_resume_timer(struct loop_timer *t);

/* Let paused ports read again where they may; re-check by timer if not */
static void port_resume_paused(void)
{
	bool still_paused = false;
	struct port *p, *next;

	for (p = paused_list; p; p = next) {
		next = p->paused_next;
		if (!port_may_read(p))
			still_paused = true;
	}
	if (still_paused && !resume_timer.when_ms)
		loop_timer_arm(&resume_timer, PORT_STALL_MS / 4, port_resume_timer);
}

static void port_resume_timer(struct loop_timer *t)
{
	(void)t;
	port_resume_paused();
}

static void port_event(struct loop_watch *w, uint32_t events)
{
	struct port *p = container_of(w, struct port, watch);

	if ((events & EPOLLOUT) && p->tx_waiting)
		port_run_tx(p);
	if (p->closing)
		return;
	if (events & (EPOLLHUP | EPOLLERR)) {
		/* a dying peer is read even while paused, or epoll would spin */
		p->ops->rx(p);
		return;
	}
	if (!(events & EPOLLIN) || p->rx_paused)
		return;
	if (p->forwards && !port_may_read(p))
		return;
	p->ops->rx(p);
}

/**
 * port_watch() - give the port its descriptor, watched for EPOLLIN
 * @p:	port
 * @fd:	its descriptor, non-blocking; the port's from now on (closed with
 *	it, or at once if this fails)
 *
 * Return: 0 on success, negative errno on failure
 */
int port_watch(struct port *p, int fd)
{
	int ret = loop_add(&p->watch, fd, EPOLLIN, port_event);

	if (ret < 0)
		close(fd);
	return ret;
}

/* Keep @p->high, and its hub's count of such ports, in step with its queue */
static void port_set_high(struct port *p, bool high)
{
	p->high = high;
	if (p->hub && p->forwards) {
		if (high)
			p->hub->nhigh++;
		else
			p->hub->nhigh--;
	}
}

static inline bool txq_above_high(const struct txq *q)
{
	return q->count >= TXQ_HIGH_FRAMES || q->bytes >= TXQ_HIGH_BYTES;
}

/* After the queue grew: did it cross a high mark? */
static inline void port_check_high_up(struct port *p)
{
	if (!p->high && txq_above_high(&p->txq))
		port_set_high(p, true);
}

/* After the queue shrank: is it below both marks again? */
static inline void port_check_high_down(struct port *p)
{
	if (p->high && !txq_above_high(&p->txq))
		port_set_high(p, false);
}

static void txq_grow(struct txq *q)
{
	q->ring = ring_grow(q->ring, sizeof(*q->ring), q->count, &q->head, &q->cap, 64);
}

/**
 * port_drop() - count a dropped frame
 * @p:		port it was for or from
 * @why:	reason
 */
void port_drop(struct port *p, enum drop_reason why)
{
	p->stats.drops[why]++;
}

/**
 * port_enqueue() - queue a frame for writing to a port
 * @p:	destination
 * @f:	frame; a reference to its chunk is taken
 */
void port_enqueue(struct port *p, const struct frame *f)
{
	struct txq *q = &p->txq;

	if (p->closing)
		return;
	if (p->watch.fd < 0 && !p->fdless) {
		port_drop(p, DROP_LINK_DOWN);
		return;
	}
	if (q->count >= TXQ_CAP_FRAMES || q->bytes + f->len > TXQ_CAP_BYTES) {
		port_drop(p, DROP_QUEUE_FULL);
		return;
	}
	if (q->count == q->cap)
		txq_grow(q);
	if (!q->count)
		p->progress_ms = loop_now_ms();
	q->ring[(q->head + q->count) & (q->cap - 1)] = *f;
	q->count++;
	q->bytes += f->len;
	chunk_ref(f->chunk);
	port_check_high_up(p);
	if (p->dump)
		hub_dump(p->dump, f);
	port_mark_dirty(p);
}

/**
 * port_tx_done() - take written frames off the head of the queue
 * @p:		port
 * @frames:	whole frames written
 * @bytes:	their frame bytes
 */
void port_tx_done(struct port *p, uint32_t frames, size_t bytes)
{
	struct txq *q = &p->txq;

	for (uint32_t i = 0; i < frames; i++) {
		chunk_put(q->ring[q->head].chunk);
		q->head = (q->head + 1) & (q->cap - 1);
	}
	q->count -= frames;
	q->bytes -= bytes;
	port_check_high_down(p);
	p->stats.tx_frames += frames;
	p->stats.tx_bytes += bytes;
	p->progress_ms = loop_now_ms();
}

/**
 * port_drop_queue() - drop every queued frame, counting them
 * @p:		port
 * @why:	reason
 */
void port_drop_queue(struct port *p, enum drop_reason why)
{
	struct txq *q = &p->txq;

	p->stats.drops[why] += q->count;
	while (q->count) {
		chunk_put(q->ring[q->head].chunk);
		q->head = (q->head + 1) & (q->cap - 1);
		q->count--;
	}
	q->bytes = 0;
	q->head_sent = 0;
	port_check_high_down(p);
}

/**
 * port_drop_head() - drop the oldest queued frame, counting it
 * @p:		port with at least one queued frame
 * @why:	reason
 */
void port_drop_head(struct port *p, enum drop_reason why)
{
	struct txq *q = &p->txq;

	p->stats.drops[why]++;
	q->bytes -= q->ring[q->head].len;
	chunk_put(q->ring[q->head].chunk);
	q->head = (q->head + 1) & (q->cap - 1);
	q->count--;
	q->head_sent = 0;
	port_check_high_down(p);
}

/**
 * port_is_congested() - tell whether sources should wait for this port
 * @p:		destination port
 * @now:	current time in ms
 *
 * Return: true above the high marks, unless the port stalled
 */
bool port_is_congested(const struct port *p, uint64_t now)
{
	const struct txq *q = &p->txq;

	if (q->count < TXQ_HIGH_FRAMES && q->bytes < TXQ_HIGH_BYTES)
		return false;
	return now - p->progress_ms < PORT_STALL_MS;
}

static void port_free_txq(struct port *p)
{
	struct txq *q = &p->txq;

	for (uint32_t i = 0; i < q->count; i++)
		chunk_put(txq_at(q, i)->chunk);
	free(q->ring);
	memset(q, 0, sizeof(*q));
	port_check_high_down(p);
}

/**
 * port_close() - take a port out of service; it is freed at batch end
 * @p:	port; closing twice is harmless
 */
void port_close(struct port *p)
{
	if (p->closing)
		return;
	p->closing = true;
	hub_detach(p);
	if (p->rx_paused)
		port_unpause(p);
	if (p->watch.fd >= 0) {
		int fd = p->watch.fd;

		loop_del(&p->watch);
		close(fd);
	}
	p->zombie_next = zombie_list;
	zombie_list = p;
}

static void port_destroy(struct port *p)
{
	if (p->parent)
		p->parent->children--;
	if (p->children)
		port_foreach_any(port_orphan, p);
	port_unregister(p);
	port_free_txq(p);
	if (p->dump)
		pcap_close(p->dump);
	p->ops->destroy(p);
}

static void port_reap(void)
{
	while (zombie_list) {
		struct port *p = zombie_list;

		zombie_list = p->zombie_next;
		port_destroy(p);
	}
}

/**
 * port_flush_all() - write what each port got during the batch
 *
 * The loop's batch-end hook: flushes dirty ports, lets paused sources read
 * again where their destinations drained, and frees closed ports.
 */
void port_flush_all(void)
{
	while (dirty_list) {
		struct port *p = dirty_list;

		dirty_list = p->dirty_next;
		p->dirty = false;
		if (!p->closing && !p->tx_waiting)
			port_run_tx(p);
	}
	port_resume_paused();
	port_reap();
}

/**
 * port_close_all() - close and free every port (at exit)
 */
void port_close_all(void)
{
	while (nports) {
		port_close(ports[nports - 1]);
		dirty_list = NULL;
		port_reap();
	}
	free(ports);
	ports = NULL;
	ports_cap = 0;
	loop_timer_cancel(&resume_timer);
}
