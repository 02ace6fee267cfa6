// SPDX-License-Identifier: GPL-2.0-or-later
/* qnet_emit.c - write out the network qnet.c read: QEMU's new argv and
 * the private guestnet-emu's options
 *
 * Per backend (in the order of COMMAND's options):
 *
 *   moved, on hub N          emulator: -netdev TYPE,id=ID,hub=N,KEYS
 *   moved, joined to a NIC   the same on a private hub P (65535 down), and
 *                            a link: QEMU -netdev stream,id=ID,... to it
 *   hubport, hub N in the    a link to hub N with the hubport's id
 *     emulator
 *   hubport, other hub       QEMU's, unchanged
 *   stays in QEMU            -netdev: unchanged (written again only when a
 *                            -redir added hostfwd=); -nic's: -netdev
 *                            TYPE,id=ID,KEYS; -net's: -netdev TYPE,id=G,KEYS
 *                            and -netdev hubport,id=G2,hubid=N,netdev=G
 *
 * A hub in the emulator with backends left in QEMU gets an uplink: a link
 * plus `-netdev hubport,hubid=N,netdev=LINK` in QEMU. Then per NIC: its
 * link or hubport for a -net nic on hub N, and `-device MODEL,netdev=ID,
 * mac=MAC` (x86 pc/q35; `-net nic,netdev=ID,macaddr=MAC` elsewhere).
 * The generated options go where COMMAND's first network option or first
 * -device was, so NICs keep their place before other devices (QEMU made
 * -net nic NICs with the board, before any -device). A link is a unix
 * stream server DIR/ID.sock of the emulator (ID its made-up port id) and
 * `-netdev stream,id=QID,server=off,addr.type=unix,addr.path=...` in QEMU.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qnet_internal.h"

#define SUN_PATH_MAX	108

/* words generated for QEMU, the emulator's words, and an error */
struct emit {
	struct qn_model *m;
	struct strv blk;
	struct strv emu;
	char dir[4 * 4096];	/* the socket directory, commas doubled */
	long next_private;
};

static int add_link(struct emit *e, const char *qemu_id, long hub)
{
	struct qn_model *m = e->m;
	struct qn_link *l = &m->links[m->n_links];

	if (m->n_links == QN_MAX_LINKS)
		return -E2BIG;
	snprintf(l->qemu_id, sizeof(l->qemu_id), "%s", qemu_id);
	qn_new_id(m, l->emu_id);
	l->hub = (unsigned int)hub;
	strv_add(&e->blk, "-netdev");
	strv_addf(&e->blk, "stream,id=%s,server=off,addr.type=unix,addr.path=%s/%s.sock",
		  l->qemu_id, e->dir, l->emu_id);
	return (int)m->n_links++;
}

/* A hub of its own for a moved backend that QEMU joins to one NIC */
static long private_hub(struct emit *e)
{
	while (e->next_private >= 0 && qn_hub_test(e->m->used_hub, e->next_private))
		e->next_private--;
	qn_hub_set(e->m->used_hub, e->next_private);
	return e->next_private--;
}

static void add_escaped(char *out, size_t len, const char *s)
{
	size_t o = 0;

	for (; *s && o + 2 < len; s++) {
		if (*s == ',')
			out[o++] = ',';
		out[o++] = *s;
	}
	out[o] = '\0';
}

/* A backend that moves into the emulator */
static int emit_moved(struct emit *e, struct qn_backend *b)
{
	struct qn_model *m = e->m;
	char prefix[128];
	long hub = b->hub;

	if (hub == QN_NO_HUB) {
		hub = private_hub(e);
		if (hub < 0)
			return qn_fail(m, b->opt, "no hub id left");
		b->link = add_link(e, b->id, hub);
		if (b->link < 0)
			return qn_fail(m, b->opt, "too many links");
	}
	if (b->t && qnet_type_add_defaults(b->t, &b->o) < 0)
		return qn_fail(m, b->opt, "too many keys");
	if (!strcmp(b->type, "bridge") && !qopts_get(&b->o, "helper") && m->p->helper) {
		if (qopts_append(&b->o, "helper", m->p->helper) < 0)
			return qn_fail(m, b->opt, "too many keys");
	}
	snprintf(prefix, sizeof(prefix), "%s,id=%s,hub=%ld", b->type, b->id, hub);
	strv_add(&e->emu, "-netdev");
	qopts_add_unused(&b->o, &e->emu, prefix);
	return 0;
}

/* A backend that stays in QEMU, on QEMU's hub b->hub for a -net one */
static void emit_kept(struct emit *e, struct qn_backend *b)
{
	struct qn_model *m = e->m;
	char prefix[128], hp[QN_ID_MAX];

	if (b->hub != QN_NO_HUB && qn_hub_test(m->emu_hub, b->hub))
		qn_hub_set(m->uplink, b->hub);
	if (b->from == QN_NETDEV)
		return;		/* in place */
	snprintf(prefix, sizeof(prefix), "%s,id=%s", b->type, b->id);
	strv_add(&e->blk, "-netdev");
	qopts_add_unused(&b->o, &e->blk, prefix);
	if (b->from != QN_NET)
		return;
	qn_new_id(m, hp);
	strv_add(&e->blk, "-netdev");
	strv_addf(&e->blk, "hubport,id=%s,hubid=%ld,netdev=%s", hp, b->hub, b->id);
}

