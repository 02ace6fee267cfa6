// SPDX-License-Identifier: GPL-2.0-or-later
/* main.c - guestnet-slirp4netns: slirp4netns' command line and API socket
 * in front of guestnet's user-mode NAT
 *
 * DOC: Theory of operation
 *
 * RootlessKit, rootless Docker and Podman run slirp4netns with a target
 * (a process, a namespace file, or a tap descriptor) and a tap name; this
 * program takes the same command line (s4n_options.c) and runs
 * guestnet-emu's core instead of slirp4netns' loop, in this order:
 *
 * 1. parse; -h/-v, and every error, as slirp4netns (exit status 1);
 * 2. pid mode: a pidfd of the target (s4n_watch.c);
 * 3. the event loop, signals (SIGTERM, SIGINT, SIGHUP end it cleanly);
 * 4. one hub: the NAT (s4n_nat.c: a -netdev user port with the
 *    window-scaling relay) and the target's tap (s4n_tap.c: joined through
 *    emu's netns machinery, or the fd handed over);
 * 5. slirp4netns' banner on stdout; the API socket (s4n_server.c) if -a;
 * 6. the exit fd and the target on the loop;
 * 7. the sandbox (emu/sandbox.c), always: capabilities dropped,
 *    no_new_privs, guestnet's seccomp allow-list; with --enable-sandbox
 *    also a root of /etc and /run alone, read-only (libslirp reads
 *    /etc/resolv.conf); --enable-seccomp is accepted (the allow-list is
 *    always on, and stricter than slirp4netns' deny-list);
 * 8. "1" on the ready fd (-r), then the loop until the exit fd, the target
 *    or a signal ends it (status 0); the API socket is removed.
 *
 * Unlike guestnet-emu it runs as root too (rootful callers run
 * slirp4netns as root); the sandbox drops every capability all the same.
 */
#include <ifaddrs.h>
#include <jansson.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <slirp/libslirp.h>

#include "../seccomp/emu.h"
#include "chunk.h"
#include "cmdline.h"
#include "daemon.h"
#include "hub.h"
#include "log.h"
#include "loop.h"
#include "netdev.h"
#include "optstring.h"
#include "port.h"
#include "port_user.h"
#include "s4n_api.h"
#include "s4n_nat.h"
#include "s4n_options.h"
#include "s4n_server.h"
#include "s4n_tap.h"
#include "s4n_watch.h"
#include "sandbox.h"
#include "xalloc.h"

#define S4N_EXIT_FAILURE	1
#define S4N_ERR_LEN		512

static const char *const sandbox_dirs[] = { "/etc", "/run", NULL };

/* -h, -v, or an error: print what slirp4netns prints, exit as it does */
static void __attribute__((noreturn)) s4n_exit_early(enum s4n_parse_result r,
						      const char *argv0)
{
	const struct scmp_version *sv = seccomp_version();
	struct s4n_version_info v = {
		.libslirp = slirp_version_string(),
		.config_version_max = SLIRP_CONFIG_VERSION_MAX,
	};
	char scmp[32];

	switch (r) {
	case S4N_HELP:
		s4n_print_usage(stdout, argv0);
		exit(0);
	case S4N_VERSION:
		if (sv) {
			snprintf(scmp, sizeof(scmp), "%u.%u.%u", sv->major, sv->minor,
				 sv->micro);
			v.libseccomp = scmp;
		}
		s4n_print_version(stdout, &v);
		exit(0);
	case S4N_USAGE_ERROR:
		s4n_print_usage(stdout, argv0);
		exit(S4N_EXIT_FAILURE);
	default:
		exit(S4N_EXIT_FAILURE);
	}
}

/* Parse the command line into @o; returns only to run */
static void s4n_parse(struct s4n_options *o, int argc, char **argv)
{
	struct ifaddrs *ifa = NULL;
	enum s4n_parse_result r;

	if (getifaddrs(&ifa) < 0)
		ifa = NULL;	/* --outbound-addr takes addresses then */
	r = s4n_options_parse(o, argc, argv, ifa, stdout, stderr);
	if (ifa)
		freeifaddrs(ifa);
	if (r != S4N_RUN)
		s4n_exit_early(r, o->argv0);
}

