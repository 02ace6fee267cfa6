// SPDX-License-Identifier: GPL-2.0-or-later
/* control_cmds.c - the commands of the control socket
 *
 * DOC: Theory of operation
 *
 * One table, ctl_cmds[]: each command's name, handler, and the arguments
 * it declares as a json_unpack() format (control_request.c checks a
 * request's arguments against it before the handler runs, and hands the
 * handler their values). A handler builds its "return" value with
 * jansson, or fails with a message. The commands read ports and hubs
 * (port.h, hub.h) and change them through the same calls the command
 * line uses (netdev_add(), netdev_del()), so a port added here behaves
 * exactly like one from -netdev. docs/control.md describes each one.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "control_internal.h"
#include "control_json.h"
#include "hub.h"
#include "log.h"
#include "netdev.h"
#include "optstring.h"
#include "port.h"
#include "port_user.h"
#include "util.h"
#include "xalloc.h"

#ifndef GUESTNET_NAT
/* Built without user-mode NAT (port_user.c): there are no user ports */
#define port_is_user(p)			((void)(p), false)
#define user_hostfwd_add(p, r, e, n)	((void)(p), (void)(r), (void)(e), (void)(n), -ENOTSUP)
#define user_hostfwd_remove(p, r, e, n)	((void)(p), (void)(r), (void)(e), (void)(n), -ENOTSUP)
#define user_hostfwd_list(p, fn, arg)	((void)(p), (void)(fn), (void)(arg), 0U)
#endif

/*
 * jansson allocates through xmalloc() (control_json_init()): making a
 * value never fails for want of memory, and every value made here is
 * valid (strings through control_json_string(), static ASCII otherwise),
 * so no function below checks for NULL.
 */

/* The command's "return" value */
static int ret_value(struct ctl_req *r, json_t *v)
{
	r->ret = v;
	return 0;
}

/**
 * struct ids_walk - state of a walk collecting the ids of one hub's ports
 * @ids:	array of ids
 * @h:		the hub
 */
struct ids_walk {
	json_t *ids;
	const struct hub *h;
};

static void hub_port_id(struct port *p, void *arg)
{
	struct ids_walk *iw = arg;

	if (p->hub == iw->h)
		json_array_append_new(iw->ids, control_json_string(p->id));
}

static json_t *hub_json(const struct hub *h)
{
	struct ids_walk iw = { .ids = json_array(), .h = h };

	port_foreach(hub_port_id, &iw);
	return json_pack("{s:I,s:s,s:o}", "id", (json_int_t)h->id,
			 "mode", h->is_switch ? "switch" : "hub", "ports", iw.ids);
}

static int cmd_query_hubs(struct ctl_req *r)
{
	json_t *hubs = json_array();

	for (struct hub *h = hub_first(); h; h = h->next)
		json_array_append_new(hubs, hub_json(h));
	return ret_value(r, hubs);
}

static json_t *drops_json(const struct port *p)
{
	json_t *drops = json_object();

	for (int i = 0; i < DROP__COUNT; i++)
		json_object_set_new(drops, drop_reason_name((enum drop_reason)i),
				    json_integer((json_int_t)p->stats.drops[i]));
	return drops;
}

static json_t *port_json(const struct port *p)
{
	char peer[160] = "";

	if (p->ops->describe)
		p->ops->describe(p, peer, sizeof(peer));
	return json_pack("{s:o,s:s,s:o,s:o,s:b,s:I,s:I,s:I,s:I,s:I,s:I,s:o}",
			 "id", control_json_string(p->id),
			 "type", p->ops->type,
			 "hub", p->hub ? json_integer((json_int_t)p->hub->id) : json_null(),
			 "peer", control_json_string(peer),
			 "forwards", (int)p->forwards,
			 "rx-frames", (json_int_t)p->stats.rx_frames,
			 "rx-bytes", (json_int_t)p->stats.rx_bytes,
			 "tx-frames", (json_int_t)p->stats.tx_frames,
			 "tx-bytes", (json_int_t)p->stats.tx_bytes,
			 "queued", (json_int_t)p->txq.count,
			 "queued-bytes", (json_int_t)p->txq.bytes,
			 "drops", drops_json(p));
}

