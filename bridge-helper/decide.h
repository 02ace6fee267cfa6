/* SPDX-License-Identifier: GPL-2.0-or-later
 * decide.h - may this caller have a tap on this bridge?
 */
#ifndef GN_HELPER_DECIDE_H
#define GN_HELPER_DECIDE_H

#include <stdbool.h>
#include <sys/types.h>

#include "netdef.h"
#include "netlink.h"

/**
 * struct request - one request, as decided
 * @bridge:	the name asked for (--br=)
 * @br:		the bridge's link: index, canonical name (== @bridge), MTU
 * @uid:	the caller's real uid
 * @on_net:	the bridge belongs to a guestnet network
 * @net:	that network's definition, if @on_net
 */
struct request {
	const char *bridge;
	struct link_info br;
	uid_t uid;
	bool on_net;
	struct netdef net;
};

int decide(struct request *rq, const char *acl_path, const char *networks_dir);

#endif /* GN_HELPER_DECIDE_H */
