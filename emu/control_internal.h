/* SPDX-License-Identifier: GPL-2.0-or-later */
/* control_internal.h - what the files of the control socket share
 *
 * control.c (the listening socket) hands accepted descriptors to
 * control_conn.c (connections and their lines), which runs each line
 * through control_request() (control_request.c: the request envelope and
 * the reply), which runs one command of the table in control_cmds.c.
 */
#ifndef GN_CONTROL_INTERNAL_H
#define GN_CONTROL_INTERNAL_H

#include <stdbool.h>

#include <jansson.h>

#include "control.h"

/* Arguments a command declares (netdev-add takes more, undeclared) */
#define CTL_ARGS_MAX	2

/**
 * struct ctl_req - one request being handled
 * @args:	the "arguments" object (an empty one when the request had none)
 * @val:	the declared arguments' values, in the order of the command's
 *		@keys; NULL for an optional one not given
 * @ret:	the command's "return" value (a reference the request owns)
 * @class:	error class (QMP's)
 * @err:	error message
 * @quit:	the command asks the emulator to exit
 */
struct ctl_req {
	json_t *args;
	const char *val[CTL_ARGS_MAX];
	json_t *ret;
	const char *class;
	char err[CONTROL_ERR_LEN];
	bool quit;
};

/**
 * struct ctl_cmd - one command of the table
 * @name:	"execute" value
 * @fn:		handler: set @r->ret and return 0, or return negative errno
 *		with the message in @r->err
 * @args:	json_unpack() format of its arguments, one "s:s" (required)
 *		or "s?s" (optional) string per key, ending in "*" if other
 *		keys are allowed
 * @keys:	the keys of @args, in order
 */
struct ctl_cmd {
	const char *name;
	int (*fn)(struct ctl_req *r);
	const char *args;
	const char *keys[CTL_ARGS_MAX];
};

const struct ctl_cmd *ctl_cmd_find(const char *name);
int ctl_fail(struct ctl_req *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void ctl_conn_new(int fd);
void ctl_conn_close_all(void);

#endif /* GN_CONTROL_INTERNAL_H */
