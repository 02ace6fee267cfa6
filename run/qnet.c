// SPDX-License-Identifier: GPL-2.0-or-later
/* qnet.c - QEMU's own network options in a qemu-system-* COMMAND
 *
 * DOC: Theory of operation
 *
 * QEMU 7.2 refuses the old lines of the seeds (`-net nic,vlan=1`,
 * `-redir`); guestnet-emu has hubs with the old vlans' semantics. So
 * `guestnet run -- qemu-system-* ...` reads COMMAND's -net, -netdev, -nic
 * and -redir options and builds the network QEMU would have built: vlan N
 * (and hubport hubid=N) is hub N; a NIC and the backends of its vlan are on
 * one hub; a -netdev, or a -nic's backend, is joined to its NIC directly.
 * Then (qnet_emit.c) every backend of a type guestnet-emu implements
 * (qnet_types.c) moves into a private emulator, on that hub or on a
 * private hub of its own (65535 down), and QEMU gets, per NIC and per
 * moved -netdev, a `-netdev stream` to the emulator plus
 * `-device MODEL,netdev=ID,mac=MAC`. A hub with no moved backend stays in
 * QEMU as `-netdev hubport`; backends of other types stay in QEMU, and
 * one stream joins QEMU's hub to the emulator's where a hub has both.
 *
 * QEMU's details kept: `-nic` with no type is user; -nic NICs come before
 * -net nic ones (net_init_clients order), and each NIC without a MAC gets
 * the next free 52:54:00:12:34:XX from 0x56 (qemu_macaddr_default_if_unset),
 * every NIC's MAC written out so QEMU cannot hand out one twice; a NIC
 * without model= gets the machine's (pc: e1000; q35 from pc-q35-2.12:
 * e1000e); old QEMU's -redir (`[tcp|udp]:HOSTPORT:[GUESTADDR]:GUESTPORT`,
 * all host addresses, ports read by strtol base 0) goes to the first
 * user-mode stack (-netdev, then -nic, then -net order), and COMMAND with
 * -redir but no other network option gets QEMU's default network
 * (-net nic -net user) unless -nodefaults. Help requests (`-net nic,model=help`,
 * `-netdev help`) leave COMMAND alone for QEMU to answer.
 *
 * (QEMU's defaults and -redir: qnet_defaults.c.) All of it is a pure function of COMMAND and struct qnet_params, so every
 * line is unit-tested (tests/run/test_qnet.c) and fuzzed (tests/fuzz/qnet).
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qnet_internal.h"

/* QEMU 7.2 options without an argument (qemu-options.hx flags 0) */
static const char *const no_arg[] = {
	"S", "alt-grab", "async-teardown", "audio-help", "ctrl-grab", "curses",
	"daemonize", "enable-kvm", "enable-sync-profile", "full-screen", "h",
	"help", "mem-prealloc", "no-acpi", "no-fd-bootchk", "no-hpet", "no-quit",
	"no-reboot", "no-shutdown", "no-user-config", "nodefaults", "nographic",
	"only-migratable", "portrait", "preconfig", "s", "sdl", "semihosting",
	"singlestep", "snapshot", "usb", "version", "win2k-hack", "xen-attach",
	"xen-domid-restrict", NULL,
};

static const char *const kind_opt[] = {
	[QN_NETDEV] = "-netdev", [QN_NET] = "-net", [QN_NIC] = "-nic", [QN_REDIR] = "-redir",
};

/* The option name of word w ("-net" and "--net" are "net"), or NULL */
static const char *opt_name(const char *w)
{
	if (w[0] != '-' || !w[1])
		return NULL;
	return w[1] == '-' ? (w[2] ? w + 2 : NULL) : w + 1;
}

static bool takes_arg(const char *name)
{
	for (int i = 0; no_arg[i]; i++)
		if (!strcmp(name, no_arg[i]))
			return false;
	return true;
}

static int kind_of(const char *name)
{
	for (int k = QN_NETDEV; k <= QN_REDIR; k++)
		if (!strcmp(name, kind_opt[k] + 1))
			return k;
	return -1;
}

/**
 * qnet_is_qemu() - whether COMMAND is a QEMU system emulator
 * @argv0:	COMMAND's argv[0]
 *
 * Return: true if its basename starts with "qemu-system-"
 */
