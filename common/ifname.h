/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ifname.h - the one check of a network interface name, by two rules */
#ifndef GN_IFNAME_H
#define GN_IFNAME_H

#include <stddef.h>

int ifname_check(const char *name, size_t len, const char **why);
const char *ifname_problem(const char *name);

#endif /* GN_IFNAME_H */
