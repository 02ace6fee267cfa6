// SPDX-License-Identifier: GPL-2.0-or-later
/* control.c - the JSON control socket (-control PATH)
 *
 * DOC: Theory of operation
 *
 * A unix stream socket, created by us with mode 0600 and removed at exit
 * (a stale socket file is replaced, a live one or any other file refused).
 * The protocol is QMP-like JSON lines: one request object per line, one
 * reply object per line, in order; a client may send many requests per
 * connection and many clients may be connected (CONTROL_CLIENTS_MAX).
 * docs/control.md describes the commands.
 *
 * Nothing here may hold up the frame path: the listener and every
 * connection are non-blocking descriptors in the one event loop. On
 * EPOLLIN a connection reads what is there into its line buffer and runs
 * each complete line through control_request(), a function of one line
 * that returns the reply text; replies are queued and written at once,
 * the rest when EPOLLOUT says so. A line longer than CONTROL_LINE_MAX gets
 * one error reply and is discarded up to its newline. Output is bounded:
 * a client that lets more than CONTROL_OUT_MAX of replies pile up (it
 * never reads) is disconnected. At end of input, the last line is
 * answered even without a newline, and the connection closes once its
 * replies are written.
 *
 * The commands read ports and hubs (port.h, hub.h) and change them through
 * the same calls the command line uses (netdev_add(), netdev_del()), so a
 * port added here behaves exactly like one from -netdev.
 */

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "control.h"
#include "hub.h"
#include "json.h"
#include "log.h"
#include "loop.h"
#include "netdev.h"
#include "optstring.h"
#include "port.h"
#include "port_user.h"

#define CONTROL_BACKLOG		CONTROL_CLIENTS_MAX
#define CONTROL_ACCEPT_BATCH	16

#ifndef GUESTNET_NAT
/* Built without user-mode NAT (port_user.c): there are no user ports */
#define port_is_user(p)			((void)(p), false)
#define user_hostfwd_add(p, r, e, n)	((void)(p), (void)(r), (void)(e), (void)(n), -ENOTSUP)
#define user_hostfwd_remove(p, r, e, n)	((void)(p), (void)(r), (void)(e), (void)(n), -ENOTSUP)
#define user_hostfwd_list(p, fn, arg)	((void)(p), (void)(fn), (void)(arg), 0U)
#endif

/* Request handling: one line in, one reply out */

/**
 * struct ctl_req - one request being handled
 * @args:	the "arguments" object, or NULL
 * @ret:	where a command writes its "return" value
 * @class:	error class (QMP's)
 * @err:	error message
 * @quit:	the command asks the emulator to exit
 */
struct ctl_req {
	const struct json *args;
	struct jw *ret;
	const char *class;
	char err[CONTROL_ERR_LEN];
	bool quit;
};

/**
 * struct ctl_param - one argument a command takes
 * @name:	key in "arguments"
 * @type:	its JSON type
 * @required:	it must be given
 */
struct ctl_param {
	const char *name;
	enum json_type type;
	bool required;
};

/**
 * struct ctl_cmd - one command
 * @name:	"execute" value
 * @fn:		handler: fill @r->ret and return 0, or return negative errno
 *		with the message in @r->err
 * @params:	arguments it takes, ended by an entry without name
 * @more:	other arguments are allowed (handed on to netdev_add())
 */
struct ctl_cmd {
	const char *name;
	int (*fn)(struct ctl_req *r);
	struct ctl_param params[4];
	bool more;
};

