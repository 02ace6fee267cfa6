// SPDX-License-Identifier: GPL-2.0-or-later
/* s4n_api.c - slirp4netns' API socket protocol (add/list/remove_hostfwd)
 *
 * DOC: Theory of operation
 *
 * One JSON request per connection, one reply, then the server shuts the
 * connection down. This file is the protocol alone, as pure functions over
 * bytes: s4n_api_framing() says whether what a client sent so far is a
 * whole request, s4n_api_handle() turns a request into the reply text and
 * acts on the NAT through a small ops table (so tests can stand in for it).
 * The socket I/O lives with the event loop.
 *
 * Compatibility with slirp4netns 1.2 (see the research notes for each
 * point): the same error descriptions; ids from 1, never reused; an empty
 * host_addr is 0.0.0.0 and an empty guest_addr the --configure address;
 * the first JSON value counts and what follows it is ignored; duplicate
 * keys make a request unparsable; a request of 4096 bytes or more is "too
 * large". list_hostfwd's reply carries the entries both bare and under
 * "return" — slirp4netns sends {"entries":[...]}, its manual documents
 * {"return":{"entries":[...]}}, and clients read either. Where slirp4netns
 * crashes (no or a non-string proto) or silently truncates (ports beyond
 * 1..65535, fractions) we answer with its error for that argument.
 *
 * slirp4netns reads a request with one read(); we wait for the rest of an
 * unfinished JSON text (s4n_api_framing()), so a request written in
 * pieces works, and answer at once when a complete value or a syntax
 * error is there. Every reply but a long list is under 100 bytes, far
 * within the 2048 bytes Podman reads once.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <jansson.h>

#include "s4n_api.h"

#define LOAD_FLAGS	(JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES | \
			 JSON_DECODE_ANY)
#define DUMP_FLAGS	(JSON_COMPACT | JSON_PRESERVE_ORDER)

/**
 * s4n_api_init() - an API with no forwards
 * @api:		state to set up
 * @ops:		the NAT
 * @opaque:		passed to @ops
 * @default_guest:	guest address for an empty guest_addr
 */
void s4n_api_init(struct s4n_api *api, const struct s4n_nat_ops *ops,
		  void *opaque, struct in_addr default_guest)
{
	memset(api, 0, sizeof(*api));
	api->ops = ops;
	api->opaque = opaque;
	api->default_guest = default_guest;
	api->next_id = 1;
}

/**
 * s4n_api_fini() - free the API's list (the NAT's forwards stay)
 * @api:	state
 */
void s4n_api_fini(struct s4n_api *api)
{
	free(api->fwd);
	api->fwd = NULL;
	api->n = api->cap = 0;
}

/**
 * s4n_api_framing() - is this a whole request yet?
 * @buf:	bytes read so far
 * @len:	their number
 * @eof:	the client has shut down its writing side
 *
 * Return: S4N_API_COMPLETE at EOF, at S4N_API_REQUEST_MAX bytes, once
 * @buf starts with a complete JSON value, or once it has a syntax error
 * that more bytes cannot mend; else S4N_API_NEED_MORE
 */
enum s4n_api_framing s4n_api_framing(const char *buf, size_t len, bool eof)
{
	json_error_t jerr;
	json_t *v;

	if (eof || len >= S4N_API_REQUEST_MAX)
		return S4N_API_COMPLETE;
	v = json_loadb(buf, len, LOAD_FLAGS, &jerr);
	if (v) {
		json_decref(v);
		return S4N_API_COMPLETE;
	}
	if (json_error_code(&jerr) == json_error_premature_end_of_input)
		return S4N_API_NEED_MORE;
	return S4N_API_COMPLETE;
}

/* dump() - serialise and drop @v; the text, or NULL */
static char *dump(json_t *v)
{
	char *s;

	if (!v)
		return NULL;
	s = json_dumps(v, DUMP_FLAGS);
	json_decref(v);
	return s;
}

/* reply_error() - {"error":{"desc":DESC}} */
static char *reply_error(const char *desc)
{
	return dump(json_pack("{s:{s:s}}", "error", "desc", desc));
}

