/* SPDX-License-Identifier: GPL-2.0-or-later */
/* daemon.h - detaching, the pid file, and signals */
#ifndef GN_DAEMON_H
#define GN_DAEMON_H

#include <stddef.h>

int daemon_detach(void);
void daemon_ready(int fd);
int daemon_pidfile(const char *path, char *err, size_t errlen);
void daemon_pidfile_remove(void);
int daemon_signals(void);

#endif /* GN_DAEMON_H */
