// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sendfd.c - check the socket the tap fd is handed over on
 *
 * QEMU's net/tap.c and libvirt read one byte with recvmsg() and expect
 * exactly one control message: SOL_SOCKET/SCM_RIGHTS with cmsg_len
 * CMSG_LEN(sizeof(int)); common/fdpass.c sends it. The socket must be a
 * connected AF_UNIX stream or seqpacket socket (not a listening one),
 * whose peer is still there and can take the byte now: sendfd_check()
 * finds all of this out before anything is created, so that only a
 * peer that goes away during the helper's few milliseconds makes the
 * final send fail. The send never blocks (MSG_DONTWAIT) and never raises
 * SIGPIPE (MSG_NOSIGNAL).
 */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "sendfd.h"

/**
 * sendfd_check() - check that @sock can carry our reply
 * @sock:	descriptor from --fd=
 * @why:	set to a static reason on failure
 *
 * Return: 0, -EBADF if @sock is not open, -ENOTSOCK if it is not a
 * socket, -EAFNOSUPPORT if not AF_UNIX, -EPROTOTYPE if not stream or
 * seqpacket, -EINVAL if it is listening, -ENOTCONN if it is not
 * connected or its peer has closed it, -EAGAIN if it cannot take a byte
 * now
 */
int sendfd_check(int sock, const char **why)
{
	int domain = -1, type = -1, listening = 1;
	socklen_t len = sizeof(int);
	struct sockaddr_storage peer;
	struct pollfd p = { .fd = sock, .events = POLLOUT };
	struct stat st;

	if (fstat(sock, &st)) {
		*why = "--fd is not an open descriptor";
		return -EBADF;
	}
	if (!S_ISSOCK(st.st_mode)) {
		*why = "--fd is not a socket";
		return -ENOTSOCK;
	}
	if (getsockopt(sock, SOL_SOCKET, SO_DOMAIN, &domain, &len) ||
	    domain != AF_UNIX) {
		*why = "--fd is not a Unix socket";
		return -EAFNOSUPPORT;
	}
	len = sizeof(int);
	if (getsockopt(sock, SOL_SOCKET, SO_TYPE, &type, &len) ||
	    (type != SOCK_STREAM && type != SOCK_SEQPACKET)) {
		*why = "--fd is not a stream or seqpacket socket";
		return -EPROTOTYPE;
	}
	len = sizeof(int);
	if (getsockopt(sock, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) ||
	    listening) {
		*why = "--fd is a listening socket, not a connected one";
		return -EINVAL;
	}
	len = sizeof(peer);
	if (getpeername(sock, (struct sockaddr *)&peer, &len)) {
		*why = "--fd is not a connected socket";
		return -ENOTCONN;
	}
	if (poll(&p, 1, 0) < 0 || (p.revents & (POLLHUP | POLLERR))) {
		*why = "--fd: the caller has closed the other end";
		return -ENOTCONN;
	}
	if (!(p.revents & POLLOUT)) {
		*why = "--fd cannot take the reply (its buffer is full)";
		return -EAGAIN;
	}
	return 0;
}
