// SPDX-License-Identifier: GPL-2.0-or-later
/* port_dgram.c - datagram links: UDP unicast, UDP multicast, unix dgram
 * (-netdev dgram)
 *
 * DOC: Theory of operation
 *
 * One raw frame per datagram, as QEMU's -netdev socket,udp=/mcast= and
 * -netdev dgram send them. Reads take a batch of datagrams with one
 * recvmmsg() into a scratch area, then copy each frame, behind its stream
 * header, densely into a chunk (so stream ports can forward it without
 * another copy); writes send a batch with one sendmmsg().
 *
 * Multicast follows QEMU: the socket binds the group address and port with
 * SO_REUSEADDR, joins the group on the given interface address or any,
 * and keeps IP_MULTICAST_LOOP on so that other processes on this host hear
 * us. We therefore hear ourselves too: the source addresses of frames we
 * sent are remembered for a while and such frames are dropped (DROP_OWN).
 *
 * Send errors such as ECONNREFUSED (no peer yet) drop that frame only;
 * datagram ports are never closed by their peer's absence.
 *
 * -netdev dgram's keys (local.*, remote.*) are read at the end of this
 * file; -netdev socket's mcast= and udp= (port_socket.c) make the same
 * ports, and so does a VDE switch for each client (a connected unix
 * socket, port_vdeswitch_client.c), which asks to be told when the port
 * goes away (dgram_port_on_close()).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "chunk.h"
#include "hub.h"
#include "log.h"
#include "mactable.h"
#include "netdev.h"
#include "netdev_keys.h"
#include "optstring.h"
#include "port.h"
#include "port_dgram.h"
#include "xalloc.h"

#define DGRAM_BATCH		32
#define DGRAM_SLOT		(FRAME_MAX + 1)
#define DGRAM_OWN_AGEING_MS	(300U * 1000U)
#define DGRAM_OWN_MAX		1024U

/**
 * struct dgram_port - a datagram link
 * @port:	the port
 * @remote:	destination of our frames (unset: reply to the last sender)
 * @has_remote:	@remote is set
 * @mcast:	multicast: filter our own frames
 * @own:	source MACs we sent recently (multicast only)
 * @scratch:	DGRAM_BATCH slots for recvmmsg(), allocated on first read
 * @rxc:	chunk frames are copied into
 * @rx_end:	bytes used in @rxc
 * @local:	bound address, for status
 * @unlink_path: unix socket file to remove at close, or ""
 * @peer:	what a connected socket leads to, for status, or ""
 * @on_close:	called when the port is destroyed, or NULL
 * @opaque:	its argument
 */
struct dgram_port {
	struct port port;
	struct gn_addr remote;
	bool has_remote;
	bool mcast;
	struct mactable own;
	uint8_t *scratch;
	struct chunk *rxc;
	uint32_t rx_end;
	struct gn_addr local;
	char unlink_path[108];
	char peer[128];
	dgram_close_fn on_close;
	void *opaque;
};

#define dgram_of(p)	container_of(p, struct dgram_port, port)

static struct frame dgram_frames[DGRAM_BATCH];

/* Is there no room in the receive chunk for a datagram of @len bytes? */
static bool dgram_chunk_full(const struct dgram_port *d, uint32_t len)
{
	return !d->rxc || CHUNK_SIZE - d->rx_end < FRAME_HDR + len;
}

/* Copy a datagram behind a stream header into the receive chunk */
static void dgram_store(struct dgram_port *d, const uint8_t *buf, uint32_t len,
			struct frame *f)
{
	if (dgram_chunk_full(d, len)) {
		chunk_put(d->rxc);
		d->rxc = chunk_get();
		d->rx_end = 0;
	}
	f->chunk = d->rxc;
	f->off = d->rx_end + FRAME_HDR;
	f->len = len;
	memcpy(frame_data(f), buf, len);
	frame_set_header(f);
	d->rx_end += FRAME_HDR + len;
}

static bool dgram_is_own(struct dgram_port *d, const uint8_t *frame,
			 uint32_t len)
{
	if (!d->mcast || len < FRAME_MIN)
		return false;
	return mactable_lookup(&d->own, mac_to_u64(frame + 6), loop_now_ms());
}

static void dgram_rx(struct port *p)
{
	struct dgram_port *d = dgram_of(p);
	struct mmsghdr msgs[DGRAM_BATCH];
	struct iovec iov[DGRAM_BATCH];
	unsigned int kept = 0;
	int n;

	if (!d->scratch)
		d->scratch = xmalloc((size_t)DGRAM_BATCH * DGRAM_SLOT);
	memset(msgs, 0, sizeof(msgs));
	for (int i = 0; i < DGRAM_BATCH; i++) {
		iov[i].iov_base = d->scratch + (size_t)i * DGRAM_SLOT;
		iov[i].iov_len = DGRAM_SLOT;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	n = recvmmsg(p->watch.fd, msgs, DGRAM_BATCH, MSG_DONTWAIT, NULL);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			debug("port %s: recv: %s", p->id, errstr(errno));
		return;
	}
	for (int i = 0; i < n; i++) {
		uint32_t len = msgs[i].msg_len;
		const uint8_t *buf = iov[i].iov_base;

		if (len > FRAME_MAX || (msgs[i].msg_hdr.msg_flags & MSG_TRUNC)) {
			port_drop(p, DROP_TRUNCATED);
			continue;
		}
		if (dgram_is_own(d, buf, len)) {
			port_drop(p, DROP_OWN);
			continue;
		}
		if (kept && dgram_chunk_full(d, len)) {
			/* the frames kept so far point into the chunk
			 * about to be let go: hand them over first */
			hub_input(p, dgram_frames, kept);
			kept = 0;
		}
		dgram_store(d, buf, len, &dgram_frames[kept++]);
	}
	hub_input(p, dgram_frames, kept);
}

