// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * decide.c - may this caller have a tap on this bridge?
 *
 * Runs after privs_drop(): as the caller, with no effective capability.
 * In order, each step refusing with one line:
 *
 * 1. the bridge: looked up over rtnetlink by the name asked for. The
 *    kernel also resolves alternative names, so if a link answers, its
 *    canonical name must be exactly the one asked for - an ACL rule or a
 *    network definition names an interface by its name, and
 *    "--br=ALTNAME" must not slip past "deny NAME" or a network's rules.
 *    From here on the bridge is named by its index.
 * 2. the caller: real uid, real gid, all supplementary groups (who.c);
 * 3. the ACL (acl_file.c) and the network definitions (netdef_check.c),
 *    every file and directory on their paths checked (trust.c);
 * 4. user= and group= names (who.c; unknown in a deny rule or any NSS
 *    error: refused);
 * 5. the decision (acl.c): deny wins, then allow, else deny;
 * 6. only for an allowed request: the bridge exists and is of kind
 *    "bridge" (a refused caller learns nothing about the name).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "acl_file.h"
#include "decide.h"
#include "log.h"
#include "netdef_check.h"
#include "who.h"

/* The name asked for must be the link's own; @found: the look-up's result */
static int own_name(struct request *rq, int *found)
{
	*found = link_lookup(rq->bridge, &rq->br);
	if (!*found && strcmp(rq->br.name, rq->bridge)) {
		err("bridge %s: an alternative name of interface %s; only an interface's own name is accepted",
		    rq->bridge, rq->br.name);
		return -EINVAL;
	}
	return 0;
}

/* After the decision, as before: it exists and is a bridge */
static int is_bridge(const struct request *rq, int found)
{
	if (found) {
		err("bridge %s: %s: %s", rq->bridge, found == -ENODEV ?
		    "no such bridge" : "cannot look the bridge up",
		    errstr(found));
		return found;
	}
	if (strcmp(rq->br.kind, "bridge")) {
		err("bridge %s: not a bridge", rq->bridge);
		return -EINVAL;
	}
	return 0;
}

static int read_rules(struct request *rq, struct acl *acl, const char *acl_path,
		      const char *networks_dir)
{
	char msg[512];
	int ret;

	ret = acl_load(acl, acl_path, msg, sizeof(msg));
	if (ret) {
		err("ACL refused: %s", msg);
		return ret;
	}
	if (networks_dir) {
		ret = netdef_check_acl(acl, networks_dir, rq->bridge, &rq->net,
				       &rq->on_net, msg, sizeof(msg));
		if (ret) {
			err("network definitions refused: %s", msg);
			return ret;
		}
	}
	ret = who_resolve(acl, msg, sizeof(msg));
	if (ret)
		err("ACL refused: %s", msg);
	return ret;
}

/**
 * decide() - check the bridge, read the ACL, decide for the caller
 * @rq:		@rq->bridge set; on success @rq->br, @rq->uid, @rq->on_net
 *		and @rq->net are filled
 * @acl_path:	the ACL (build-time path)
 * @networks_dir: the network definitions (build-time path), or NULL
 *
 * Return: 0 if the caller may have a tap on the bridge, else a negative
 * errno (-EACCES for an ACL refusal), the reason logged
 */
int decide(struct request *rq, const char *acl_path, const char *networks_dir)
{
	struct acl acl = { 0 };
	const struct acl_rule *r;
	struct acl_subject who;
	gid_t *gids = NULL;
	bool allow = false;
	int ret, found;

	ret = own_name(rq, &found);
	if (ret)
		return ret;
	ret = who_caller(&who, &gids);
	if (ret) {
		err("cannot read the caller's groups: %s", errstr(ret));
		return ret;
	}
	rq->uid = who.uid;
	ret = read_rules(rq, &acl, acl_path, networks_dir);
	if (ret)
		goto out;
	r = acl_decide(&acl, rq->bridge, &who, &allow);
	if (!allow) {
		ret = -EACCES;
		if (r)
			err("bridge %s denied for uid %u by %s:%u", rq->bridge,
			    who.uid, r->file, r->line);
		else
			err("bridge %s not allowed for uid %u (no ACL entry in %s)",
			    rq->bridge, who.uid, acl_path);
		goto out;
	}
	ret = is_bridge(rq, found);
	if (ret)
		goto out;
	info("bridge %s allowed for uid %u by %s:%u", rq->bridge, who.uid,
	     r->file, r->line);
out:
	acl_free(&acl);
	free(gids);
	return ret;
}