__attribute__((format(printf, 2, 3)))
static int req_fail(struct ctl_req *r, const char *fmt, ...)
{
	va_list ap;

	if (r->err[0])
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char *arg_str(const struct ctl_req *r, const char *key)
{
	const struct json *v = json_get(r->args, key);

	return v && v->type == JSON_STRING ? v->str : NULL;
}

/**
 * struct hub_walk - state of a walk over the ports of one hub
 * @w:		writer
 * @h:		the hub
 */
struct hub_walk {
	struct jw *w;
	const struct hub *h;
};

static void hub_port_id(struct port *p, void *arg)
{
	const struct hub_walk *hw = arg;

	if (p->hub == hw->h)
		jw_str(hw->w, p->id);
}

static int cmd_query_hubs(struct ctl_req *r)
{
	struct jw *w = r->ret;

	jw_arr_begin(w);
	for (struct hub *h = hub_first(); h; h = h->next) {
		struct hub_walk hw = { .w = w, .h = h };

		jw_obj_begin(w);
		jw_key(w, "id");
		jw_uint(w, h->id);
		jw_key(w, "mode");
		jw_str(w, h->is_switch ? "switch" : "hub");
		jw_key(w, "ports");
		jw_arr_begin(w);
		port_foreach(hub_port_id, &hw);
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	return 0;
}

static void port_counter(struct jw *w, const char *key, uint64_t v)
{
	jw_key(w, key);
	jw_uint(w, v);
}

static void port_json(struct jw *w, const struct port *p)
{
	char peer[160] = "";

	if (p->ops->describe)
		p->ops->describe(p, peer, sizeof(peer));
	jw_obj_begin(w);
	jw_key(w, "id");
	jw_str(w, p->id);
	jw_key(w, "type");
	jw_str(w, p->ops->type);
	jw_key(w, "hub");
	if (p->hub)
		jw_uint(w, p->hub->id);
	else
		jw_null(w);
	jw_key(w, "peer");
	jw_str(w, peer);
	jw_key(w, "forwards");
	jw_bool(w, p->forwards);
	port_counter(w, "rx-frames", p->stats.rx_frames);
	port_counter(w, "rx-bytes", p->stats.rx_bytes);
	port_counter(w, "tx-frames", p->stats.tx_frames);
	port_counter(w, "tx-bytes", p->stats.tx_bytes);
	port_counter(w, "queued", p->txq.count);
	port_counter(w, "queued-bytes", p->txq.bytes);
	jw_key(w, "drops");
	jw_obj_begin(w);
	for (int i = 0; i < DROP__COUNT; i++)
		port_counter(w, drop_reason_name((enum drop_reason)i), p->stats.drops[i]);
	jw_obj_end(w);
	jw_obj_end(w);
}

/**
 * struct ports_walk - state of a walk over the ports for query-ports
 * @w:		writer
 * @id:		only this port, or NULL for all
 * @found:	ports written
 */
struct ports_walk {
	struct jw *w;
	const char *id;
	unsigned int found;
};

static void query_port(struct port *p, void *arg)
{
	struct ports_walk *pw = arg;

	if (pw->id && strcmp(pw->id, p->id))
		return;
	port_json(pw->w, p);
	pw->found++;
}

static int cmd_query_ports(struct ctl_req *r)
{
	struct ports_walk pw = { .w = r->ret, .id = arg_str(r, "id") };

	jw_arr_begin(r->ret);
	port_foreach(query_port, &pw);
	jw_arr_end(r->ret);
	if (pw.id && !pw.found)
		return req_fail(r, "netdev '%.80s' not found", pw.id);
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

static const char *optstring_value(const struct json *v)
{
	switch (v->type) {
	case JSON_STRING:
	case JSON_NUMBER:
		return v->str;
	case JSON_TRUE:
		return "on";
	case JSON_FALSE:
		return "off";
	default:
		return NULL;
	}
}

/**
 * control_optstring() - turn netdev-add arguments into a -netdev string
 * @args:	object of keys and string, number or boolean values
 * @out:	"key=value,key=value", commas in values doubled; free() it
 * @err:	message on failure
 * @errlen:	its size
 *
 * Booleans become on/off, numbers are written as they were sent. A key
 * must be non-empty without ',' or '='; "fd" is refused (a descriptor
 * number means nothing to a remote client).
 *
 * Return: 0, -EINVAL with @err set, -ENOMEM
 */
int control_optstring(const struct json *args, char **out,
		      char *err, size_t errlen)
{
	const struct json *m;
	size_t len = 1, o = 0;
	char *s;
	int ret;

	*out = NULL;
	for (m = args ? args->child : NULL; m; m = m->next) {
		const char *val = optstring_value(m);

		ret = optstring_key(m->key, err, errlen);
		if (ret < 0)
			return ret;
		if (!val) {
			snprintf(err, errlen, "Invalid parameter type for '%.80s', "
				 "expected: string, number or bool", m->key);
			return -EINVAL;
		}
		len += strlen(m->key) + 2 * strlen(val) + 2;
	}
	s = malloc(len);
	if (!s)
		return -ENOMEM;
	for (m = args ? args->child : NULL; m; m = m->next) {
		const char *val = optstring_value(m);

		if (o)
			s[o++] = ',';
		o += (size_t)sprintf(s + o, "%s=", m->key);
		for (; *val; val++) {
			s[o++] = *val;
			if (*val == ',')
				s[o++] = ',';
		}
	}
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
		req_fail(r, "%s", o.err[0] ? o.err : errstr(-ret));
	opts_free(&o);
	free(text);
	if (ret < 0)
		return ret;
	jw_obj_begin(r->ret);
	jw_obj_end(r->ret);
	return 0;
}

static int cmd_netdev_del(struct ctl_req *r)
{
	const char *id = arg_str(r, "id");
	int ret = netdev_del(id);

	if (ret == -ENOENT)
		return req_fail(r, "netdev '%.80s' not found", id);
	if (ret < 0)
		return req_fail(r, "netdev '%.80s': %s", id, errstr(-ret));
	jw_obj_begin(r->ret);
	jw_obj_end(r->ret);
	return 0;
}

static int user_port(struct ctl_req *r, struct port **out)
{
	const char *id = arg_str(r, "netdev");
	struct port *p = port_find(id);

	if (!p || p->closing)
		return req_fail(r, "netdev '%.80s' not found", id);
	if (!port_is_user(p))
		return req_fail(r, "netdev '%.80s' is not a user port", id);
	*out = p;
	return 0;
}

static int cmd_hostfwd(struct ctl_req *r, bool add)
{
	const char *rule = arg_str(r, "rule");
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
		return req_fail(r, "%s: %s", rule, errstr(-ret));
	jw_obj_begin(r->ret);
	jw_obj_end(r->ret);
	return 0;
}

static int cmd_hostfwd_add(struct ctl_req *r)
{
	return cmd_hostfwd(r, true);
}

static int cmd_hostfwd_remove(struct ctl_req *r)
{
	return cmd_hostfwd(r, false);
}

static void hostfwd_json(const struct user_hostfwd *fw, void *arg)
{
	struct jw *w = arg;

	jw_obj_begin(w);
	jw_key(w, "protocol");
	jw_str(w, fw->udp ? "udp" : "tcp");
	jw_key(w, "host-addr");
	jw_str(w, fw->host_addr);
	jw_key(w, "host-port");
	jw_uint(w, fw->host_port);
	jw_key(w, "guest-addr");
	jw_str(w, fw->guest_addr);
	jw_key(w, "guest-port");
	jw_uint(w, fw->guest_port);
	jw_obj_end(w);
}

static int cmd_hostfwd_list(struct ctl_req *r)
{
	struct port *p;
	int ret;

	ret = user_port(r, &p);
	if (ret < 0)
		return ret;
	jw_arr_begin(r->ret);
	(void)user_hostfwd_list(p, hostfwd_json, r->ret);
	jw_arr_end(r->ret);
	return 0;
}

static int cmd_quit(struct ctl_req *r)
{
	r->quit = true;
	jw_obj_begin(r->ret);
	jw_obj_end(r->ret);
	return 0;
}

static const struct ctl_cmd ctl_cmds[] = {
	{ "query-hubs", cmd_query_hubs, { { 0 } }, false },
	{ "query-ports", cmd_query_ports, { { "id", JSON_STRING, false } }, false },
	{ "netdev-add", cmd_netdev_add, {
		{ "type", JSON_STRING, true }, { "id", JSON_STRING, true } }, true },
	{ "netdev-del", cmd_netdev_del, { { "id", JSON_STRING, true } }, false },
	{ "hostfwd-add", cmd_hostfwd_add, {
		{ "netdev", JSON_STRING, true }, { "rule", JSON_STRING, true } }, false },
	{ "hostfwd-remove", cmd_hostfwd_remove, {
		{ "netdev", JSON_STRING, true }, { "rule", JSON_STRING, true } }, false },
	{ "hostfwd-list", cmd_hostfwd_list, { { "netdev", JSON_STRING, true } }, false },
	{ "quit", cmd_quit, { { 0 } }, false },
};

static const struct ctl_cmd *ctl_cmd_find(const char *name)
{
	for (size_t i = 0; i < sizeof(ctl_cmds) / sizeof(ctl_cmds[0]); i++)
		if (!strcmp(ctl_cmds[i].name, name))
			return &ctl_cmds[i];
	return NULL;
}

static const struct ctl_param *ctl_param_find(const struct ctl_cmd *cmd,
					      const char *name)
{
	for (const struct ctl_param *pa = cmd->params; pa->name; pa++)
		if (!strcmp(pa->name, name))
			return pa;
	return NULL;
}

/* Every argument known and of its type, every required one given */
static int ctl_check_args(const struct ctl_cmd *cmd, struct ctl_req *r)
{
	const struct ctl_param *pa;

	for (const struct json *m = r->args ? r->args->child : NULL; m; m = m->next) {
		pa = ctl_param_find(cmd, m->key);
		if (!pa && !cmd->more)
			return req_fail(r, "Parameter '%.80s' is unexpected", m->key);
		if (pa && m->type != pa->type)
			return req_fail(r, "Invalid parameter type for '%.80s', expected: %s",
					m->key, json_type_name(pa->type));
	}
	for (pa = cmd->params; pa->name; pa++)
		if (pa->required && !json_get(r->args, pa->name))
			return req_fail(r, "Parameter '%s' is missing", pa->name);
	return 0;
}

/* The request object's own members; finds the command */
static int ctl_check_request(const struct json *req, struct ctl_req *r,
			     const struct ctl_cmd **cmd)
{
	const struct json *exec = json_get(req, "execute");

	if (req->type != JSON_OBJECT)
		return req_fail(r, "request must be a JSON object");
	for (const struct json *m = req->child; m; m = m->next)
		if (strcmp(m->key, "execute") && strcmp(m->key, "arguments") &&
		    strcmp(m->key, "id"))
			return req_fail(r, "request member '%.80s' is unexpected", m->key);
	if (!exec)
		return req_fail(r, "request lacks member 'execute'");
	if (exec->type != JSON_STRING)
		return req_fail(r, "request member 'execute' must be a string");
	r->args = json_get(req, "arguments");
	if (r->args && r->args->type != JSON_OBJECT)
		return req_fail(r, "request member 'arguments' must be an object");
	*cmd = ctl_cmd_find(exec->str);
	if (!*cmd) {
		r->class = "CommandNotFound";
		return req_fail(r, "The command %.80s has not been found", exec->str);
	}
	return ctl_check_args(*cmd, r);
}

/* The reply line: the return value or the error, and the request's id */
static char *ctl_reply(const char *ret, size_t ret_len, const char *class,
		       const char *desc, const struct json *id)
{
	struct jw w;

	jw_init(&w, false);
	jw_obj_begin(&w);
	if (ret) {
		jw_key(&w, "return");
		jw_raw(&w, ret, ret_len);
	} else {
		jw_key(&w, "error");
		jw_obj_begin(&w);
		jw_key(&w, "class");
		jw_str(&w, class);
		jw_key(&w, "desc");
		jw_str(&w, desc);
		jw_obj_end(&w);
	}
	if (id) {
		jw_key(&w, "id");
		jw_value(&w, id);
	}
	jw_obj_end(&w);
	return jw_finish(&w, NULL);
}

/**
 * control_error_reply() - an error reply to no particular request
 * @desc:	message
 *
 * Return: the reply line without newline, for the caller to free; NULL
 *	   when out of memory
 */
char *control_error_reply(const char *desc)
{
	return ctl_reply(NULL, 0, "GenericError", desc, NULL);
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
 * Return: the reply line without newline, for the caller to free; NULL
 *	   when out of memory
 */
char *control_request(const char *line, size_t len, bool *quit)
{
	struct ctl_req r = { .class = "GenericError" };
	const struct ctl_cmd *cmd = NULL;
	struct json *req = NULL;
	char perr[JSON_ERR_LEN];
	char *ret = NULL, *reply;
	size_t ret_len = 0;
	struct jw w;
	int rc;

	*quit = false;
	jw_init(&w, false);
	r.ret = &w;
	rc = json_parse(line, len, &req, perr, sizeof(perr));
	if (rc < 0)
		req_fail(&r, "JSON parse error, %s", perr);
	else
		rc = ctl_check_request(req, &r, &cmd);
	if (!rc)
		rc = cmd->fn(&r);
	if (!rc) {
		ret = jw_finish(&w, &ret_len);
		if (!ret)
			rc = req_fail(&r, "out of memory");
	}
	if (rc < 0 && !r.err[0])
		req_fail(&r, "%s", errstr(-rc));
	reply = ctl_reply(ret, ret_len, r.class, r.err,
			  req && req->type == JSON_OBJECT ? json_get(req, "id") : NULL);
	*quit = !rc && r.quit;
	jw_free(&w);
	free(ret);
	json_free(req);
	return reply;
}

/* The socket and its connections */

/**
 * struct ctl_conn - one client connection
 * @watch:	its descriptor in the loop
 * @next:	link in the list of connections
 * @in_len:	bytes in @in
 * @discard:	skipping the rest of an over-long line
 * @eof:	no more input (end of stream, or after quit)
 * @out:	replies not written yet, from @out_off to @out_len
 * @out_off:	bytes of @out already written
 * @out_len:	bytes in @out
 * @out_cap:	its allocated size
 * @in:		received bytes not yet part of a complete line
 */
struct ctl_conn {
	struct loop_watch watch;
	struct ctl_conn *next;
	size_t in_len;
	bool discard;
	bool eof;
	char *out;
	size_t out_off;
	size_t out_len;
	size_t out_cap;
	char in[CONTROL_LINE_MAX + 1];
};

/**
 * struct ctl_sock - the listening socket
 * @watch:	its descriptor in the loop
 * @path:	absolute path of the socket file, "" when none
 * @dev:	device of the file we created
 * @ino:	its inode, so that we only ever remove our own file
 */
static struct ctl_sock {
	struct loop_watch watch;
	char path[PATH_MAX];
	dev_t dev;
	ino_t ino;
} ctl = { .watch = { .fd = -1 } };

static struct ctl_conn *ctl_conns;
static unsigned int ctl_nconns;
static bool ctl_quitting;

static size_t conn_pending(const struct ctl_conn *c)
{
	return c->out_len - c->out_off;
}

static void conn_free(struct ctl_conn *c)
{
	struct ctl_conn **pp;
	int fd = c->watch.fd;

	for (pp = &ctl_conns; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	loop_del(&c->watch);
	if (fd >= 0)
		close(fd);
	ctl_nconns--;
	debug("control: connection closed (%u left)", ctl_nconns);
	free(c->out);
	free(c);
}

/* Write what is queued; 0 (possibly with output left) or negative errno */
static int conn_write(struct ctl_conn *c)
{
	while (conn_pending(c)) {
		ssize_t n = send(c->watch.fd, c->out + c->out_off, conn_pending(c),
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return -errno;
		}
		c->out_off += (size_t)n;
	}
	c->out_off = c->out_len = 0;
	if (c->out_cap > CONTROL_LINE_MAX) {	/* give back a big reply's buffer */
		free(c->out);
		c->out = NULL;
		c->out_cap = 0;
	}
	return 0;
}

static int conn_grow(struct ctl_conn *c, size_t n)
{
	size_t cap = c->out_cap ? c->out_cap : 4096;
	char *b;

	if (c->out_off) {
		memmove(c->out, c->out + c->out_off, conn_pending(c));
		c->out_len -= c->out_off;
		c->out_off = 0;
	}
	if (c->out_len + n <= c->out_cap)
		return 0;
	while (cap < c->out_len + n)
		cap *= 2;
	b = realloc(c->out, cap);
	if (!b)
		return -ENOMEM;
	c->out = b;
	c->out_cap = cap;
	return 0;
}

/* Queue one reply line; -ENOBUFS if the client lets replies pile up */
static int conn_queue(struct ctl_conn *c, const char *reply)
{
	size_t n = strlen(reply) + 1;
	int ret;

	if (conn_pending(c) + n > CONTROL_OUT_MAX) {
		ret = conn_write(c);
		if (ret < 0)
			return ret;
		if (conn_pending(c) && conn_pending(c) + n > CONTROL_OUT_MAX) {
			warn("control: client does not read its replies; disconnecting");
			return -ENOBUFS;
		}
	}
	if (c->out_len + n > c->out_cap) {
		ret = conn_grow(c, n);
		if (ret < 0)
			return ret;
	}
	memcpy(c->out + c->out_len, reply, n - 1);
	c->out[c->out_len + n - 1] = '\n';
	c->out_len += n;
	return 0;
}

static int conn_queue_error(struct ctl_conn *c, const char *desc)
{
	char *reply = control_error_reply(desc);
	int ret;

	if (!reply)
		return -ENOMEM;
	ret = conn_queue(c, reply);
	free(reply);
	return ret;
}

static bool line_is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* Answer one complete line (without its newline) */
static int conn_line(struct ctl_conn *c, const char *line, size_t len)
{
	bool quit;
	char *reply;
	int ret;

	if (len && line[len - 1] == '\r')
		len--;
	if (line_is_blank(line, len))
		return 0;
	reply = control_request(line, len, &quit);
	if (!reply)
		return -ENOMEM;
	ret = conn_queue(c, reply);
	free(reply);
	if (quit) {
		info("control: quit requested");
		ctl_quitting = true;
		c->eof = true;		/* nothing after quit is read */
	}
	return ret;
}

/* Answer every complete line in the buffer; keep the partial one */
static int conn_lines(struct ctl_conn *c)
{
	size_t start = 0;
	int ret = 0;

	while (!ret && !c->eof && start < c->in_len) {
		char *nl = memchr(c->in + start, '\n', c->in_len - start);
		size_t end;

		if (!nl)
			break;
		end = (size_t)(nl - c->in);
		if (c->discard)
			c->discard = false;
		else
			ret = conn_line(c, c->in + start, end - start);
		start = end + 1;
	}
	if (c->discard || c->eof)
		start = c->in_len;
	memmove(c->in, c->in + start, c->in_len - start);
	c->in_len -= start;
	if (!ret && c->in_len == sizeof(c->in)) {
		c->in_len = 0;
		c->discard = true;
		ret = conn_queue_error(c, "request line longer than 65536 bytes");
	}
	return ret;
}

static int conn_read(struct ctl_conn *c)
{
	ssize_t n = read(c->watch.fd, c->in + c->in_len, sizeof(c->in) - c->in_len);
	int ret = 0;

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	if (n == 0) {
		c->eof = true;
		if (c->in_len && !c->discard)	/* a last line without newline */
			ret = conn_line(c, c->in, c->in_len);
		c->in_len = 0;
		return ret;
	}
	c->in_len += (size_t)n;
	return conn_lines(c);
}

static void conn_event(struct loop_watch *w, uint32_t events)
{
	struct ctl_conn *c = (struct ctl_conn *)((char *)w - offsetof(struct ctl_conn, watch));
	int ret = 0;

	if (!c->eof && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		ret = conn_read(c);
	if (!ret)
		ret = conn_write(c);
	if (ret < 0 || (c->eof && !conn_pending(c))) {
		if (ret < 0 && ret != -ENOBUFS && ret != -EPIPE && ret != -ECONNRESET)
			warn("control: connection: %s", errstr(-ret));
		conn_free(c);
	} else {
		loop_set_events(&c->watch, (c->eof ? 0 : EPOLLIN) |
					   (conn_pending(c) ? EPOLLOUT : 0));
	}
	if (ctl_quitting)
		loop_quit(0);
}

static bool conn_peer_allowed(int fd)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0)
		return false;
	return cr.uid == geteuid() || cr.uid == 0;
}

static void conn_new(int fd)
{
	struct ctl_conn *c;
	char *reply;

	if (!conn_peer_allowed(fd)) {
		warn("control: refused a connection from another user");
		goto refuse;
	}
	if (ctl_nconns >= CONTROL_CLIENTS_MAX) {
		warn("control: more than %d connections; refusing one", CONTROL_CLIENTS_MAX);
		reply = control_error_reply("too many control connections");
		if (reply && send(fd, reply, strlen(reply), MSG_NOSIGNAL | MSG_DONTWAIT) > 0)
			send(fd, "\n", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
		free(reply);
		goto refuse;
	}
	c = malloc(sizeof(*c));
	if (!c)
		goto refuse;
	memset(c, 0, offsetof(struct ctl_conn, in));
	if (loop_add(&c->watch, fd, EPOLLIN, conn_event) < 0) {
		free(c);
		goto refuse;
	}
	c->next = ctl_conns;
	ctl_conns = c;
	ctl_nconns++;
	debug("control: new connection (%u)", ctl_nconns);
	return;
refuse:
	close(fd);
}

static void ctl_accept(struct loop_watch *w, uint32_t events)
{
	(void)events;
	for (int i = 0; i < CONTROL_ACCEPT_BATCH; i++) {
		int fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
				warn("control: accept: %s", errstr(errno));
			return;
		}
		conn_new(fd);
	}
}

/* Remove a socket file nobody listens on; refuse anything else */
static int ctl_clear_stale(const struct sockaddr_un *sa, struct opts *o)
{
	struct stat st;
	int fd, ret = 0;

	if (lstat(sa->sun_path, &st) < 0)
		return errno == ENOENT ? 0 : opts_fail(o, "%s", errstr(errno));
	if (!S_ISSOCK(st.st_mode))
		return opts_fail(o, "the file exists and is not a socket");
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return opts_fail(o, "socket: %s", errstr(errno));
	if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0 || errno == EAGAIN)
		ret = opts_fail(o, "a process is listening on it already");
	else if (errno != ECONNREFUSED)
		ret = opts_fail(o, "%s", errstr(errno));
	else if (unlink(sa->sun_path) < 0 && errno != ENOENT)
		ret = opts_fail(o, "removing the stale socket: %s", errstr(errno));
	close(fd);
	return ret;
}

/* Remember the absolute path: -daemonize changes directory */
static int ctl_abs_path(const char *path, struct opts *o)
{
	char cwd[PATH_MAX];
	int n;

	if (path[0] == '/') {
		n = snprintf(ctl.path, sizeof(ctl.path), "%s", path);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			return opts_fail(o, "getcwd: %s", errstr(errno));
		n = snprintf(ctl.path, sizeof(ctl.path), "%s/%s", cwd, path);
	}
	if (n < 0 || (size_t)n >= sizeof(ctl.path)) {
		ctl.path[0] = '\0';
		return opts_fail(o, "path too long");
	}
	return 0;
}

/* Create, bind (mode 0600) and listen; record the file's identity */
static int ctl_listen(const struct sockaddr_un *sa, struct opts *o)
{
	struct stat st;
	mode_t mask;
	int fd, ret;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return opts_fail(o, "socket: %s", errstr(errno));
	mask = umask(0177);
	ret = bind(fd, (const struct sockaddr *)sa, sizeof(*sa));
	umask(mask);
	if (ret < 0) {
		ret = opts_fail(o, "bind: %s", errstr(errno));
		goto out;
	}
	if (stat(sa->sun_path, &st) < 0 || listen(fd, CONTROL_BACKLOG) < 0) {
		ret = opts_fail(o, "listen: %s", errstr(errno));
		unlink(sa->sun_path);
		goto out;
	}
	ctl.dev = st.st_dev;
	ctl.ino = st.st_ino;
	ret = loop_add(&ctl.watch, fd, EPOLLIN, ctl_accept);
	if (ret < 0) {
		unlink(sa->sun_path);
		opts_fail(o, "epoll: %s", errstr(-ret));
		goto out;
	}
	return 0;
out:
	close(fd);
	return ret;
}

/**
 * control_open() - create the control socket (-control PATH)
 * @path:	socket file to create
 * @o:		the option, for error messages
 *
 * A stale socket file (nobody listening) is replaced; a live one or any
 * other kind of file is refused. The file is removed at exit.
 *
 * Return: 0, or negative errno with the message in @o->err
 */
int control_open(const char *path, struct opts *o)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	static bool registered;
	int ret;

	if (ctl.watch.fd >= 0)
		return opts_fail(o, "only one control socket is supported");
	if (!path[0])
		return opts_fail(o, "empty path");
	if (strlen(path) >= sizeof(sa.sun_path))
		return opts_fail(o, "path longer than %zu bytes", sizeof(sa.sun_path) - 1);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	ret = ctl_abs_path(path, o);
	if (!ret)
		ret = ctl_clear_stale(&sa, o);
	if (!ret)
		ret = ctl_listen(&sa, o);
	if (ret < 0) {
		ctl.path[0] = '\0';
		return ret;
	}
	if (!registered && !atexit(control_close))
		registered = true;
	info("control socket %s", path);
	return 0;
}

/**
 * control_close() - close every connection and remove the socket file
 *
 * Replies still queued get one last non-blocking write. Runs at exit;
 * harmless when there is no control socket.
 */
void control_close(void)
{
	struct stat st;

	while (ctl_conns) {
		conn_write(ctl_conns);
		conn_free(ctl_conns);
	}
	if (ctl.watch.fd >= 0) {
		int fd = ctl.watch.fd;

		loop_del(&ctl.watch);
		close(fd);
	}
	if (ctl.path[0] && stat(ctl.path, &st) == 0 && st.st_dev == ctl.dev &&
	    st.st_ino == ctl.ino)
		unlink(ctl.path);
	ctl.path[0] = '\0';
}
