/* SPDX-License-Identifier: GPL-2.0-or-later */
/* port_vdeswitch_internal.h - what the files of -netdev vdeswitch share */
#ifndef GN_PORT_VDESWITCH_INTERNAL_H
#define GN_PORT_VDESWITCH_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "port.h"
#include "port_vdeswitch_proto.h"

struct vdesw_client;

/**
 * struct vdesw - a VDE switch: DIR/ctl, listening, and its clients
 * @port:	non-forwarding port (name, hub, the listening socket); the
 *		clients' ports are its children
 * @dir:	the switch directory (sock=)
 * @ctl_path:	DIR/ctl
 * @sock_mode:	mode of DIR/ctl and of the per-port sockets
 * @made_dir:	we made @dir: removed at close if empty
 * @serial:	last number used in a per-port socket's name
 * @pending:	accepted connections whose request is not complete yet
 * @npending:	how many
 * @clients:	clients served, whose ports are open (or closing)
 * @used:	port numbers in use, one bit each (0 is never used)
 */
struct vdesw {
	struct port port;
	char dir[VDESW_PATH_MAX + 1];
	char ctl_path[VDESW_PATH_MAX + 1];
	mode_t sock_mode;
	bool made_dir;
	unsigned int serial;
	struct vdesw_pending *pending;
	unsigned int npending;
	struct vdesw_client *clients;
	uint64_t used[(VDESW_PORT_MAX + 64) / 64];
};

/**
 * struct vdesw_pending - a control connection whose request is awaited
 * @w:		the connection
 * @deadline:	VDESW_REQUEST_MS after accept: refused as truncated then
 * @sw:		its switch
 * @cred:	the client's pid, uid and gid (SO_PEERCRED)
 * @len:	bytes of @buf read
 * @buf:	the request so far (one byte more than the longest)
 * @next:	link in @sw->pending
 */
struct vdesw_pending {
	struct loop_watch w;
	struct loop_timer deadline;
	struct vdesw *sw;
	struct ucred cred;
	size_t len;
	uint8_t buf[VDESW_REQ_MAX_LEN + 1];
	struct vdesw_pending *next;
};

int vdesw_client_serve(struct vdesw *sw, struct vdesw_pending *pd,
		       const struct vdesw_request *req, const char **why);
void vdesw_clients_detach(struct vdesw *sw);
unsigned int vdesw_clients_count(const struct vdesw *sw);

#endif /* GN_PORT_VDESWITCH_INTERNAL_H */
