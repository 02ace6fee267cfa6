// SPDX-License-Identifier: GPL-2.0-or-later
/* qnet_defaults.c - QEMU's defaults for COMMAND's network options, and
 * old QEMU's -redir
 *
 * What QEMU decides when a line does not say: the MAC of a NIC
 * (qemu_macaddr_default_if_unset()), its model (the machine's
 * default_nic: pc e1000, q35 e1000e from pc-q35-2.12), the default
 * network a COMMAND with only -redir gets (-net nic -net user), and where
 * a -redir goes (the first user-mode stack, as net_slirp_redir() put it).
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/redir.h"
#include "qnet_internal.h"

/**
 * qn_add_redir() - read a -redir
 * @m:		model
 * @opt:	index of the option
 *
 * [tcp|udp]:HOSTPORT:[GUESTADDR]:GUESTPORT, read by common/redir.c as
 * old QEMU did, kept as a forward and as its hostfwd= rule.
 *
 * Return: 0, or -EINVAL with the message set
 */
int qn_add_redir(struct qn_model *m, int opt)
{
	struct forward *f = &m->redirs[m->n_fwds];
	struct redir r;

	if (redir_parse(m->opts[opt].text, &r) < 0 ||
	    redir_hostfwd(&r, m->fwds[m->n_fwds], QN_FWD_MAX) < 0)
		return qn_fail(m, opt, "expected " REDIR_SYNTAX);
	memset(f, 0, sizeof(*f));
	f->udp = r.udp;
	f->host_port = r.host_port;
	snprintf(f->guest_addr, sizeof(f->guest_addr), "%s", r.guest_addr);
	f->guest_port = r.guest_port;
	m->n_fwds++;
	return 0;
}

/**
 * qn_default_net() - QEMU's default network, -net nic -net user
 * @m:		model (COMMAND has -redir and no other network option)
 * @opt:	index of the option it is made for (in messages)
 *
 * Return: 0, or -ENOMEM
 */
int qn_default_net(struct qn_model *m, int opt)
{
	char e[32];
	struct qopts o;
	struct qn_nic *n;
	struct qn_backend *b;

	if (qopts_parse(&o, "user", "type", e, sizeof(e)) < 0) {
		qopts_free(&o);
		return -ENOMEM;
	}
	b = qn_new_backend(m, opt, QN_NET, &o);
	b->hub = 0;
	qn_hub_set(m->used_hub, 0);
	qn_new_id(m, b->id);
	n = qn_new_nic(m, opt);
	n->hub = 0;
	if (qopts_parse(&n->o, "nic", "type", e, sizeof(e)) < 0)
		return -ENOMEM;
	return qn_backend_type(m, b);
}

/**
 * qn_place_redirs() - every -redir as hostfwd= of the first user backend
 * @m:		model
 * @q:		result: the forwards for the first --net nat if there is no
 *		user-mode backend
 *
 * QEMU's order: -netdev, then -nic, then -net backends.
 *
 * Return: 0, or -EINVAL with the message set (nowhere to forward into)
 */
int qn_place_redirs(struct qn_model *m, struct qnet *q)
{
	int first = -1;

	for (unsigned int i = 0; i < m->n_opts && first < 0; i++)
		if (m->opts[i].kind == QN_REDIR)
			first = (int)i;
	if (!m->n_fwds)
		return 0;
	for (unsigned int i = 0; i < m->n_bk; i++) {
		struct qn_backend *b = &m->bk[i];

		if (strcmp(b->type, "user"))
			continue;
		for (unsigned int k = 0; k < m->n_fwds; k++)
			if (qopts_append(&b->o, "hostfwd", m->fwds[k]) < 0)
				return qn_fail(m, b->opt, "too many keys with the -redir forwards");
		if (!b->emu && b->from == QN_NETDEV)
			m->opts[b->opt].rewrite = (int)i;
		return 0;
	}
	if (!m->p->has_nat)
		return qn_fail(m, first, "no user-mode network to forward into (COMMAND has no -net user, -netdev user or -nic user%s, and there is no --net nat)",
			       m->nodefaults ? "; -nodefaults leaves out QEMU's default" : "");
	memcpy(q->nat_fwds, m->redirs, m->n_fwds * sizeof(m->redirs[0]));
	q->n_nat_fwds = m->n_fwds;
	return 0;
}

/**
 * qn_assign_macs() - QEMU's MAC for every NIC without one
 * @m:		model
 *
 * In NIC order: 52:54:00:12:34:XX with the first XX from 0x56 that no
 * earlier NIC has (a given MAC of that prefix counts as taken), as
 * qemu_macaddr_default_if_unset().
 */
void qn_assign_macs(struct qn_model *m)
{
	static const uint8_t base[5] = { 0x52, 0x54, 0x00, 0x12, 0x34 };
	unsigned int used[256] = { 0 };

	for (unsigned int i = 0; i < m->n_nics; i++) {
		struct qn_nic *n = &m->nics[i];
		unsigned int x = 0x56;

		if (n->mac_given) {
			if (!memcmp(n->mac, base, 5) && n->mac[5] >= 0x56 && n->mac[5] < 0xff)
				used[n->mac[5]]++;
			continue;
		}
		while (x < 0xff && used[x])
			x++;
		memcpy(n->mac, base, 5);
		n->mac[5] = (uint8_t)x;
		if (x < 0xff)
			used[x]++;
	}
}

/* pc-q35-X.Y: whether X.Y is 2.12 or later (e1000e) */
static bool q35_e1000e(const char *machine)
{
	unsigned int major = 0, minor = 0;

	if (!strcmp(machine, "q35"))
		return true;
	if (sscanf(machine + 7, "%u.%u", &major, &minor) != 2)
		return true;
	return major > 2 || (major == 2 && minor >= 12);
}

/**
 * qn_pick_machine() - how NICs are written for COMMAND's machine
 * @m:		model
 *
 * NICs of x86 pc and q35 machines are PCI devices: -device MODEL with the
 * machine's default model. On other machines a NIC may be on the board,
 * so it stays QEMU's `-net nic,netdev=ID` and the board places it.
 */
void qn_pick_machine(struct qn_model *m)
{
	const char *base = strrchr(m->cmd[0], '/');
	const char *mc = m->machine[0] ? m->machine : "pc";

	base = base ? base + 1 : m->cmd[0];
	if (strcmp(base, "qemu-system-x86_64") && strcmp(base, "qemu-system-i386"))
		return;
	if (!strcmp(mc, "pc") || !strncmp(mc, "pc-i440fx-", 10)) {
		m->pci_device = true;
		m->default_model = "e1000";
	} else if (!strcmp(mc, "q35") || !strncmp(mc, "pc-q35-", 7)) {
		m->pci_device = true;
		m->default_model = q35_e1000e(mc) ? "e1000e" : "e1000";
	}
}
