// SPDX-License-Identifier: GPL-2.0-or-later
/* test_options.c - unit tests of option strings (emu/optstring.c), of
 * every error path of the -netdev/-net/-nic/-hub/-object/-dump grammar,
 * and of -redir (common/redir.c)
 */

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "redir.h"
#include "hub.h"
#include "loop.h"
#include "netdev.h"
#include "objects.h"
#include "optstring.h"
#include "port.h"
#include "util.h"

static void test_split_and_escape(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(opts_parse(&o, "-netdev", "socket,id=a,,b,listen=:1,,2,x", "type"), 0);
	assert_int_equal(o.n, 4);
	assert_string_equal(o.kv[0].key, "type");
	assert_string_equal(o.kv[0].val, "socket");
	assert_string_equal(o.kv[1].val, "a,b");
	assert_string_equal(o.kv[2].val, ":1,2");
	assert_string_equal(o.kv[3].key, "x");
	assert_string_equal(o.kv[3].val, "on");
	opts_free(&o);
}

static void test_value_with_equals(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(opts_parse(&o, "-netdev", "user,id=u,hostfwd=tcp::1-:2=3", "type"), 0);
	assert_string_equal(opts_get(&o, "hostfwd"), "tcp::1-:2=3");
	opts_free(&o);
}

static void expect_parse_error(const char *text, const char *needle)
{
	struct opts o;

	assert_int_equal(opts_parse(&o, "-netdev", text, "type"), -EINVAL);
	if (!strstr(o.err, needle))
		fail_msg("'%s': error '%s' lacks '%s'", text, o.err, needle);
	assert_non_null(strstr(o.err, "-netdev"));
	opts_free(&o);
}

static void test_parse_errors(void **state)
{
	(void)state;
	expect_parse_error("", "empty option string");
	expect_parse_error("socket,id=a,,,", "empty element");
	expect_parse_error("socket,id=a,", "empty element");
	expect_parse_error("socket,=x", "empty key");
	expect_parse_error(",socket", "empty element");
}

static void test_too_many_pairs(void **state)
{
	char text[128 * 8 + 16] = "socket";
	struct opts o;

	(void)state;
	for (int i = 0; i < 130; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), ",k%d", i);
	assert_int_equal(opts_parse(&o, "-netdev", text, "type"), -EINVAL);
	assert_non_null(strstr(o.err, "more than"));
	opts_free(&o);
}

