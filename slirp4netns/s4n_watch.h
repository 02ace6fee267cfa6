/* SPDX-License-Identifier: GPL-2.0-or-later */
/* s4n_watch.h - when the front end is ready, and when it ends */
#ifndef GN_S4N_WATCH_H
#define GN_S4N_WATCH_H

#include <stddef.h>
#include <sys/types.h>

int s4n_watch_exit_fd(int fd, char *err, size_t errlen);
int s4n_watch_target_open(pid_t pid, char *err, size_t errlen);
int s4n_watch_target(char *err, size_t errlen);
int s4n_ready(int fd, char *err, size_t errlen);

#endif /* GN_S4N_WATCH_H */