/* get_uint16() - a JSON integer (or integral real) in 1..65535; 0 or -EINVAL */
static int get_uint16(const json_t *v, uint16_t *out)
{
	double d;

	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);

		if (i < 1 || i > UINT16_MAX)
			return -EINVAL;
		*out = (uint16_t)i;
		return 0;
	}
	if (!json_is_real(v))
		return -EINVAL;
	d = json_real_value(v);
	if (!(d >= 1 && d <= UINT16_MAX) || d != floor(d))
		return -EINVAL;
	*out = (uint16_t)d;
	return 0;
}

/*
 * get_addr() - an IPv4 address argument: missing, null or "" gives @def;
 * 0, or -EINVAL for anything else that is not a dotted quad
 */
static int get_addr(const json_t *v, struct in_addr def, struct in_addr *out)
{
	const char *s;

	if (!v || json_is_null(v)) {
		*out = def;
		return 0;
	}
	if (!json_is_string(v))
		return -EINVAL;
	s = json_string_value(v);
	if (!*s) {
		*out = def;
		return 0;
	}
	return inet_pton(AF_INET, s, out) == 1 ? 0 : -EINVAL;
}

/* get_proto() - "tcp" or "udp"; 0, or -EINVAL */
static int get_proto(const json_t *v, bool *udp)
{
	const char *s = json_is_string(v) ? json_string_value(v) : "";

	if (strcmp(s, "tcp") == 0)
		*udp = false;
	else if (strcmp(s, "udp") == 0)
		*udp = true;
	else
		return -EINVAL;
	return 0;
}

/* make_room() - room for one more forward; 0 or -ENOMEM */
static int make_room(struct s4n_api *api)
{
	struct s4n_hostfwd *p;
	size_t cap;

	if (api->n < api->cap)
		return 0;
	cap = api->cap ? api->cap * 2 : 8;
	p = realloc(api->fwd, cap * sizeof(*p));
	if (!p)
		return -ENOMEM;
	api->fwd = p;
	api->cap = cap;
	return 0;
}

/* add_args() - read add_hostfwd's arguments into @f; NULL or the error */
static const char *add_args(const struct s4n_api *api, const json_t *args,
			    struct s4n_hostfwd *f)
{
	static const struct in_addr any = { .s_addr = INADDR_ANY };

	if (get_proto(json_object_get(args, "proto"), &f->udp) < 0)
		return "bad request: add_hostfwd: bad arguments.proto";
	if (get_addr(json_object_get(args, "host_addr"), any, &f->host) < 0)
		return "bad request: add_hostfwd: bad arguments.host_addr";
	if (get_uint16(json_object_get(args, "host_port"), &f->host_port) < 0)
		return "bad request: add_hostfwd: bad arguments.host_port";
	if (get_addr(json_object_get(args, "guest_addr"), api->default_guest,
		     &f->guest) < 0)
		return "bad request: add_hostfwd: bad arguments.guest_addr";
	if (get_uint16(json_object_get(args, "guest_port"), &f->guest_port) < 0)
		return "bad request: add_hostfwd: bad arguments.guest_port";
	return NULL;
}

/* handle_add() - add_hostfwd: {"return":{"id":N}} */
static char *handle_add(struct s4n_api *api, const json_t *args)
{
	struct s4n_hostfwd f;
	const char *why;

	memset(&f, 0, sizeof(f));
	why = add_args(api, args, &f);
	if (why)
		return reply_error(why);
	if (api->next_id == INT_MAX)
		return reply_error("bad request: add_hostfwd: no ids left");
	if (make_room(api) < 0)
		return reply_error("add_hostfwd: out of memory");
	if (api->ops->add_hostfwd(api->opaque, f.udp, f.host, f.host_port,
				  f.guest, f.guest_port) < 0)
		return reply_error("bad request: add_hostfwd: slirp_add_hostfwd failed");
	f.id = api->next_id++;
	api->fwd[api->n++] = f;
	return dump(json_pack("{s:{s:i}}", "return", "id", f.id));
}

