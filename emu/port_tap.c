// SPDX-License-Identifier: GPL-2.0-or-later
/* port_tap.c - ports on a tap device descriptor
 *
 * DOC: Theory of operation
 *
 * A tap descriptor delivers one frame per read() and takes one per
 * write(). Each wake-up reads up to TAP_RX_BATCH frames into a chunk —
 * each behind room for its stream header, so stream ports forward them
 * without a copy — and hands them to the hub together. With a virtio-net
 * header (IFF_VNET_HDR, as the bridge helper makes with --use-vnet) the
 * header is read in front of the frame and overwritten by the stream
 * header; on write a zeroed header goes first (no offloads asked for).
 *
 * Pure TCP ACKs that a later queued ACK of the same connection supersedes
 * are not written (ackthin.c): with user-mode NAT, they are most of the
 * frames and most of the cost.
 *
 * Who made the tap (a descriptor passed in, the bridge helper, a network
 * namespace we created) is not this file's business: the creator can ask
 * to be called when the port goes away (tap_port_on_close()), e.g. to run
 * a downscript or reap a child.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../common/util.h"
#include "ackthin.h"
#include "chunk.h"
#include "hub.h"
#include "log.h"
#include "port.h"
#include "port_tap.h"
#include "xalloc.h"

#define TAP_RX_BATCH	64
#define TAP_VNET_MAX	12
#define TAP_ACK_LOOKAHEAD	64

/**
 * struct tap_port - a port on a tap descriptor
 * @port:	the port
 * @vnet_hdr_len: bytes of virtio-net header in front of each frame, or 0
 * @rxc:	chunk being read into
 * @rx_end:	bytes used in @rxc
 * @peer:	description for status output
 * @on_close:	creator's clean-up, or NULL
 * @opaque:	its argument
 */
struct tap_port {
	struct port port;
	unsigned int vnet_hdr_len;
	struct chunk *rxc;
	uint32_t rx_end;
	char peer[96];
	tap_close_fn on_close;
	void *opaque;
};

#define tap_of(p)	container_of(p, struct tap_port, port)

static struct frame tap_frames[TAP_RX_BATCH];

static uint32_t tap_lead(const struct tap_port *t)
{
	return t->vnet_hdr_len > FRAME_HDR ? t->vnet_hdr_len : FRAME_HDR;
}

/* Is there no room in the receive chunk for one more frame? */
static bool tap_chunk_full(const struct tap_port *t)
{
	return !t->rxc || CHUNK_SIZE - t->rx_end < tap_lead(t) + FRAME_MAX;
}

/* Offset at which the next frame's data starts, with room before it */
static uint32_t tap_next_off(struct tap_port *t)
{
	if (tap_chunk_full(t)) {
		chunk_put(t->rxc);
		t->rxc = chunk_get();
		t->rx_end = 0;
	}
	return t->rx_end + tap_lead(t);
}

static void tap_rx(struct port *p)
{
	struct tap_port *t = tap_of(p);
	unsigned int n = 0;

	for (unsigned int reads = 0; reads < TAP_RX_BATCH; reads++) {
		uint32_t off;
		ssize_t len;

		if (n && tap_chunk_full(t)) {
			/* the batch so far points into the chunk about to be
			 * let go: hand it over while it still holds them */
			hub_input(p, tap_frames, n);
			n = 0;
		}
		off = tap_next_off(t);
		len = read(p->watch.fd, t->rxc->data + off - t->vnet_hdr_len,
			   FRAME_MAX + t->vnet_hdr_len);
		if (len < 0 && errno == EINTR)
			continue;
		if (len < 0 && errno == EAGAIN)
			break;
		if (len <= 0) {
			hub_input(p, tap_frames, n);
			info("port %s: tap %s: %s", p->id, t->peer,
			     len ? errstr(errno) : "closed");
			port_close(p);
			return;
		}
		if ((size_t)len < t->vnet_hdr_len) {
			port_drop(p, DROP_RUNT);
			continue;
		}
		tap_frames[n].chunk = t->rxc;
		tap_frames[n].off = off;
		tap_frames[n].len = (uint32_t)len - t->vnet_hdr_len;
		frame_set_header(&tap_frames[n]);
		t->rx_end = off + tap_frames[n].len;
		n++;
	}
	hub_input(p, tap_frames, n);
}

