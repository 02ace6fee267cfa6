// SPDX-License-Identifier: GPL-2.0-or-later
/* control_conn.c - the connections of the control socket
 *
 * DOC: Theory of operation
 *
 * Nothing here may hold up the frame path: every connection is a
 * non-blocking descriptor in the one event loop. On EPOLLIN a connection
 * reads what is there into its line buffer and runs each complete line
 * through control_request() (control_request.c); replies are queued and
 * written at once, the rest when EPOLLOUT says so. A line longer than
 * CONTROL_LINE_MAX gets one error reply and is discarded up to its
 * newline. Output is bounded: a client that lets more than
 * CONTROL_OUT_MAX of replies pile up (it never reads) is disconnected.
 * At end of input, the last line is answered even without a newline, and
 * the connection closes once its replies are written. After "quit" is
 * answered, the loop is told to end.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "control_internal.h"
#include "log.h"
#include "loop.h"
#include "util.h"
#include "xalloc.h"

/**
 * struct ctl_conn - one client connection
 * @watch:	its descriptor in the loop
 * @next:	link in the list of connections
 * @in_len:	bytes in @in
 * @discard:	skipping the rest of an over-long line
 * @eof:	no more input (end of stream, or after quit)
 * @out:	replies not written yet, from @out_off to @out_len
 * @out_off:	bytes of @out already written
 * @out_len:	bytes in @out
 * @out_cap:	its allocated size
 * @in:		received bytes not yet part of a complete line
 */
struct ctl_conn {
	struct loop_watch watch;
	struct ctl_conn *next;
	size_t in_len;
	bool discard;
	bool eof;
	char *out;
	size_t out_off;
	size_t out_len;
	size_t out_cap;
	char in[CONTROL_LINE_MAX + 1];
};

static struct ctl_conn *ctl_conns;
static unsigned int ctl_nconns;
static bool ctl_quitting;

static size_t conn_pending(const struct ctl_conn *c)
{
	return c->out_len - c->out_off;
}

