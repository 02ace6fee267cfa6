/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tcpwin_internal.h - what tcpwin.c (guest to slirp) and tcpwin_ack.c
 * (slirp to guest) share: the connections they relay
 */
#ifndef GN_TCPWIN_INTERNAL_H
#define GN_TCPWIN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"
#include "tcpseg.h"
#include "tcpwin.h"

#define TW_BUCKETS	2048U
#define TW_NONE		(-1)

/**
 * struct tw_key - a connection, seen from the guest
 * @guest:	guest address (IPv4 in the first 4 bytes)
 * @remote:	the other end's address
 * @gport:	guest port
 * @rport:	remote port
 * @v6:		IPv6
 */
struct tw_key {
	uint8_t guest[16];
	uint8_t remote[16];
	uint16_t gport;
	uint16_t rport;
	uint8_t v6;
};

/**
 * struct tw_held - a guest segment waiting for room in slirp's window
 * @fr:		the frame (the relay's chunk reference)
 * @seq:	its first sequence number
 * @end:	sequence number just past its payload
 */
struct tw_held {
	struct frame fr;
	uint32_t seq;
	uint32_t end;
};

/**
 * struct tw_out - the ACK relay's side of a connection (tcpwin_ack.c):
 *		   slirp's segments to the guest that slirp was told were
 *		   acknowledged before the guest acknowledged them
 * @ring:	held segments, in sequence order, covering [@g_ack, @acked)
 * @cap:	size of @ring (power of two)
 * @head:	oldest
 * @count:	segments held
 * @bytes:	their frame bytes
 * @g_ack:	the guest's latest acknowledgement
 * @g_win:	the guest's latest window, in bytes
 * @acked:	the acknowledgement slirp has seen (never below @g_ack)
 * @told:	the window slirp was last told
 * @started:	slirp's SYN-ACK was seen: the numbers above are valid
 * @ack_due:	slirp must be told of a new @acked (tcpwin_next_ack())
 * @resend:	the oldest held segment is to be sent again now
 * @abort:	given up: reset the connection (tcpwin_next_ack())
 * @dupacks:	duplicate acknowledgements from the guest in a row
 * @retries:	retransmissions by timeout since the guest last made progress
 * @slot:	index in the relay's list of such connections, or TW_NONE
 * @sent_ms:	when the oldest held segment was last sent
 */
struct tw_out {
	struct tw_held *ring;
	uint32_t cap;
	uint32_t head;
	uint32_t count;
	size_t bytes;
	uint32_t g_ack;
	uint32_t g_win;
	uint32_t acked;
	uint32_t told;
	bool started;
	bool ack_due;
	bool resend;
	bool abort;
	uint8_t dupacks;
	uint8_t retries;
	int32_t slot;
	uint64_t sent_ms;
};

/**
 * struct tw_flow - one relayed connection
 * @key:	addresses and ports
 * @next:	bucket chain, or free list
 * @hold_slot:	index in the list of flows holding frames, or TW_NONE
 * @gshift:	the guest's window scale
 * @gmss:	the guest's maximum segment size (its SYN's option; 0: none)
 * @scaled:	slirp's SYN-ACK carried our option: rewrite windows
 * @fin_guest:	the guest sent FIN
 * @fin_slirp:	slirp sent FIN
 * @born:	when its SYN came, in SYNs seen (for eviction)
 * @probe_pending: a window probe was fed; its answer is ours, not the guest's
 * @probe_round: round of the last probe
 * @ack:	slirp's latest acknowledgement
 * @win:	slirp's latest window, in bytes
 * @right:	right edge of the window announced to the guest
 * @sent_end:	sequence just past what the guest sent that we fed or hold
 * @held:	ring of held segments, in sequence order
 * @cap:	its size (power of two)
 * @head:	oldest held frame
 * @count:	frames held
 * @held_bytes: their bytes
 * @out:	the ACK relay's state (slirp to guest)
 */
struct tw_flow {
	struct tw_key key;
	int32_t next;
	int32_t hold_slot;
	uint8_t gshift;
	uint16_t gmss;
	bool scaled;
	bool fin_guest;
	bool fin_slirp;
	uint32_t born;
	bool probe_pending;
	uint32_t probe_round;
	uint32_t ack;
	uint32_t win;
	uint32_t right;
	uint32_t sent_end;
	struct tw_held *held;
	uint32_t cap;
	uint32_t head;
	uint32_t count;
	size_t held_bytes;
	struct tw_out out;
};

/**
 * struct tcpwin - the relay of one user-mode NAT port
 * @flows:	flow slots
 * @used:	which slots are in use
 * @bucket:	hash chains by key
 * @free_head:	free slot list
 * @holding:	slots of flows that hold frames
 * @nholding:	entries of @holding
 * @probe_round: current probe round
 * @probed:	slot of the flow probed last, or TW_NONE
 * @copyc:	chunk that small held frames are copied into, or NULL
 * @copy_end:	bytes used in @copyc
 * @syns:	SYNs seen
 * @outs:	slots of flows the ACK relay holds segments of or owes
 *		slirp an acknowledgement for
 * @nouts:	entries of @outs
 * @stats:	counters
 */
struct tcpwin {
	struct tw_flow flows[TCPWIN_MAX_FLOWS];
	bool used[TCPWIN_MAX_FLOWS];
	int32_t bucket[TW_BUCKETS];
	int32_t free_head;
	int32_t holding[TCPWIN_MAX_FLOWS];
	uint32_t nholding;
	uint32_t probe_round;
	int32_t probed;
	struct chunk *copyc;
	uint32_t copy_end;
	uint32_t syns;
	int32_t outs[TCPWIN_MAX_FLOWS];
	uint32_t nouts;
	struct tcpwin_stats stats;
};

/* Sequence numbers compared modulo 2^32 */
static inline bool seq_leq(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) <= 0;
}

static inline bool seq_lt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

struct tw_flow *tw_flow_of(struct tcpwin *tw, const struct tcpseg *s, bool from_guest);
struct frame tw_held_frame(struct tcpwin *tw, const struct frame *fr);
void tw_flow_remove(struct tcpwin *tw, struct tw_flow *f);
void tw_out_start(struct tw_flow *f, const struct tcpseg *synack);
void tw_out_free(struct tcpwin *tw, struct tw_flow *f);
enum tcpwin_verdict tw_out_from_guest(struct tcpwin *tw, struct tw_flow *f,
				      struct tcpseg *s, uint32_t win);

#endif /* GN_TCPWIN_INTERNAL_H */
