// SPDX-License-Identifier: GPL-2.0-or-later
/* port_user.c - user-mode NAT ports (-netdev user): all libslirp glue
 *
 * DOC: Theory of operation
 *
 * Each -netdev user port owns one Slirp instance. Frames queued to the
 * port are fed to slirp_input() when the port is flushed; frames slirp
 * emits (send_packet) are copied behind a stream header into a chunk and
 * handed to the hub like any received frame; when another port of the
 * hub takes GSO frames (an offloading netns NIC), in-order TCP segments
 * of one flow that follow each other are merged into one GSO frame first
 * (coalesce.c: the frame waits in @pend until a segment that does not
 * merge, or the end of the slirp call, hands it on). Both ways, TCP frames pass
 * the window-scaling relay (tcpwin.c, wscale=on): it may hold a guest
 * segment until slirp has room (fed after each slirp_input() and each
 * poll), and after each poll it may send slirp a window probe.
 *
 * libslirp's sockets live in our epoll loop. After each batch of events,
 * three hooks run in order: user_poll_all() lets slirp handle the events
 * its descriptors got (slirp_pollfds_poll(), which also runs its TCP
 * timers), port_flush_all() writes frames (so guest frames reach
 * slirp_input()), and user_fill_all() asks slirp which descriptors it
 * wants watched now (slirp_pollfds_fill()), adding, changing or removing
 * epoll registrations to match, and arms a loop timer for the timeout
 * slirp asks for. While a port that slirp's frames go to is congested
 * (port.c), slirp's descriptors are watched without EPOLLIN: slirp reads
 * nothing from the host, whose TCP waits, so a slow stream peer loses no
 * frame, as between stream ports. slirp tells us before it closes a descriptor
 * (unregister_poll_fd), so a recycled descriptor number is never confused
 * with an old registration.
 *
 * The keys are read by port_user_config.c (a pure function of the option
 * string) and host forwards kept by port_user_fwd.c.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <slirp/libslirp.h>

#include "chunk.h"
#include "coalesce.h"
#include "hub.h"
#include "log.h"
#include "netdev.h"
#include "offload.h"
#include "optstring.h"
#include "port.h"
#include "port_user.h"
#include "port_user_config.h"
#include "port_user_internal.h"
#include "tcpseg.h"
#include "tcpwin.h"
#include "xalloc.h"

/**
 * struct user_timer - a slirp timer on the loop
 * @t:		loop timer
 * @cb:		slirp's callback
 * @cb_opaque:	its argument
 * @u:		the port whose slirp it is
 */
struct user_timer {
	struct loop_timer t;
	struct user_port *u;
	SlirpTimerCb cb;
	void *cb_opaque;
};

static struct user_port *user_ports;
static const struct port_ops user_ops;

/* Most bytes of headers a TCP segment has: Ethernet, IPv4 or IPv6, TCP */
#define USER_HDRS_MAX	(14U + 60U + 60U)
/* How often the ACK relay's timeouts are looked at while it holds segments */
#define USER_RELAY_TICK_MS	20U

/* The IPv4 and TCP checksum fields, kept while slirp sees full checksums */
#define USER_CSUM_SAVE	4

static void user_csum_save(const struct tcpseg *s, uint8_t saved[USER_CSUM_SAVE])
{
	memcpy(saved, s->l4 + offsetof(struct tcphdr, th_sum), 2);
	if (!s->v6)
		memcpy(saved + 2, s->l3 + offsetof(struct iphdr, check), 2);
}

static void user_csum_restore(const struct tcpseg *s, const uint8_t saved[USER_CSUM_SAVE])
{
	memcpy(s->l4 + offsetof(struct tcphdr, th_sum), saved, 2);
	if (!s->v6)
		memcpy(s->l3 + offsetof(struct iphdr, check), saved + 2, 2);
}

/* ------------------------------------------------------------------ */
/* Frames                                                             */

/* A frame of slirp's to the hub; the ACK relay may hold it (tcpwin_ack.c) */
static void user_emit(struct user_port *u, const struct frame *f)
{
	if (u->tw)
		tcpwin_sent(u->tw, f);
	hub_input(&u->port, f, 1);
}

