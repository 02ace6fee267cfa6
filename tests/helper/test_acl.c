// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_acl.c - unit tests of the ACL parser and decision (acl.c)
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "acl.h"

static int parse(const char *s, struct acl_line *l, const char **why)
{
	return acl_parse_line(s, strlen(s), l, why);
}

static void lines_ok(void **state)
{
	struct acl_line l;
	const char *why = NULL;

	(void)state;
	assert_int_equal(parse("", &l, &why), 0);
	assert_int_equal(l.kind, ACL_EMPTY);
	assert_int_equal(parse("   \t ", &l, &why), 0);
	assert_int_equal(l.kind, ACL_EMPTY);
	assert_int_equal(parse("# comment", &l, &why), 0);
	assert_int_equal(l.kind, ACL_EMPTY);

	assert_int_equal(parse("allow br0", &l, &why), 0);
	assert_int_equal(l.kind, ACL_ALLOW);
	assert_string_equal(l.bridge, "br0");
	assert_false(l.all);
	assert_int_equal(l.scope, ACL_ANYONE);

	assert_int_equal(parse("\tdeny  all   # trailing comment", &l, &why), 0);
	assert_int_equal(l.kind, ACL_DENY);
	assert_true(l.all);

	assert_int_equal(parse("allow lab user=alice", &l, &why), 0);
	assert_int_equal(l.scope, ACL_USER);
	assert_string_equal(l.who, "alice");
	assert_int_equal(parse("allow lab group=kvm#x", &l, &why), 0);
	assert_int_equal(l.scope, ACL_GROUP);
	assert_string_equal(l.who, "kvm#x");
	assert_int_equal(parse("deny all group=1000 #c", &l, &why), 0);
	assert_string_equal(l.who, "1000");

	assert_int_equal(parse("allow abcdefghijklmno", &l, &why), 0);
	assert_string_equal(l.bridge, "abcdefghijklmno");
	assert_int_equal(parse("allow br-1_x.2", &l, &why), 0);
	assert_string_equal(l.bridge, "br-1_x.2");

	assert_int_equal(parse("include /etc/guestnet/bridge.d", &l, &why), 0);
	assert_int_equal(l.kind, ACL_INCLUDE);
	assert_string_equal(l.path, "/etc/guestnet/bridge.d");
}

static void expect_bad(const char *s, int err, const char *msg)
{
	struct acl_line l;
	const char *why = NULL;

	int r = acl_parse_line(s, strlen(s), &l, &why);

	if (r != err)
		fail_msg("line \"%s\": returned %d, want %d", s, r, err);
	assert_non_null(why);
	if (!strstr(why, msg))
		fail_msg("line \"%s\": reason \"%s\" lacks \"%s\"", s, why, msg);
}

static void lines_bad(void **state)
{
	char *big;

	(void)state;
	expect_bad("permit br0", -EINVAL, "unknown keyword");
	expect_bad("Allow br0", -EINVAL, "unknown keyword");
	expect_bad("allow", -EINVAL, "needs a bridge");
	expect_bad("allow   # c", -EINVAL, "needs a bridge");
	expect_bad("allow br0 user=a extra", -EINVAL, "too many words");
	expect_bad("allow a b c d e", -E2BIG, "too many words");
	expect_bad("allow br0 bogus", -EINVAL, "user=NAME");
	expect_bad("allow br0 user=", -EINVAL, "user=NAME");
	expect_bad("allow br0 group=", -EINVAL, "user=NAME");
	expect_bad("allow br0 user=a/b", -EINVAL, "bad character");
	expect_bad("allow br0 user=a=b", -EINVAL, "bad character");
	expect_bad("allow br0 user=abcdefghijabcdefghijabcdefghijabc", -EINVAL, "too long");
	expect_bad("allow abcdefghijklmnop", -EINVAL, "too long");
	expect_bad("allow a/b", -EINVAL, "'/'");
	expect_bad("allow a:b", -EINVAL, "':'");
	expect_bad("allow ..", -EINVAL, ". or ..");
	/* the kernel takes these; nft text and scripts must not */
	expect_bad("allow br#1", -EINVAL, "character other than");
	expect_bad("allow a\"b", -EINVAL, "character other than");
	expect_bad("allow br*", -EINVAL, "character other than");
	expect_bad("allow a\\b", -EINVAL, "character other than");
	expect_bad("allow a$b", -EINVAL, "character other than");
	expect_bad("allow -br0", -EINVAL, "starts with '-'");
	expect_bad("allow a\xff", -EINVAL, "non-ASCII");
	expect_bad("allow br0\r", -EINVAL, "control character");
	expect_bad("allow b\x01r", -EINVAL, "control character");
	expect_bad("include", -EINVAL, "exactly one");
	expect_bad("include /a /b", -EINVAL, "exactly one");
	expect_bad("include etc/bridge.conf", -EINVAL, "absolute");
	expect_bad("include ./bridge.conf", -EINVAL, "absolute");

	big = malloc(ACL_PATH_MAX + 20);
	assert_non_null(big);
	memcpy(big, "include /", 9);
	memset(big + 9, 'a', ACL_PATH_MAX);
	big[ACL_PATH_MAX + 9] = '\0';
	expect_bad(big, -E2BIG, "line too long");	/* before path length */
	free(big);

	big = malloc(ACL_LINE_MAX + 2);
	assert_non_null(big);
	memset(big, ' ', ACL_LINE_MAX + 1);
	big[ACL_LINE_MAX + 1] = '\0';
	expect_bad(big, -E2BIG, "line too long");
	free(big);
}

