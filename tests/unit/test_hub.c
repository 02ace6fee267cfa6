// SPDX-License-Identifier: GPL-2.0-or-later
/* test_hub.c - unit tests of hubs, the learning switch, transmit queues
 * and the MAC table (emu/hub.c, emu/port.c, emu/mactable.c)
 */

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <cmocka.h>

#include "chunk.h"
#include "fixture.h"
#include "frame.h"
#include "hub.h"
#include "loop.h"
#include "mactable.h"
#include "port.h"

static void fake_rx(struct port *p)
{
	(void)p;
}

static int fake_tx(struct port *p)
{
	(void)p;
	return -EAGAIN;		/* keep everything queued for inspection */
}

static void fake_destroy(struct port *p)
{
	free(p);
}

static const struct port_ops fake_ops = {
	.type = "fake", .rx = fake_rx, .tx = fake_tx, .destroy = fake_destroy,
};

static struct port *fake_port(const char *id, struct hub *h)
{
	struct port *p = calloc(1, sizeof(*p));

	assert_non_null(p);
	port_init(p, &fake_ops, id);
	assert_int_equal(port_watch(p, eventfd(0, EFD_NONBLOCK)), 0);
	hub_attach(h, p);
	return p;
}

static struct frame make_frame(struct chunk *c, uint32_t off, const uint8_t *dst,
			       const uint8_t *src, uint32_t len)
{
	struct frame f = { .chunk = c, .off = off, .len = len };

	memset(frame_data(&f), 0, len);
	if (len >= 12) {
		memcpy(frame_data(&f), dst, 6);
		memcpy(frame_data(&f) + 6, src, 6);
	}
	frame_set_header(&f);
	return f;
}

static const uint8_t mac_a[6] = { 2, 0, 0, 0, 0, 0xa };
static const uint8_t mac_b[6] = { 2, 0, 0, 0, 0, 0xb };
static const uint8_t mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void test_flood(void **state)
{
	struct hub *h = hub_get(1);
	struct port *p1 = fake_port("p1", h), *p2 = fake_port("p2", h);
	struct port *p3 = fake_port("p3", h);
	struct chunk *c = chunk_get();
	struct frame f = make_frame(c, 4, mac_b, mac_a, 60);

	(void)state;
	hub_input(p1, &f, 1);
	assert_int_equal(p1->txq.count, 0);
	assert_int_equal(p2->txq.count, 1);
	assert_int_equal(p3->txq.count, 1);
	assert_int_equal(p1->stats.rx_frames, 1);
	assert_int_equal(p1->stats.rx_bytes, 60);
	assert_int_equal(c->refs, 3);
	chunk_put(c);
}

static void test_runt_dropped(void **state)
{
	struct hub *h = hub_get(2);
	struct port *p1 = fake_port("r1", h), *p2 = fake_port("r2", h);
	struct chunk *c = chunk_get();
	struct frame f[2] = { make_frame(c, 4, mac_b, mac_a, 0),
			      make_frame(c, 8, mac_b, mac_a, 13) };

	(void)state;
	hub_input(p1, f, 2);
	assert_int_equal(p1->stats.drops[DROP_RUNT], 2);
	assert_int_equal(p1->stats.rx_frames, 0);
	assert_int_equal(p2->txq.count, 0);
	chunk_put(c);
}

static void test_switch_learns(void **state)
{
	struct hub *h = hub_get(3);
	struct port *pa, *pb, *pc;
	struct chunk *c = chunk_get();
	struct frame f;

	(void)state;
	hub_set_switch(h, true, 300);
	pa = fake_port("sa", h);
	pb = fake_port("sb", h);
	pc = fake_port("sc", h);

	/* unknown destination: flooded; source A learnt behind pa */
	f = make_frame(c, 4, mac_b, mac_a, 60);
	hub_input(pa, &f, 1);
	assert_int_equal(pb->txq.count, 1);
	assert_int_equal(pc->txq.count, 1);

	/* B answers A: only pa gets it; B learnt behind pb */
	f = make_frame(c, 100, mac_a, mac_b, 60);
	hub_input(pb, &f, 1);
	assert_int_equal(pa->txq.count, 1);
	assert_int_equal(pc->txq.count, 1);

	/* A to B now goes to pb only */
	f = make_frame(c, 200, mac_b, mac_a, 60);
	hub_input(pa, &f, 1);
	assert_int_equal(pb->txq.count, 2);
	assert_int_equal(pc->txq.count, 1);

	/* broadcast is flooded */
	f = make_frame(c, 300, mac_bcast, mac_a, 60);
	hub_input(pa, &f, 1);
	assert_int_equal(pb->txq.count, 3);
	assert_int_equal(pc->txq.count, 2);

	/* a port leaving is forgotten: B unknown again, flooded */
	port_close(pb);
	port_flush_all();
	f = make_frame(c, 400, mac_b, mac_a, 60);
	hub_input(pa, &f, 1);
	assert_int_equal(pc->txq.count, 3);
	chunk_put(c);
}