/* Hand the frame segments are being merged into to the hub */
static void user_flush_pending(struct user_port *u)
{
	struct frame f = u->pend;

	if (!f.chunk)
		return;
	u->pend.chunk = NULL;
	coalesce_finish(frame_data(&f), f.len, f.gso_size);
	frame_set_header(&f);
	user_emit(u, &f);
}

/* The segment size the frame being merged into is cut into */
static uint32_t user_coalesce_mss(struct user_port *u, const struct tcpseg *a,
				  const struct tcpseg *b)
{
	uint32_t mss = u->pend.gso_size, pa = tcpseg_payload(a), pb = tcpseg_payload(b);

	if (!mss && u->tw)
		mss = tcpwin_guest_mss(u->tw, a);	/* what the guest takes */
	if (!mss || mss > u->mtu - a->l3_len - a->hdr_len)
		mss = pa > pb ? pa : pb;	/* what slirp sends it, at least */
	return mss;
}

/* What is left of a segment merged in part (its headers @b, in @hdr): the
 * frame merged into next */
static void user_merge_rest(struct user_port *u, const uint8_t *hdr, const struct tcpseg *b,
			    const uint8_t *rest, uint32_t n, uint32_t mss)
{
	size_t hdrs = (size_t)(b->l4 - hdr) + b->hdr_len;
	struct frame f;
	struct tcpseg s;

	user_flush_pending(u);
	if (CHUNK_SIZE - u->rx_end < FRAME_HDR + hdrs + n) {
		chunk_put(u->rxc);
		u->rxc = chunk_get();
		u->rx_end = 0;
	}
	f.chunk = u->rxc;
	f.off = u->rx_end + FRAME_HDR;
	f.len = (uint32_t)(hdrs + n);
	f.gso_size = (uint16_t)mss;
	memcpy(frame_data(&f), hdr, hdrs);
	memcpy(frame_data(&f) + hdrs, rest, n);
	tcpseg_rebase(b, hdr, frame_data(&f), &s);
	tcpseg_set_seq_flags(&s, b->seq + tcpseg_payload(b) - n, s.flags);
	tcpseg_resize(&s, n);
	u->rx_end = f.off + f.len;
	u->pend = f;
}

/*
 * Merge a segment of slirp's into the pending frame (coalesce.c), copying
 * its payload straight from slirp's buffer; what does not fit starts the
 * next pending frame. Its headers are copied apart for the window relay
 * to rewrite (tcpwin_to_guest() reads and writes only the headers of a
 * data segment).
 */
static bool user_merge(struct user_port *u, const uint8_t *buf, size_t len)
{
	struct frame *p = &u->pend;
	uint8_t hdr[USER_HDRS_MAX];
	struct tcpseg a, b, bh;
	size_t plen = p->len, hdrs;
	uint32_t mss, n;

	if (!p->chunk || p->off + p->len != u->rx_end ||
	    !coalesce_match(frame_data(p), p->len, (uint8_t *)buf, len, &a, &b))
		return false;
	hdrs = (size_t)(b.l4 - buf) + b.hdr_len;
	mss = user_coalesce_mss(u, &a, &b);
	n = coalesce_room(&a, mss);
	if (CHUNK_SIZE - u->rx_end < n)
		n = CHUNK_SIZE - u->rx_end;
	if (n > tcpseg_payload(&b))
		n = tcpseg_payload(&b);
	if (!n || hdrs > sizeof(hdr) || mss < OFFLOAD_MSS_MIN || mss > UINT16_MAX)
		return false;
	memcpy(hdr, buf, hdrs);
	if (u->tw)
		tcpwin_to_guest(u->tw, hdr, len, len);
	tcpseg_rebase(&b, buf, hdr, &bh);	/* with the relay's window */
	coalesce_take(&a, &plen, &bh, buf + hdrs, n);
	p->len = (uint32_t)plen;
	p->gso_size = (uint16_t)mss;
	u->rx_end = p->off + p->len;
	if (n < tcpseg_payload(&b))
		user_merge_rest(u, hdr, &bh, buf + hdrs + n, tcpseg_payload(&b) - n, mss);
	return true;
}

/* Is @f a TCP segment later ones may be merged into (coalesce.c)? */
static bool user_may_coalesce(const struct user_port *u, const struct frame *f)
{
	struct tcpseg s;

	return u->port.hub && hub_gso_peer(u->port.hub, &u->port) &&
	       tcpseg_parse(frame_data(f), f->len, &s) && s.flags == TH_ACK &&
	       tcpseg_payload(&s);
}

