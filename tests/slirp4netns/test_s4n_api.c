// SPDX-License-Identifier: GPL-2.0-or-later
/* test_s4n_api.c - unit tests of slirp4netns' API protocol
 * (slirp4netns/s4n_api.c) against a fake NAT: every request and reply,
 * slirp4netns 1.2's error texts, framing, and the NAT calls made
 */

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "s4n_api.h"

/**
 * struct fake_nat - records the calls; refuses a taken port
 * @calls:	log of calls, "add tcp 0.0.0.0:8080 10.0.2.100:80;" ...
 * @taken:	host port whose add fails with -EADDRINUSE (0: none)
 * @fail_remove: remove fails
 */
struct fake_nat {
	char calls[1024];
	uint16_t taken;
	bool fail_remove;
};

static int fake_add(void *opaque, bool udp, struct in_addr host,
		    uint16_t host_port, struct in_addr guest, uint16_t guest_port)
{
	struct fake_nat *n = opaque;
	char h[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN];
	size_t len = strlen(n->calls);

	inet_ntop(AF_INET, &host, h, sizeof(h));
	inet_ntop(AF_INET, &guest, g, sizeof(g));
	snprintf(n->calls + len, sizeof(n->calls) - len, "add %s %s:%u %s:%u;",
		 udp ? "udp" : "tcp", h, host_port, g, guest_port);
	return host_port == n->taken ? -EADDRINUSE : 0;
}

static int fake_remove(void *opaque, bool udp, struct in_addr host,
		       uint16_t host_port)
{
	struct fake_nat *n = opaque;
	char h[INET_ADDRSTRLEN];
	size_t len = strlen(n->calls);

	inet_ntop(AF_INET, &host, h, sizeof(h));
	snprintf(n->calls + len, sizeof(n->calls) - len, "remove %s %s:%u;",
		 udp ? "udp" : "tcp", h, host_port);
	return n->fail_remove ? -EIO : 0;
}

static const struct s4n_nat_ops fake_ops = {
	.add_hostfwd = fake_add,
	.remove_hostfwd = fake_remove,
};

struct fixture {
	struct s4n_api api;
	struct fake_nat nat;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct in_addr guest;

	if (!f)
		return -1;
	inet_pton(AF_INET, "10.0.2.100", &guest);
	s4n_api_init(&f->api, &fake_ops, &f->nat, guest);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	s4n_api_fini(&f->api);
	free(f);
	return 0;
}

/* expect_len() - the reply to @req (@len bytes) is exactly @want */
static void expect_len(struct fixture *f, const char *req, size_t len,
		       const char *want)
{
	char *reply = s4n_api_handle(&f->api, req, len);

	assert_non_null(reply);
	if (strcmp(reply, want) != 0)
		fail_msg("request '%.*s': reply '%s', expected '%s'",
			 (int)(len > 200 ? 200 : len), req, reply, want);
	free(reply);
}

static void expect(struct fixture *f, const char *req, const char *want)
{
	expect_len(f, req, strlen(req), want);
}

#define ERR(d) "{\"error\":{\"desc\":\"bad request: " d "\"}}"
#define ADD(a) "{\"execute\":\"add_hostfwd\",\"arguments\":" a "}"

static void test_bad_requests(void **state)
{
	struct fixture *f = *state;

	expect(f, "", ERR("cannot parse JSON"));
	expect(f, "badjson\n", ERR("cannot parse JSON"));
	expect(f, "{\"execute\":", ERR("cannot parse JSON"));
	expect(f, "{\"execute\":\"list_hostfwd\",\"execute\":\"bad\"}", ERR("cannot parse JSON"));
	expect_len(f, "{\"execute\":\"list\0hostfwd\"}", 26, ERR("cannot parse JSON"));
	expect(f, "[1,2]", ERR("json_object() failed"));
	expect(f, "42", ERR("json_object() failed"));
	expect(f, "\"x\"", ERR("json_object() failed"));
	expect(f, "{\"unexpectedjson\": 42}", ERR("no execute found"));
	expect(f, "{\"execute\": 42}", ERR("no execute found"));
	expect(f, "{\"execute\": null}", ERR("no execute found"));
	expect(f, "{\"execute\": \"bad\"}", ERR("unknown execute"));
	expect(f, "{\"execute\": \"ADD_HOSTFWD\"}", ERR("unknown execute"));
	assert_string_equal(f->nat.calls, "");
}

