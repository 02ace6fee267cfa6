// SPDX-License-Identifier: GPL-2.0-or-later
/* port_stream.c - stream links: TCP and unix stream sockets (-netdev stream)
 *
 * DOC: Theory of operation
 *
 * Frames travel as QEMU sends them on -netdev socket (TCP) and -netdev
 * stream: a 4-byte big-endian length, then the frame. A connection reads
 * into a chunk (frame.h) as much as fits, and the frames found there are
 * handed to the hub without copying; a partial frame at the end is moved
 * to the start of a fresh chunk. Since every frame in a chunk keeps its
 * header right before it, writing a run of frames to another stream port
 * takes a single iovec per run of adjacent frames.
 *
 * A TCP connection's send buffer is set to STREAM_SNDBUF from the start,
 * the most TCP's autotuning would grow it to (tcp_wmem), so that the
 * kernel holds a hub's output while the peer reads: while autotuning
 * ramps up, the hub and its peers wait on each other more. A unix
 * socket keeps the default (net.core.wmem_default): it has no autotuning,
 * and megabytes queued there to a slow reader (a QEMU guest) would delay
 * every frame behind them by seconds.
 *
 * A length over FRAME_MAX closes that connection only. A listener takes
 * any number of peers (up to STREAM_MAX_PEERS), each its own port named
 * "<id>.<n>" on the listener's hub. A client with reconnect=S keeps its
 * port while disconnected (frames for it are dropped as link-down) and
 * tries again every S seconds without blocking the loop.
 *
 * -netdev stream's keys (server=, addr.*, reconnect=) are read at the end
 * of this file; -netdev socket's listen= and connect= (port_socket.c) make
 * the same ports.
 */

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "util.h"
#include "chunk.h"
#include "framer.h"
#include "hub.h"
#include "log.h"
#include "netdev.h"
#include "netdev_keys.h"
#include "optstring.h"
#include "pcap.h"
#include "port.h"
#include "port_stream.h"
#include "sockaddr.h"
#include "xalloc.h"

#define STREAM_IOV_MAX		1024
#define STREAM_RECONNECT_MAX_S	3600
#define STREAM_MIN_ROOM		(16U * 1024U)
#define STREAM_ACCEPT_BATCH	16
#define STREAM_READS		4
/* Send buffer of a TCP connection: as large as TCP's autotuning may grow
 * it (tcp_wmem), from the start: bench/hub forwards 15-25 % more with it */
#define STREAM_SNDBUF		(4 * 1024 * 1024)
#define STREAM_SPANS		(CHUNK_SIZE / (FRAME_HDR + FRAME_MIN) + 1)

/**
 * struct stream_conn - one stream connection
 * @port:	the port
 * @rxc:	chunk being read into (NULL until the first read)
 * @rx_start:	offset of the first byte not yet parsed (a frame header)
 * @rx_end:	offset past the last byte read
 * @peer:	description of the other end
 * @remote:	address to (re)connect to, for clients
 * @reconnect_s: seconds between attempts, 0 for none
 * @connecting:	a non-blocking connect is under way
 * @timer:	reconnect timer
 */
struct stream_conn {
	struct port port;
	struct chunk *rxc;
	uint32_t rx_start;
	uint32_t rx_end;
	char peer[128];
	struct gn_addr remote;
	unsigned int reconnect_s;
	bool connecting;
	struct loop_timer timer;
};

/**
 * struct stream_listener - a listening socket whose peers become ports
 * @port:	non-forwarding port (for the name, hub and descriptor)
 * @local:	bound address
 * @unlink_path: unix socket file to remove at close, or ""
 * @peers:	peers accepted so far (for naming)
 *
 * The peers it accepted are its port's children (port_adopt()).
 */
struct stream_listener {
	struct port port;
	struct gn_addr local;
	char unlink_path[108];
	unsigned int peers;
};

static struct frame stream_frames[STREAM_SPANS];
static struct framer_span stream_spans[STREAM_SPANS];

#define conn_of(p)	container_of(p, struct stream_conn, port)
#define listener_of(p)	container_of(p, struct stream_listener, port)

static void stream_link_lost(struct stream_conn *c, const char *why);

