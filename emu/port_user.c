// SPDX-License-Identifier: GPL-2.0-or-later
/* port_user.c - user-mode NAT ports (-netdev user): all libslirp glue
 *
 * DOC: Theory of operation
 *
 * Each -netdev user port owns one Slirp instance. Frames queued to the
 * port are fed to slirp_input() when the port is flushed; frames slirp
 * emits (send_packet) are copied behind a stream header into a chunk and
 * handed to the hub like any received frame. Both ways, TCP frames pass
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
 * slirp asks for. slirp tells us before it closes a descriptor
 * (unregister_poll_fd), so a recycled descriptor number is never confused
 * with an old registration.
 *
 * Options follow QEMU 7.2's -netdev user with its defaults (10.0.2.0/24,
 * host .2, DNS .3, DHCP from .15; fec0::/64, ::2, ::3); keys libslirp
 * cannot serve (smb) are refused by name. mtu= is our extension, as in
 * slirp4netns.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <slirp/libslirp.h>

#include "../common/util.h"
#include "chunk.h"
#include "hub.h"
#include "log.h"
#include "netdev.h"
#include "optstring.h"
#include "port.h"
#include "port_user.h"
#include "tcpwin.h"
#include "xalloc.h"

#define USER_MAX_FWD		256
#define USER_MAX_DNSSEARCH	16
#define USER_MTU_MIN		576
#define USER_MTU_MAX		65520

/**
 * struct user_fd - one of slirp's descriptors in our loop
 * @watch:	epoll registration (fd -1 when not registered)
 * @u:		owning port
 * @revents:	SLIRP_POLL_* seen since slirp last looked
 * @gen:	fill generation that last asked for it
 */
struct user_fd {
	struct loop_watch watch;
	struct user_port *u;
	int revents;
	unsigned int gen;
};

/**
 * struct user_port - a user-mode NAT port
 * @port:	the port
 * @slirp:	the NAT stack
 * @fds:	registrations, indexed by descriptor number
 * @nfds:	size of @fds
 * @pollv:	descriptor of each add_poll index of the last fill
 * @npoll:	entries used in @pollv
 * @pollcap:	size of @pollv
 * @gen:	current fill generation
 * @timer:	wakes the loop when slirp's timeout expires
 * @rxc:	chunk for frames from slirp
 * @rx_end:	bytes used in @rxc
 * @tw:		TCP window-scaling relay (tcpwin.c), NULL with wscale=off
 * @fwd:	host forwards, as given
 * @nfwd:	number of @fwd
 * @next:	link in the list of user ports
 */
struct user_port {
	struct port port;
	Slirp *slirp;
	struct user_fd **fds;
	int nfds;
	int *pollv;
	int npoll;
	int pollcap;
	unsigned int gen;
	struct loop_timer timer;
	struct chunk *rxc;
	uint32_t rx_end;
	struct tcpwin *tw;
	struct user_hostfwd fwd[USER_MAX_FWD];
	unsigned int nfwd;
	struct user_port *next;
};

/**
 * struct user_timer - a slirp timer on the loop
 * @t:		loop timer
 * @cb:		slirp's callback
 * @cb_opaque:	its argument
 */
struct user_timer {
	struct loop_timer t;
	SlirpTimerCb cb;
	void *cb_opaque;
};

#define user_of(p)	container_of(p, struct user_port, port)

static struct user_port *user_ports;
static const struct port_ops user_ops;

/* ------------------------------------------------------------------ */
/* Frames                                                             */

static ssize_t user_send_packet(const void *buf, size_t len, void *opaque)
{
	struct user_port *u = opaque;
	size_t room = len + 4 > FRAME_MAX ? FRAME_MAX : len + 4;	/* tcpwin */
	struct frame f;

	if (len > FRAME_MAX)
		return -1;
	if (!u->rxc || CHUNK_SIZE - u->rx_end < FRAME_HDR + room) {
		chunk_put(u->rxc);
		u->rxc = chunk_get();
		u->rx_end = 0;
	}
	f.chunk = u->rxc;
	f.off = u->rx_end + FRAME_HDR;
	memcpy(frame_data(&f), buf, len);
	f.len = (uint32_t)(u->tw ? tcpwin_to_guest(u->tw, frame_data(&f), len, room) : len);
	if (!f.len)
		return (ssize_t)len;	/* slirp's answer to a window probe */
	frame_set_header(&f);
	u->rx_end = f.off + f.len;
	hub_input(&u->port, &f, 1);
	return (ssize_t)len;
}

