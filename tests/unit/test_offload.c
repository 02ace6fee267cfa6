// SPDX-License-Identifier: GPL-2.0-or-later
/* test_offload.c - unit tests of segmentation offload: the Internet
 * checksum (emu/csum.c), merging segments (emu/coalesce.c), cutting GSO
 * frames and virtio-net headers (emu/offload.c), on frames at odd
 * addresses as in a chunk
 */

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/virtio_net.h>

#include "coalesce.h"
#include "csum.h"
#include "frame.h"
#include "offload.h"
#include "tcpseg.h"
#include "wire.h"

#define ACK	0x10
#define PSH	0x08
#define FIN	0x01
#define CWR	0x80

/* RFC 1071, one byte pair at a time: the reference */
static uint16_t ref_sum(const uint8_t *p, size_t n, uint32_t sum)
{
	for (size_t i = 0; i < n; i++)
		sum += i & 1 ? p[i] : (uint32_t)p[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* Ethernet, IPv4 (no options) or IPv6, TCP; payload bytes from @pat at @seq */
static size_t build(uint8_t *f, bool v6, uint8_t flags, uint32_t seq, size_t payload,
		    uint16_t ip_id)
{
	uint8_t *ip = f + 14, *tcp;
	size_t l3 = v6 ? 40 : 20;
	struct tcpseg s;

	tcp = ip + l3;
	memset(f, 0, 14 + l3 + 20);
	memcpy(f, "\x52\x54\x00\x12\x34\x56\x52\x55\x0a\x00\x02\x02", 12);
	put16(f + 12, v6 ? 0x86dd : 0x0800);
	if (v6) {
		ip[0] = 0x60;
		put16(ip + 4, 20 + payload);
		ip[6] = 6;
		ip[7] = 64;
		ip[8] = 0xfe, ip[9] = 0xc0, ip[23] = 2;
		ip[24] = 0xfe, ip[25] = 0xc0, ip[39] = 15;
	} else {
		ip[0] = 0x45;
		put16(ip + 2, l3 + 20 + payload);
		put16(ip + 4, ip_id);
		ip[6] = 0x40;	/* DF */
		ip[8] = 64;
		ip[9] = 6;
		ip[12] = 10, ip[15] = 2, ip[16] = 10, ip[19] = 15;
	}
	put16(tcp, 5201);
	put16(tcp + 2, 40000);
	put32(tcp + 4, seq);
	put32(tcp + 8, 0x33000044);
	tcp[12] = 5 << 4;
	tcp[13] = flags;
	put16(tcp + 14, 1000);
	for (size_t i = 0; i < payload; i++)
		tcp[20 + i] = (uint8_t)((seq + i) * 7 + ((seq + i) >> 8));
	assert_true(tcpseg_parse(f, 14 + l3 + 20 + payload, &s));
	tcpseg_checksum(&s);
	return 14 + l3 + 20 + payload;
}

/* Both checksums of a segment are right (the TCP one against the reference) */
static void assert_valid(uint8_t *f, size_t len)
{
	struct tcpseg s;
	uint32_t pseudo;

	assert_true(tcpseg_parse(f, len, &s));
	pseudo = ref_sum(s.saddr, 2 * s.alen, 6 + (uint32_t)s.tcp_len);
	assert_int_equal(ref_sum(s.l4, s.tcp_len, pseudo), 0xffff);
	if (!s.v6)
		assert_int_equal(ref_sum(s.l3, s.l3_len, 0), 0xffff);
}

static void test_csum(void **state)
{
	static uint8_t buf[4096 + 64];

	(void)state;
	srand(7);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)rand();
	memset(buf + 100, 0xff, 300);	/* carries all the way */
	for (size_t off = 0; off < 9; off++)
		for (size_t n = 0; n < 4096; n += n < 80 ? 1 : 37) {
			uint16_t want = ref_sum(buf + off, n, 0);

			assert_int_equal(csum_fold(csum_add(buf + off, n, 0)), (uint16_t)~want);
		}
	/* in pieces: an even first piece, then the rest */
	assert_int_equal(csum_fold(csum_add(buf + 60, 501, csum_add(buf + 20, 40, 0))),
			 (uint16_t)~ref_sum(buf + 20, 541, 0));
}

/* Merge @n segments of @seg payload bytes (the last @last) into one frame */
static size_t merge_run(uint8_t *f, bool v6, unsigned int n, size_t seg, size_t last,
			uint32_t mss, uint16_t *gso, bool push_last)
{
	static uint8_t next[70000];
	size_t len = build(f, v6, ACK, 1000, seg, 7);
	uint32_t seq = 1000 + (uint32_t)seg;
	struct tcpseg a, b;

	*gso = 0;
	for (unsigned int i = 1; i < n; i++) {
		size_t pl = i == n - 1 ? last : seg, nl;

		nl = build(next + 1, v6, ACK | (i == n - 1 && push_last ? PSH : 0), seq, pl,
			   (uint16_t)(7 + i));
		put32(next + 1 + nl - pl - 20 + 8, 0x33000044 + i);	/* newer ack */
		assert_true(coalesce_match(f, len, next + 1, nl, &a, &b));
		assert_true(coalesce_room(&a, mss) >= pl);
		coalesce_take(&a, &len, &b, b.l4 + b.hdr_len, (uint32_t)pl);
		*gso = (uint16_t)mss;
		seq += (uint32_t)pl;
	}
	coalesce_finish(f, len, *gso);
	return len;
}

static void test_coalesce_and_cut(void **state)
{
	static uint8_t fbuf[70000], seg[70000];
	uint8_t *f = fbuf + 1;
	struct offload_segs it;
	struct offload_vnet h;
	struct tcpseg s;

	(void)state;
	for (int v6 = 0; v6 < 2; v6++) {
		uint16_t gso;
		size_t len = merge_run(f, v6, 44, 1460, 1000, 1460, &gso, true), n;
		uint32_t seq = 1000, i = 0;

		assert_int_equal(gso, 1460);
		assert_true(tcpseg_parse(f, len, &s));
		assert_int_equal(tcpseg_payload(&s), 43 * 1460 + 1000);
		assert_int_equal(s.ack, 0x33000044 + 43);	/* the newest */
		assert_int_equal(s.flags, ACK | PSH);
		/* the partial checksum: the folded pseudo-header sum */
		assert_int_equal(get16(s.l4 + 16),
				 ref_sum(s.saddr, 2 * s.alen, 6 + (uint32_t)s.tcp_len));
		offload_to_vnet(f, len, gso, &h);
		assert_int_equal(h.flags, VIRTIO_NET_HDR_F_NEEDS_CSUM);
		assert_int_equal(h.gso_type, v6 ? VIRTIO_NET_HDR_GSO_TCPV6 : VIRTIO_NET_HDR_GSO_TCPV4);
		assert_int_equal(h.gso_size, 1460);
		assert_int_equal(h.csum_start, 14 + (v6 ? 40 : 20));
		assert_int_equal(h.csum_offset, 16);
		assert_int_equal(h.hdr_len, 14 + (v6 ? 40 : 20) + 20);
		/* cut again: the original segments, valid checksums */
		assert_true(offload_segs_begin(&it, f, len, gso));
		while ((n = offload_segs_next(&it, seg + 3, sizeof(seg) - 3))) {
			uint8_t want[2000];
			size_t pl = i < 43 ? 1460 : 1000, wl;

			wl = build(want, v6, ACK | (i == 43 ? PSH : 0), seq, pl, (uint16_t)(7 + i));
			assert_int_equal(n, wl);
			assert_valid(seg + 3, n);
			assert_true(tcpseg_parse(seg + 3, n, &s));
			assert_int_equal(s.seq, seq);
			assert_int_equal(s.flags, ACK | (i == 43 ? PSH : 0));
			assert_memory_equal(seg + 3 + n - pl, want + wl - pl, pl);
			if (!v6)	/* identification counts up */
				assert_int_equal(get16(seg + 3 + 18), 7 + i);
			seq += (uint32_t)pl;
			i++;
		}
		assert_int_equal(i, 44);
	}
}

static void test_coalesce_refused(void **state)
{
	static uint8_t a_buf[4000], b_buf[4000];
	uint8_t *a = a_buf + 1, *b = b_buf + 1;
	struct tcpseg sa, sb;
	size_t la, lb;

	(void)state;
	la = build(a, false, ACK, 1000, 1460, 1);
	lb = build(b, false, ACK, 2460, 1460, 2);
	assert_true(coalesce_match(a, la, b, lb, &sa, &sb));
	lb = build(b, false, ACK, 2461, 1460, 2);		/* a gap */
	assert_false(coalesce_match(a, la, b, lb, &sa, &sb));
	lb = build(b, false, ACK | FIN, 2460, 1460, 2);		/* FIN */
	assert_false(coalesce_match(a, la, b, lb, &sa, &sb));
	la = build(a, false, ACK | PSH, 1000, 1460, 1);		/* PSH ends it */
	lb = build(b, false, ACK, 2460, 1460, 2);
	assert_false(coalesce_match(a, la, b, lb, &sa, &sb));
	la = build(a, false, ACK, 1000, 1460, 1);
	b[14 + 8] = 63;						/* another TTL */
	assert_false(coalesce_match(a, la, b, lb, &sa, &sb));
	lb = build(b, true, ACK, 2460, 1460, 2);		/* IPv6 */
	assert_false(coalesce_match(a, la, b, lb, &sa, &sb));
	lb = build(b, false, ACK, 2460, 0, 2);			/* no payload */
	assert_false(coalesce_match(a, la, b, lb, &sa, &sb));
	lb = build(b, false, ACK, 2460, 1460, 2);
	put16(b + 14 + 20, 5202);				/* another port */
	assert_false(coalesce_match(a, la, b, lb, &sa, &sb));
	/* room: whole segments within one IP packet */
	assert_true(tcpseg_parse(a, la, &sa));
	assert_int_equal(coalesce_room(&sa, 1460), 44 * 1460 - 1460);
	assert_int_equal(coalesce_room(&sa, 65480), 65480 - 1460);
}

static void test_vnet_in(void **state)
{
	static uint8_t fbuf[70000];
	uint8_t *f = fbuf + 1, hb[OFFLOAD_VNET_LEN];
	struct offload_vnet h = { 0 }, r;
	struct tcpseg s;
	uint16_t gso;
	size_t len;

	(void)state;
	h.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	h.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
	h.hdr_len = 54;
	h.gso_size = 1448;
	h.csum_start = 34;
	h.csum_offset = 16;
	offload_vnet_write(hb, &h);
	offload_vnet_read(hb, &r);
	assert_memory_equal(&h, &r, sizeof(h));

	/* a GSO frame as a Linux sender makes it: pseudo-header sum in the field */
	len = build(f, false, ACK, 5000, 10 * 1448 + 5, 9);
	assert_true(tcpseg_parse(f, len, &s));
	tcpseg_checksum_partial(&s);
	assert_int_equal(offload_from_vnet(&h, f, len, &gso), 0);
	assert_int_equal(gso, 1448);
	assert_true(offload_complete(f, len));
	assert_valid(f, len);

	/* one segment: completed at once, a plain frame */
	len = build(f, false, ACK, 5000, 1000, 9);
	assert_true(tcpseg_parse(f, len, &s));
	tcpseg_checksum_partial(&s);
	assert_int_equal(offload_from_vnet(&h, f, len, &gso), 0);
	assert_int_equal(gso, 0);
	assert_valid(f, len);

	/* a partial checksum without GSO, at csum_start/offset */
	h.gso_type = VIRTIO_NET_HDR_GSO_NONE;
	h.gso_size = 0;
	len = build(f, true, ACK, 5000, 333, 0);
	assert_true(tcpseg_parse(f, len, &s));
	tcpseg_checksum_partial(&s);
	h.csum_start = 54;
	assert_int_equal(offload_from_vnet(&h, f, len, &gso), 0);
	assert_int_equal(gso, 0);
	assert_valid(f, len);

	/* refused: what we did not offer, or what does not fit */
	len = build(f, false, ACK, 5000, 10 * 1448, 9);
	h.csum_start = 34;
	h.gso_type = VIRTIO_NET_HDR_GSO_UDP;
	h.gso_size = 1448;
	assert_int_equal(offload_from_vnet(&h, f, len, &gso), -EINVAL);
	h.gso_type = VIRTIO_NET_HDR_GSO_TCPV6;			/* not IPv6 */
	assert_int_equal(offload_from_vnet(&h, f, len, &gso), -EINVAL);
	h.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
	h.csum_start = 35;					/* not the TCP header */
	assert_int_equal(offload_from_vnet(&h, f, len, &gso), -EINVAL);
	h.csum_start = 34;
	h.gso_size = 8;						/* too many segments */
	assert_int_equal(offload_from_vnet(&h, f, len, &gso), -EINVAL);
	h.gso_size = 1448;
	h.flags = 0;						/* GSO, no partial sum */
	assert_int_equal(offload_from_vnet(&h, f, len, &gso), -EINVAL);
	h.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	h.gso_type = VIRTIO_NET_HDR_GSO_NONE;
	h.csum_start = (uint16_t)len - 1;			/* field past the end */
	assert_int_equal(offload_from_vnet(&h, f, len, &gso), -EINVAL);
	h.csum_start = 0xffff;
	assert_int_equal(offload_from_vnet(&h, f, len, &gso), -EINVAL);
	h.flags = 0;						/* nothing asked: as is */
	assert_int_equal(offload_from_vnet(&h, f, len, &gso), 0);
}

static void test_cut_limits(void **state)
{
	static uint8_t fbuf[70000], seg[2000];
	uint8_t *f = fbuf + 3;
	struct offload_segs it;
	struct tcpseg s;
	size_t len, n, total = 0;
	unsigned int count = 0;

	(void)state;
	len = build(f, false, ACK | FIN | CWR, 1, 65000, 100);
	assert_true(tcpseg_parse(f, len, &s));
	tcpseg_checksum_partial(&s);
	assert_false(offload_segs_begin(&it, f, len, OFFLOAD_MSS_MIN - 1));
	assert_true(offload_segs_begin(&it, f, len, 1000));
	assert_int_equal(offload_segs_bytes(&it), 65 * 54 + 65000);
	assert_int_equal(offload_segs_next(&it, seg, 500), 0);	/* no room */
	while ((n = offload_segs_next(&it, seg, sizeof(seg)))) {
		assert_valid(seg, n);
		assert_true(tcpseg_parse(seg, n, &s));
		/* CWR on the first only, FIN on the last only */
		assert_int_equal(s.flags, ACK | (count == 0 ? CWR : 0) | (count == 64 ? FIN : 0));
		total += tcpseg_payload(&s);
		count++;
	}
	assert_int_equal(count, 65);
	assert_int_equal(total, 65000);
	/* a SYN is no GSO frame */
	len = build(f, false, 0x02, 1, 5000, 100);
	assert_false(offload_segs_begin(&it, f, len, 1000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csum),
		cmocka_unit_test(test_coalesce_and_cut),
		cmocka_unit_test(test_coalesce_refused),
		cmocka_unit_test(test_vnet_in),
		cmocka_unit_test(test_cut_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
