// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * who.c - the caller's identity, and user/group names in ACL rules
 *
 * The caller is the real uid, real gid and supplementary groups of this
 * process: exactly what a setuid or file-capability exec leaves from the
 * user who ran us. Names in rules are resolved with getpwnam()/getgrnam()
 * before privileges are dropped (NSS may open files); a decimal number is
 * taken as an id. A name that does not resolve leaves the rule unable to
 * match anyone.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include "acl.h"
#include "who.h"

/**
 * who_caller() - describe the calling user
 * @s:		filled with real uid and @gids
 * @gids:	array for the real gid and supplementary groups
 * @max:	entries in @gids
 *
 * Return: 0, or the negative errno of getgroups()
 */
int who_caller(struct acl_subject *s, gid_t *gids, size_t max)
{
	int n;

	gids[0] = getgid();
	n = getgroups((int)max - 1, gids + 1);
	if (n < 0)
		return -errno;
	s->uid = getuid();
	s->gids = gids;
	s->ngids = (size_t)n + 1;
	return 0;
}

static int parse_id(const char *s, unsigned int *id)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v >= (unsigned long)(unsigned int)-1)
		return -EINVAL;
	*id = (unsigned int)v;
	return 0;
}

/**
 * who_resolve() - resolve user= and group= names of all rules
 * @acl:	rule set; each scoped rule gets @id and @resolved set
 */
void who_resolve(struct acl *acl)
{
	size_t i;

	for (i = 0; i < acl->n; i++) {
		struct acl_rule *r = &acl->rules[i];
		struct passwd *pw;
		struct group *gr;

		if (r->scope == ACL_ANYONE)
			continue;
		if (!parse_id(r->who, &r->id)) {
			r->resolved = true;
		} else if (r->scope == ACL_USER && (pw = getpwnam(r->who))) {
			r->id = pw->pw_uid;
			r->resolved = true;
		} else if (r->scope == ACL_GROUP && (gr = getgrnam(r->who))) {
			r->id = gr->gr_gid;
			r->resolved = true;
		}
	}
}