/* Feed slirp the held guest segments it has room for now */
static void user_feed_held(struct user_port *u)
{
	struct frame f;

	while (u->tw && tcpwin_next_ready(u->tw, &f)) {
		slirp_input(u->slirp, frame_data(&f), (int)f.len);
		chunk_put(f.chunk);
	}
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
			slirp_input(u->slirp, frame_data(f), (int)f->len);
		port_tx_done(p, 1, f->len);
		user_feed_held(u);
	}
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
	slirp_pollfds_fill(u->slirp, &timeout, user_add_poll, u);
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
}

static void *user_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
	struct user_timer *ut = xcalloc(1, sizeof(*ut));

	(void)opaque;
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
/* Host forwards                                                      */

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

/* "[tcp|udp]:[addr]:port" at the start of @s, up to @end (exclusive) */
static int parse_proto_addr_port(const char *s, size_t len, bool *udp,
				 struct in_addr *addr, uint16_t *port,
				 bool need_proto_sep)
{
	char buf[128], *p, *colon, *end;
	unsigned long n;

	if (len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	p = buf;
	if (need_proto_sep) {
		colon = strchr(p, ':');
		if (!colon)
			return -EINVAL;
		*colon = '\0';
		if (!strcmp(p, "udp"))
			*udp = true;
		else if (!strcmp(p, "tcp") || !*p)
			*udp = false;
		else
			return -EINVAL;
		p = colon + 1;
	}
	colon = strchr(p, ':');
	if (!colon)
		return -EINVAL;
	*colon = '\0';
	addr->s_addr = INADDR_ANY;
	if (*p && !inet_aton(p, addr))
		return -EINVAL;
	errno = 0;
	n = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || errno || n > 65535)
		return -EINVAL;
	*port = (uint16_t)n;
	return 0;
}

/**
 * user_parse_hostfwd() - parse QEMU's hostfwd rule
 * @rule:	"[tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport"
 * @fw:		result (addresses printed numerically, "" for any)
 *
 * Return: 0, or -EINVAL
 */
int user_parse_hostfwd(const char *rule, struct user_hostfwd *fw)
{
	const char *dash = strchr(rule, '-');
	struct in_addr ha, ga;
	bool udp = false, unused;

	if (!dash)
		return -EINVAL;
	if (parse_proto_addr_port(rule, (size_t)(dash - rule), &udp, &ha,
				  &fw->host_port, true) < 0 ||
	    parse_proto_addr_port(dash + 1, strlen(dash + 1), &unused, &ga,
				  &fw->guest_port, false) < 0 || !fw->guest_port)
		return -EINVAL;
	fw->udp = udp;
	snprintf(fw->host_addr, sizeof(fw->host_addr), "%s",
		 ha.s_addr ? inet_ntoa(ha) : "");
	snprintf(fw->guest_addr, sizeof(fw->guest_addr), "%s",
		 ga.s_addr ? inet_ntoa(ga) : "");
	return 0;
}

static int user_fwd_apply(struct user_port *u, const struct user_hostfwd *fw,
			  char *err, size_t errlen)
{
	struct in_addr ha = { INADDR_ANY }, ga = { INADDR_ANY };

	if (u->nfwd >= USER_MAX_FWD) {
		snprintf(err, errlen, "too many host forwards (%d)", USER_MAX_FWD);
		return -ENOSPC;
	}
	if (fw->host_addr[0])
		inet_aton(fw->host_addr, &ha);
	if (fw->guest_addr[0])
		inet_aton(fw->guest_addr, &ga);
	errno = 0;
	if (slirp_add_hostfwd(u->slirp, fw->udp, ha, fw->host_port, ga,
			      fw->guest_port) < 0) {
		int e = errno ? errno : EADDRINUSE;

		snprintf(err, errlen, "%s port %u on %s: %s", fw->udp ? "udp" : "tcp",
			 fw->host_port, fw->host_addr[0] ? fw->host_addr : "any address",
			 errstr(e));
		return -e;
	}
	u->fwd[u->nfwd++] = *fw;
	return 0;
}

