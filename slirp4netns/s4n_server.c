// SPDX-License-Identifier: GPL-2.0-or-later
/* s4n_server.c - the API socket on the event loop
 *
 * DOC: Theory of operation
 *
 * slirp4netns' API socket (--api-socket): a unix stream socket, one
 * request per connection, one reply, then the server shuts the
 * connection down. slirp4netns serves it with one blocking read() inside
 * its poll loop, so a client that connects and sends nothing stops the
 * whole NAT; here every socket is non-blocking on guestnet-emu's loop:
 *
 * - at most S4N_SERVER_CONNS clients at once, each in a slot of its own
 *   (no allocation per client); while all are taken the listening socket
 *   is not watched, so further clients wait in the backlog;
 * - a client's bytes gather in its slot until s4n_api_framing() says they
 *   are a request: the writing side shut down (SHUT_WR), a complete JSON
 *   value (what callers send, with their newline after it), a syntax error
 *   more bytes cannot mend, or S4N_API_REQUEST_MAX bytes ("too large");
 * - the reply (s4n_api_handle()) goes out in one write() when the socket
 *   takes it (the rest when it is writable again), then shutdown(SHUT_RDWR)
 *   and close;
 * - each client has S4N_SERVER_DEADLINE_MS from its connection: then what
 *   it sent is answered as it is (an unfinished request: "cannot parse
 *   JSON"), or, while its reply is still going out, it is dropped.
 *
 * The socket file is removed at exit through a descriptor of its
 * directory opened before the sandbox (unlinkat, SECCOMP_EMU_UNLINKAT), so
 * that works even when the root file system is gone.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "../common/util.h"
#include "log.h"
#include "loop.h"
#include "s4n_api.h"
#include "s4n_server.h"
#include "xalloc.h"

/**
 * struct s4n_conn - one client of the API socket
 * @watch:	its socket on the loop (fd -1: the slot is free)
 * @deadline:	S4N_SERVER_DEADLINE_MS after the connection
 * @buf:	the request so far
 * @len:	bytes in @buf
 * @reply:	the reply being sent (malloc()ed), or NULL while reading
 * @reply_len:	its length
 * @reply_off:	bytes of it sent
 */
struct s4n_conn {
	struct loop_watch watch;
	struct loop_timer deadline;
	char buf[S4N_API_REQUEST_MAX];
	size_t len;
	char *reply;
	size_t reply_len;
	size_t reply_off;
};

/**
 * struct s4n_server - the API socket and its clients
 * @listen:	the listening socket on the loop
 * @dirfd:	its directory (O_PATH), to remove it at exit
 * @name:	its name in @dirfd
 * @api:	the protocol's state
 * @conns:	client slots
 * @nconns:	slots in use
 */
static struct s4n_server {
	struct loop_watch listen;
	int dirfd;
	char name[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct s4n_api *api;
	struct s4n_conn conns[S4N_SERVER_CONNS];
	unsigned int nconns;
} srv = { .listen = { .fd = -1 }, .dirfd = -1 };

static void conn_event(struct loop_watch *w, uint32_t events);

/* Free a slot: its socket, reply and timer; watch the listener again */
static void conn_close(struct s4n_conn *c)
{
	int fd = c->watch.fd;

	loop_del(&c->watch);
	close(fd);
	loop_timer_cancel(&c->deadline);
	free(c->reply);
	c->reply = NULL;
	c->len = 0;
	if (srv.nconns-- == S4N_SERVER_CONNS && srv.listen.fd >= 0)
		loop_set_events(&srv.listen, EPOLLIN);
}

/* Send what is left of the reply; the end closes the connection */
static void conn_send(struct s4n_conn *c)
{
	ssize_t n;

	n = write(c->watch.fd, c->reply + c->reply_off, c->reply_len - c->reply_off);
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
		loop_set_events(&c->watch, EPOLLOUT);
		return;
	}
	if (n > 0)
		c->reply_off += (size_t)n;
	if (n > 0 && c->reply_off < c->reply_len) {
		loop_set_events(&c->watch, EPOLLOUT);
		return;
	}
	if (n < 0)
		debug("api: client went before its reply: %s", errstr(errno));
	else
		shutdown(c->watch.fd, SHUT_RDWR);
	conn_close(c);
}

/* The request is complete: answer it */
static void conn_answer(struct s4n_conn *c)
{
	static const char oom[] = "{\"error\":{\"desc\":\"out of memory\"}}";

	debug("api: request: %.*s", (int)c->len, c->buf);
	c->reply = s4n_api_handle(srv.api, c->buf, c->len);
	if (!c->reply)
		c->reply = xstrdup(oom);
	c->reply_len = strlen(c->reply);
	c->reply_off = 0;
	debug("api: reply: %s", c->reply);
	conn_send(c);
}

