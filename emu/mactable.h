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
 * @gen:	changes whenever an address is added, removed or moves to
 *		another value (a refresh of one does not change it), so a
 *		caller may keep a lookup's answer while @gen and the time stay
 */
struct mactable {
	struct mactable_entry *slots;
	size_t size;
	size_t used;
	size_t max;
	uint64_t ageing_ms;
	unsigned long gen;
};

/**
 * mac_to_u64() - pack six bytes into an integer key
 * @mac:	address
 *
 * Return: the address as a 48-bit number (never 0 for a real source)
 */
static inline uint64_t mac_to_u64(const uint8_t *mac)
{
	return (uint64_t)mac[0] << 40 | (uint64_t)mac[1] << 32 | (uint64_t)mac[2] << 24 |
	       (uint64_t)mac[3] << 16 | (uint64_t)mac[4] << 8 | mac[5];
}

/**
 * mac_is_multicast() - tell group (multicast or broadcast) addresses
 * @mac:	six bytes
 *
 * Return: true if the I/G bit is set
 */
static inline bool mac_is_multicast(const uint8_t *mac)
{
	return mac[0] & 1;
}

void mactable_init(struct mactable *t, size_t max, uint64_t ageing_ms);
void mactable_fini(struct mactable *t);
void mactable_learn(struct mactable *t, uint64_t mac, void *val, uint64_t now);
void *mactable_lookup(const struct mactable *t, uint64_t mac, uint64_t now);
void mactable_forget_val(struct mactable *t, const void *val);
void mactable_expire(struct mactable *t, uint64_t now);

#endif /* GN_MACTABLE_H */
