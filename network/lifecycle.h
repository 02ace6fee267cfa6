/* SPDX-License-Identifier: GPL-2.0-or-later
 * lifecycle.h - guestnet-network up, down and status for one network
 */
#ifndef GN_NETWORK_LIFECYCLE_H
#define GN_NETWORK_LIFECYCLE_H

#include <stdio.h>

struct netdef;

int net_up(const struct netdef *nd, const char *rundir);
int net_down(const struct netdef *nd, const char *rundir);
int net_status(const struct netdef *nd, const char *rundir, FILE *out);

#endif /* GN_NETWORK_LIFECYCLE_H */