static void test_size_limit(void **state)
{
	struct fixture *f = *state;
	char *req = malloc(1 << 20);
	size_t n;

	assert_non_null(req);
	n = (size_t)snprintf(req, 64, "{\"execute\":\"bad\"}");
	memset(req + n, ' ', (1 << 20) - n);
	expect_len(f, req, S4N_API_REQUEST_MAX - 1, ERR("unknown execute"));
	expect_len(f, req, S4N_API_REQUEST_MAX, ERR("too large message"));
	expect_len(f, req, 1 << 20, ERR("too large message"));
	memset(req, 0, 1 << 20);
	expect_len(f, req, 1 << 20, ERR("too large message"));
	free(req);
}

static void test_trailing_bytes(void **state)
{
	struct fixture *f = *state;

	/* the first JSON value counts, as with slirp4netns */
	expect(f, "{\"execute\":\"list_hostfwd\"}\n{\"execute\":\"bad\"}",
	       "{\"return\":{\"entries\":[]},\"entries\":[]}");
	expect(f, "{\"execute\":\"list_hostfwd\"} xyz",
	       "{\"return\":{\"entries\":[]},\"entries\":[]}");
	expect_len(f, "{\"execute\":\"list_hostfwd\"}\0garbage", 34,
		   "{\"return\":{\"entries\":[]},\"entries\":[]}");
	expect(f, " \n\t{\"execute\" : \"list_hostfwd\" , \"x\": [1, {}]}\n",
	       "{\"return\":{\"entries\":[]},\"entries\":[]}");
}

