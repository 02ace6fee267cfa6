// SPDX-License-Identifier: GPL-2.0-or-later
/* tcpseg.c - TCP segments in Ethernet frames: parse, rewrite, checksum
 *
 * What the window-scaling relay (tcpwin.c) and the ACK thinning of tap
 * ports (ackthin.c) need to know of a frame: is it one whole TCP segment
 * over IPv4 (options allowed, not a fragment) or IPv6 (no extension
 * headers), and what are its addresses, ports, flags and numbers; and,
 * for the relay, rewriting its window, adding a window-scale option,
 * turning a copy of it into a window probe, and the checksums.
 *
 * Headers are read with the system's layouts (struct ether_header, iphdr,
 * ip6_hdr, tcphdr), copied out of the frame first: a frame in a chunk may
 * start at any byte, so its headers are not aligned for direct access.
 * Fields are written back the same way, at offsetof() their member.
 */

#include <arpa/inet.h>
#include <net/ethernet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/tcp.h>
#include <string.h>

#include "csum.h"
#include "tcpseg.h"

#define TCP_HLEN	sizeof(struct tcphdr)
#define TCP_HLEN_MAX	60U

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return ntohs(v);
}

static void put16(uint8_t *p, uint16_t v)
{
	v = htons(v);
	memcpy(p, &v, sizeof(v));
}

static bool parse_ipv4(struct tcpseg *s, size_t room)
{
	struct iphdr ip;
	size_t total;

	memcpy(&ip, s->l3, sizeof(ip));
	s->l3_len = (size_t)ip.ihl * 4;
	total = ntohs(ip.tot_len);
	if (ip.version != 4 || s->l3_len < sizeof(ip) || ip.protocol != IPPROTO_TCP ||
	    (ntohs(ip.frag_off) & (IP_MF | IP_OFFMASK)) ||
	    total < s->l3_len + TCP_HLEN || total > room)
		return false;
	s->tcp_len = total - s->l3_len;
	s->saddr = s->l3 + offsetof(struct iphdr, saddr);
	s->alen = sizeof(ip.saddr);
	s->v6 = false;
	return true;
}

static bool parse_ipv6(struct tcpseg *s, size_t room)
{
	struct ip6_hdr ip6;
	size_t plen;

	if (room < sizeof(ip6) + TCP_HLEN)
		return false;
	memcpy(&ip6, s->l3, sizeof(ip6));
	plen = ntohs(ip6.ip6_plen);
	if ((ip6.ip6_vfc >> 4) != 6 || ip6.ip6_nxt != IPPROTO_TCP ||
	    plen < TCP_HLEN || sizeof(ip6) + plen > room)
		return false;
	s->l3_len = sizeof(ip6);
	s->tcp_len = plen;
	s->saddr = s->l3 + offsetof(struct ip6_hdr, ip6_src);
	s->alen = sizeof(ip6.ip6_src);
	s->v6 = true;
	return true;
}

/* Read the numbers of the TCP header into @s */
static void read_tcp(struct tcpseg *s)
{
	struct tcphdr th;

	memcpy(&th, s->l4, sizeof(th));
	s->sport = ntohs(th.th_sport);
	s->dport = ntohs(th.th_dport);
	s->flags = th.th_flags;
	s->seq = ntohl(th.th_seq);
	s->ack = ntohl(th.th_ack);
	s->win = ntohs(th.th_win);
}

/**
 * tcpseg_parse() - find a whole TCP segment in an Ethernet frame
 * @frame:	the frame (only read here; @s points into it for rewriting)
 * @len:	its length
 * @s:		the segment, if it is one
 *
 * Return: true for a TCP segment over IPv4 (not a fragment) or IPv6 (no
 *	   extension headers) that the frame holds whole
 */
