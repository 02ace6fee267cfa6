/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tapwriter.h - a thread that writes an offloading tap's frames */
#ifndef GN_TAPWRITER_H
#define GN_TAPWRITER_H

#include <stdbool.h>
#include <stdint.h>

#include "frame.h"

/* Largest virtio-net header a slot holds */
#define TAPWRITER_HDR_MAX	12U

struct tapwriter;

int tapwriter_open(int fd, unsigned int hdr_len, void (*on_room)(void *opaque),
		   void *opaque, struct tapwriter **out);
bool tapwriter_push(struct tapwriter *w, const struct frame *f, const uint8_t *hdr);
bool tapwriter_failed(const struct tapwriter *w);
bool tapwriter_idle(const struct tapwriter *w);
void tapwriter_kick(struct tapwriter *w);
bool tapwriter_wait_room(struct tapwriter *w);
uint64_t tapwriter_reclaim(struct tapwriter *w);
void tapwriter_close(struct tapwriter *w);

#endif /* GN_TAPWRITER_H */
