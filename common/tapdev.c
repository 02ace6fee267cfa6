// SPDX-License-Identifier: GPL-2.0-or-later
/* tapdev.c - tap devices: open, create, inspect and prepare a tap
 *
 * The tun driver's ioctls, for the ways a program of the suite gets a
 * tap: guestnet-emu opens /dev/net/tun itself (-netdev tap,ifname=, and
 * the child that makes a netns port's NIC), or is handed a descriptor
 * (fd=, the bridge helper's reply), which it checks before use; the
 * bridge helper creates a tap for its caller (tapdev_create(), which runs
 * with CAP_NET_ADMIN under the helper's seccomp list: open, TUNGETFEATURES,
 * TUNSETIFF, TUNSETOWNER, TUNGETIFF only). What a port does with the
 * descriptor is emu/port_tap.c's business.
 */

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tapdev.h"

/**
 * tapdev_inspect() - check that @fd is a tap with IFF_NO_PI (TUNGETIFF)
 * @fd:		the descriptor
 * @vnet:	whether it has IFF_VNET_HDR
 * @name:	its interface name
 * @why:	on failure, what it is instead (follows "fd N" in a message)
 *
 * Return: 0, -ENOTTY if it is no tun/tap descriptor, -EINVAL for a tun
 *	   device or a tap with packet information
 */
int tapdev_inspect(int fd, bool *vnet, char name[IFNAMSIZ], const char **why)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(fd, TUNGETIFF, &ifr) < 0) {
		*why = errno == EBADFD ? "is a tun descriptor not attached to a device"
				       : "is not a tun/tap descriptor";
		return -ENOTTY;
	}
	if ((ifr.ifr_flags & (IFF_TUN | IFF_TAP)) != IFF_TAP) {
		*why = "is a tun (layer 3) device, not a tap";
		return -EINVAL;
	}
	if (!(ifr.ifr_flags & IFF_NO_PI)) {
		*why = "is a tap without IFF_NO_PI";
		return -EINVAL;
	}
	memcpy(name, ifr.ifr_name, IFNAMSIZ);
	name[IFNAMSIZ - 1] = '\0';
	*vnet = ifr.ifr_flags & IFF_VNET_HDR;
	return 0;
}

/**
 * tapdev_prepare() - turn offloads off; a vnet header is the 10-byte one
 * @fd:		tap descriptor
 * @vnet:	it has IFF_VNET_HDR
 * @why:	on failure, the step that failed
 *
 * As QEMU does: no GSO frames or partial checksums from the kernel, and
 * with IFF_VNET_HDR the header is struct virtio_net_hdr.
 *
 * Return: 0, or negative errno
 */
int tapdev_prepare(int fd, bool vnet, const char **why)
{
	int hdr = TAPDEV_VNET_HDR_LEN;

	*why = "cannot turn offloads off (TUNSETOFFLOAD)";
	if (ioctl(fd, TUNSETOFFLOAD, 0UL) < 0)
		return -errno;
	*why = "cannot set the vnet header length (TUNSETVNETHDRSZ)";
	if (vnet && ioctl(fd, TUNSETVNETHDRSZ, &hdr) < 0)
		return -errno;
	return 0;
}

/**
 * tapdev_setup() - tapdev_inspect(), then tapdev_prepare()
 * @fd:		the descriptor
 * @vnet:	whether it has IFF_VNET_HDR
 * @name:	its interface name
 * @why:	on failure, what is wrong
 *
 * Return: 0, or negative errno
 */
int tapdev_setup(int fd, bool *vnet, char name[IFNAMSIZ], const char **why)
{
	int ret = tapdev_inspect(fd, vnet, name, why);

	return ret < 0 ? ret : tapdev_prepare(fd, *vnet, why);
}

/* /dev/net/tun, and the features its driver has (0 if it does not say) */
static int tun_open(unsigned int *features)
{
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	if (fd >= 0 && ioctl(fd, TUNGETFEATURES, features) < 0)
		*features = 0;
	return fd;
}

/* Attach @fd to (or create) the tap @name ("": tapN), with or without vnet */
static int tun_attach(int fd, const char *name, bool vnet)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | (vnet ? IFF_VNET_HDR : 0);
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", *name ? name : "tap%d");
	return ioctl(fd, TUNSETIFF, &ifr) < 0 ? -errno : 0;
}

