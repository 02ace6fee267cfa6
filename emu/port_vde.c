// SPDX-License-Identifier: GPL-2.0-or-later
/* port_vde.c - a plug into a VDE network through libvdeplug (-netdev vde)
 *
 * DOC: Theory of operation
 *
 * -netdev vde,id=ID,sock=PATH|URL[,port=N][,group=G][,mode=OCTAL] and
 * -net vde,vlan=N,... take QEMU's keys and meaning (net/vde.c): the port
 * is vde_open(sock, "guestnet-emu", {port, group, mode}), mode 0700
 * unless given. With libvdeplug 4 (vdeplug4), sock= is any plugin URL: a
 * vde_switch directory (no scheme, or vde://), vxvde://, vxlan://,
 * udp://, ptp://, hub://, switch://, tap://, ... (docs/vde.md). The
 * plugin is loaded with dlopen() and the description names our user
 * (getpwuid_r(), NSS), so the type declares both (NEED_DLOPEN, NEED_NSS)
 * and the sandbox lets vde ports in at start-up only; the URLs whose
 * plugin keeps using the file system (hub:// and its kin bind and remove
 * sockets as clients come and go; ptp:// removes its socket at close)
 * declare NEED_FS too.
 *
 * The plug's data descriptor (vde_datafd()) is watched in the loop
 * through a duplicate of our own, so the plugin keeps its descriptor
 * until vde_close(). libvdeplug has one frame per call and no batch
 * interface: each wake-up calls vde_recv() up to VDE_RX_BATCH times into
 * a chunk, each frame behind room for its stream header, and hands them
 * to the hub together. For the plugins whose data descriptor is a
 * socket (vde://, vxlan://, udp://, ptp://), it is made non-blocking and
 * reading stops at EAGAIN; for those where it is an epoll descriptor
 * (vxvde://, hub://, switch://), vde_recv() waits in epoll_wait() for
 * ever, so each further call is made only if poll() says the descriptor
 * is still readable. vde_recv() returns 1 for "nothing for you" (a
 * packet of another VNI, our own multicast, a peer that left; vxlan://
 * also for an empty socket): anything shorter than an Ethernet header is
 * not a frame, and after one reading goes on only while poll() says the
 * descriptor is readable.
 *
 * Writes go one vde_send() per queued frame at the end of the batch. A
 * socket that would block makes the port wait for EPOLLOUT; an epoll
 * descriptor cannot say when sending is possible, so there a frame that
 * cannot go is dropped (tx-error), as any other send error drops only
 * that frame. A vde_switch connection has a control stream too
 * (vde_ctlfd()): the switch never writes to it, and its EOF means the
 * switch went away, which closes the port (QEMU ignores it).
 */

#include <errno.h>
#include <fcntl.h>
#include <libvdeplug.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/util.h"
#include "chunk.h"
#include "hub.h"
#include "log.h"
#include "netdev.h"
#include "netdev_keys.h"
#include "optstring.h"
#include "port.h"
#include "silentconn.h"
#include "xalloc.h"

#define VDE_RX_BATCH		64
#define VDE_DESCR		"guestnet-emu"
#define VDE_MODE_DEFAULT	0700	/* QEMU's */
#define VDE_PORT_MAX		65535

/**
 * struct vde_port - a port on a VDE plug
 * @port:	the port; its watch holds a duplicate of @datafd
 * @conn:	the plug
 * @datafd:	vde_datafd(), the plugin's
 * @polled:	@datafd is not a socket (an epoll descriptor): poll() it
 *		before every vde_recv() but the first of a wake-up
 * @ctl:	vde_ctlfd() watched for EOF, fd -1 if the plug has none
 * @rxc:	chunk being read into
 * @rx_end:	bytes used in @rxc
 * @url:	sock=, for status
 */
struct vde_port {
	struct port port;
	VDECONN *conn;
	int datafd;
	bool polled;
	struct loop_watch ctl;
	struct chunk *rxc;
	uint32_t rx_end;
	char url[128];
};

#define vde_of(p)	container_of(p, struct vde_port, port)

static struct frame vde_frames[VDE_RX_BATCH];

/* Is there no room in the receive chunk for one more (too long) frame? */
static bool vde_chunk_full(const struct vde_port *v)
{
	return !v->rxc || CHUNK_SIZE - v->rx_end < FRAME_HDR + FRAME_MAX + 1;
}

