/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tcpwin.h - TCP window scaling between the guest and libslirp */
#ifndef GN_TCPWIN_H
#define GN_TCPWIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"

/* Window scale we announce to the guest on slirp's behalf */
#define TCPWIN_SHIFT		4
/* Bytes a relayed connection may have in flight beyond slirp's window */
#define TCPWIN_EXTRA		(512U * 1024U)
/* Frames held for all connections together, and their bytes */
#define TCPWIN_HOLD_FRAMES	4096U
#define TCPWIN_HOLD_BYTES	(8U * 1024U * 1024U)
/* Frames shorter than this are held as copies, longer ones by reference
 * (so at most nine share a chunk: a 32 KiB segment of slirp's is kept
 * without a copy) */
#define TCPWIN_COPY_BELOW	(CHUNK_SIZE / 9U)
/* ACK relay (tcpwin_ack.c): bytes of slirp's segments held per connection
 * that the guest has not acknowledged yet, and for all together */
#define TCPWIN_ACK_HOLD		(1024U * 1024U)
#define TCPWIN_ACK_HOLD_FRAMES	4096U
#define TCPWIN_ACK_HOLD_BYTES	(8U * 1024U * 1024U)
/* First retransmission timeout of a held segment, doubled each time up to
 * TCPWIN_RTO_MAX_MS; after TCPWIN_RETRIES the connection is reset */
#define TCPWIN_RTO_MS		100U
#define TCPWIN_RTO_MAX_MS	8000U
#define TCPWIN_RETRIES		15U
/* Largest acknowledgement or reset the relay makes: Ethernet, IP, TCP */
#define TCPWIN_ACK_MAX		(14U + 60U + 20U)
/* Connections relayed at once; more go on unscaled, as without us */
#define TCPWIN_MAX_FLOWS	1024U
/* Largest window probe: Ethernet, IPv4 with options or IPv6, TCP */
#define TCPWIN_PROBE_MAX	(14U + 60U + 20U)

struct tcpseg;
struct tcpwin;

/**
 * enum tcpwin_verdict - what to do with a frame from the guest
 * @TCPWIN_FEED:	give it to slirp now
 * @TCPWIN_HELD:	kept (a chunk reference taken), fed later
 * @TCPWIN_DROP:	drop it: a retransmission of held data, or no room
 * @TCPWIN_ABSORB:	an acknowledgement slirp need not see (the ACK relay
 *			told it more already); not a loss
 */
enum tcpwin_verdict {
	TCPWIN_FEED,
	TCPWIN_HELD,
	TCPWIN_DROP,
	TCPWIN_ABSORB,
};

/**
 * struct tcpwin_stats - counters of a relay
 * @flows:	connections relayed now
 * @held_frames: frames held now
 * @held_bytes:	their bytes
 * @held_total:	frames ever held
 * @unscaled:	connections left unscaled (guest without the option,
 *		or the table full)
 * @probes:	window probes sent to slirp
 * @out_frames:	slirp's segments the ACK relay holds now
 * @out_bytes:	their bytes
 * @out_total:	segments it ever held (acknowledged to slirp early)
 * @resent:	held segments sent to the guest again
 * @resets:	connections reset after TCPWIN_RETRIES timeouts
 */
struct tcpwin_stats {
	uint32_t flows;
	uint32_t held_frames;
	size_t held_bytes;
	uint64_t held_total;
	uint64_t unscaled;
	uint64_t probes;
	uint32_t out_frames;
	size_t out_bytes;
	uint64_t out_total;
	uint64_t resent;
	uint64_t resets;
};

struct tcpwin *tcpwin_new(void);
void tcpwin_free(struct tcpwin *tw);
enum tcpwin_verdict tcpwin_from_guest(struct tcpwin *tw, const struct frame *f);
size_t tcpwin_to_guest(struct tcpwin *tw, uint8_t *frame, size_t len, size_t room);
bool tcpwin_next_ready(struct tcpwin *tw, struct frame *out);
void tcpwin_begin_probes(struct tcpwin *tw);
size_t tcpwin_next_probe(struct tcpwin *tw, uint8_t *buf, size_t cap);
void tcpwin_probe_done(struct tcpwin *tw);
void tcpwin_sent(struct tcpwin *tw, const struct frame *f);
size_t tcpwin_next_ack(struct tcpwin *tw, uint8_t *buf, size_t cap);
bool tcpwin_next_resend(struct tcpwin *tw, uint64_t now_ms, struct frame *out);
bool tcpwin_out_pending(const struct tcpwin *tw);
uint16_t tcpwin_guest_mss(struct tcpwin *tw, const struct tcpseg *s);
void tcpwin_get_stats(const struct tcpwin *tw, struct tcpwin_stats *st);

#endif /* GN_TCPWIN_H */