/* Keep the unparsed tail in a chunk with room for the frame it starts */
static void stream_make_room(struct stream_conn *c, size_t need)
{
	uint32_t partial = c->rx_end - c->rx_start;
	struct chunk *n;

	if (!partial && c->rxc->refs == 1) {
		c->rx_start = c->rx_end = 0;
		return;
	}
	if (CHUNK_SIZE - c->rx_start >= need &&
	    CHUNK_SIZE - c->rx_end >= STREAM_MIN_ROOM)
		return;
	n = chunk_get();
	memcpy(n->data, c->rxc->data + c->rx_start, partial);
	chunk_put(c->rxc);
	c->rxc = n;
	c->rx_start = 0;
	c->rx_end = partial;
}

static void stream_deliver(struct stream_conn *c)
{
	struct framer_result r;

	r = framer_parse(c->rxc->data + c->rx_start, c->rx_end - c->rx_start,
			 stream_spans, STREAM_SPANS);
	for (unsigned int i = 0; i < r.frames; i++) {
		stream_frames[i].chunk = c->rxc;
		stream_frames[i].off = c->rx_start + stream_spans[i].off;
		stream_frames[i].len = stream_spans[i].len;
	}
	hub_input(&c->port, stream_frames, r.frames);
	c->rx_start += r.consumed;
	if (r.bad_len) {
		warn("port %s: peer %s sent a frame length of %u (max %u); closing it",
		     c->port.id, c->peer, r.bad_len, FRAME_MAX);
		port_close(&c->port);
		return;
	}
	stream_make_room(c, r.need ? r.need : FRAME_HDR);
}

/* One read into the chunk; true if it filled all the room (more may wait) */
static bool stream_read_once(struct stream_conn *c)
{
	struct port *p = &c->port;
	size_t room;
	ssize_t n;

	if (!c->rxc) {
		c->rxc = chunk_get();
		c->rx_start = c->rx_end = 0;
	}
	room = CHUNK_SIZE - c->rx_end;
	n = read(p->watch.fd, c->rxc->data + c->rx_end, room);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return false;
	if (n <= 0) {
		char why[64];

		if (c->rx_end > c->rx_start)
			snprintf(why, sizeof(why), "left mid-frame (%u bytes discarded)",
				 c->rx_end - c->rx_start);
		else
			snprintf(why, sizeof(why), "%s",
				 n ? errstr(errno) : "disconnected");
		stream_link_lost(c, why);
		return false;
	}
	c->rx_end += (uint32_t)n;
	stream_deliver(c);
	return (size_t)n == room;
}

/*
 * Read what is there, up to STREAM_READS chunks: a read that filled its
 * chunk is followed by another while no destination got congested by it
 * (port_may_read() again, so a queue still has room for one more read).
 */
static void stream_rx(struct port *p)
{
	struct stream_conn *c = conn_of(p);

	if (c->connecting)
		return;
	for (unsigned int i = 0; i < STREAM_READS; i++)
		if (!stream_read_once(c) || p->closing || p->watch.fd < 0 ||
		    !port_may_read(p))
			break;
}

static int stream_writev(struct stream_conn *c, size_t *written)
{
	struct txq *q = &c->port.txq;
	struct iovec iov[STREAM_IOV_MAX];
	int niov = 0;
	ssize_t n;

	for (uint32_t i = 0; i < q->count && niov < STREAM_IOV_MAX; i++) {
		const struct frame *f = txq_at(q, i);
		uint8_t *base = f->chunk->data + f->off - FRAME_HDR;
		size_t len = f->len + FRAME_HDR;

		if (!i) {
			base += q->head_sent;
			len -= q->head_sent;
		}
		if (niov && (uint8_t *)iov[niov - 1].iov_base + iov[niov - 1].iov_len == base) {
			iov[niov - 1].iov_len += len;
			continue;
		}
		iov[niov].iov_base = base;
		iov[niov].iov_len = len;
		niov++;
	}
	do
		n = writev(c->port.watch.fd, iov, niov);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	*written = (size_t)n;
	return 0;
}

/* Account @n written bytes against the queue head */
static void stream_consumed(struct port *p, size_t n)
{
	struct txq *q = &p->txq;
	uint32_t frames = 0;
	size_t bytes = 0;

	n += q->head_sent;
	while (frames < q->count) {
		const struct frame *f = txq_at(q, frames);

		if (n < f->len + FRAME_HDR)
			break;
		n -= f->len + FRAME_HDR;
		bytes += f->len;
		frames++;
	}
	q->head_sent = (uint32_t)n;
	port_tx_done(p, frames, bytes);
}

