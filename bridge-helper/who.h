/* SPDX-License-Identifier: GPL-2.0-or-later
 * who.h - the caller's identity, and user/group names in ACL rules
 */
#ifndef GN_HELPER_WHO_H
#define GN_HELPER_WHO_H

#include <sys/types.h>

struct acl;
struct acl_subject;

#define WHO_MAX_GROUPS	1024

int who_caller(struct acl_subject *s, gid_t *gids, size_t max);
void who_resolve(struct acl *acl);

#endif /* GN_HELPER_WHO_H */
