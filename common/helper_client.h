/* SPDX-License-Identifier: GPL-2.0-or-later */
/* helper_client.h - a tap on a bridge from the bridge helper, as QEMU gets one */
#ifndef GN_HELPER_CLIENT_H
#define GN_HELPER_CLIENT_H

#include <net/if.h>
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
	char ifname[IFNAMSIZ];
};

/**
 * enum helper_fault - what went wrong, so a caller can name the culprit
 * @HELPER_OK:		nothing
 * @HELPER_START:	it could not be started (the helper's path)
 * @HELPER_TIMEOUT:	no answer in time, killed (the helper)
 * @HELPER_MALFORMED:	its reply was not one byte with one descriptor
 * @HELPER_FAILED:	it exited non-zero or was killed (the bridge)
 * @HELPER_NO_TAP:	it exited 0 without a tap (the bridge)
 * @HELPER_NOT_TAP:	what it sent is no tap with IFF_NO_PI (the helper)
 */
enum helper_fault {
	HELPER_OK,
	HELPER_START,
	HELPER_TIMEOUT,
	HELPER_MALFORMED,
	HELPER_FAILED,
	HELPER_NO_TAP,
	HELPER_NOT_TAP,
};

int helper_get_tap(const char *helper, const char *bridge, int timeout_ms,
		   struct helper_tap *t, enum helper_fault *fault, char *why, size_t len);

#endif /* GN_HELPER_CLIENT_H */