/**
 * tapdev_open() - open /dev/net/tun and attach to (or create) a tap
 * @name:	interface name, checked (ifname.c); "" lets the kernel pick tapN
 * @vnet:	ask for IFF_VNET_HDR
 * @out:	the descriptor (close-on-exec, blocking)
 *
 * Creating a tap needs CAP_NET_ADMIN in the network namespace; attaching
 * to a persistent one whose owner or group we are does not.
 *
 * Return: 0, -EOPNOTSUPP if the kernel has no IFF_VNET_HDR, or another
 *	   negative errno (-EPERM: no right to create or attach)
 */
int tapdev_open(const char *name, bool vnet, int *out)
{
	unsigned int features = 0;
	int fd, ret;

	fd = tun_open(&features);
	if (fd < 0)
		return -errno;
	ret = vnet && !(features & IFF_VNET_HDR) ? -EOPNOTSUPP : tun_attach(fd, name, vnet);
	if (ret < 0) {
		close(fd);
		return ret;
	}
	*out = fd;
	return 0;
}

/**
 * tapdev_offload() - a virtio-net header, and maybe segmentation offload
 * @fd:		tap descriptor with IFF_VNET_HDR
 * @tso:	let the kernel hand us TCP segmentation offload frames
 * @why:	on failure, the step that failed
 *
 * The virtio-net header becomes the 10-byte struct virtio_net_hdr, so we
 * may write GSO frames and partial checksums (offload.c). With @tso,
 * TUNSETOFFLOAD says we take partial checksums (TUN_F_CSUM) and TCP
 * segments of up to 64 KiB over IPv4 and IPv6 (TUN_F_TSO4, TUN_F_TSO6),
 * no UDP fragmentation or segmentation offload: so the interface has
 * checksum offload and TSO, and its stack sends large segments whatever
 * its MTU. Without, no offloads (the kernel's header is all zero).
 *
 * Return: 0, or negative errno
 */
int tapdev_offload(int fd, bool tso, const char **why)
{
	unsigned long features = tso ? TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 : 0;
	int hdr = TAPDEV_VNET_HDR_LEN;

	*why = "cannot set the vnet header length (TUNSETVNETHDRSZ)";
	if (ioctl(fd, TUNSETVNETHDRSZ, &hdr) < 0)
		return -errno;
	*why = "cannot set checksum and segmentation offload (TUNSETOFFLOAD)";
	if (ioctl(fd, TUNSETOFFLOAD, features) < 0)
		return -errno;
	return 0;
}

/**
 * tapdev_create() - create a new tap owned by @owner (the bridge helper's)
 * @want_vnet:	ask for IFF_VNET_HDR if the kernel supports it (QEMU's
 *		"--use-vnet")
 * @owner:	uid to own the device (TUNSETOWNER)
 * @name:	set to the device name the kernel chose ("tap%d")
 * @vnet:	set to whether IFF_VNET_HDR is on
 *
 * The tap is not persistent: it exists while a descriptor to it is open,
 * so closing the descriptor on any later failure deletes it, and the
 * caller's copy of the fd is what keeps it alive afterwards.
 *
 * Return: the tap file descriptor (O_CLOEXEC), or a negative errno from
 * open(), TUNSETIFF, TUNSETOWNER or TUNGETIFF; nothing is left behind on
 * error
 */
int tapdev_create(bool want_vnet, uid_t owner, char name[IFNAMSIZ], bool *vnet)
{
	unsigned int features = 0;
	struct ifreq ifr;
	int fd, ret;

	fd = tun_open(&features);
	if (fd < 0)
		return -errno;
	*vnet = want_vnet && (features & IFF_VNET_HDR);
	ret = tun_attach(fd, "", *vnet);
	if (!ret && ioctl(fd, TUNSETOWNER, (unsigned long)owner) < 0)
		ret = -errno;
	memset(&ifr, 0, sizeof(ifr));
	if (!ret && ioctl(fd, TUNGETIFF, &ifr) < 0)
		ret = -errno;
	if (ret < 0) {
		close(fd);
		return ret;
	}
	memcpy(name, ifr.ifr_name, IFNAMSIZ);
	name[IFNAMSIZ - 1] = '\0';
	return fd;
}
