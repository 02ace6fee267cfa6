/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lg_worker.h - gn-loadgen connections and their epoll worker threads */
#ifndef LG_WORKER_H
#define LG_WORKER_H

#include <pthread.h>
#include <stdint.h>

#include "lg_frame.h"

enum lg_role {
	LG_SEND,
	LG_RECV,
	LG_IDLE,	/* connects, then neither reads nor writes: a stuck peer */
};

/* Run phases, set by the main thread, read by the workers. */
enum lg_phase {
	LG_RUN,		/* senders send, everyone reads */
	LG_STOP,	/* senders finish their current frame, then only read */
	LG_QUIT,	/* workers return */
};

/**
 * struct lg_counters - counters the main thread may read while a worker runs
 * @tx_frames:	frames completely written
 * @tx_bytes:	their Ethernet bytes
 * @rx_frames:	frames received, any kind
 * @rx_data:	data frames received
 * @rx_data_bytes:	their Ethernet bytes
 *
 * Written only by the owning worker with relaxed atomic stores.
 */
struct lg_counters {
	uint64_t tx_frames;
	uint64_t tx_bytes;
	uint64_t rx_frames;
	uint64_t rx_data;
	uint64_t rx_data_bytes;
};

/**
 * struct lg_conn - one connection to a hub port (or to ourselves, bare)
 * @idx:	index on the command line; the sender id in its frames
 * @role:	LG_SEND, LG_RECV or LG_IDLE
 * @addr:	address as given, for the report
 * @fd:		connected stream socket, or -1; with @dgram, a connected
 *		datagram socket: one frame per datagram, no length header
 * @dgram:	@fd carries datagrams (a VDE connection)
 * @vde:	the VDE plug @fd belongs to, or NULL
 * @mac:	our MAC on this connection
 * @dst:	destination MAC of a sender's frames
 * @dst_idx:	receiving connection @dst belongs to, or -1 for broadcast
 * @batch:	a sender's send buffer
 * @off:	bytes of @batch already written
 * @stop_at:	in LG_STOP, a sender stops once @off reaches this (a frame
 *		boundary); SIZE_MAX while running
 * @sending:	EPOLLOUT is armed
 * @done:	a sender has stopped on a frame boundary
 * @stream_tx:	stream bytes written (length headers included)
 * @parser:	receive-side parser state
 * @rx:		receive-side counters and sequence tracking
 * @pub:	counters published to the main thread
 * @err:	0, or the negative errno that ended the connection
 * @eof:	the peer closed the connection
 */
struct lg_conn {
	int idx;
	enum lg_role role;
	const char *addr;
	int fd;
	int dgram;
	void *vde;
	uint8_t mac[6];
	uint8_t dst[6];
	int dst_idx;
	struct lg_batch batch;
	size_t off;
	size_t stop_at;
	int sending;
	int done;
	uint64_t stream_tx;
	struct lg_parser parser;
	struct lg_rxstats rx;
	struct lg_counters pub;
	int err;
	int eof;
};

/**
 * struct lg_worker - one thread serving some connections with epoll
 * @conns:	connections it owns
 * @nconns:	their number
 * @phase:	pointer to the shared run phase
 * @epfd:	its epoll instance
 * @rbuf:	read buffer
 * @rbuf_len:	its size
 * @thread:	the thread
 * @err:	0, or a negative errno if the loop itself failed
 */
struct lg_worker {
	struct lg_conn **conns;
	int nconns;
	const int *phase;
	int epfd;
	uint8_t *rbuf;
	size_t rbuf_len;
	pthread_t thread;
	int err;
};

int lg_worker_start(struct lg_worker *w);
int lg_worker_join(struct lg_worker *w);
void lg_counters_read(const struct lg_conn *c, struct lg_counters *out);

#endif /* LG_WORKER_H */
