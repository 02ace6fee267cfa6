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
 * The frame is parsed by tcpseg.c, as for the window-scaling relay.
 */

#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <string.h>

#include "ackthin.h"
#include "tcpseg.h"

/* Every flag but ECE and CWR, which an ACK may carry */
#define TCP_FLAGS	(TH_FIN | TH_SYN | TH_RST | TH_PUSH | TH_ACK | TH_URG)

static uint64_t fnv(uint64_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
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
	struct tcpseg s;

	memset(key, 0, sizeof(*key));
	/* only read: a const frame is fine */
	if (!tcpseg_parse((uint8_t *)frame, len, &s) ||
	    (!s.v6 && s.l3_len != sizeof(struct iphdr)) ||
	    s.tcp_len != sizeof(struct tcphdr) || (s.flags & TCP_FLAGS) != TH_ACK)
		return false;
	key->flow = fnv(s.v6 ? 0x84222325cbf29ce4ULL : 0xcbf29ce484222325ULL,
			s.saddr, 2 * s.alen);
	key->flow = fnv(key->flow, s.l4 + offsetof(struct tcphdr, th_sport),
			2 * sizeof(uint16_t));	/* both ports */
	key->ack = s.ack;
	key->win = s.win;
	return true;
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
