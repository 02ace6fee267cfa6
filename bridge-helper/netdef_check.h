/* SPDX-License-Identifier: GPL-2.0-or-later
 * netdef_check.h - the helper's view of guestnet networks
 */
#ifndef GN_HELPER_NETDEF_CHECK_H
#define GN_HELPER_NETDEF_CHECK_H

#include <stdbool.h>
#include <stddef.h>

struct acl;
struct netdef;

int netdef_check_acl(struct acl *acl, const char *dir, const char *bridge,
		     struct netdef *nd, bool *found, char *msg,
		     size_t msglen);

#endif /* GN_HELPER_NETDEF_CHECK_H */