/* Is the head frame a pure ACK that a later queued one supersedes? */
static bool tap_head_superseded(struct txq *q)
{
	const struct frame *head = txq_at(q, 0);
	struct ack_key k, later;

	if (q->count < 2 || !ack_key_of(frame_data(head), head->len, &k))
		return false;
	for (uint32_t i = 1; i < q->count && i <= TAP_ACK_LOOKAHEAD; i++) {
		const struct frame *f = txq_at(q, i);

		if (ack_key_of(frame_data(f), f->len, &later) && ack_superseded(&k, &later))
			return true;
	}
	return false;
}

static int tap_tx(struct port *p)
{
	static const uint8_t zero_hdr[TAP_VNET_MAX];
	struct tap_port *t = tap_of(p);
	struct txq *q = &p->txq;

	while (q->count) {
		const struct frame *f = txq_at(q, 0);

		if (tap_head_superseded(q)) {
			port_drop_head(p, DROP_ACK_SUPERSEDED);
			continue;
		}
		struct iovec iov[2] = {
			{ (void *)zero_hdr, t->vnet_hdr_len },
			{ frame_data(f), f->len },
		};
		ssize_t n = t->vnet_hdr_len ? writev(p->watch.fd, iov, 2)
					    : write(p->watch.fd, frame_data(f), f->len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return -EAGAIN;
		if (n < 0) {
			/* e.g. EIO while the interface is down: lose this one */
			port_drop_head(p, DROP_TX_ERROR);
			continue;
		}
		port_tx_done(p, 1, f->len);
	}
	return 0;
}

static void tap_destroy(struct port *p)
{
	struct tap_port *t = tap_of(p);

	if (t->on_close)
		t->on_close(t->opaque);
	chunk_put(t->rxc);
	free(t);
}

static void tap_describe(const struct port *p, char *buf, size_t len)
{
	const struct tap_port *t = container_of(p, const struct tap_port, port);

	snprintf(buf, len, "%s", t->peer);
}

static const struct port_ops tap_ops = {
	.type = "tap",
	.rx = tap_rx,
	.tx = tap_tx,
	.destroy = tap_destroy,
	.describe = tap_describe,
};

/**
 * tap_port_open() - make a port of an open tap descriptor
 * @id:			port name
 * @h:			hub
 * @fd:			tap descriptor (IFF_TAP | IFF_NO_PI), owned from now on
 * @vnet_hdr_len:	virtio-net header length if IFF_VNET_HDR is set, else 0
 * @peer:		description for status output (e.g. "tap0")
 * @out:		the port, if not NULL
 *
 * Return: 0, or negative errno (the descriptor is closed then)
 */
int tap_port_open(const char *id, struct hub *h, int fd,
		  unsigned int vnet_hdr_len, const char *peer,
		  struct port **out)
{
	struct tap_port *t;
	int fl, ret;

	if (vnet_hdr_len > TAP_VNET_MAX) {
		close(fd);
		return -EINVAL;
	}
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	t = xcalloc(1, sizeof(*t));
	port_init(&t->port, &tap_ops, id);
	t->vnet_hdr_len = vnet_hdr_len;
	snprintf(t->peer, sizeof(t->peer), "%s", peer);
	hub_attach(h, &t->port);
	ret = port_watch(&t->port, fd);
	if (ret < 0) {
		close(fd);
		port_close(&t->port);
		return ret;
	}
	if (out)
		*out = &t->port;
	return 0;
}

/**
 * tap_port_on_close() - ask to be called when a tap port is destroyed
 * @p:		a port made by tap_port_open()
 * @fn:		callback
 * @opaque:	its argument
 */
void tap_port_on_close(struct port *p, tap_close_fn fn, void *opaque)
{
	struct tap_port *t = tap_of(p);

	t->on_close = fn;
	t->opaque = opaque;
}
