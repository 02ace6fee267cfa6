// SPDX-License-Identifier: GPL-2.0-or-later
/* lg_vde.c - gn-loadgen connections to a VDE switch (libvdeplug)
 *
 * A "vde:DIR" connection is a client of the vde_switch (or guestnet-emu
 * vdeswitch) serving DIR, opened by libvdeplug's vde_open() exactly as
 * vde_plug and QEMU open theirs. Its frames then go one per datagram on
 * the plug's data socket (vde_datafd(), a connected unix datagram
 * socket), which the worker batches with sendmmsg()/recvmmsg() like any
 * client could; the control stream stays open until lg_vde_close().
 */
#include <errno.h>
#include <libvdeplug.h>
#include <string.h>

#include "lg_vde.h"

/**
 * lg_vde_open() - connect to a VDE switch as a new client
 * @dir:	the switch directory
 * @conn:	the plug, for lg_vde_close()
 *
 * Return: its data socket (the plug's: not to be closed by the caller),
 *	   or a negative errno
 */
int lg_vde_open(const char *dir, void **conn)
{
	char url[4096];
	VDECONN *c;
	int fd;

	if (strlen(dir) >= sizeof(url))
		return -ENAMETOOLONG;
	strcpy(url, dir);
	errno = 0;
	c = vde_open(url, "gn-loadgen", NULL);
	if (!c)
		return errno ? -errno : -EIO;
	fd = vde_datafd(c);
	if (fd < 0) {
		vde_close(c);
		return -EBADF;
	}
	*conn = c;
	return fd;
}

/**
 * lg_vde_close() - leave the switch
 * @conn:	from lg_vde_open()
 */
void lg_vde_close(void *conn)
{
	vde_close(conn);
}
