/* SPDX-License-Identifier: GPL-2.0-or-later
 * acl.h - bridge ACL: line parser, rule set and decision
 */
#ifndef GN_HELPER_ACL_H
#define GN_HELPER_ACL_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define ACL_LINE_MAX	4096	/* bytes per line, newline excluded */
#define ACL_WHO_MAX	33	/* user/group name, NUL included */
#define ACL_PATH_MAX	4096	/* include path, NUL included */

enum acl_kind {
	ACL_EMPTY = 0,		/* blank or comment-only line */
	ACL_ALLOW,
	ACL_DENY,
	ACL_INCLUDE,
};

enum acl_scope {
	ACL_ANYONE = 0,
	ACL_USER,
	ACL_GROUP,
};

/**
 * struct acl_line - one parsed ACL line
 * @kind:	what the line says
 * @all:	allow/deny: the keyword "all" instead of a bridge name
 * @bridge:	allow/deny: bridge name, valid per ifname_check()
 * @scope:	allow/deny: whom the rule applies to
 * @who:	user or group name (or decimal id) for ACL_USER/ACL_GROUP
 * @path:	include: absolute path of a file or directory
 */
struct acl_line {
	enum acl_kind kind;
	bool all;
	char bridge[IFNAMSIZ];
	enum acl_scope scope;
	char who[ACL_WHO_MAX];
	char path[ACL_PATH_MAX];
};

/**
 * struct acl_rule - an allow or deny rule with its origin
 * @deny:	true for deny
 * @all:	matches every bridge
 * @bridge:	bridge name unless @all
 * @scope:	ACL_ANYONE, ACL_USER or ACL_GROUP
 * @who:	name from the file, for messages
 * @id:		resolved uid or gid, valid if @resolved
 * @resolved:	@who named an existing user/group (else never matches)
 * @file:	file the rule came from (owned by struct acl)
 * @line:	line number in @file
 */
struct acl_rule {
	bool deny;
	bool all;
	char bridge[IFNAMSIZ];
	enum acl_scope scope;
	char who[ACL_WHO_MAX];
	unsigned int id;
	bool resolved;
	const char *file;
	unsigned int line;
};

/**
 * struct acl - all rules read, in file order
 * @rules:	array of @n rules
 * @n:		rules in use
 * @cap:	rules allocated
 * @files:	paths read, for rule origins
 * @nfiles:	paths in use
 */
struct acl {
	struct acl_rule *rules;
	size_t n, cap;
	char **files;
	size_t nfiles;
};

/**
 * struct acl_subject - the caller, as the ACL sees it
 * @uid:	real uid
 * @gids:	real gid and supplementary groups
 * @ngids:	entries in @gids
 */
struct acl_subject {
	uid_t uid;
	const gid_t *gids;
	size_t ngids;
};

/**
 * typedef acl_line_fn - called for each non-empty line of a buffer
 * @line:	the parsed line
 * @lineno:	its 1-based number
 * @opaque:	caller's pointer
 *
 * Return: 0 to go on, negative errno to stop parsing with that error
 */
typedef int (*acl_line_fn)(const struct acl_line *line, unsigned int lineno,
			   void *opaque);

int acl_parse_line(const char *s, size_t len, struct acl_line *out,
		   const char **why);
int acl_parse_buffer(const char *buf, size_t len, acl_line_fn fn,
		     void *opaque, unsigned int *lineno, const char **why);
int acl_add(struct acl *acl, const struct acl_line *l, const char *file,
	    unsigned int lineno);
const char *acl_add_file(struct acl *acl, const char *path);
const struct acl_rule *acl_decide(const struct acl *acl, const char *bridge,
				  const struct acl_subject *who, bool *allow);
void acl_free(struct acl *acl);

#endif /* GN_HELPER_ACL_H */
