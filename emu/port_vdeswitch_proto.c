// SPDX-License-Identifier: GPL-2.0-or-later
/* port_vdeswitch_proto.c - vde_switch's control protocol: requests, replies
 *
 * DOC: Theory of operation
 *
 * A VDE client (libvdeplug's vde:// plugin: QEMU -netdev vde, vde_plug,
 * vdeq, dpipe, wirefilter, ...) connects a stream socket to DIR/ctl, binds
 * a datagram socket of its own and sends one request, in host byte order:
 *
 *	offset  size  field
 *	     0     4  magic 0xfeedface
 *	     4     4  version, 3
 *	     8     4  type: bits 0-7 the request (0 new port, 1 the
 *	              management port 0), bits 8-31 the port asked for (0 any)
 *	    12   110  struct sockaddr_un of the client's datagram socket
 *	   122  0-128 description, not NUL-terminated (strlen bytes)
 *
 * The switch answers with one struct sockaddr_un (110 bytes): the address
 * of its own datagram socket for that port, already connected to the
 * client's. From then on each datagram is one Ethernet frame, and the
 * control connection stays silent; its EOF ends the port.
 *
 * This file only turns bytes into a checked request and a path into a
 * reply: it makes no system call, so it can be fuzzed. Whether the client
 * may use the socket it names (its owner, found with SO_PEERCRED) is the
 * port's business, as are sockets, files and permissions.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "port_vdeswitch_proto.h"

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Type and port: bits 0-7 and 8-31 of the type field */
static int parse_type(uint32_t type, struct vdesw_request *req,
		      const char **why)
{
	switch (type & 0xffU) {
	case VDESW_TYPE_NEW_CONTROL:
		break;
	case VDESW_TYPE_NEW_PORT0:
		*why = "request for the management port 0 (not served)";
		return -EINVAL;
	default:
		*why = "unknown request type";
		return -EINVAL;
	}
	if ((type >> 8) > VDESW_PORT_MAX) {
		*why = "port number out of range (at most 1024)";
		return -EINVAL;
	}
	req->port = type >> 8;
	return 0;
}

/* The client's struct sockaddr_un: AF_UNIX, an absolute path */
static int parse_sock(const uint8_t *p, struct vdesw_request *req,
		      const char **why)
{
	const char *path = (const char *)p + offsetof(struct sockaddr_un, sun_path);
	const size_t room = VDESW_SOCK_LEN - offsetof(struct sockaddr_un, sun_path);
	sa_family_t family;
	const char *nul;

	memcpy(&family, p, sizeof(family));
	if (family != AF_UNIX) {
		*why = "data socket address is not AF_UNIX";
		return -EINVAL;
	}
	if (!path[0]) {
		*why = "data socket address is unnamed or abstract";
		return -EINVAL;
	}
	nul = memchr(path, '\0', room);
	if (!nul) {
		*why = "data socket path is not NUL-terminated";
		return -EINVAL;
	}
	if (path[0] != '/') {
		*why = "data socket path is not absolute";
		return -EINVAL;
	}
	memcpy(req->path, path, (size_t)(nul - path) + 1);
	return 0;
}

/* The description: the rest of the request, up to an optional NUL */
static int parse_descr(const uint8_t *p, size_t len, struct vdesw_request *req,
		       const char **why)
{
	size_t n;

	if (len > VDESW_DESCR_MAX) {
		*why = "description longer than 128 bytes (request over 250)";
		return -EINVAL;
	}
	for (n = 0; n < len && p[n]; n++) {
		if (p[n] < 0x20 || p[n] == 0x7f) {
			*why = "description contains a control character";
			return -EINVAL;
		}
	}
	memcpy(req->descr, p, n);
	req->descr[n] = '\0';
	return 0;
}

/**
 * vdesw_request_parse() - check a version 3 request of a VDE client
 * @buf:	the bytes read from the control connection so far
 * @len:	their number
 * @req:	result (all fields set on success only)
 * @why:	on failure, a static one-line description for the log
 *
 * Every field is checked: magic, version, type and port, the address
 * family, the path (present, NUL-terminated within sun_path, absolute)
 * and the description (at most 128 bytes, no control characters).
 *
 * Return: 0; -EAGAIN if @len is shorter than the fixed part (122 bytes):
 * read more, or at EOF the request was truncated (@why says so); -EINVAL
 * for a refused request, with @why set
 */
int vdesw_request_parse(const void *buf, size_t len,
			struct vdesw_request *req, const char **why)
{
	const uint8_t *p = buf;
	struct vdesw_request r;
	int ret;

	if (len >= VDESW_OFF_VERSION && get_u32(p + VDESW_OFF_MAGIC) != VDESW_MAGIC) {
		*why = "bad magic (not a VDE request)";
		return -EINVAL;
	}
	if (len >= VDESW_OFF_TYPE &&
	    get_u32(p + VDESW_OFF_VERSION) != VDESW_VERSION) {
		*why = "unsupported protocol version (only 3)";
		return -EINVAL;
	}
	if (len < VDESW_REQ_HDR_LEN) {
		*why = "truncated request (shorter than 122 bytes)";
		return -EAGAIN;
	}
	memset(&r, 0, sizeof(r));
	ret = parse_type(get_u32(p + VDESW_OFF_TYPE), &r, why);
	if (!ret)
		ret = parse_sock(p + VDESW_OFF_SOCK, &r, why);
	if (!ret)
		ret = parse_descr(p + VDESW_REQ_HDR_LEN, len - VDESW_REQ_HDR_LEN,
				  &r, why);
	if (!ret)
		*req = r;
	return ret;
}