static int stream_connected(struct stream_conn *c)
{
	int soerr = 0;
	socklen_t sl = sizeof(soerr);

	getsockopt(c->port.watch.fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
	if (soerr) {
		stream_link_lost(c, errstr(soerr));
		return 0;
	}
	c->connecting = false;
	info("port %s: connected to %s", c->port.id, c->peer);
	return 0;
}

static int stream_tx(struct port *p)
{
	struct stream_conn *c = conn_of(p);
	size_t n = 0;
	int ret;

	if (c->connecting) {
		ret = stream_connected(c);
		if (c->connecting || p->watch.fd < 0)
			return ret;
	}
	if (p->watch.fd < 0) {
		port_drop_queue(p, DROP_LINK_DOWN);
		return 0;
	}
	while (p->txq.count) {
		size_t queued = p->txq.bytes + (size_t)p->txq.count * FRAME_HDR -
				p->txq.head_sent;

		ret = stream_writev(c, &n);
		if (ret == -EAGAIN)
			return -EAGAIN;
		if (ret < 0) {
			stream_link_lost(c, errstr(ret));
			return 0;
		}
		stream_consumed(p, n);
		if (n < queued && p->txq.count)
			return -EAGAIN;
	}
	return 0;
}

static void stream_destroy(struct port *p)
{
	struct stream_conn *c = conn_of(p);

	loop_timer_cancel(&c->timer);
	chunk_put(c->rxc);
	free(c);
}

static void stream_describe(const struct port *p, char *buf, size_t len)
{
	const struct stream_conn *c = container_of(p, const struct stream_conn, port);

	snprintf(buf, len, "%s%s", c->peer,
		 p->watch.fd < 0 ? " (disconnected)" : c->connecting ? " (connecting)" : "");
}

static const struct port_ops stream_ops = {
	.type = "stream",
	.rx = stream_rx,
	.tx = stream_tx,
	.destroy = stream_destroy,
	.describe = stream_describe,
};

static int stream_tune(int fd)
{
	int one = 1, sndbuf = STREAM_SNDBUF, fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -errno;
	/* TCP only: fails on unix sockets, which keep their send buffer */
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0)
		/* the kernel caps it at net.core.wmem_max; failing is harmless */
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	return 0;
}

static struct stream_conn *stream_new(const char *id, struct hub *h,
				      const char *peer)
{
	struct stream_conn *c = xcalloc(1, sizeof(*c));

	port_init(&c->port, &stream_ops, id);
	snprintf(c->peer, sizeof(c->peer), "%s", peer);
	hub_attach(h, &c->port);
	return c;
}

/* Start reading @fd, which the port owns from now on (closed on failure) */
static int stream_start(struct stream_conn *c, int fd)
{
	int ret = stream_tune(fd);

	if (ret < 0) {
		close(fd);
		return ret;
	}
	return port_watch(&c->port, fd);
}

/**
 * stream_from_fd() - make a port of a connected stream socket
 * @id:		port name
 * @h:		hub
 * @fd:		connected socket, owned by the port from now on
 *
 * Return: 0, or negative errno (the descriptor is closed then)
 */
int stream_from_fd(const char *id, struct hub *h, int fd)
{
	struct stream_conn *c;
	char peer[64];
	int ret;

	snprintf(peer, sizeof(peer), "fd %d", fd);
	c = stream_new(id, h, peer);
	ret = stream_start(c, fd);
	if (ret < 0)
		port_close(&c->port);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Clients and reconnection                                           */

static void stream_reconnect_timer(struct loop_timer *t);

/* A socket connected to @a, or (@nonblock) on its way there */
static int stream_dial(const struct gn_addr *a, bool nonblock, int *out)
{
	int fd, ret;

	fd = socket(a->u.sa.sa_family,
		    SOCK_STREAM | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0), 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, &a->u.sa, a->len) < 0 && !(nonblock && errno == EINPROGRESS)) {
		ret = -errno;
		close(fd);
		return ret;
	}
	*out = fd;
	return 0;
}

static int stream_try_connect(struct stream_conn *c)
{
	int fd, ret;

	ret = stream_dial(&c->remote, true, &fd);
	if (ret < 0)
		return ret;
	ret = stream_start(c, fd);
	if (ret < 0)
		return ret;
	/* completion (or failure) shows as EPOLLOUT */
	c->connecting = true;
	c->port.tx_waiting = true;
	port_update_events(&c->port);
	return 0;
}

