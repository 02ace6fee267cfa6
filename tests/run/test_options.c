// SPDX-License-Identifier: GPL-2.0-or-later
/* test_options.c - unit tests of `guestnet run`'s option parser */

#include <setjmp.h>
#include <stdarg.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "options.h"

static char err[512];

/* Parse a NULL-terminated list of words after "run" */
static int parse(struct run_opts *o, ...)
{
	static char *argv[64];
	int argc = 0;
	va_list ap;

	argv[argc++] = "run";
	va_start(ap, o);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	err[0] = '\0';
	return opts_parse(o, argc, argv, err, sizeof(err));
}

static void test_default_nat(void **state)
{
	struct run_opts o;

	(void)state;
	assert_int_equal(parse(&o, "--", "qemu-system-x86_64", "-m", "256", NULL), 0);
	assert_int_equal(o.n_nets, 1);
	assert_int_equal(o.nets[0].kind, NET_NAT);
	assert_int_equal(o.model, MODEL_VIRTIO);
	assert_string_equal(o.cmd[0], "qemu-system-x86_64");
	assert_string_equal(o.cmd[2], "256");
	assert_null(o.cmd[3]);
}

static void test_all_options(void **state)
{
	struct run_opts o;

	(void)state;
	assert_int_equal(parse(&o, "--net", "nat", "--net=none", "--net", "internal:lab",
			       "--net", "lan", "--model=e1000", "--mac", "52:54:00:00:00:01",
			       "--mac=52:54:00:00:00:02", "--forward", "tcp:8080-:80",
			       "--forward=udp:127.0.0.1:5353-10.0.2.15:53",
			       "--helper", "/h", "--emu=/e", "-v", "sh", "-c", "x", NULL), 0);
	assert_int_equal(o.n_nets, 4);
	assert_int_equal(o.nets[1].kind, NET_NONE);
	assert_int_equal(o.nets[2].kind, NET_INTERNAL);
	assert_string_equal(o.nets[2].name, "lab");
	assert_int_equal(o.nets[3].kind, NET_NETWORK);
	assert_string_equal(o.nets[3].name, "lan");
	assert_int_equal(o.model, MODEL_E1000);
	assert_int_equal(o.n_macs, 2);
	assert_int_equal(o.macs[1][5], 2);
	assert_int_equal(o.n_fwds, 2);
	assert_true(o.fwds[1].udp);
	assert_string_equal(o.fwds[1].guest_addr, "10.0.2.15");
	assert_string_equal(o.helper, "/h");
	assert_string_equal(o.emu, "/e");
	assert_true(o.verbose);
	assert_string_equal(o.cmd[0], "sh");
	assert_string_equal(opts_model_device(o.model), "e1000");
}

static void test_models(void **state)
{
	struct run_opts o;

	(void)state;
	assert_int_equal(parse(&o, "--model", "rtl8139", "x", NULL), 0);
	assert_string_equal(opts_model_device(o.model), "rtl8139");
	assert_int_equal(parse(&o, "--model", "virtio", "x", NULL), 0);
	assert_string_equal(opts_model_device(o.model), "virtio-net-pci");
}

static void test_help_version(void **state)
{
	struct run_opts o;

	(void)state;
	assert_int_equal(parse(&o, "--help", NULL), 0);
	assert_true(o.help);
	assert_int_equal(parse(&o, "--version", NULL), 0);
	assert_true(o.version);
}

/* Each bad command line fails with a message starting with want */
static void expect_bad(const char *want, ...)
{
	static char *argv[64];
	struct run_opts o;
	int argc = 0;
	va_list ap;

	argv[argc++] = "run";
	va_start(ap, want);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	err[0] = '\0';
	assert_int_equal(opts_parse(&o, argc, argv, err, sizeof(err)), -EINVAL);
	if (strncmp(err, want, strlen(want)))
		fail_msg("message '%s' does not start with '%s'", err, want);
	assert_null(strchr(err, '\n'));
}

