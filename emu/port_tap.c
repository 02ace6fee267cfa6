// SPDX-License-Identifier: GPL-2.0-or-later
/* port_tap.c - ports on a tap device descriptor (-netdev tap)
 *
 * DOC: Theory of operation
 *
 * A tap reaches the emulator in one of three ways (docs/tap.md):
 *
 * - fd=N: the caller opened it. TUNGETIFF proves it is a tap with
 *   IFF_NO_PI and tells whether it has IFF_VNET_HDR (vnet_hdr=, if given,
 *   must agree).
 * - ifname=NAME (or no name: the kernel picks tapN): we open /dev/net/tun
 *   and TUNSETIFF (tapdev.c). Creating a tap needs CAP_NET_ADMIN;
 *   attaching to an existing persistent tap whose owner (or group) we are
 *   does not. An optional script= runs with the name before use,
 *   downscript= at close (while a second descriptor keeps the tap, as in
 *   QEMU); once sandboxed, the launcher runs the downscript (launcher.c).
 * - helper=PATH, and -netdev bridge: the bridge helper (port_bridge.c).
 *
 * Scripts and the helper run synchronously, like QEMU, but never for
 * longer than TAP_CHILD_TIMEOUT_MS (spawn.c); a path is executed, never a
 * shell command. Every tap gets a zero offload set (TUNSETOFFLOAD 0), so
 * the kernel never hands us GSO frames or partial checksums; with
 * IFF_VNET_HDR the header is the 10-byte struct virtio_net_hdr.
 *
 * A tap descriptor delivers one frame per read() and takes one per
 * write(). Each wake-up reads up to TAP_RX_BATCH frames into a chunk —
 * each behind room for its stream header, so stream ports forward them
 * without a copy — and hands them to the hub together. With a virtio-net
 * header (IFF_VNET_HDR, as the bridge helper makes with --use-vnet) the
 * header is read in front of the frame and overwritten by the stream
 * header; on write a zeroed header goes first (no offloads asked for).
 * A batch also stops after TAP_RX_BYTES, so that what one batch gives
 * the hub stays within what a congested queue has room for.
 *
 * A tap whose creator turned offloads on (tap_port_enable_offload(): a
 * netns guest's NIC, tapdev_offload()) reads partial checksums and GSO
 * frames of up to 64 KiB (offload.c checks each header; a partial
 * checksum is completed at once, a GSO frame keeps its segment size),
 * takes GSO frames from the hub whole and writes them with their header.
 * Such a tap hands its frames larger than TAP_INLINE_MAX, and any frame
 * while the thread still has some, to a writer thread (tapwriter.c), so
 * the guest's receiving stack, which a tap write runs, runs on another
 * CPU; small frames (ACKs) it writes itself.
 *
 * Pure TCP ACKs that a later queued ACK of the same connection supersedes
 * are not written (ackthin.c): with user-mode NAT, they are most of the
 * frames and most of the cost.
 *
 * Whoever made the tap (-netdev tap here, the bridge helper, a network
 * namespace: port_netns.c) can ask to be called when the port goes away
 * (tap_port_on_close()), e.g. to run a downscript or reap a child.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "util.h"
#include "ackthin.h"
#include "chunk.h"
#include "hub.h"
#include "log.h"
#include "port.h"
#include "netdev.h"
#include "netdev_keys.h"
#include "offload.h"
#include "optstring.h"
#include "port_bridge.h"
#include "port_tap.h"
#include "sandbox.h"
#include "spawn.h"
#include "tapdev.h"
#include "tapwriter.h"
#include "xalloc.h"

#define TAP_RX_BATCH	64
#define TAP_VNET_MAX	12
#define TAP_ACK_LOOKAHEAD	64
#define TAP_RX_BYTES	(1024U * 1024U)
/* Larger frames go to the writer thread of an offloading tap (tapwriter.c) */
#define TAP_INLINE_MAX	2048U

