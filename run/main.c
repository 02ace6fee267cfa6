// SPDX-License-Identifier: GPL-2.0-or-later
/* main.c - guestnet: run a VM or any command on a guestnet network
 *
 * guestnet run [--net SPEC]... [OPTION]... -- COMMAND [ARG]...
 *
 * Sets up one link per --net (nat: a private guestnet-emu; none: no link;
 * internal:NAME: the user's shared hub NAME; vde:URL: a private
 * guestnet-emu plugged into the VDE network URL; NAME: a tap on the bridge
 * of network definition NAME, from the bridge helper), hands them to COMMAND
 * (QEMU options for qemu-system-*, GUESTNET_NET* variables for all), runs
 * COMMAND, cleans up and exits with COMMAND's status. A qemu-system-*
 * COMMAND's own network options (-net, -netdev, -nic, -redir, old vlan=
 * included) are translated (qnet.c): their backends run in a private
 * guestnet-emu of their own, and QEMU gets streams to it. Exit status 2 for a
 * bad option, 1 if a link cannot be set up, 126/127 if COMMAND cannot be
 * executed. Paths compiled in: GN_EMU_PATH, GN_HELPER_PATH,
 * GN_NETWORKS_DIR (see run/meson.build).
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "command.h"
#include "helper_client.h"
#include "internal.h"
#include "launch_emu.h"
#include "log.h"
#include "netconf.h"
#include "nic.h"
#include "options.h"
#include "proc.h"
#include "qemu_args.h"
#include "qnet.h"
#include "rundir.h"
#include "strv.h"

#define EXIT_USAGE	2
#define HELPER_MS	5000	/* the bridge helper may take this long */

/**
 * struct launch - everything one `guestnet run` set up
 * @o:		the options
 * @emu:	path of guestnet-emu
 * @helper:	path of the bridge helper
 * @base:	runtime directory ("" until needed)
 * @nat:	the private emulator of the nat NICs
 * @vde:	the private emulator of the vde:URL NICs
 * @q:		COMMAND with its own network options translated
 * @qemu_net:	the private emulator of their backends
 * @internal:	hub membership of each NIC that is internal:NAME
 * @nics:	the NICs
 * @n:		how many are set up
 */
struct launch {
	struct run_opts o;
	const char *emu;
	const char *helper;
	char base[PATH_MAX];
	struct emu_nat nat;
	struct emu_nat vde;
	struct qnet q;
	struct emu_priv qemu_net;
	struct internal_hub internal[RUN_MAX_NETS];
	struct nic nics[RUN_MAX_NETS];
	unsigned int n;
};

static const char usage_text[] =
	"Usage: guestnet run [--net SPEC]... [OPTION]... [--] COMMAND [ARG]...\n"
	"Run COMMAND (a qemu-system-* VM, or any program) with guestnet network links.\n"
	"\n"
	"  --net SPEC        a NIC; repeatable, default one 'nat' (none if a QEMU\n"
	"                    COMMAND has network options of its own). SPEC is\n"
	"                      nat            user-mode NAT of a private guestnet-emu\n"
	"                      none           a NIC with no link (cable unplugged)\n"
	"                      internal:NAME  your hub NAME, shared by your launches\n"
	"                      vde:URL        the VDE network URL: a vde_switch directory,\n"
	"                                     vxvde://GROUP, vxlan://..., udp://... (libvdeplug)\n"
	"                      NAME           a tap on guestnet network NAME's bridge\n"
	"  --model MODEL     virtio (default), e1000 or rtl8139 (QEMU, --net NICs)\n"
	"  --mac MAC         the MAC of the next --net NIC (repeatable; default random\n"
	"                    52:54:00:xx:xx:xx)\n"
	"  --forward PROTO:[HOSTADDR:]HOSTPORT-[GUESTADDR]:GUESTPORT\n"
	"                    host forward into the first nat NIC (tcp or udp)\n"
	"  --helper PATH     bridge helper (default $GUESTNET_BRIDGE_HELPER, else\n"
	"                    " GN_HELPER_PATH ")\n"
	"  --emu PATH        guestnet-emu (default $GUESTNET_EMU, else\n"
	"                    " GN_EMU_PATH ")\n"
	"  -v, --verbose     say what is set up\n"
	"  -h, --help        this text\n"
	"      --version     the version\n"
	"\n"
	"A qemu-system-* COMMAND's own -net, -netdev, -nic and -redir options, old\n"
	"vlan=N included, are translated: vlan N is hub N of a private guestnet-emu\n"
	"that runs the backends it implements, and QEMU gets a -netdev stream and a\n"
	"-device per NIC (QEMU's default model and MACs); the rest stays in QEMU.\n"
	"\n"
	"Network definitions: " GN_NETWORKS_DIR "/NAME.conf\n"
	"COMMAND gets GUESTNET_NETS and GUESTNET_NETi_{MODE,NAME,TYPE,PATH,CONTROL,\n"
	"FD,VNET_HDR,BRIDGE,IFNAME,MAC} (--net NICs), GUESTNET_QEMU_CONTROL (the\n"
	"emulator of its own options); see docs/run.md.\n";