bool tcpseg_parse(uint8_t *frame, size_t len, struct tcpseg *s)
{
	struct ether_header eth;
	struct tcphdr th;
	bool ok;

	if (len < sizeof(eth) + sizeof(struct iphdr) + TCP_HLEN)
		return false;
	memcpy(&eth, frame, sizeof(eth));
	s->l3 = frame + sizeof(eth);
	if (ntohs(eth.ether_type) == ETHERTYPE_IP)
		ok = parse_ipv4(s, len - sizeof(eth));
	else if (ntohs(eth.ether_type) == ETHERTYPE_IPV6)
		ok = parse_ipv6(s, len - sizeof(eth));
	else
		ok = false;
	if (!ok)
		return false;
	s->l4 = s->l3 + s->l3_len;
	memcpy(&th, s->l4, sizeof(th));
	s->hdr_len = (size_t)th.th_off * 4;
	if (s->hdr_len < TCP_HLEN || s->hdr_len > s->tcp_len)
		return false;
	read_tcp(s);
	return true;
}

/**
 * tcpseg_rebase() - the same segment in a copy of (the start of) its frame
 * @s:		segment parsed in @frame
 * @frame:	the frame it was parsed in
 * @copy:	a copy of at least the frame's headers
 * @out:	@s, pointing into @copy, its TCP numbers read from there
 */
void tcpseg_rebase(const struct tcpseg *s, const uint8_t *frame, uint8_t *copy,
		   struct tcpseg *out)
{
	*out = *s;
	out->l3 = copy + (s->l3 - frame);
	out->l4 = copy + (s->l4 - frame);
	out->saddr = copy + (s->saddr - frame);
	read_tcp(out);
}

/**
 * tcpseg_payload() - bytes of payload
 * @s:	segment
 *
 * Return: TCP payload length
 */
uint32_t tcpseg_payload(const struct tcpseg *s)
{
	return (uint32_t)(s->tcp_len - s->hdr_len);
}

/* The option @kind of length @olen in a segment's options, or NULL */
static const uint8_t *find_option(const struct tcpseg *s, uint8_t kind, uint8_t olen)
{
	const uint8_t *o = s->l4 + TCP_HLEN, *end = s->l4 + s->hdr_len;

	while (o < end && *o != TCPOPT_EOL) {
		if (*o == TCPOPT_NOP) {
			o++;
			continue;
		}
		if (end - o < 2 || o[1] < 2 || o[1] > end - o)
			return NULL;
		if (*o == kind && o[1] == olen)
			return o;
		o += o[1];
	}
	return NULL;
}

/**
 * tcpseg_wscale() - the window-scale option of a segment (a SYN's)
 * @s:	segment
 *
 * Return: the shift, at most TCP_MAX_WINSHIFT, or -1 without the option
 *	   (or with malformed options)
 */
int tcpseg_wscale(const struct tcpseg *s)
{
	const uint8_t *o = find_option(s, TCPOPT_WINDOW, TCPOLEN_WINDOW);

	if (!o)
		return -1;
	return o[2] > TCP_MAX_WINSHIFT ? TCP_MAX_WINSHIFT : o[2];
}

/**
 * tcpseg_mss() - the maximum-segment-size option of a segment (a SYN's)
 * @s:	segment
 *
 * Return: the MSS, or 0 without the option (or with malformed options)
 */
uint16_t tcpseg_mss(const struct tcpseg *s)
{
	const uint8_t *o = find_option(s, TCPOPT_MAXSEG, TCPOLEN_MAXSEG);

	return o ? get16(o + 2) : 0;
}

/**
 * tcpseg_set_win() - rewrite the window field, updating the checksum
 * @s:		segment
 * @win:	new window field
 *
 * The checksum is updated incrementally (RFC 1624, eqn. 3).
 */
void tcpseg_set_win(struct tcpseg *s, uint16_t win)
{
	uint8_t *sum_at = s->l4 + offsetof(struct tcphdr, th_sum);
	uint32_t sum = (uint16_t)~get16(sum_at);

	sum += (uint16_t)~s->win;
	sum += win;
	put16(sum_at, csum_fold(sum));
	put16(s->l4 + offsetof(struct tcphdr, th_win), win);
	s->win = win;
}

