// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tap.c - create a tap device on /dev/net/tun for the caller
 *
 * The tap is IFF_TAP | IFF_NO_PI, plus IFF_VNET_HDR when asked for and
 * the kernel lists it in TUNGETFEATURES (QEMU's "--use-vnet"). It is not
 * persistent: it exists while a descriptor to it is open, so closing the
 * descriptor on any later failure deletes it, and the caller's copy of
 * the fd is what keeps it alive afterwards. TUNSETOWNER gives it to the
 * calling user. The kernel picks the name ("tap%d").
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tap.h"

/**
 * tap_create() - open a new tap device owned by @owner
 * @want_vnet:	ask for IFF_VNET_HDR if the kernel supports it
 * @owner:	uid to own the device (TUNSETOWNER)
 * @name:	set to the device name the kernel chose
 * @vnet:	set to whether IFF_VNET_HDR is on
 *
 * Return: the tap file descriptor (O_CLOEXEC), or a negative errno from
 * open(), TUNSETIFF, TUNGETIFF or TUNSETOWNER; nothing is left behind on
 * error
 */
int tap_create(bool want_vnet, uid_t owner, char name[IFNAMSIZ], bool *vnet)
{
	unsigned int features = 0;
	struct ifreq ifr;
	int fd, ret;

	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;

	if (ioctl(fd, TUNGETFEATURES, &features) < 0)
		features = 0;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	*vnet = want_vnet && (features & IFF_VNET_HDR);
	if (*vnet)
		ifr.ifr_flags |= IFF_VNET_HDR;
	memcpy(ifr.ifr_name, "tap%d", sizeof("tap%d"));

	if (ioctl(fd, TUNSETIFF, &ifr) < 0)
		goto fail;
	if (ioctl(fd, TUNSETOWNER, (unsigned long)owner) < 0)
		goto fail;
	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(fd, TUNGETIFF, &ifr) < 0)
		goto fail;

	memcpy(name, ifr.ifr_name, IFNAMSIZ);
	name[IFNAMSIZ - 1] = '\0';
	return fd;
fail:
	ret = -errno;
	close(fd);
	return ret;
}
