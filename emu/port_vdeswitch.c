// SPDX-License-Identifier: GPL-2.0-or-later
/* port_vdeswitch.c - guestnet-emu as a VDE switch (-netdev vdeswitch):
 * its directory, its control socket, and the requests of its clients
 *
 * DOC: Theory of operation
 *
 * -netdev vdeswitch,id=V,sock=DIR[,mode=OCTAL][,group=G] serves
 * vde_switch's control protocol (port_vdeswitch_proto.c) on DIR/ctl, so
 * that every libvdeplug client (QEMU's -netdev vde,sock=DIR, vde_plug,
 * dpipe and wirefilter chains, vdeq) joins V's hub; each client is a
 * port V.N of its own, N its VDE port number, a child of V's port as the
 * peers of a socket,listen= port are (netdev-del, hubport and
 * filter-dump of V reach them).
 *
 * Permissions are vde_switch's -mod and -group: DIR/ctl and the
 * per-port sockets get mode= (default 0600), DIR the same read and write
 * bits plus search for each class that has any, and setgid (so the
 * sockets made in it get its group), and with group= DIR and DIR/ctl
 * belong to that group. A user these permissions leave out cannot
 * connect to DIR/ctl at all (the kernel says EACCES). Unlike
 * vde_switch, a DIR that others may write to also gets the sticky bit,
 * so no client can remove or replace another's socket or DIR/ctl; an
 * existing DIR must be a directory of ours (not a symbolic link), and a
 * DIR/ctl that still answers is another switch's: we refuse to take it.
 *
 * Requests: each accepted connection gets VDESW_REQUEST_MS to send a
 * complete request (libvdeplug sends it in one write); a truncated
 * request, a bad one or a silent client is refused, logged with the
 * client's pid and uid (SO_PEERCRED) and why, and closed. At most
 * VDESW_PENDING_MAX connections wait at once, and a switch has at most
 * VDESW_PORT_MAX clients. Serving a request (checking the client's own
 * data socket, making ours, answering) is port_vdeswitch_client.c.
 *
 * At close, DIR/ctl and every per-port socket are removed, and DIR too
 * if we made it and it is empty.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "../common/util.h"
#include "hub.h"
#include "log.h"
#include "netdev.h"
#include "netdev_keys.h"
#include "optstring.h"
#include "port.h"
#include "port_vdeswitch_internal.h"
#include "port_vdeswitch_proto.h"
#include "xalloc.h"

#define VDESW_REQUEST_MS	2000U
#define VDESW_PENDING_MAX	64U
#define VDESW_ACCEPT_BATCH	16
#define VDESW_BACKLOG		128

#define vdesw_of(p)	container_of(p, struct vdesw, port)

/* ------------------------------------------------------------------ */
/* Requests                                                           */

static void pending_free(struct vdesw_pending *pd)
{
	struct vdesw *sw = pd->sw;
	struct vdesw_pending **pp;

	for (pp = &sw->pending; *pp != pd; pp = &(*pp)->next)
		;
	*pp = pd->next;
	sw->npending--;
	loop_timer_cancel(&pd->deadline);
	if (pd->w.fd >= 0) {
		int fd = pd->w.fd;

		loop_del(&pd->w);
		close(fd);
	}
	free(pd);
}

/* Log why a client is turned away (@err: a system error, or 0), close it */
static void pending_refuse(struct vdesw_pending *pd, const char *why, int err)
{
	warn("port %s: VDE client pid %d uid %u refused: %s%s%s", pd->sw->port.id,
	     (int)pd->cred.pid, (unsigned int)pd->cred.uid, why,
	     err ? ": " : "", err ? errstr(err) : "");
	pending_free(pd);
}

/* Is @err a refusal of the request itself (no system error to show)? */
static bool is_refusal(int err)
{
	return err == -EINVAL || err == -EPERM || err == -EADDRINUSE ||
	       err == -ENOSPC || err == -EEXIST;
}

