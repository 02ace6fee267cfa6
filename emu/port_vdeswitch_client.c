// SPDX-License-Identifier: GPL-2.0-or-later
/* port_vdeswitch_client.c - a VDE switch's clients: checking the socket a
 * client names, the per-port socket, the answer, the client's port
 *
 * DOC: Theory of operation
 *
 * A valid request (port_vdeswitch.c) names the client's own datagram
 * socket. vde_switch only checks it with access() as itself, so a client
 * can make the switch feed a socket of someone else's, even one in a
 * directory the client cannot enter. Here the socket must belong to the
 * client: it is opened without following a symbolic link (O_PATH |
 * O_NOFOLLOW), must be a socket, and its owner must be the uid the
 * kernel gives for the control connection (SO_PEERCRED; a root client
 * may name any). We then connect to that very inode, through
 * /proc/self/fd/N, so it cannot be swapped between the check and the
 * connect.
 *
 * Our per-port socket is connected to the client's before it is bound
 * (so only the client's socket can ever send to it), then bound as
 * DIR/NNN.SERIAL (vde_switch's names), given the switch's socket mode,
 * and its address is the answer: one struct sockaddr_un on the control
 * connection. Port N is the one asked for if it is free (refused if
 * not: vde_switch would let another client of the same user share it),
 * else the lowest free one.
 *
 * The client's port is a datagram port (port_dgram.c) named "V.N", a
 * child of V. The control connection stays open, silent; its EOF (the
 * client left, or died) closes the port, and the port's end, whatever
 * its cause (netdev-del too), closes the connection, removes our socket
 * and frees N: a client costs nothing once gone.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "../common/util.h"
#include "log.h"
#include "pcap.h"
#include "port.h"
#include "port_dgram.h"
#include "port_vdeswitch_internal.h"
#include "port_vdeswitch_proto.h"
#include "silentconn.h"
#include "xalloc.h"

/**
 * struct vdesw_client - a served client
 * @ctl:	its control connection (fd -1 once closed)
 * @sw:		its switch, NULL once the switch is gone
 * @port:	its port, valid until vdesw_client_gone()
 * @number:	its VDE port number
 * @path:	our per-port socket, "" once removed
 * @next:	link in @sw->clients
 */
struct vdesw_client {
	struct loop_watch ctl;
	struct vdesw *sw;
	struct port *port;
	unsigned int number;
	char path[VDESW_PATH_MAX + 1];
	struct vdesw_client *next;
};

static bool number_used(const struct vdesw *sw, unsigned int n)
{
	return sw->used[n / 64] & (1ULL << (n % 64));
}

static void number_set(struct vdesw *sw, unsigned int n, bool on)
{
	if (on)
		sw->used[n / 64] |= 1ULL << (n % 64);
	else
		sw->used[n / 64] &= ~(1ULL << (n % 64));
}

/* The port number to give: the one asked for if free, else the lowest */
static int number_pick(const struct vdesw *sw, unsigned int asked,
		       unsigned int *n, const char **why)
{
	if (asked) {
		if (number_used(sw, asked)) {
			*why = "the port it asked for is in use";
			return -EADDRINUSE;
		}
		*n = asked;
		return 0;
	}
	for (unsigned int i = 1; i <= VDESW_PORT_MAX; i++) {
		if (!number_used(sw, i)) {
			*n = i;
			return 0;
		}
	}
	*why = "every port is in use";
	return -ENOSPC;
}

/**
 * vdesw_clients_count() - how many clients a switch serves
 * @sw:		the switch
 *
 * Return: the number of its clients whose ports are open or closing
 */
unsigned int vdesw_clients_count(const struct vdesw *sw)
{
	unsigned int n = 0;

	for (const struct vdesw_client *c = sw->clients; c; c = c->next)
		n++;
	return n;
}

static void client_unlink(struct vdesw_client *c)
{
	if (c->path[0])
		unlink(c->path);
	c->path[0] = '\0';
}

static void client_close_ctl(struct vdesw_client *c)
{
	int fd = c->ctl.fd;

	if (fd < 0)
		return;
	loop_del(&c->ctl);
	close(fd);
}

/* The client's port is destroyed: the client costs nothing more */
static void vdesw_client_gone(void *opaque)
{
	struct vdesw_client *c = opaque;

	client_close_ctl(c);
	client_unlink(c);
	if (c->sw) {
		struct vdesw_client **pp;

		for (pp = &c->sw->clients; *pp != c; pp = &(*pp)->next)
			;
		*pp = c->next;
		number_set(c->sw, c->number, false);
	}
	free(c);
}

/**
 * vdesw_clients_detach() - the switch goes: its clients forget it
 * @sw:		the switch, being destroyed
 *
 * Their sockets are removed now (so that DIR can go too); their ports,
 * closed by whoever closed the switch, go at the end of the batch.
 */
void vdesw_clients_detach(struct vdesw *sw)
{
	struct vdesw_client *c, *next;

	for (c = sw->clients; c; c = next) {
		next = c->next;
		client_unlink(c);
		c->sw = NULL;
		c->next = NULL;
	}
	sw->clients = NULL;
}

/* The control connection: silent until the client leaves */
static void client_ctl_event(struct loop_watch *w, uint32_t events)
{
	struct vdesw_client *c = container_of(w, struct vdesw_client, ctl);

	(void)events;
	if (!silentconn_ended(w->fd))
		return;
	info("port %s: VDE client left", c->port->id);
	client_close_ctl(c);
	port_close(c->port);
}

/*
 * A socket connected to the client's own: @path must be a socket (not a
 * symbolic link) owned by @cred's uid, and is connected to as that inode
 */
