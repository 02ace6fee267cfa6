// SPDX-License-Identifier: GPL-2.0-or-later
/* tapwriter.c - a thread that writes an offloading tap's frames
 *
 * DOC: Theory of operation
 *
 * A write to a tap is not just a copy: the kernel runs the receiving
 * stack of the namespace behind it (IP, TCP, waking the reader) in the
 * writer's context before write() returns. When the NAT sends a netns
 * guest 64 KiB GSO frames (host to guest), that is a third of the
 * emulator's time, on the one thread that also runs libslirp. A tap port
 * of an offloading tap (a netns guest's NIC) therefore hands its frames
 * to a second thread that only writes them, so the guest's stack runs on
 * the other CPU while the loop goes on.
 *
 * The two share a ring of TAPWRITER_SLOTS slots, one producer (the loop)
 * and one consumer (the writer), indices that only grow (C11 atomics):
 *
 * - tapwriter_push() takes a reference to the frame's chunk, copies the
 *   frame and its virtio-net header into the slot at @head and publishes
 *   it; tapwriter_kick() wakes the writer (an eventfd) if it said it
 *   sleeps. Chunks are only ever touched by the loop: the writer reads
 *   the frame's bytes, which nobody changes once a frame is queued.
 * - The writer writes slots up to @head and advances @tail; with nothing
 *   to do it says so (@writer_idle), checks @head once more and sleeps in
 *   read() of the eventfd.
 * - tapwriter_reclaim() drops the references of slots the writer is done
 *   with. When the ring is full the loop asks to be told of room
 *   (tapwriter_wait_room(), @loop_waiting); the writer then writes the
 *   loop's eventfd, which the loop watches, and on_room() runs there.
 *
 * Each flag is set, then the other side's index read (sequentially
 * consistent), and the other side publishes its index before it reads
 * the flag: one of the two always sees the other, so no wake-up is lost.
 *
 * The thread starts at the first push, in the steady state: after the
 * sandbox (emu/sandbox.c), whose seccomp filter it inherits (the filter
 * allows clone for threads only). If it cannot start, the caller writes
 * the frames itself as before.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/uio.h>
#include <unistd.h>

#include "chunk.h"
#include "loop.h"
#include "tapwriter.h"
#include "util.h"
#include "xalloc.h"

/* Slots of the ring: enough 64 KiB frames for the guest's whole window */
#define TAPWRITER_SLOTS		64U
/* How long closing waits for the thread to write what it was given */
#define TAPWRITER_CLOSE_MS	1000

struct tapwriter_slot {
	struct frame f;
	uint8_t hdr[TAPWRITER_HDR_MAX];
};

/**
 * struct tapwriter - the ring between the loop and the writer thread
 * @fd:			our own duplicate of the tap descriptor, so that the
 *			port may close its own while the writer finishes
 * @hdr_len:		virtio-net header length written before each frame
 * @thread:		the writer
 * @running:		@thread was started
 * @failed:		it could not be: the caller writes itself
 * @wake_fd:		eventfd the writer sleeps on (blocking)
 * @room:		the loop's watch on the eventfd the writer signals
 * @on_room:		called by the loop when room was asked for and made
 * @opaque:		its argument
 * @head:		slots published by the loop
 * @tail:		slots written by the writer
 * @reclaimed:		slots whose chunk references the loop dropped
 * @writer_idle:	the writer is about to sleep, or sleeps
 * @loop_waiting:	the loop wants to be told of room
 * @stop:		the writer is to end
 * @errors:		frames the tap refused (written by the writer)
 * @errors_seen:	what tapwriter_reclaim() reported of @errors
 * @slot:		the ring
 */
struct tapwriter {
	int fd;
	unsigned int hdr_len;
	pthread_t thread;
	bool running;
	bool failed;
	int wake_fd;
	struct loop_watch room;
	void (*on_room)(void *opaque);
	void *opaque;
	_Atomic uint32_t head;
	_Atomic uint32_t tail;
	uint32_t reclaimed;
	atomic_bool writer_idle;
	atomic_bool loop_waiting;
	atomic_bool stop;
	_Atomic uint64_t errors;
	uint64_t errors_seen;
	struct tapwriter_slot slot[TAPWRITER_SLOTS];
};

