// SPDX-License-Identifier: GPL-2.0-or-later
/* cmdline.c - guestnet-emu's command line
 *
 * Options take QEMU's forms: single or double dash, argument in the next
 * word. Network options are only collected here, in order; main.c applies
 * them once all are known (hubs first, then ports, then dumps).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "cmdline.h"
#include "log.h"
#include "xalloc.h"

#define EXIT_USAGE	2

static const struct {
	const char *name;
	enum cmd_kind kind;
} cmd_options[] = {
	{ "netdev", CMD_NETDEV },
	{ "net", CMD_NET },
	{ "hub", CMD_HUB },
	{ "object", CMD_OBJECT },
	{ "dump", CMD_DUMP },
	{ "control", CMD_CONTROL },
	{ "nic", CMD_NIC },
	{ "redir", CMD_REDIR },
};

static void usage(FILE *f)
{
	fputs("Usage: guestnet-emu [OPTION]... [-- COMMAND [ARG]...]\n"
	      "A virtual network of hubs and switches joining QEMU-compatible links.\n"
	      "\n"
	      "  -netdev TYPE,id=NAME[,hub=N][,KEY=VALUE]...  add a port on hub N (default 0)\n"
	      "  -net TYPE[,vlan=N|hub=N][,KEY=VALUE]...      the same, legacy form\n"
	      "  -nic [TYPE][,id=NAME][,KEY=VALUE]...  a port on a new hub of its own\n"
	      "                                  (TYPE user if not given; none: nothing)\n"
	      "  -redir [tcp|udp]:HOSTPORT:[GUESTADDR]:GUESTPORT\n"
	      "                                  old QEMU's host forward, into the first\n"
	      "                                  user port (as hostfwd=tcp::HOSTPORT-...)\n"
	      "  -hub N[,mode=hub|switch][,ageing=SECONDS]    configure hub N\n"
	      "  -object filter-dump,id=F,netdev=NAME,file=PATH[,maxlen=BYTES]\n"
	      "                                  write a port's frames to a pcap file\n"
	      "  -dump hub=N,file=PATH[,maxlen=BYTES]  write all frames of hub N to a pcap file\n"
	      "  -control PATH                   JSON control socket\n"
	      "  -pidfile PATH                   write the process id to PATH, locked while\n"
	      "                                  running (a second emulator is refused)\n"
	      "  -daemonize                      detach once every port is open\n"
	      "  -sandbox on|off                 isolate after start-up (default on;\n"
	      "                                  off is for debugging, docs/SECURITY.md)\n"
	      "  --allow-root                    run even as root\n"
	      "  -v, -q                          more, or fewer, messages\n"
	      "  -h, --help                      this text\n"
	      "  -V, --version                   version\n"
	      "\n"
	      "Port types:\n"
	      "  socket   listen=[HOST]:PORT | connect=HOST:PORT | mcast=GROUP:PORT[,localaddr=ADDR]\n"
	      "           | udp=HOST:PORT,localaddr=HOST:PORT | fd=N\n"
	      "  stream   server=on|off,addr.type=inet,addr.host=H,addr.port=P\n"
	      "           | addr.type=unix,addr.path=PATH | addr.type=fd,addr.str=N [,reconnect=S]\n"
	      "  dgram    local.type=inet|unix|fd,local.*=..,remote.type=inet|unix,remote.*=..\n"
	      "  hubport  hubid=N[,netdev=NAME]\n"
	      "  user     user-mode NAT: net=,host=,dhcpstart=,dns=,dnssearch=,domainname=,\n"
	      "           hostname=,restrict=,tftp=,bootfile=,hostfwd=,guestfwd=,ipv4=,ipv6=,\n"
	      "           ipv6-net=,ipv6-host=,ipv6-dns=,mtu=,wscale=,\n"
	      "           smb=DIR[,smbserver=ADDR] (smbd shares DIR as \\\\ADDR\\qemu)\n"
	      "  netns    a tap in a new network namespace running the command after '--'\n"
	      "           (or cmd=, or pid=): ifname=,mac=,mtu=,addr=,gateway=\n"
	      "  tap      fd=N[,vnet_hdr=] | ifname=NAME[,script=PATH|no][,downscript=PATH|no]\n"
	      "  bridge   br=BRIDGE[,helper=PATH]  (a tap from guestnet-bridge-helper)\n"
	      "  vde      sock=DIR|URL[,port=N][,group=G][,mode=OCTAL]  a VDE plug (libvdeplug:\n"
	      "           a vde_switch directory, vxvde://, vxlan://, udp://, ptp://, hub://...)\n"
	      "  vdeswitch sock=DIR[,mode=OCTAL][,group=G]  serve vde_switch's protocol on\n"
	      "           DIR/ctl: each VDE client is a port ID.N\n"
	      "\n"
	      "Signals: SIGUSR1 logs every port's counters; SIGTERM/SIGINT exit.\n", f);
}

/**
 * cmdline_option_name() - the option an item came with, for messages
 * @kind:	option
 *
 * Return: e.g. "-netdev"
 */
