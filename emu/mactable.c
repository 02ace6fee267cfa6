// SPDX-License-Identifier: GPL-2.0-or-later
/* mactable.c - MAC address table with ageing
 *
 * Linear probing; deletion shifts later entries of the same probe run
 * back, so there are no tombstones and lookups stay short. The table is
 * bounded by @max so a peer spraying random source addresses cannot grow
 * it without limit: past @max, new addresses are simply not learnt (their
 * frames are flooded, as for any unknown address).
 */

#include <stdlib.h>
#include <string.h>

#include "mactable.h"
#include "xalloc.h"

#define MACTABLE_MIN	64

static size_t mac_hash(uint64_t mac, size_t size)
{
	return (size_t)((mac * 0x9e3779b97f4a7c15ULL) >> 20) & (size - 1);
}

/**
 * mactable_init() - set up an empty table
 * @t:		table
 * @max:	most addresses kept
 * @ageing_ms:	lifetime of an entry not refreshed
 */
void mactable_init(struct mactable *t, size_t max, uint64_t ageing_ms)
{
	memset(t, 0, sizeof(*t));
	t->max = max;
	t->ageing_ms = ageing_ms;
}

/**
 * mactable_fini() - free a table's memory
 * @t:	table
 */
void mactable_fini(struct mactable *t)
{
	free(t->slots);
	t->slots = NULL;
	t->size = t->used = 0;
}

static struct mactable_entry *mactable_slot(const struct mactable *t,
					    uint64_t mac)
{
	size_t i;

	if (!t->size)
		return NULL;
	for (i = mac_hash(mac, t->size); t->slots[i].mac; i = (i + 1) & (t->size - 1))
		if (t->slots[i].mac == mac)
			return &t->slots[i];
	return NULL;
}

static void mactable_insert(struct mactable *t, const struct mactable_entry *e)
{
	size_t i = mac_hash(e->mac, t->size);

	while (t->slots[i].mac)
		i = (i + 1) & (t->size - 1);
	t->slots[i] = *e;
	t->used++;
	t->gen++;
}

static void mactable_grow(struct mactable *t)
{
	struct mactable_entry *old = t->slots;
	size_t old_size = t->size, n = old_size ? old_size * 2 : MACTABLE_MIN;

	t->slots = xcalloc(n, sizeof(*t->slots));
	t->size = n;
	t->used = 0;
	for (size_t i = 0; i < old_size; i++)
		if (old[i].mac)
			mactable_insert(t, &old[i]);
	free(old);
}

/**
 * mactable_learn() - record that @mac was last seen behind @val
 * @t:		table
 * @mac:	address (from mac_to_u64())
 * @val:	what it maps to (a port)
 * @now:	current time in ms
 */
void mactable_learn(struct mactable *t, uint64_t mac, void *val, uint64_t now)
{
	struct mactable_entry *e = mactable_slot(t, mac);
	struct mactable_entry n = { .mac = mac, .seen_ms = now, .val = val };

	if (e) {
		if (e->val != val)
			t->gen++;
		e->val = val;
		e->seen_ms = now;
		return;
	}
	if (!mac || t->used >= t->max)
		return;
	if ((t->used + 1) * 2 > t->size)
		mactable_grow(t);
	mactable_insert(t, &n);
}

/**
 * mactable_lookup() - where an address was last seen
 * @t:		table
 * @mac:	address
 * @now:	current time in ms
 *
 * Return: the value learnt, or NULL if unknown or aged out
 */
void *mactable_lookup(const struct mactable *t, uint64_t mac, uint64_t now)
{
	const struct mactable_entry *e = mactable_slot(t, mac);

	if (!e || now - e->seen_ms > t->ageing_ms)
		return NULL;
	return e->val;
}

static void mactable_remove_at(struct mactable *t, size_t i)
{
	size_t j = i;

	t->slots[i].mac = 0;
	t->used--;
	t->gen++;
	for (;;) {
		size_t home;

		j = (j + 1) & (t->size - 1);
		if (!t->slots[j].mac)
			return;
		home = mac_hash(t->slots[j].mac, t->size);
		/* move j back to i unless its home lies cyclically in (i, j] */
		if ((j > i && (home <= i || home > j)) ||
		    (j < i && (home <= i && home > j))) {
			t->slots[i] = t->slots[j];
			t->slots[j].mac = 0;
			i = j;
		}
	}
}

static void mactable_remove_if(struct mactable *t, const void *val,
			       uint64_t now, bool by_age)
{
	size_t i = 0;

	while (i < t->size) {
		struct mactable_entry *e = &t->slots[i];

		if (e->mac && (by_age ? now - e->seen_ms > t->ageing_ms
				      : e->val == val)) {
			mactable_remove_at(t, i);
			continue;	/* an entry may have moved into slot i */
		}
		i++;
	}
}

/**
 * mactable_forget_val() - remove every address that maps to @val
 * @t:		table
 * @val:	value (a port going away)
 */
void mactable_forget_val(struct mactable *t, const void *val)
{
	mactable_remove_if(t, val, 0, false);
}

/**
 * mactable_expire() - remove entries older than the ageing time
 * @t:		table
 * @now:	current time in ms
 */
void mactable_expire(struct mactable *t, uint64_t now)
{
	mactable_remove_if(t, NULL, now, true);
}
