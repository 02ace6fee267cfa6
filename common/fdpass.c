// SPDX-License-Identifier: GPL-2.0-or-later
/* fdpass.c - pass one descriptor over a unix socket (SCM_RIGHTS)
 *
 * The message is the one qemu-bridge-helper sends and QEMU's net/tap.c and
 * libvirt check strictly: one data byte, 0x00, and exactly one
 * SOL_SOCKET / SCM_RIGHTS control message of CMSG_LEN(sizeof(int)). The
 * bridge helper sends its tap this way (without waiting: MSG_DONTWAIT);
 * guestnet-emu and `guestnet run` receive it, and the child that makes a
 * netns port's tap sends it to the emulator. On receipt anything else —
 * more descriptors, other control messages, truncation — is refused, and
 * every descriptor it carried is closed. Neither end raises SIGPIPE.
 */

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fdpass.h"

#define FDPASS_MAX_FDS	8	/* room to receive (and close) a few extra */

/**
 * fdpass_send() - send one byte 0x00 with one descriptor
 * @sock:	connected unix socket
 * @fd:		the descriptor
 * @flags:	sendmsg() flags besides MSG_NOSIGNAL (MSG_DONTWAIT)
 *
 * Return: 0, or the negative errno of sendmsg() (-EAGAIN if the peer's
 *	   buffer is full, -EPIPE if it went away), -EIO if it sent no byte
 */
int fdpass_send(int sock, int fd, int flags)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	char byte = 0;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	ssize_t n;

	memset(u.buf, 0, sizeof(u.buf));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	do
		n = sendmsg(sock, &msg, MSG_NOSIGNAL | flags);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == 1 ? 0 : -EIO;
}

/* Close every descriptor the control messages of @m brought */
static void fdpass_close_all(struct msghdr *m)
{
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(m); cm; cm = CMSG_NXTHDR(m, cm)) {
		size_t n;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS ||
		    cm->cmsg_len < CMSG_LEN(0))
			continue;
		n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(fd));
			close(fd);
		}
	}
}

/**
 * fdpass_recv() - receive one message, which may carry one descriptor
 * @sock:	unix socket
 * @flags:	recvmsg() flags (MSG_DONTWAIT)
 * @data:	buffer for the message's bytes
 * @len:	its size, at least 1
 * @fd:		the descriptor (close-on-exec), or -1 if the message had none
 *
 * Return: bytes received (0 at end of file), -EAGAIN if there is no
 *	   message yet, -EPROTO if its control data was not exactly one
 *	   descriptor or anything was truncated (descriptors closed), or
 *	   another negative errno
 */
ssize_t fdpass_recv(int sock, int flags, void *data, size_t len, int *fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * FDPASS_MAX_FDS)];
		struct cmsghdr align;
	} u;
	struct iovec iov = { data, len };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *cm;
	ssize_t n;

	*fd = -1;
	memset(u.buf, 0, sizeof(u.buf));
	do
		n = recvmsg(sock, &m, MSG_CMSG_CLOEXEC | flags);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	cm = CMSG_FIRSTHDR(&m);
	if (!cm && !(m.msg_flags & (MSG_CTRUNC | MSG_TRUNC)))
		return n;
	if ((m.msg_flags & (MSG_CTRUNC | MSG_TRUNC)) || !cm ||
	    CMSG_NXTHDR(&m, cm) || cm->cmsg_level != SOL_SOCKET ||
	    cm->cmsg_type != SCM_RIGHTS || cm->cmsg_len != CMSG_LEN(sizeof(int))) {
		fdpass_close_all(&m);
		return -EPROTO;
	}
	memcpy(fd, CMSG_DATA(cm), sizeof(*fd));
	return n;
}