/* The request is complete and valid: serve it (the connection moves on) */
static void pending_serve(struct vdesw_pending *pd, const struct vdesw_request *req)
{
	const char *why = NULL;
	int ret = vdesw_client_serve(pd->sw, pd, req, &why);

	if (ret < 0)
		pending_refuse(pd, why, is_refusal(ret) ? 0 : -ret);
	else
		pending_free(pd);
}

static void pending_event(struct loop_watch *w, uint32_t events)
{
	struct vdesw_pending *pd = container_of(w, struct vdesw_pending, w);
	struct vdesw_request req;
	const char *why;
	ssize_t n;
	int ret;

	(void)events;
	n = recv(w->fd, pd->buf + pd->len, sizeof(pd->buf) - pd->len, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		pending_refuse(pd, "reading the request", errno);
		return;
	}
	if (n == 0 && !pd->len) {
		debug("port %s: VDE client pid %d left without a request",
		      pd->sw->port.id, (int)pd->cred.pid);
		pending_free(pd);
		return;
	}
	pd->len += (size_t)n;
	ret = vdesw_request_parse(pd->buf, pd->len, &req, &why);
	if (ret == -EAGAIN && n > 0 && pd->len < sizeof(pd->buf))
		return;		/* the rest may come, until the deadline */
	if (ret < 0)
		pending_refuse(pd, why, 0);
	else
		pending_serve(pd, &req);
}

static void pending_timeout(struct loop_timer *t)
{
	struct vdesw_pending *pd = container_of(t, struct vdesw_pending, deadline);

	pending_refuse(pd, pd->len ? "truncated request (no more within 2 s)"
				   : "no request within 2 s", 0);
}

static void vdesw_accept_one(struct vdesw *sw, int fd)
{
	struct vdesw_pending *pd;
	socklen_t len = sizeof(struct ucred);
	struct ucred cred;
	int ret;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
		warn("port %s: VDE client: SO_PEERCRED: %s", sw->port.id, errstr(errno));
		close(fd);
		return;
	}
	if (sw->npending >= VDESW_PENDING_MAX ||
	    vdesw_clients_count(sw) >= VDESW_PORT_MAX) {
		warn("port %s: VDE client pid %d uid %u refused: %s", sw->port.id,
		     (int)cred.pid, (unsigned int)cred.uid,
		     sw->npending >= VDESW_PENDING_MAX ? "too many requests at once"
						       : "every port is in use");
		close(fd);
		return;
	}
	pd = xcalloc(1, sizeof(*pd));
	pd->sw = sw;
	pd->cred = cred;
	pd->next = sw->pending;
	sw->pending = pd;
	sw->npending++;
	ret = loop_add(&pd->w, fd, EPOLLIN, pending_event);
	if (ret < 0) {
		close(fd);
		pending_refuse(pd, "watching the connection", ret);
		return;
	}
	loop_timer_arm(&pd->deadline, VDESW_REQUEST_MS, pending_timeout);
}

/* ------------------------------------------------------------------ */
/* The listener                                                       */

static void vdesw_rx(struct port *p)
{
	struct vdesw *sw = vdesw_of(p);

	for (int i = 0; i < VDESW_ACCEPT_BATCH; i++) {
		int fd = accept4(p->watch.fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR)
				warn("port %s: accept: %s", p->id, errstr(errno));
			return;
		}
		vdesw_accept_one(sw, fd);
	}
}

static void vdesw_destroy(struct port *p)
{
	struct vdesw *sw = vdesw_of(p);

	while (sw->pending)
		pending_free(sw->pending);
	vdesw_clients_detach(sw);
	unlink(sw->ctl_path);
	if (sw->made_dir && rmdir(sw->dir) < 0 && errno != ENOTEMPTY)
		debug("port %s: rmdir %s: %s", p->id, sw->dir, errstr(errno));
	free(sw);
}

static void vdesw_describe(const struct port *p, char *buf, size_t len)
{
	const struct vdesw *sw = container_of(p, const struct vdesw, port);

	snprintf(buf, len, "VDE switch %s, %u client%s", sw->dir,
		 vdesw_clients_count(sw), vdesw_clients_count(sw) == 1 ? "" : "s");
}

