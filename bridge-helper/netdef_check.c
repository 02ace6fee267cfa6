// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * netdef_check.c - the helper's view of guestnet networks
 *
 * A bridge named by a network definition (networks_dir, read while still
 * privileged, same ownership rules as the ACL) is a guestnet network:
 *
 * - its users = / groups = become allow rules for that bridge, added to
 *   the ACL read from bridge.conf, so a deny there still wins;
 * - its rules are applied again right before the tap is handed over,
 *   and taken back if the handing over fails (netrules.c). If they
 *   cannot be applied, the helper refuses (fail closed): a guest never
 *   gets a tap on a guestnet bridge without its isolation in place.
 *
 * The bridge name looked up here is the canonical one: main.c refuses an
 * alternative name before the ACL is read.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "netdef.h"
#include "netdef_file.h"
#include "acl.h"
#include "netdef_check.h"

static int add_who(struct acl *acl, const struct netdef *nd, const char *file,
		   enum acl_scope scope, const char (*who)[NETDEF_WHO_MAX],
		   size_t n)
{
	struct acl_line l;
	size_t i;
	int ret;

	for (i = 0; i < n; i++) {
		memset(&l, 0, sizeof(l));
		l.kind = ACL_ALLOW;
		l.scope = scope;
		snprintf(l.bridge, sizeof(l.bridge), "%s", nd->bridge);
		snprintf(l.who, sizeof(l.who), "%s", who[i]);
		ret = acl_add(acl, &l, file, 0);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * netdef_check_acl() - find @bridge's network; add its users/groups
 * @acl:	rule set read from bridge.conf
 * @dir:	the networks directory (build-time path)
 * @bridge:	requested bridge
 * @nd:		filled if @bridge belongs to a network
 * @found:	set to whether it does
 * @msg:	on failure, one line naming the file at fault
 * @msglen:	size of @msg
 *
 * Return: 0, or a negative errno (a bad or unsafe definition anywhere in
 * @dir, two definitions for one bridge, out of memory)
 */
int netdef_check_acl(struct acl *acl, const char *dir, const char *bridge,
		     struct netdef *nd, bool *found, char *msg, size_t msglen)
{
	char path[4096];
	const char *file;
	int ret;

	*found = false;
	ret = netdef_find_bridge(dir, bridge, nd, path, sizeof(path), msg,
				 msglen);
	if (ret <= 0)
		return ret;
	*found = true;
	file = acl_add_file(acl, path);
	if (!file) {
		snprintf(msg, msglen, "out of memory");
		return -ENOMEM;
	}
	ret = add_who(acl, nd, file, ACL_USER, nd->users, nd->nusers);
	if (!ret)
		ret = add_who(acl, nd, file, ACL_GROUP, nd->groups, nd->ngroups);
	if (ret)
		snprintf(msg, msglen, "out of memory");
	return ret;
}