static void test_add_list_remove(void **state)
{
	struct fixture *f = *state;

	expect(f, ADD("{\"proto\":\"tcp\",\"host_addr\":\"0.0.0.0\",\"host_port\":8080,\"guest_addr\":\"10.0.2.100\",\"guest_port\":80}"),
	       "{\"return\":{\"id\":1}}");
	/* empty host_addr is 0.0.0.0, empty or missing guest_addr the guest */
	expect(f, ADD("{\"proto\":\"udp\",\"host_addr\":\"\",\"host_port\":5353,\"guest_addr\":\"\",\"guest_port\":53}"),
	       "{\"return\":{\"id\":2}}");
	expect(f, ADD("{\"proto\":\"tcp\",\"host_addr\":\"127.0.0.1\",\"host_port\":2222,\"guest_port\":22}"),
	       "{\"return\":{\"id\":3}}");
	assert_string_equal(f->nat.calls,
			    "add tcp 0.0.0.0:8080 10.0.2.100:80;"
			    "add udp 0.0.0.0:5353 10.0.2.100:53;"
			    "add tcp 127.0.0.1:2222 10.0.2.100:22;");
	expect(f, "{\"execute\":\"list_hostfwd\"}",
	       "{\"return\":{\"entries\":["
	       "{\"id\":1,\"proto\":\"tcp\",\"host_addr\":\"0.0.0.0\",\"host_port\":8080,\"guest_addr\":\"10.0.2.100\",\"guest_port\":80},"
	       "{\"id\":2,\"proto\":\"udp\",\"host_addr\":\"0.0.0.0\",\"host_port\":5353,\"guest_addr\":\"10.0.2.100\",\"guest_port\":53},"
	       "{\"id\":3,\"proto\":\"tcp\",\"host_addr\":\"127.0.0.1\",\"host_port\":2222,\"guest_addr\":\"10.0.2.100\",\"guest_port\":22}]},"
	       "\"entries\":["
	       "{\"id\":1,\"proto\":\"tcp\",\"host_addr\":\"0.0.0.0\",\"host_port\":8080,\"guest_addr\":\"10.0.2.100\",\"guest_port\":80},"
	       "{\"id\":2,\"proto\":\"udp\",\"host_addr\":\"0.0.0.0\",\"host_port\":5353,\"guest_addr\":\"10.0.2.100\",\"guest_port\":53},"
	       "{\"id\":3,\"proto\":\"tcp\",\"host_addr\":\"127.0.0.1\",\"host_port\":2222,\"guest_addr\":\"10.0.2.100\",\"guest_port\":22}]}");
	f->nat.calls[0] = '\0';
	expect(f, "{\"execute\":\"remove_hostfwd\",\"arguments\":{\"id\":2}}", "{\"return\":{}}");
	assert_string_equal(f->nat.calls, "remove udp 0.0.0.0:5353;");
	expect(f, "{\"execute\":\"remove_hostfwd\",\"arguments\":{\"id\":2}}",
	       ERR("remove_hostfwd: bad arguments.id"));
	/* ids are never reused */
	expect(f, ADD("{\"proto\":\"tcp\",\"host_port\":8081,\"guest_port\":81}"),
	       "{\"return\":{\"id\":4}}");
	expect(f, "{\"execute\":\"remove_hostfwd\",\"arguments\":{\"id\":1.0}}", "{\"return\":{}}");
	expect(f, "{\"execute\":\"remove_hostfwd\",\"arguments\":{\"id\":3}}", "{\"return\":{}}");
	expect(f, "{\"execute\":\"list_hostfwd\",\"arguments\":{\"ignored\":1}}",
	       "{\"return\":{\"entries\":["
	       "{\"id\":4,\"proto\":\"tcp\",\"host_addr\":\"0.0.0.0\",\"host_port\":8081,\"guest_addr\":\"10.0.2.100\",\"guest_port\":81}]},"
	       "\"entries\":["
	       "{\"id\":4,\"proto\":\"tcp\",\"host_addr\":\"0.0.0.0\",\"host_port\":8081,\"guest_addr\":\"10.0.2.100\",\"guest_port\":81}]}");
}

/* what RootlessKit 1.1 and Podman 4.3 send, byte for byte */
static void test_callers(void **state)
{
	struct fixture *f = *state;

	expect(f, "{\"execute\":\"add_hostfwd\",\"arguments\":{\"proto\":\"tcp\",\"host_addr\":\"127.0.0.1\",\"host_port\":8080,\"guest_addr\":\"10.0.2.100\",\"guest_port\":80}}\n",
	       "{\"return\":{\"id\":1}}");
	expect(f, "{\"execute\":\"remove_hostfwd\",\"arguments\":{\"id\":1}}\n", "{\"return\":{}}");
	expect(f, "{\"execute\":\"add_hostfwd\",\"arguments\":{\"proto\":\"tcp\",\"host_addr\":\"0.0.0.0\",\"host_port\":8081,\"guest_addr\":\"\",\"guest_port\":80}}\n",
	       "{\"return\":{\"id\":2}}");
	assert_string_equal(f->nat.calls,
			    "add tcp 127.0.0.1:8080 10.0.2.100:80;"
			    "remove tcp 127.0.0.1:8080;"
			    "add tcp 0.0.0.0:8081 10.0.2.100:80;");
}

