/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spawn.h - run a program and wait for it, for at most a few seconds */
#ifndef GN_SPAWN_H
#define GN_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The descriptor number that spawn_start()'s @keep_fd gets in the child */
#define SPAWN_KEEP_FD		3
/* Bytes kept of the first line of the child's stderr */
#define SPAWN_ERR_LINE		160

/**
 * struct spawn - a program we run and wait for
 * @pid:	its pid (also its process group)
 * @pidfd:	pidfd_open() of it, or -1 (then we poll in slices)
 * @err_fd:	read end of its stderr, -1 once at end of file
 * @err:	first line of its stderr, sanitised
 * @err_len:	bytes in @err
 * @err_done:	the first line is complete (or @err is full)
 * @status:	wait status once reaped
 * @exited:	reaped
 */
struct spawn {
	pid_t pid;
	int pidfd;
	int err_fd;
	char err[SPAWN_ERR_LINE];
	size_t err_len;
	bool err_done;
	int status;
	bool exited;
};

int spawn_start(struct spawn *c, char *const argv[], int keep_fd);
int spawn_wait(struct spawn *c, int timeout_ms);
bool spawn_succeeded(const struct spawn *c);
void spawn_describe(const struct spawn *c, char *buf, size_t len);
void spawn_free(struct spawn *c);
int spawn_run(char *const argv[], int timeout_ms, char *why, size_t len);
void spawn_close_from(unsigned int first);

#endif /* GN_SPAWN_H */
