// SPDX-License-Identifier: GPL-2.0-or-later
/* test_tcpwin.c - unit tests of the TCP window-scaling relay between the
 * guest and libslirp (emu/tcpwin.c)
 *
 * Frames are built by hand: G is the guest 10.0.2.15:40000 (or fec0::15),
 * S is slirp's side 10.0.2.2:5201 (or fec0::2). Every frame the relay
 * rewrites must still carry valid checksums.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "chunk.h"
#include "frame.h"
#include "tcpwin.h"
#include "wire.h"

#define FIN	0x01
#define SYN	0x02
#define RST	0x04
#define ACK	0x10
#define PSH	0x08

/**
 * struct seg - what to build
 * @from_guest:	direction
 * @v6:		IPv6 instead of IPv4
 * @flags:	TCP flags
 * @seq:	sequence number
 * @ack:	acknowledgement number
 * @win:	window field
 * @wscale:	window-scale option to add (SYN), or -1
 * @payload:	payload bytes
 */
struct seg {
	bool from_guest;
	bool v6;
	uint8_t flags;
	uint32_t seq;
	uint32_t ack;
	uint16_t win;
	int wscale;
	size_t payload;
};

static uint32_t sum(const uint8_t *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += get16(p + i);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static uint8_t *ip_of(uint8_t *f)
{
	return f + 14;
}

static uint8_t *tcp_of(uint8_t *f)
{
	return f + 14 + (f[12] == 0x86 ? 40 : 20);
}

static size_t tcp_len_of(uint8_t *f)
{
	uint8_t *ip = ip_of(f);

	return f[12] == 0x86 ? get16(ip + 4) : get16(ip + 2) - 20;
}

/* Do the IP and TCP checksums of a frame verify? */
static bool checksums_ok(uint8_t *f)
{
	uint8_t *ip = ip_of(f), *tcp = tcp_of(f);
	size_t tl = tcp_len_of(f);
	uint32_t s;

	if (f[12] == 0x86) {
		s = sum(ip + 8, 32, 0);
	} else {
		if (fold(sum(ip, 20, 0)))
			return false;
		s = sum(ip + 12, 8, 0);
	}
	s += 6 + (uint32_t)tl;
	return fold(sum(tcp, tl, s)) == 0;
}

static size_t build(uint8_t *f, const struct seg *g)
{
	uint8_t *ip = f + 14, *tcp;
	uint8_t ga[16] = { 10, 0, 2, 15 }, sa[16] = { 10, 0, 2, 2 };
	size_t opt = g->wscale >= 0 ? 4 : 0, tl = 20 + opt + g->payload, iplen;

	if (g->v6) {
		uint8_t p6[16] = { 0xfe, 0xc0 };

		memcpy(ga, p6, 16);
		memcpy(sa, p6, 16);
		ga[15] = 0x15;
		sa[15] = 0x02;
	}
	iplen = (g->v6 ? 40 : 20) + tl;
	memset(f, 0, 14 + iplen);
	f[12] = g->v6 ? 0x86 : 0x08;
	f[13] = g->v6 ? 0xdd : 0x00;
	if (g->v6) {
		ip[0] = 0x60;
		put16(ip + 4, (uint32_t)tl);
		ip[6] = 6;
		ip[7] = 64;
		memcpy(ip + 8, g->from_guest ? ga : sa, 16);
		memcpy(ip + 24, g->from_guest ? sa : ga, 16);
		tcp = ip + 40;
	} else {
		ip[0] = 0x45;
		put16(ip + 2, (uint32_t)iplen);
		ip[8] = 64;
		ip[9] = 6;
		memcpy(ip + 12, g->from_guest ? ga : sa, 4);
		memcpy(ip + 16, g->from_guest ? sa : ga, 4);
		put16(ip + 10, fold(sum(ip, 20, 0)));
		tcp = ip + 20;
	}
	put16(tcp, g->from_guest ? 40000 : 5201);
	put16(tcp + 2, g->from_guest ? 5201 : 40000);
	put32(tcp + 4, g->seq);
	put32(tcp + 8, g->ack);
	tcp[12] = (uint8_t)(((20 + opt) / 4) << 4);
	tcp[13] = g->flags;
	put16(tcp + 14, g->win);
	if (opt) {
		tcp[20] = 1;
		tcp[21] = 3;
		tcp[22] = 3;
		tcp[23] = (uint8_t)g->wscale;
	}
	for (size_t i = 0; i < g->payload; i++)
		tcp[20 + opt + i] = (uint8_t)i;
	put16(tcp + 16, fold(sum(tcp, tl, sum(f[12] == 0x86 ? ip + 8 : ip + 12,
					      g->v6 ? 32 : 8, 6 + (uint32_t)tl))));
	return 14 + iplen;
}

/* A frame from the guest in a chunk of its own */
static struct frame guest_frame(const struct seg *g)
{
	struct frame fr = { .chunk = chunk_get(), .off = FRAME_HDR };

	fr.len = (uint32_t)build(frame_data(&fr), g);
	return fr;
}

/* Pass a guest frame through the relay like port_user.c does */
static enum tcpwin_verdict from_guest(struct tcpwin *tw, const struct seg *g,
				      struct frame *out)
{
	struct frame fr = guest_frame(g);
	enum tcpwin_verdict v = tcpwin_from_guest(tw, &fr);

	if (out)
		*out = fr;
	assert_true(checksums_ok(frame_data(&fr)));
	if (!out)
		chunk_put(fr.chunk);
	return v;
}

/* Pass a slirp frame through the relay; return its new length */
static size_t to_guest(struct tcpwin *tw, const struct seg *g, uint8_t *f)
{
	size_t len = build(f, g);

	return tcpwin_to_guest(tw, f, len, len + 4);
}

#define G_ISN	1000U
#define S_ISN	64000U

/* Handshake with window scaling; afterwards slirp announces a full window */
static struct tcpwin *connected(bool v6)
{
	struct tcpwin *tw = tcpwin_new();
	uint8_t f[256];
	struct seg syn = { true, v6, SYN, G_ISN, 0, 65480, 7, 0 };
	struct seg synack = { false, v6, SYN | ACK, S_ISN, G_ISN + 1, 65535, -1, 0 };
	size_t len;

	assert_non_null(tw);
	assert_int_equal(from_guest(tw, &syn, NULL), TCPWIN_FEED);
	len = to_guest(tw, &synack, f);
	assert_int_equal(len, build(f, &synack) + 4);
	return tw;
}

static void test_synack_gets_option(void **state)
{
	struct seg syn = { true, false, SYN, G_ISN, 0, 65480, 7, 0 };
	struct seg synack = { false, false, SYN | ACK, S_ISN, G_ISN + 1, 65535, -1, 0 };
	struct tcpwin *tw = tcpwin_new();
	uint8_t f[256];
	size_t plain, len;
	uint8_t *tcp;

	(void)state;
	from_guest(tw, &syn, NULL);
	plain = build(f, &synack);
	len = tcpwin_to_guest(tw, f, plain, plain + 4);
	assert_int_equal(len, plain + 4);
	tcp = tcp_of(f);
	assert_int_equal(tcp[12] >> 4, 6);
	assert_memory_equal(tcp + 20, ((uint8_t[]){ 1, 3, 3, TCPWIN_SHIFT }), 4);
	assert_int_equal(get16(ip_of(f) + 2), 20 + 24);
	assert_int_equal(get16(tcp + 14), 65535);	/* SYN windows never scale */
	assert_true(checksums_ok(f));
	tcpwin_free(tw);
}

static void test_synack_v6(void **state)
{
	struct tcpwin *tw;
	uint8_t f[256];
	struct seg synack = { false, true, SYN | ACK, S_ISN, G_ISN + 1, 65535, -1, 0 };
	size_t plain;

	(void)state;
	tw = tcpwin_new();
	from_guest(tw, &(struct seg){ true, true, SYN, G_ISN, 0, 65480, 7, 0 }, NULL);
	plain = build(f, &synack);
	assert_int_equal(tcpwin_to_guest(tw, f, plain, plain + 4), plain + 4);
	assert_int_equal(get16(ip_of(f) + 4), 24);
	assert_true(checksums_ok(f));
	tcpwin_free(tw);
}

static void test_unscaled_passes(void **state)
{
	struct seg syn = { true, false, SYN, G_ISN, 0, 65480, -1, 0 };
	struct seg synack = { false, false, SYN | ACK, S_ISN, G_ISN + 1, 65535, -1, 0 };
	struct seg ack = { false, false, ACK, S_ISN + 1, G_ISN + 1, 65535, -1, 0 };
	struct tcpwin *tw = tcpwin_new();
	struct tcpwin_stats st;
	uint8_t f[256], orig[256];
	size_t len;

	(void)state;
	from_guest(tw, &syn, NULL);		/* no window-scale option */
	len = build(orig, &synack);
	memcpy(f, orig, len);
	assert_int_equal(tcpwin_to_guest(tw, f, len, len + 4), len);
	assert_memory_equal(f, orig, len);
	len = build(orig, &ack);
	memcpy(f, orig, len);
	assert_int_equal(tcpwin_to_guest(tw, f, len, len + 4), len);
	assert_memory_equal(f, orig, len);
	tcpwin_get_stats(tw, &st);
	assert_int_equal(st.flows, 0);
	assert_int_equal(st.unscaled, 1);
	/* a SYN-ACK with no room to grow leaves the connection unscaled */
	from_guest(tw, &(struct seg){ true, false, SYN, G_ISN, 0, 65480, 7, 0 }, NULL);
	len = build(f, &synack);
	assert_int_equal(tcpwin_to_guest(tw, f, len, len), len);
	tcpwin_get_stats(tw, &st);
	assert_int_equal(st.flows, 0);
	assert_int_equal(st.unscaled, 2);
	tcpwin_free(tw);
}

static void test_windows_rewritten(void **state)
{
	struct tcpwin *tw = connected(false);
	struct seg ack = { false, false, ACK, S_ISN + 1, G_ISN + 1, 65535, -1, 0 };
	struct seg small = { false, false, ACK, S_ISN + 1, G_ISN + 1, 1000, -1, 0 };
	struct seg gack = { true, false, ACK, G_ISN + 1, S_ISN + 1, 64, -1, 0 };
	struct frame fr;
	uint8_t f[256];

	(void)state;
	/* slirp has room: the guest may send TCPWIN_EXTRA more */
	to_guest(tw, &ack, f);
	assert_int_equal(get16(tcp_of(f) + 14),
			 (65535 + TCPWIN_EXTRA + (1 << TCPWIN_SHIFT) - 1) >> TCPWIN_SHIFT);
	assert_true(checksums_ok(f));
	/* slirp's window shrinks: the right edge we announced stays */
	to_guest(tw, &small, f);
	assert_int_equal(get16(tcp_of(f) + 14),
			 (65535 + TCPWIN_EXTRA + (1 << TCPWIN_SHIFT) - 1) >> TCPWIN_SHIFT);
	/* the guest's window (shift 7) reaches slirp in bytes, at most 65535 */
	assert_int_equal(from_guest(tw, &gack, &fr), TCPWIN_FEED);
	assert_int_equal(get16(frame_data(&fr) + 34 + 14), 64 << 7 > 65535 ? 65535 : 64 << 7);
	chunk_put(fr.chunk);
	gack.win = 600;			/* 76800 bytes */
	assert_int_equal(from_guest(tw, &gack, &fr), TCPWIN_FEED);
	assert_int_equal(get16(frame_data(&fr) + 34 + 14), 65535);
	chunk_put(fr.chunk);
	gack.win = 3;
	assert_int_equal(from_guest(tw, &gack, &fr), TCPWIN_FEED);
	assert_int_equal(get16(frame_data(&fr) + 34 + 14), 3 << 7);
	chunk_put(fr.chunk);
	tcpwin_free(tw);
}

/* Data beyond slirp's window waits, in order, until slirp acknowledges;
 * large frames are held by reference */
static void test_hold_and_release(void **state)
{
	struct tcpwin *tw = connected(false);
	struct seg data = { true, false, ACK | PSH, G_ISN + 1, S_ISN + 1, 64, -1, 40000 };
	struct seg sack = { false, false, ACK, S_ISN + 1, 0, 65535, -1, 0 };
	struct frame held[2], out;
	struct tcpwin_stats st;
	uint8_t f[256];

	(void)state;
	/* slirp announced 65535 in its SYN-ACK: one segment fits */
	assert_int_equal(from_guest(tw, &data, NULL), TCPWIN_FEED);
	data.seq += 40000;
	assert_int_equal(from_guest(tw, &data, &held[0]), TCPWIN_HELD);
	assert_int_equal(held[0].chunk->refs, 2);	/* ours and the relay's */
	data.seq += 40000;
	assert_int_equal(from_guest(tw, &data, &held[1]), TCPWIN_HELD);
	tcpwin_get_stats(tw, &st);
	assert_int_equal(st.held_frames, 2);
	assert_false(tcpwin_next_ready(tw, &out));
	/* slirp takes the first */
	sack.ack = G_ISN + 1 + 40000;
	to_guest(tw, &sack, f);
	assert_true(tcpwin_next_ready(tw, &out));
	assert_ptr_equal(out.chunk, held[0].chunk);
	chunk_put(out.chunk);
	assert_false(tcpwin_next_ready(tw, &out));	/* 80000..120000 does not fit */
	sack.ack += 40000;
	to_guest(tw, &sack, f);
	assert_true(tcpwin_next_ready(tw, &out));
	assert_ptr_equal(out.chunk, held[1].chunk);
	chunk_put(out.chunk);
	assert_false(tcpwin_next_ready(tw, &out));
	assert_int_equal(held[0].chunk->refs, 1);
	chunk_put(held[0].chunk);
	chunk_put(held[1].chunk);
	tcpwin_get_stats(tw, &st);
	assert_int_equal(st.held_frames, 0);
	assert_int_equal(st.held_total, 2);
	tcpwin_free(tw);
	assert_int_equal(chunk_pool_in_use(), 0);
}

/* Small frames are held as dense copies: the original chunk is let go */
static void test_hold_small_copies(void **state)
{
	struct tcpwin *tw = connected(false);
	struct seg data = { true, false, ACK, G_ISN + 1 + 70000, S_ISN + 1, 64, -1, 1000 };
	struct seg sack = { false, false, ACK, S_ISN + 1, G_ISN + 1 + 70000, 65535, -1, 0 };
	struct frame orig[2], out;
	uint8_t f[256];

	(void)state;
	for (int i = 0; i < 2; i++) {
		assert_int_equal(from_guest(tw, &data, &orig[i]), TCPWIN_HELD);
		assert_int_equal(orig[i].chunk->refs, 1);	/* not kept */
		data.seq += 1000;
	}
	to_guest(tw, &sack, f);
	for (int i = 0; i < 2; i++) {
		assert_true(tcpwin_next_ready(tw, &out));
		assert_ptr_not_equal(out.chunk, orig[i].chunk);
		assert_int_equal(out.len, orig[i].len);
		assert_memory_equal(frame_data(&out), frame_data(&orig[i]), out.len);
		assert_memory_equal(frame_data(&out) - FRAME_HDR,
				    ((uint8_t[]){ 0, 0, out.len >> 8, out.len & 0xff }), 4);
		chunk_put(out.chunk);
		chunk_put(orig[i].chunk);
	}
	tcpwin_free(tw);
	assert_int_equal(chunk_pool_in_use(), 0);
}

/* A copy of held data is dropped; a copy of data slirp has is fed */
static void test_retransmissions(void **state)
{
	struct tcpwin *tw = connected(false);
	struct seg data = { true, false, ACK, G_ISN + 1, S_ISN + 1, 64, -1, 40000 };
	struct seg sack = { false, false, ACK, S_ISN + 1, G_ISN + 40001, 65535, -1, 0 };
	struct frame gap, out;
	uint8_t f[256];

	(void)state;
	assert_int_equal(from_guest(tw, &data, NULL), TCPWIN_FEED);
	to_guest(tw, &sack, f);
	data.seq = G_ISN + 40001 + 40000;	/* leaves a gap: beyond the window */
	assert_int_equal(from_guest(tw, &data, NULL), TCPWIN_HELD);
	assert_int_equal(from_guest(tw, &data, NULL), TCPWIN_DROP);
	data.seq = G_ISN + 1;			/* slirp has it: it answers */
	assert_int_equal(from_guest(tw, &data, NULL), TCPWIN_FEED);
	/* data before the held segment that we never held (dropped for want
	 * of room, or reordered) is new to slirp: kept, not dropped */
	data.seq = G_ISN + 40001;
	assert_int_equal(from_guest(tw, &data, &gap), TCPWIN_HELD);
	assert_int_equal(from_guest(tw, &data, NULL), TCPWIN_DROP);
	/* held in sequence order: the gap goes first, and fits */
	assert_true(tcpwin_next_ready(tw, &out));
	assert_ptr_equal(out.chunk, gap.chunk);
	chunk_put(out.chunk);
	chunk_put(gap.chunk);
	assert_false(tcpwin_next_ready(tw, &out));
	tcpwin_free(tw);			/* releases what it holds */
}

/* A stalled flow gets a probe; slirp's answer is kept from the guest */
static void test_probe(void **state)
{
	struct tcpwin *tw = connected(false);
	struct seg data = { true, false, ACK, G_ISN + 1, S_ISN + 1, 64, -1, 60000 };
	struct seg zero = { false, false, ACK, S_ISN + 1, G_ISN + 60001, 0, -1, 0 };
	struct seg answer = { false, false, ACK, S_ISN + 1, G_ISN + 60001, 65535, -1, 0 };
	uint8_t f[256], probe[TCPWIN_PROBE_MAX];
	struct frame out;
	size_t len;

	(void)state;
	assert_int_equal(from_guest(tw, &data, NULL), TCPWIN_FEED);
	to_guest(tw, &zero, f);			/* slirp's buffer is full */
	data.seq += 60000;
	assert_int_equal(from_guest(tw, &data, NULL), TCPWIN_HELD);
	tcpwin_begin_probes(tw);
	len = tcpwin_next_probe(tw, probe, sizeof(probe));
	assert_int_equal(len, 54);
	assert_int_equal(get32(tcp_of(probe) + 4), G_ISN + 60000);	/* ack - 1 */
	assert_int_equal(tcp_of(probe)[13], ACK);
	assert_int_equal(get16(ip_of(probe) + 2), 40);
	assert_true(checksums_ok(probe));
	assert_int_equal(tcpwin_next_probe(tw, probe, sizeof(probe)), 0); /* one a round */
	/* slirp's answer: room again; not for the guest */
	assert_int_equal(to_guest(tw, &answer, f), 0);
	assert_true(tcpwin_next_ready(tw, &out));
	chunk_put(out.chunk);
	/* later ACKs reach the guest again */
	answer.ack += 60000;
	assert_int_not_equal(to_guest(tw, &answer, f), 0);

	/* a probe slirp did not answer at once is not waited for */
	to_guest(tw, &(struct seg){ false, false, ACK, S_ISN + 1, answer.ack, 0, -1, 0 }, f);
	data.seq += 60000;
	assert_int_equal(from_guest(tw, &data, NULL), TCPWIN_HELD);
	tcpwin_begin_probes(tw);
	assert_int_equal(tcpwin_next_probe(tw, probe, sizeof(probe)), 54);
	tcpwin_probe_done(tw);
	zero.ack = answer.ack;
	assert_int_not_equal(to_guest(tw, &zero, f), 0);
	tcpwin_free(tw);
}

static void test_reset_and_close(void **state)
{
	struct tcpwin *tw = connected(false);
	struct seg data = { true, false, ACK, G_ISN + 1 + 70000, S_ISN + 1, 64, -1, 1000 };
	struct seg rst = { true, false, RST | ACK, G_ISN + 1, S_ISN + 1, 0, -1, 0 };
	struct tcpwin_stats st;
	struct frame held;

	(void)state;
	assert_int_equal(from_guest(tw, &data, &held), TCPWIN_HELD);
	assert_int_equal(from_guest(tw, &rst, NULL), TCPWIN_FEED);
	tcpwin_get_stats(tw, &st);
	assert_int_equal(st.flows, 0);
	assert_int_equal(st.held_frames, 0);
	assert_int_equal(held.chunk->refs, 1);
	chunk_put(held.chunk);
	tcpwin_free(tw);
	assert_int_equal(chunk_pool_in_use(), 0);

	/* FIN both ways ends the flow */
	tw = connected(true);
	assert_int_equal(from_guest(tw, &(struct seg){ true, true, FIN | ACK, G_ISN + 1,
						       S_ISN + 1, 64, -1, 0 }, NULL),
			 TCPWIN_FEED);
	{
		uint8_t f[256];

		to_guest(tw, &(struct seg){ false, true, FIN | ACK, S_ISN + 1, G_ISN + 2,
					    65535, -1, 0 }, f);
		assert_true(checksums_ok(f));
	}
	tcpwin_get_stats(tw, &st);
	assert_int_equal(st.flows, 0);
	tcpwin_free(tw);
}

/* The SYN of guest port @port, and slirp's SYN-ACK for it */
static void open_port(struct tcpwin *tw, uint16_t port, bool answer)
{
	struct frame fr = guest_frame(&(struct seg){ true, false, SYN, port, 0, 100, 7, 0 });
	uint8_t f[256];
	size_t len;

	put16(frame_data(&fr) + 34, port);
	tcpwin_from_guest(tw, &fr);
	chunk_put(fr.chunk);
	if (!answer)
		return;
	len = build(f, &(struct seg){ false, false, SYN | ACK, S_ISN, port + 1u, 65535, -1, 0 });
	put16(f + 34 + 2, port);
	assert_int_equal(tcpwin_to_guest(tw, f, len, len + 4), len + 4);
}

static void test_table_full(void **state)
{
	struct tcpwin *tw = tcpwin_new();
	struct tcpwin_stats st;
	uint8_t f[256];

	(void)state;
	/* SYNs slirp never answers make room for new ones, oldest first */
	for (unsigned int i = 0; i < TCPWIN_MAX_FLOWS + 10; i++)
		open_port(tw, (uint16_t)(1024 + i), false);
	tcpwin_get_stats(tw, &st);
	assert_int_equal(st.flows, TCPWIN_MAX_FLOWS);
	assert_int_equal(st.unscaled, 0);
	tcpwin_free(tw);

	/* established ones are never pushed out: a new one goes unscaled */
	tw = tcpwin_new();
	for (unsigned int i = 0; i < TCPWIN_MAX_FLOWS; i++)
		open_port(tw, (uint16_t)(1024 + i), true);
	open_port(tw, 9999, false);
	tcpwin_get_stats(tw, &st);
	assert_int_equal(st.flows, TCPWIN_MAX_FLOWS);
	assert_int_equal(st.unscaled, 1);
	/* garbage and non-TCP frames pass untouched */
	memset(f, 0xa5, sizeof(f));
	assert_int_equal(tcpwin_to_guest(tw, f, sizeof(f), sizeof(f)), sizeof(f));
	tcpwin_free(tw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_synack_gets_option),
		cmocka_unit_test(test_synack_v6),
		cmocka_unit_test(test_unscaled_passes),
		cmocka_unit_test(test_windows_rewritten),
		cmocka_unit_test(test_hold_and_release),
		cmocka_unit_test(test_hold_small_copies),
		cmocka_unit_test(test_retransmissions),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_reset_and_close),
		cmocka_unit_test(test_table_full),
	};

	return cmocka_run_group_tests_name("tcpwin", tests, NULL, NULL);
}