static void test_add_errors(void **state)
{
	struct fixture *f = *state;

	/* slirp4netns 1.2 crashes on the first three */
	expect(f, "{\"execute\":\"add_hostfwd\"}", ERR("add_hostfwd: bad arguments.proto"));
	expect(f, ADD("{\"host_port\":1,\"guest_port\":1}"), ERR("add_hostfwd: bad arguments.proto"));
	expect(f, ADD("{\"proto\":6,\"host_port\":1,\"guest_port\":1}"), ERR("add_hostfwd: bad arguments.proto"));
	expect(f, ADD("[]"), ERR("add_hostfwd: bad arguments.proto"));
	expect(f, ADD("{\"proto\":\"sctp\",\"host_port\":1,\"guest_port\":1}"), ERR("add_hostfwd: bad arguments.proto"));
	expect(f, ADD("{\"proto\":\"TCP\",\"host_port\":1,\"guest_port\":1}"), ERR("add_hostfwd: bad arguments.proto"));
	expect(f, ADD("{\"proto\":\"tcp\",\"host_addr\":\"::1\",\"host_port\":1,\"guest_port\":1}"), ERR("add_hostfwd: bad arguments.host_addr"));
	expect(f, ADD("{\"proto\":\"tcp\",\"host_addr\":\"localhost\",\"host_port\":1,\"guest_port\":1}"), ERR("add_hostfwd: bad arguments.host_addr"));
	expect(f, ADD("{\"proto\":\"tcp\",\"host_addr\":1,\"host_port\":1,\"guest_port\":1}"), ERR("add_hostfwd: bad arguments.host_addr"));
	expect(f, ADD("{\"proto\":\"tcp\",\"guest_port\":1}"), ERR("add_hostfwd: bad arguments.host_port"));
	expect(f, ADD("{\"proto\":\"tcp\",\"host_port\":0,\"guest_port\":1}"), ERR("add_hostfwd: bad arguments.host_port"));
	expect(f, ADD("{\"proto\":\"tcp\",\"host_port\":\"8080\",\"guest_port\":1}"), ERR("add_hostfwd: bad arguments.host_port"));
	expect(f, ADD("{\"proto\":\"tcp\",\"host_port\":70000,\"guest_port\":1}"), ERR("add_hostfwd: bad arguments.host_port"));
	expect(f, ADD("{\"proto\":\"tcp\",\"host_port\":-1,\"guest_port\":1}"), ERR("add_hostfwd: bad arguments.host_port"));
	expect(f, ADD("{\"proto\":\"tcp\",\"host_port\":80.5,\"guest_port\":1}"), ERR("add_hostfwd: bad arguments.host_port"));
	expect(f, ADD("{\"proto\":\"tcp\",\"host_port\":1e300,\"guest_port\":1}"), ERR("add_hostfwd: bad arguments.host_port"));
	expect(f, ADD("{\"proto\":\"tcp\",\"host_port\":1,\"guest_addr\":\"x\",\"guest_port\":1}"), ERR("add_hostfwd: bad arguments.guest_addr"));
	expect(f, ADD("{\"proto\":\"tcp\",\"host_port\":1}"), ERR("add_hostfwd: bad arguments.guest_port"));
	expect(f, ADD("{\"proto\":\"tcp\",\"host_port\":1,\"guest_port\":65536}"), ERR("add_hostfwd: bad arguments.guest_port"));
	assert_string_equal(f->nat.calls, "");
	/* an integral real is a port (some encoders write 8080.0) */
	expect(f, ADD("{\"proto\":\"tcp\",\"host_port\":8080.0,\"guest_port\":80,\"host_addr\":null}"),
	       "{\"return\":{\"id\":1}}");
	/* the NAT refuses a taken port: no id is used up */
	f->nat.taken = 9999;
	expect(f, ADD("{\"proto\":\"tcp\",\"host_port\":9999,\"guest_port\":80}"),
	       ERR("add_hostfwd: slirp_add_hostfwd failed"));
	expect(f, ADD("{\"proto\":\"udp\",\"host_port\":9998,\"guest_port\":80}"),
	       "{\"return\":{\"id\":2}}");
}

