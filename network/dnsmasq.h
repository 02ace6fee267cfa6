/* SPDX-License-Identifier: GPL-2.0-or-later
 * dnsmasq.h - the network's DHCP/DNS server
 */
#ifndef GN_NETWORK_DNSMASQ_H
#define GN_NETWORK_DNSMASQ_H

#include <stdio.h>
#include <sys/types.h>

struct netdef;

int dnsmasq_start(const struct netdef *nd, const char *rundir,
		  const char **why);
int dnsmasq_stop(const char *name, const char *rundir, const char **why);
pid_t dnsmasq_pid(const char *name, const char *rundir);
int dnsmasq_leases(const char *name, const char *rundir, FILE *out);

#endif /* GN_NETWORK_DNSMASQ_H */
