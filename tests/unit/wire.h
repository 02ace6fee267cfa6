/* SPDX-License-Identifier: GPL-2.0-or-later */
/* wire.h - big-endian fields in the unit tests' hand-built frames */
#ifndef GN_TEST_WIRE_H
#define GN_TEST_WIRE_H

#include <stdint.h>

static inline uint32_t get16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static inline uint32_t get32(const uint8_t *p)
{
	return get16(p) << 16 | get16(p + 2);
}

static inline void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

#endif /* GN_TEST_WIRE_H */
