// SPDX-License-Identifier: GPL-2.0-or-later
/* ackthin.c - drop pure TCP ACKs that a later queued ACK supersedes
 *
 * libslirp acknowledges every segment it receives. When several of its
 * ACKs for one connection wait in a port's queue at once, only the newest
 * carries information the guest needs: TCP acknowledgements are
 * cumulative, so an older pure ACK (no payload, no SYN/FIN/RST/URG, no
 * options) whose number a newer one of the same connection passes adds
 * nothing. Writing each to a tap costs a system call and a trip through
 * the guest's stack, which is most of the NAT's cost at large MTUs; the
 * Linux stack itself stretches ACKs the same way (GRO, delayed ACK).
 * Duplicate ACKs (same number and window) are kept: they signal loss.
 */

#include <string.h>

#include "ackthin.h"

#define ETH_HLEN	14
#define TCP_ACK_ONLY	0x10

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t fnv(uint64_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

/* A TCP header with only ACK set, no options and no payload */
static bool tcp_pure_ack(const uint8_t *tcp, size_t len, struct ack_key *key)
{
	if (len != 20 || (tcp[12] >> 4) != 5 || (tcp[13] & 0x3f) != TCP_ACK_ONLY)
		return false;
	key->ack = rd32(tcp + 8);
	key->win = rd16(tcp + 14);
	key->flow = fnv(key->flow, tcp, 4);	/* ports */
	return true;
}

/**
 * ack_key_of() - recognise a pure TCP ACK in an Ethernet frame
 * @frame:	the frame
 * @len:	its length
 * @key:	its flow and numbers, if it is one
 *
 * Return: true for a pure ACK over IPv4 (no options, not fragmented) or
 *	   IPv6 (no extension headers)
 */
bool ack_key_of(const uint8_t *frame, size_t len, struct ack_key *key)
{
	const uint8_t *ip = frame + ETH_HLEN;
	uint16_t type;

	memset(key, 0, sizeof(*key));
	if (len < ETH_HLEN + 40)
		return false;
	type = rd16(frame + 12);
	if (type == 0x0800) {
		size_t total = rd16(ip + 2);

		if (ip[0] != 0x45 || ip[9] != 6 || (rd16(ip + 6) & 0x3fff) ||
		    total < 40 || ETH_HLEN + total > len)
			return false;
		key->flow = fnv(0xcbf29ce484222325ULL, ip + 12, 8);
		return tcp_pure_ack(ip + 20, total - 20, key);
	}
	if (type == 0x86dd) {
		size_t plen;

		if (len < ETH_HLEN + 60 || (ip[0] >> 4) != 6 || ip[6] != 6)
			return false;
		plen = rd16(ip + 4);
		if (ETH_HLEN + 40 + plen > len)
			return false;
		key->flow = fnv(0x84222325cbf29ce4ULL, ip + 8, 32);
		return tcp_pure_ack(ip + 40, plen, key);
	}
	return false;
}

/**
 * ack_superseded() - tell whether a newer pure ACK makes an older useless
 * @old:	the ACK queued first
 * @newer:	one queued after it
 *
 * Return: true if both belong to one connection and @newer acknowledges
 *	   more (a duplicate, same number and window, is never superseded)
 */
bool ack_superseded(const struct ack_key *old, const struct ack_key *newer)
{
	int32_t d = (int32_t)(newer->ack - old->ack);

	if (!old->flow || old->flow != newer->flow)
		return false;
	return d > 0 || (d == 0 && newer->win != old->win);
}