/**
 * user_hostfwd_add() - add a host forward at run time
 * @p:		a user port
 * @rule:	QEMU's hostfwd syntax
 * @err:	message on failure
 * @errlen:	its size
 *
 * Return: 0, or negative errno with @err set
 */
int user_hostfwd_add(struct port *p, const char *rule, char *err, size_t errlen)
{
	struct user_hostfwd fw;

	if (!port_is_user(p)) {
		snprintf(err, errlen, "port '%s' is not a user port", p->id);
		return -EINVAL;
	}
	if (user_parse_hostfwd(rule, &fw) < 0) {
		snprintf(err, errlen, "'%s' is not [tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport",
			 rule);
		return -EINVAL;
	}
	return user_fwd_apply(user_of(p), &fw, err, errlen);
}

/**
 * user_hostfwd_remove() - remove a host forward
 * @p:		a user port
 * @spec:	"[tcp|udp]:[hostaddr]:hostport", as QEMU's hostfwd_remove
 * @err:	message on failure
 * @errlen:	its size
 *
 * Return: 0, or negative errno with @err set
 */
int user_hostfwd_remove(struct port *p, const char *spec, char *err, size_t errlen)
{
	struct in_addr ha;
	struct user_port *u;
	uint16_t port;
	bool udp = false;

	if (!port_is_user(p)) {
		snprintf(err, errlen, "port '%s' is not a user port", p->id);
		return -EINVAL;
	}
	u = user_of(p);
	if (parse_proto_addr_port(spec, strlen(spec), &udp, &ha, &port, true) < 0) {
		snprintf(err, errlen, "'%s' is not [tcp|udp]:[hostaddr]:hostport", spec);
		return -EINVAL;
	}
	if (slirp_remove_hostfwd(u->slirp, udp, ha, port) < 0) {
		snprintf(err, errlen, "no %s forward of port %u on %s", udp ? "udp" : "tcp",
			 port, ha.s_addr ? inet_ntoa(ha) : "any address");
		return -ENOENT;
	}
	for (unsigned int i = 0; i < u->nfwd; i++) {
		struct in_addr fa = { INADDR_ANY };

		if (u->fwd[i].host_addr[0])
			inet_aton(u->fwd[i].host_addr, &fa);
		if (u->fwd[i].udp == udp && u->fwd[i].host_port == port &&
		    fa.s_addr == ha.s_addr) {
			u->fwd[i] = u->fwd[--u->nfwd];
			break;
		}
	}
	return 0;
}

/**
 * user_hostfwd_list() - report every host forward of a user port
 * @p:		a user port
 * @fn:		called for each
 * @arg:	its argument
 *
 * Return: number of forwards (0 if @p is not a user port)
 */
unsigned int user_hostfwd_list(struct port *p,
			       void (*fn)(const struct user_hostfwd *fw, void *arg),
			       void *arg)
{
	struct user_port *u;

	if (!port_is_user(p))
		return 0;
	u = user_of(p);
	for (unsigned int i = 0; i < u->nfwd; i++)
		fn(&u->fwd[i], arg);
	return u->nfwd;
}

/* ------------------------------------------------------------------ */
/* Port life                                                          */

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

	snprintf(buf, len, "user-mode NAT, %u host forward%s", u->nfwd,
		 u->nfwd == 1 ? "" : "s");
}

static const struct port_ops user_ops = {
	.type = "user",
	.rx = user_rx,
	.tx = user_tx,
	.destroy = user_destroy,
	.describe = user_describe,
};

/* ------------------------------------------------------------------ */
/* Options                                                            */

/**
 * struct user_cfg - what the options ask for, before the stack exists
 * @sc:		libslirp's configuration
 * @dnssearch:	NULL-terminated list for @sc.vdnssearch
 * @fwd:	host forwards
 * @nfwd:	number of @fwd
 * @gfwd_addr:	guest forward addresses
 * @gfwd_port:	guest forward ports
 * @gfwd_cmd:	guest forward commands
 * @ngfwd:	number of guest forwards
 * @wscale:	relay TCP window scaling (tcpwin.c)
 */
