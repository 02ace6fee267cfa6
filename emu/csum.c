// SPDX-License-Identifier: GPL-2.0-or-later
/* csum.c - the Internet checksum (RFC 1071) over buffers, fast
 *
 * The one's complement sum of 16-bit words does not depend on the byte
 * order it is computed in (RFC 1071, 2.(B)): the bulk is summed as native
 * 64-bit words with end-around carry (2^64 = 1 modulo 0xffff), folded,
 * and swapped to network order once at the end. Sums are handed around as
 * uint32_t values of big-endian words, not yet folded, so that a caller
 * can add the pseudo-header, the header and the payload in pieces — each
 * piece but the last of even length, as TCP and IP headers are.
 */

#include <string.h>

#include "csum.h"

/* Fold a 64-bit one's complement sum to 16 bits */
static uint16_t fold64(uint64_t s)
{
	s = (s & 0xffffffffU) + (s >> 32);
	s = (s & 0xffffffffU) + (s >> 32);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* @a + @w with the end-around carry: one's complement in 64 bits */
static inline uint64_t add64(uint64_t a, uint64_t w)
{
	a += w;
	return a + (a < w);
}

/* Sum of native-order 16-bit words of @p, folded to 16 bits */
static uint16_t sum_native(const uint8_t *p, size_t n)
{
	uint64_t a = 0, b = 0, w0, w1, w2, w3;

	for (; n >= 32; p += 32, n -= 32) {
		memcpy(&w0, p, 8);
		memcpy(&w1, p + 8, 8);
		memcpy(&w2, p + 16, 8);
		memcpy(&w3, p + 24, 8);
		a = add64(add64(a, w0), w1);
		b = add64(add64(b, w2), w3);
	}
	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w0, p, 8);
		a = add64(a, w0);
	}
	w0 = 0;
	memcpy(&w0, p, n);	/* the tail, zero-padded: an odd last byte is a
				 * word's first byte, as RFC 1071 pads it */
	return fold64(add64(add64(a, b), w0));
}

/**
 * csum_add() - add the 16-bit big-endian words of a buffer to a sum
 * @p:		the bytes (any alignment)
 * @n:		their number; odd only for the last piece of a checksum
 * @sum:	sum so far (not folded)
 *
 * Return: the new sum, not folded
 */
uint32_t csum_add(const uint8_t *p, size_t n, uint32_t sum)
{
	uint16_t s = sum_native(p, n);

	if (*(const uint8_t *)&(const uint16_t){ 1 })	/* little endian */
		s = (uint16_t)(s << 8 | s >> 8);
	return sum + s;
}

/**
 * csum_fold() - fold a sum to 16 bits and complement it
 * @sum:	the sum
 *
 * Return: the checksum field's value, host order
 */
uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/**
 * csum_pseudo() - the sum of a TCP or UDP pseudo-header
 * @saddr:	source address, the destination right after it (as in IPv4
 *		and IPv6 headers)
 * @alen:	bytes of one address: 4 or 16
 * @proto:	IPPROTO_TCP or IPPROTO_UDP
 * @len:	bytes of the transport header and payload
 *
 * Return: the sum, not folded
 */
uint32_t csum_pseudo(const uint8_t *saddr, size_t alen, uint8_t proto, uint32_t len)
{
	return csum_add(saddr, 2 * alen, 0) + proto + (len >> 16) + (len & 0xffff);
}
