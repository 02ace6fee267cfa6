// SPDX-License-Identifier: GPL-2.0-or-later
/* loop.c - the single epoll event loop, its watches and timers
 *
 * DOC: Theory of operation
 *
 * One epoll instance, level-triggered. Each registered descriptor carries a
 * pointer to its struct loop_watch, whose callback is the owner's handler:
 * a port's receive or transmit routine, a listener's accept, the control
 * socket. After each epoll_wait() batch has been dispatched, the batch-end
 * hooks run once, in order: the frame path uses it to flush every port that got
 * frames during the batch, so frames from many reads leave in one writev()
 * or sendmmsg() per port. Timers are few (MAC ageing, reconnect, stall
 * checks, pcap flush) and kept in a short unsorted list; the wait timeout
 * is the nearest expiry.
 */

#include <errno.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"

#define LOOP_EVENTS	64

static int loop_epfd = -1;
static bool loop_stop;
static int loop_status;
static struct loop_timer *loop_timers;
#define LOOP_HOOKS	8

static void (*loop_hooks[LOOP_HOOKS])(void);
static unsigned int loop_nhooks;

/**
 * loop_now_ms() - monotonic time in milliseconds
 *
 * Return: milliseconds since an arbitrary start
 */
uint64_t loop_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/**
 * loop_init() - create the epoll instance
 *
 * Return: 0 on success, negative errno on failure
 */
int loop_init(void)
{
	loop_epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop_epfd < 0)
		return -errno;
	return 0;
}

/**
 * loop_fini() - close the epoll instance
 */
void loop_fini(void)
{
	if (loop_epfd >= 0)
		close(loop_epfd);
	loop_epfd = -1;
	loop_nhooks = 0;
}

/**
 * loop_add() - start watching a descriptor
 * @w:		watch, owned by the caller, must stay valid until loop_del()
 * @fd:		descriptor
 * @events:	EPOLLIN and/or EPOLLOUT
 * @fn:		handler
 *
 * Return: 0 on success, negative errno on failure
 */
int loop_add(struct loop_watch *w, int fd, uint32_t events, loop_watch_fn fn)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	w->fd = fd;
	w->events = events;
	w->fn = fn;
	if (epoll_ctl(loop_epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		int ret = -errno;

		w->fd = -1;
		return ret;
	}
	return 0;
}

/**
 * loop_set_events() - change the events a watch asks for
 * @w:		a registered watch
 * @events:	new event mask
 *
 * Return: 0 on success (also when nothing changes), negative errno on failure
 */
int loop_set_events(struct loop_watch *w, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	if (w->fd < 0 || w->events == events)
		return 0;
	if (epoll_ctl(loop_epfd, EPOLL_CTL_MOD, w->fd, &ev) < 0)
		return -errno;
	w->events = events;
	return 0;
}

/**
 * loop_del() - stop watching a descriptor (the caller closes it)
 * @w:	the watch; nothing happens if it is not registered
 */
void loop_del(struct loop_watch *w)
{
	if (w->fd < 0)
		return;
	epoll_ctl(loop_epfd, EPOLL_CTL_DEL, w->fd, NULL);
	w->fd = -1;
}

/**
 * loop_timer_arm() - (re)arm a one-shot timer
 * @t:		timer, owned by the caller
 * @delay_ms:	milliseconds from now
 * @fn:		called at expiry
 */
void loop_timer_arm(struct loop_timer *t, uint64_t delay_ms, loop_timer_fn fn)
{
	loop_timer_cancel(t);
	t->when_ms = loop_now_ms() + delay_ms;
	t->fn = fn;
	t->next = loop_timers;
	loop_timers = t;
}

/**
 * loop_timer_cancel() - disarm a timer; harmless if it is not armed
 * @t:	timer
 */
void loop_timer_cancel(struct loop_timer *t)
{
	struct loop_timer **pp;

	for (pp = &loop_timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->when_ms = 0;
	t->next = NULL;
}

/**
 * loop_add_batch_hook() - add a hook run after each batch of events
 * @fn:	hook; hooks run in the order they were added
 *
 * Return: 0, or -ENOSPC when there are too many
 */
int loop_add_batch_hook(void (*fn)(void))
{
	if (loop_nhooks >= LOOP_HOOKS)
		return -ENOSPC;
	loop_hooks[loop_nhooks++] = fn;
	return 0;
}

static int loop_timeout(void)
{
	uint64_t now = loop_now_ms(), first = UINT64_MAX;
	struct loop_timer *t;

	for (t = loop_timers; t; t = t->next)
		if (t->when_ms < first)
			first = t->when_ms;
	if (first == UINT64_MAX)
		return -1;
	return first <= now ? 0 : (int)(first - now);
}

static void loop_run_timers(void)
{
	uint64_t now = loop_now_ms();
	struct loop_timer *t;

again:
	for (t = loop_timers; t; t = t->next) {
		if (t->when_ms <= now) {
			loop_timer_cancel(t);
			t->fn(t);
			goto again;	/* the list may have changed */
		}
	}
}

/**
 * loop_run() - dispatch events until loop_quit()
 *
 * Return: the status given to loop_quit()
 */
int loop_run(void)
{
	struct epoll_event ev[LOOP_EVENTS];

	loop_stop = false;
	while (!loop_stop) {
		int n = epoll_wait(loop_epfd, ev, LOOP_EVENTS, loop_timeout());

		if (n < 0 && errno != EINTR)
			die(1, "epoll_wait: %s", errstr(errno));
		for (int i = 0; i < n; i++) {
			struct loop_watch *w = ev[i].data.ptr;

			if (w->fd >= 0)
				w->fn(w, ev[i].events);
		}
		loop_run_timers();
		for (unsigned int i = 0; i < loop_nhooks; i++)
			loop_hooks[i]();
	}
	return loop_status;
}

/**
 * loop_quit() - make loop_run() return after the current batch
 * @status:	value loop_run() returns
 */
void loop_quit(int status)
{
	loop_stop = true;
	loop_status = status;
}

/**
 * loop_running() - tell whether loop_run() is dispatching
 *
 * Return: true between loop_run() start and loop_quit()
 */
bool loop_running(void)
{
	return !loop_stop;
}