struct collect {
	struct acl_line lines[8];
	unsigned int nos[8];
	int n;
	int fail_at;
};

static int collect_fn(const struct acl_line *l, unsigned int lineno, void *opaque)
{
	struct collect *c = opaque;

	if (c->n == c->fail_at)
		return -ENOSPC;
	c->lines[c->n] = *l;
	c->nos[c->n++] = lineno;
	return 0;
}

static void buffer(void **state)
{
	static const char text[] = "# ACL\n\nallow a\ndeny b # no\r\n";
	static const char good[] = "# ACL\n\nallow a\ninclude /x\ndeny b";
	struct collect c = { .fail_at = -1 };
	const char *why = NULL;
	unsigned int lineno;

	(void)state;
	assert_int_equal(acl_parse_buffer(good, strlen(good), collect_fn, &c,
					  &lineno, &why), 0);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.nos[0], 3);
	assert_int_equal(c.lines[1].kind, ACL_INCLUDE);
	assert_int_equal(c.nos[2], 5);

	c.n = 0;
	assert_int_equal(acl_parse_buffer(text, strlen(text), collect_fn, &c,
					  &lineno, &why), -EINVAL);
	assert_int_equal(lineno, 4);

	c.n = 0;
	assert_int_equal(acl_parse_buffer("allow a\0", 8, collect_fn, &c,
					  &lineno, &why), -EINVAL);
	assert_string_equal(why, "NUL byte in file");

	c.n = 0;
	c.fail_at = 1;
	assert_int_equal(acl_parse_buffer(good, strlen(good), collect_fn, &c,
					  &lineno, &why), -ENOSPC);
	assert_int_equal(lineno, 4);

	c.n = 0;
	c.fail_at = -1;
	assert_int_equal(acl_parse_buffer("", 0, collect_fn, &c, &lineno, &why), 0);
	assert_int_equal(c.n, 0);
}

static void add_line(struct acl *acl, const char *s)
{
	struct acl_line l;
	const char *why = NULL;

	assert_int_equal(parse(s, &l, &why), 0);
	assert_int_equal(acl_add(acl, &l, "test", 1), 0);
}

static bool decide(struct acl *acl, const char *br, uid_t uid, gid_t gid)
{
	gid_t gids[2] = { gid, 4242 };
	struct acl_subject who = { .uid = uid, .gids = gids, .ngids = 2 };
	bool allow = true;

	acl_decide(acl, br, &who, &allow);
	return allow;
}

static void decisions(void **state)
{
	struct acl acl = { 0 };
	struct acl_line l;
	const char *why = NULL;
	size_t i;

	(void)state;
	assert_false(decide(&acl, "br0", 1000, 1000));	/* default deny */

	add_line(&acl, "allow br0");
	add_line(&acl, "allow br1");
	add_line(&acl, "deny br1");
	add_line(&acl, "allow lab user=alice");
	add_line(&acl, "allow grp group=kvm");
	for (i = 0; i < acl.n; i++) {	/* as who.c would resolve */
		if (acl.rules[i].scope == ACL_USER || acl.rules[i].scope == ACL_GROUP) {
			acl.rules[i].id = acl.rules[i].scope == ACL_USER ? 1000 : 107;
			acl.rules[i].resolved = true;
		}
	}
	assert_true(decide(&acl, "br0", 1000, 1000));
	assert_false(decide(&acl, "br1", 1000, 1000));	/* deny wins */
	assert_false(decide(&acl, "br2", 1000, 1000));	/* no entry */
	assert_true(decide(&acl, "lab", 1000, 1000));
	assert_false(decide(&acl, "lab", 1001, 1000));	/* wrong user */
	assert_true(decide(&acl, "grp", 1001, 107));
	assert_false(decide(&acl, "grp", 1001, 1001));	/* wrong group */
	acl.rules[4].resolved = false;			/* unknown group */
	assert_false(decide(&acl, "grp", 1001, 107));

	add_line(&acl, "allow all");
	assert_true(decide(&acl, "br2", 1000, 1000));
	assert_false(decide(&acl, "br1", 1000, 1000));
	add_line(&acl, "deny all user=1001");
	acl.rules[acl.n - 1].id = 1001;
	acl.rules[acl.n - 1].resolved = true;
	assert_false(decide(&acl, "br0", 1001, 1001));
	assert_true(decide(&acl, "br0", 1000, 1000));
	add_line(&acl, "deny all");
	assert_false(decide(&acl, "br0", 1000, 1000));

	assert_int_equal(parse("include /x", &l, &why), 0);
	assert_int_equal(acl_add(&acl, &l, "t", 1), -EINVAL);
	assert_non_null(acl_add_file(&acl, "/etc/x"));
	acl_free(&acl);
	assert_int_equal(acl.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_ok),
		cmocka_unit_test(lines_bad),
		cmocka_unit_test(buffer),
		cmocka_unit_test(decisions),
	};

	return cmocka_run_group_tests_name("helper_acl", tests, NULL, NULL);
}
