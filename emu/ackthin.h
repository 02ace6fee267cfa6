/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ackthin.h - drop pure TCP ACKs that a later queued ACK supersedes */
#ifndef GN_ACKTHIN_H
#define GN_ACKTHIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * struct ack_key - what makes two pure ACKs comparable
 * @flow:	hash of addresses and ports (0 if not a pure ACK)
 * @ack:	acknowledgement number
 * @win:	window field
 */
struct ack_key {
	uint64_t flow;
	uint32_t ack;
	uint16_t win;
};

bool ack_key_of(const uint8_t *frame, size_t len, struct ack_key *key);
bool ack_superseded(const struct ack_key *old, const struct ack_key *newer);

#endif /* GN_ACKTHIN_H */