bool qnet_is_qemu(const char *argv0)
{
	const char *base = strrchr(argv0, '/');

	return !strncmp(base ? base + 1 : argv0, "qemu-system-", 12);
}

/**
 * qnet_has_options() - whether COMMAND has network options of its own
 * @cmd:	COMMAND, NULL-terminated
 *
 * Return: true if it has -net, -netdev, -nic or -redir (with an argument)
 */
bool qnet_has_options(char *const cmd[])
{
	for (int i = 1; cmd[i]; i++) {
		const char *name = opt_name(cmd[i]);

		if (!name || !takes_arg(name) || !cmd[i + 1])
			continue;
		if (kind_of(name) >= 0)
			return true;
		i++;
	}
	return false;
}

/**
 * qn_fail() - a message naming a network option of COMMAND
 * @m:		model (its err buffer gets the message)
 * @opt:	index of the option
 * @fmt:	what is wrong with it
 *
 * Return: -EINVAL
 */
int qn_fail(struct qn_model *m, int opt, const char *fmt, ...)
{
	const struct qn_opt *o = &m->opts[opt];
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(m->err, m->errlen, "%s %.160s: %s", kind_opt[o->kind], o->text, msg);
	return -EINVAL;
}

/**
 * qn_hub_test() - whether a hub id is in a set
 * @set:	bitmap of QN_HUBS bits
 * @hub:	hub id
 *
 * Return: true if it is
 */
bool qn_hub_test(const uint8_t *set, long hub)
{
	return hub >= 0 && hub < QN_HUBS && (set[hub / 8] >> (hub % 8)) & 1;
}

/**
 * qn_hub_set() - add a hub id to a set
 * @set:	bitmap of QN_HUBS bits
 * @hub:	hub id, 0..QN_HUBS-1
 */
void qn_hub_set(uint8_t *set, long hub)
{
	set[hub / 8] |= (uint8_t)(1u << (hub % 8));
}

static bool is_help(const char *v)
{
	return v && (!strcmp(v, "help") || !strcmp(v, "?"));
}

/**
 * qn_id_ok() - whether a string is a QEMU id guestnet-emu takes too
 * @id:		the string
 *
 * QEMU's rule (a letter, then letters, digits, '-', '.', '_') and
 * guestnet-emu's length limit (48).
 *
 * Return: true if it is
 */
