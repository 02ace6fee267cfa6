// SPDX-License-Identifier: GPL-2.0-or-later
/* test_control.c - unit tests of the control socket's request handling
 * (emu/control.c): each command, each error reply, the netdev-add option
 * string, the argument errors of every command of the table, and the
 * socket file's life (stale, live, not a socket)
 */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "control.h"
#include "control_internal.h"
#include "control_json.h"
#include "fixture.h"
#include "hub.h"
#include "loop.h"
#include "optstring.h"
#include "port.h"
#include "util.h"

/* Send one request; the reply must be exactly @want */
static void expect_reply(const char *req, const char *want)
{
	bool quit = true;
	char *reply = control_request(req, strlen(req), &quit);

	assert_non_null(reply);
	if (strcmp(reply, want))
		fail_msg("request %s\n got  %s\n want %s", req, reply, want);
	assert_false(quit);
	free(reply);
}

/* Send one request; the reply must contain @want */
static char *expect_contains(const char *req, const char *want)
{
	bool quit = true;
	char *reply = control_request(req, strlen(req), &quit);

	assert_non_null(reply);
	if (!strstr(reply, want))
		fail_msg("request %s\n got  %s\n want ...%s...", req, reply, want);
	assert_false(quit);
	return reply;
}

static void expect_error(const char *req, const char *desc)
{
	char want[512];

	snprintf(want, sizeof(want),
		 "{\"error\":{\"class\":\"GenericError\",\"desc\":\"%s\"}}", desc);
	expect_reply(req, want);
}

static void test_envelope_errors(void **state)
{
	(void)state;
	expect_reply("{\"execute", "{\"error\":{\"class\":\"GenericError\","
		     "\"desc\":\"JSON parse error, at byte 9: premature end of input "
		     "near '\\\"execute'\"}}");
	expect_error("[1]", "request must be a JSON object");
	expect_error("\"quit\"", "request must be a JSON object");
	expect_error("{}", "request lacks member 'execute'");
	expect_reply("{\"id\":7}", "{\"error\":{\"class\":\"GenericError\","
		     "\"desc\":\"request lacks member 'execute'\"},\"id\":7}");
	expect_error("{\"execute\":1}", "request member 'execute' must be a string");
	expect_error("{\"execute\":\"query-hubs\",\"arguments\":[]}",
		     "request member 'arguments' must be an object");
	expect_error("{\"execute\":\"query-hubs\",\"argument\":{}}",
		     "request member 'argument' is unexpected");
	expect_reply("{\"execute\":\"no-such\",\"id\":\"x\"}",
		     "{\"error\":{\"class\":\"CommandNotFound\","
		     "\"desc\":\"The command no-such has not been found\"},\"id\":\"x\"}");
	/* a parse error cannot echo the id */
	expect_reply("{\"execute\":\"quit\",\"id\":1,}",
		     "{\"error\":{\"class\":\"GenericError\",\"desc\":"
		     "\"JSON parse error, at byte 26: string or '}' expected near '}'\"}}");
}

static void test_argument_errors(void **state)
{
	(void)state;
	expect_error("{\"execute\":\"query-hubs\",\"arguments\":{\"x\":1}}",
		     "Parameter 'x' is unexpected");
	expect_error("{\"execute\":\"netdev-del\"}", "Parameter 'id' is missing");
	expect_error("{\"execute\":\"netdev-del\",\"arguments\":{}}",
		     "Parameter 'id' is missing");
	expect_error("{\"execute\":\"netdev-del\",\"arguments\":{\"id\":1}}",
		     "Invalid parameter type for 'id', expected: string");
	expect_error("{\"execute\":\"query-ports\",\"arguments\":{\"id\":null}}",
		     "Invalid parameter type for 'id', expected: string");
	expect_error("{\"execute\":\"netdev-add\",\"arguments\":{\"id\":\"a\"}}",
		     "Parameter 'type' is missing");
	expect_error("{\"execute\":\"netdev-add\",\"arguments\":{\"type\":\"socket\"}}",
		     "Parameter 'id' is missing");
	expect_error("{\"execute\":\"netdev-add\",\"arguments\":{\"type\":true,\"id\":\"a\"}}",
		     "Invalid parameter type for 'type', expected: string");
	expect_error("{\"execute\":\"hostfwd-add\",\"arguments\":{\"netdev\":\"u\"}}",
		     "Parameter 'rule' is missing");
	expect_error("{\"execute\":\"hostfwd-list\",\"arguments\":{\"netdev\":\"u\",\"rule\":\"\"}}",
		     "Parameter 'rule' is unexpected");
	expect_error("{\"execute\":\"quit\",\"arguments\":{\"now\":true}}",
		     "Parameter 'now' is unexpected");
}

