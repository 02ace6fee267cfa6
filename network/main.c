// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - guestnet-network: bring guestnet networks up and down
 *
 * Usage: guestnet-network [--config-dir DIR] [--run-dir DIR]
 *                         up|down|status [NAME]
 *        guestnet-network --help | --version
 *
 * Root only. NAME is a definition DIR/NAME.conf (DIR defaults to the
 * build-time networks_dir); without NAME the command applies to every
 * definition. The run directory (default /run/guestnet) holds each
 * network's state file and dnsmasq's files. Exit status: 0, 1 with a
 * message on stderr (status: 1 if a network that is up lacks a part), or
 * 2 for bad arguments.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "lifecycle.h"
#include "log.h"
#include "netdef.h"
#include "netdef_file.h"

#ifndef GUESTNET_VERSION
#error "GUESTNET_VERSION must be set by the build"
#endif
#ifndef GN_NETWORKS_DIR
#error "GN_NETWORKS_DIR must be set by the build"
#endif
#define GN_RUN_DIR	"/run/guestnet"

enum cmd { CMD_UP, CMD_DOWN, CMD_STATUS };

struct opts {
	const char *config_dir;
	const char *run_dir;
	enum cmd cmd;
	const char *name;
};

static const char usage[] =
	"Usage: guestnet-network [--config-dir DIR] [--run-dir DIR] up|down|status [NAME]\n"
	"       guestnet-network --help | --version\n";

static const char help[] =
	"Set guestnet networks up or down (root only).\n"
	"\n"
	"Commands (without NAME: every definition in the directory):\n"
	"  up [NAME]         bridge, address, nftables rules, dnsmasq (re-applies\n"
	"                    the rules of a network that is up)\n"
	"  down [NAME]       undo what up did\n"
	"  status [NAME]     show each part; exit 1 if one is missing\n"
	"\n"
	"Options:\n"
	"  --config-dir DIR  read DIR/NAME.conf (default " GN_NETWORKS_DIR ")\n"
	"  --run-dir DIR     state and dnsmasq files (default " GN_RUN_DIR ")\n"
	"  --help            print this help and exit\n"
	"  --version         print the version and exit\n";

static int parse_args(int argc, char **argv, struct opts *o)
{
	int i = 1;

	o->config_dir = GN_NETWORKS_DIR;
	o->run_dir = GN_RUN_DIR;
	for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			fputs(help, stdout);
			return 1;
		}
		if (!strcmp(argv[i], "--version")) {
			puts("guestnet-network " GUESTNET_VERSION);
			return 1;
		}
		if (i + 1 < argc && !strcmp(argv[i], "--config-dir"))
			o->config_dir = argv[++i];
		else if (i + 1 < argc && !strcmp(argv[i], "--run-dir"))
			o->run_dir = argv[++i];
		else
			goto bad;
	}
	if (i >= argc || argc - i > 2)
		goto bad;
	if (!strcmp(argv[i], "up"))
		o->cmd = CMD_UP;
	else if (!strcmp(argv[i], "down"))
		o->cmd = CMD_DOWN;
	else if (!strcmp(argv[i], "status"))
		o->cmd = CMD_STATUS;
	else
		goto bad;
	o->name = argc - i == 2 ? argv[i + 1] : NULL;
	return 0;
bad:
	err("bad arguments");
	fputs(usage, stderr);
	return -EINVAL;
}

static int run_one(const struct netdef *nd, const char *path, void *opaque)
{
	const struct opts *o = opaque;
	int ret;

	(void)path;
	switch (o->cmd) {
	case CMD_UP:
		ret = net_up(nd, o->run_dir);
		break;
	case CMD_DOWN:
		ret = net_down(nd, o->run_dir);
		break;
	default:
		ret = net_status(nd, o->run_dir, stdout) ? -EIO : 0;
		break;
	}
	return ret < 0 ? ret : 0;
}

static int run(const struct opts *o)
{
	struct netdef nd;
	char msg[512];
	int ret;

	if (o->name) {
		ret = netdef_load(o->config_dir, o->name, &nd, msg, sizeof(msg));
		if (ret) {
			err("%s", msg);
			return ret;
		}
		return run_one(&nd, NULL, (void *)o);
	}
	ret = netdef_scan(o->config_dir, run_one, (void *)o, msg, sizeof(msg));
	if (ret < 0 && msg[0])
		err("%s", msg);
	return ret < 0 ? ret : 0;
}

int main(int argc, char **argv)
{
	struct opts o;
	int ret;

	log_init("guestnet-network", LOG_DAEMON);
	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret > 0 ? 0 : 2;
	if (geteuid() != 0) {
		err("must be run as root");
		return 1;
	}
	umask(022);
	if (o.cmd == CMD_UP && mkdir(o.run_dir, 0755) && errno != EEXIST) {
		err("cannot create %s: %s", o.run_dir, errstr(errno));
		return 1;
	}
	return run(&o) ? 1 : 0;
}