bool qn_id_ok(const char *id)
{
	size_t len = strlen(id);

	if (!len || len >= QN_ID_MAX)
		return false;
	if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z')))
		return false;
	for (size_t i = 1; i < len; i++) {
		char c = id[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'))
			return false;
	}
	return true;
}

/* Parse a decimal hub number 0..65535 */
static int hub_parse(const char *v, long *hub)
{
	char *end;
	unsigned long n;

	if (!v || v[0] < '0' || v[0] > '9')
		return -EINVAL;
	n = strtoul(v, &end, 10);
	if (*end || n >= QN_HUBS)
		return -EINVAL;
	*hub = (long)n;
	return 0;
}

static bool id_known(const struct qn_model *m, const char *id)
{
	for (unsigned int i = 0; i < m->n_ids; i++)
		if (!strcmp(m->ids[i], id))
			return true;
	return false;
}

/**
 * qn_new_id() - a made-up id that no option of COMMAND uses: gnq0, gnq1, ...
 * @m:		model
 * @out:	result, QN_ID_MAX bytes
 */
void qn_new_id(struct qn_model *m, char *out)
{
	do
		snprintf(out, QN_ID_MAX, "gnq%u", m->next_id++);
	while (id_known(m, out));
}

/* Remember the ids and names an option gives, so no made-up id clashes */
static void note_ids(struct qn_model *m, const char *text)
{
	static const char *const keys[] = { "id", "name" };
	struct qopts o;
	char e[8];

	if (!qopts_parse(&o, text, "type", e, sizeof(e))) {
		for (int k = 0; k < 2; k++) {
			const char *v = qopts_get(&o, keys[k]);

			if (v && m->n_ids < sizeof(m->ids) / sizeof(m->ids[0]))
				snprintf(m->ids[m->n_ids++], QN_ID_MAX, "%s", v);
		}
	}
	qopts_free(&o);
}

/* The machine type of a -M/-machine argument, if it names one */
static void note_machine(struct qn_model *m, const char *text)
{
	struct qopts o;
	char e[8];

	if (!qopts_parse(&o, text, "type", e, sizeof(e)) && qopts_get(&o, "type"))
		snprintf(m->machine, sizeof(m->machine), "%s", qopts_get(&o, "type"));
	qopts_free(&o);
}

static int add_opt(struct qn_model *m, int kind, int i)
{
	if (m->n_opts == QNET_MAX_OPTS) {
		snprintf(m->err, m->errlen, "more than %d network options", QNET_MAX_OPTS);
		return -EINVAL;
	}
	m->opts[m->n_opts++] = (struct qn_opt){
		.kind = kind, .argi = i, .text = m->cmd[i + 1], .rewrite = -1 };
	if (kind != QN_REDIR)
		note_ids(m, m->cmd[i + 1]);
	return 0;
}

/* The -netdev backend with this id, or -1 */
static int find_backend(const struct qn_model *m, const char *id)
{
	for (unsigned int i = 0; i < m->n_bk; i++)
		if (m->bk[i].from == QN_NETDEV && !strcmp(m->bk[i].id, id))
			return (int)i;
	return -1;
}

/* Walk COMMAND: its network options, machine, -nodefaults, first -device */
static int collect(struct qn_model *m)
{
	int first_dev = -1, first_net = -1;

	for (int i = 1; m->cmd[i]; i++) {
		const char *name = opt_name(m->cmd[i]);
		int kind;

		if (!name)
			continue;
		if (!strcmp(name, "nodefaults"))
			m->nodefaults = true;
		if (!takes_arg(name) || !m->cmd[i + 1])
			continue;
		kind = kind_of(name);
		if (!strcmp(name, "device") && first_dev < 0)
			first_dev = i;
		if (!strcmp(name, "M") || !strcmp(name, "machine"))
			note_machine(m, m->cmd[i + 1]);
		if (kind >= 0) {
			if (add_opt(m, kind, i) < 0)
				return -EINVAL;
			if (first_net < 0)
				first_net = i;
		}
		i++;
	}
	m->block = first_dev >= 0 && first_dev < first_net ? first_dev : first_net;
	return 0;
}

/* Split option opt's argument; -EINVAL/-ENOMEM with the message set */
static int parse_keys(struct qn_model *m, int opt, struct qopts *o)
{
	char e[160];
	int ret = qopts_parse(o, m->opts[opt].text, "type", e, sizeof(e));

	if (ret == -EINVAL)
		return qn_fail(m, opt, "%s", e);
	if (ret < 0)
		snprintf(m->err, m->errlen, "out of memory");
	return ret;
}

/**
 * qn_new_backend() - add a backend to the model
 * @m:		model
 * @opt:	index of the option that makes it
 * @from:	what kind of option that is (QN_NET for an implied one)
 * @o:		its keys, moved into it (freed with the model)
 *
 * Return: the backend; there is room, as there is an option for each
 */
struct qn_backend *qn_new_backend(struct qn_model *m, int opt, enum qn_kind from,
				  const struct qopts *o)
{
	struct qn_backend *b = &m->bk[m->n_bk++];

	*b = (struct qn_backend){ .opt = opt, .from = from, .o = *o, .hub = QN_NO_HUB,
				  .peer = -1, .link = -1 };
	return b;
}

/**
 * qn_backend_type() - take a backend's type, and decide where it goes
 * @m:		model
 * @b:		backend
 *
 * Return: 0, or -EINVAL (no type) with the message set
 */
int qn_backend_type(struct qn_model *m, struct qn_backend *b)
{
	b->type = qopts_take(&b->o, "type");
	if (!b->type || !b->type[0])
		return qn_fail(m, b->opt, "no backend type");
	if (is_help(b->type))
		m->help = true;
	b->t = qnet_type_find(b->type);
	b->hubport = !strcmp(b->type, "hubport");
	b->emu = !b->hubport && qnet_type_moves(b->t, &b->o);
	return 0;
}

static int check_new_id(struct qn_model *m, int opt, const char *id)
{
	if (!qn_id_ok(id))
		return qn_fail(m, opt, "id '%s': a letter, then letters, digits, '-', '.' or '_' (at most %d)",
			       id, QN_ID_MAX - 1);
	for (unsigned int i = 0; i < m->n_bk; i++)
		if (!strcmp(m->bk[i].id, id))
			return qn_fail(m, opt, "id '%s' is given twice", id);
	return 0;
}

/* hubid= and netdev= of a hubport, and nothing else */
static int hubport_keys(struct qn_model *m, struct qn_backend *b)
{
	const char *hubid = qopts_take(&b->o, "hubid");

	b->peer_name = qopts_take(&b->o, "netdev");
	if (!hubid || hub_parse(hubid, &b->hub) < 0)
		return qn_fail(m, b->opt, "hubport needs hubid=N, N from 0 to %d", QN_HUBS - 1);
	for (unsigned int i = 0; i < b->o.n; i++)
		if (!b->o.kv[i].used)
			return qn_fail(m, b->opt, "unknown key '%s' (a hubport takes hubid and netdev)",
				       b->o.kv[i].key);
	if (b->peer_name && b->from == QN_NIC)
		return qn_fail(m, b->opt, "a -nic hubport cannot take netdev=");
	qn_hub_set(m->used_hub, b->hub);
	return 0;
}

/* -netdev TYPE,id=ID,... */
static int add_netdev(struct qn_model *m, int opt)
{
	struct qn_backend *b;
	struct qopts o;
	const char *id;
	int ret;

	ret = parse_keys(m, opt, &o);
	if (ret < 0) {
		qopts_free(&o);
		return ret;
	}
	b = qn_new_backend(m, opt, QN_NETDEV, &o);
	ret = qn_backend_type(m, b);
	if (ret < 0 || m->help)
		return ret;
	id = qopts_take(&b->o, "id");
	if (!id)
		return qn_fail(m, opt, "needs id=");
	ret = check_new_id(m, opt, id);
	if (ret < 0)
		return ret;
	strcpy(b->id, id);
	return b->hubport ? hubport_keys(m, b) : 0;
}

/* A hubport's netdev= puts that backend on the hubport's hub */
static int resolve_peers(struct qn_model *m)
{
	for (unsigned int i = 0; i < m->n_bk; i++) {
		struct qn_backend *b = &m->bk[i], *y;

		if (!b->hubport || !b->peer_name)
			continue;
		b->peer = find_backend(m, b->peer_name);
		if (b->peer < 0)
			return qn_fail(m, b->opt, "no -netdev with id '%s'", b->peer_name);
		y = &m->bk[b->peer];
		if (y->hubport || y->taken)
			return qn_fail(m, b->opt, "netdev '%s' is %s", b->peer_name,
				       y->hubport ? "a hubport itself" : "taken already");
		y->taken = b->taken = true;
		y->hub = b->hub;
	}
	return 0;
}

/**
 * qn_new_nic() - add a NIC to the model
 * @m:		model
 * @opt:	index of the option that makes it
 *
 * Return: the NIC, or NULL with the message set past QNET_MAX_NICS
 */
struct qn_nic *qn_new_nic(struct qn_model *m, int opt)
{
	struct qn_nic *n;

	if (m->n_nics == QNET_MAX_NICS) {
		qn_fail(m, opt, "more than %d NICs (-net nic and -nic, as in QEMU)", QNET_MAX_NICS);
		return NULL;
	}
	n = &m->nics[m->n_nics++];
	*n = (struct qn_nic){ .opt = opt, .hub = QN_NO_HUB, .backend = -1, .link = -1 };
	return n;
}

/* mac=/macaddr=: XX:XX:XX:XX:XX:XX (or with '-'), unicast */
static int nic_mac(struct qn_model *m, struct qn_nic *n, const char *key, const char *v)
{
	char buf[18], e[128];

	if (!v)
		return 0;
	snprintf(buf, sizeof(buf), "%s", v);
	for (char *p = buf; *p; p++)
		if (*p == '-')
			*p = ':';
	if (strlen(v) != 17 || mac_parse(buf, n->mac, e, sizeof(e)) < 0)
		return qn_fail(m, n->opt, "%s '%s': expected a unicast XX:XX:XX:XX:XX:XX", key, v);
	n->mac_given = true;
	return 0;
}

/* -nic [TYPE][,model=M][,mac=MAC][,id=ID][,backend keys...] */
static int add_nic_opt(struct qn_model *m, int opt)
{
	struct qn_backend *b;
	struct qn_nic *n;
	struct qopts o;
	const char *type, *id;
	int ret;

	ret = parse_keys(m, opt, &o);
	type = qopts_get(&o, "type");
	if (ret < 0 || (type && !strcmp(type, "none"))) {
		m->opts[opt].keep = true;
		qopts_free(&o);
		return ret;
	}
	if (!type && qopts_append(&o, "type", "user") < 0) {
		qopts_free(&o);
		return qn_fail(m, opt, "too many keys");
	}
	b = qn_new_backend(m, opt, QN_NIC, &o);
	n = qn_new_nic(m, opt);
	if (!n)
		return -EINVAL;
	n->backend = (int)(b - m->bk);
	n->model = qopts_take(&b->o, "model");
	m->help |= is_help(n->model);
	ret = nic_mac(m, n, "mac", qopts_take(&b->o, "mac"));
	if (!ret)
		ret = qn_backend_type(m, b);
	if (ret < 0 || m->help)
		return ret;
	id = qopts_take(&b->o, "id");
	if (id && (ret = check_new_id(m, opt, id)) < 0)
		return ret;
	if (id)
		strcpy(b->id, id);
	else
		qn_new_id(m, b->id);
	b->taken = true;
	return b->hubport ? hubport_keys(m, b) : 0;
}

/* -net nic[,vlan=N|netdev=ID][,model=][,macaddr=][,addr=][,vectors=][,name=] */
static int add_net_nic(struct qn_model *m, int opt, struct qopts *o)
{
	struct qn_nic *n = qn_new_nic(m, opt);
	const char *vlan, *netdev, *macaddr;

	if (!n) {
		qopts_free(o);
		return -EINVAL;
	}
	n->o = *o;
	qopts_take(&n->o, "type");
	vlan = qopts_take(&n->o, "vlan");
	netdev = qopts_take(&n->o, "netdev");
	n->model = qopts_take(&n->o, "model");
	m->help |= is_help(n->model);
	n->addr = qopts_take(&n->o, "addr");
	n->vectors = qopts_take(&n->o, "vectors");
	n->name = qopts_take(&n->o, "name");
	if (!n->name)
		n->name = qopts_take(&n->o, "id");
	macaddr = qopts_take(&n->o, "macaddr");
	for (unsigned int i = 0; i < n->o.n; i++)
		if (!n->o.kv[i].used)
			return qn_fail(m, opt, "unknown key '%s' (a -net nic takes vlan, netdev, model, macaddr, addr, vectors, name)",
				       n->o.kv[i].key);
	if (vlan && netdev)
		return qn_fail(m, opt, "vlan= and netdev= do not go together");
	if (netdev) {
		n->backend = find_backend(m, netdev);
		if (n->backend < 0)
			return qn_fail(m, opt, "no -netdev with id '%s'", netdev);
		if (m->bk[n->backend].taken)
			return qn_fail(m, opt, "netdev '%s' is taken already", netdev);
		m->bk[n->backend].taken = true;
	} else if (hub_parse(vlan ? vlan : "0", &n->hub) < 0) {
		return qn_fail(m, opt, "vlan '%s': expected 0 to %d", vlan, QN_HUBS - 1);
	} else {
		qn_hub_set(m->used_hub, n->hub);
	}
	return nic_mac(m, n, "macaddr", macaddr);
}

/* -net TYPE[,vlan=N][,name=][,id=],... */
static int add_net(struct qn_model *m, int opt)
{
	struct qn_backend *b;
	const char *type, *vlan;
	struct qopts o;
	int ret;

	ret = parse_keys(m, opt, &o);
	type = qopts_get(&o, "type");
	if (ret < 0 || !type || !strcmp(type, "none") || is_help(type)) {
		m->help |= is_help(type);
		m->opts[opt].keep = type && !strcmp(type, "none");
		qopts_free(&o);
		return ret < 0 ? ret : type ? 0 : qn_fail(m, opt, "no backend type");
	}
	if (!strcmp(type, "nic"))
		return add_net_nic(m, opt, &o);
	if (!strcmp(type, "hubport")) {
		qopts_free(&o);
		return qn_fail(m, opt, "hubport is not a -net type (-net takes vlan=N)");
	}
	b = qn_new_backend(m, opt, QN_NET, &o);
	ret = qn_backend_type(m, b);
	if (ret < 0)
		return ret;
	vlan = qopts_take(&b->o, "vlan");
	qopts_take(&b->o, "name");
	qopts_take(&b->o, "id");
	if (hub_parse(vlan ? vlan : "0", &b->hub) < 0)
		return qn_fail(m, opt, "vlan '%s': expected 0 to %d", vlan, QN_HUBS - 1);
	qn_hub_set(m->used_hub, b->hub);
	qn_new_id(m, b->id);
	return 0;
}

/* Read every option into the model; 0 or -EINVAL/-ENOMEM */
static int build(struct qn_model *m, struct qnet *q)
{
	static const enum qn_kind order[] = { QN_NETDEV, QN_NIC, QN_NET, QN_REDIR };
	int (*const add[])(struct qn_model *, int) = {
		[QN_NETDEV] = add_netdev, [QN_NIC] = add_nic_opt, [QN_NET] = add_net,
		[QN_REDIR] = qn_add_redir,
	};
	bool only_redir = true;
	int ret = 0;

	for (unsigned int k = 0; k < 4 && !ret && !m->help; k++) {
		for (unsigned int i = 0; i < m->n_opts && !ret && !m->help; i++)
			if (m->opts[i].kind == order[k])
				ret = add[order[k]](m, (int)i);
		if (!ret && order[k] == QN_NETDEV)
			ret = resolve_peers(m);
	}
	if (ret < 0 || m->help)
		return ret;
	for (unsigned int i = 0; i < m->n_opts; i++)
		only_redir &= m->opts[i].kind == QN_REDIR;
	if (only_redir && !m->p->guestnet_nics && !m->nodefaults) {
		ret = qn_default_net(m, 0);
		if (ret < 0)
			return ret;
	}
	ret = qn_place_redirs(m, q);
	if (ret < 0)
		return ret;
	qn_assign_macs(m);
	qn_pick_machine(m);
	for (unsigned int i = 0; i < m->n_bk; i++)
		if (m->bk[i].emu && m->bk[i].hub != QN_NO_HUB)
			qn_hub_set(m->emu_hub, m->bk[i].hub);
	return 0;
}

static void model_free(struct qn_model *m)
{
	for (unsigned int i = 0; i < m->n_bk; i++)
		qopts_free(&m->bk[i].o);
	for (unsigned int i = 0; i < m->n_nics; i++)
		qopts_free(&m->nics[i].o);
}

/**
 * qnet_translate() - translate COMMAND's network options
 * @q:		result; qnet_free() it in every case
 * @cmd:	COMMAND (a qemu-system-* one), NULL-terminated
 * @p:		parameters
 * @err:	message buffer: one line naming the option at fault
 * @errlen:	its size
 *
 * Return: 0, -EINVAL with a message in @err, or -ENOMEM
 */
int qnet_translate(struct qnet *q, char *const cmd[], const struct qnet_params *p,
		   char *err, size_t errlen)
{
	struct qn_model *m;
	int ret;

	memset(q, 0, sizeof(*q));
	if (!qnet_has_options(cmd))
		return 0;
	m = calloc(1, sizeof(*m));
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	m->cmd = cmd;
	m->p = p;
	m->err = err;
	m->errlen = errlen;
	ret = collect(m);
	if (!ret)
		ret = build(m, q);
	if (!ret && !m->help) {
		q->active = true;
		ret = qn_emit(m, q);
	}
	model_free(m);
	free(m);
	return ret;
}

/**
 * qnet_free() - free a translation
 * @q:		from qnet_translate()
 */
void qnet_free(struct qnet *q)
{
	strv_free(&q->qemu);
	strv_free(&q->emu);
	q->active = false;
}