static int client_connect(const char *path, const struct ucred *cred,
			  int *out, const char **why)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int pfd, fd = -1, ret;

	pfd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (pfd < 0) {
		*why = "cannot open its data socket";
		return -errno;
	}
	ret = fstat(pfd, &st) < 0 ? -errno : 0;
	if (ret < 0) {
		*why = "cannot stat its data socket";
	} else if (S_ISLNK(st.st_mode)) {
		*why = "its data socket path is a symbolic link";
		ret = -EINVAL;
	} else if (!S_ISSOCK(st.st_mode)) {
		*why = "its data socket path is not a socket";
		ret = -EINVAL;
	} else if (cred->uid != 0 && st.st_uid != cred->uid) {
		*why = "its data socket belongs to another user";
		ret = -EPERM;
	}
	if (ret < 0)
		goto out;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "/proc/self/fd/%d", pfd);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		*why = "cannot connect to its data socket";
		ret = -errno;
		if (fd >= 0)
			close(fd);
		goto out;
	}
	*out = fd;
out:
	close(pfd);
	return ret;
}

/* Bind @fd as the switch's socket for port @n; @path the result */
static int client_bind(struct vdesw *sw, int fd, unsigned int n, char *path,
		       size_t len, const char **why)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int ret;

	ret = vdesw_data_path(sw->dir, n, ++sw->serial, sa.sun_path,
			      sizeof(sa.sun_path), why);
	if (ret < 0)
		return ret;
	unlink(sa.sun_path);	/* a stale one of a previous run */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		*why = "cannot bind the switch's socket";
		return -errno;
	}
	snprintf(path, len, "%s", sa.sun_path);
	if (chmod(path, sw->sock_mode) < 0) {
		*why = "cannot set the mode of the switch's socket";
		ret = -errno;
		unlink(path);
		return ret;
	}
	return 0;
}

/* Answer with our socket's address, in one piece */
static int client_answer(int ctl, const char *path, const char **why)
{
	struct sockaddr_un reply;
	ssize_t n;
	int ret;

	ret = vdesw_reply_build(path, &reply, why);
	if (ret < 0)
		return ret;
	n = send(ctl, &reply, sizeof(reply), MSG_DONTWAIT | MSG_NOSIGNAL);
	if (n == (ssize_t)sizeof(reply))
		return 0;
	*why = "cannot answer it";
	return n < 0 ? -errno : -EIO;
}

/* The client's port on the switch's hub, and its control connection */
static int client_start(struct vdesw *sw, struct vdesw_client *c, int data,
			int ctl, const struct vdesw_pending *pd,
			const struct vdesw_request *req, const char **why)
{
	struct dgram_cfg cfg = { .fd = data };
	char id[80], peer[160];
	int ret;

	snprintf(id, sizeof(id), "%.60s.%u", sw->port.id, c->number);
	snprintf(peer, sizeof(peer), "VDE client pid %d uid %u (%.100s)",
		 (int)pd->cred.pid, (unsigned int)pd->cred.uid, req->descr);
	cfg.peer = peer;
	if (port_find(id)) {
		*why = "a port of that name exists already";
		close(data);
		return -EEXIST;
	}
	ret = dgram_port_open(id, sw->port.hub, &cfg, &c->port);
	if (ret < 0) {
		*why = "cannot open its port";
		return ret;
	}
	port_adopt(&sw->port, c->port);
	if (sw->port.dump)
		c->port->dump = pcap_ref(sw->port.dump);
	dgram_port_on_close(c->port, vdesw_client_gone, c);
	c->sw = sw;
	c->next = sw->clients;
	sw->clients = c;
	number_set(sw, c->number, true);
	ret = loop_add(&c->ctl, ctl, EPOLLIN, client_ctl_event);
	if (ret < 0) {
		close(ctl);
		port_close(c->port);
		*why = "cannot watch its connection";
		return ret;
	}
	info("port %s: %s on VDE port %u", id, peer, c->number);
	return 0;
}

/**
 * vdesw_client_serve() - serve a valid request: check, connect, answer
 * @sw:		the switch
 * @pd:		the connection; on success it is the client's (@pd->w no
 *		longer holds it), else it stays @pd's
 * @req:	the request
 * @why:	on failure, a static reason for the log
 *
 * Return: 0; a negative errno with @why set: -EINVAL, -EPERM,
 *	   -EADDRINUSE, -ENOSPC or -EEXIST when the request itself is
 *	   refused, another one when a system call failed
 */
int vdesw_client_serve(struct vdesw *sw, struct vdesw_pending *pd,
		       const struct vdesw_request *req, const char **why)
{
	struct vdesw_client *c;
	unsigned int n;
	int data = -1, ctl, ret;

	ret = number_pick(sw, req->port, &n, why);
	if (ret < 0)
		return ret;
	ret = client_connect(req->path, &pd->cred, &data, why);
	if (ret < 0)
		return ret;
	c = xcalloc(1, sizeof(*c));
	c->ctl.fd = -1;
	c->number = n;
	ret = client_bind(sw, data, n, c->path, sizeof(c->path), why);
	if (!ret)
		ret = client_answer(pd->w.fd, c->path, why);
	if (ret < 0) {
		client_unlink(c);
		free(c);
		close(data);
		return ret;
	}
	ctl = pd->w.fd;
	loop_del(&pd->w);	/* the connection is the client's now */
	ret = client_start(sw, c, data, ctl, pd, req, why);
	if (ret < 0 && !c->sw) {
		/* the port never opened: nothing else refers to @c */
		client_unlink(c);
		close(ctl);
		free(c);
	}
	return ret;
}
