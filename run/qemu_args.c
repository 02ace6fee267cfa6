// SPDX-License-Identifier: GPL-2.0-or-later
/* qemu_args.c - QEMU options for the NICs guestnet run set up
 *
 * For a qemu-system-* COMMAND, NIC i becomes `-netdev ...,id=gn<i>` and
 * `-device MODEL,netdev=gn<i>,mac=MAC`, appended after COMMAND's own
 * arguments (after qnet.c translated COMMAND's own network options):
 *
 *   stream (nat, internal)  -netdev stream,id=gnI,server=off,addr.type=unix,addr.path=P
 *   tap (network)           -netdev tap,id=gnI,fd=N   (QEMU probes vnet_hdr
 *                           itself and refuses vnet_hdr= with fd=)
 *   none                    -netdev hubport,id=gnI,hubid=1000000+I: a hub of
 *                           its own with nothing else on it, i.e. a NIC
 *                           whose cable is unplugged (VirtualBox "not
 *                           attached"); QEMU warns that the hub is not
 *                           connected to the host network
 */

#include <string.h>

#include "qemu_args.h"

static void add_netdev(struct strv *a, const struct nic *c, unsigned int i)
{
	strv_add(a, "-netdev");
	switch (c->link) {
	case LINK_STREAM:
		strv_addf(a, "stream,id=gn%u,server=off,addr.type=unix,addr.path=%s",
			  i, c->path);
		break;
	case LINK_TAP:
		strv_addf(a, "tap,id=gn%u,fd=%d", i, c->fd);
		break;
	case LINK_NONE:
		strv_addf(a, "hubport,id=gn%u,hubid=%u", i, QEMU_NONE_HUB + i);
		break;
	}
}

/**
 * qemu_args() - COMMAND's argv with the NICs' options appended
 * @out:	result (argv for execvp)
 * @cmd:	COMMAND and its arguments, NULL-terminated
 * @nics:	the NICs
 * @n:		how many
 * @model:	device model for every NIC
 *
 * Return: 0, or -ENOMEM
 */
int qemu_args(struct strv *out, char *const cmd[], const struct nic *nics,
	      unsigned int n, enum nic_model model)
{
	for (unsigned int i = 0; cmd[i]; i++)
		strv_add(out, cmd[i]);
	for (unsigned int i = 0; i < n; i++) {
		const uint8_t *m = nics[i].mac;

		add_netdev(out, &nics[i], i);
		strv_add(out, "-device");
		strv_addf(out, "%s,netdev=gn%u,mac=%02x:%02x:%02x:%02x:%02x:%02x",
			  opts_model_device(model), i,
			  m[0], m[1], m[2], m[3], m[4], m[5]);
	}
	return strv_status(out);
}
