/* SPDX-License-Identifier: GPL-2.0-or-later */
/* helper_client.h - a tap from the bridge helper, as QEMU gets one */
#ifndef GN_RUN_HELPER_CLIENT_H
#define GN_RUN_HELPER_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

/**
 * struct helper_tap - a tap received from the helper
 * @fd:		its descriptor (close-on-exec set)
 * @vnet_hdr:	it has IFF_VNET_HDR
 * @ifname:	its name (tapN)
 */
struct helper_tap {
	int fd;
	bool vnet_hdr;
	char ifname[16];
};

int helper_get_tap(const char *helper, const char *bridge, struct helper_tap *t,
		   char *err, size_t errlen);

#endif /* GN_RUN_HELPER_CLIENT_H */
