/* SPDX-License-Identifier: GPL-2.0-or-later
 * acl_file.h - read ACL files and their includes, safely
 */
#ifndef GN_HELPER_ACL_FILE_H
#define GN_HELPER_ACL_FILE_H

#include <stddef.h>

struct acl;

#define ACL_FILE_MAX		(1024 * 1024)	/* bytes per file */
#define ACL_INCLUDE_DEPTH	8		/* nested includes */

int acl_load(struct acl *acl, const char *path, char *msg, size_t msglen);

#endif /* GN_HELPER_ACL_FILE_H */