/**
 * tcpseg_set_ack() - rewrite the acknowledgement number, updating the checksum
 * @s:		segment
 * @ack:	new acknowledgement number
 *
 * Incrementally (RFC 1624, eqn. 3), as tcpseg_set_win(): a partial
 * checksum (tcpseg_checksum_partial()) stays right too.
 */
void tcpseg_set_ack(struct tcpseg *s, uint32_t ack)
{
	uint8_t *sum_at = s->l4 + offsetof(struct tcphdr, th_sum);
	uint32_t sum = (uint16_t)~get16(sum_at), be = htonl(ack);

	sum += (uint16_t)~(s->ack >> 16) + (uint16_t)~s->ack;
	sum += (ack >> 16) + (ack & 0xffff);
	put16(sum_at, csum_fold(sum));
	memcpy(s->l4 + offsetof(struct tcphdr, th_ack), &be, sizeof(be));
	s->ack = ack;
}

/* Set the data offset from @s->hdr_len and the IP length from @s->tcp_len */
static void set_lengths(struct tcpseg *s)
{
	struct tcphdr th;

	memcpy(&th, s->l4, sizeof(th));
	th.th_off = (uint8_t)(s->hdr_len / 4);
	memcpy(s->l4, &th, sizeof(th));
	if (s->v6)
		put16(s->l3 + offsetof(struct ip6_hdr, ip6_plen), (uint16_t)s->tcp_len);
	else
		put16(s->l3 + offsetof(struct iphdr, tot_len),
		      (uint16_t)(s->l3_len + s->tcp_len));
}

/**
 * tcpseg_resize() - set the payload length, in the IP and TCP lengths
 * @s:		segment
 * @payload:	new payload length (the frame holds that many bytes)
 *
 * No checksum is updated: recompute them (tcpseg_checksum()) after.
 */
void tcpseg_resize(struct tcpseg *s, uint32_t payload)
{
	s->tcp_len = s->hdr_len + payload;
	set_lengths(s);
}

/**
 * tcpseg_set_seq_flags() - rewrite the sequence number and the flags
 * @s:		segment
 * @seq:	sequence number
 * @flags:	TCP flags
 *
 * No checksum is updated: recompute them (tcpseg_checksum()) after.
 */
void tcpseg_set_seq_flags(struct tcpseg *s, uint32_t seq, uint8_t flags)
{
	uint32_t be = htonl(seq);

	memcpy(s->l4 + offsetof(struct tcphdr, th_seq), &be, sizeof(be));
	s->l4[offsetof(struct tcphdr, th_flags)] = flags;
	s->seq = seq;
	s->flags = flags;
}

/**
 * tcpseg_set_ack_win() - rewrite the acknowledgement number and window
 * @s:		segment
 * @ack:	acknowledgement number
 * @win:	window field
 *
 * No checksum is updated: recompute them (tcpseg_checksum()) after.
 */
void tcpseg_set_ack_win(struct tcpseg *s, uint32_t ack, uint16_t win)
{
	uint32_t be = htonl(ack);

	memcpy(s->l4 + offsetof(struct tcphdr, th_ack), &be, sizeof(be));
	put16(s->l4 + offsetof(struct tcphdr, th_win), win);
	s->ack = ack;
	s->win = win;
}

/**
 * tcpseg_ip_id() - the IPv4 identification field
 * @s:	segment
 *
 * Return: the field, 0 for IPv6
 */
uint16_t tcpseg_ip_id(const struct tcpseg *s)
{
	return s->v6 ? 0 : get16(s->l3 + offsetof(struct iphdr, id));
}

/**
 * tcpseg_set_ip_id() - rewrite the IPv4 identification (IPv6: nothing)
 * @s:	segment
 * @id:	identification
 *
 * No checksum is updated: recompute them (tcpseg_checksum()) after.
 */
