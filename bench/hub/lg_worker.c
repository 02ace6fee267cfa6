// SPDX-License-Identifier: GPL-2.0-or-later
/* lg_worker.c - gn-loadgen worker threads: non-blocking I/O under epoll
 *
 * DOC: Theory of operation
 *
 * Each worker owns some connections and one level-triggered epoll instance.
 * Every connection is read (a sender hears hellos and flooded frames and must
 * drain them, or the hub would stall on it); a sender also waits for
 * EPOLLOUT and writes its batch with large write() calls, restamping the
 * sequence numbers each time the whole batch has gone out.
 *
 * A datagram connection (a VDE client) sends the frames of its batch
 * without their length headers, up to DGRAM_BATCH per sendmmsg(), and
 * receives up to DGRAM_BATCH with one recvmmsg() into slots of the read
 * buffer, each behind room for a length header, so the stream parser
 * counts them as it counts a stream's frames.
 *
 * The main thread changes the shared phase. In LG_STOP a sender writes up to
 * the end of the frame it is in, so the stream ends on a frame boundary and
 * receivers can be held to an exact count, then only reads. In LG_QUIT the
 * worker returns. Counters the main thread samples are published with
 * relaxed atomic stores after each batch of I/O.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lg_worker.h"

#define RBUF_LEN	(512u * 1024u)
#define MAX_EVENTS	64
#define MAX_LOOPS	16
#define EPOLL_MS	10
#define DGRAM_BATCH	32

static void pub(uint64_t *dst, uint64_t v)
{
	__atomic_store_n(dst, v, __ATOMIC_RELAXED);
}

static int conn_arm(struct lg_worker *w, struct lg_conn *c, int out)
{
	struct epoll_event ev = { .events = EPOLLIN | (out ? EPOLLOUT : 0),
				  .data.ptr = c };

	if (epoll_ctl(w->epfd, EPOLL_CTL_MOD, c->fd, &ev) < 0)
		return -errno;
	c->sending = out;
	return 0;
}

/* Stop serving @c after an error or end of stream. */
static void conn_end(struct lg_worker *w, struct lg_conn *c, int err)
{
	epoll_ctl(w->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	c->sending = 0;
	if (err)
		c->err = err;
	else
		c->eof = 1;
	__atomic_store_n(&c->done, 1, __ATOMIC_RELEASE);
}

static void conn_pub_tx(struct lg_conn *c)
{
	uint64_t frames = c->stream_tx / c->batch.stride;

	pub(&c->pub.tx_frames, frames);
	pub(&c->pub.tx_bytes, frames * (c->batch.stride - LG_LEN_HDR));
}

static void conn_pub_rx(struct lg_conn *c)
{
	pub(&c->pub.rx_frames, c->rx.frames);
	pub(&c->pub.rx_data, c->rx.data_frames);
	pub(&c->pub.rx_data_bytes, c->rx.data_bytes);
}

/* A sender reached its stop point: no more writes. */
static void conn_finish(struct lg_worker *w, struct lg_conn *c)
{
	int ret = conn_arm(w, c, 0);

	if (ret < 0)
		conn_end(w, c, ret);
	__atomic_store_n(&c->done, 1, __ATOMIC_RELEASE);
}

/* Send whole frames of the batch as datagrams, from @c->off to @end */
static ssize_t dgram_write(struct lg_conn *c, size_t end)
{
	struct mmsghdr m[DGRAM_BATCH];
	struct iovec iov[DGRAM_BATCH];
	size_t s = c->batch.stride;
	unsigned int n = 0;
	int sent;

	for (size_t o = c->off; o + s <= end && n < DGRAM_BATCH; o += s, n++) {
		iov[n].iov_base = c->batch.buf + o + LG_LEN_HDR;
		iov[n].iov_len = s - LG_LEN_HDR;
		memset(&m[n], 0, sizeof(m[n]));
		m[n].msg_hdr.msg_iov = &iov[n];
		m[n].msg_hdr.msg_iovlen = 1;
	}
	sent = sendmmsg(c->fd, m, n, MSG_DONTWAIT);
	return sent < 0 ? -1 : (ssize_t)((size_t)sent * s);
}

/* Receive datagrams into header-led slots and parse them as a stream */
static int dgram_read(struct lg_worker *w, struct lg_conn *c)
{
	size_t slot = w->rbuf_len / DGRAM_BATCH;
	struct mmsghdr m[DGRAM_BATCH];
	struct iovec iov[DGRAM_BATCH];
	int n, ret = 0;

	memset(m, 0, sizeof(m));
	for (int i = 0; i < DGRAM_BATCH; i++) {
		iov[i].iov_base = w->rbuf + i * slot + LG_LEN_HDR;
		iov[i].iov_len = slot - LG_LEN_HDR;
		m[i].msg_hdr.msg_iov = &iov[i];
		m[i].msg_hdr.msg_iovlen = 1;
	}
	n = recvmmsg(c->fd, m, DGRAM_BATCH, MSG_DONTWAIT, NULL);
	if (n < 0)
		return -errno;
	for (int i = 0; i < n && !ret; i++) {
		uint8_t *h = w->rbuf + i * slot;
		uint32_t len = m[i].msg_len;

		h[0] = (uint8_t)(len >> 24);
		h[1] = (uint8_t)(len >> 16);
		h[2] = (uint8_t)(len >> 8);
		h[3] = (uint8_t)len;
		ret = lg_parse(&c->parser, &c->rx, h, LG_LEN_HDR + len);
	}
	return ret < 0 ? ret : n;
}

static void conn_read_dgram(struct lg_worker *w, struct lg_conn *c)
{
	for (int i = 0; i < MAX_LOOPS; i++) {
		int n = dgram_read(w, c);

		if (n == -EINTR)
			continue;
		if (n < 0 && n != -EAGAIN)
			conn_end(w, c, n);
		if (n < DGRAM_BATCH)
			break;
	}
	conn_pub_rx(c);
}

/*
 * After a read() or write() that returned @r < 0: 1 to try again (EINTR),
 * 0 to stop for now (EAGAIN, or the error ended @c)
 */
static int io_retry(struct lg_worker *w, struct lg_conn *c)
{
	if (errno == EINTR)
		return 1;
	if (errno != EAGAIN)
		conn_end(w, c, -errno);
	return 0;
}

static void conn_write(struct lg_worker *w, struct lg_conn *c)
{
	int i;

	for (i = 0; i < MAX_LOOPS; i++) {
		size_t end;
		ssize_t r;

		if (c->off == c->stop_at) {
			conn_finish(w, c);
			break;
		}
		if (c->off == c->batch.len) {
			lg_batch_stamp(&c->batch);
			c->off = 0;
		}
		end = c->stop_at < c->batch.len ? c->stop_at : c->batch.len;
		r = c->dgram ? dgram_write(c, end)
			     : write(c->fd, c->batch.buf + c->off, end - c->off);
		if (r < 0 && io_retry(w, c))
			continue;
		if (r < 0)
			break;
		c->off += r;
		c->stream_tx += r;
	}
	conn_pub_tx(c);
}

static void conn_read(struct lg_worker *w, struct lg_conn *c)
{
	int i, ret;

	for (i = 0; i < MAX_LOOPS; i++) {
		ssize_t r = read(c->fd, w->rbuf, w->rbuf_len);

		if (r < 0 && io_retry(w, c))
			continue;
		if (r < 0)
			break;
		if (r == 0) {
			conn_end(w, c, 0);
			break;
		}
		ret = lg_parse(&c->parser, &c->rx, w->rbuf, r);
		if (ret < 0) {
			conn_end(w, c, ret);
			break;
		}
		if ((size_t)r < w->rbuf_len)
			break;
	}
	conn_pub_rx(c);
}

/* First sight of LG_STOP: each sender stops at its next frame boundary. */
static void worker_stop(struct lg_worker *w)
{
	int i;

	for (i = 0; i < w->nconns; i++) {
		struct lg_conn *c = w->conns[i];
		size_t s = c->batch.stride;

		if (c->role != LG_SEND || c->done)
			continue;
		c->stop_at = (c->off + s - 1) / s * s;
		if (c->off == c->stop_at)
			conn_finish(w, c);
	}
}

static void worker_event(struct lg_worker *w, const struct epoll_event *ev)
{
	struct lg_conn *c = ev->data.ptr;

	if (ev->events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
		if (c->dgram)
			conn_read_dgram(w, c);
		else
			conn_read(w, c);
	}
	if ((ev->events & EPOLLOUT) && c->sending)
		conn_write(w, c);
}

static void *worker_main(void *arg)
{
	struct lg_worker *w = arg;
	struct epoll_event ev[MAX_EVENTS];
	int stopping = 0;

	for (;;) {
		int phase = __atomic_load_n(w->phase, __ATOMIC_ACQUIRE);
		int i, n;

		if (phase == LG_QUIT)
			break;
		if (phase == LG_STOP && !stopping) {
			stopping = 1;
			worker_stop(w);
		}
		n = epoll_wait(w->epfd, ev, MAX_EVENTS, EPOLL_MS);
		if (n < 0 && errno != EINTR) {
			w->err = -errno;
			break;
		}
		for (i = 0; i < n; i++)
			worker_event(w, &ev[i]);
	}
	return NULL;
}

static int worker_add(struct lg_worker *w, struct lg_conn *c)
{
	int out = c->role == LG_SEND;
	struct epoll_event ev = { .events = EPOLLIN | (out ? EPOLLOUT : 0),
				  .data.ptr = c };

	c->stop_at = SIZE_MAX;
	c->sending = out;
	if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, c->fd, &ev) < 0)
		return -errno;
	return 0;
}

