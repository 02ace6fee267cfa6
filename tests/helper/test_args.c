// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_args.c - unit tests of the helper's argument parser (args.c)
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "args.h"

#define ARGV(...) ((char *const[]){ "helper", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *const[]){ "helper", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(a, why, ...) args_parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), a, why)

static void ok_qemu_order(void **state)
{
	struct helper_args a;
	const char *why = NULL;

	(void)state;
	assert_int_equal(PARSE(&a, &why, "--use-vnet", "--fd=5", "--br=gnbr0"), ARGS_RUN);
	assert_string_equal(a.bridge, "gnbr0");
	assert_int_equal(a.fd, 5);
	assert_true(a.use_vnet);
}

static void ok_libvirt_order_no_vnet(void **state)
{
	struct helper_args a;
	const char *why = NULL;

	(void)state;
	assert_int_equal(PARSE(&a, &why, "--br=virbr0", "--fd=0"), ARGS_RUN);
	assert_false(a.use_vnet);
	assert_int_equal(a.fd, 0);
}

static void ok_15_chars(void **state)
{
	struct helper_args a;
	const char *why = NULL;

	(void)state;
	assert_int_equal(PARSE(&a, &why, "--br=abcdefghijklmno", "--fd=3"), ARGS_RUN);
}

static void fd_kept_on_error(void **state)
{
	struct helper_args a;
	const char *why = NULL;

	(void)state;
	/* a refused argument after --fd= still tells which fd the reply is */
	assert_int_equal(PARSE(&a, &why, "--fd=2", "--br=a b"), -EINVAL);
	assert_int_equal(a.fd, 2);
	assert_int_equal(PARSE(&a, &why, "--bogus", "--fd=2"), -EINVAL);
	assert_int_equal(a.fd, -1);
}

static void help(void **state)
{
	struct helper_args a;
	const char *why = NULL;

	(void)state;
	assert_int_equal(PARSE(&a, &why, "--help"), ARGS_HELP);
	assert_int_equal(PARSE(&a, &why, "--br=x", "--help"), ARGS_HELP);
	assert_non_null(strstr(args_usage(), "--br=BRIDGE"));
}

static void expect_err(int argc, char *const argv[], const char *msg)
{
	struct helper_args a;
	const char *why = NULL;

	assert_int_equal(args_parse(argc, argv, &a, &why), -EINVAL);
	assert_non_null(why);
	assert_non_null(strstr(why, msg));
}

static void errors(void **state)
{
	(void)state;
	expect_err(1, (char *const[]){ "helper", NULL }, "missing --br");
	expect_err(ARGC("--fd=3"), ARGV("--fd=3"), "missing --br");
	expect_err(ARGC("--br=b"), ARGV("--br=b"), "missing --fd");
	expect_err(ARGC("--br=b", "--fd=3", "--br=c"), ARGV("--br=b", "--fd=3", "--br=c"), "twice");
	expect_err(ARGC("--br=b", "--fd=3", "--fd=3"), ARGV("--br=b", "--fd=3", "--fd=3"), "twice");
	expect_err(ARGC("--use-vnet", "--use-vnet", "--br=b", "--fd=3"),
		   ARGV("--use-vnet", "--use-vnet", "--br=b", "--fd=3"), "twice");
	expect_err(ARGC("--br=b", "--fd=3", "--bogus"), ARGV("--br=b", "--fd=3", "--bogus"), "unknown");
	expect_err(ARGC("--br", "b", "--fd=3"), ARGV("--br", "b", "--fd=3"), "unknown");
	expect_err(ARGC("--br=b", "--fd="), ARGV("--br=b", "--fd="), "--fd=");
	expect_err(ARGC("--br=b", "--fd=-1"), ARGV("--br=b", "--fd=-1"), "--fd=");
	expect_err(ARGC("--br=b", "--fd=+1"), ARGV("--br=b", "--fd=+1"), "--fd=");
	expect_err(ARGC("--br=b", "--fd=3x"), ARGV("--br=b", "--fd=3x"), "--fd=");
	expect_err(ARGC("--br=b", "--fd=0003"), ARGV("--br=b", "--fd=0003"), "leading zeros");
	expect_err(ARGC("--br=b", "--fd=00"), ARGV("--br=b", "--fd=00"), "leading zeros");
	expect_err(ARGC("--br=b\"", "--fd=3"), ARGV("--br=b\"", "--fd=3"), "character other than");
	expect_err(ARGC("--br=b*", "--fd=3"), ARGV("--br=b*", "--fd=3"), "character other than");
	expect_err(ARGC("--br=b\\", "--fd=3"), ARGV("--br=b\\", "--fd=3"), "character other than");
	expect_err(ARGC("--br=b", "--fd=2147483648"), ARGV("--br=b", "--fd=2147483648"), "--fd=");
	expect_err(ARGC("--br=", "--fd=3"), ARGV("--br=", "--fd=3"), "empty");
	expect_err(ARGC("--br=abcdefghijklmnop", "--fd=3"), ARGV("--br=abcdefghijklmnop", "--fd=3"), "too long");
	expect_err(ARGC("--br=a/b", "--fd=3"), ARGV("--br=a/b", "--fd=3"), "'/'");
	expect_err(ARGC("--br=a:b", "--fd=3"), ARGV("--br=a:b", "--fd=3"), "':'");
	expect_err(ARGC("--br=a b", "--fd=3"), ARGV("--br=a b", "--fd=3"), "whitespace");
	expect_err(ARGC("--br=a\nb", "--fd=3"), ARGV("--br=a\nb", "--fd=3"), "whitespace");
	expect_err(ARGC("--br=a\xc3\xa9", "--fd=3"), ARGV("--br=a\xc3\xa9", "--fd=3"), "non-ASCII");
	expect_err(ARGC("--br=..", "--fd=3"), ARGV("--br=..", "--fd=3"), ". or ..");
	expect_err(ARGC("--br=.", "--fd=3"), ARGV("--br=.", "--fd=3"), ". or ..");
	expect_err(3, (char *const[]){ "helper", "--br=b", NULL, NULL }, "null");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ok_qemu_order),
		cmocka_unit_test(ok_libvirt_order_no_vnet),
		cmocka_unit_test(ok_15_chars),
		cmocka_unit_test(fd_kept_on_error),
		cmocka_unit_test(help),
		cmocka_unit_test(errors),
	};

	return cmocka_run_group_tests_name("helper_args", tests, NULL, NULL);
}