/* The table's formats are "{s:s,s?s}": key @k's separator at 2 + 4k */
static bool key_required(const char *fmt, int k)
{
	assert_int_equal(fmt[1 + 4 * k], 's');
	assert_non_null(strchr(":?", fmt[2 + 4 * k]));
	return fmt[2 + 4 * k] == ':';
}

/*
 * Every command of the table: each declared key missing (if required),
 * of the wrong type, and an undeclared key, named in the error. This
 * checks the reading of jansson's unpack errors for every format.
 */
static void test_table_argument_errors(void **state)
{
	static const char *const names[] = {
		"query-hubs", "query-ports", "netdev-add", "netdev-del",
		"hostfwd-add", "hostfwd-remove", "hostfwd-list", "quit",
	};
	char req[512], want[256];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct ctl_cmd *cmd = ctl_cmd_find(names[i]);
		char good[256] = "";

		assert_non_null(cmd);
		for (int k = 0; k < CTL_ARGS_MAX && cmd->keys[k]; k++) {
			bool required = key_required(cmd->args, k);

			snprintf(req, sizeof(req), "{\"execute\":\"%s\",\"arguments\":{%s%s\"%s\":1}}",
				 names[i], good, good[0] ? "," : "", cmd->keys[k]);
			snprintf(want, sizeof(want), "Invalid parameter type for '%s', expected: string",
				 cmd->keys[k]);
			expect_error(req, want);
			if (required) {
				snprintf(req, sizeof(req), "{\"execute\":\"%s\",\"arguments\":{%s}}",
					 names[i], good);
				snprintf(want, sizeof(want), "Parameter '%s' is missing", cmd->keys[k]);
				expect_error(req, want);
			}
			snprintf(good + strlen(good), sizeof(good) - strlen(good), "%s\"%s\":\"\"",
				 good[0] ? "," : "", cmd->keys[k]);
		}
		if (strchr(cmd->args, '*'))
			continue;
		snprintf(req, sizeof(req), "{\"execute\":\"%s\",\"arguments\":{%s%s\"zz\":{}}}",
			 names[i], good, good[0] ? "," : "");
		expect_error(req, "Parameter 'zz' is unexpected");
	}
	assert_null(ctl_cmd_find("no-such"));
}

static void test_id_echo(void **state)
{
	(void)state;
	expect_reply("{\"id\":\"a\\u00e9\",\"execute\":\"query-hubs\"}",
		     "{\"return\":[],\"id\":\"a\xc3\xa9\"}");
	expect_reply("{\"execute\":\"query-hubs\",\"id\":{\"n\":[1,2.5,null]}}",
		     "{\"return\":[],\"id\":{\"n\":[1,2.5,null]}}");
	expect_reply("{\"execute\":\"query-ports\",\"arguments\":{},\"id\":false}",
		     "{\"return\":[],\"id\":false}");
}