/* A hubport: a link when its hub is in the emulator */
static int emit_hubport(struct emit *e, struct qn_backend *b)
{
	struct qn_model *m = e->m;

	if (b->peer >= 0) {
		if (!m->bk[b->peer].emu)
			m->opts[b->opt].keep = true;
		return 0;
	}
	if (qn_hub_test(m->emu_hub, b->hub)) {
		b->link = add_link(e, b->id, b->hub);
		return b->link < 0 ? qn_fail(m, b->opt, "too many links") : 0;
	}
	if (b->from == QN_NETDEV) {
		m->opts[b->opt].keep = true;
		return 0;
	}
	strv_add(&e->blk, "-netdev");
	strv_addf(&e->blk, "hubport,id=%s,hubid=%ld", b->id, b->hub);
	return 0;
}

static int emit_backends(struct emit *e)
{
	struct qn_model *m = e->m;
	int ret = 0;

	for (unsigned int i = 0; i < m->n_bk && !ret; i++) {
		struct qn_backend *b = &m->bk[i];

		if (b->hubport) {
			ret = emit_hubport(e, b);
		} else if (b->emu) {
			ret = emit_moved(e, b);
		} else {
			emit_kept(e, b);
			if (b->from == QN_NETDEV)
				m->opts[b->opt].keep = m->opts[b->opt].rewrite < 0;
		}
	}
	return ret;
}

/* QEMU's hub N joined to the emulator's hub N, for hubs with both */
static int emit_uplinks(struct emit *e)
{
	struct qn_model *m = e->m;
	char hp[QN_ID_MAX], up[QN_ID_MAX];

	for (long h = 0; h < QN_HUBS; h++) {
		if (!qn_hub_test(m->uplink, h))
			continue;
		qn_new_id(m, up);
		if (add_link(e, up, h) < 0) {
			snprintf(m->err, m->errlen, "too many links");
			return -E2BIG;
		}
		qn_new_id(m, hp);
		strv_add(&e->blk, "-netdev");
		strv_addf(&e->blk, "hubport,id=%s,hubid=%ld,netdev=%s", hp, h, up);
	}
	return 0;
}

static bool model_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
			return false;
	return true;
}

/* addr=[[DOMAIN:]BUS:]SLOT of -net nic as -device's addr=SLOT (bus 0 only) */
static int pci_slot(const char *addr, const char **slot)
{
	const char *last = strrchr(addr, ':');

	for (const char *p = addr; last && p < last; p++)
		if (*p != '0' && *p != ':')
			return -EINVAL;
	*slot = last ? last + 1 : addr;
	return **slot ? 0 : -EINVAL;
}

/* `-device MODEL,netdev=ID,mac=MAC[,addr=][,vectors=][,id=]` */
static int emit_device(struct emit *e, const struct qn_nic *n)
{
	const char *model = n->model ? n->model : e->m->default_model, *slot = NULL;
	const uint8_t *a = n->mac;
	char extra[256] = "";
	size_t len = 0;

	if (!strcmp(model, "virtio"))
		model = "virtio-net-pci";
	if (!model_ok(model))
		return qn_fail(e->m, n->opt, "model '%s' is not a device name", model);
	if (n->addr && pci_slot(n->addr, &slot) < 0)
		return qn_fail(e->m, n->opt, "addr '%s': only PCI bus 0 ([[0:]0:]SLOT)", n->addr);
	if (slot)
		len += (size_t)snprintf(extra + len, sizeof(extra) - len, ",addr=%.32s", slot);
	if (n->vectors && !strcmp(model, "virtio-net-pci"))
		len += (size_t)snprintf(extra + len, sizeof(extra) - len, ",vectors=%.16s", n->vectors);
	if (n->name) {
		if (!qn_id_ok(n->name))
			return qn_fail(e->m, n->opt, "name '%s' is not an id (a letter, then letters, digits, '-', '.', '_')",
				       n->name);
		snprintf(extra + len, sizeof(extra) - len, ",id=%s", n->name);
	}
	strv_add(&e->blk, "-device");
	strv_addf(&e->blk, "%s,netdev=%s,mac=%02x:%02x:%02x:%02x:%02x:%02x%s", model, n->netdev,
		  a[0], a[1], a[2], a[3], a[4], a[5], extra);
	return 0;
}

