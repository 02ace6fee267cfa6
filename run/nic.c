// SPDX-License-Identifier: GPL-2.0-or-later
/* nic.c - MAC addresses and the GUESTNET_NET* environment of COMMAND
 *
 * Every COMMAND (QEMU or not) gets, for NIC i (0, 1, ...):
 *
 *   GUESTNET_NETS          number of NICs
 *   GUESTNET_NETi_MODE     nat | none | internal | network
 *   GUESTNET_NETi_NAME     internal network or network name (if any)
 *   GUESTNET_NETi_TYPE     stream | tap | none
 *   GUESTNET_NETi_PATH     stream: unix socket to connect to
 *   GUESTNET_NETi_CONTROL  stream: the emulator's control socket
 *   GUESTNET_NETi_FD       tap: the inherited descriptor
 *   GUESTNET_NETi_VNET_HDR tap: 1 if frames carry a virtio_net_hdr, else 0
 *   GUESTNET_NETi_BRIDGE   tap: the bridge
 *   GUESTNET_NETi_IFNAME   tap: the tap's name
 *   GUESTNET_NETi_MAC      the MAC address chosen for the guest
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <unistd.h>

#include "nic.h"

/**
 * nic_mac_random() - a locally administered unicast MAC for NIC @index
 * @mac:	result: 52:54:00:XX:XX:YY, QEMU's prefix
 * @index:	NIC number; NICs of one launch always differ
 *
 * 52 has the locally administered bit set and the multicast bit clear.
 * XX:XX and the top of YY are random, so concurrent VMs differ; the low
 * three bits of YY are the NIC's number.
 */
void nic_mac_random(uint8_t mac[6], unsigned int index)
{
	uint8_t r[3] = { 0x47, 0x4e, 0x00 };

	if (getrandom(r, sizeof(r), GRND_NONBLOCK) < 0) {
		unsigned int p = (unsigned int)getpid();

		r[0] = (uint8_t)(p >> 16);
		r[1] = (uint8_t)(p >> 8);
		r[2] = (uint8_t)p;
	}
	mac[0] = 0x52;
	mac[1] = 0x54;
	mac[2] = 0x00;
	mac[3] = r[0];
	mac[4] = r[1];
	mac[5] = (uint8_t)((r[2] & 0xf8) | (index & 7));
}

static int setf(unsigned int i, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int setf(unsigned int i, const char *key, const char *fmt, ...)
{
	char name[64], val[256];
	va_list ap;

	snprintf(name, sizeof(name), "GUESTNET_NET%u_%s", i, key);
	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	return setenv(name, val, 1) < 0 ? -errno : 0;
}

static const char *const link_names[] = {
	[LINK_NONE] = "none", [LINK_STREAM] = "stream", [LINK_TAP] = "tap",
};

static int nic_env_one(const struct nic *c, unsigned int i)
{
	const uint8_t *m = c->mac;
	int ret = 0;

	ret |= setf(i, "MODE", "%s", spec_kind_name(c->spec.kind));
	if (c->spec.name[0] || c->spec.url[0])
		ret |= setf(i, "NAME", "%s", c->spec.name[0] ? c->spec.name : c->spec.url);
	ret |= setf(i, "TYPE", "%s", link_names[c->link]);
	ret |= setf(i, "MAC", "%02x:%02x:%02x:%02x:%02x:%02x",
		    m[0], m[1], m[2], m[3], m[4], m[5]);
	if (c->link == LINK_STREAM) {
		ret |= setf(i, "PATH", "%s", c->path);
		ret |= setf(i, "CONTROL", "%s", c->ctl);
	} else if (c->link == LINK_TAP) {
		ret |= setf(i, "FD", "%d", c->fd);
		ret |= setf(i, "VNET_HDR", "%d", c->vnet_hdr);
		ret |= setf(i, "BRIDGE", "%s", c->bridge);
		ret |= setf(i, "IFNAME", "%s", c->tapname);
	}
	return ret ? -ENOMEM : 0;
}

/**
 * nic_env() - set the GUESTNET_NET* variables for COMMAND
 * @nics:	the NICs
 * @n:		how many
 *
 * Return: 0, or -ENOMEM
 */
int nic_env(const struct nic *nics, unsigned int n)
{
	char v[16];

	snprintf(v, sizeof(v), "%u", n);
	if (setenv("GUESTNET_NETS", v, 1) < 0)
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++)
		if (nic_env_one(&nics[i], i) < 0)
			return -ENOMEM;
	return 0;
}