static void usage(void)
{
	fputs(usage_text, stdout);
}

static const char *pick_path(const char *opt, const char *env, const char *builtin)
{
	const char *e = getenv(env);

	if (opt)
		return opt;
	return e && *e ? e : builtin;
}

static int need_base(struct launch *l, char *err, size_t errlen)
{
	if (l->base[0])
		return 0;
	return rundir_base(l->base, sizeof(l->base), err, errlen);
}

static unsigned int count_nat(const struct run_opts *o)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < o->n_nets; i++)
		n += o->nets[i].kind == NET_NAT;
	return n;
}

/* Start the emulator of every vde:URL NIC, in --net order */
static int start_vde(struct launch *l, char *err, size_t errlen)
{
	const char *urls[RUN_MAX_NETS];
	unsigned int n = 0;
	int ret;

	for (unsigned int i = 0; i < l->o.n_nets; i++)
		if (l->o.nets[i].kind == NET_VDE)
			urls[n++] = l->o.nets[i].url;
	ret = need_base(l, err, errlen);
	if (!ret)
		ret = emu_vde_start(&l->vde, l->emu, l->base, urls, n, err, errlen);
	return ret;
}

/* A tap on @bridge from the helper; -errno with err set */
static int bridge_tap(const char *helper, const char *bridge, struct helper_tap *t,
		      char *err, size_t errlen)
{
	char why[256];
	int ret = helper_get_tap(helper, bridge, HELPER_MS, t, NULL, why, sizeof(why));

	if (ret < 0)
		snprintf(err, errlen, "bridge %s: %s", bridge, why);
	return ret;
}

/* Set up NIC i (l->nics[i].spec already set); -errno with err set */
static int setup_nic(struct launch *l, unsigned int i, unsigned int *nat_i,
		     unsigned int *vde_i, char *err, size_t errlen)
{
	struct nic *c = &l->nics[i];
	struct helper_tap tap;
	struct netconf nc;
	int ret = 0;

	switch (c->spec.kind) {
	case NET_NONE:
		c->link = LINK_NONE;
		return 0;
	case NET_NAT:
		if (!l->nat.e.proc.pid) {
			ret = need_base(l, err, errlen);
			if (!ret)
				ret = emu_nat_start(&l->nat, l->emu, l->base, count_nat(&l->o),
						    l->o.fwds, l->o.n_fwds, err, errlen);
			if (ret < 0)
				return ret;
		}
		c->link = LINK_STREAM;
		strcpy(c->path, l->nat.sock[(*nat_i)++]);
		strcpy(c->ctl, l->nat.e.ctl);
		return 0;
	case NET_VDE:
		if (!l->vde.e.proc.pid && (ret = start_vde(l, err, errlen)) < 0)
			return ret;
		c->link = LINK_STREAM;
		strcpy(c->path, l->vde.sock[(*vde_i)++]);
		strcpy(c->ctl, l->vde.e.ctl);
		return 0;
	case NET_INTERNAL:
		ret = need_base(l, err, errlen);
		if (!ret)
			ret = internal_join(&l->internal[i], l->base, c->spec.name,
					    l->emu, err, errlen);
		if (ret < 0)
			return ret;
		c->link = LINK_STREAM;
		strcpy(c->path, l->internal[i].sock);
		strcpy(c->ctl, l->internal[i].ctl);
		return 0;
	case NET_NETWORK:
		ret = netconf_load(GN_NETWORKS_DIR, c->spec.name, &nc, err, errlen);
		if (!ret)
			ret = bridge_tap(l->helper, nc.bridge, &tap, err, errlen);
		if (ret < 0)
			return ret;
		c->link = LINK_TAP;
		c->fd = tap.fd;
		c->vnet_hdr = tap.vnet_hdr;
		strcpy(c->bridge, nc.bridge);
		strcpy(c->tapname, tap.ifname);
		return 0;
	}
	return -EINVAL;
}