static void stream_link_lost(struct stream_conn *c, const char *why)
{
	struct port *p = &c->port;

	if (!c->reconnect_s) {
		info("port %s: peer %s %s", p->id, c->peer, why);
		port_close(p);
		return;
	}
	if (!c->connecting)
		info("port %s: peer %s %s; reconnecting every %us", p->id,
		     c->peer, why, c->reconnect_s);
	if (p->watch.fd >= 0) {
		int fd = p->watch.fd;

		loop_del(&p->watch);
		close(fd);
	}
	c->connecting = false;
	p->tx_waiting = false;
	if (c->rxc)
		c->rx_start = c->rx_end;	/* discard a partial frame */
	port_drop_queue(p, DROP_LINK_DOWN);
	loop_timer_arm(&c->timer, c->reconnect_s * 1000ULL,
		       stream_reconnect_timer);
}

static void stream_reconnect_timer(struct loop_timer *t)
{
	struct stream_conn *c = container_of(t, struct stream_conn, timer);
	int ret = stream_try_connect(c);

	if (ret < 0)
		loop_timer_arm(&c->timer, c->reconnect_s * 1000ULL,
			       stream_reconnect_timer);
}

/**
 * stream_connect() - connect to a stream server and make a port of it
 * @id:		port name
 * @h:		hub
 * @a:		server address (inet or unix)
 * @reconnect_s: 0 to fail if the server is not there now; otherwise retry
 *		every so many seconds, now and whenever the link is lost
 *
 * Without reconnection the first connect blocks, as QEMU's does, so that
 * a missing server is an error at start-up.
 *
 * Return: 0, or negative errno
 */
int stream_connect(const char *id, struct hub *h, const struct gn_addr *a,
		   unsigned int reconnect_s)
{
	struct stream_conn *c;
	char peer[128];
	int fd, ret;

	addr_format(a, peer, sizeof(peer));
	c = stream_new(id, h, peer);
	c->remote = *a;
	c->reconnect_s = reconnect_s;
	if (reconnect_s) {
		if (stream_try_connect(c) < 0)
			loop_timer_arm(&c->timer, reconnect_s * 1000ULL,
				       stream_reconnect_timer);
		return 0;
	}
	ret = stream_dial(a, false, &fd);
	if (!ret)
		ret = stream_start(c, fd);
	if (ret < 0)
		port_close(&c->port);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Listeners                                                          */

static void listener_accept_one(struct stream_listener *l, int fd)
{
	struct gn_addr peer = { .len = sizeof(peer.u) };
	struct stream_conn *c;
	char id[80], desc[128];

	if (getpeername(fd, &peer.u.sa, &peer.len) < 0 || !peer.len)
		peer.u.sa.sa_family = AF_UNIX, peer.len = 0;
	addr_format(&peer, desc, sizeof(desc));
	if (l->port.children >= STREAM_MAX_PEERS) {
		warn("port %s: refusing peer %s: %u peers already", l->port.id,
		     desc, STREAM_MAX_PEERS);
		close(fd);
		return;
	}
	snprintf(id, sizeof(id), "%.60s.%u", l->port.id, ++l->peers);
	c = stream_new(id, l->port.hub, desc);
	port_adopt(&l->port, &c->port);
	if (l->port.dump)
		c->port.dump = pcap_ref(l->port.dump);
	if (stream_start(c, fd) < 0) {
		port_close(&c->port);
		return;
	}
	info("port %s: peer %s connected", id, desc);
}

static void listener_rx(struct port *p)
{
	struct stream_listener *l = listener_of(p);

	for (int i = 0; i < STREAM_ACCEPT_BATCH; i++) {
		int fd = accept4(p->watch.fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR)
				warn("port %s: accept: %s", p->id, errstr(errno));
			return;
		}
		listener_accept_one(l, fd);
	}
}

static void listener_destroy(struct port *p)
{
	struct stream_listener *l = listener_of(p);

	if (l->unlink_path[0])
		unlink(l->unlink_path);
	free(l);
}

static void listener_describe(const struct port *p, char *buf, size_t len)
{
	const struct stream_listener *l = container_of(p, const struct stream_listener, port);
	char a[128];

	addr_format(&l->local, a, sizeof(a));
	snprintf(buf, len, "listening on %s", a);
}

