/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmdline.h - guestnet-emu's command line */
#ifndef GN_CMDLINE_H
#define GN_CMDLINE_H

#include <stdbool.h>

/**
 * enum cmd_kind - which option an argument came with
 * @CMD_NETDEV:	-netdev
 * @CMD_NET:	-net (legacy)
 * @CMD_HUB:	-hub
 * @CMD_OBJECT:	-object
 * @CMD_DUMP:	-dump
 * @CMD_CONTROL: -control
 * @CMD_NIC:	-nic (a port on a new hub)
 * @CMD_REDIR:	-redir (old QEMU's host forward)
 */
enum cmd_kind {
	CMD_NETDEV, CMD_NET, CMD_HUB, CMD_OBJECT, CMD_DUMP, CMD_CONTROL, CMD_NIC, CMD_REDIR
};

/**
 * struct cmd_item - one option with its argument, in command-line order
 * @kind:	option
 * @arg:	its argument (points into argv)
 */
struct cmd_item {
	enum cmd_kind kind;
	const char *arg;
};

/**
 * struct cmdline - the parsed command line
 * @items:	options that configure the network, in order
 * @n:		number of @items
 * @pidfile:	-pidfile PATH, or NULL
 * @daemonize:	-daemonize
 * @verbosity:	-1 for -q, 0 default, 1 or more for -v
 * @run_argv:	COMMAND after "--" (for ports that run one), or NULL
 * @sandbox_off: -sandbox off
 * @allow_root:	--allow-root
 * @test_forbidden_syscall: --test-forbidden-syscall (tests only, hidden)
 */
struct cmdline {
	struct cmd_item *items;
	unsigned int n;
	const char *pidfile;
	bool daemonize;
	int verbosity;
	char **run_argv;
	bool sandbox_off;
	bool allow_root;
	bool test_forbidden_syscall;
};

void cmdline_parse(int argc, char **argv, struct cmdline *cl);
void cmdline_free(struct cmdline *cl);
const char *cmdline_option_name(enum cmd_kind kind);

#endif /* GN_CMDLINE_H */