/* Read what the client sent; answer once it is a request */
static void conn_read(struct s4n_conn *c)
{
	bool eof = false;
	ssize_t n;

	while (c->len < sizeof(c->buf)) {
		n = read(c->watch.fd, c->buf + c->len, sizeof(c->buf) - c->len);
		if (n > 0) {
			c->len += (size_t)n;
			continue;
		}
		if (n == 0) {
			eof = true;
			break;
		}
		if (errno == EAGAIN || errno == EINTR)
			break;
		debug("api: reading a request: %s", errstr(errno));
		conn_close(c);
		return;
	}
	if (s4n_api_framing(c->buf, c->len, eof) == S4N_API_COMPLETE)
		conn_answer(c);
}

static void conn_event(struct loop_watch *w, uint32_t events)
{
	struct s4n_conn *c = container_of(w, struct s4n_conn, watch);

	(void)events;
	if (c->reply)
		conn_send(c);
	else
		conn_read(c);
}

/* Past the deadline: answer what is there, or drop a slow reader */
static void conn_expired(struct loop_timer *t)
{
	struct s4n_conn *c = container_of(t, struct s4n_conn, deadline);

	if (c->watch.fd < 0)
		return;
	if (c->reply) {
		debug("api: a client did not take its reply in time");
		conn_close(c);
		return;
	}
	debug("api: a client sent no whole request in time (%zu bytes)", c->len);
	conn_answer(c);
}

/* A free slot, or NULL */
static struct s4n_conn *conn_slot(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(srv.conns); i++)
		if (srv.conns[i].watch.fd < 0)
			return &srv.conns[i];
	return NULL;
}

/* Take waiting clients while there are free slots */
static void server_accept(struct loop_watch *w, uint32_t events)
{
	struct s4n_conn *c;
	int fd;

	(void)events;
	while ((c = conn_slot())) {
		fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR)
				warn("api: accept: %s", errstr(errno));
			return;
		}
		if (loop_add(&c->watch, fd, EPOLLIN, conn_event) < 0) {
			warn("api: watching a client: %s", errstr(errno));
			close(fd);
			return;
		}
		c->len = 0;
		c->reply = NULL;
		srv.nconns++;
		loop_timer_arm(&c->deadline, S4N_SERVER_DEADLINE_MS, conn_expired);
	}
	loop_set_events(w, 0);	/* every slot taken: the backlog waits */
}

/* Bind and listen on @path (an old socket file there is removed first) */
static int server_listen(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, ret;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "the specified API socket path is too long (>= %zu)",
			 sizeof(sa.sun_path));
		return -ENAMETOOLONG;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "api socket: %s", errstr(ret));
		return ret;
	}
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, S4N_SERVER_CONNS) < 0) {
		ret = -errno;
		snprintf(err, errlen, "api socket %s: %s", path, errstr(ret));
		close(fd);
		return ret;
	}
	return fd;
}

/* The socket's directory and name, to remove it later */
static int server_remember(const char *path, char *err, size_t errlen)
{
	char dir[sizeof(srv.name)], base[sizeof(srv.name)];
	int ret;

	snprintf(dir, sizeof(dir), "%s", path);
	snprintf(base, sizeof(base), "%s", path);
	snprintf(srv.name, sizeof(srv.name), "%s", basename(base));
	srv.dirfd = open(dirname(dir), O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (srv.dirfd < 0) {
		ret = -errno;
		snprintf(err, errlen, "api socket %s: its directory: %s", path,
			 errstr(ret));
		return ret;
	}
	return 0;
}

/**
 * s4n_server_open() - listen on the API socket
 * @path:	socket path (--api-socket)
 * @api:	the protocol's state, used for every request
 * @err:	message on failure
 * @errlen:	its size
 *
 * Return: 0 once the socket listens, or negative errno with @err set
 */
int s4n_server_open(const char *path, struct s4n_api *api, char *err,
		    size_t errlen)
{
	int fd, ret;

	for (size_t i = 0; i < ARRAY_SIZE(srv.conns); i++)
		srv.conns[i].watch.fd = -1;
	srv.api = api;
	fd = server_listen(path, err, errlen);
	if (fd < 0)
		return fd;
	ret = server_remember(path, err, errlen);
	if (!ret) {
		ret = loop_add(&srv.listen, fd, EPOLLIN, server_accept);
		if (ret < 0)
			snprintf(err, errlen, "api socket: %s", errstr(ret));
	}
	if (ret < 0) {
		unlink(path);
		close(fd);
		return ret;
	}
	return 0;
}

/**
 * s4n_server_close() - drop every client, close and remove the socket
 */
void s4n_server_close(void)
{
	int fd = srv.listen.fd;

	for (size_t i = 0; i < ARRAY_SIZE(srv.conns); i++)
		if (srv.conns[i].watch.fd >= 0)
			conn_close(&srv.conns[i]);
	if (fd < 0)
		return;
	loop_del(&srv.listen);
	close(fd);
	if (unlinkat(srv.dirfd, srv.name, 0) < 0 && errno != ENOENT)
		warn("api socket: removing it: %s", errstr(errno));
	close(srv.dirfd);
	srv.dirfd = -1;
}
