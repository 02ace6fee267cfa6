// SPDX-License-Identifier: GPL-2.0-or-later
/* stats.c - print hubs, ports and their counters
 *
 * One line per port, key=value, stable so that scripts can read it:
 *   port ID type=T hub=N peer="..." rx_frames=.. rx_bytes=.. tx_frames=..
 *   tx_bytes=.. queued=.. drop_queue-full=.. drop_runt=.. ...
 * Logged at info level on SIGUSR1 and, with -v, at exit.
 */

#include <stdio.h>

#include "hub.h"
#include "log.h"
#include "port.h"
#include "stats.h"

/**
 * stats_format_port() - describe one port and its counters on one line
 * @p:		port
 * @buf:	destination
 * @len:	its size
 *
 * Return: characters written (as snprintf, capped at @len - 1)
 */
size_t stats_format_port(const struct port *p, char *buf, size_t len)
{
	char peer[160] = "";
	size_t n;
	int w;

	if (p->ops->describe)
		p->ops->describe(p, peer, sizeof(peer));
	w = snprintf(buf, len,
		     "port %s type=%s hub=%d peer=\"%s\" rx_frames=%llu rx_bytes=%llu"
		     " tx_frames=%llu tx_bytes=%llu queued=%u",
		     p->id, p->ops->type, p->hub ? (int)p->hub->id : -1, peer,
		     (unsigned long long)p->stats.rx_frames,
		     (unsigned long long)p->stats.rx_bytes,
		     (unsigned long long)p->stats.tx_frames,
		     (unsigned long long)p->stats.tx_bytes, p->txq.count);
	n = w < 0 ? 0 : (size_t)w < len ? (size_t)w : len - 1;
	for (int i = 0; i < DROP__COUNT && n < len; i++) {
		w = snprintf(buf + n, len - n, " drop_%s=%llu",
			     drop_reason_name((enum drop_reason)i),
			     (unsigned long long)p->stats.drops[i]);
		n += w < 0 ? 0 : (size_t)w < len - n ? (size_t)w : len - n - 1;
	}
	return n;
}

static void stats_log_port(struct port *p, void *arg)
{
	char line[768];

	(void)arg;
	stats_format_port(p, line, sizeof(line));
	info("%s", line);
}

/**
 * stats_log_all() - log every hub and port with its counters
 */
void stats_log_all(void)
{
	for (struct hub *h = hub_first(); h; h = h->next)
		info("hub %u mode=%s ports=%u", h->id, h->is_switch ? "switch" : "hub",
		     h->nports);
	port_foreach(stats_log_port, NULL);
}