/* What the sandbox must leave, declared as a port type declares it */
static void s4n_sandbox_plan(const struct s4n_options *o)
{
	struct cmdline none;
	struct netdev_needs needs;
	struct opts msg = { .option = "slirp4netns" };

	memset(&none, 0, sizeof(none));
	sandbox_plan(&none);
	memset(&needs, 0, sizeof(needs));
	if (o->sandbox)
		sandbox_keep_dirs(sandbox_dirs);
	else
		netdev_need(&needs, NEED_FS, NULL, NULL,
			    "slirp4netns without --enable-sandbox (libslirp "
			    "reads /etc/resolv.conf)");
	if (sandbox_admit(&msg, "slirp4netns", &needs) < 0)
		die(S4N_EXIT_FAILURE, "sandbox: %s", msg.err);
	if (o->api_socket)
		sandbox_allow(SECCOMP_EMU_UNLINKAT);
}

/* The network, TAPNAME, -c: the hub's two ports (the NAT first: a
 * configuration libslirp refuses leaves the target untouched) */
static void s4n_ports(const struct s4n_options *o, struct s4n_nat *nat)
{
	struct hub *h = hub_get(0);
	char err[S4N_ERR_LEN] = "";

	if (s4n_nat_open(nat, o, h, err, sizeof(err)) < 0)
		die(S4N_EXIT_FAILURE, "NAT: %s", err);
	if (s4n_tap_open(o, h, err, sizeof(err)) < 0) {
		if (o->tapname)
			die(S4N_EXIT_FAILURE, "tap %s: %s", o->tapname, err);
		die(S4N_EXIT_FAILURE, "%s", err);
	}
}

static void s4n_loop_init(void)
{
	int ret = loop_init();

	if (ret < 0)
		die(S4N_EXIT_FAILURE, "epoll: %s", errstr(ret));
	loop_add_batch_hook(user_poll_all);
	loop_add_batch_hook(port_flush_all);
	loop_add_batch_hook(user_fill_all);
	ret = daemon_signals();
	if (ret < 0)
		die(S4N_EXIT_FAILURE, "signals: %s", errstr(ret));
}

/* A start-up failure once the API socket exists: remove it, exit 1 */
static void __attribute__((noreturn)) s4n_fail(const char *err)
{
	s4n_server_close();
	die(S4N_EXIT_FAILURE, "%s", err);
}

static void s4n_shutdown(struct s4n_api *api)
{
	s4n_server_close();
	s4n_api_fini(api);
	port_close_all();
	hub_free_all();
	chunk_pool_trim();
	loop_fini();
}

int main(int argc, char **argv)
{
	static struct s4n_nat nat;
	struct s4n_options o;
	char err[S4N_ERR_LEN] = "";
	struct s4n_api api;
	int ret;

	log_init("guestnet-slirp4netns", LOG_DAEMON);
	s4n_parse(&o, argc, argv);
	json_set_alloc_funcs(xmalloc, free);	/* out of memory is fatal */
	json_object_seed(0);	/* reads /dev/urandom: before the sandbox */
	if (o.netns_type == S4N_NETNS_PID &&
	    s4n_watch_target_open(o.target_pid, err, sizeof(err)) < 0)
		die(S4N_EXIT_FAILURE, "%s", err);
	s4n_loop_init();
	s4n_ports(&o, &nat);
	s4n_print_banner(stdout, &o);
	fflush(stdout);
	s4n_api_init(&api, &s4n_nat_ops, &nat, o.net.guest);
	if (o.api_socket && s4n_server_open(o.api_socket, &api, err, sizeof(err)) < 0)
		die(S4N_EXIT_FAILURE, "%s", err);
	if ((o.exit_fd >= 0 && s4n_watch_exit_fd(o.exit_fd, err, sizeof(err)) < 0) ||
	    s4n_watch_target(err, sizeof(err)) < 0)
		s4n_fail(err);
	s4n_sandbox_plan(&o);
	sandbox_enter();
	if (o.ready_fd >= 0 && s4n_ready(o.ready_fd, err, sizeof(err)) < 0)
		s4n_fail(err);
	ret = loop_run();
	s4n_shutdown(&api);
	return ret;
}
