/* SPDX-License-Identifier: GPL-2.0-or-later */
/* control.h - the JSON control socket (-control PATH) */
#ifndef GN_CONTROL_H
#define GN_CONTROL_H

#include <stdbool.h>
#include <stddef.h>

struct json_t;
struct opts;

/* Limits: see docs/control.md */
#define CONTROL_LINE_MAX	(64 * 1024)
#define CONTROL_CLIENTS_MAX	64
#define CONTROL_OUT_MAX		(1024 * 1024)
#define CONTROL_ERR_LEN		256

int control_open(const char *path, struct opts *o);
void control_close(void);
char *control_request(const char *line, size_t len, bool *quit);
char *control_error_reply(const char *desc);
int control_optstring(struct json_t *args, char **out,
		      char *err, size_t errlen);

#endif /* GN_CONTROL_H */