/* find_id() - index of the forward whose id @v names, or -1 */
static long find_id(const struct s4n_api *api, const json_t *v)
{
	double d;
	long long id;
	size_t i;

	if (json_is_integer(v)) {
		id = json_integer_value(v);
	} else if (json_is_real(v)) {
		d = json_real_value(v);
		if (!(d >= 1 && d < INT_MAX) || d != floor(d))
			return -1;
		id = (long long)d;
	} else {
		return -1;
	}
	for (i = 0; i < api->n; i++)
		if (api->fwd[i].id == id)
			return (long)i;
	return -1;
}

/* handle_remove() - remove_hostfwd: {"return":{}} */
static char *handle_remove(struct s4n_api *api, const json_t *args)
{
	struct s4n_hostfwd *f;
	long i;

	i = find_id(api, json_object_get(args, "id"));
	if (i < 0)
		return reply_error("bad request: remove_hostfwd: bad arguments.id");
	f = &api->fwd[i];
	if (api->ops->remove_hostfwd(api->opaque, f->udp, f->host,
				     f->host_port) < 0)
		return reply_error("bad request: remove_hostfwd: slirp_remove_hostfwd failed");
	memmove(f, f + 1, (api->n - (size_t)i - 1) * sizeof(*f));
	api->n--;
	return dump(json_pack("{s:{}}", "return"));
}

/* entry() - one forward as slirp4netns lists it */
static json_t *entry(const struct s4n_hostfwd *f)
{
	char host[INET_ADDRSTRLEN], guest[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &f->host, host, sizeof(host));
	inet_ntop(AF_INET, &f->guest, guest, sizeof(guest));
	return json_pack("{s:i,s:s,s:s,s:i,s:s,s:i}", "id", f->id,
			 "proto", f->udp ? "udp" : "tcp", "host_addr", host,
			 "host_port", f->host_port, "guest_addr", guest,
			 "guest_port", f->guest_port);
}

/* handle_list() - list_hostfwd: the entries under "return" and bare */
static char *handle_list(const struct s4n_api *api)
{
	json_t *entries = json_array();
	size_t i;

	if (!entries)
		return NULL;
	for (i = 0; i < api->n; i++) {
		if (json_array_append_new(entries, entry(&api->fwd[i])) < 0) {
			json_decref(entries);
			return NULL;
		}
	}
	return dump(json_pack("{s:{s:O},s:o}", "return", "entries", entries,
			      "entries", entries));
}

/**
 * s4n_api_handle() - answer one request
 * @api:	state (forwards are added to and removed from it)
 * @req:	the request's bytes (need not be NUL-terminated)
 * @len:	their number
 *
 * Return: the reply, a NUL-terminated JSON text to free() — a "return" or
 * an "error" object, never more than one line; NULL only when out of memory
 */
char *s4n_api_handle(struct s4n_api *api, const char *req, size_t len)
{
	json_error_t jerr;
	json_t *root;
	const json_t *execute, *args;
	const char *cmd;
	char *reply;

	if (len >= S4N_API_REQUEST_MAX)
		return reply_error("bad request: too large message");
	root = json_loadb(req, len, LOAD_FLAGS, &jerr);
	if (!root)
		return reply_error("bad request: cannot parse JSON");
	if (!json_is_object(root)) {
		reply = reply_error("bad request: json_object() failed");
		goto out;
	}
	execute = json_object_get(root, "execute");
	if (!json_is_string(execute)) {
		reply = reply_error("bad request: no execute found");
		goto out;
	}
	cmd = json_string_value(execute);
	args = json_object_get(root, "arguments");
	if (strcmp(cmd, "add_hostfwd") == 0)
		reply = handle_add(api, args);
	else if (strcmp(cmd, "list_hostfwd") == 0)
		reply = handle_list(api);
	else if (strcmp(cmd, "remove_hostfwd") == 0)
		reply = handle_remove(api, args);
	else
		reply = reply_error("bad request: unknown execute");
out:
	json_decref(root);
	return reply;
}
