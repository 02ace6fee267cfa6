/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ifname.h - the one check of a network interface name */
#ifndef GN_IFNAME_H
#define GN_IFNAME_H

const char *ifname_problem(const char *name);

#endif /* GN_IFNAME_H */
