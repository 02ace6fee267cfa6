// SPDX-License-Identifier: GPL-2.0-or-later
/* silentconn.c - a connection that should stay silent until it ends
 *
 * VDE's control connections carry nothing once a port is set up: the
 * switch's end of a vde_switch client (port_vde.c) and a client's end of
 * our own switch (port_vdeswitch_client.c) only wait for EOF, which ends
 * the port. Whatever the peer sends meanwhile is read and dropped, so
 * that it can neither fill the socket nor make the loop spin.
 */

#include <errno.h>
#include <sys/socket.h>

#include "silentconn.h"

/**
 * silentconn_ended() - drain a silent connection; tell whether it ended
 * @fd:		the connection, readable
 *
 * Return: true at EOF or on an error other than EAGAIN/EINTR, false if
 *	   it is still open (what it sent, if anything, is dropped)
 */
bool silentconn_ended(int fd)
{
	char buf[256];
	ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

	return !(n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR)));
}