struct user_cfg {
	SlirpConfig sc;
	const char *dnssearch[USER_MAX_DNSSEARCH + 1];
	struct user_hostfwd fwd[USER_MAX_FWD];
	unsigned int nfwd;
	struct in_addr gfwd_addr[USER_MAX_FWD];
	int gfwd_port[USER_MAX_FWD];
	const char *gfwd_cmd[USER_MAX_FWD];
	unsigned int ngfwd;
	bool wscale;
};

static int key_in_addr(struct opts *o, const char *key, struct in_addr *out)
{
	const char *v = opts_get(o, key);

	if (!v)
		return o->err[0] ? -EINVAL : 1;
	if (!inet_aton(v, out))
		return opts_fail(o, "key '%s': '%s' is not an IPv4 address", key, v);
	return 0;
}

static int key_in6_addr(struct opts *o, const char *key, struct in6_addr *out)
{
	const char *v = opts_get(o, key);

	if (!v)
		return o->err[0] ? -EINVAL : 1;
	if (inet_pton(AF_INET6, v, out) != 1)
		return opts_fail(o, "key '%s': '%s' is not an IPv6 address", key, v);
	return 0;
}

/* QEMU's net=addr[/mask]: a prefix length, a dotted mask, or classful */
static int user_net(struct opts *o, SlirpConfig *sc)
{
	const char *v = opts_get(o, "net");
	char buf[64], *slash, *end;
	uint32_t a, mask;

	if (!v)
		return o->err[0] ? -EINVAL : 0;
	snprintf(buf, sizeof(buf), "%s", v);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (!inet_aton(buf, &sc->vnetwork))
		return opts_fail(o, "key 'net': '%s' is not an IPv4 address", buf);
	a = ntohl(sc->vnetwork.s_addr);
	if (!slash) {
		mask = !(a & 0x80000000U) ? 0xff000000U :
		       (a & 0xfff00000U) == 0xac100000U ? 0xfff00000U :
		       (a & 0xc0000000U) == 0x80000000U ? 0xffff0000U :
		       (a & 0xffff0000U) == 0xc0a80000U ? 0xffff0000U : 0xffffff00U;
	} else if (strchr(slash, '.')) {
		struct in_addr m;

		if (!inet_aton(slash, &m))
			return opts_fail(o, "key 'net': bad mask '%s'", slash);
		mask = ntohl(m.s_addr);
		if (mask & ~(mask << 1) & 0xfffffffeU)
			return opts_fail(o, "key 'net': mask '%s' is not contiguous", slash);
	} else {
		unsigned long len = strtoul(slash, &end, 10);

		if (!*slash || *end || len < 8 || len > 30)
			return opts_fail(o, "key 'net': prefix length '%s' is not 8 to 30", slash);
		mask = 0xffffffffU << (32 - len);
	}
	if (a & ~mask)
		return opts_fail(o, "key 'net': '%s' has host bits set", v);
	sc->vnetmask.s_addr = htonl(mask);
	return 0;
}

static int user_in_net(struct opts *o, const SlirpConfig *sc, const char *key,
		       struct in_addr a)
{
	uint32_t net = ntohl(sc->vnetwork.s_addr), mask = ntohl(sc->vnetmask.s_addr);
	uint32_t h = ntohl(a.s_addr);

	if ((h & mask) != net || h == net || (h | mask) == 0xffffffffU)
		return opts_fail(o, "key '%s': %s is not a host address of the network",
				 key, inet_ntoa(a));
	return 0;
}

static struct in_addr user_net_host(const SlirpConfig *sc, uint32_t n)
{
	struct in_addr a = { htonl(ntohl(sc->vnetwork.s_addr) | n) };

	return a;
}