static void test_getters(void **state)
{
	struct opts o;
	uint64_t n;
	bool b;

	(void)state;
	assert_int_equal(opts_parse(&o, "-hub", "3,mode=switch,x=yes,y=off,z=maybe,n=12,m=-1,big=99", "id"), 0);
	assert_int_equal(opts_get_uint(&o, "id", 0, 10, 0, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(opts_get_bool(&o, "x", false, &b), 0);
	assert_true(b);
	assert_int_equal(opts_get_bool(&o, "y", true, &b), 0);
	assert_false(b);
	assert_int_equal(opts_get_bool(&o, "absent", true, &b), 0);
	assert_true(b);
	assert_int_equal(opts_get_uint(&o, "n", 0, 100, 0, &n), 0);
	assert_int_equal(n, 12);
	assert_int_equal(opts_get_bool(&o, "z", false, &b), -EINVAL);
	assert_non_null(strstr(o.err, "key 'z'"));
	opts_free(&o);

	opts_parse(&o, "-hub", "1,m=-1", "id");
	assert_int_equal(opts_get_uint(&o, "m", 0, 100, 0, &n), -EINVAL);
	assert_non_null(strstr(o.err, "key 'm'"));
	opts_free(&o);

	opts_parse(&o, "-hub", "1,big=99", "id");
	assert_int_equal(opts_get_uint(&o, "big", 0, 50, 0, &n), -EINVAL);
	opts_free(&o);

	opts_parse(&o, "-hub", "1,e=", "id");
	assert_int_equal(opts_get_uint(&o, "e", 0, 50, 0, &n), -EINVAL);
	opts_free(&o);

	opts_parse(&o, "-hub", "1,d=1,d=2", "id");
	assert_null(opts_get(&o, "d"));
	assert_non_null(strstr(o.err, "more than once"));
	opts_free(&o);

	opts_parse(&o, "-hub", "1,mode=switch,extra=1", "id");
	opts_get(&o, "id");
	opts_get(&o, "mode");
	assert_int_equal(opts_check_unused(&o), -EINVAL);
	assert_non_null(strstr(o.err, "unknown key 'extra'"));
	opts_free(&o);
}

static void test_repeatable(void **state)
{
	struct opts o;
	unsigned int it = 0;

	(void)state;
	opts_parse(&o, "-netdev", "user,hostfwd=a,hostfwd=b", "type");
	assert_string_equal(opts_get_next(&o, "hostfwd", &it), "a");
	assert_string_equal(opts_get_next(&o, "hostfwd", &it), "b");
	assert_null(opts_get_next(&o, "hostfwd", &it));
	opts_free(&o);
}

static void test_ids(void **state)
{
	static const char *const bad[] = { "", "1a", "a b", "a/b", "_a",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" };
	struct opts o;

	(void)state;
	opts_parse(&o, "-netdev", "x", "type");
	assert_int_equal(opts_check_id(&o, "net0.a-b_c"), 0);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		o.err[0] = '\0';
		assert_int_equal(opts_check_id(&o, bad[i]), -EINVAL);
		assert_non_null(strstr(o.err, "key 'id'"));
	}
	opts_free(&o);
}

/* ---- the grammar of each option, error paths ---- */

struct grammar_case {
	int (*apply)(struct opts *o, bool legacy);
	const char *option;
	const char *text;
	bool legacy;
	const char *needle;	/* NULL: must succeed */
};

static int apply_netdev(struct opts *o, bool legacy)
{
	return netdev_add(o, legacy);
}

static int apply_nic(struct opts *o, bool legacy)
{
	(void)legacy;
	return netdev_add_nic(o);
}

static int apply_hub(struct opts *o, bool legacy)
{
	(void)legacy;
	return object_hub(o);
}

static int apply_object(struct opts *o, bool legacy)
{
	(void)legacy;
	return object_add(o);
}

static int apply_dump(struct opts *o, bool legacy)
{
	(void)legacy;
	return object_hub_dump(o);
}

static const char *implied(const char *option)
{
	if (!strcmp(option, "-hub"))
		return "id";
	if (!strcmp(option, "-object"))
		return "qom-type";
	if (!strcmp(option, "-dump"))
		return NULL;
	return "type";
}

#define ND(text, needle)	{ apply_netdev, "-netdev", text, false, needle }
#define NET(text, needle)	{ apply_netdev, "-net", text, true, needle }
#define NIC(text, needle)	{ apply_nic, "-nic", text, false, needle }

static const struct grammar_case cases[] = {
	ND("id=a", "no port type"),
	ND("bogus,id=a", "unknown port type 'bogus'"),
	ND("socket,listen=127.0.0.1:0", "key 'id' is required"),
	ND("socket,id=9a,listen=:0", "key 'id'"),
	ND("socket,id=a,vlan=1,listen=127.0.0.1:0", "unknown key 'vlan'"),
	ND("socket,id=a,hub=x,listen=127.0.0.1:0", "key 'hub'"),
	ND("socket,id=a,hub=70000,listen=127.0.0.1:0", "key 'hub'"),
	ND("socket,id=a", "exactly one of"),
	ND("socket,id=a,listen=127.0.0.1:0,connect=127.0.0.1:1", "exactly one of"),
	ND("socket,id=a,listen=127.0.0.1", "key 'listen'"),
	ND("socket,id=a,listen=127.0.0.1:99999", "key 'listen'"),
	ND("socket,id=a,listen=nonexistent.invalid:1", "key 'listen'"),
	ND("socket,id=a,listen=127.0.0.1:0,foo=1", "unknown key 'foo'"),
	ND("socket,id=a,listen=127.0.0.1:0,localaddr=127.0.0.1", "key 'localaddr'"),
	ND("socket,id=a,connect=127.0.0.1:1", "key 'connect'"),
	ND("socket,id=a,mcast=127.0.0.1:1234", "not an IPv4 multicast group"),
	ND("socket,id=a,mcast=230.0.0.1:1234,localaddr=not-an-address.invalid", "key 'localaddr'"),
	ND("socket,id=a,udp=127.0.0.1:1", "needs key 'localaddr"),
	ND("socket,id=a,udp=127.0.0.1:1,localaddr=x", "key 'localaddr'"),
	ND("socket,id=a,fd=abc", "key 'fd'"),
	ND("socket,id=a,fd=1000", "not open"),
	ND("socket,id=a,fd=0", "key 'fd'"),
	ND("stream,id=a", "key 'addr.type' is required"),
	ND("stream,id=a,addr.host=x", "key 'addr.type' is required"),
	ND("stream,id=a,addr.type=tcp", "key 'addr.type': 'tcp'"),
	ND("stream,id=a,addr.type=inet", "key 'addr.port' is required"),
	ND("stream,id=a,addr.type=inet,addr.port=1,addr.path=/x", "key 'addr.path'"),
	ND("stream,id=a,addr.type=inet,addr.port=z", "keys 'addr.host'/'addr.port'"),
	ND("stream,id=a,addr.type=unix", "key 'addr.path' is required"),
	ND("stream,id=a,addr.type=unix,addr.path=/x,addr.port=1", "key 'addr.port'"),
	ND("stream,id=a,addr.type=fd", "key 'addr.str' is required"),
	ND("stream,id=a,addr.type=fd,addr.str=999", "key 'addr.str'"),
	ND("stream,id=a,server=maybe,addr.type=unix,addr.path=/x", "key 'server'"),
	ND("stream,id=a,server=on,reconnect=1,addr.type=unix,addr.path=/tmp/gn-unit.sock", "key 'reconnect'"),
	ND("stream,id=a,reconnect=99999,addr.type=unix,addr.path=/x", "key 'reconnect'"),
	ND("stream,id=a,addr.type=unix,addr.path=/nonexistent/sock", "connect"),
	ND("stream,id=a,server=on,addr.type=unix,addr.path=/tmp/x,bogus=1", "unknown key 'bogus'"),
	ND("dgram,id=a", "key 'remote.type' is required"),
	ND("dgram,id=a,remote.type=inet,remote.host=127.0.0.1,remote.port=1", "key 'local.type' is required"),
	ND("dgram,id=a,local.type=fd,local.str=0,remote.type=inet,remote.port=1", "does not go with local.type=fd"),
	ND("dgram,id=a,local.type=inet,local.port=1,remote.type=fd,remote.str=0", "only for 'local.type'"),
	ND("dgram,id=a,local.type=unix,local.path=/tmp/a,remote.type=inet,remote.port=1", "same family"),
	ND("dgram,id=a,remote.type=inet,remote.host=ff02::1,remote.port=1", "only IPv4 multicast"),
	ND("hubport,id=h", "key 'hubid' is required"),
	ND("hubport,id=h,hubid=1,netdev=nope", "no port named 'nope'"),
	ND("hubport,id=h,hub=1", "use 'hubid'"),
	ND("netns,id=n,ifname=..,cmd=true", "key 'ifname': '..' is not a valid interface name"),
	ND("netns,id=n,ifname=.,cmd=true", "key 'ifname': '.' is not a valid interface name"),
	ND("netns,id=n,ifname=abcdefghijklmnop,cmd=true", "is 16 or more characters"),
	ND("netns,id=n,ifname=a/b,cmd=true", "has a character not allowed"),
	ND("netns,id=n,addr=10.0.0.1/33,cmd=true", "key 'addr': prefix length '33' is not 1 to 32"),
	ND("netns,id=n,addr=10.0.0.1/,cmd=true", "key 'addr': prefix length '' is not 1 to 32"),
	ND("tap,id=t,ifname=..", "key 'ifname': '..' is not a valid interface name"),
	ND("bridge,id=b,br=a:b", "key 'br': 'a:b' has a character not allowed"),
	NET("socket,vlan=1,hub=2,listen=127.0.0.1:0", "keys 'hub' and 'vlan'"),
	NET("socket,vlan=x,listen=127.0.0.1:0", "key 'vlan'"),
	NET("socket,name=9bad,listen=127.0.0.1:0", "key 'id'"),
	NIC("bogus", "unknown port type 'bogus'"),
	NIC("hubport,hubid=1,model=e1000", "key 'model': guestnet-emu has no guest NICs"),
	NIC("socket,listen=127.0.0.1:0,mac=52:54:00:12:34:56", "key 'mac': guestnet-emu has no guest NICs"),
	NIC("hubport,hubid=1,hub=2", "-nic makes a hub of its own"),
	NIC("hubport,hubid=1,vlan=2", "-nic makes a hub of its own"),
	NIC("none,model=e1000", "unknown key 'model'"),
	NIC("hubport,id=9x,hubid=1", "key 'id'"),
	NIC("netns,ifname=..,mac=52:54:00:12:34:56,cmd=true", "key 'ifname'"),
	{ apply_hub, "-hub", "mode=switch", false, "key 'id'" },
	{ apply_hub, "-hub", "0,mode=bridge", false, "key 'mode': 'bridge'" },
	{ apply_hub, "-hub", "0,ageing=0", false, "key 'ageing'" },
	{ apply_hub, "-hub", "0,mode=switch,colour=red", false, "unknown key 'colour'" },
	{ apply_object, "-object", "id=x", false, "object type missing" },
	{ apply_object, "-object", "filter-mirror,id=x", false, "unknown object type" },
	{ apply_object, "-object", "filter-dump,netdev=a,file=/tmp/x", false, "key 'id' is required" },
	{ apply_object, "-object", "filter-dump,id=f,file=/tmp/x", false, "key 'netdev' is required" },
	{ apply_object, "-object", "filter-dump,id=f,netdev=zz,file=/tmp/x", false, "no port named 'zz'" },
	{ apply_dump, "-dump", "file=/tmp/x", false, "key 'hub' is required" },
	{ apply_dump, "-dump", "hub=777,file=/tmp/x", false, "no hub 777" },
	/* and a few that must work */
	ND("socket,id=ok1,listen=127.0.0.1:0", NULL),
	NET("socket,vlan=2,listen=127.0.0.1:0", NULL),
	ND("socket,id=ok1,listen=127.0.0.1:0", "exists already"),
	ND("hubport,id=hp,hubid=5,netdev=ok1", NULL),
	{ apply_hub, "-hub", "5,mode=switch,ageing=10", false, NULL },
	{ apply_object, "-object", "filter-dump,id=f,netdev=ok1", false, "key 'file' is required" },
	{ apply_object, "-object", "filter-dump,id=f,netdev=ok1,file=/nonexistent/x.pcap", false, "key 'file'" },
	{ apply_object, "-object", "filter-dump,id=f,netdev=ok1,file=/dev/null,maxlen=0", false, "key 'maxlen'" },
	{ apply_object, "-object", "filter-dump,id=f,netdev=ok1,file=/dev/null", false, NULL },
	{ apply_object, "-object", "filter-dump,id=g,netdev=ok1,file=/dev/null", false, "has a dump already" },
	{ apply_dump, "-dump", "hub=5,file=/dev/null", false, NULL },
	{ apply_dump, "-dump", "hub=5,file=/dev/null", false, "has a dump already" },
};

static void test_grammar(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct grammar_case *c = &cases[i];
		struct opts o;
		int ret = opts_parse(&o, c->option, c->text, implied(c->option));

		if (!ret)
			ret = c->apply(&o, c->legacy);
		if (!c->needle) {
			if (ret)
				fail_msg("%s %s: unexpected error '%s'", c->option, c->text, o.err);
		} else if (!ret || !strstr(o.err, c->needle) || !strstr(o.err, c->option)) {
			fail_msg("%s %s: want error with '%s', got %d '%s'", c->option,
				 c->text, c->needle, ret, o.err);
		}
		opts_free(&o);
	}
}

static int nic(const char *text)
{
	struct opts o;
	int ret = opts_parse(&o, "-nic", text, "type");

	if (!ret)
		ret = netdev_add_nic(&o);
	if (ret)
		print_message("-nic %s: %s\n", text, o.err);
	opts_free(&o);
	return ret;
}

static void note(const char *option, const char *text, const char *implied_key)
{
	struct opts o;

	assert_int_equal(opts_parse(&o, option, text, implied_key), 0);
	netdev_note_hubs(&o);
	opts_free(&o);
}

/* -nic: a port on the highest hub id no option names; ids nicN; none */
static void test_nic_hubs(void **state)
{
	struct port *p;

	(void)state;
	note("-netdev", "socket,id=x,hub=65535,listen=127.0.0.1:0", "type");
	note("-net", "socket,vlan=65534", "type");
	note("-netdev", "hubport,id=y,hubid=65533", "type");
	note("-hub", "65532,mode=switch", "id");
	note("-netdev", "socket,id=65531", "type");	/* an id, not a hub */
	assert_int_equal(nic("socket,listen=127.0.0.1:0"), 0);
	p = port_find("nic0");
	assert_non_null(p);
	assert_int_equal(p->hub->id, 65531);
	assert_int_equal(nic("socket,id=second,listen=127.0.0.1:0"), 0);
	p = port_find("second");
	assert_non_null(p);
	assert_int_equal(p->hub->id, 65530);
	assert_int_equal(nic("none"), 0);
	assert_null(port_find("nic1"));
	assert_int_equal(nic("socket,listen=127.0.0.1:0"), 0);
	assert_non_null(port_find("nic1"));
	assert_int_equal(port_find("nic1")->hub->id, 65529);
	assert_int_not_equal(nic("socket,id=second,listen=127.0.0.1:0"), 0);	/* exists */
}

/* -redir: old QEMU's grammar, and the hostfwd= rule it becomes */
static void test_redir(void **state)
{
	static const struct {
		const char *in;
		const char *hostfwd;	/* NULL: refused */
	} cases[] = {
		{ "tcp:2222::22", "tcp::2222-:22" },
		{ ":5::6", "tcp::5-:6" },
		{ "udp:0x10:10.0.2.16:022", "udp::16-10.0.2.16:18" },
		{ "tcp:65535:255.255.255.255:65535", "tcp::65535-255.255.255.255:65535" },
		{ "tcp:0::22", NULL },
		{ "tcp:65536::22", NULL },
		{ "tcp:2222::", NULL },
		{ "sctp:1::2", NULL },
		{ "tcp:2222:22", NULL },
		{ "tcp:-1::22", NULL },
		{ "tcp: 22::22", NULL },
		{ "tcp:22:10.0.2:22", NULL },
		{ "tcp:22:10.0.2.256:22", NULL },
		{ "tcp:22:1.2.3.4.5:22", NULL },
		{ "tcp:22::22x", NULL },
		{ "", NULL },
	};
	char buf[REDIR_HOSTFWD_MAX];
	struct redir r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = redir_parse(cases[i].in, &r);

		if (!cases[i].hostfwd) {
			if (ret != -EINVAL)
				fail_msg("-redir '%s': accepted", cases[i].in);
			continue;
		}
		if (ret || redir_hostfwd(&r, buf, sizeof(buf)) || strcmp(buf, cases[i].hostfwd))
			fail_msg("-redir '%s': got %d '%s', want '%s'", cases[i].in, ret,
				 ret ? "" : buf, cases[i].hostfwd);
	}
	assert_int_equal(redir_parse("tcp:1::2", &r), 0);
	assert_int_equal(redir_hostfwd(&r, buf, 8), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_and_escape),
		cmocka_unit_test(test_value_with_equals),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_too_many_pairs),
		cmocka_unit_test(test_getters),
		cmocka_unit_test(test_repeatable),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_grammar),
		cmocka_unit_test(test_nic_hubs),
		cmocka_unit_test(test_redir),
	};

	return cmocka_run_group_tests_name("options", tests, fixture_setup, fixture_teardown);
}
