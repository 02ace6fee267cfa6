/* SPDX-License-Identifier: GPL-2.0-or-later */
/* internal.h - --net internal:NAME, a per-user hub shared by name */
#ifndef GN_RUN_INTERNAL_H
#define GN_RUN_INTERNAL_H

#include <limits.h>
#include <stddef.h>

#include "launch_emu.h"

/**
 * struct internal_hub - this launch's membership of an internal network
 * @sock:	the hub's unix stream socket (guests connect to it)
 * @ctl:	the hub emulator's control socket
 * @pidfile:	its pid file
 * @lockpath:	the lock file
 * @logpath:	where the emulator's messages go
 * @lockfd:	holds our "user" lock while COMMAND runs; -1 if none
 */
struct internal_hub {
	char sock[EMU_SOCK_MAX];
	char ctl[EMU_SOCK_MAX];
	char pidfile[PATH_MAX];
	char lockpath[PATH_MAX];
	char logpath[PATH_MAX];
	int lockfd;
};

int internal_join(struct internal_hub *h, const char *base, const char *name,
		  const char *emu, char *err, size_t errlen);
void internal_leave(struct internal_hub *h);

#endif /* GN_RUN_INTERNAL_H */
