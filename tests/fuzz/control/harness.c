// SPDX-License-Identifier: GPL-2.0-or-later
/* control/harness.c - libFuzzer harness of the JSON parser and the
 * control socket's request handling
 *
 * The input is one request line. The parser must either fail with a
 * message or give a value that the writer turns into text which parses
 * again to the same text (compact and indented). Then the line goes
 * through control_request(), whose reply must be one JSON object with
 * exactly one of "return" and "error". netdev-add requests are not run
 * (they would open sockets and files); their arguments go through
 * control_optstring() and the option parser instead.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"
#include "json.h"
#include "log.h"
#include "loop.h"
#include "optstring.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *write_value(const struct json *v, bool pretty)
{
	struct jw w;
	char *s;

	jw_init(&w, pretty);
	jw_value(&w, v);
	s = jw_finish(&w, NULL);
	if (!s)
		abort();
	return s;
}

/* Written text parses again and is written identically */
static void check_roundtrip(const struct json *v)
{
	char err[JSON_ERR_LEN], *a = write_value(v, false), *b, *p;
	struct json *again;

	if (json_parse(a, strlen(a), &again, err, sizeof(err)) < 0)
		abort();
	b = write_value(again, false);
	p = write_value(again, true);
	if (strcmp(a, b))
		abort();
	json_free(again);
	if (json_parse(p, strlen(p), &again, err, sizeof(err)) < 0)
		abort();
	json_free(again);
	free(a);
	free(b);
	free(p);
}

static void check_reply(char *reply)
{
	char err[JSON_ERR_LEN];
	struct json *r;

	if (!reply || json_parse(reply, strlen(reply), &r, err, sizeof(err)) < 0)
		abort();
	if (r->type != JSON_OBJECT || !json_get(r, "return") == !json_get(r, "error"))
		abort();
	json_free(r);
	free(reply);
}

static bool is_netdev_add(const struct json *v)
{
	const struct json *e = json_get(v, "execute");

	return e && e->type == JSON_STRING && !strcmp(e->str, "netdev-add");
}

static void try_optstring(const struct json *v)
{
	const struct json *args = json_get(v, "arguments");
	char err[CONTROL_ERR_LEN], *s;
	struct opts o;

	if (!args || args->type != JSON_OBJECT)
		return;
	if (control_optstring(args, &s, err, sizeof(err)) < 0)
		return;
	if (*s) {
		/* every key given comes back from the option parser */
		if (opts_parse(&o, "netdev-add", s, "type") == 0)
			for (const struct json *m = args->child; m; m = m->next)
				if (!opts_get(&o, m->key))
					abort();
		opts_free(&o);
	}
	free(s);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_set_level(LOG_LVL_ERR);
	return loop_init();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *line = (const char *)data;
	char err[JSON_ERR_LEN];
	struct json *v = NULL;
	bool quit;

	if (json_parse(line, size, &v, err, sizeof(err)) == 0) {
		check_roundtrip(v);
		if (is_netdev_add(v)) {
			try_optstring(v);
			json_free(v);
			return 0;
		}
	} else if (!err[0] || v) {
		abort();
	}
	json_free(v);
	check_reply(control_request(line, size, &quit));
	return 0;
}
