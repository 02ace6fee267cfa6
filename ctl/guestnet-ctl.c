// SPDX-License-Identifier: GPL-2.0-or-later
/* guestnet-ctl.c - a small client of guestnet-emu's control socket
 *
 * guestnet-ctl [--raw] PATH COMMAND [KEY=VALUE...] sends one request,
 * {"execute":COMMAND,"arguments":{KEY:VALUE,...}}, and prints the reply:
 * indented, or as received with --raw. Values that look like JSON
 * integers are sent as numbers, true and false as booleans, anything else
 * as a string; KEY:=JSON sends a JSON value as it is. Exit status: 0 for a
 * "return" reply, 1 for an "error" reply or a failure, 2 for bad usage.
 * Out of memory is fatal (exit status 1, common/xalloc.c), for jansson too.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include <jansson.h>

#include "log.h"
#include "xalloc.h"

#define CTL_REPLY_MAX	(64U * 1024 * 1024)
#define CTL_TIMEOUT_S	30

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: guestnet-ctl [--raw] PATH COMMAND [KEY=VALUE...]\n"
		"Send COMMAND to the control socket PATH of guestnet-emu (-control PATH).\n"
		"  KEY=VALUE   an argument: integers are sent as numbers, true/false as\n"
		"              booleans, anything else as a string\n"
		"  KEY:=JSON   an argument given as JSON text (e.g. id:='\"42\"')\n"
		"  --raw       print the reply line as received\n"
		"Commands: query-hubs, query-ports [id=], netdev-add type= id= ...,\n"
		"  netdev-del id=, hostfwd-add netdev= rule=, hostfwd-remove netdev= rule=,\n"
		"  hostfwd-list netdev=, quit (see docs/control.md)\n"
		"Exit status: 0 on a return reply, 1 on an error reply or failure, 2 on bad usage\n"
		"(a KEY given twice, malformed JSON, an argument that is not UTF-8).\n");
}

static bool is_json_int(const char *s)
{
	const char *d = *s == '-' ? s + 1 : s;
	char *end;

	if (!*d || (d[0] == '0' && d[1]) || strspn(d, "0123456789") != strlen(d))
		return false;
	errno = 0;
	(void)strtoll(s, &end, 10);
	return errno != ERANGE;
}

/* A JSON value of KEY:=JSON text; NULL (message printed) if malformed */
static json_t *json_argument(const char *arg, const char *text)
{
	json_error_t je;
	json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);

	if (!v)
		err("'%s': JSON at byte %d: %s", arg, je.position, je.text);
	return v;
}

/* The value of KEY=VALUE: an integer, a boolean or a string */
static json_t *plain_argument(const char *arg, const char *text)
{
	json_t *v;

	if (is_json_int(text))
		return json_integer(strtoll(text, NULL, 10));
	if (!strcmp(text, "true") || !strcmp(text, "false"))
		return json_boolean(text[0] == 't');
	v = json_string(text);
	if (!v)
		err("'%s': not valid UTF-8", arg);
	return v;
}

/* One KEY=VALUE or KEY:=JSON argument into @args; -1 (message printed) if bad */
static int add_argument(json_t *args, const char *arg)
{
	const char *eq = strchr(arg, '=');
	bool as_json;
	json_t *v;
	size_t klen;
	char *key;
	int ret = -1;

	if (!eq || eq == arg) {
		err("'%s': expected KEY=VALUE", arg);
		return -1;
	}
	as_json = eq[-1] == ':' && eq - arg > 1;
	klen = (size_t)(eq - arg) - (as_json ? 1 : 0);
	key = xmalloc(klen + 1);
	memcpy(key, arg, klen);
	key[klen] = '\0';
	if (json_object_get(args, key)) {
		err("'%s': key '%s' given twice", arg, key);
		goto out;
	}
	v = as_json ? json_argument(arg, eq + 1) : plain_argument(arg, eq + 1);
	if (!v)
		goto out;
	if (json_object_set_new(args, key, v) < 0) {
		err("'%s': key not valid UTF-8", arg);
		goto out;
	}
	ret = 0;
out:
	free(key);
	return ret;
}

/* The request line, without newline; NULL (message printed) on a bad argument */
static char *build_request(const char *command, char **argv, int nargs)
{
	json_t *req = json_object(), *args = json_object();
	char *text = NULL;
	int i;

	if (json_object_set_new(req, "execute", json_string(command)) < 0) {
		err("'%s': not valid UTF-8", command);
		goto out;
	}
	for (i = 0; i < nargs; i++)
		if (add_argument(args, argv[i]) < 0)
			goto out;
	if (nargs && json_object_set(req, "arguments", args) < 0)
		goto out;
	text = json_dumps(req, JSON_COMPACT);
out:
	json_decref(args);
	json_decref(req);
	return text;
}

static int connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = CTL_TIMEOUT_S };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		err("%s: path too long", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err("%s: %s", path, errstr(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t n = send(fd, s, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read up to the first newline; NULL on failure */
static char *read_line(int fd, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap), *nl = NULL;

	while (!nl) {
		ssize_t r;

		if (n == cap && cap >= CTL_REPLY_MAX) {
			err("the reply is longer than %u MiB", CTL_REPLY_MAX >> 20);
			break;
		}
		if (n == cap) {
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			err("reading the reply: %s", r < 0 ? errstr(errno) : "connection closed");
			break;
		}
		nl = memchr(buf + n, '\n', (size_t)r);
		n += (size_t)r;
	}
	if (!nl) {
		free(buf);
		return NULL;
	}
	*len = (size_t)(nl - buf);
	return buf;
}

/* Print the reply; 0 for "return", 1 for "error" or garbage */
static int print_reply(const char *line, size_t len, bool raw)
{
	json_error_t je;
	json_t *v = json_loadb(line, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	char *text;
	int status;

	if (!v) {
		err("the reply is not JSON (at byte %d: %s)", je.position, je.text);
		return 1;
	}
	status = json_is_object(v) && json_object_get(v, "return") ? 0 : 1;
	if (raw) {
		printf("%.*s\n", (int)len, line);
	} else {
		text = json_dumps(v, JSON_INDENT(2) | JSON_ENCODE_ANY);
		printf("%s\n", text);
		free(text);
	}
	json_decref(v);
	return status;
}

int main(int argc, char **argv)
{
	bool raw = false;
	char *req, *reply;
	size_t len;
	int i = 1, fd, status;

	log_init("guestnet-ctl", LOG_USER);
	json_set_alloc_funcs(xmalloc, free);	/* out of memory: exit 1 */
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--raw")) {
			raw = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version")) {
			printf("guestnet-ctl %s\n", GUESTNET_VERSION);
			return 0;
		} else {
			err("unknown option %s", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (argc - i < 2) {
		usage(stderr);
		return 2;
	}
	req = build_request(argv[i + 1], argv + i + 2, argc - i - 2);
	if (!req)
		return 2;
	fd = connect_to(argv[i]);
	if (fd < 0) {
		free(req);
		return 1;
	}
	len = strlen(req);
	status = 1;
	if (send_all(fd, req, len) < 0 || send_all(fd, "\n", 1) < 0) {
		err("sending: %s", errstr(errno));
	} else if ((reply = read_line(fd, &len))) {
		status = print_reply(reply, len, raw);
		free(reply);
	}
	close(fd);
	free(req);
	return status;
}