static ssize_t user_send_packet(const void *buf, size_t len, void *opaque)
{
	struct user_port *u = opaque;
	size_t room = len + 4 > FRAME_MAX ? FRAME_MAX : len + 4;	/* tcpwin */
	struct frame f;

	if (len > FRAME_MAX)
		return -1;
	if (user_merge(u, buf, len))
		return (ssize_t)len;
	if (!u->rxc || CHUNK_SIZE - u->rx_end < FRAME_HDR + room) {
		user_flush_pending(u);	/* it lives in the chunk let go */
		chunk_put(u->rxc);
		u->rxc = chunk_get();
		u->rx_end = 0;
	}
	f.chunk = u->rxc;
	f.off = u->rx_end + FRAME_HDR;
	f.gso_size = 0;
	memcpy(frame_data(&f), buf, len);
	f.len = (uint32_t)(u->tw ? tcpwin_to_guest(u->tw, frame_data(&f), len, room) : len);
	if (!f.len)
		return (ssize_t)len;	/* slirp's answer to a window probe */
	user_flush_pending(u);
	frame_set_header(&f);
	u->rx_end = f.off + f.len;
	if (user_may_coalesce(u, &f))
		u->pend = f;
	else
		user_emit(u, &f);
	return (ssize_t)len;
}

/* A GSO frame libslirp cannot take whole (IPv6 beyond its MTU): cut it */
static void user_feed_segments(struct user_port *u, const struct frame *f)
{
	static uint8_t seg[FRAME_MAX];
	struct offload_segs it;
	size_t len;

	if (!offload_segs_begin(&it, frame_data(f), f->len, f->gso_size))
		return;
	while ((len = offload_segs_next(&it, seg, sizeof(seg))))
		slirp_input(u->slirp, seg, (int)len);
}

/*
 * Give slirp a frame. A GSO frame (from an offloading tap) goes whole, as
 * one large segment, with its checksums computed for the time of the call
 * and its partial TCP checksum put back after it: other ports may hold
 * the same frame and expect it as the guest sent it.
 */
static void user_feed(struct user_port *u, const struct frame *f)
{
	uint8_t *d = frame_data(f), saved[USER_CSUM_SAVE] = { 0 };
	struct tcpseg s;

	if (!f->gso_size) {
		slirp_input(u->slirp, d, (int)f->len);
		return;
	}
	if (!tcpseg_parse(d, f->len, &s))
		return;
	if (s.l3_len + s.tcp_len > u->mtu && s.v6) {
		user_feed_segments(u, f);
		return;
	}
	user_csum_save(&s, saved);
	tcpseg_checksum(&s);
	slirp_input(u->slirp, d, (int)f->len);
	user_csum_restore(&s, saved);
}

/* Feed slirp the held guest segments it has room for now */
static void user_feed_held(struct user_port *u)
{
	struct frame f;

	while (u->tw && tcpwin_next_ready(u->tw, &f)) {
		user_feed(u, &f);
		chunk_put(f.chunk);
	}
}

static void user_relay_timer(struct loop_timer *t);

/*
 * After slirp ran: hand on the frame being merged, tell slirp of what the
 * ACK relay holds (slirp may send more at once: loop), send the guest
 * again what it seems to have lost, and keep the relay's timer running
 * while it holds anything.
 */
static void user_after_slirp(struct user_port *u)
{
	uint8_t ack[TCPWIN_ACK_MAX];
	struct frame f;
	size_t len;

	user_flush_pending(u);
	if (!u->tw)
		return;
	while ((len = tcpwin_next_ack(u->tw, ack, sizeof(ack)))) {
		slirp_input(u->slirp, ack, (int)len);
		user_flush_pending(u);
	}
	while (tcpwin_next_resend(u->tw, loop_now_ms(), &f))
		hub_input(&u->port, &f, 1);
	if (tcpwin_out_pending(u->tw) && !u->relay_timer.when_ms)
		loop_timer_arm(&u->relay_timer, USER_RELAY_TICK_MS, user_relay_timer);
}

static void user_relay_timer(struct loop_timer *t)
{
	user_after_slirp(container_of(t, struct user_port, relay_timer));
}