static int user_ipv4(struct opts *o, SlirpConfig *sc)
{
	int ret = user_net(o, sc);

	if (ret < 0)
		return ret;
	sc->vhost = user_net_host(sc, 2);
	sc->vdhcp_start = user_net_host(sc, 15);
	sc->vnameserver = user_net_host(sc, 3);
	if ((ret = key_in_addr(o, "host", &sc->vhost)) < 0 ||
	    (ret = key_in_addr(o, "dhcpstart", &sc->vdhcp_start)) < 0 ||
	    (ret = key_in_addr(o, "dns", &sc->vnameserver)) < 0)
		return ret;
	if ((ret = user_in_net(o, sc, "host", sc->vhost)) < 0 ||
	    (ret = user_in_net(o, sc, "dhcpstart", sc->vdhcp_start)) < 0 ||
	    (ret = user_in_net(o, sc, "dns", sc->vnameserver)) < 0)
		return ret;
	if (sc->vhost.s_addr == sc->vnameserver.s_addr)
		return opts_fail(o, "key 'dns': must differ from key 'host'");
	return 0;
}

static int user_ipv6_net(struct opts *o, SlirpConfig *sc)
{
	const char *net = opts_get(o, "ipv6-net"), *pfx = opts_get(o, "ipv6-prefix");
	uint64_t len = 64;
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	int ret;

	ret = opts_get_uint(o, "ipv6-prefixlen", 1, 126, 64, &len);
	if (ret < 0)
		return ret;
	if (net && (pfx || opts_get(o, "ipv6-prefixlen")))
		return opts_fail(o, "key 'ipv6-net' replaces 'ipv6-prefix'/'ipv6-prefixlen'; give one form");
	inet_pton(AF_INET6, "fec0::", &sc->vprefix_addr6);
	if (net) {
		snprintf(buf, sizeof(buf), "%s", net);
		slash = strchr(buf, '/');
		if (slash) {
			*slash++ = '\0';
			len = strtoul(slash, &end, 10);
			if (!*slash || *end || len < 1 || len > 126)
				return opts_fail(o, "key 'ipv6-net': prefix length '%s' is not 1 to 126", slash);
		}
		pfx = buf;
	}
	if (pfx && inet_pton(AF_INET6, pfx, &sc->vprefix_addr6) != 1)
		return opts_fail(o, "key '%s': '%s' is not an IPv6 prefix",
				 net ? "ipv6-net" : "ipv6-prefix", pfx);
	sc->vprefix_len = (uint8_t)len;
	return 0;
}

static int user_ipv6(struct opts *o, SlirpConfig *sc)
{
	int ret = user_ipv6_net(o, sc);

	if (ret < 0)
		return ret;
	sc->vhost6 = sc->vprefix_addr6;
	sc->vhost6.s6_addr[15] |= 2;
	sc->vnameserver6 = sc->vprefix_addr6;
	sc->vnameserver6.s6_addr[15] |= 3;
	if ((ret = key_in6_addr(o, "ipv6-host", &sc->vhost6)) < 0 ||
	    (ret = key_in6_addr(o, "ipv6-dns", &sc->vnameserver6)) < 0)
		return ret;
	return 0;
}

static int user_strings(struct opts *o, struct user_cfg *c)
{
	unsigned int it = 0, n = 0;
	const char *v;
	uint64_t mtu;
	int ret;

	c->sc.vhostname = opts_get(o, "hostname");
	c->sc.tftp_server_name = opts_get(o, "tftp-server-name");
	c->sc.tftp_path = opts_get(o, "tftp");
	c->sc.bootfile = opts_get(o, "bootfile");
	c->sc.vdomainname = opts_get(o, "domainname");
	while ((v = opts_get_next(o, "dnssearch", &it))) {
		if (n >= USER_MAX_DNSSEARCH)
			return opts_fail(o, "key 'dnssearch': more than %d domains", USER_MAX_DNSSEARCH);
		if (!*v)
			return opts_fail(o, "key 'dnssearch': empty domain");
		c->dnssearch[n++] = v;
	}
	c->sc.vdnssearch = n ? c->dnssearch : NULL;
	if (c->sc.bootfile && !c->sc.tftp_path)
		return opts_fail(o, "key 'bootfile' needs key 'tftp'");
	ret = opts_get_uint(o, "mtu", USER_MTU_MIN, USER_MTU_MAX, 1500, &mtu);
	if (ret < 0)
		return ret;
	c->sc.if_mtu = c->sc.if_mru = (size_t)mtu;
	return 0;
}

