/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ring.h - growing the power-of-two rings of the frame queues */
#ifndef GN_RING_H
#define GN_RING_H

#include <stddef.h>
#include <stdint.h>

void *ring_grow(void *ring, size_t size, uint32_t count, uint32_t *head, uint32_t *cap,
		uint32_t first);

#endif /* GN_RING_H */