static const struct port_ops vdesw_ops = {
	.type = "vdeswitch",
	.rx = vdesw_rx,
	.destroy = vdesw_destroy,
	.describe = vdesw_describe,
};

/* ------------------------------------------------------------------ */
/* The directory and DIR/ctl                                          */

/**
 * struct vdesw_cfg - what -netdev vdeswitch asks for
 * @dir:	sock=
 * @ctl_mode:	mode of DIR/ctl and the per-port sockets
 * @dir_mode:	mode of DIR
 * @group:	group=, or NULL
 * @gid:	its id
 */
struct vdesw_cfg {
	const char *dir;
	mode_t ctl_mode;
	mode_t dir_mode;
	const char *group;
	gid_t gid;
};

/* Make DIR, or take an existing directory of ours; give it its modes */
static int vdesw_dir(struct opts *o, const struct vdesw_cfg *c, bool *made)
{
	struct stat st;

	*made = mkdir(c->dir, 0700) == 0;
	if (!*made && errno != EEXIST)
		return opts_fail(o, "key 'sock': cannot make '%s': %s", c->dir, errstr(errno));
	if (lstat(c->dir, &st) < 0)
		return opts_fail(o, "key 'sock': '%s': %s", c->dir, errstr(errno));
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid())
		return opts_fail(o, "key 'sock': '%s' is not a directory of ours "
				 "(a symbolic link, a file, or another user's)", c->dir);
	if (c->group && chown(c->dir, (uid_t)-1, c->gid) < 0)
		return opts_fail(o, "key 'group': cannot give '%s' to group '%s': %s",
				 c->dir, c->group, errstr(errno));
	if (chmod(c->dir, c->dir_mode) < 0)
		return opts_fail(o, "key 'sock': chmod '%s': %s", c->dir, errstr(errno));
	return 0;
}

/* Remove a stale DIR/ctl; refuse one that a live switch still serves */
static int vdesw_clear_stale(struct opts *o, const struct sockaddr_un *ctl)
{
	struct stat st;
	int fd, live;

	if (lstat(ctl->sun_path, &st) < 0)
		return errno == ENOENT ? 0 : opts_fail(o, "key 'sock': '%s': %s",
						       ctl->sun_path, errstr(errno));
	if (!S_ISSOCK(st.st_mode))
		return opts_fail(o, "key 'sock': '%s' exists and is not a socket", ctl->sun_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return opts_fail(o, "socket: %s", errstr(errno));
	live = connect(fd, (const struct sockaddr *)ctl, sizeof(*ctl)) == 0;
	close(fd);
	if (live)
		return opts_fail(o, "key 'sock': a VDE switch already serves '%s'", ctl->sun_path);
	unlink(ctl->sun_path);
	return 0;
}

/* Bind and listen on DIR/ctl with its mode and group; *@fd the socket */
static int vdesw_ctl(struct opts *o, const struct vdesw_cfg *c,
		     const struct sockaddr_un *ctl, int *fd)
{
	int s, ret;

	ret = vdesw_clear_stale(o, ctl);
	if (ret < 0)
		return ret;
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s < 0)
		return opts_fail(o, "socket: %s", errstr(errno));
	if (bind(s, (const struct sockaddr *)ctl, sizeof(*ctl)) < 0) {
		ret = opts_fail(o, "key 'sock': bind '%s': %s", ctl->sun_path, errstr(errno));
		goto fail;
	}
	if ((c->group && chown(ctl->sun_path, (uid_t)-1, c->gid) < 0) ||
	    chmod(ctl->sun_path, c->ctl_mode) < 0 || listen(s, VDESW_BACKLOG) < 0) {
		ret = opts_fail(o, "key 'sock': '%s': %s", ctl->sun_path, errstr(errno));
		unlink(ctl->sun_path);
		goto fail;
	}
	*fd = s;
	return 0;
fail:
	close(s);
	return ret;
}

