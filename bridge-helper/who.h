/* SPDX-License-Identifier: GPL-2.0-or-later
 * who.h - the caller's identity, and user/group names in ACL rules
 */
#ifndef GN_HELPER_WHO_H
#define GN_HELPER_WHO_H

#include <stddef.h>
#include <sys/types.h>

struct acl;
struct acl_subject;

int who_caller(struct acl_subject *s, gid_t **gids);
int who_resolve(struct acl *acl, char *msg, size_t msglen);

#endif /* GN_HELPER_WHO_H */
