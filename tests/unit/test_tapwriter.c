// SPDX-License-Identifier: GPL-2.0-or-later
/* test_tapwriter.c - unit tests of a tap's writer thread (emu/tapwriter.c)
 *
 * A unix datagram socket pair stands in for the tap: one frame per
 * write, as a tap takes them, read back at the other end.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "chunk.h"
#include "fixture.h"
#include "frame.h"
#include "loop.h"
#include "tapwriter.h"

#define HDR_LEN		10U
#define MANY		500U

static int rooms;

/* The virtio-net header every test writes before its frames */
static const uint8_t hdr[HDR_LEN] = { [0 ... HDR_LEN - 1] = 0x5a };

static void count_room(void *opaque)
{
	(void)opaque;
	rooms++;
	loop_quit(0);
}

/* A frame of @len bytes, the first four its number, in a chunk of its own */
static struct frame make_frame(uint32_t n, uint32_t len)
{
	struct frame f = { .chunk = chunk_get(), .off = FRAME_HDR, .len = len };

	memset(frame_data(&f), (int)(n & 0xff), len);
	memcpy(frame_data(&f), &n, sizeof(n));
	return f;
}

/* Push @f until the ring takes it, the test's own frame reference dropped */
static void push_frame(struct tapwriter *w, struct frame f, const uint8_t *hdr)
{
	while (!tapwriter_push(w, &f, hdr)) {
		assert_false(tapwriter_failed(w));
		if (!tapwriter_wait_room(w))
			assert_int_equal(loop_run(), 0);
	}
	chunk_put(f.chunk);
}

/* Read frame @n (header then data) from @fd, waiting for it */
static void expect_frame(int fd, uint32_t n, uint32_t len)
{
	uint8_t buf[HDR_LEN + 2048];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint32_t got;
	ssize_t r;

	assert_int_equal(poll(&pfd, 1, 5000), 1);
	r = read(fd, buf, sizeof(buf));
	assert_int_equal(r, HDR_LEN + len);
	assert_int_equal(buf[0], 0x5a);
	memcpy(&got, buf + HDR_LEN, sizeof(got));
	assert_int_equal(got, n);
	assert_int_equal(buf[HDR_LEN + len - 1], n & 0xff);
}

/* The writer has published every frame it wrote (after the reader saw it) */
static void wait_idle(struct tapwriter *w)
{
	for (int ms = 0; ms < 5000 && !tapwriter_idle(w); ms++)
		usleep(1000);
	assert_true(tapwriter_idle(w));
}

/* A writer on one end of a datagram pair whose send buffer is @sndbuf */
static struct tapwriter *open_pair(int sv[2], int sndbuf)
{
	struct tapwriter *w;

	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(fcntl(sv[0], F_SETFL, O_NONBLOCK), 0);
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	assert_int_equal(tapwriter_open(sv[0], HDR_LEN, count_room, NULL, &w), 0);
	return w;
}

/* Frames come out in order, whole, with their headers; none is lost */
static void test_in_order(void **state)
{
	struct tapwriter *w;
	int sv[2];

	(void)state;
	w = open_pair(sv, 1 << 20);
	for (uint32_t n = 0; n < MANY; n++) {
		push_frame(w, make_frame(n, 64 + n % 1400), hdr);
		tapwriter_kick(w);
		if (n % 50 == 49)	/* let it fill, then drain what it wrote */
			for (uint32_t m = n - 49; m <= n; m++)
				expect_frame(sv[1], m, 64 + m % 1400);
	}
	wait_idle(w);
	tapwriter_reclaim(w);
	assert_int_equal(chunk_pool_in_use(), 0);
	tapwriter_close(w);
	close(sv[0]);
	close(sv[1]);
}

/* A peer that reads nothing fills the ring; on_room runs once it reads */
static void test_full_ring_waits_for_room(void **state)
{
	struct tapwriter *w;
	uint32_t pushed = 0;
	int sv[2];

	(void)state;
	w = open_pair(sv, 4096);
	do {	/* fill the ring; the writer may take a few more meanwhile */
		for (;;) {
			struct frame f = make_frame(pushed, 1000);
			bool ok = tapwriter_push(w, &f, hdr);

			chunk_put(f.chunk);
			if (!ok)
				break;
			pushed++;
			tapwriter_kick(w);
		}
		assert_false(tapwriter_failed(w));
		usleep(1000);
	} while (tapwriter_wait_room(w));
	assert_true(pushed >= 32);
	rooms = 0;
	for (uint32_t n = 0; n < 8; n++)
		expect_frame(sv[1], n, 1000);
	assert_int_equal(loop_run(), 0);
	assert_int_equal(rooms, 1);
	for (uint32_t n = 8; n < pushed; n++)
		expect_frame(sv[1], n, 1000);
	tapwriter_close(w);
	assert_int_equal(chunk_pool_in_use(), 0);
	close(sv[0]);
	close(sv[1]);
}

/* Closing writes what was given first; the caller's descriptor stays open */
static void test_close_writes_the_rest(void **state)
{
	struct tapwriter *w;
	int sv[2];

	(void)state;
	w = open_pair(sv, 1 << 20);
	for (uint32_t n = 0; n < 40; n++)
		push_frame(w, make_frame(n, 1500), hdr);
	tapwriter_kick(w);
	tapwriter_close(w);
	assert_int_equal(chunk_pool_in_use(), 0);
	for (uint32_t n = 0; n < 40; n++)
		expect_frame(sv[1], n, 1500);
	assert_int_equal(fcntl(sv[0], F_GETFD), FD_CLOEXEC);
	close(sv[0]);
	close(sv[1]);
}

/* A descriptor that refuses writes: the frames are counted, not kept */
static void test_errors_counted(void **state)
{
	struct tapwriter *w;
	uint64_t errors = 0;
	int sv[2];

	(void)state;
	w = open_pair(sv, 1 << 20);
	close(sv[1]);		/* writes fail with ECONNREFUSED */
	for (uint32_t n = 0; n < 10; n++)
		push_frame(w, make_frame(n, 100), hdr);
	tapwriter_kick(w);
	wait_idle(w);
	errors = tapwriter_reclaim(w);
	assert_int_equal(errors, 10);
	assert_int_equal(tapwriter_reclaim(w), 0);
	assert_int_equal(chunk_pool_in_use(), 0);
	tapwriter_close(w);
	close(sv[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_in_order, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_full_ring_waits_for_room,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_close_writes_the_rest,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_errors_counted, fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