static int vdesw_open(struct netdev_req *req, const struct vdesw_cfg *c)
{
	struct sockaddr_un ctl = { .sun_family = AF_UNIX };
	char longest[VDESW_PATH_MAX + 1];
	const char *why;
	struct vdesw *sw;
	bool made = false;
	int fd = -1, ret;

	/* the per-port sockets' names must fit as well as DIR/ctl */
	if (vdesw_ctl_path(c->dir, ctl.sun_path, sizeof(ctl.sun_path), &why) < 0 ||
	    vdesw_data_path(c->dir, VDESW_PORT_MAX, UINT_MAX, longest,
			    sizeof(longest), &why) < 0)
		return opts_fail(req->o, "key 'sock': '%s': too long for the switch's "
				 "socket paths (at most %zu bytes)", c->dir,
				 VDESW_PATH_MAX - strlen("/1024.4294967295"));
	ret = vdesw_dir(req->o, c, &made);
	if (!ret)
		ret = vdesw_ctl(req->o, c, &ctl, &fd);
	if (ret < 0) {
		if (made)
			rmdir(c->dir);
		return ret;
	}
	sw = xcalloc(1, sizeof(*sw));
	port_init(&sw->port, &vdesw_ops, req->id);
	snprintf(sw->dir, sizeof(sw->dir), "%s", c->dir);
	snprintf(sw->ctl_path, sizeof(sw->ctl_path), "%s", ctl.sun_path);
	sw->sock_mode = c->ctl_mode;
	sw->made_dir = made;
	hub_attach(req->hub, &sw->port);
	ret = port_watch(&sw->port, fd);
	if (ret < 0) {
		port_close(&sw->port);
		return opts_fail(req->o, "listen: %s", errstr(ret));
	}
	info("port %s: VDE switch on %s (mode %04o, directory %04o)", req->id,
	     c->dir, (unsigned int)c->ctl_mode, (unsigned int)c->dir_mode);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Keys                                                               */

/**
 * vdesw_create() - -netdev vdeswitch: sock=DIR, mode=, group=
 * @req:	request
 *
 * Return: 0, or negative errno with the message in the options
 */
static int vdesw_create(struct netdev_req *req)
{
	struct opts *o = req->o;
	struct vdesw_cfg c = { .dir = opts_get(o, "sock") };
	char abs[VDESW_PATH_MAX + 2];
	int mode, ret;

	ret = netdev_key_mode(o, "mode", -1, &mode);
	if (!ret)
		ret = netdev_key_group(o, "group", &c.group, &c.gid);
	if (ret < 0)
		return ret;
	if (!c.dir || !*c.dir)
		return opts_fail(o, "key 'sock' is required (the switch directory)");
	if (c.dir[0] != '/') {
		char cwd[VDESW_PATH_MAX + 1];
		int n;

		/* clients are told absolute paths: make ours absolute too */
		if (!getcwd(cwd, sizeof(cwd)))
			return opts_fail(o, "key 'sock': '%s': %s", c.dir, errstr(errno));
		n = snprintf(abs, sizeof(abs), "%s/%s", cwd, c.dir);
		if (n < 0 || (size_t)n >= sizeof(abs))
			return opts_fail(o, "key 'sock': '%s': too long for a socket path", c.dir);
		c.dir = abs;
	}
	ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	vdesw_modes(mode, -1, &c.ctl_mode, &c.dir_mode);
	if (c.dir_mode & 0022)
		c.dir_mode |= S_ISVTX;	/* others write here: each keeps its own */
	return vdesw_open(req, &c);
}

static void vdesw_needs(const struct opts *o, struct netdev_needs *n)
{
	netdev_group_needs(o, "group", n);
}

const struct netdev_type netdev_type_vdeswitch = {
	.name = "vdeswitch",
	.create = vdesw_create,
	.always = 1U << NEED_FS,
	.always_what = "a VDE switch makes, checks and removes sockets in its directory",
	.needs = vdesw_needs,
};
