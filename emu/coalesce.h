/* SPDX-License-Identifier: GPL-2.0-or-later */
/* coalesce.h - merge in-order TCP segments of one flow into a GSO frame */
#ifndef GN_COALESCE_H
#define GN_COALESCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tcpseg;

bool coalesce_match(uint8_t *first, size_t first_len, uint8_t *next, size_t next_len,
		    struct tcpseg *a, struct tcpseg *b);
uint32_t coalesce_room(const struct tcpseg *a, uint32_t mss);
void coalesce_take(struct tcpseg *a, size_t *first_len, const struct tcpseg *b,
		   const uint8_t *payload, uint32_t n);
void coalesce_finish(uint8_t *frame, size_t len, uint16_t gso_size);

#endif /* GN_COALESCE_H */
