// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * who.c - the caller's identity, and user/group names in ACL rules
 *
 * The caller is the real uid, real gid and all supplementary groups of
 * this process (as many as the kernel holds, NGROUPS_MAX): exactly what a
 * setuid or file-capability exec leaves from the user who ran us.
 *
 * Names in rules are resolved with getpwnam_r()/getgrnam_r() after the
 * privilege drop (running as the caller, no effective capability: NSS
 * modules never run with privilege); a decimal number is taken as an id.
 * A lookup has three outcomes, and each fails closed:
 *
 * - found: the rule matches that id;
 * - no such name: in a deny rule the whole ACL is refused (a typo must
 *   not silently lift a deny); in an allow rule it is logged and the
 *   rule matches no one;
 * - an error (NSS or LDAP down, out of descriptors or memory: an errno
 *   from the _r call): the request is refused, whatever the rule.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "acl.h"
#include "log.h"
#include "who.h"

#define WHO_BUF_MAX	(1024 * 1024)	/* one passwd/group entry, at most */

/**
 * who_caller() - describe the calling user
 * @s:		filled with real uid and the groups
 * @gids:	set to a malloc()ed array of the real gid and supplementary
 *		groups; freed by the caller
 *
 * Return: 0, or the negative errno of getgroups() or malloc()
 */
int who_caller(struct acl_subject *s, gid_t **gids)
{
	int n, m;
	gid_t *g;

	n = getgroups(0, NULL);
	if (n < 0)
		return -errno;
	g = calloc((size_t)n + 1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g[0] = getgid();
	m = n ? getgroups(n, g + 1) : 0;
	if (m < 0) {
		free(g);
		return -errno;
	}
	s->uid = getuid();
	s->gids = g;
	s->ngids = (size_t)m + 1;
	*gids = g;
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

/*
 * Look @r->who up; 1 if found (@id set), 0 if there is no such name, or
 * the negative errno the lookup returned (any value: even ENOENT from a
 * module means it could not answer, e.g. /etc/passwd missing)
 */
static int lookup(const struct acl_rule *r, unsigned int *id)
{
	size_t len = 16384;
	char *buf = NULL, *nb;
	struct passwd pw, *pwp = NULL;
	struct group gr, *grp = NULL;
	int e;

	for (;;) {
		nb = realloc(buf, len);
		if (!nb) {
			free(buf);
			return -ENOMEM;
		}
		buf = nb;
		if (r->scope == ACL_USER)
			e = getpwnam_r(r->who, &pw, buf, len, &pwp);
		else
			e = getgrnam_r(r->who, &gr, buf, len, &grp);
		if (e != ERANGE || len >= WHO_BUF_MAX)
			break;
		len *= 2;
	}
	free(buf);
	if (e)
		return -e;
	if (pwp)
		*id = pw.pw_uid;
	else if (grp)
		*id = gr.gr_gid;
	return pwp || grp;
}

static int where(const struct acl_rule *r, char *buf, size_t len)
{
	if (r->line)
		return snprintf(buf, len, "%s:%u", r->file, r->line);
	return snprintf(buf, len, "%s", r->file);
}

/**
 * who_resolve() - resolve the user= and group= names of all rules
 * @acl:	rule set; each scoped rule gets @id and @resolved set
 * @msg:	on failure, one line naming the rule's file and line
 * @msglen:	size of @msg
 *
 * Return: 0, -ENOENT if a deny rule names a user or group that does not
 * exist, or the negative errno of a lookup that failed (any rule)
 */
int who_resolve(struct acl *acl, char *msg, size_t msglen)
{
	char at[4200];
	size_t i;
	int ret;

	for (i = 0; i < acl->n; i++) {
		struct acl_rule *r = &acl->rules[i];
		const char *kind = r->scope == ACL_USER ? "user" : "group";

		if (r->scope == ACL_ANYONE)
			continue;
		if (!parse_id(r->who, &r->id)) {
			r->resolved = true;
			continue;
		}
		ret = lookup(r, &r->id);
		where(r, at, sizeof(at));
		if (ret == 1) {
			r->resolved = true;
		} else if (ret < 0) {
			snprintf(msg, msglen, "%s: cannot look up %s %s: %s",
				 at, kind, r->who, errstr(ret));
			return ret;
		} else if (r->deny) {
			snprintf(msg, msglen,
				 "%s: deny rule names %s %s, which does not exist",
				 at, kind, r->who);
			return -ENOENT;
		} else {
			notice("%s: allow rule names %s %s, which does not exist: it matches no one",
			       at, kind, r->who);
		}
	}
	return 0;
}