static void conn_free(struct ctl_conn *c)
{
	struct ctl_conn **pp;
	int fd = c->watch.fd;

	for (pp = &ctl_conns; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	loop_del(&c->watch);
	if (fd >= 0)
		close(fd);
	ctl_nconns--;
	debug("control: connection closed (%u left)", ctl_nconns);
	free(c->out);
	free(c);
}

/* Write what is queued; 0 (possibly with output left) or negative errno */
static int conn_write(struct ctl_conn *c)
{
	while (conn_pending(c)) {
		ssize_t n = send(c->watch.fd, c->out + c->out_off, conn_pending(c),
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return -errno;
		}
		c->out_off += (size_t)n;
	}
	c->out_off = c->out_len = 0;
	if (c->out_cap > CONTROL_LINE_MAX) {	/* give back a big reply's buffer */
		free(c->out);
		c->out = NULL;
		c->out_cap = 0;
	}
	return 0;
}

/* Room for @n more bytes: the pending bytes moved to the front, or more memory */
static void conn_grow(struct ctl_conn *c, size_t n)
{
	size_t cap = c->out_cap ? c->out_cap : 4096;

	if (c->out_off) {
		memmove(c->out, c->out + c->out_off, conn_pending(c));
		c->out_len -= c->out_off;
		c->out_off = 0;
	}
	if (c->out_len + n <= c->out_cap)
		return;
	while (cap < c->out_len + n)
		cap *= 2;
	c->out = xreallocarray(c->out, cap, 1);
	c->out_cap = cap;
}

/* Queue one reply line; -ENOBUFS if the client lets replies pile up */
static int conn_queue(struct ctl_conn *c, const char *reply)
{
	size_t n = strlen(reply) + 1;
	int ret;

	if (conn_pending(c) + n > CONTROL_OUT_MAX) {
		ret = conn_write(c);
		if (ret < 0)
			return ret;
		if (conn_pending(c) && conn_pending(c) + n > CONTROL_OUT_MAX) {
			warn("control: client does not read its replies; disconnecting");
			return -ENOBUFS;
		}
	}
	if (c->out_len + n > c->out_cap)
		conn_grow(c, n);
	memcpy(c->out + c->out_len, reply, n - 1);
	c->out[c->out_len + n - 1] = '\n';
	c->out_len += n;
	return 0;
}

static int conn_queue_error(struct ctl_conn *c, const char *desc)
{
	char *reply = control_error_reply(desc);
	int ret;

	ret = conn_queue(c, reply);
	free(reply);
	return ret;
}

static bool line_is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* Answer one complete line (without its newline) */
static int conn_line(struct ctl_conn *c, const char *line, size_t len)
{
	bool quit;
	char *reply;
	int ret;

	if (len && line[len - 1] == '\r')
		len--;
	if (line_is_blank(line, len))
		return 0;
	reply = control_request(line, len, &quit);
	ret = conn_queue(c, reply);
	free(reply);
	if (quit) {
		info("control: quit requested");
		ctl_quitting = true;
		c->eof = true;		/* nothing after quit is read */
	}
	return ret;
}

/* Answer every complete line in the buffer; keep the partial one */
static int conn_lines(struct ctl_conn *c)
{
	size_t start = 0;
	int ret = 0;

	while (!ret && !c->eof && start < c->in_len) {
		char *nl = memchr(c->in + start, '\n', c->in_len - start);
		size_t end;

		if (!nl)
			break;
		end = (size_t)(nl - c->in);
		if (c->discard)
			c->discard = false;
		else
			ret = conn_line(c, c->in + start, end - start);
		start = end + 1;
	}
	if (c->discard || c->eof)
		start = c->in_len;
	memmove(c->in, c->in + start, c->in_len - start);
	c->in_len -= start;
	if (!ret && c->in_len == sizeof(c->in)) {
		c->in_len = 0;
		c->discard = true;
		ret = conn_queue_error(c, "request line longer than 65536 bytes");
	}
	return ret;
}

static int conn_read(struct ctl_conn *c)
{
	ssize_t n = read(c->watch.fd, c->in + c->in_len, sizeof(c->in) - c->in_len);
	int ret = 0;

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	if (n == 0) {
		c->eof = true;
		if (c->in_len && !c->discard)	/* a last line without newline */
			ret = conn_line(c, c->in, c->in_len);
		c->in_len = 0;
		return ret;
	}
	c->in_len += (size_t)n;
	return conn_lines(c);
}

static void conn_event(struct loop_watch *w, uint32_t events)
{
	struct ctl_conn *c = container_of(w, struct ctl_conn, watch);
	int ret = 0;

	if (!c->eof && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		ret = conn_read(c);
	if (!ret)
		ret = conn_write(c);
	if (ret < 0 || (c->eof && !conn_pending(c))) {
		if (ret < 0 && ret != -ENOBUFS && ret != -EPIPE && ret != -ECONNRESET)
			warn("control: connection: %s", errstr(-ret));
		conn_free(c);
	} else {
		loop_set_events(&c->watch, (c->eof ? 0 : EPOLLIN) |
					   (conn_pending(c) ? EPOLLOUT : 0));
	}
	if (ctl_quitting)
		loop_quit(0);
}

static bool conn_peer_allowed(int fd)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0)
		return false;
	return cr.uid == geteuid() || cr.uid == 0;
}

/**
 * ctl_conn_new() - take an accepted client connection into the loop
 * @fd:		its descriptor (non-blocking); closed here if refused
 *
 * A peer of another uid than ours (root aside) is refused, and so is a
 * connection past CONTROL_CLIENTS_MAX, after one error reply.
 */
void ctl_conn_new(int fd)
{
	struct ctl_conn *c;
	char *reply;

	if (!conn_peer_allowed(fd)) {
		warn("control: refused a connection from another user");
		goto refuse;
	}
	if (ctl_nconns >= CONTROL_CLIENTS_MAX) {
		warn("control: more than %d connections; refusing one", CONTROL_CLIENTS_MAX);
		reply = control_error_reply("too many control connections");
		if (send(fd, reply, strlen(reply), MSG_NOSIGNAL | MSG_DONTWAIT) > 0)
			send(fd, "\n", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
		free(reply);
		goto refuse;
	}
	c = xmalloc(sizeof(*c));
	memset(c, 0, offsetof(struct ctl_conn, in));
	if (loop_add(&c->watch, fd, EPOLLIN, conn_event) < 0) {
		free(c);
		goto refuse;
	}
	c->next = ctl_conns;
	ctl_conns = c;
	ctl_nconns++;
	debug("control: new connection (%u)", ctl_nconns);
	return;
refuse:
	close(fd);
}

/**
 * ctl_conn_close_all() - close every connection
 *
 * Replies still queued get one last non-blocking write.
 */
void ctl_conn_close_all(void)
{
	while (ctl_conns) {
		conn_write(ctl_conns);
		conn_free(ctl_conns);
	}
}
