/* SPDX-License-Identifier: GPL-2.0-or-later
 * rules.h - nftables rule text for a network's isolation mode
 */
#ifndef GN_NETWORK_RULES_H
#define GN_NETWORK_RULES_H

#include <stddef.h>

struct netdef;

#define RULES_TABLE	"guestnet"	/* table inet guestnet */
#define RULES_TEXT_MAX	8192

int rules_up(const struct netdef *nd, char *buf, size_t len);
int rules_down(const struct netdef *nd, char *buf, size_t len);
int rules_chains(const struct netdef *nd, const char **suffixes, int max);

#endif /* GN_NETWORK_RULES_H */