/**
 * lg_worker_start() - set up a worker's epoll instance and start its thread
 * @w:		worker with @conns, @nconns and @phase set; connections
 *		connected and non-blocking
 *
 * Return: 0, or a negative errno (nothing left running or allocated).
 */
int lg_worker_start(struct lg_worker *w)
{
	int i, ret = -ENOMEM;

	w->err = 0;
	w->rbuf_len = RBUF_LEN;
	w->rbuf = malloc(w->rbuf_len);
	if (!w->rbuf)
		return -ENOMEM;
	w->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (w->epfd < 0) {
		ret = -errno;
		goto free_buf;
	}
	for (i = 0; i < w->nconns; i++) {
		ret = worker_add(w, w->conns[i]);
		if (ret < 0)
			goto close_ep;
	}
	ret = -pthread_create(&w->thread, NULL, worker_main, w);
	if (ret < 0)
		goto close_ep;
	return 0;

close_ep:
	close(w->epfd);
free_buf:
	free(w->rbuf);
	w->rbuf = NULL;
	return ret;
}

/**
 * lg_worker_join() - wait for a worker to return (set LG_QUIT first)
 * @w:		started worker
 *
 * Return: 0, or the negative errno its event loop failed with.
 */
int lg_worker_join(struct lg_worker *w)
{
	pthread_join(w->thread, NULL);
	close(w->epfd);
	free(w->rbuf);
	w->rbuf = NULL;
	return w->err;
}

/**
 * lg_counters_read() - sample a connection's published counters
 * @c:		connection, its worker may be running
 * @out:	where to store the sample
 */
void lg_counters_read(const struct lg_conn *c, struct lg_counters *out)
{
	out->tx_frames = __atomic_load_n(&c->pub.tx_frames, __ATOMIC_RELAXED);
	out->tx_bytes = __atomic_load_n(&c->pub.tx_bytes, __ATOMIC_RELAXED);
	out->rx_frames = __atomic_load_n(&c->pub.rx_frames, __ATOMIC_RELAXED);
	out->rx_data = __atomic_load_n(&c->pub.rx_data, __ATOMIC_RELAXED);
	out->rx_data_bytes = __atomic_load_n(&c->pub.rx_data_bytes,
					     __ATOMIC_RELAXED);
}