void tcpseg_set_ip_id(struct tcpseg *s, uint16_t id)
{
	if (!s->v6)
		put16(s->l3 + offsetof(struct iphdr, id), id);
}

/**
 * tcpseg_add_wscale() - append NOP and a window-scale option to a segment
 * @s:		a segment without payload
 * @shift:	the window scale to announce
 * @frame_len:	its frame's length, grown by 4
 * @room:	bytes the frame may grow to
 *
 * Return: true, or false (nothing changed) if the segment has payload, its
 *	   options are full or the frame has no room
 */
bool tcpseg_add_wscale(struct tcpseg *s, uint8_t shift, size_t *frame_len,
		       size_t room)
{
	const uint8_t opt[] = { TCPOPT_NOP, TCPOPT_WINDOW, TCPOLEN_WINDOW, shift };

	if (tcpseg_payload(s) || s->hdr_len + sizeof(opt) > TCP_HLEN_MAX ||
	    *frame_len + sizeof(opt) > room)
		return false;
	memcpy(s->l4 + s->hdr_len, opt, sizeof(opt));
	s->hdr_len += sizeof(opt);
	s->tcp_len += sizeof(opt);
	set_lengths(s);
	tcpseg_checksum(s);
	*frame_len += sizeof(opt);
	return true;
}

/**
 * tcpseg_make_probe() - turn a copy of a segment's headers into a probe
 * @s:		the segment, in a copy that holds at least its headers
 * @seq:	sequence number to send
 *
 * The result is a bare ACK (no options, no payload) with sequence number
 * @seq; one below what the peer expects makes it answer with an ACK that
 * carries its window (RFC 9293, 3.10.7.4). Its frame is the IP and TCP
 * headers long (tcpseg_rebase(), then the bytes up to @s->l4 + 20).
 */
void tcpseg_make_probe(struct tcpseg *s, uint32_t seq)
{
	struct tcphdr th;

	memcpy(&th, s->l4, sizeof(th));
	th.th_seq = htonl(seq);
	th.th_x2 = 0;
	th.th_flags = TH_ACK;
	th.th_urp = 0;
	memcpy(s->l4, &th, sizeof(th));
	s->seq = seq;
	s->flags = TH_ACK;
	s->hdr_len = s->tcp_len = TCP_HLEN;
	set_lengths(s);
	tcpseg_checksum(s);
}

/* The IPv4 header's checksum (IPv6 has none) */
static void ip_checksum(struct tcpseg *s)
{
	uint8_t *check_at = s->l3 + offsetof(struct iphdr, check);

	if (s->v6)
		return;
	put16(check_at, 0);
	put16(check_at, csum_fold(csum_add(s->l3, s->l3_len, 0)));
}

/**
 * tcpseg_checksum() - compute the TCP checksum, and the IPv4 header's
 * @s:	segment
 */
void tcpseg_checksum(struct tcpseg *s)
{
	uint8_t *sum_at = s->l4 + offsetof(struct tcphdr, th_sum);
	uint32_t sum = csum_pseudo(s->saddr, s->alen, IPPROTO_TCP, (uint32_t)s->tcp_len);

	put16(sum_at, 0);
	put16(sum_at, csum_fold(csum_add(s->l4, s->tcp_len, sum)));
	ip_checksum(s);
}

/**
 * tcpseg_checksum_partial() - leave the TCP checksum to the receiver
 * @s:	segment
 *
 * As a sender with checksum offload does (CHECKSUM_PARTIAL): the TCP
 * checksum field gets the folded pseudo-header sum, not complemented, so
 * that summing from the TCP header to the end and complementing gives the
 * real checksum; the IPv4 header checksum is computed.
 */
void tcpseg_checksum_partial(struct tcpseg *s)
{
	uint32_t sum = csum_pseudo(s->saddr, s->alen, IPPROTO_TCP, (uint32_t)s->tcp_len);

	put16(s->l4 + offsetof(struct tcphdr, th_sum), (uint16_t)~csum_fold(sum));
	ip_checksum(s);
}
