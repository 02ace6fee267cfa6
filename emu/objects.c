// SPDX-License-Identifier: GPL-2.0-or-later
/* objects.c - -hub, -object filter-dump and -dump
 *
 * filter-dump takes QEMU's keys (id, netdev, file, maxlen; maxlen defaults
 * to 65536) and records what the port receives and what is queued to it,
 * like QEMU's queue=all. A listener's dump is shared by its peers.
 */

#include <errno.h>
#include <string.h>

#include "hub.h"
#include "log.h"
#include "objects.h"
#include "optstring.h"
#include "pcap.h"
#include "port.h"

#define DUMP_MAXLEN_DEFAULT	65536U

/**
 * object_hub() - -hub N[,mode=hub|switch][,ageing=SECONDS]
 * @o:	options, implied key "id"
 *
 * Return: 0, or negative errno with the message in @o
 */
int object_hub(struct opts *o)
{
	uint64_t id, ageing;
	const char *mode;
	int ret;

	ret = opts_get_uint(o, "id", 0, 65535, UINT64_MAX, &id);
	if (!ret)
		ret = opts_get_uint(o, "ageing", 1, 1000000, HUB_AGEING_S_DEFAULT, &ageing);
	if (ret < 0)
		return ret;
	if (id == UINT64_MAX)
		return opts_fail(o, "key 'id' (the hub number) is missing");
	mode = opts_get(o, "mode");
	if (mode && strcmp(mode, "hub") && strcmp(mode, "switch"))
		return opts_fail(o, "key 'mode': '%s' is not hub or switch", mode);
	ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	hub_set_switch(hub_get((unsigned int)id), mode && !strcmp(mode, "switch"),
		       (unsigned int)ageing);
	return 0;
}

static int dump_open(struct opts *o, struct pcap **out)
{
	const char *file = opts_get(o, "file");
	uint64_t maxlen;
	int ret;

	ret = opts_get_uint(o, "maxlen", 1, 1U << 30, DUMP_MAXLEN_DEFAULT, &maxlen);
	if (ret < 0)
		return ret;
	if (!file || !*file)
		return opts_fail(o, "key 'file' is required");
	ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	ret = pcap_open(file, (uint32_t)maxlen, out);
	if (ret < 0)
		return opts_fail(o, "key 'file': '%s': %s", file, errstr(ret));
	return 0;
}

static void dump_attach_child(struct port *p, void *arg)
{
	struct port *listener = arg;

	if (!p->dump)
		p->dump = pcap_ref(listener->dump);
}

static int object_filter_dump(struct opts *o)
{
	const char *id = opts_get(o, "id"), *netdev = opts_get(o, "netdev");
	struct pcap *pc;
	struct port *p;
	int ret;

	opts_get(o, "queue");	/* QEMU's default, all, is what we do */
	if (!id)
		return opts_fail(o, "key 'id' is required");
	ret = opts_check_id(o, id);
	if (ret < 0)
		return ret;
	if (!netdev)
		return opts_fail(o, "key 'netdev' is required");
	p = port_find(netdev);
	if (!p)
		return opts_fail(o, "key 'netdev': no port named '%s'", netdev);
	if (p->dump)
		return opts_fail(o, "key 'netdev': port '%s' has a dump already", netdev);
	ret = dump_open(o, &pc);
	if (ret < 0)
		return ret;
	p->dump = pc;
	port_foreach_child(p, dump_attach_child, p);
	return 0;
}

/**
 * object_add() - -object TYPE,... (only filter-dump is known)
 * @o:	options, implied key "qom-type"
 *
 * Return: 0, or negative errno with the message in @o
 */
int object_add(struct opts *o)
{
	const char *type = opts_get(o, "qom-type");

	if (!type)
		return opts_fail(o, "object type missing");
	if (strcmp(type, "filter-dump"))
		return opts_fail(o, "unknown object type '%s' (only filter-dump)", type);
	return object_filter_dump(o);
}

/**
 * object_hub_dump() - -dump hub=N,file=PATH[,maxlen=BYTES]
 * @o:	options
 *
 * Return: 0, or negative errno with the message in @o
 */
int object_hub_dump(struct opts *o)
{
	struct pcap *pc;
	struct hub *h;
	uint64_t id;
	int ret;

	ret = opts_get_uint(o, "hub", 0, 65535, UINT64_MAX, &id);
	if (ret < 0)
		return ret;
	if (id == UINT64_MAX)
		return opts_fail(o, "key 'hub' is required");
	h = hub_find((unsigned int)id);
	if (!h)
		return opts_fail(o, "key 'hub': no hub %u has ports", (unsigned int)id);
	if (h->dump)
		return opts_fail(o, "key 'hub': hub %u has a dump already", (unsigned int)id);
	ret = dump_open(o, &pc);
	if (ret < 0)
		return ret;
	h->dump = pc;
	return 0;
}