/* Copy @path into @buf of @len bytes, or say why it does not fit */
static int put_path(char *buf, size_t len, const char *path, const char **why)
{
	size_t n = strlen(path);

	if (n + 1 > len) {
		*why = "socket path too long";
		return -ENAMETOOLONG;
	}
	memcpy(buf, path, n + 1);
	return 0;
}

/**
 * vdesw_reply_build() - the switch's answer: its per-port socket address
 * @path:	absolute path of the switch's datagram socket for the port
 * @reply:	result; write all sizeof(*reply) bytes of it, as vde_switch
 * @why:	on failure, a static description
 *
 * Return: 0; -EINVAL if @path is empty or relative, -ENAMETOOLONG if it
 * does not fit in sun_path with its NUL (at most 107 bytes), @why set
 */
int vdesw_reply_build(const char *path, struct sockaddr_un *reply,
		      const char **why)
{
	if (path[0] != '/') {
		*why = "socket path is not absolute";
		return -EINVAL;
	}
	memset(reply, 0, sizeof(*reply));
	reply->sun_family = AF_UNIX;
	return put_path(reply->sun_path, sizeof(reply->sun_path), path, why);
}

/* snprintf() wrote @n of @len bytes: refuse (never truncate) a long path */
static int check_fit(int n, size_t len, const char **why)
{
	if (n < 0 || (size_t)n >= len) {
		*why = "socket path too long";
		return -ENAMETOOLONG;
	}
	return 0;
}

/**
 * vdesw_ctl_path() - the control socket's path: DIR/ctl
 * @dir:	the switch directory (sock=)
 * @buf:	result
 * @len:	size of @buf; at most VDESW_PATH_MAX + 1 is used
 * @why:	on failure, a static description
 *
 * Return: 0, or -ENAMETOOLONG if the path would not fit in sun_path
 */
int vdesw_ctl_path(const char *dir, char *buf, size_t len, const char **why)
{
	if (len > VDESW_PATH_MAX + 1)
		len = VDESW_PATH_MAX + 1;
	return check_fit(snprintf(buf, len, "%s/ctl", dir), len, why);
}

/**
 * vdesw_data_path() - a port's datagram socket path, named as vde_switch
 *		       names it: DIR/NNN.SERIAL
 * @dir:	the switch directory
 * @port:	port number (printed with at least 3 digits)
 * @serial:	a number unique among the switch's live sockets (vde_switch
 *		uses the socket's fd)
 * @buf:	result
 * @len:	size of @buf; at most VDESW_PATH_MAX + 1 is used
 * @why:	on failure, a static description
 *
 * Return: 0, or -ENAMETOOLONG if the path would not fit in sun_path
 */
int vdesw_data_path(const char *dir, unsigned int port, unsigned int serial,
		    char *buf, size_t len, const char **why)
{
	if (len > VDESW_PATH_MAX + 1)
		len = VDESW_PATH_MAX + 1;
	return check_fit(snprintf(buf, len, "%s/%03u.%u", dir, port, serial),
			 len, why);
}

/* vde_switch's rule: each class that may read or write may also search */
static mode_t dir_mode_from(mode_t ctl)
{
	mode_t dir = 02000;

	if (ctl & 0600)
		dir |= (ctl & 0600) | 0100;
	if (ctl & 0060)
		dir |= (ctl & 0060) | 0010;
	if (ctl & 0006)
		dir |= (ctl & 0006) | 0001;
	return dir;
}

/**
 * vdesw_modes() - permissions of DIR/ctl and of DIR, as vde_switch sets them
 * @ctl_mode:	mode= (vde_switch -mod), or -1 if not given
 * @dir_mode:	the directory's mode (vde_switch --dirmode), or -1
 * @ctl:	result: mode of DIR/ctl and of the per-port sockets
 * @dir:	result: mode of DIR
 *
 * Neither given: 0600 and 02700. Only @ctl_mode: the directory gets the
 * same read/write bits plus search for each class that has any, and
 * setgid. Only @dir_mode: the sockets get its read/write bits.
 */
void vdesw_modes(int ctl_mode, int dir_mode, mode_t *ctl, mode_t *dir)
{
	if (ctl_mode < 0 && dir_mode < 0) {
		*ctl = VDESW_CTL_MODE_DEFAULT;
		*dir = VDESW_DIR_MODE_DEFAULT;
	} else if (dir_mode < 0) {
		*ctl = (mode_t)ctl_mode & 07777;
		*dir = dir_mode_from(*ctl);
	} else if (ctl_mode < 0) {
		*dir = (mode_t)dir_mode & 07777;
		*ctl = *dir & 0666;
	} else {
		*ctl = (mode_t)ctl_mode & 07777;
		*dir = (mode_t)dir_mode & 07777;
	}
}
