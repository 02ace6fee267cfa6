// SPDX-License-Identifier: GPL-2.0-or-later
/* control/harness.c - libFuzzer harness of the control socket's request
 * handling and its JSON rules
 *
 * The input is one request line. control_json_parse() must either fail
 * with a message or give a value that jansson writes as text which reads
 * back, within the same limits, as an equal value. Then the line goes
 * through control_request(), whose reply must be one JSON object with
 * exactly one of "return" and "error", and the request's "id" when it
 * was an object with one. netdev-add requests are not run (they would
 * open sockets and files); their arguments go through
 * control_optstring() and the option parser instead.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"
#include "control_json.h"
#include "log.h"
#include "loop.h"
#include "optstring.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static json_t *parse_or_abort(const char *text)
{
	char err[CONTROL_JSON_ERR_LEN];
	json_t *v;

	if (control_json_parse(text, strlen(text), &v, err, sizeof(err)) < 0)
		abort();
	return v;
}

/* Written text reads again as an equal value, compact and indented */
static void check_roundtrip(json_t *v)
{
	static const size_t flags[] = { JSON_COMPACT, JSON_INDENT(2) };

	for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
		char *text = json_dumps(v, flags[i] | JSON_ENCODE_ANY);
		json_t *again;

		if (!text)
			abort();
		again = parse_or_abort(text);
		if (!json_equal(v, again))
			abort();
		json_decref(again);
		free(text);
	}
}

/* One object with exactly one of "return" and "error", and the id */
static void check_reply(char *reply, json_t *id)
{
	json_t *r;

	if (!reply)
		abort();
	r = parse_or_abort(reply);
	if (!json_is_object(r) ||
	    !json_object_get(r, "return") == !json_object_get(r, "error"))
		abort();
	if (id && !json_equal(id, json_object_get(r, "id")))
		abort();
	json_decref(r);
	free(reply);
}

static bool is_netdev_add(json_t *v)
{
	json_t *e = json_object_get(v, "execute");

	return json_is_string(e) && !strcmp(json_string_value(e), "netdev-add");
}

static void try_optstring(json_t *v)
{
	json_t *args = json_object_get(v, "arguments"), *m;
	char err[CONTROL_ERR_LEN], *s;
	const char *key;
	struct opts o;

	if (!json_is_object(args))
		return;
	if (control_optstring(args, &s, err, sizeof(err)) < 0)
		return;
	if (*s) {
		/* every key given comes back from the option parser */
		if (opts_parse(&o, "netdev-add", s, "type") == 0)
			json_object_foreach(args, key, m)
				if (!opts_get(&o, key))
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
	control_json_init();
	return loop_init();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *line = (const char *)data;
	char err[CONTROL_JSON_ERR_LEN] = "";
	json_t *v = NULL, *id = NULL;
	bool quit;

	if (control_json_parse(line, size, &v, err, sizeof(err)) == 0) {
		check_roundtrip(v);
		if (is_netdev_add(v)) {
			try_optstring(v);
			json_decref(v);
			return 0;
		}
		id = json_object_get(v, "id");
	} else if (!err[0] || v) {
		abort();
	}
	check_reply(control_request(line, size, &quit), id);
	json_decref(v);
	return 0;
}
