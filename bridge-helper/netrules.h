/* SPDX-License-Identifier: GPL-2.0-or-later
 * netrules.h - a network's nft rules, applied for one tap, undone if the
 *		tap is not delivered
 */
#ifndef GN_HELPER_NETRULES_H
#define GN_HELPER_NETRULES_H

#include <stdbool.h>
#include <stddef.h>

struct netdef;
struct nft_ctx;

#define NETRULES_MAX	4	/* chains of one network */

/**
 * struct netrules - what netrules_undo() needs
 * @ctx:	libnftables context, kept from apply to undo
 * @applied:	the network's rules were applied
 * @n:		chains the network's mode uses
 * @suffix:	their suffixes ("in", "out", "fwd", "nat")
 * @before:	each chain's text as listed before, NULL if it did not exist
 */
struct netrules {
	struct nft_ctx *ctx;
	bool applied;
	int n;
	const char *suffix[NETRULES_MAX];
	char *before[NETRULES_MAX];
};

int netrules_apply(struct netrules *nr, const struct netdef *nd, char *msg,
		   size_t msglen);
int netrules_undo(struct netrules *nr, const struct netdef *nd, char *msg,
		  size_t msglen);
void netrules_free(struct netrules *nr);

#endif /* GN_HELPER_NETRULES_H */
