/* SPDX-License-Identifier: GPL-2.0-or-later */
/* control_json.h - the control socket's JSON rules, over jansson */
#ifndef GN_CONTROL_JSON_H
#define GN_CONTROL_JSON_H

#include <stddef.h>

#include <jansson.h>

/* Limits: see docs/control.md */
#define CONTROL_JSON_DEPTH_MAX		32
#define CONTROL_JSON_MEMBERS_MAX	1024
#define CONTROL_JSON_ERR_LEN		200
#define CONTROL_JSON_NUMBER_LEN		32

void control_json_init(void);
int control_json_parse(const char *buf, size_t len, json_t **out,
		       char *err, size_t errlen);
json_t *control_json_string(const char *s);
int control_json_number(const json_t *v, char *buf, size_t len);

#endif /* GN_CONTROL_JSON_H */