/**
 * struct tap_port - a port on a tap descriptor
 * @port:	the port
 * @vnet_hdr_len: bytes of virtio-net header in front of each frame, or 0
 * @offload:	the kernel may give us partial checksums and GSO frames
 * @rxc:	chunk being read into
 * @rx_end:	bytes used in @rxc
 * @peer:	description for status output
 * @on_close:	creator's clean-up, or NULL
 * @opaque:	its argument
 * @writer:	the thread that writes our frames (tapwriter.c), or NULL
 */
struct tap_port {
	struct port port;
	unsigned int vnet_hdr_len;
	bool offload;
	struct chunk *rxc;
	uint32_t rx_end;
	char peer[96];
	tap_close_fn on_close;
	void *opaque;
	struct tapwriter *writer;
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

/* The virtio-net header of a frame just read: 0 if it is to be kept */
static int tap_rx_offload(struct tap_port *t, struct frame *f)
{
	struct offload_vnet h;

	if (!t->offload)
		return 0;	/* no offloads asked for: the header is zero */
	offload_vnet_read(frame_data(f) - t->vnet_hdr_len, &h);
	return offload_from_vnet(&h, frame_data(f), f->len, &f->gso_size);
}

static void tap_rx(struct port *p)
{
	struct tap_port *t = tap_of(p);
	unsigned int n = 0;
	size_t bytes = 0;

	for (unsigned int reads = 0; reads < TAP_RX_BATCH && bytes < TAP_RX_BYTES; reads++) {
		struct frame *f = &tap_frames[n];
		uint32_t off;
		ssize_t len;

		if (n && tap_chunk_full(t)) {
			/* the batch so far points into the chunk about to be
			 * let go: hand it over while it still holds them */
			hub_input(p, tap_frames, n);
			n = 0;
			f = &tap_frames[0];
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
		f->chunk = t->rxc;
		f->off = off;
		f->len = (uint32_t)len - t->vnet_hdr_len;
		f->gso_size = 0;
		if (tap_rx_offload(t, f) < 0) {
			port_drop(p, DROP_BAD_OFFLOAD);
			continue;
		}
		frame_set_header(f);
		t->rx_end = off + f->len;
		bytes += f->len;
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

/* The virtio-net header to write @f with: zero unless offloading */
static void tap_tx_header(const struct tap_port *t, const struct frame *f,
			  uint8_t hdr[TAP_VNET_MAX])
{
	struct offload_vnet h;

	memset(hdr, 0, TAP_VNET_MAX);
	if (!t->offload || !f->gso_size)
		return;
	offload_to_vnet(frame_data(f), f->len, f->gso_size, &h);
	offload_vnet_write(hdr, &h);
}

/* The writer thread made room in its ring: write what is queued */
static void tap_writer_room(void *opaque)
{
	port_want_tx(opaque);
}

/* Write the head frame ourselves: 0 once it is off the queue, or -EAGAIN */
static int tap_write_head(struct port *p, const struct frame *f, uint8_t *hdr)
{
	struct tap_port *t = tap_of(p);
	struct iovec iov[2] = {
		{ hdr, t->vnet_hdr_len },
		{ frame_data(f), f->len },
	};

	for (;;) {
		ssize_t n = t->vnet_hdr_len ? writev(p->watch.fd, iov, 2)
					    : write(p->watch.fd, frame_data(f), f->len);

		if (n >= 0) {
			port_tx_done(p, 1, f->len);
			return 0;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN)
			return -EAGAIN;
		/* e.g. EIO while the interface is down: lose this one */
		port_drop_head(p, DROP_TX_ERROR);
		return 0;
	}
}

/*
 * Give the head frame to the writer thread: 0 once it is off the queue,
 * 1 if the ring is full (tap_writer_room() comes back). If the thread
 * cannot start, the loop writes from now on.
 */
static int tap_hand_head(struct port *p, const struct frame *f, uint8_t *hdr)
{
	struct tap_port *t = tap_of(p);

	while (!tapwriter_push(t->writer, f, hdr)) {
		if (tapwriter_failed(t->writer)) {
			warn("port %s: no writer thread: the loop writes the tap", p->id);
			tapwriter_close(t->writer);
			t->writer = NULL;
			return tap_write_head(p, f, hdr);
		}
		if (!tapwriter_wait_room(t->writer))
			return 1;
	}
	port_tx_done(p, 1, f->len);
	return 0;
}

/* The writer thread takes large frames, and any while it has some: in order */
static bool tap_use_writer(const struct tap_port *t, const struct frame *f)
{
	return t->writer && (f->len > TAP_INLINE_MAX || !tapwriter_idle(t->writer));
}

static int tap_tx(struct port *p)
{
	struct tap_port *t = tap_of(p);
	struct txq *q = &p->txq;
	uint8_t hdr[TAP_VNET_MAX];
	int ret = 0;

	for (uint64_t n = t->writer ? tapwriter_reclaim(t->writer) : 0; n; n--)
		port_drop(p, DROP_TX_ERROR);
	while (q->count && !ret) {
		const struct frame *f = txq_at(q, 0);

		if (tap_head_superseded(q)) {
			port_drop_head(p, DROP_ACK_SUPERSEDED);
			continue;
		}
		tap_tx_header(t, f, hdr);
		ret = tap_use_writer(t, f) ? tap_hand_head(p, f, hdr)
					   : tap_write_head(p, f, hdr);
	}
	if (t->writer)
		tapwriter_kick(t->writer);
	return ret < 0 ? ret : 0;
}

static void tap_destroy(struct port *p)
{
	struct tap_port *t = tap_of(p);

	tapwriter_close(t->writer);
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

/**
 * tap_port_enable_offload() - tell a tap port its tap offloads (tapdev_offload())
 * @p:		a port made by tap_port_open() with an OFFLOAD_VNET_LEN header
 *
 * From now on it reads partial checksums and GSO frames, and the hub
 * gives it GSO frames whole.
 *
 * Return: 0, or -EINVAL if the port has no header of that length
 */
int tap_port_enable_offload(struct port *p)
{
	struct tap_port *t = tap_of(p);

	int ret;

	if (t->vnet_hdr_len != OFFLOAD_VNET_LEN)
		return -EINVAL;
	t->offload = true;
	p->gso = true;
	ret = tapwriter_open(p->watch.fd, t->vnet_hdr_len, tap_writer_room, p, &t->writer);
	if (ret < 0)
		warn("port %s: no writer thread: %s", p->id, errstr(ret));
	return 0;
}

/* ------------------------------------------------------------------ */
/* -netdev tap                                                        */

/**
 * struct tap_down - what to run when a tap port closes
 * @script:	downscript path
 * @ifname:	its argument
 * @keep_fd:	a second descriptor of the tap, so it still exists while the
 *		downscript runs (as in QEMU, which closes the tap after it)
 */
struct tap_down {
	char script[PATH_MAX];
	char ifname[IFNAMSIZ];
	int keep_fd;
};

/*
 * Run a script with the interface name, wait for it; 0 if it exited 0,
 * else a message in @why.
 */
static int run_script(const char *path, const char *ifname, char *why, size_t len)
{
	char *argv[] = { (char *)path, (char *)ifname, NULL };

	if (sandbox_active())	/* no fork or exec here: the launcher runs it */
		return sandbox_run_script(path, ifname, why, len);
	return spawn_run(argv, TAP_CHILD_TIMEOUT_MS, why, len);
}

/**
 * tap_port_add() - make the port a -netdev request asks for of a tap
 * @req:	the request (id, hub, options for the message)
 * @fd:		tap descriptor, checked (tapdev.c), owned from now on
 * @vnet:	it has IFF_VNET_HDR
 * @peer:	description for status output
 * @p:		the port, if not NULL
 *
 * Return: 0, or negative errno with the message in the options
 */
int tap_port_add(struct netdev_req *req, int fd, bool vnet, const char *peer,
		 struct port **p)
{
	int ret = tap_port_open(req->id, req->hub, fd, vnet ? TAPDEV_VNET_HDR_LEN : 0,
				peer, p);

	if (ret < 0)
		return opts_fail(req->o, "tap port: %s", errstr(ret));
	info("port %s: %s", req->id, peer);
	return 0;
}

static void tap_down_run(void *opaque)
{
	struct tap_down *d = opaque;
	char why[SPAWN_ERR_LINE + 40];

	if (run_script(d->script, d->ifname, why, sizeof(why)) < 0)
		warn("downscript %s %s: %s", d->script, d->ifname, why);
	if (d->keep_fd >= 0)
		close(d->keep_fd);
	free(d);
}

static int tap_fd_open(struct netdev_req *req, const char *val, const char *vnet_val)
{
	struct opts *o = req->o;
	char name[IFNAMSIZ], peer[96];
	const char *why;
	bool vnet, want;
	int fd, ret;

	if (netdev_key_fd(o, "fd", val, &fd) < 0)
		return -EINVAL;
	if (tapdev_inspect(fd, &vnet, name, &why) < 0)
		return opts_fail(o, "key 'fd': %d %s", fd, why);
	ret = opts_get_bool(o, "vnet_hdr", vnet, &want);
	if (ret < 0)
		return ret;
	if (vnet_val && want != vnet)
		return opts_fail(o, "key 'vnet_hdr': '%s', but tap %s (fd %d) has %s", vnet_val,
				 name, fd, vnet ? "IFF_VNET_HDR" : "no IFF_VNET_HDR");
	ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	ret = tapdev_prepare(fd, vnet, &why);
	if (ret < 0)
		return opts_fail(o, "key 'fd': %d: %s: %s", fd, why, errstr(ret));
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	snprintf(peer, sizeof(peer), "tap %s fd %d%s", name, fd, vnet ? " vnet_hdr" : "");
	return tap_port_add(req, fd, vnet, peer, NULL);
}

/* A script= or downscript= value that names a program ("" and "no" do not) */
static bool tap_is_program(const char *val)
{
	return val && *val && strcmp(val, "no");
}

static int tap_script_key(struct opts *o, const char *key, const char **val)
{
	if (!tap_is_program(*val))
		*val = NULL;
	return *val ? netdev_key_program(o, key, *val) : 0;
}

static int tap_down_prepare(struct opts *o, const char *down, const char *name,
			    int fd, struct tap_down **out)
{
	struct tap_down *d;

	*out = NULL;
	if (!down)
		return 0;
	d = xcalloc(1, sizeof(*d));
	snprintf(d->script, sizeof(d->script), "%s", down);
	snprintf(d->ifname, sizeof(d->ifname), "%s", name);
	d->keep_fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (d->keep_fd < 0) {
		free(d);
		return opts_fail(o, "key 'downscript': %s", errstr(errno));
	}
	*out = d;
	return 0;
}

static int tap_ifname_open(struct netdev_req *req, const char *ifname,
			   const char *script, const char *down, bool vnet)
{
	struct opts *o = req->o;
	char name[IFNAMSIZ], peer[96], why_s[SPAWN_ERR_LINE + 40];
	struct tap_down *d;
	struct port *p;
	const char *why;
	bool has_vnet;
	int fd = -1, ret;

	ret = tapdev_open(ifname, vnet, &fd);
	if (ret == -EOPNOTSUPP)
		return opts_fail(o, "key 'vnet_hdr': the kernel has no IFF_VNET_HDR");
	if (ret == -EPERM)
		return opts_fail(o, "key 'ifname': '%s': %s (needs CAP_NET_ADMIN, or a persistent tap owned by this user)",
				 *ifname ? ifname : "tapN", errstr(ret));
	if (ret < 0)
		return opts_fail(o, "key 'ifname': '%s': %s", *ifname ? ifname : "tapN", errstr(ret));
	ret = tapdev_setup(fd, &has_vnet, name, &why);
	if (ret < 0) {
		close(fd);
		return opts_fail(o, "key 'ifname': '%s' %s (%s)", *ifname ? ifname : "tapN",
				 why, errstr(ret));
	}
	if (script && run_script(script, name, why_s, sizeof(why_s)) < 0) {
		close(fd);
		return opts_fail(o, "key 'script': '%s %s': %s", script, name, why_s);
	}
	ret = tap_down_prepare(o, down, name, fd, &d);
	if (ret < 0) {
		close(fd);
		return ret;
	}
	snprintf(peer, sizeof(peer), "tap %s%s", name, has_vnet ? " vnet_hdr" : "");
	ret = tap_port_add(req, fd, has_vnet, peer, &p);
	if (ret < 0) {
		if (d)
			tap_down_run(d);
		return ret;
	}
	if (d)
		tap_port_on_close(p, tap_down_run, d);
	return 0;
}

static int tap_exclusive(struct opts *o, const char *with, const char *const *keys)
{
	for (; *keys; keys++)
		if (opts_get(o, *keys))
			return opts_fail(o, "key '%s' does not go with '%s'", *keys, with);
	return o->err[0] ? -EINVAL : 0;
}

/**
 * tap_create() - -netdev tap: fd=N | helper=PATH | [ifname=][script=][downscript=]
 * @req:	request
 *
 * fd= takes an open tap; helper= runs the bridge helper for bridge "br0"
 * as QEMU does; otherwise the tap named by ifname= (the kernel's choice if
 * absent) is opened, and script=/downscript= (default "no") run with its
 * name before use and at close. vnet_hdr= (default: the fd's own setting;
 * off when we open the tap) asks for the virtio-net header.
 *
 * Return: 0, or negative errno with the message in the options
 */
static int tap_create(struct netdev_req *req)
{
	static const char *const not_fd[] = { "ifname", "script", "downscript", "helper", NULL };
	static const char *const not_helper[] = { "ifname", "script", "downscript", "vnet_hdr", NULL };
	struct opts *o = req->o;
	const char *fd = opts_get(o, "fd"), *helper = opts_get(o, "helper");
	const char *ifname, *script, *down;
	bool vnet;
	int ret;

	if (o->err[0])
		return -EINVAL;
	if (fd && tap_exclusive(o, "fd", not_fd) < 0)
		return -EINVAL;
	if (fd)
		return tap_fd_open(req, fd, opts_get(o, "vnet_hdr"));
	if (helper) {
		ret = tap_exclusive(o, "helper", not_helper);
		if (!ret)
			ret = netdev_key_program(o, "helper", helper);
		if (!ret)
			ret = opts_check_unused(o);
		return ret < 0 ? ret : bridge_open(req, helper, BRIDGE_DEFAULT);
	}
	ifname = opts_get(o, "ifname");
	script = opts_get(o, "script");
	down = opts_get(o, "downscript");
	ret = opts_get_bool(o, "vnet_hdr", false, &vnet);
	if (!ret && ifname)
		ret = netdev_key_ifname(o, "ifname", ifname);
	if (!ret)
		ret = tap_script_key(o, "script", &script);
	if (!ret)
		ret = tap_script_key(o, "downscript", &down);
	if (!ret)
		ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	return tap_ifname_open(req, ifname ? ifname : "", script, down, vnet);
}

/* helper= and script= run at open, downscript= at close */
static void tap_needs(const struct opts *o, struct netdev_needs *n)
{
	static const struct {
		const char *key;
		enum netdev_need need;
		const char *what;
	} programs[] = {
		{ "helper", NEED_EXEC_OPEN, "the bridge helper" },
		{ "script", NEED_EXEC_OPEN, "the tap's script" },
		{ "downscript", NEED_EXEC_CLOSE, "the tap's downscript" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(programs); i++) {
		unsigned int it = 0;
		const char *v = opts_peek(o, programs[i].key, &it);

		if (tap_is_program(v))
			netdev_need(n, programs[i].need, programs[i].key, v, programs[i].what);
	}
}

const struct netdev_type netdev_type_tap = {
	.name = "tap",
	.create = tap_create,
	.needs = tap_needs,
};
