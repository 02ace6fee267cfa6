/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spawn.h - start a program, and wait for it for at most a few seconds */
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
 * enum spawn_flags - how a program is started (spawn.c's DOC block)
 * @SPAWN_CAPTURE_ERR:	 stderr on a pipe, its first line kept in @err
 * @SPAWN_OWN_GROUP:	 its own process group (killed as one)
 * @SPAWN_NULL_STDIN:	 stdin /dev/null
 * @SPAWN_DIE_WITH_PARENT: SIGTERM when we die (PR_SET_PDEATHSIG; forks)
 * @SPAWN_SEARCH_PATH:	 argv[0] looked up in PATH, as execvp() (forks)
 */
enum spawn_flags {
	SPAWN_CAPTURE_ERR	= 1U << 0,
	SPAWN_OWN_GROUP		= 1U << 1,
	SPAWN_NULL_STDIN	= 1U << 2,
	SPAWN_DIE_WITH_PARENT	= 1U << 3,
	SPAWN_SEARCH_PATH	= 1U << 4,
};

/**
 * struct spawn_opts - how to start a program
 * @flags:	enum spawn_flags
 * @keep_fd:	a descriptor it gets as SPAWN_KEEP_FD, or -1 (not forked)
 * @inherit:	descriptors it keeps at their numbers (forked only)
 * @n_inherit:	how many
 * @envp:	its environment, or NULL for ours
 */
struct spawn_opts {
	unsigned int flags;
	int keep_fd;
	const int *inherit;
	unsigned int n_inherit;
	char *const *envp;
};

/**
 * struct spawn - a program we run and wait for
 * @pid:	its pid (also its process group with SPAWN_OWN_GROUP)
 * @pidfd:	pidfd_open() of it, or -1 (then we poll in slices)
 * @err_fd:	read end of its stderr (SPAWN_CAPTURE_ERR), -1 at end of file
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

int spawn_program(struct spawn *c, char *const argv[], const struct spawn_opts *o);
int spawn_start(struct spawn *c, char *const argv[], int keep_fd);
int spawn_wait(struct spawn *c, int timeout_ms);
bool spawn_succeeded(const struct spawn *c);
void spawn_describe(const struct spawn *c, char *buf, size_t len);
void spawn_free(struct spawn *c);
int spawn_run(char *const argv[], int timeout_ms, char *why, size_t len);

#endif /* GN_SPAWN_H */