static void dgram_remember_own(struct dgram_port *d, const struct frame *f)
{
	if (d->mcast && f->len >= FRAME_MIN)
		mactable_learn(&d->own, mac_to_u64(frame_data(f) + 6), d,
			       loop_now_ms());
}

static int dgram_tx(struct port *p)
{
	struct dgram_port *d = dgram_of(p);
	struct mmsghdr msgs[DGRAM_BATCH];
	struct iovec iov[DGRAM_BATCH];
	struct txq *q = &p->txq;

	while (q->count) {
		unsigned int n = q->count < DGRAM_BATCH ? q->count : DGRAM_BATCH;
		size_t bytes = 0;
		int sent;

		memset(msgs, 0, n * sizeof(*msgs));
		for (unsigned int i = 0; i < n; i++) {
			const struct frame *f = txq_at(q, i);

			iov[i].iov_base = frame_data(f);
			iov[i].iov_len = f->len;
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
			/* without a remote, the socket must be connected */
			if (d->has_remote) {
				msgs[i].msg_hdr.msg_name = &d->remote.u;
				msgs[i].msg_hdr.msg_namelen = d->remote.len;
			}
		}
		sent = sendmmsg(p->watch.fd, msgs, n, MSG_DONTWAIT);
		if (sent < 0 && errno == EINTR)
			continue;
		if (sent < 0 && (errno == EAGAIN || errno == ENOBUFS))
			return -EAGAIN;
		if (sent <= 0) {
			/* the head frame could not go: drop it, keep the port */
			debug("port %s: send: %s", p->id, errstr(errno));
			port_drop_head(p, DROP_TX_ERROR);
			continue;
		}
		for (int i = 0; i < sent; i++) {
			dgram_remember_own(d, txq_at(q, i));
			bytes += txq_at(q, i)->len;
		}
		port_tx_done(p, (uint32_t)sent, bytes);
	}
	return 0;
}

static void dgram_destroy(struct port *p)
{
	struct dgram_port *d = dgram_of(p);

	if (d->on_close)
		d->on_close(d->opaque);
	if (d->unlink_path[0])
		unlink(d->unlink_path);
	mactable_fini(&d->own);
	chunk_put(d->rxc);
	free(d->scratch);
	free(d);
}

static void dgram_describe(const struct port *p, char *buf, size_t len)
{
	const struct dgram_port *d = container_of(p, const struct dgram_port, port);
	char l[128] = "", r[128] = "(none)";

	addr_format(&d->local, l, sizeof(l));
	if (d->peer[0])
		snprintf(r, sizeof(r), "%s", d->peer);
	else if (d->has_remote)
		addr_format(&d->remote, r, sizeof(r));
	snprintf(buf, len, "%s%s -> %s", d->mcast ? "mcast " : "", l, r);
}

static const struct port_ops dgram_ops = {
	.type = "dgram",
	.rx = dgram_rx,
	.tx = dgram_tx,
	.destroy = dgram_destroy,
	.describe = dgram_describe,
};

static int dgram_join(int fd, const struct dgram_cfg *cfg)
{
	struct ip_mreq mreq = { .imr_multiaddr = cfg->remote.u.in.sin_addr };
	int one = 1;

	if (cfg->remote.u.sa.sa_family != AF_INET)
		return -EAFNOSUPPORT;
	if (cfg->has_local)
		mreq.imr_interface = cfg->local.u.in.sin_addr;
	if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq)) < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &one, sizeof(one)) < 0)
		return -errno;
	if (cfg->has_local &&
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq.imr_interface,
		       sizeof(mreq.imr_interface)) < 0)
		return -errno;
	return 0;
}