/* Ask slirp for its window where held segments wait for room */
static void user_probe_held(struct user_port *u)
{
	uint8_t probe[TCPWIN_PROBE_MAX];
	size_t len;

	if (!u->tw)
		return;
	tcpwin_begin_probes(u->tw);
	while ((len = tcpwin_next_probe(u->tw, probe, sizeof(probe)))) {
		slirp_input(u->slirp, probe, (int)len);
		tcpwin_probe_done(u->tw);
		user_feed_held(u);
	}
}

static int user_tx(struct port *p)
{
	struct user_port *u = user_of(p);
	struct txq *q = &p->txq;

	while (q->count) {
		const struct frame *f = txq_at(q, 0);
		enum tcpwin_verdict v = u->tw ? tcpwin_from_guest(u->tw, f) : TCPWIN_FEED;

		if (v == TCPWIN_DROP) {
			port_drop_head(p, DROP_TCP_WINDOW);
			continue;
		}
		if (v == TCPWIN_FEED)
			user_feed(u, f);
		port_tx_done(p, 1, f->len);
		user_feed_held(u);
	}
	user_after_slirp(u);
	return 0;
}

static void user_rx(struct port *p)
{
	(void)p;	/* slirp's descriptors have their own watches */
}

/* ------------------------------------------------------------------ */
/* Descriptors and timers                                             */

static uint32_t slirp_to_epoll(int ev)
{
	return (ev & SLIRP_POLL_IN ? EPOLLIN : 0) |
	       (ev & SLIRP_POLL_OUT ? EPOLLOUT : 0) |
	       (ev & SLIRP_POLL_PRI ? EPOLLPRI : 0);
}

static int epoll_to_slirp(uint32_t ev)
{
	return (ev & EPOLLIN ? SLIRP_POLL_IN : 0) |
	       (ev & EPOLLOUT ? SLIRP_POLL_OUT : 0) |
	       (ev & EPOLLPRI ? SLIRP_POLL_PRI : 0) |
	       (ev & EPOLLERR ? SLIRP_POLL_ERR : 0) |
	       (ev & EPOLLHUP ? SLIRP_POLL_HUP : 0);
}

static void user_fd_event(struct loop_watch *w, uint32_t events)
{
	struct user_fd *e = container_of(w, struct user_fd, watch);

	e->revents |= epoll_to_slirp(events);
}

static struct user_fd *user_fd_get(struct user_port *u, int fd)
{
	if (fd >= u->nfds) {
		int n = fd + 64;

		u->fds = xreallocarray(u->fds, (size_t)n, sizeof(*u->fds));
		memset(u->fds + u->nfds, 0, (size_t)(n - u->nfds) * sizeof(*u->fds));
		u->nfds = n;
	}
	if (!u->fds[fd]) {
		u->fds[fd] = xcalloc(1, sizeof(*u->fds[fd]));
		u->fds[fd]->watch.fd = -1;
		u->fds[fd]->u = u;
	}
	return u->fds[fd];
}

static void user_fd_forget(struct user_port *u, int fd)
{
	if (fd < 0 || fd >= u->nfds || !u->fds[fd])
		return;
	loop_del(&u->fds[fd]->watch);
	free(u->fds[fd]);
	u->fds[fd] = NULL;
}

static int user_add_poll(int fd, int events, void *opaque)
{
	struct user_port *u = opaque;
	struct user_fd *e = user_fd_get(u, fd);
	uint32_t want = slirp_to_epoll(events);

	if (u->paused)
		want &= ~(uint32_t)EPOLLIN;	/* back-pressure: no reading */
	e->gen = u->gen;
	if (e->watch.fd < 0) {
		if (loop_add(&e->watch, fd, want, user_fd_event) < 0)
			warn("port %s: cannot watch descriptor %d: %s", u->port.id,
			     fd, errstr(errno));
	} else {
		loop_set_events(&e->watch, want);
	}
	if (u->npoll == u->pollcap) {
		u->pollcap = u->pollcap ? u->pollcap * 2 : 32;
		u->pollv = xreallocarray(u->pollv, (size_t)u->pollcap, sizeof(*u->pollv));
	}
	u->pollv[u->npoll] = fd;
	return u->npoll++;
}

