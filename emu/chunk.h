/* SPDX-License-Identifier: GPL-2.0-or-later */
/* chunk.h - the pool of chunks that frames are read into */
#ifndef GN_CHUNK_H
#define GN_CHUNK_H

#include <stddef.h>

#include "frame.h"

struct chunk *chunk_get(void);
void chunk_ref(struct chunk *c);
void chunk_put(struct chunk *c);
void chunk_pool_trim(void);
size_t chunk_pool_in_use(void);

#endif /* GN_CHUNK_H */
