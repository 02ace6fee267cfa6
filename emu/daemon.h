/* SPDX-License-Identifier: GPL-2.0-or-later */
/* daemon.h - detaching, the pid file, and signals */
#ifndef GN_DAEMON_H
#define GN_DAEMON_H

int daemon_detach(void);
void daemon_ready(int fd);
int daemon_pidfile(const char *path);
void daemon_pidfile_remove(void);
int daemon_signals(void);

#endif /* GN_DAEMON_H */
