/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rundir.h - the user's private runtime directory for sockets and locks */
#ifndef GN_RUN_RUNDIR_H
#define GN_RUN_RUNDIR_H

#include <stddef.h>

int rundir_base(char *out, size_t len, char *err, size_t errlen);
int rundir_private(const char *base, char *out, size_t len, char *err, size_t errlen);
void rundir_remove_private(const char *dir);

#endif /* GN_RUN_RUNDIR_H */