static int setup_all(struct launch *l, char *err, size_t errlen)
{
	unsigned int nat_i = 0, vde_i = 0;
	int ret;

	for (unsigned int i = 0; i < l->o.n_nets; i++) {
		struct nic *c = &l->nics[i];

		c->spec = l->o.nets[i];
		if (i < l->o.n_macs)
			memcpy(c->mac, l->o.macs[i], 6);
		else
			nic_mac_random(c->mac, i);
		ret = setup_nic(l, i, &nat_i, &vde_i, err, errlen);
		if (ret < 0)
			return ret;
		l->n = i + 1;
		info("NIC %u: %s%s%s%s", i, spec_kind_name(c->spec.kind),
		     c->spec.name[0] || c->spec.url[0] ? " " : "", c->spec.name,
		     c->spec.url);
	}
	return 0;
}

/* Translate COMMAND's own network options, sockets in dir; -errno, err set */
static int translate(struct launch *l, const char *dir, char *err, size_t errlen)
{
	const struct qnet_params p = {
		.dir = dir,
		.helper = l->helper,
		.guestnet_nics = l->o.nets_given,
		.has_nat = count_nat(&l->o) > 0,
	};

	qnet_free(&l->q);
	return qnet_translate(&l->q, l->o.cmd, &p, err, errlen);
}

/* The emulator of COMMAND's own backends, if it has any */
static int setup_qemu_net(struct launch *l, char *err, size_t errlen)
{
	int ret;

	if (!l->q.active || !l->q.emu.n)
		return 0;
	ret = need_base(l, err, errlen);
	if (!ret)
		ret = emu_priv_dir(&l->qemu_net, l->base, err, errlen);
	if (!ret)
		ret = translate(l, l->qemu_net.dir, err, errlen);
	if (!ret)
		ret = emu_priv_spawn(&l->qemu_net, l->emu, &l->q.emu, err, errlen);
	if (!ret)
		info("QEMU's network options: %u NIC(s), %u backend(s) in guestnet-emu, control %s",
			 l->q.n_nics, l->q.n_ports, l->qemu_net.ctl);
	return ret;
}

static void cleanup(struct launch *l)
{
	for (unsigned int i = 0; i < RUN_MAX_NETS; i++) {
		if (l->nics[i].fd >= 0)
			close(l->nics[i].fd);
		l->nics[i].fd = -1;
		internal_leave(&l->internal[i]);
	}
	emu_nat_stop(&l->nat);
	emu_nat_stop(&l->vde);
	emu_priv_stop(&l->qemu_net);
	qnet_free(&l->q);
}