static int user_get_revents(int idx, void *opaque)
{
	struct user_port *u = opaque;
	int fd;

	if (idx < 0 || idx >= u->npoll)
		return 0;
	fd = u->pollv[idx];
	if (fd >= u->nfds || !u->fds[fd])
		return 0;
	return u->fds[fd]->revents;
}

static void user_timeout(struct loop_timer *t)
{
	(void)t;	/* the batch-end hooks do the work */
}

static void user_fill(struct user_port *u)
{
	uint32_t timeout = UINT32_MAX;

	u->gen++;
	u->npoll = 0;
	/* A port slirp's frames go to is full: let the host wait, as a
	 * stream port's peer does (port.c), and look again soon */
	u->paused = u->port.hub && hub_congested(u->port.hub, &u->port, loop_now_ms());
	slirp_pollfds_fill(u->slirp, &timeout, user_add_poll, u);
	if (u->paused && timeout > PORT_STALL_MS / 4)
		timeout = PORT_STALL_MS / 4;
	for (int fd = 0; fd < u->nfds; fd++) {
		struct user_fd *e = u->fds[fd];

		if (!e)
			continue;
		e->revents = 0;
		if (e->gen != u->gen)
			loop_del(&e->watch);	/* slirp does not want it now */
	}
	if (timeout != UINT32_MAX)
		loop_timer_arm(&u->timer, timeout, user_timeout);
	else
		loop_timer_cancel(&u->timer);
}

/**
 * user_poll_all() - let every NAT stack handle its descriptors' events
 *
 * First batch-end hook (see the theory of operation above).
 */
void user_poll_all(void)
{
	for (struct user_port *u = user_ports; u; u = u->next)
		if (!u->port.closing) {
			slirp_pollfds_poll(u->slirp, 0, user_get_revents, u);
			user_feed_held(u);
			user_probe_held(u);
			user_after_slirp(u);
		}
}

/**
 * user_fill_all() - sync every NAT stack's descriptors with the loop
 *
 * Last batch-end hook.
 */
void user_fill_all(void)
{
	for (struct user_port *u = user_ports; u; u = u->next)
		if (!u->port.closing)
			user_fill(u);
}

static int64_t user_clock_ns(void *opaque)
{
	struct timespec ts;

	(void)opaque;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void user_timer_fire(struct loop_timer *t)
{
	struct user_timer *ut = container_of(t, struct user_timer, t);

	ut->cb(ut->cb_opaque);
	user_after_slirp(ut->u);
}

static void *user_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
	struct user_timer *ut = xcalloc(1, sizeof(*ut));

	ut->u = opaque;
	ut->cb = cb;
	ut->cb_opaque = cb_opaque;
	return ut;
}

static void user_timer_free(void *timer, void *opaque)
{
	struct user_timer *ut = timer;

	(void)opaque;
	loop_timer_cancel(&ut->t);
	free(ut);
}

static void user_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
	struct user_timer *ut = timer;
	int64_t now = user_clock_ns(NULL) / 1000000;

	(void)opaque;
	loop_timer_arm(&ut->t, expire_ms > now ? (uint64_t)(expire_ms - now) : 0,
		       user_timer_fire);
}

static void user_register_fd(int fd, void *opaque)
{
	(void)fd;
	(void)opaque;	/* registration happens at the next fill */
}

static void user_unregister_fd(int fd, void *opaque)
{
	user_fd_forget(opaque, fd);
}

static void user_notify(void *opaque)
{
	(void)opaque;
}

static void user_guest_error(const char *msg, void *opaque)
{
	struct user_port *u = opaque;

	warn("port %s: guest error: %s", u->port.id, msg);
}

static const SlirpCb user_callbacks = {
	.send_packet = user_send_packet,
	.guest_error = user_guest_error,
	.clock_get_ns = user_clock_ns,
	.timer_new = user_timer_new,
	.timer_free = user_timer_free,
	.timer_mod = user_timer_mod,
	.register_poll_fd = user_register_fd,
	.unregister_poll_fd = user_unregister_fd,
	.notify = user_notify,
};

/* ------------------------------------------------------------------ */
/* Port life                                                          */

/**
 * port_is_user() - tell a user-mode NAT port
 * @p:	port
 *
 * Return: true for -netdev user ports
 */
bool port_is_user(const struct port *p)
{
	return p->ops == &user_ops;
}