static void test_netdev_add_del(void **state)
{
	char *r;

	(void)state;
	expect_reply("{\"execute\":\"netdev-add\",\"arguments\":{\"type\":\"socket\","
		     "\"id\":\"l\",\"listen\":\"127.0.0.1:0\"}}", "{\"return\":{}}");
	expect_reply("{\"execute\":\"netdev-add\",\"arguments\":{\"type\":\"socket\","
		     "\"id\":\"m\",\"listen\":\"127.0.0.1:0\",\"hub\":3}}", "{\"return\":{}}");
	r = expect_contains("{\"execute\":\"query-hubs\"}", "{\"id\":0,\"mode\":\"hub\",\"ports\":[\"l\"]}");
	free(r);
	r = expect_contains("{\"execute\":\"query-hubs\"}", "{\"id\":3,\"mode\":\"hub\",\"ports\":[\"m\"]}");
	free(r);
	r = expect_contains("{\"execute\":\"query-ports\",\"arguments\":{\"id\":\"l\"}}",
			    "{\"return\":[{\"id\":\"l\",\"type\":\"stream-listener\",\"hub\":0,"
			    "\"peer\":\"listening on 127.0.0.1:");
	assert_non_null(strstr(r, "\"forwards\":false,\"rx-frames\":0,\"rx-bytes\":0,"
			       "\"tx-frames\":0,\"tx-bytes\":0,\"queued\":0,\"queued-bytes\":0,"
			       "\"drops\":{\"queue-full\":0,\"runt\":0,"));
	assert_null(strstr(r, "\"id\":\"m\""));
	free(r);
	r = expect_contains("{\"execute\":\"query-ports\"}", "\"id\":\"m\"");
	free(r);
	expect_error("{\"execute\":\"query-ports\",\"arguments\":{\"id\":\"zz\"}}",
		     "netdev 'zz' not found");

	/* errors of netdev_add() itself come back as its message */
	r = expect_contains("{\"execute\":\"netdev-add\",\"arguments\":{\"type\":\"socket\","
			    "\"id\":\"l\",\"listen\":\"127.0.0.1:0\"}}",
			    "a port named 'l' exists already");
	free(r);
	r = expect_contains("{\"execute\":\"netdev-add\",\"arguments\":{\"type\":\"warp\",\"id\":\"w\"}}",
			    "\"desc\":\"netdev-add type=warp,id=w: unknown port type 'warp'\"");
	free(r);
	r = expect_contains("{\"execute\":\"netdev-add\",\"arguments\":{\"type\":\"socket\","
			    "\"id\":\"w\",\"listen\":\"127.0.0.1:0\",\"colour\":\"blue\"}}",
			    "colour");
	free(r);
	expect_error("{\"execute\":\"netdev-add\",\"arguments\":{\"type\":\"socket\",\"id\":\"w\","
		     "\"fd\":3}}", "Parameter 'fd' is not accepted over the control socket");
	expect_error("{\"execute\":\"netdev-add\",\"arguments\":{\"type\":\"socket\",\"id\":\"w\","
		     "\"listen\":null}}",
		     "Invalid parameter type for 'listen', expected: string, number or bool");
	expect_error("{\"execute\":\"netdev-add\",\"arguments\":{\"type\":\"socket\",\"id\":\"w\","
		     "\"a=b\":\"1\"}}", "Parameter 'a=b' is not a valid key");
	r = expect_contains("{\"execute\":\"query-ports\"}", "\"id\":\"l\"");
	assert_null(strstr(r, "\"id\":\"w\""));		/* no failed port left */
	free(r);

	expect_reply("{\"execute\":\"netdev-del\",\"arguments\":{\"id\":\"l\"}}", "{\"return\":{}}");
	expect_error("{\"execute\":\"netdev-del\",\"arguments\":{\"id\":\"l\"}}",
		     "netdev 'l' not found");
	port_flush_all();	/* the end of a batch: closed ports are freed */
	r = expect_contains("{\"execute\":\"query-ports\"}", "\"id\":\"m\"");
	assert_null(strstr(r, "\"id\":\"l\""));
	free(r);
}