const char *cmdline_option_name(enum cmd_kind kind)
{
	static const char *const names[] = {
		[CMD_NETDEV] = "-netdev", [CMD_NET] = "-net", [CMD_HUB] = "-hub",
		[CMD_OBJECT] = "-object", [CMD_DUMP] = "-dump", [CMD_CONTROL] = "-control",
		[CMD_NIC] = "-nic", [CMD_REDIR] = "-redir",
	};

	return names[kind];
}

static void cmdline_add(struct cmdline *cl, enum cmd_kind kind, const char *arg)
{
	cl->items = xreallocarray(cl->items, cl->n + 1, sizeof(*cl->items));
	cl->items[cl->n].kind = kind;
	cl->items[cl->n].arg = arg;
	cl->n++;
}

static bool cmdline_item(struct cmdline *cl, const char *name, const char *arg)
{
	for (size_t i = 0; i < ARRAY_SIZE(cmd_options); i++) {
		if (strcmp(name, cmd_options[i].name))
			continue;
		if (!arg)
			die(EXIT_USAGE, "option -%s needs an argument", name);
		cmdline_add(cl, cmd_options[i].kind, arg);
		return true;
	}
	return false;
}

/**
 * cmdline_parse() - read argv; exits on --help, --version and errors
 * @argc:	argument count
 * @argv:	arguments (kept by pointer)
 * @cl:		result
 */
void cmdline_parse(int argc, char **argv, struct cmdline *cl)
{
	memset(cl, 0, sizeof(*cl));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *name;

		if (!strcmp(a, "--")) {
			if (i + 1 < argc)
				cl->run_argv = &argv[i + 1];
			return;
		}
		if (a[0] != '-' || !a[1])
			die(EXIT_USAGE, "unexpected argument '%s' (try --help)", a);
		name = a + (a[1] == '-' ? 2 : 1);
		if (cmdline_item(cl, name, argv[i + 1])) {
			i++;
		} else if (!strcmp(name, "pidfile")) {
			if (!argv[i + 1])
				die(EXIT_USAGE, "option -pidfile needs an argument");
			cl->pidfile = argv[++i];
		} else if (!strcmp(name, "daemonize")) {
			cl->daemonize = true;
		} else if (!strcmp(name, "sandbox")) {
			if (!argv[i + 1] || (strcmp(argv[i + 1], "on") &&
					     strcmp(argv[i + 1], "off")))
				die(EXIT_USAGE, "option -sandbox needs 'on' or 'off'");
			cl->sandbox_off = !strcmp(argv[++i], "off");
		} else if (!strcmp(name, "allow-root")) {
			cl->allow_root = true;
		} else if (!strcmp(name, "test-forbidden-syscall")) {
			cl->test_forbidden_syscall = true;
		} else if (!strcmp(name, "v")) {
			cl->verbosity++;
		} else if (!strcmp(name, "q")) {
			cl->verbosity = -1;
		} else if (!strcmp(name, "h") || !strcmp(name, "help")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(name, "V") || !strcmp(name, "version")) {
			printf("guestnet-emu %s\n", GUESTNET_VERSION);
			exit(0);
		} else {
			die(EXIT_USAGE, "unknown option '%s' (try --help)", a);
		}
	}
}

/**
 * cmdline_free() - free what cmdline_parse() allocated
 * @cl:	command line
 */
void cmdline_free(struct cmdline *cl)
{
	free(cl->items);
	cl->items = NULL;
	cl->n = 0;
}
