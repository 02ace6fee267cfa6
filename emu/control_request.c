// SPDX-License-Identifier: GPL-2.0-or-later
/* control_request.c - one control request line in, one reply line out
 *
 * DOC: Theory of operation
 *
 * control_request() is a function of one line (no socket, no state
 * besides the ports and hubs the command reads or changes), so the unit
 * tests and the fuzzer drive it directly. The line is read strictly
 * (control_json_parse()); the request object may hold only "execute",
 * "arguments" and "id"; the command's arguments are checked by
 * json_unpack_ex() against the format the command table declares, with
 * JSON_STRICT so that an undeclared key is refused. jansson's error is
 * then told in QMP's words, naming the key: "Parameter 'x' is
 * unexpected", "... is missing", "Invalid parameter type for 'x',
 * expected: string". The reply carries the command's value or the error,
 * and the request's "id" when it had a readable one.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "control_internal.h"
#include "control_json.h"
#include "log.h"
#include "util.h"

/* Members a request object may have */
static const char *const request_keys[] = { "execute", "arguments", "id", NULL };

/**
 * ctl_fail() - fail a request with a message (the first one stays)
 * @r:		the request
 * @fmt:	printf format of the message
 *
 * Return: -EINVAL, for the handler to return
 */
int ctl_fail(struct ctl_req *r, const char *fmt, ...)
{
	va_list ap;

	if (r->err[0])
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool key_listed(const char *const *keys, size_t n, const char *key)
{
	for (size_t i = 0; i < n && keys[i]; i++)
		if (!strcmp(keys[i], key))
			return true;
	return false;
}

/* The first member of @obj not among @keys, or NULL */
static const char *first_unlisted(json_t *obj, const char *const *keys, size_t n)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v)
		if (!key_listed(keys, n, key))
			return key;
	return NULL;
}

/*
 * The declared key whose value a json_unpack() error points at: jansson
 * gives the 1-based position, in the format, of the value's type letter.
 * Return its index in the command's keys, or -1.
 */
static int format_key_at(const char *fmt, int pos)
{
	bool want_key = true;
	int key = -1;

	for (int i = 1; fmt[i] && i < pos; i++) {
		if (strchr(" :,?", fmt[i]))
			continue;
		if (strchr("}*!", fmt[i]))
			break;
		if (want_key)
			key++;
		want_key = !want_key;
	}
	return key < CTL_ARGS_MAX ? key : -1;
}

static const char *format_type_name(char c)
{
	switch (c) {
	case 's':
		return "string";
	case 'b':
		return "bool";
	case 'i':
	case 'I':
		return "int";
	default:
		return "value";
	}
}

/* A json_unpack_ex() failure of @cmd's arguments, in QMP's words */
static int args_fail(struct ctl_req *r, const struct ctl_cmd *cmd,
		     const json_error_t *je)
{
	int k = format_key_at(cmd->args, je->position);
	const char *key;

	switch (json_error_code(je)) {
	case json_error_end_of_input_expected:	/* JSON_STRICT: keys left */
		key = first_unlisted(r->args, cmd->keys, CTL_ARGS_MAX);
		if (key)
			return ctl_fail(r, "Parameter '%.80s' is unexpected", key);
		break;
	case json_error_item_not_found:
		if (k >= 0)
			return ctl_fail(r, "Parameter '%s' is missing", cmd->keys[k]);
		break;
	case json_error_wrong_type:
		if (k >= 0)
			return ctl_fail(r, "Invalid parameter type for '%s', expected: %s",
					cmd->keys[k], format_type_name(cmd->args[je->position - 1]));
		break;
	default:
		break;
	}
	return ctl_fail(r, "arguments: %s", je->text);
}

/* Check the arguments against the command's format; take their values */
static int check_args(const struct ctl_cmd *cmd, struct ctl_req *r)
{
	json_error_t je;

	if (json_unpack_ex(r->args, &je, JSON_STRICT, cmd->args,
			   cmd->keys[0], &r->val[0], cmd->keys[1], &r->val[1]) < 0)
		return args_fail(r, cmd, &je);
	return 0;
}

/* The request object's own members; finds the command, checks its arguments */
static int check_request(json_t *req, struct ctl_req *r, const struct ctl_cmd **cmd)
{
	json_t *exec, *args;
	const char *key;

	if (!json_is_object(req))
		return ctl_fail(r, "request must be a JSON object");
	key = first_unlisted(req, request_keys, ARRAY_SIZE(request_keys));
	if (key)
		return ctl_fail(r, "request member '%.80s' is unexpected", key);
	exec = json_object_get(req, "execute");
	if (!exec)
		return ctl_fail(r, "request lacks member 'execute'");
	if (!json_is_string(exec))
		return ctl_fail(r, "request member 'execute' must be a string");
	args = json_object_get(req, "arguments");
	if (args && !json_is_object(args))
		return ctl_fail(r, "request member 'arguments' must be an object");
	r->args = args ? json_incref(args) : json_object();
	*cmd = ctl_cmd_find(json_string_value(exec));
	if (!*cmd) {
		r->class = "CommandNotFound";
		return ctl_fail(r, "The command %.80s has not been found",
				json_string_value(exec));
	}
	return check_args(*cmd, r);
}

/* The reply line: the return value (a reference taken) or the error, and the id */
static char *reply_text(json_t *ret, const char *class, const char *desc, json_t *id)
{
	json_t *reply = json_object();
	char *text;

	if (ret)
		json_object_set_new(reply, "return", ret);
	else
		json_object_set_new(reply, "error",
				    json_pack("{s:s,s:o}", "class", class,
					      "desc", control_json_string(desc)));
	if (id)
		json_object_set(reply, "id", id);
	text = json_dumps(reply, JSON_COMPACT);
	json_decref(reply);
	return text;
}

/**
 * control_error_reply() - an error reply to no particular request
 * @desc:	message
 *
 * Return: the reply line without newline, for the caller to free
 */
char *control_error_reply(const char *desc)
{
	return reply_text(NULL, "GenericError", desc, NULL);
}

/**
 * control_request() - handle one request line
 * @line:	the request, without its newline (need not be NUL-terminated)
 * @len:	its length
 * @quit:	set when the request asks the emulator to exit (after the reply)
 *
 * Runs the command: ports may be added or removed. Every failure is an
 * error reply, with the request's "id" when it had a readable one.
 *
 * Return: the reply line without newline, for the caller to free
 */
char *control_request(const char *line, size_t len, bool *quit)
{
	struct ctl_req r = { .class = "GenericError" };
	char perr[CONTROL_JSON_ERR_LEN];
	const struct ctl_cmd *cmd = NULL;
	json_t *req = NULL, *id = NULL;
	char *reply;
	int rc;

	*quit = false;
	rc = control_json_parse(line, len, &req, perr, sizeof(perr));
	if (rc < 0)
		ctl_fail(&r, "JSON parse error, %s", perr);
	else
		rc = check_request(req, &r, &cmd);
	if (!rc)
		rc = cmd->fn(&r);
	if (rc < 0 && !r.err[0])
		ctl_fail(&r, "%s", errstr(-rc));
	if (json_is_object(req))
		id = json_object_get(req, "id");
	if (rc < 0) {
		json_decref(r.ret);
		r.ret = NULL;
	}
	reply = reply_text(r.ret, r.class, r.err, id);
	*quit = !rc && r.quit;
	json_decref(r.args);
	json_decref(req);
	return reply;
}
