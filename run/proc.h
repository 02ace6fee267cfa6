/* SPDX-License-Identifier: GPL-2.0-or-later */
/* proc.h - child processes guestnet starts (emulators, helper, COMMAND) */
#ifndef GN_RUN_PROC_H
#define GN_RUN_PROC_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/**
 * struct proc - a child process
 * @pid:	its pid, 0 if none
 * @pidfd:	a pidfd for it (readable once it exits), -1 if none
 */
struct proc {
	pid_t pid;
	int pidfd;
};

void proc_signals_block(sigset_t *old);
void proc_child_reset(void);
int proc_spawn(struct proc *p, char *const argv[]);
bool proc_exited(const struct proc *p, int timeout_ms);
int proc_reap(struct proc *p);
int proc_stop(struct proc *p, int timeout_ms);
int proc_connectable(const char *path);
int proc_wait_socket(const char *path, const struct proc *p, int timeout_ms);
int proc_status_code(int wstatus);

#endif /* GN_RUN_PROC_H */