/* Offset at which the next frame's data starts, with room before it */
static uint32_t vde_next_off(struct vde_port *v)
{
	if (vde_chunk_full(v)) {
		chunk_put(v->rxc);
		v->rxc = chunk_get();
		v->rx_end = 0;
	}
	return v->rx_end + FRAME_HDR;
}

static bool fd_readable(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN);
}

/* May vde_recv() be called without blocking? */
static bool vde_readable(const struct vde_port *v, unsigned int reads)
{
	return !v->polled || !reads || fd_readable(v->datafd);
}

static void vde_rx(struct port *p)
{
	struct vde_port *v = vde_of(p);
	unsigned int n = 0;

	for (unsigned int reads = 0; reads < VDE_RX_BATCH; reads++) {
		uint32_t off;
		ssize_t len;

		if (!vde_readable(v, reads))
			break;
		if (n && vde_chunk_full(v)) {
			/* the batch so far points into the chunk about to be
			 * let go: hand it over while it still holds them */
			hub_input(p, vde_frames, n);
			n = 0;
		}
		off = vde_next_off(v);
		len = vde_recv(v->conn, v->rxc->data + off, FRAME_MAX + 1, 0);
		if (len < 0 && errno == EINTR)
			continue;
		if (len < 0) {
			if (errno != EAGAIN)
				debug("port %s: vde_recv: %s", p->id, errstr(errno));
			break;
		}
		if (len < FRAME_MIN) {
			/* 1: the plugin's "nothing for you"; vxlan:// also
			 * says so for an empty socket (EAGAIN): stop there */
			if (!v->polled && !fd_readable(v->datafd))
				break;
			continue;
		}
		if (len > FRAME_MAX) {
			port_drop(p, DROP_TRUNCATED);
			continue;
		}
		vde_frames[n].chunk = v->rxc;
		vde_frames[n].off = off;
		vde_frames[n].len = (uint32_t)len;
		frame_set_header(&vde_frames[n]);
		v->rx_end = off + (uint32_t)len;
		n++;
	}
	hub_input(p, vde_frames, n);
}

static int vde_tx(struct port *p)
{
	struct vde_port *v = vde_of(p);
	struct txq *q = &p->txq;

	while (q->count) {
		const struct frame *f = txq_at(q, 0);
		ssize_t n = vde_send(v->conn, frame_data(f), f->len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == ENOBUFS) && !v->polled)
			return -EAGAIN;
		if (n < 0) {
			debug("port %s: vde_send: %s", p->id, errstr(errno));
			port_drop_head(p, DROP_TX_ERROR);
			continue;
		}
		port_tx_done(p, 1, f->len);
	}
	return 0;
}

/* The switch's control stream: silent until its EOF, the switch gone */
static void vde_ctl_event(struct loop_watch *w, uint32_t events)
{
	struct vde_port *v = container_of(w, struct vde_port, ctl);

	(void)events;
	if (!silentconn_ended(w->fd))
		return;
	info("port %s: the VDE switch %s closed the connection", v->port.id, v->url);
	loop_del(w);
	port_close(&v->port);
}

static void vde_destroy(struct port *p)
{
	struct vde_port *v = vde_of(p);

	if (v->ctl.fd >= 0)
		loop_del(&v->ctl);
	vde_close(v->conn);
	chunk_put(v->rxc);
	free(v);
}

static void vde_describe(const struct port *p, char *buf, size_t len)
{
	const struct vde_port *v = container_of(p, const struct vde_port, port);

	snprintf(buf, len, "VDE %s", v->url);
}

static const struct port_ops vde_ops = {
	.type = "vde",
	.rx = vde_rx,
	.tx = vde_tx,
	.destroy = vde_destroy,
	.describe = vde_describe,
};

