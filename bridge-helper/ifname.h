/* SPDX-License-Identifier: GPL-2.0-or-later
 * ifname.h - interface name validation (never truncation)
 */
#ifndef GN_HELPER_IFNAME_H
#define GN_HELPER_IFNAME_H

#include <stdbool.h>
#include <stddef.h>

bool ifname_char_ok(unsigned char c);
int ifname_check(const char *name, size_t len, const char **why);

#endif /* GN_HELPER_IFNAME_H */
