// SPDX-License-Identifier: GPL-2.0-or-later
/* port_user.c - user-mode NAT ports (-netdev user): all libslirp glue
 *
 * DOC: Theory of operation
 *
 * Each -netdev user port owns one Slirp instance. Frames queued to the
 * port are fed to slirp_input() when the port is flushed; frames slirp
 * emits (send_packet) go to the hub like any received frame, merged into
 * GSO frames for an offloading netns NIC (both in port_user_frames.c).
 * Both ways, TCP frames pass the window-scaling relay (tcpwin.c,
 * wscale=on): it may hold a guest segment until slirp has room (fed after
 * each slirp_input() and each poll), and after each poll it may send
 * slirp a window probe.
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
 * string), host forwards kept by port_user_fwd.c, and smb= served by
 * port_user_smb.c: libslirp connects the guest's SMB connections to the
 * unix socket of a private smbd's keeper (slirp_add_unix()). A front end
 * with a command line of its own (slirp4netns/) fills struct user_cfg
 * itself and calls user_port_open().
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <slirp/libslirp.h>

#include "chunk.h"
#include "hub.h"
#include "log.h"
#include "netdev.h"
#include "optstring.h"
#include "port.h"
#include "port_user.h"
#include "port_user_config.h"
#include "port_user_internal.h"
#include "port_user_smb.h"
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

/* How often the ACK relay's timeouts are looked at while it holds segments */
#define USER_RELAY_TICK_MS	20U

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

/**
 * user_port_first() - the user port made first of those still open
 *
 * Return: the port, or NULL if there is none
 */
struct port *user_port_first(void)
{
	struct user_port *u = user_ports;

	while (u && u->next)
		u = u->next;	/* the list is newest first */
	return u ? &u->port : NULL;
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
	user_smb_stop(u->smb);
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

/* smb=: smbd's keeper, and QEMU's SMB ports of the server address to it */
static int user_start_smb(struct user_port *u, struct user_cfg *c, char *err,
			  size_t errlen)
{
	static const int smb_ports[] = { 139, 445 };
	char why[160];
	int ret;

	ret = user_smb_start(c->smb_dir, &u->smb, why, sizeof(why));
	if (ret < 0) {
		snprintf(err, errlen, "key 'smb': %s", why);
		return ret;
	}
	for (size_t i = 0; i < ARRAY_SIZE(smb_ports); i++)
		if (slirp_add_unix(u->slirp, user_smb_socket(u->smb), &c->smb_server,
				   smb_ports[i]) < 0) {
			snprintf(err, errlen, "key 'smbserver': %s:%d is forwarded already (guestfwd=)",
				 inet_ntoa(c->smb_server), smb_ports[i]);
			return -EINVAL;
		}
	return 0;
}

static int user_start(struct user_port *u, struct user_cfg *c, char *err,
		      size_t errlen)
{
	char why[160];
	int ret;

	if (c->wscale)
		u->tw = tcpwin_new();
	u->slirp = slirp_new(&c->sc, &user_callbacks, u);
	if (!u->slirp) {
		snprintf(err, errlen, "libslirp refused the configuration");
		return -EINVAL;
	}
	for (unsigned int i = 0; i < c->nfwd; i++) {
		ret = user_fwd_apply(u, &c->fwd[i], why, sizeof(why));
		if (ret < 0) {
			snprintf(err, errlen, "key 'hostfwd': %s", why);
			return ret;
		}
	}
	for (unsigned int i = 0; i < c->ngfwd; i++) {
		if (slirp_add_exec(u->slirp, c->gfwd_cmd[i], &c->gfwd_addr[i],
				   c->gfwd_port[i]) < 0) {
			snprintf(err, errlen, "key 'guestfwd': %s:%d is forwarded already",
				 inet_ntoa(c->gfwd_addr[i]), c->gfwd_port[i]);
			return -EINVAL;
		}
	}
	return c->smb_dir ? user_start_smb(u, c, err, errlen) : 0;
}

/**
 * user_port_open() - a user-mode NAT port of a configuration
 * @id:		port name
 * @h:		hub it joins
 * @c:		what to make (user_config_parse(), or filled in by a front
 *		end: libslirp's SlirpConfig, forwards, wscale); read only
 *		during the call
 * @err:	message on failure
 * @errlen:	its size
 * @out:	the port, if not NULL
 *
 * Return: 0, or negative errno with @err set (the port is gone then)
 */
int user_port_open(const char *id, struct hub *h, struct user_cfg *c,
		   char *err, size_t errlen, struct port **out)
{
	struct user_port *u = xcalloc(1, sizeof(*u));
	int ret;

	port_init(&u->port, &user_ops, id);
	u->port.fdless = true;
	u->port.gso = true;
	u->mtu = (uint32_t)c->sc.if_mtu;
	u->next = user_ports;
	user_ports = u;
	hub_attach(h, &u->port);
	ret = user_start(u, c, err, errlen);
	if (ret < 0) {
		port_close(&u->port);
		return ret;
	}
	user_fill(u);
	if (out)
		*out = &u->port;
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
	char err[OPTS_ERR_LEN];
	int ret;

	ret = user_config_parse(req->o, c);
	if (!ret) {
		ret = user_port_open(req->id, req->hub, c, err, sizeof(err), NULL);
		if (ret < 0)
			ret = opts_fail(req->o, "%s", err);
	}
	free(c);
	return ret;
}

/* A guestfwd cmd: makes libslirp fork and execute on each connection;
 * smb= forks smbd's keeper at open */
static void user_needs(const struct opts *o, struct netdev_needs *n)
{
	unsigned int it = 0;
	const char *v;

	if ((v = opts_peek(o, "smb", &it)))
		netdev_need(n, NEED_EXEC_OPEN, "smb", v, "smb= starts smbd's keeper");
	it = 0;
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