static void test_hostfwd_errors(void **state)
{
	bool quit;
	char *r;

	(void)state;
	expect_error("{\"execute\":\"hostfwd-add\",\"arguments\":{\"netdev\":\"x\","
		     "\"rule\":\"tcp::2222-:22\"}}", "netdev 'x' not found");
	expect_error("{\"execute\":\"hostfwd-remove\",\"arguments\":{\"netdev\":\"x\","
		     "\"rule\":\"tcp::2222\"}}", "netdev 'x' not found");
	expect_error("{\"execute\":\"hostfwd-list\",\"arguments\":{\"netdev\":\"x\"}}",
		     "netdev 'x' not found");
	expect_reply("{\"execute\":\"netdev-add\",\"arguments\":{\"type\":\"socket\","
		     "\"id\":\"s\",\"listen\":\"127.0.0.1:0\"}}", "{\"return\":{}}");
	expect_error("{\"execute\":\"hostfwd-add\",\"arguments\":{\"netdev\":\"s\","
		     "\"rule\":\"tcp::2222-:22\"}}", "netdev 's' is not a user port");
	expect_error("{\"execute\":\"hostfwd-remove\",\"arguments\":{\"netdev\":\"s\","
		     "\"rule\":\"tcp::2222\"}}", "netdev 's' is not a user port");
	expect_error("{\"execute\":\"hostfwd-list\",\"arguments\":{\"netdev\":\"s\"}}",
		     "netdev 's' is not a user port");

	/* With user-mode NAT built in: a user port's own rule errors */
	r = control_request("{\"execute\":\"netdev-add\",\"arguments\":{\"type\":\"user\",\"id\":\"u\"}}",
			    strlen("{\"execute\":\"netdev-add\",\"arguments\":{\"type\":\"user\",\"id\":\"u\"}}"),
			    &quit);
	assert_non_null(r);
	if (!strcmp(r, "{\"return\":{}}")) {
		expect_reply("{\"execute\":\"hostfwd-list\",\"arguments\":{\"netdev\":\"u\"}}",
			     "{\"return\":[]}");
		free(expect_contains("{\"execute\":\"hostfwd-add\",\"arguments\":{\"netdev\":\"u\","
				     "\"rule\":\"garbage\"}}", "\"class\":\"GenericError\""));
		free(expect_contains("{\"execute\":\"hostfwd-remove\",\"arguments\":{\"netdev\":\"u\","
				     "\"rule\":\"tcp::1\"}}", "\"class\":\"GenericError\""));
	} else {
		assert_non_null(strstr(r, "unknown port type 'user'"));
	}
	free(r);
}

static void test_quit(void **state)
{
	const char *req = "{\"execute\":\"quit\",\"id\":3}";
	bool quit = false;
	char *r = control_request(req, strlen(req), &quit);

	(void)state;
	assert_string_equal(r, "{\"return\":{},\"id\":3}");
	assert_true(quit);
	free(r);
	/* only a successful quit quits */
	req = "{\"execute\":\"quit\",\"arguments\":{\"x\":1}}";
	r = control_request(req, strlen(req), &quit);
	assert_false(quit);
	free(r);
}

static void test_line_not_nul_terminated(void **state)
{
	const char buf[] = "{\"execute\":\"query-hubs\"}GARBAGE";
	bool quit;
	char *r;

	(void)state;
	r = control_request(buf, strlen("{\"execute\":\"query-hubs\"}"), &quit);
	assert_string_equal(r, "{\"return\":[]}");
	free(r);
	r = control_request("{\"execute\":\0", 12, &quit);
	assert_non_null(strstr(r, "unexpected byte 0x00"));
	free(r);
}

