/* SPDX-License-Identifier: GPL-2.0-or-later */
/* loop.h - the single epoll event loop, its watches and timers */
#ifndef GN_LOOP_H
#define GN_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct loop_watch;
struct loop_timer;

typedef void (*loop_watch_fn)(struct loop_watch *w, uint32_t events);
typedef void (*loop_timer_fn)(struct loop_timer *t);

/**
 * struct loop_watch - one file descriptor in the loop
 * @fd:		the descriptor, -1 when not registered
 * @events:	EPOLLIN/EPOLLOUT currently asked for
 * @fn:		called with the ready events
 */
struct loop_watch {
	int fd;
	uint32_t events;
	loop_watch_fn fn;
};

/**
 * struct loop_timer - a one-shot timer, re-armed by its owner
 * @when_ms:	expiry on the monotonic clock, 0 when not armed
 * @fn:		called once at expiry
 * @next:	link in the loop's list of armed timers
 */
struct loop_timer {
	uint64_t when_ms;
	loop_timer_fn fn;
	struct loop_timer *next;
};

int loop_init(void);
void loop_fini(void);
int loop_add(struct loop_watch *w, int fd, uint32_t events, loop_watch_fn fn);
int loop_set_events(struct loop_watch *w, uint32_t events);
void loop_del(struct loop_watch *w);
void loop_timer_arm(struct loop_timer *t, uint64_t delay_ms, loop_timer_fn fn);
void loop_timer_cancel(struct loop_timer *t);
int loop_add_batch_hook(void (*fn)(void));
int loop_run(void);
void loop_quit(int status);
bool loop_running(void);
uint64_t loop_now_ms(void);

#endif /* GN_LOOP_H */