static void test_remove_errors(void **state)
{
	struct fixture *f = *state;

	expect(f, "{\"execute\":\"remove_hostfwd\"}", ERR("remove_hostfwd: bad arguments.id"));
	expect(f, "{\"execute\":\"remove_hostfwd\",\"arguments\":{}}", ERR("remove_hostfwd: bad arguments.id"));
	expect(f, "{\"execute\":\"remove_hostfwd\",\"arguments\":{\"id\":0}}", ERR("remove_hostfwd: bad arguments.id"));
	expect(f, ADD("{\"proto\":\"tcp\",\"host_port\":1,\"guest_port\":1}"), "{\"return\":{\"id\":1}}");
	expect(f, "{\"execute\":\"remove_hostfwd\",\"arguments\":{\"id\":\"1\"}}", ERR("remove_hostfwd: bad arguments.id"));
	expect(f, "{\"execute\":\"remove_hostfwd\",\"arguments\":{\"id\":1.5}}", ERR("remove_hostfwd: bad arguments.id"));
	expect(f, "{\"execute\":\"remove_hostfwd\",\"arguments\":{\"id\":4294967297}}", ERR("remove_hostfwd: bad arguments.id"));
	/* a failing NAT keeps the entry, as slirp4netns does */
	f->nat.fail_remove = true;
	expect(f, "{\"execute\":\"remove_hostfwd\",\"arguments\":{\"id\":1}}",
	       ERR("remove_hostfwd: slirp_remove_hostfwd failed"));
	f->nat.fail_remove = false;
	expect(f, "{\"execute\":\"remove_hostfwd\",\"arguments\":{\"id\":1}}", "{\"return\":{}}");
}

/* replies Podman reads with one 2048-byte read */
static void test_reply_sizes(void **state)
{
	struct fixture *f = *state;
	char req[256], *reply;
	int i;

	for (i = 1; i <= 300; i++) {
		snprintf(req, sizeof(req), ADD("{\"proto\":\"udp\",\"host_addr\":\"255.255.255.255\",\"host_port\":%d,\"guest_addr\":\"255.255.255.254\",\"guest_port\":65535}"), 65000 + i % 500);
		reply = s4n_api_handle(&f->api, req, strlen(req));
		assert_non_null(reply);
		assert_true(strlen(reply) < 2048);
		free(reply);
	}
	reply = s4n_api_handle(&f->api, "{\"execute\":\"list_hostfwd\"}", 26);
	assert_non_null(reply);
	assert_non_null(strstr(reply, "\"id\":300,"));
	assert_null(strchr(reply, '\n'));
	free(reply);
}

static void test_framing(void **state)
{
	(void)state;
	assert_int_equal(s4n_api_framing("", 0, false), S4N_API_NEED_MORE);
	assert_int_equal(s4n_api_framing("", 0, true), S4N_API_COMPLETE);
	assert_int_equal(s4n_api_framing("{\"execute\":", 11, false), S4N_API_NEED_MORE);
	assert_int_equal(s4n_api_framing("{\"execute\":\"list_h", 18, false), S4N_API_NEED_MORE);
	assert_int_equal(s4n_api_framing("{\"execute\":\"list_hostfwd\"", 25, false), S4N_API_NEED_MORE);
	assert_int_equal(s4n_api_framing("{\n \"execute\":\n", 15, false), S4N_API_NEED_MORE);
	assert_int_equal(s4n_api_framing("{\"execute\":\"list_hostfwd\"}", 26, false), S4N_API_COMPLETE);
	assert_int_equal(s4n_api_framing("{\"execute\":\"list_hostfwd\"}\n", 27, false), S4N_API_COMPLETE);
	assert_int_equal(s4n_api_framing("{\"execute\":\"x\"", 15, true), S4N_API_COMPLETE);
	/* a syntax error more bytes cannot mend: answer at once */
	assert_int_equal(s4n_api_framing("badjson\n", 8, false), S4N_API_COMPLETE);
	assert_int_equal(s4n_api_framing("{\"a\" 1", 6, false), S4N_API_COMPLETE);
	assert_int_equal(s4n_api_framing("   ", S4N_API_REQUEST_MAX, false), S4N_API_COMPLETE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bad_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trailing_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_list_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reply_sizes, setup, teardown),
		cmocka_unit_test(test_framing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
