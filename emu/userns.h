/* SPDX-License-Identifier: GPL-2.0-or-later */
/* userns.h - map our own ids into a user namespace we just created */
#ifndef GN_USERNS_H
#define GN_USERNS_H

#include <sys/types.h>

int userns_map_self(uid_t uid, gid_t gid, const char **step);

#endif /* GN_USERNS_H */