/* Watch the plug: a duplicate of its data descriptor, its control stream */
static int vde_watch(struct vde_port *v)
{
	struct stat st;
	int fd, fl, ctl, ret;

	v->datafd = vde_datafd(v->conn);
	if (v->datafd < 0 || fstat(v->datafd, &st) < 0)
		return -EBADF;
	v->polled = !S_ISSOCK(st.st_mode);
	fl = fcntl(v->datafd, F_GETFL);
	if (fl < 0 || fcntl(v->datafd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -errno;
	fd = fcntl(v->datafd, F_DUPFD_CLOEXEC, 3);
	if (fd < 0)
		return -errno;
	ret = port_watch(&v->port, fd);
	if (ret < 0)
		return ret;
	ctl = vde_ctlfd(v->conn);
	if (ctl >= 0)
		ret = loop_add(&v->ctl, ctl, EPOLLIN, vde_ctl_event);
	return ret;
}

/* One line for a failed vde_open(), with what errno means there */
static int vde_open_failed(struct opts *o, const char *url, int e)
{
	const char *hint = "";

	if (e == EPROTONOSUPPORT)
		hint = " (no libvdeplug plugin for this URL's scheme)";
	else if (e == ENETUNREACH && !strncmp(url, "vxlan://", 8))
		hint = " (vxlan://: is its UDP port taken, by another plug or a "
		       "kernel vxlan device, or is there no multicast route?)";
	else if (e == ENOENT || e == ECONNREFUSED)
		hint = " (no VDE switch there?)";
	return opts_fail(o, "key 'sock': cannot open VDE '%s': %s%s", url,
			 errstr(e), hint);
}

/* vdeplug4 4.0.1's vxlan:// learns garbage peer addresses (docs/vde.md) */
static void vde_warn_vxlan(const char *id, const char *url)
{
	if (!strncmp(url, "vxlan://", 8) && !strstr(url, "/hashsize=0"))
		warn("port %s: %s: without /hashsize=0, vdeplug4's vxlan plugin "
		     "drops unicast frames to the peers it learnt (docs/vde.md)",
		     id, url);
}

static int vde_port_open(struct netdev_req *req, const char *url,
			 struct vde_open_args *args)
{
	struct vde_port *v;
	char *u = xstrdup(url);
	VDECONN *conn;
	int ret;

	errno = 0;
	conn = vde_open(u, VDE_DESCR, args);
	ret = errno ? errno : EIO;
	free(u);
	if (!conn)
		return vde_open_failed(req->o, url, ret);
	v = xcalloc(1, sizeof(*v));
	port_init(&v->port, &vde_ops, req->id);
	v->conn = conn;
	v->ctl.fd = -1;
	snprintf(v->url, sizeof(v->url), "%s", url);
	hub_attach(req->hub, &v->port);
	ret = vde_watch(v);
	if (ret < 0) {
		port_close(&v->port);
		return opts_fail(req->o, "key 'sock': '%s': watching the plug: %s",
				 url, errstr(ret));
	}
	vde_warn_vxlan(req->id, url);
	info("port %s: VDE %s open", req->id, url);
	return 0;
}

/**
 * vde_create() - -netdev vde: sock=, port=, group=, mode=
 * @req:	request
 *
 * Return: 0, or negative errno with the message in the options
 */
static int vde_create(struct netdev_req *req)
{
	struct opts *o = req->o;
	struct vde_open_args args = { 0 };
	const char *sock = opts_get(o, "sock");
	const char *group;
	uint64_t port;
	gid_t gid;
	int mode, ret;

	ret = opts_get_uint(o, "port", 0, VDE_PORT_MAX, 0, &port);
	if (!ret)
		ret = netdev_key_mode(o, "mode", VDE_MODE_DEFAULT, &mode);
	if (!ret)
		ret = netdev_key_group(o, "group", &group, &gid);
	if (ret < 0)
		return ret;
	if (!sock || !*sock)
		return opts_fail(o, "key 'sock' is required (a vde_switch directory or a VDE URL)");
	ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	args.port = (int)port;
	args.group = (char *)group;
	args.mode = (mode_t)mode;
	return vde_port_open(req, sock, &args);
}

/* The plugins that keep using the file system once open */
static const char *const vde_fs_schemes[] = {
	"hub://", "switch://", "multi://", "bonding://", "ptp://",
};

static void vde_needs(const struct opts *o, struct netdev_needs *n)
{
	unsigned int it = 0;
	const char *sock = opts_peek(o, "sock", &it);

	netdev_group_needs(o, "group", n);
	if (!sock)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(vde_fs_schemes); i++)
		if (!strncmp(sock, vde_fs_schemes[i], strlen(vde_fs_schemes[i])))
			netdev_need(n, NEED_FS, "sock", sock,
				    "a VDE plugin that binds and removes sockets");
	if (!strncmp(sock, "cmd://", 6))
		netdev_need(n, NEED_EXEC_OPEN, "sock", sock,
			    "the VDE cmd:// plugin runs a command");
}

const struct netdev_type netdev_type_vde = {
	.name = "vde",
	.create = vde_create,
	.always = (1U << NEED_DLOPEN) | (1U << NEED_NSS),
	.always_what = "libvdeplug dlopen()s the plugin of the URL's scheme and "
		       "looks our user name up",
	.needs = vde_needs,
};
