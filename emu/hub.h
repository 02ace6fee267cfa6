/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hub.h - hubs (flood) and learning switches joining ports */
#ifndef GN_HUB_H
#define GN_HUB_H

#include <stdbool.h>
#include <stdint.h>

#include "loop.h"
#include "mactable.h"

struct frame;
struct pcap;
struct port;

/* Learning switch defaults, as a Linux bridge */
#define HUB_AGEING_S_DEFAULT	300U
#define HUB_MACS_MAX		4096U

/**
 * struct hub - ports that see each other's frames
 * @id:		number (-netdev hub=N, -net vlan=N)
 * @is_switch:	learn source addresses and forward unicast to one port
 * @ports:	ports that carry frames
 * @nports:	number of @ports
 * @cap:	allocated size of @ports
 * @nhigh:	ports of @ports above their high marks (port.c): while 0, no
 *		source need ask any of them whether it is congested
 * @macs:	learnt addresses (switch only)
 * @ageing_timer: periodic expiry of learnt addresses
 * @dump:	hub-wide pcap writer, or NULL
 * @next:	link in the list of hubs
 */
struct hub {
	unsigned int id;
	bool is_switch;
	struct port **ports;
	unsigned int nports;
	unsigned int cap;
	unsigned int nhigh;
	struct mactable macs;
	struct loop_timer ageing_timer;
	struct pcap *dump;
	struct hub *next;
};

struct hub *hub_get(unsigned int id);
struct hub *hub_find(unsigned int id);
struct hub *hub_first(void);
void hub_set_switch(struct hub *h, bool is_switch, unsigned int ageing_s);
void hub_attach(struct hub *h, struct port *p);
void hub_detach(struct port *p);
void hub_input(struct port *src, const struct frame *frames, unsigned int n);
bool hub_congested(const struct hub *h, const struct port *src, uint64_t now);
bool hub_gso_peer(const struct hub *h, const struct port *src);
void hub_dump(struct pcap *pc, const struct frame *f);
void hub_free_all(void);

#endif /* GN_HUB_H */
