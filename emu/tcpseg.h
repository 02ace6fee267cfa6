/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tcpseg.h - TCP segments in Ethernet frames: parse, rewrite, checksum */
#ifndef GN_TCPSEG_H
#define GN_TCPSEG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * struct tcpseg - a whole, unfragmented TCP segment inside an Ethernet frame
 * @l3:		its IPv4 or IPv6 header, in the frame
 * @l4:		its TCP header, in the frame
 * @saddr:	source address, in the frame (the destination follows it)
 * @alen:	bytes of one address: 4 or 16
 * @l3_len:	bytes of the IP header, options included
 * @tcp_len:	bytes of TCP header and payload
 * @hdr_len:	bytes of the TCP header, options included
 * @v6:		IPv6
 * @sport:	source port
 * @dport:	destination port
 * @flags:	TCP flags (TH_FIN, TH_SYN, ... of <netinet/tcp.h>)
 * @seq:	sequence number
 * @ack:	acknowledgement number
 * @win:	window field
 *
 * The numbers are in host order, read once by tcpseg_parse(); the
 * functions that rewrite the frame keep them up to date.
 */
struct tcpseg {
	uint8_t *l3;
	uint8_t *l4;
	const uint8_t *saddr;
	size_t alen;
	size_t l3_len;
	size_t tcp_len;
	size_t hdr_len;
	bool v6;
	uint16_t sport;
	uint16_t dport;
	uint8_t flags;
	uint32_t seq;
	uint32_t ack;
	uint16_t win;
};

bool tcpseg_parse(uint8_t *frame, size_t len, struct tcpseg *s);
void tcpseg_rebase(const struct tcpseg *s, const uint8_t *frame, uint8_t *copy,
		   struct tcpseg *out);
uint32_t tcpseg_payload(const struct tcpseg *s);
int tcpseg_wscale(const struct tcpseg *s);
uint16_t tcpseg_mss(const struct tcpseg *s);
void tcpseg_set_win(struct tcpseg *s, uint16_t win);
void tcpseg_set_ack(struct tcpseg *s, uint32_t ack);
bool tcpseg_add_wscale(struct tcpseg *s, uint8_t shift, size_t *frame_len,
		       size_t room);
void tcpseg_make_probe(struct tcpseg *s, uint32_t seq);
void tcpseg_resize(struct tcpseg *s, uint32_t payload);
void tcpseg_set_seq_flags(struct tcpseg *s, uint32_t seq, uint8_t flags);
void tcpseg_set_ack_win(struct tcpseg *s, uint32_t ack, uint16_t win);
uint16_t tcpseg_ip_id(const struct tcpseg *s);
void tcpseg_set_ip_id(struct tcpseg *s, uint16_t id);
void tcpseg_checksum(struct tcpseg *s);
void tcpseg_checksum_partial(struct tcpseg *s);

#endif /* GN_TCPSEG_H */