/* `-net nic,netdev=ID,macaddr=MAC[,model=][,addr=][,vectors=][,name=]`: the board's */
static void emit_board_nic(struct emit *e, const struct qn_nic *n)
{
	static const char *const keys[] = { "model", "addr", "vectors", "name" };
	const char *vals[] = { n->model, n->addr, n->vectors, n->name };
	const uint8_t *a = n->mac;
	char extra[512] = "";
	size_t len = 0;

	for (int k = 0; k < 4; k++) {
		char v[128];

		if (!vals[k])
			continue;
		add_escaped(v, sizeof(v), vals[k]);
		len += (size_t)snprintf(extra + len, sizeof(extra) - len, ",%s=%s", keys[k], v);
	}
	strv_add(&e->blk, "-net");
	strv_addf(&e->blk, "nic,netdev=%s,macaddr=%02x:%02x:%02x:%02x:%02x:%02x%s", n->netdev,
		  a[0], a[1], a[2], a[3], a[4], a[5], extra);
}

static int emit_nics(struct emit *e)
{
	struct qn_model *m = e->m;
	int ret = 0;

	for (unsigned int i = 0; i < m->n_nics && !ret; i++) {
		struct qn_nic *n = &m->nics[i];

		if (n->backend >= 0) {
			memcpy(n->netdev, m->bk[n->backend].id, sizeof(n->netdev));
		} else if (qn_hub_test(m->emu_hub, n->hub)) {
			qn_new_id(m, n->netdev);
			n->link = add_link(e, n->netdev, n->hub);
			if (n->link < 0)
				return qn_fail(m, n->opt, "too many links");
		} else {
			qn_new_id(m, n->netdev);
			strv_add(&e->blk, "-netdev");
			strv_addf(&e->blk, "hubport,id=%s,hubid=%ld", n->netdev, n->hub);
		}
		if (m->pci_device)
			ret = emit_device(e, n);
		else
			emit_board_nic(e, n);
	}
	return ret;
}

/* The emulator's server side of every link */
static int emit_servers(struct emit *e)
{
	struct qn_model *m = e->m;

	for (unsigned int i = 0; i < m->n_links; i++) {
		const struct qn_link *l = &m->links[i];

		if (strlen(m->p->dir) + strlen(l->emu_id) + 7 >= SUN_PATH_MAX) {
			snprintf(m->err, m->errlen, "%s: socket path too long", m->p->dir);
			return -ENAMETOOLONG;
		}
		strv_add(&e->emu, "-netdev");
		strv_addf(&e->emu, "stream,id=%s,hub=%u,server=on,addr.type=unix,addr.path=%s/%s.sock",
			  l->emu_id, l->hub, e->dir, l->emu_id);
	}
	return 0;
}

/* COMMAND with its network options replaced, the block at m->block */
static void emit_qemu(struct emit *e, struct strv *out)
{
	struct qn_model *m = e->m;
	unsigned int k = 0;

	for (int i = 0; m->cmd[i]; i++) {
		const struct qn_opt *o = k < m->n_opts ? &m->opts[k] : NULL;

		if (i == m->block)
			for (size_t w = 0; w < e->blk.n; w++)
				strv_add(out, e->blk.v[w]);
		if (!o || o->argi != i) {
			strv_add(out, m->cmd[i]);
			continue;
		}
		k++;
		if (o->keep || o->rewrite >= 0)
			strv_add(out, m->cmd[i]);
		if (o->keep) {
			strv_add(out, m->cmd[i + 1]);
		} else if (o->rewrite >= 0) {
			const struct qn_backend *b = &m->bk[o->rewrite];
			char prefix[128];

			snprintf(prefix, sizeof(prefix), "%s,id=%s", b->type, b->id);
			qopts_add_unused(&b->o, out, prefix);
		}
		i++;
	}
}

/**
 * qn_emit() - write out the model
 * @m:		model from build()
 * @q:		result: q->qemu and q->emu
 *
 * Return: 0, or negative errno with the message in m->err
 */
int qn_emit(struct qn_model *m, struct qnet *q)
{
	struct emit *e = calloc(1, sizeof(*e));
	int ret;

	if (!e) {
		snprintf(m->err, m->errlen, "out of memory");
		return -ENOMEM;
	}
	e->m = m;
	e->next_private = QN_HUBS - 1;
	add_escaped(e->dir, sizeof(e->dir), m->p->dir);
	ret = emit_backends(e);
	if (!ret)
		ret = emit_uplinks(e);
	if (!ret)
		ret = emit_nics(e);
	if (!ret)
		ret = emit_servers(e);
	if (!ret) {
		emit_qemu(e, &q->qemu);
		for (size_t w = 0; w < e->emu.n; w++)
			strv_add(&q->emu, e->emu.v[w]);
		q->n_nics = m->n_nics;
		for (unsigned int i = 0; i < m->n_bk; i++)
			q->n_ports += m->bk[i].emu;
		if (q->qemu.oom || q->emu.oom || e->blk.oom || e->emu.oom || !q->qemu.v) {
			snprintf(m->err, m->errlen, "out of memory");
			ret = -ENOMEM;
		}
	}
	strv_free(&e->blk);
	strv_free(&e->emu);
	free(e);
	return ret;
}
