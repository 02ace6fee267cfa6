/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stats.h - print hubs, ports and their counters */
#ifndef GN_STATS_H
#define GN_STATS_H

#include <stddef.h>

struct port;

size_t stats_format_port(const struct port *p, char *buf, size_t len);
void stats_log_all(void);

#endif /* GN_STATS_H */