static void test_optstring(void **state)
{
	char err[CONTROL_ERR_LEN], *s;
	json_t *v;
	const char *in = "{\"type\":\"stream\",\"id\":\"a,b\",\"hub\":2,"
			 "\"server\":true,\"x\":false,\"r\":1.5,\"p\":\"=,,\"}";

	(void)state;
	v = json_loads(in, 0, NULL);
	assert_non_null(v);
	assert_int_equal(control_optstring(v, &s, err, sizeof(err)), 0);
	assert_string_equal(s, "type=stream,id=a,,b,hub=2,server=on,x=off,r=1.5,p==,,,,");
	{
		struct opts o;

		/* and the option parser reads the values back */
		assert_int_equal(opts_parse(&o, "t", s, "type"), 0);
		assert_string_equal(opts_get(&o, "id"), "a,b");
		assert_string_equal(opts_get(&o, "p"), "=,,");
		opts_free(&o);
	}
	free(s);
	json_decref(v);

	v = json_loads("{}", 0, NULL);
	assert_non_null(v);
	assert_int_equal(control_optstring(v, &s, err, sizeof(err)), 0);
	assert_string_equal(s, "");
	free(s);
	json_decref(v);
	assert_int_equal(control_optstring(NULL, &s, err, sizeof(err)), 0);
	assert_string_equal(s, "");
	free(s);

	v = json_loads("{\"\":\"1\"}", 0, NULL);
	assert_non_null(v);
	assert_int_equal(control_optstring(v, &s, err, sizeof(err)), -EINVAL);
	assert_null(s);
	assert_string_equal(err, "Parameter '' is not a valid key");
	json_decref(v);
	v = json_loads("{\"a,b\":\"1\"}", 0, NULL);
	assert_non_null(v);
	assert_int_equal(control_optstring(v, &s, err, sizeof(err)), -EINVAL);
	json_decref(v);
	v = json_loads("{\"a\":[]}", 0, NULL);
	assert_non_null(v);
	assert_int_equal(control_optstring(v, &s, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "expected: string, number or bool"));
	json_decref(v);
}

static void test_error_reply(void **state)
{
	char *r = control_error_reply("x \"y\"\n");

	(void)state;
	assert_string_equal(r, "{\"error\":{\"class\":\"GenericError\",\"desc\":\"x \\\"y\\\"\\n\"}}");
	free(r);
}

/* Socket file life: the path, a stale socket, a live one, another file */
static void sock_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "/tmp/gn-test-control-%d-%s", (int)getpid(), name);
	unlink(buf);
}

static int open_expect(const char *path, const char *want_err)
{
	struct opts o;
	int ret;

	assert_int_equal(opts_parse(&o, "-control", path, NULL), 0);
	ret = control_open(path, &o);
	if (want_err) {
		assert_true(ret < 0);
		if (!strstr(o.err, want_err))
			fail_msg("got '%s', want '%s'", o.err, want_err);
	} else if (ret < 0) {
		fail_msg("control_open %s: %s", path, o.err);
	}
	opts_free(&o);
	return ret;
}

static int bind_unix(const char *path, bool do_listen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	if (do_listen)
		assert_int_equal(listen(fd, 1), 0);
	return fd;
}

static void test_socket_file(void **state)
{
	char path[108], other[108], longp[200];
	struct stat st;
	int fd;

	(void)state;
	sock_path(path, sizeof(path), "a");
	sock_path(other, sizeof(other), "b");

	/* created with mode 0600, removed by control_close() */
	open_expect(path, NULL);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
	open_expect(other, "only one control socket");
	control_close();
	assert_int_equal(lstat(path, &st), -1);

	/* a stale socket (nobody listening) is replaced */
	fd = bind_unix(path, false);
	close(fd);
	open_expect(path, NULL);
	control_close();
	assert_int_equal(lstat(path, &st), -1);

	/* a live one is refused and left alone */
	fd = bind_unix(path, true);
	open_expect(path, "a process is listening on it already");
	assert_int_equal(lstat(path, &st), 0);
	close(fd);
	unlink(path);

	/* any other file is refused */
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	open_expect(path, "the file exists and is not a socket");
	assert_int_equal(lstat(path, &st), 0);
	unlink(path);

	/* a path too long for sun_path is refused, not truncated */
	memset(longp, 'x', sizeof(longp) - 1);
	longp[0] = '/';
	longp[sizeof(longp) - 1] = '\0';
	open_expect(longp, "path longer than 107 bytes");
	open_expect("/nonexistent-dir/x/y", "bind:");
	control_close();	/* nothing open: harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_envelope_errors, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_argument_errors, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_table_argument_errors, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_id_echo, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_netdev_add_del, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_hostfwd_errors, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_quit, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_line_not_nul_terminated, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_optstring, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_error_reply, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_socket_file, fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