static void dgram_clear_stale(const struct gn_addr *a)
{
	struct stat st;

	if (a->u.sa.sa_family == AF_UNIX && a->u.un.sun_path[0] &&
	    lstat(a->u.un.sun_path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(a->u.un.sun_path);
}

static int dgram_socket(const struct dgram_cfg *cfg, bool mcast, int *out)
{
	const struct gn_addr *bind_to = mcast ? &cfg->remote : &cfg->local;
	int fd, one = 1, ret;

	fd = socket(bind_to->u.sa.sa_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (mcast && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
		goto fail;
	if (!mcast && bind_to->u.sa.sa_family != AF_UNIX)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	dgram_clear_stale(bind_to);
	if (bind(fd, &bind_to->u.sa, bind_to->len) < 0)
		goto fail;
	if (mcast && (ret = dgram_join(fd, cfg)) < 0) {
		close(fd);
		return ret;
	}
	*out = fd;
	return 0;
fail:
	ret = -errno;
	close(fd);
	return ret;
}

/**
 * dgram_port_open() - open a datagram port, and tell which it is
 * @id:		port name
 * @h:		hub
 * @cfg:	addresses or descriptor; see struct dgram_cfg (a
 *		non-blocking descriptor is the port's from now on)
 * @out:	the port, or NULL if not wanted; valid until it is destroyed
 *
 * Return: 0, or negative errno
 */
int dgram_port_open(const char *id, struct hub *h, const struct dgram_cfg *cfg,
		    struct port **out)
{
	bool mcast = cfg->has_remote && addr_is_multicast(&cfg->remote);
	struct dgram_port *d;
	int fd = cfg->fd, ret;

	if (fd < 0) {
		ret = dgram_socket(cfg, mcast, &fd);
		if (ret < 0)
			return ret;
	} else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
		return -errno;
	}
	d = xcalloc(1, sizeof(*d));
	port_init(&d->port, &dgram_ops, id);
	d->remote = cfg->remote;
	d->has_remote = cfg->has_remote;
	d->mcast = mcast;
	mactable_init(&d->own, DGRAM_OWN_MAX, DGRAM_OWN_AGEING_MS);
	d->local.len = sizeof(d->local.u);
	if (getsockname(fd, &d->local.u.sa, &d->local.len) < 0)
		d->local.u.sa.sa_family = AF_UNSPEC;
	if (cfg->fd < 0 && !mcast && cfg->local.u.sa.sa_family == AF_UNIX)
		snprintf(d->unlink_path, sizeof(d->unlink_path), "%s",
			 cfg->local.u.un.sun_path);
	if (cfg->peer)
		snprintf(d->peer, sizeof(d->peer), "%s", cfg->peer);
	hub_attach(h, &d->port);
	ret = port_watch(&d->port, fd);
	if (ret < 0)
		port_close(&d->port);
	else if (out)
		*out = &d->port;
	return ret;
}

/**
 * dgram_open() - open a datagram port
 * @id:		port name
 * @h:		hub
 * @cfg:	addresses or descriptor; see struct dgram_cfg
 *
 * Return: 0, or negative errno
 */
int dgram_open(const char *id, struct hub *h, const struct dgram_cfg *cfg)
{
	return dgram_port_open(id, h, cfg, NULL);
}

/**
 * dgram_port_on_close() - ask to be called when a datagram port is destroyed
 * @p:		a port made by dgram_port_open()
 * @fn:		callback, called once, at the end of the batch it closed in
 * @opaque:	its argument
 */
void dgram_port_on_close(struct port *p, dgram_close_fn fn, void *opaque)
{
	struct dgram_port *d = dgram_of(p);

	d->on_close = fn;
	d->opaque = opaque;
}

/**
 * dgram_create() - -netdev dgram: local.*, remote.*
 * @req:	request
 *
 * Return: 0, or negative errno with the message in the options
 */
static int dgram_create(struct netdev_req *req)
{
	struct dgram_cfg cfg = { .fd = -1 };
	struct opts *o = req->o;
	bool mcast;
	int rfd, ret;

	ret = netdev_key_address(o, "local", true, &cfg.local, &cfg.fd, &cfg.has_local);
	if (!ret)
		ret = netdev_key_address(o, "remote", false, &cfg.remote, &rfd, &cfg.has_remote);
	if (ret < 0)
		return ret;
	if (rfd >= 0)
		return opts_fail(o, "key 'remote.type': fd is only for 'local.type'");
	if (!cfg.has_remote && cfg.fd < 0)
		return opts_fail(o, "key 'remote.type' is required (unless local.type=fd)");
	if (cfg.fd >= 0 && cfg.has_remote)
		return opts_fail(o, "key 'remote.type' does not go with local.type=fd");
	mcast = cfg.has_remote && addr_is_multicast(&cfg.remote);
	if (mcast && cfg.remote.u.sa.sa_family != AF_INET)
		return opts_fail(o, "key 'remote.host': only IPv4 multicast groups are supported");
	if (!mcast && cfg.has_remote && !cfg.has_local)
		return opts_fail(o, "key 'local.type' is required for a unicast remote");
	if (cfg.has_local && cfg.has_remote && !mcast &&
	    cfg.local.u.sa.sa_family != cfg.remote.u.sa.sa_family)
		return opts_fail(o, "keys 'local.type' and 'remote.type' must be the same family");
	ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	ret = dgram_open(req->id, req->hub, &cfg);
	if (ret < 0)
		return opts_fail(o, "open: %s", errstr(ret));
	return 0;
}

static void dgram_needs(const struct opts *o, struct netdev_needs *n)
{
	netdev_address_needs(o, "local.type", n);
	netdev_address_needs(o, "remote.type", n);
}

const struct netdev_type netdev_type_dgram = {
	.name = "dgram",
	.create = dgram_create,
	.needs = dgram_needs,
};