static const struct port_ops listener_ops = {
	.type = "stream-listener",
	.rx = listener_rx,
	.destroy = listener_destroy,
	.describe = listener_describe,
};

/* Remove a stale unix socket left by a previous run, nothing else */
static void listener_clear_stale(const struct gn_addr *a)
{
	struct stat st;

	if (a->u.sa.sa_family != AF_UNIX || !a->u.un.sun_path[0])
		return;
	if (lstat(a->u.un.sun_path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(a->u.un.sun_path);
}

static int listener_new(const char *id, struct hub *h, int fd,
			const struct gn_addr *a, bool owns_path)
{
	struct stream_listener *l = xcalloc(1, sizeof(*l));
	int ret;

	port_init(&l->port, &listener_ops, id);
	hub_attach(h, &l->port);
	if (a)
		l->local = *a;
	if (owns_path && a->u.sa.sa_family == AF_UNIX && a->u.un.sun_path[0])
		snprintf(l->unlink_path, sizeof(l->unlink_path), "%s", a->u.un.sun_path);
	ret = port_watch(&l->port, fd);
	if (ret < 0)
		port_close(&l->port);
	return ret;
}

/**
 * stream_listen() - listen for stream peers, each becoming a port
 * @id:		listener name; peers are "<id>.<n>"
 * @h:		hub the peers join
 * @a:		address to bind (inet or unix)
 *
 * Return: 0, or negative errno
 */
int stream_listen(const char *id, struct hub *h, const struct gn_addr *a)
{
	int fd, one = 1, ret;
	struct gn_addr bound = *a;

	fd = socket(a->u.sa.sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (a->u.sa.sa_family != AF_UNIX)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	listener_clear_stale(a);
	if (bind(fd, &a->u.sa, a->len) < 0 || listen(fd, 128) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	bound.len = sizeof(bound.u);
	if (getsockname(fd, &bound.u.sa, &bound.len) < 0)
		bound = *a;
	return listener_new(id, h, fd, &bound, true);
}

/**
 * stream_listen_fd() - take a listening stream socket passed by the caller
 * @id:		listener name
 * @h:		hub the peers join
 * @fd:		listening socket, owned from now on
 *
 * Return: 0, or negative errno
 */
int stream_listen_fd(const char *id, struct hub *h, int fd)
{
	struct gn_addr bound = { .len = sizeof(bound.u) };
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -errno;
	if (getsockname(fd, &bound.u.sa, &bound.len) < 0)
		bound.u.sa.sa_family = AF_UNSPEC;
	return listener_new(id, h, fd, &bound, false);
}

/* ------------------------------------------------------------------ */
/* Keys                                                               */

/**
 * stream_create() - -netdev stream: server=on|off, addr.*, reconnect=
 * @req:	request
 *
 * Return: 0, or negative errno with the message in the options
 */
static int stream_create(struct netdev_req *req)
{
	struct opts *o = req->o;
	struct gn_addr a;
	uint64_t reconnect;
	bool server, given;
	int fd, ret;

	ret = opts_get_bool(o, "server", false, &server);
	if (!ret)
		ret = opts_get_uint(o, "reconnect", 0, STREAM_RECONNECT_MAX_S, 0, &reconnect);
	if (!ret)
		ret = netdev_key_address(o, "addr", server, &a, &fd, &given);
	if (ret < 0)
		return ret;
	if (!given)
		return opts_fail(o, "key 'addr.type' is required");
	if (server && reconnect)
		return opts_fail(o, "key 'reconnect' is for clients (server=off)");
	ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	if (fd >= 0)
		ret = server ? stream_listen_fd(req->id, req->hub, fd)
			     : stream_from_fd(req->id, req->hub, fd);
	else if (server)
		ret = stream_listen(req->id, req->hub, &a);
	else
		ret = stream_connect(req->id, req->hub, &a, (unsigned int)reconnect);
	if (ret < 0)
		return opts_fail(o, "%s %s: %s", server ? "listen" : "connect",
				 opts_get(o, a.u.sa.sa_family == AF_UNIX ? "addr.path" :
					     fd >= 0 ? "addr.str" : "addr.port"),
				 errstr(ret));
	return 0;
}

static void stream_needs(const struct opts *o, struct netdev_needs *n)
{
	netdev_address_needs(o, "addr.type", n);
}

const struct netdev_type netdev_type_stream = {
	.name = "stream",
	.create = stream_create,
	.needs = stream_needs,
};