static void test_errors(void **state)
{
	(void)state;
	expect_bad("--bogus: unknown option", "--bogus", "x", NULL);
	expect_bad("--bogus: unknown option", "--bogus=1", "x", NULL);
	expect_bad("-x: unknown option", "-x", "x", NULL);
	expect_bad("--help: takes no value", "--help=yes", "x", NULL);
	expect_bad("--net: missing value", "--net", NULL);
	expect_bad("--net: 'internal' needs a name", "--net", "internal", "x", NULL);
	expect_bad("--net: ", "--net", "internal:", "x", NULL);
	expect_bad("--net: ", "--net", "internal:../x", "x", NULL);
	expect_bad("--net: ", "--net", "a/b", "x", NULL);
	expect_bad("--net: ", "--net", "", "x", NULL);
	expect_bad("--net: too many", "--net=none", "--net=none", "--net=none",
		   "--net=none", "--net=none", "--net=none", "--net=none",
		   "--net=none", "--net=none", "x", NULL);
	expect_bad("--model: 'ne2k'", "--model", "ne2k", "x", NULL);
	expect_bad("--mac: ", "--mac", "52:54:00:00:00", "x", NULL);
	expect_bad("--mac: 2 given for 1 NIC", "--mac", "52:54:00:00:00:01",
		   "--mac", "52:54:00:00:00:02", "x", NULL);
	expect_bad("--mac: the same address twice", "--net", "none", "--net", "none",
		   "--mac", "52:54:00:00:00:01", "--mac", "52:54:00:00:00:01", "x", NULL);
	expect_bad("--forward: ", "--forward", "sctp:1-:2", "x", NULL);
	expect_bad("--forward: needs a --net nat", "--net", "none",
		   "--forward", "tcp:1-:2", "x", NULL);
	expect_bad("--helper: empty path", "--helper=", "x", NULL);
	expect_bad("--emu: empty path", "--emu", "", "x", NULL);
	expect_bad("missing COMMAND", NULL);
	expect_bad("missing COMMAND", "--net", "nat", "--", NULL);
	expect_bad("COMMAND: empty", "--", "", NULL);
}

static void test_command_starts(void **state)
{
	struct run_opts o;

	(void)state;
	/* the first non-option word starts COMMAND; its options are its own */
	assert_int_equal(parse(&o, "sh", "--net", "x", NULL), 0);
	assert_int_equal(o.n_nets, 1);
	assert_false(o.nets_given);
	assert_string_equal(o.cmd[1], "--net");
	/* QEMU's own network options (--net is -net) replace the default nat */
	assert_int_equal(parse(&o, "qemu-system-x86_64", "--net", "x", NULL), 0);
	assert_int_equal(o.n_nets, 0);
	assert_string_equal(o.cmd[1], "--net");
	assert_int_equal(parse(&o, "qemu-system-x86_64", "-redir", "tcp:1::2", NULL), 0);
	assert_int_equal(o.n_nets, 0);
	assert_int_equal(parse(&o, "--net", "none", "qemu-system-x86_64", "-net", "nic", NULL), 0);
	assert_int_equal(o.n_nets, 1);
	assert_true(o.nets_given);
	assert_int_equal(o.nets[0].kind, NET_NONE);
	/* a value that looks like one is not */
	assert_int_equal(parse(&o, "qemu-system-x86_64", "-append", "-net", NULL), 0);
	assert_int_equal(o.n_nets, 1);
	expect_bad("--forward: needs a --net nat (COMMAND's own network options replace the default one)",
		   "--forward", "tcp:1-:2", "qemu-system-x86_64", "-net", "nic", NULL);
	/* "-" alone is a word, not an option */
	assert_int_equal(parse(&o, "-", NULL), 0);
	assert_string_equal(o.cmd[0], "-");
	/* after "--", everything is COMMAND */
	assert_int_equal(parse(&o, "--", "--net", NULL), 0);
	assert_string_equal(o.cmd[0], "--net");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_nat),
		cmocka_unit_test(test_all_options),
		cmocka_unit_test(test_models),
		cmocka_unit_test(test_help_version),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_command_starts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