static void eventfd_signal(int fd)
{
	uint64_t one = 1;

	while (write(fd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
}

static void eventfd_drain(int fd)
{
	uint64_t n;

	while (read(fd, &n, sizeof(n)) < 0 && errno == EINTR)
		;
}

/* Write one slot; a full tap queue is waited out, other errors counted */
static void writer_write(struct tapwriter *w, const struct tapwriter_slot *s)
{
	struct iovec iov[2] = {
		{ (void *)s->hdr, w->hdr_len },
		{ frame_data(&s->f), s->f.len },
	};

	for (;;) {
		ssize_t n = writev(w->fd, iov, 2);
		struct pollfd pfd = { .fd = w->fd, .events = POLLOUT };

		if (n >= 0)
			return;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN || atomic_load(&w->stop)) {
			atomic_fetch_add(&w->errors, 1);
			return;
		}
		poll(&pfd, 1, 100);
	}
}

/* Sleep until the loop publishes a slot or asks us to stop */
static void writer_sleep(struct tapwriter *w, uint32_t tail)
{
	atomic_store(&w->writer_idle, true);
	if (atomic_load(&w->head) == tail && !atomic_load(&w->stop))
		eventfd_drain(w->wake_fd);
	atomic_store(&w->writer_idle, false);
}

static void *writer_main(void *arg)
{
	struct tapwriter *w = arg;
	uint32_t tail = atomic_load_explicit(&w->tail, memory_order_relaxed);

	while (!atomic_load(&w->stop)) {
		if (atomic_load_explicit(&w->head, memory_order_acquire) == tail) {
			writer_sleep(w, tail);
			continue;
		}
		writer_write(w, &w->slot[tail % TAPWRITER_SLOTS]);
		atomic_store(&w->tail, ++tail);
		if (atomic_load(&w->loop_waiting) &&
		    atomic_exchange(&w->loop_waiting, false))
			eventfd_signal(w->room.fd);
	}
	return NULL;
}

static void tapwriter_room_event(struct loop_watch *watch, uint32_t events)
{
	struct tapwriter *w = container_of(watch, struct tapwriter, room);
	uint64_t n;

	(void)events;
	if (read(watch->fd, &n, sizeof(n)) < 0)
		return;		/* EAGAIN: a stale readiness */
	w->on_room(w->opaque);
}

/* Start the writer with every signal blocked: they are the loop's */
static int tapwriter_start(struct tapwriter *w)
{
	sigset_t all, old;
	int ret;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = -pthread_create(&w->thread, NULL, writer_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	w->running = !ret;
	w->failed = !!ret;
	return ret;
}

/**
 * tapwriter_open() - make the ring and eventfds of a tap's writer thread
 * @fd:		the tap descriptor (stays the caller's: the writer has a dup)
 * @hdr_len:	virtio-net header length, at most TAPWRITER_HDR_MAX
 * @on_room:	called in the loop when tapwriter_wait_room() asked for room
 *		and the writer made some
 * @opaque:	its argument
 * @out:	the writer
 *
 * The thread itself starts at the first tapwriter_push().
 *
 * Return: 0, or negative errno
 */
int tapwriter_open(int fd, unsigned int hdr_len, void (*on_room)(void *opaque),
		   void *opaque, struct tapwriter **out)
{
	struct tapwriter *w;
	int room_fd, ret;

	if (hdr_len > TAPWRITER_HDR_MAX)
		return -EINVAL;
	w = xcalloc(1, sizeof(*w));
	w->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (w->fd < 0) {
		ret = -errno;
		goto err_free;
	}
	w->hdr_len = hdr_len;
	w->on_room = on_room;
	w->opaque = opaque;
	w->wake_fd = eventfd(0, EFD_CLOEXEC);
	if (w->wake_fd < 0) {
		ret = -errno;
		goto err_dup;
	}
	room_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (room_fd < 0) {
		ret = -errno;
		goto err_wake;
	}
	ret = loop_add(&w->room, room_fd, EPOLLIN, tapwriter_room_event);
	if (ret < 0)
		goto err_room;
	*out = w;
	return 0;

err_room:
	close(room_fd);
err_wake:
	close(w->wake_fd);
err_dup:
	close(w->fd);
err_free:
	free(w);
	return ret;
}

/**
 * tapwriter_push() - queue a frame for the writer thread
 * @w:		the writer
 * @f:		the frame; its chunk gets a reference until tapwriter_reclaim()
 * @hdr:	the virtio-net header to write before it (hdr_len bytes)
 *
 * Starts the thread on first use. Call tapwriter_kick() after a batch.
 *
 * Return: true if queued; false if the ring is full or the thread cannot
 *	   start (-errno in that case is not kept: see tapwriter_reclaim())
 */
bool tapwriter_push(struct tapwriter *w, const struct frame *f, const uint8_t *hdr)
{
	uint32_t head = atomic_load_explicit(&w->head, memory_order_relaxed);
	struct tapwriter_slot *s;

	if (!w->running && (w->failed || tapwriter_start(w) < 0))
		return false;
	if (head - w->reclaimed == TAPWRITER_SLOTS)
		return false;
	s = &w->slot[head % TAPWRITER_SLOTS];
	chunk_ref(f->chunk);
	s->f = *f;
	memcpy(s->hdr, hdr, w->hdr_len);
	atomic_store(&w->head, head + 1);
	return true;
}

/**
 * tapwriter_failed() - tell whether the writer thread could not start
 * @w:	the writer, after a tapwriter_push() that returned false
 *
 * Return: true if the caller must write its frames itself
 */
bool tapwriter_failed(const struct tapwriter *w)
{
	return w->failed;
}

/**
 * tapwriter_idle() - tell whether the writer thread has written all it got
 * @w:	the writer
 *
 * Return: true if the caller may write a frame itself without passing
 *	   one it gave the thread
 */
bool tapwriter_idle(const struct tapwriter *w)
{
	return atomic_load_explicit(&w->tail, memory_order_acquire) ==
	       atomic_load_explicit(&w->head, memory_order_relaxed);
}

/**
 * tapwriter_kick() - wake the writer thread if it sleeps
 * @w:	the writer, after one or more tapwriter_push()
 */
void tapwriter_kick(struct tapwriter *w)
{
	if (atomic_load(&w->writer_idle))
		eventfd_signal(w->wake_fd);
}

/**
 * tapwriter_wait_room() - ask to be told (on_room) when the ring has room
 * @w:	the writer, whose tapwriter_push() just failed for a full ring
 *
 * Return: true if there is room already (push again); false if on_room()
 *	   will run in the loop once there is
 */
bool tapwriter_wait_room(struct tapwriter *w)
{
	atomic_store(&w->loop_waiting, true);
	atomic_thread_fence(memory_order_seq_cst);	/* before reading @tail */
	tapwriter_reclaim(w);
	if (atomic_load(&w->head) - w->reclaimed < TAPWRITER_SLOTS) {
		atomic_store(&w->loop_waiting, false);
		return true;
	}
	return false;
}

/**
 * tapwriter_reclaim() - drop the chunk references of written frames
 * @w:	the writer
 *
 * Return: frames the tap refused since the last call (they are lost, as a
 *	   failed write of the loop's own would be)
 */
uint64_t tapwriter_reclaim(struct tapwriter *w)
{
	uint32_t tail = atomic_load_explicit(&w->tail, memory_order_acquire);
	uint64_t errors = atomic_load_explicit(&w->errors, memory_order_relaxed);
	uint64_t fresh = errors - w->errors_seen;

	while (w->reclaimed != tail)
		chunk_put(w->slot[w->reclaimed++ % TAPWRITER_SLOTS].f.chunk);
	w->errors_seen = errors;
	return fresh;
}

/**
 * tapwriter_close() - stop the writer thread and free everything
 * @w:	the writer (may be NULL)
 *
 * Frames the thread had not written yet are written first (for at most
 * TAPWRITER_CLOSE_MS, as a tap that takes nothing would hold the exit):
 * nothing already accepted is lost.
 */
void tapwriter_close(struct tapwriter *w)
{
	int room_fd;

	if (!w)
		return;
	if (w->running) {
		for (int ms = 0; ms < TAPWRITER_CLOSE_MS &&
		     atomic_load(&w->tail) != atomic_load(&w->head); ms++)
			poll(NULL, 0, 1);
		atomic_store(&w->stop, true);
		eventfd_signal(w->wake_fd);
		pthread_join(w->thread, NULL);
	}
	tapwriter_reclaim(w);
	while (w->reclaimed != atomic_load(&w->head))	/* not written in time */
		chunk_put(w->slot[w->reclaimed++ % TAPWRITER_SLOTS].f.chunk);
	room_fd = w->room.fd;
	loop_del(&w->room);
	close(room_fd);
	close(w->wake_fd);
	close(w->fd);
	free(w);
}