/**
 * struct ports_walk - state of a walk over the ports for query-ports
 * @ports:	array of port objects
 * @id:		only this port, or NULL for all
 * @found:	ports written
 */
struct ports_walk {
	json_t *ports;
	const char *id;
	unsigned int found;
};

static void query_port(struct port *p, void *arg)
{
	struct ports_walk *pw = arg;

	if (pw->id && strcmp(pw->id, p->id))
		return;
	json_array_append_new(pw->ports, port_json(p));
	pw->found++;
}

static int cmd_query_ports(struct ctl_req *r)
{
	struct ports_walk pw = { .ports = json_array(), .id = r->val[0] };

	port_foreach(query_port, &pw);
	r->ret = pw.ports;
	if (pw.id && !pw.found)
		return ctl_fail(r, "netdev '%.80s' not found", pw.id);
	return 0;
}

static int optstring_key(const char *key, char *err, size_t errlen)
{
	if (!key[0] || strpbrk(key, ",=")) {
		snprintf(err, errlen, "Parameter '%.80s' is not a valid key", key);
		return -EINVAL;
	}
	if (!strcmp(key, "fd")) {
		snprintf(err, errlen, "Parameter 'fd' is not accepted over the control socket");
		return -EINVAL;
	}
	return 0;
}

/* The option-string text of one value; NULL for a null, array or object */
static const char *optstring_value(const json_t *v, char num[CONTROL_JSON_NUMBER_LEN])
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_boolean(v))
		return json_is_true(v) ? "on" : "off";
	if (control_json_number(v, num, CONTROL_JSON_NUMBER_LEN) == 0)
		return num;
	return NULL;
}

/* Append "key=value" to @s at @o, commas in the value doubled */
static size_t optstring_put(char *s, size_t o, const char *key, const char *val)
{
	if (o)
		s[o++] = ',';
	o += (size_t)sprintf(s + o, "%s=", key);
	for (; *val; val++) {
		s[o++] = *val;
		if (*val == ',')
			s[o++] = ',';
	}
	return o;
}

/**
 * control_optstring() - turn netdev-add arguments into a -netdev string
 * @args:	object of keys and string, number or boolean values, or NULL
 * @out:	"key=value,key=value", commas in values doubled; free() it
 * @err:	message on failure
 * @errlen:	its size
 *
 * Booleans become on/off, numbers are written as control_json_number()
 * does. A key must be non-empty without ',' or '='; "fd" is refused (a
 * descriptor number means nothing to a remote client).
 *
 * Return: 0, or -EINVAL with @err set
 */
int control_optstring(struct json_t *args, char **out, char *err, size_t errlen)
{
	char num[CONTROL_JSON_NUMBER_LEN];
	size_t len = 1, o = 0;
	const char *key;
	json_t *v;
	char *s;
	int ret;

	*out = NULL;
	json_object_foreach(args, key, v) {
		const char *val = optstring_value(v, num);

		ret = optstring_key(key, err, errlen);
		if (ret < 0)
			return ret;
		if (!val) {
			snprintf(err, errlen, "Invalid parameter type for '%.80s', "
				 "expected: string, number or bool", key);
			return -EINVAL;
		}
		len += strlen(key) + 2 * strlen(val) + 2;
	}
	s = xmalloc(len);
	json_object_foreach(args, key, v)
		o = optstring_put(s, o, key, optstring_value(v, num));
	s[o] = '\0';
	*out = s;
	return 0;
}

static int cmd_netdev_add(struct ctl_req *r)
{
	struct opts o;
	char *text;
	int ret;

	ret = control_optstring(r->args, &text, r->err, sizeof(r->err));
	if (ret < 0)
		return ret;
	ret = opts_parse(&o, "netdev-add", text, "type");
	if (!ret)
		ret = netdev_add(&o, false);
	if (ret < 0)
		ctl_fail(r, "%s", o.err[0] ? o.err : errstr(-ret));
	opts_free(&o);
	free(text);
	if (ret < 0)
		return ret;
	return ret_value(r, json_object());
}

