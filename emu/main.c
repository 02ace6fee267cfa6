// SPDX-License-Identifier: GPL-2.0-or-later
/* main.c - guestnet-emu: an unprivileged emulator of virtual networks
 *
 * Order of work: read the command line; configure hubs (-hub); open ports
 * (-netdev, -net, -nic) in command-line order; add -redir forwards to the
 * first user port; attach dumps (-object
 * filter-dump, -dump); detach if asked; write the pid file; enter the
 * sandbox (sandbox.c); run the loop.
 * Any option error is one line naming the option and key, exit status 2.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "chunk.h"
#include "cmdline.h"
#include "control.h"
#include "daemon.h"
#include "frame.h"
#include "hub.h"
#include "log.h"
#include "loop.h"
#include "netdev.h"
#include "objects.h"
#include "optstring.h"
#include "pcap.h"
#include "port.h"
#include "port_netns.h"
#include "port_user.h"
#include "sandbox.h"
#include "stats.h"

#define EXIT_USAGE	2

static const char *implied_key(enum cmd_kind kind)
{
	switch (kind) {
	case CMD_NETDEV:
	case CMD_NET:
	case CMD_NIC:
		return "type";
	case CMD_HUB:
		return "id";
	case CMD_OBJECT:
		return "qom-type";
	default:
		return NULL;
	}
}

static int apply_item(const struct cmd_item *it, struct opts *o)
{
	switch (it->kind) {
	case CMD_HUB:
		return object_hub(o);
	case CMD_NETDEV:
		return netdev_add(o, false);
	case CMD_NET:
		return netdev_add(o, true);
	case CMD_NIC:
		return netdev_add_nic(o);
	case CMD_OBJECT:
		return object_add(o);
	case CMD_DUMP:
		return object_hub_dump(o);
	case CMD_CONTROL:
		return control_open(it->arg, o);
	case CMD_REDIR:
		break;	/* apply_redirs() */
	}
	return 0;
}

/* Apply every item of one phase; exit 2 with the first error */
static void apply_phase(const struct cmdline *cl, bool (*in_phase)(enum cmd_kind))
{
	for (unsigned int i = 0; i < cl->n; i++) {
		const struct cmd_item *it = &cl->items[i];
		struct opts o;
		int ret;

		if (!in_phase(it->kind))
			continue;
		ret = opts_parse(&o, cmdline_option_name(it->kind), it->arg,
				 implied_key(it->kind));
		if (!ret)
			ret = apply_item(it, &o);
		if (ret < 0) {
			if (o.err[0])
				die(EXIT_USAGE, "%s", o.err);
			die(EXIT_USAGE, "%s %s: %s", cmdline_option_name(it->kind),
			    it->arg, errstr(ret));
		}
		opts_free(&o);
	}
}

/* Before any port: the hubs options name, which -nic leaves alone */
static void note_named_hubs(const struct cmdline *cl)
{
	for (unsigned int i = 0; i < cl->n; i++) {
		const struct cmd_item *it = &cl->items[i];
		struct opts o;

		if (it->kind != CMD_NETDEV && it->kind != CMD_NET && it->kind != CMD_HUB)
			continue;
		if (!opts_parse(&o, cmdline_option_name(it->kind), it->arg,
				implied_key(it->kind)))
			netdev_note_hubs(&o);
		opts_free(&o);
	}
}

/* Once every port is open: -redir into the first user port */
static void apply_redirs(const struct cmdline *cl)
{
	for (unsigned int i = 0; i < cl->n; i++) {
		char err[200];

		if (cl->items[i].kind != CMD_REDIR)
			continue;
#ifdef GUESTNET_NAT
		if (user_redir_add(cl->items[i].arg, err, sizeof(err)) < 0)
#else
		snprintf(err, sizeof(err), "guestnet-emu was built without user-mode NAT");
#endif
			die(EXIT_USAGE, "-redir %s: %s", cl->items[i].arg, err);
	}
}

static bool phase_hubs(enum cmd_kind k)
{
	return k == CMD_HUB;
}

static bool phase_ports(enum cmd_kind k)
{
	return k == CMD_NETDEV || k == CMD_NET || k == CMD_NIC || k == CMD_CONTROL;
}

static bool phase_dumps(enum cmd_kind k)
{
	return k == CMD_OBJECT || k == CMD_DUMP;
}

static void shutdown_all(void)
{
	if (log_level_is_verbose())
		stats_log_all();
	port_close_all();
	hub_free_all();
	pcap_flush_all();
	chunk_pool_trim();
	daemon_pidfile_remove();
	loop_fini();
}

int main(int argc, char **argv)
{
	struct cmdline cl;
	int ready_fd = -1, ret;
	char why[128];

	log_init("guestnet-emu", LOG_DAEMON);
	cmdline_parse(argc, argv, &cl);
	log_set_level(cl.verbosity < 0 ? LOG_LVL_ERR :
		      cl.verbosity > 1 ? LOG_LVL_DEBUG :
		      cl.verbosity == 1 ? LOG_LVL_INFO : LOG_LVL_WARN);
	sandbox_check_root(cl.allow_root);
	sandbox_plan(&cl);
	netns_set_command(cl.run_argv);
	ret = loop_init();
	if (ret < 0)
		die(1, "epoll: %s", errstr(ret));
#ifdef GUESTNET_NAT
	loop_add_batch_hook(user_poll_all);
#endif
	loop_add_batch_hook(port_flush_all);
#ifdef GUESTNET_NAT
	loop_add_batch_hook(user_fill_all);
#endif
	ret = daemon_signals();
	if (ret < 0)
		die(1, "signals: %s", errstr(ret));
	note_named_hubs(&cl);
	apply_phase(&cl, phase_hubs);
	apply_phase(&cl, phase_ports);
	apply_redirs(&cl);
	apply_phase(&cl, phase_dumps);
	if (netns_command_unused())
		die(EXIT_USAGE, "a command after '--' needs a -netdev netns port to run it");
	if (cl.daemonize && cl.run_argv)
		die(EXIT_USAGE, "-daemonize: not with a command to run");
	if (cl.daemonize) {
		ready_fd = daemon_detach();
		if (ready_fd < 0)
			die(1, "-daemonize: %s", errstr(ready_fd));
	}
	if (cl.pidfile && daemon_pidfile(cl.pidfile, why, sizeof(why)) < 0)
		die(1, "-pidfile %s: %s", cl.pidfile, why);
	sandbox_enter();
	if (ready_fd >= 0)
		daemon_ready(ready_fd);
	ret = loop_run();
	shutdown_all();
	cmdline_free(&cl);
	return ret;
}
