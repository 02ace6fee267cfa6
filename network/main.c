// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - guestnet-network: bring guestnet networks up and down
 *
 * Usage: guestnet-network [--config-dir DIR] [--run-dir DIR]
 *                         up|down|status [NAME]
 *
 * Root only. NAME is a definition DIR/NAME.conf (DIR defaults to the
 * build-time networks_dir); without NAME the command applies to every
 * definition. The run directory (default /run/guestnet) holds each
 * network's state file and dnsmasq's files. Exit status: 0, or 1 with a
 * message on stderr (status: 1 if a network that is up lacks a part).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lifecycle.h"
#include "netdef.h"
#include "netdef_file.h"

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
	"Usage: guestnet-network [--config-dir DIR] [--run-dir DIR] up|down|status [NAME]\n";

static int parse_args(int argc, char **argv, struct opts *o)
{
	int i = 1;

	o->config_dir = GN_NETWORKS_DIR;
	o->run_dir = GN_RUN_DIR;
	for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
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
	fprintf(stderr, "guestnet-network: bad arguments\n%s", usage);
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
			fprintf(stderr, "guestnet-network: %s\n", msg);
			return ret;
		}
		return run_one(&nd, NULL, (void *)o);
	}
	ret = netdef_scan(o->config_dir, run_one, (void *)o, msg, sizeof(msg));
	if (ret < 0 && msg[0])
		fprintf(stderr, "guestnet-network: %s\n", msg);
	return ret < 0 ? ret : 0;
}

int main(int argc, char **argv)
{
	struct opts o;
	int ret = parse_args(argc, argv, &o);

	if (ret)
		return ret > 0 ? 0 : 1;
	if (geteuid() != 0) {
		fprintf(stderr, "guestnet-network: must be run as root\n");
		return 1;
	}
	umask(022);
	if (o.cmd == CMD_UP && mkdir(o.run_dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "guestnet-network: cannot create %s: %s\n",
			o.run_dir, strerror(errno));
		return 1;
	}
	return run(&o) ? 1 : 0;
}