static void user_destroy(struct port *p)
{
	struct user_port *u = user_of(p), **pp;

	for (pp = &user_ports; *pp; pp = &(*pp)->next) {
		if (*pp == u) {
			*pp = u->next;
			break;
		}
	}
	loop_timer_cancel(&u->timer);
	loop_timer_cancel(&u->relay_timer);
	if (u->slirp)
		slirp_cleanup(u->slirp);
	for (int fd = 0; fd < u->nfds; fd++)
		user_fd_forget(u, fd);
	free(u->fds);
	free(u->pollv);
	chunk_put(u->rxc);
	tcpwin_free(u->tw);
	free(u);
}

static void user_describe(const struct port *p, char *buf, size_t len)
{
	const struct user_port *u = container_of(p, const struct user_port, port);
	struct tcpwin_stats st;
	int n;

	n = snprintf(buf, len, "user-mode NAT, %u host forward%s", u->nfwd,
		     u->nfwd == 1 ? "" : "s");
	if (!u->tw || n < 0 || (size_t)n >= len)
		return;
	tcpwin_get_stats(u->tw, &st);
	snprintf(buf + n, len - (size_t)n,
		 "; relay: %u flows, %llu held, %llu acked early, %llu resent, %llu reset",
		 st.flows, (unsigned long long)st.held_total,
		 (unsigned long long)st.out_total, (unsigned long long)st.resent,
		 (unsigned long long)st.resets);
}

static const struct port_ops user_ops = {
	.type = "user",
	.rx = user_rx,
	.tx = user_tx,
	.destroy = user_destroy,
	.describe = user_describe,
};

static int user_start(struct user_port *u, struct user_cfg *c, struct opts *o)
{
	char err[160];
	int ret;

	if (c->wscale)
		u->tw = tcpwin_new();
	u->slirp = slirp_new(&c->sc, &user_callbacks, u);
	if (!u->slirp)
		return opts_fail(o, "libslirp refused the configuration");
	for (unsigned int i = 0; i < c->nfwd; i++) {
		ret = user_fwd_apply(u, &c->fwd[i], err, sizeof(err));
		if (ret < 0)
			return opts_fail(o, "key 'hostfwd': %s", err);
	}
	for (unsigned int i = 0; i < c->ngfwd; i++)
		if (slirp_add_exec(u->slirp, c->gfwd_cmd[i], &c->gfwd_addr[i],
				   c->gfwd_port[i]) < 0)
			return opts_fail(o, "key 'guestfwd': %s:%d is forwarded already",
					 inet_ntoa(c->gfwd_addr[i]), c->gfwd_port[i]);
	return 0;
}

/**
 * user_create() - -netdev user: user-mode NAT through libslirp
 * @req:	request
 *
 * Return: 0, or negative errno with the message in the options
 */
static int user_create(struct netdev_req *req)
{
	struct user_cfg *c = xcalloc(1, sizeof(*c));
	struct user_port *u;
	int ret;

	ret = user_config_parse(req->o, c);
	if (ret < 0)
		goto out;
	u = xcalloc(1, sizeof(*u));
	port_init(&u->port, &user_ops, req->id);
	u->port.fdless = true;
	u->port.gso = true;
	u->mtu = (uint32_t)c->sc.if_mtu;
	u->next = user_ports;
	user_ports = u;
	hub_attach(req->hub, &u->port);
	ret = user_start(u, c, req->o);
	if (ret < 0)
		port_close(&u->port);
	else
		user_fill(u);
out:
	free(c);
	return ret;
}

/* A guestfwd cmd: makes libslirp fork and execute on each connection */
static void user_needs(const struct opts *o, struct netdev_needs *n)
{
	unsigned int it = 0;
	const char *v;

	while ((v = opts_peek(o, "guestfwd", &it)))
		if (strstr(v, "-cmd:"))
			netdev_need(n, NEED_EXEC_RUN, "guestfwd", v,
				    "a cmd: forward makes libslirp fork and execute a "
				    "program on each connection");
}

/* libslirp reads files at run time (/etc/resolv.conf, tftp=) */
const struct netdev_type netdev_type_user = {
	.name = "user",
	.create = user_create,
	.always = 1U << NEED_FS,
	.always_what = "user-mode NAT (libslirp reads /etc/resolv.conf, tftp=)",
	.needs = user_needs,
};
