/* SPDX-License-Identifier: GPL-2.0-or-later */
/* coalesce.h - merge in-order TCP segments of one flow into a GSO frame */
#ifndef GN_COALESCE_H
#define GN_COALESCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool coalesce_merge(uint8_t *first, size_t *first_len, uint16_t *gso_size,
		    uint8_t *next, size_t next_len);
void coalesce_finish(uint8_t *frame, size_t len, uint16_t gso_size);

#endif /* GN_COALESCE_H */
