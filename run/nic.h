/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nic.h - one guest NIC as guestnet run set it up */
#ifndef GN_RUN_NIC_H
#define GN_RUN_NIC_H

#include <stdbool.h>
#include <stdint.h>

#include "launch_emu.h"
#include "spec.h"

enum nic_link {
	LINK_NONE,	/* no link (--net none) */
	LINK_STREAM,	/* a unix stream socket of guestnet-emu */
	LINK_TAP,	/* a tap descriptor from the bridge helper */
};

/**
 * struct nic - a NIC's link, ready to hand to COMMAND
 * @spec:	its --net
 * @link:	what COMMAND gets
 * @path:	LINK_STREAM: the socket to connect to
 * @ctl:	LINK_STREAM: the serving emulator's control socket
 * @fd:		LINK_TAP: the tap descriptor (inherited by COMMAND), else -1
 * @vnet_hdr:	LINK_TAP: it has IFF_VNET_HDR
 * @bridge:	LINK_TAP: the bridge it is on
 * @tapname:	LINK_TAP: its name
 * @mac:	the guest's MAC address
 */
struct nic {
	struct net_spec spec;
	enum nic_link link;
	char path[EMU_SOCK_MAX];
	char ctl[EMU_SOCK_MAX];
	int fd;
	bool vnet_hdr;
	char bridge[16];
	char tapname[16];
	uint8_t mac[6];
};

void nic_mac_random(uint8_t mac[6], unsigned int index);
int nic_env(const struct nic *nics, unsigned int n);

#endif /* GN_RUN_NIC_H */
