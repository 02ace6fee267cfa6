/* SPDX-License-Identifier: GPL-2.0-or-later */
/* port.h - a port on a hub: one link, its transmit queue and counters */
#ifndef GN_PORT_H
#define GN_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"
#include "loop.h"

struct hub;
struct pcap;
struct port;

/* Transmit queue bounds: see docs/frame-path.md */
#define TXQ_CAP_FRAMES		16384U
#define TXQ_HIGH_FRAMES		4096U
#define TXQ_HIGH_BYTES		(1024U * 1024U)
#define TXQ_CAP_BYTES		(4U * 1024U * 1024U)
/* A non-empty queue that made no progress for this long stops pushing back */
#define PORT_STALL_MS		200U

/**
 * enum drop_reason - why a frame was not delivered
 * @DROP_QUEUE_FULL:	the destination's transmit queue was full
 * @DROP_RUNT:		shorter than an Ethernet header
 * @DROP_OWN:		our own frame looped back (multicast)
 * @DROP_LINK_DOWN:	the port had no connected peer
 * @DROP_TX_ERROR:	the send call failed for this frame
 * @DROP_TRUNCATED:	a datagram larger than FRAME_MAX
 * @DROP_ACK_SUPERSEDED: a pure TCP ACK made redundant by a later one
 * @DROP_TCP_WINDOW:	a guest TCP segment the window relay had no room
 *			for, or a copy of one it holds (tcpwin.c)
 * @DROP_BAD_OFFLOAD: a frame from an offloading tap whose virtio-net
 *			header we did not offer or that does not fit it
 * @DROP__COUNT:	number of reasons
 */
enum drop_reason {
	DROP_QUEUE_FULL,
	DROP_RUNT,
	DROP_OWN,
	DROP_LINK_DOWN,
	DROP_TX_ERROR,
	DROP_TRUNCATED,
	DROP_ACK_SUPERSEDED,
	DROP_TCP_WINDOW,
	DROP_BAD_OFFLOAD,
	DROP__COUNT
};

/**
 * struct port_stats - per-port counters
 * @rx_frames:	frames received from the link
 * @rx_bytes:	their bytes (frames only, no stream headers)
 * @tx_frames:	frames written to the link
 * @tx_bytes:	their bytes
 * @drops:	frames dropped, by reason
 */
struct port_stats {
	uint64_t rx_frames;
	uint64_t rx_bytes;
	uint64_t tx_frames;
	uint64_t tx_bytes;
	uint64_t drops[DROP__COUNT];
};

/**
 * struct txq - bounded ring of frames waiting to be written
 * @ring:	array of @cap frames, grown on demand up to TXQ_CAP_FRAMES
 * @cap:	allocated entries
 * @head:	index of the oldest frame
 * @count:	frames queued
 * @bytes:	bytes queued (frames only)
 * @head_sent:	bytes of the head frame, header included, already written
 *		(stream ports: a writev may stop inside a frame)
 */
struct txq {
	struct frame *ring;
	uint32_t cap;
	uint32_t head;
	uint32_t count;
	size_t bytes;
	uint32_t head_sent;
};

/**
 * struct port_ops - what each kind of port implements
 * @type:	type name as on the command line ("socket", "stream", ...)
 * @rx:		the descriptor is readable: read a batch and call hub_input()
 * @tx:		write queued frames; return 0 when the queue is empty,
 *		-EAGAIN to wait for EPOLLOUT, another negative errno to close
 * @destroy:	free the port's own state (descriptor already unwatched)
 * @describe:	write the peer's description, for status output
 */
struct port_ops {
	const char *type;
	void (*rx)(struct port *p);
	int (*tx)(struct port *p);
	void (*destroy)(struct port *p);
	void (*describe)(const struct port *p, char *buf, size_t len);
};

/**
 * struct port - one link on a hub
 * @ops:	type operations
 * @id:		name (-netdev id=, or generated)
 * @hub:	the hub it is on
 * @watch:	its descriptor in the loop (fd -1 if none)
 * @txq:	frames waiting to be written
 * @stats:	counters
 * @dump:	pcap writer for this port (filter-dump), or NULL
 * @parent:	the listener that accepted this port, or NULL: what is done
 *		to a listener (netdev-del, hubport, filter-dump) is done to
 *		the ports it accepted (port_foreach_child())
 * @children:	ports whose @parent this one is, closing ones included
 * @forwards:	carries frames (false for listeners, which only accept)
 * @fdless:	up without a descriptor of its own (user-mode NAT)
 * @gso:	takes GSO frames (frame.h) whole; the hub cuts them into
 *		wire segments for the other ports
 * @high:	its queue is above a high mark (counted in its hub's @nhigh)
 * @rx_paused:	reading stopped because a destination queue is full
 * @tx_waiting:	waiting for EPOLLOUT
 * @dirty:	on the list of ports to flush at the end of the batch
 * @closing:	being destroyed at the end of the batch
 * @progress_ms: last time the queue went from empty or made progress
 * @dirty_next:	link in the flush list
 * @paused_next: link in the list of paused ports (@rx_paused)
 * @zombie_next: link in the destroy list
 */
struct port {
	const struct port_ops *ops;
	char id[80];
	struct hub *hub;
	struct loop_watch watch;
	struct txq txq;
	struct port_stats stats;
	struct pcap *dump;
	struct port *parent;
	unsigned int children;
	bool forwards;
	bool fdless;
	bool gso;
	bool high;
	bool rx_paused;
	bool tx_waiting;
	bool dirty;
	bool closing;
	uint64_t progress_ms;
	struct port *dirty_next;
	struct port *paused_next;
	struct port *zombie_next;
};

void port_init(struct port *p, const struct port_ops *ops, const char *id);
int port_watch(struct port *p, int fd);
void port_close(struct port *p);
void port_enqueue(struct port *p, const struct frame *f);
void port_drop(struct port *p, enum drop_reason why);
void port_drop_queue(struct port *p, enum drop_reason why);
void port_drop_head(struct port *p, enum drop_reason why);
bool port_is_congested(const struct port *p, uint64_t now);
bool port_may_read(struct port *p);
void port_update_events(struct port *p);
void port_tx_done(struct port *p, uint32_t frames, size_t bytes);
void port_want_tx(struct port *p);
void port_flush_all(void);
const char *drop_reason_name(enum drop_reason why);
struct port *port_find(const char *id);
void port_foreach(void (*fn)(struct port *p, void *arg), void *arg);
void port_foreach_any(void (*fn)(struct port *p, void *arg), void *arg);
void port_adopt(struct port *parent, struct port *child);
void port_foreach_child(struct port *parent,
			void (*fn)(struct port *p, void *arg), void *arg);
void port_close_all(void);

/**
 * txq_at() - the i-th queued frame, 0 being the oldest
 * @q:	queue
 * @i:	index below @q->count
 *
 * Return: pointer into the ring
 */
static inline struct frame *txq_at(struct txq *q, uint32_t i)
{
	return &q->ring[(q->head + i) & (q->cap - 1)];
}

#endif /* GN_PORT_H */
