/* SPDX-License-Identifier: GPL-2.0-or-later */
/* child.h - child processes the emulator waits for */
#ifndef GN_CHILD_H
#define GN_CHILD_H

#include <sys/types.h>

/**
 * typedef child_exit_fn - called once a watched child has exited
 * @pid:	its process id
 * @status:	exit status as an exit code (128 + signal if killed)
 * @opaque:	the pointer given to child_watch()
 */
typedef void (*child_exit_fn)(pid_t pid, int status, void *opaque);

int child_watch(pid_t pid, child_exit_fn fn, void *opaque);
void child_unwatch(pid_t pid);
void child_reap(void);

#endif /* GN_CHILD_H */
