/* SPDX-License-Identifier: GPL-2.0-or-later */
/* port_vdeswitch_proto.h - vde_switch's control protocol: requests, replies */
#ifndef GN_PORT_VDESWITCH_PROTO_H
#define GN_PORT_VDESWITCH_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/un.h>

#define VDESW_MAGIC		0xfeedfaceU
#define VDESW_VERSION		3U
#define VDESW_TYPE_NEW_CONTROL	0U	/* a new port (any, or the one asked) */
#define VDESW_TYPE_NEW_PORT0	1U	/* vde_switch's management port 0 */

/* Wire layout of a version 3 request, in host byte order */
#define VDESW_OFF_MAGIC		0
#define VDESW_OFF_VERSION	4
#define VDESW_OFF_TYPE		8
#define VDESW_OFF_SOCK		12
#define VDESW_SOCK_LEN		sizeof(struct sockaddr_un)	/* 110 */
#define VDESW_REQ_HDR_LEN	(VDESW_OFF_SOCK + VDESW_SOCK_LEN) /* 122 */
#define VDESW_DESCR_MAX		128U	/* libvdeplug's MAXDESCR */
#define VDESW_REQ_MAX_LEN	(VDESW_REQ_HDR_LEN + VDESW_DESCR_MAX)
#define VDESW_PATH_MAX		(sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

/* Highest port a client may ask for: as many as a listener's peers */
#define VDESW_PORT_MAX		1024U

/* vde_switch's defaults when neither -mod nor --dirmode is given */
#define VDESW_CTL_MODE_DEFAULT	0600
#define VDESW_DIR_MODE_DEFAULT	02700

/**
 * struct vdesw_request - a validated version 3 request of a VDE client
 * @port:	port number asked for, 1..VDESW_PORT_MAX, or 0 for any
 * @path:	the client's datagram socket (absolute, NUL-terminated): where
 *		the switch must connect its own per-port socket
 * @descr:	the client's description, NUL-terminated, no control
 *		characters (libvdeplug sends "PROGRAM user=NAME pid=N")
 */
struct vdesw_request {
	unsigned int port;
	char path[VDESW_PATH_MAX + 1];
	char descr[VDESW_DESCR_MAX + 1];
};

int vdesw_request_parse(const void *buf, size_t len,
			struct vdesw_request *req, const char **why);
int vdesw_reply_build(const char *path, struct sockaddr_un *reply,
		      const char **why);
int vdesw_ctl_path(const char *dir, char *buf, size_t len, const char **why);
int vdesw_data_path(const char *dir, unsigned int port, unsigned int serial,
		    char *buf, size_t len, const char **why);
void vdesw_modes(int ctl_mode, int dir_mode, mode_t *ctl, mode_t *dir);

#endif /* GN_PORT_VDESWITCH_PROTO_H */
