/* SPDX-License-Identifier: GPL-2.0-or-later */
/* netconf.h - a guestnet network definition NAME.conf (the bridge to use) */
#ifndef GN_RUN_NETCONF_H
#define GN_RUN_NETCONF_H

#include <stddef.h>

/**
 * struct netconf - what guestnet run needs from a network definition
 * @mode:	"nat-network", "bridged", "internal" or "host-only" ("" if unset)
 * @bridge:	the bridge the helper attaches the tap to
 */
struct netconf {
	char mode[16];
	char bridge[16];
};

int netconf_parse(const char *buf, size_t len, struct netconf *nc,
		  char *err, size_t errlen);
int netconf_load(const char *dir, const char *name, struct netconf *nc,
		 char *err, size_t errlen);

#endif /* GN_RUN_NETCONF_H */
