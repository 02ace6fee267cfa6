/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mactable.h - MAC address table with ageing (learning switch, loop filter) */
#ifndef GN_MACTABLE_H
#define GN_MACTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mactable_entry {
	uint64_t mac;		/* 48-bit address, 0 = empty slot */
	uint64_t seen_ms;
	void *val;
};

/**
 * struct mactable - open-addressing hash of MAC addresses
 * @slots:	array of @size entries (power of two)
 * @size:	slots allocated
 * @used:	slots in use
 * @max:	most entries kept; when full, new addresses are not learnt
 * @ageing_ms:	an entry not seen for this long is forgotten
 */
struct mactable {
	struct mactable_entry *slots;
	size_t size;
	size_t used;
	size_t max;
	uint64_t ageing_ms;
};

void mactable_init(struct mactable *t, size_t max, uint64_t ageing_ms);
void mactable_fini(struct mactable *t);
uint64_t mac_to_u64(const uint8_t *mac);
bool mac_is_multicast(const uint8_t *mac);
void mactable_learn(struct mactable *t, uint64_t mac, void *val, uint64_t now);
void *mactable_lookup(const struct mactable *t, uint64_t mac, uint64_t now);
void mactable_forget_val(struct mactable *t, const void *val);
void mactable_expire(struct mactable *t, uint64_t now);

#endif /* GN_MACTABLE_H */