static void test_queue_bounds_and_congestion(void **state)
{
	struct hub *h = hub_get(4);
	struct port *src = fake_port("q1", h), *dst = fake_port("q2", h);
	struct chunk *c = chunk_get();
	struct frame f = make_frame(c, 4, mac_b, mac_a, 60);

	(void)state;
	for (unsigned int i = 0; i < TXQ_CAP_FRAMES + 5; i++)
		hub_input(src, &f, 1);
	assert_int_equal(dst->txq.count, TXQ_CAP_FRAMES);
	assert_int_equal(dst->stats.drops[DROP_QUEUE_FULL], 5);
	assert_true(port_is_congested(dst, loop_now_ms()));

	/* the source must wait... */
	assert_true(hub_congested(h, src, loop_now_ms()));
	assert_false(hub_congested(h, dst, loop_now_ms()));
	assert_false(port_may_read(src));
	assert_true(src->rx_paused);
	assert_true(port_may_read(dst));
	/* ...unless the destination stalled */
	dst->progress_ms = loop_now_ms() - PORT_STALL_MS - 1;
	assert_false(port_is_congested(dst, loop_now_ms()));
	assert_false(hub_congested(h, src, loop_now_ms()));
	assert_true(port_may_read(src));
	assert_false(src->rx_paused);

	/* progress resets the stall clock; draining below the marks resumes */
	port_tx_done(dst, TXQ_CAP_FRAMES - 10, (size_t)(TXQ_CAP_FRAMES - 10) * 60);
	assert_int_equal(dst->stats.tx_frames, TXQ_CAP_FRAMES - 10);
	assert_false(port_is_congested(dst, loop_now_ms()));
	port_drop_queue(dst, DROP_LINK_DOWN);
	assert_int_equal(dst->txq.count, 0);
	assert_int_equal(dst->stats.drops[DROP_LINK_DOWN], 10);
	chunk_put(c);
}

static void test_paused_port_closed(void **state)
{
	struct hub *h = hub_get(6);
	struct port *src = fake_port("p1", h), *dst = fake_port("p2", h);
	struct port *other = fake_port("p3", h);
	struct chunk *c = chunk_get();
	struct frame f = make_frame(c, 4, mac_b, mac_a, 60);

	(void)state;
	for (unsigned int i = 0; i < TXQ_HIGH_FRAMES; i++)
		hub_input(src, &f, 1);
	assert_false(port_may_read(src));
	assert_false(port_may_read(other));
	/* a paused port that closes leaves the paused list */
	port_close(src);
	port_flush_all();
	assert_true(other->rx_paused);
	/* a paused port moved off the hub may read again */
	hub_detach(other);
	assert_true(port_may_read(other));
	assert_false(other->rx_paused);
	port_drop_queue(dst, DROP_LINK_DOWN);
	chunk_put(c);
}

static void test_byte_cap(void **state)
{
	struct hub *h = hub_get(5);
	struct port *src = fake_port("b1", h), *dst = fake_port("b2", h);
	struct chunk *c = chunk_get();
	struct frame f = make_frame(c, 4, mac_b, mac_a, FRAME_MAX);
	unsigned int fit = TXQ_CAP_BYTES / FRAME_MAX;

	(void)state;
	for (unsigned int i = 0; i < fit + 3; i++)
		hub_input(src, &f, 1);
	assert_int_equal(dst->txq.count, fit);
	assert_int_equal(dst->stats.drops[DROP_QUEUE_FULL], 3);
	chunk_put(c);
}

static void test_mactable(void **state)
{
	struct mactable t;
	uintptr_t i;

	(void)state;
	mactable_init(&t, 5000, 1000);
	for (i = 1; i <= 3000; i++)
		mactable_learn(&t, i * 7919, (void *)(i % 3 + 1), 10);
	for (i = 1; i <= 3000; i++)
		assert_ptr_equal(mactable_lookup(&t, i * 7919, 20), (void *)(i % 3 + 1));
	mactable_forget_val(&t, (void *)2);
	for (i = 1; i <= 3000; i++)
		assert_ptr_equal(mactable_lookup(&t, i * 7919, 20),
				 i % 3 + 1 == 2 ? NULL : (void *)(i % 3 + 1));
	assert_int_equal(t.used, 2000);
	/* refresh half of the rest, expire the others */
	for (i = 1; i <= 3000; i += 2)
		mactable_learn(&t, i * 7919, (void *)(i % 3 + 1), 900);
	mactable_expire(&t, 1500);
	for (i = 1; i <= 3000; i++) {
		void *want = i % 2 ? (void *)(i % 3 + 1) : NULL;

		assert_ptr_equal(mactable_lookup(&t, i * 7919, 1500), want);
	}
	/* aged entries are not returned even before a sweep */
	assert_null(mactable_lookup(&t, 1 * 7919, 5000));
	mactable_fini(&t);

	/* bounded: past max, nothing new is learnt */
	mactable_init(&t, 4, 1000);
	for (i = 1; i <= 10; i++)
		mactable_learn(&t, i, (void *)1, 0);
	assert_int_equal(t.used, 4);
	assert_null(mactable_lookup(&t, 9, 0));
	mactable_fini(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flood),
		cmocka_unit_test(test_runt_dropped),
		cmocka_unit_test(test_switch_learns),
		cmocka_unit_test(test_queue_bounds_and_congestion),
		cmocka_unit_test(test_paused_port_closed),
		cmocka_unit_test(test_byte_cap),
		cmocka_unit_test(test_mactable),
	};

	return cmocka_run_group_tests_name("hub", tests, fixture_setup, fixture_teardown);
}