static int user_forwards(struct opts *o, struct user_cfg *c)
{
	unsigned int it = 0;
	const char *v;

	while ((v = opts_get_next(o, "hostfwd", &it))) {
		if (c->nfwd >= USER_MAX_FWD)
			return opts_fail(o, "key 'hostfwd': more than %d rules", USER_MAX_FWD);
		if (user_parse_hostfwd(v, &c->fwd[c->nfwd]) < 0)
			return opts_fail(o, "key 'hostfwd': '%s' is not [tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport", v);
		c->nfwd++;
	}
	it = 0;
	while ((v = opts_get_next(o, "guestfwd", &it))) {
		const char *dash = strstr(v, "-cmd:");
		struct in_addr a;
		uint16_t port;
		bool udp = false;

		if (c->ngfwd >= USER_MAX_FWD)
			return opts_fail(o, "key 'guestfwd': more than %d rules", USER_MAX_FWD);
		if (!dash)
			return opts_fail(o, "key 'guestfwd': '%s': only [tcp]:server:port-cmd:COMMAND is supported", v);
		if (parse_proto_addr_port(v, (size_t)(dash - v), &udp, &a, &port, true) < 0 || udp ||
		    !a.s_addr || !port || !dash[5])
			return opts_fail(o, "key 'guestfwd': '%s' is not [tcp]:server:port-cmd:COMMAND", v);
		if (user_in_net(o, &c->sc, "guestfwd", a) < 0)
			return -EINVAL;
		c->gfwd_addr[c->ngfwd] = a;
		c->gfwd_port[c->ngfwd] = port;
		c->gfwd_cmd[c->ngfwd] = dash + 5;
		c->ngfwd++;
	}
	return 0;
}

static int user_parse(struct opts *o, struct user_cfg *c)
{
	static const char *const refused[] = { "smb", "smbserver" };
	bool ipv4, ipv6, restrict_;
	int ret;

	for (size_t i = 0; i < ARRAY_SIZE(refused); i++)
		if (opts_get(o, refused[i]))
			return opts_fail(o, "key '%s': not supported (libslirp has no SMB server)", refused[i]);
	c->sc.version = 4;
	if ((ret = opts_get_bool(o, "ipv4", true, &ipv4)) < 0 ||
	    (ret = opts_get_bool(o, "ipv6", true, &ipv6)) < 0 ||
	    (ret = opts_get_bool(o, "restrict", false, &restrict_)) < 0 ||
	    (ret = opts_get_bool(o, "wscale", true, &c->wscale)) < 0)
		return ret;
	if (!ipv4 && !ipv6)
		return opts_fail(o, "keys 'ipv4' and 'ipv6' are both off");
	c->sc.in_enabled = ipv4;
	c->sc.in6_enabled = ipv6;
	c->sc.restricted = restrict_;
	c->sc.vnetwork.s_addr = htonl(0x0a000200U);	/* 10.0.2.0/24 */
	c->sc.vnetmask.s_addr = htonl(0xffffff00U);
	if ((ret = user_ipv4(o, &c->sc)) < 0 || (ret = user_ipv6(o, &c->sc)) < 0 ||
	    (ret = user_strings(o, c)) < 0 || (ret = user_forwards(o, c)) < 0)
		return ret;
	return opts_check_unused(o);
}

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

	ret = user_parse(req->o, c);
	if (ret < 0)
		goto out;
	u = xcalloc(1, sizeof(*u));
	port_init(&u->port, &user_ops, req->id);
	u->port.fdless = true;
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

/* libslirp reads files at run time; its guestfwd cmd: forks and executes */
static void user_needs(const struct opts *o, struct netdev_needs *n)
{
	unsigned int it = 0;
	const char *v;

	netdev_need(n, NEED_FS, NULL, NULL,
		    "user-mode NAT (libslirp reads /etc/resolv.conf, tftp=)");
	while ((v = opts_peek(o, "guestfwd", &it)))
		if (strstr(v, "-cmd:"))
			netdev_need(n, NEED_EXEC_RUN, "guestfwd", v,
				    "a cmd: forward makes libslirp fork and execute a "
				    "program on each connection");
}

const struct netdev_type netdev_type_user = {
	.name = "user",
	.create = user_create,
	.needs = user_needs,
};