/* Build COMMAND's argv and environment, run it; its exit code */
static int run_command(struct launch *l)
{
	struct strv argv = { 0 };
	int fds[RUN_MAX_NETS], code = 1, ret;
	unsigned int nfd = 0;

	for (unsigned int i = 0; i < l->n; i++)
		if (l->nics[i].fd >= 0)
			fds[nfd++] = l->nics[i].fd;
	ret = nic_env(l->nics, l->n);
	if (!ret)
		ret = l->qemu_net.proc.pid ? setenv("GUESTNET_QEMU_CONTROL", l->qemu_net.ctl, 1)
					   : unsetenv("GUESTNET_QEMU_CONTROL");
	if (ret < 0)
		ret = -errno;
	if (!ret && qnet_is_qemu(l->o.cmd[0]))
		ret = qemu_args(&argv, l->q.active ? l->q.qemu.v : l->o.cmd, l->nics, l->n,
				l->o.model);
	if (!ret)
		ret = command_run(argv.v ? argv.v : l->o.cmd, fds, nfd, &code);
	if (ret < 0) {
		err("%s: %s", l->o.cmd[0], errstr(ret));
		code = 1;
	}
	strv_free(&argv);
	return code;
}

/* Check COMMAND's own network options; -1, or the exit status */
static int parse_qemu_net(struct launch *l)
{
	char err[512];
	int ret = translate(l, "/", err, sizeof(err));

	if (ret < 0) {
		err("%s", err);
		return ret == -ENOMEM ? 1 : EXIT_USAGE;
	}
	for (unsigned int i = 0; i < l->q.n_nat_fwds; i++) {
		if (l->o.n_fwds == RUN_MAX_FWDS) {
			err("-redir: too many forwards into --net nat (at most %d with --forward)",
				RUN_MAX_FWDS);
			return EXIT_USAGE;
		}
		l->o.fwds[l->o.n_fwds++] = l->q.nat_fwds[i];
	}
	return -1;
}

static int parse(struct launch *l, int argc, char **argv)
{
	char err[512];

	if (argc < 2) {
		err("missing command (try 'guestnet --help')");
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage();
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("guestnet %s\n", GUESTNET_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "run")) {
		err("%s: unknown command (try 'guestnet --help')", argv[1]);
		return EXIT_USAGE;
	}
	if (opts_parse(&l->o, argc - 1, argv + 1, err, sizeof(err)) < 0) {
		err("%s", err);
		return EXIT_USAGE;
	}
	if (l->o.help)
		usage();
	else if (l->o.version)
		printf("guestnet %s\n", GUESTNET_VERSION);
	if (l->o.help || l->o.version)
		return 0;
	l->emu = pick_path(l->o.emu, "GUESTNET_EMU", GN_EMU_PATH);
	l->helper = pick_path(l->o.helper, "GUESTNET_BRIDGE_HELPER", GN_HELPER_PATH);
	return qnet_is_qemu(l->o.cmd[0]) ? parse_qemu_net(l) : -1;
}

int main(int argc, char **argv)
{
	static struct launch l;
	char err[1024];
	int ret, code;

	log_init("guestnet", LOG_USER);
	log_set_level(LOG_LVL_WARN);
	l.nat.e.proc.pidfd = -1;
	l.vde.e.proc.pidfd = -1;
	l.qemu_net.proc.pidfd = -1;
	for (unsigned int i = 0; i < RUN_MAX_NETS; i++) {
		l.nics[i].fd = -1;
		l.internal[i].lockfd = -1;
	}
	code = parse(&l, argc, argv);
	if (code >= 0) {
		qnet_free(&l.q);
		return code;
	}
	log_set_level(l.o.verbose ? LOG_LVL_INFO : LOG_LVL_WARN);
	proc_signals_block(NULL);
	err[0] = '\0';
	ret = setup_qemu_net(&l, err, sizeof(err));
	if (ret < 0) {
		err("QEMU's network options: %s", err[0] ? err : errstr(ret));
		cleanup(&l);
		return 1;
	}
	ret = setup_all(&l, err, sizeof(err));
	if (ret < 0) {
		const struct net_spec *s = &l.o.nets[l.n];

		err("--net %s%s%s%s: %s", s->kind == NET_NETWORK ? "" : spec_kind_name(s->kind),
		    s->kind == NET_INTERNAL || s->kind == NET_VDE ? ":" : "", s->name,
		    s->url, err[0] ? err : errstr(ret));
		cleanup(&l);
		return 1;
	}
	code = command_pending_signal();
	if (code) {
		cleanup(&l);
		return 128 + code;
	}
	code = run_command(&l);
	cleanup(&l);
	return code;
}
