/* SPDX-License-Identifier: GPL-2.0-or-later */
/* csum.h - the Internet checksum (RFC 1071) over buffers, fast */
#ifndef GN_CSUM_H
#define GN_CSUM_H

#include <stddef.h>
#include <stdint.h>

uint32_t csum_add(const uint8_t *p, size_t n, uint32_t sum);
uint16_t csum_fold(uint32_t sum);
uint32_t csum_pseudo(const uint8_t *saddr, size_t alen, uint8_t proto, uint32_t len);

#endif /* GN_CSUM_H */