static int cmd_netdev_del(struct ctl_req *r)
{
	const char *id = r->val[0];
	int ret = netdev_del(id);

	if (ret == -ENOENT)
		return ctl_fail(r, "netdev '%.80s' not found", id);
	if (ret < 0)
		return ctl_fail(r, "netdev '%.80s': %s", id, errstr(-ret));
	return ret_value(r, json_object());
}

/* The user port named by the "netdev" argument (always the first) */
static int user_port(struct ctl_req *r, struct port **out)
{
	const char *id = r->val[0];
	struct port *p = port_find(id);

	if (!p || p->closing)
		return ctl_fail(r, "netdev '%.80s' not found", id);
	if (!port_is_user(p))
		return ctl_fail(r, "netdev '%.80s' is not a user port", id);
	*out = p;
	return 0;
}

static int cmd_hostfwd(struct ctl_req *r, bool add)
{
	const char *rule = r->val[1];
	struct port *p;
	int ret;

	ret = user_port(r, &p);
	if (ret < 0)
		return ret;
	if (add)
		ret = user_hostfwd_add(p, rule, r->err, sizeof(r->err));
	else
		ret = user_hostfwd_remove(p, rule, r->err, sizeof(r->err));
	if (ret < 0)
		return ctl_fail(r, "%s: %s", rule, errstr(-ret));
	return ret_value(r, json_object());
}

static int cmd_hostfwd_add(struct ctl_req *r)
{
	return cmd_hostfwd(r, true);
}

static int cmd_hostfwd_remove(struct ctl_req *r)
{
	return cmd_hostfwd(r, false);
}

/* One host forward into the array @arg */
static void hostfwd_json(const struct user_hostfwd *fw, void *arg)
{
	json_t *v = json_pack("{s:s,s:o,s:I,s:o,s:I}",
			      "protocol", fw->udp ? "udp" : "tcp",
			      "host-addr", control_json_string(fw->host_addr),
			      "host-port", (json_int_t)fw->host_port,
			      "guest-addr", control_json_string(fw->guest_addr),
			      "guest-port", (json_int_t)fw->guest_port);

	json_array_append_new(arg, v);
}

static int cmd_hostfwd_list(struct ctl_req *r)
{
	struct port *p;
	int ret;

	ret = user_port(r, &p);
	if (ret < 0)
		return ret;
	r->ret = json_array();
	(void)user_hostfwd_list(p, hostfwd_json, r->ret);
	return 0;
}

static int cmd_quit(struct ctl_req *r)
{
	r->quit = true;
	return ret_value(r, json_object());
}

static const struct ctl_cmd ctl_cmds[] = {
	{ "query-hubs",     cmd_query_hubs,     "{}",            { NULL } },
	{ "query-ports",    cmd_query_ports,    "{s?s}",         { "id" } },
	{ "netdev-add",     cmd_netdev_add,     "{s:s,s:s*}",    { "type", "id" } },
	{ "netdev-del",     cmd_netdev_del,     "{s:s}",         { "id" } },
	{ "hostfwd-add",    cmd_hostfwd_add,    "{s:s,s:s}",     { "netdev", "rule" } },
	{ "hostfwd-remove", cmd_hostfwd_remove, "{s:s,s:s}",     { "netdev", "rule" } },
	{ "hostfwd-list",   cmd_hostfwd_list,   "{s:s}",         { "netdev" } },
	{ "quit",           cmd_quit,           "{}",            { NULL } },
};

/**
 * ctl_cmd_find() - look a command up by name
 * @name:	"execute" value
 *
 * Return: the command, or NULL if there is none of that name
 */
const struct ctl_cmd *ctl_cmd_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(ctl_cmds); i++)
		if (!strcmp(ctl_cmds[i].name, name))
			return &ctl_cmds[i];
	return NULL;
}
