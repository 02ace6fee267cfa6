/* SPDX-License-Identifier: GPL-2.0-or-later */
/* port_tap.h - ports on a tap device descriptor (-netdev tap) */
#ifndef GN_PORT_TAP_H
#define GN_PORT_TAP_H

#include <stdbool.h>

struct hub;
struct netdev_req;
struct port;

/* How long a tap script or the bridge helper may run before it is killed */
#define TAP_CHILD_TIMEOUT_MS	5000

/**
 * typedef tap_close_fn - called once when a tap port is destroyed
 * @opaque:	the pointer given to tap_port_open()
 */
typedef void (*tap_close_fn)(void *opaque);

int tap_port_open(const char *id, struct hub *h, int fd,
		  unsigned int vnet_hdr_len, const char *peer,
		  struct port **out);
int tap_port_enable_offload(struct port *p);
void tap_port_on_close(struct port *p, tap_close_fn fn, void *opaque);
int tap_port_add(struct netdev_req *req, int fd, bool vnet, const char *peer,
		 struct port **p);

#endif /* GN_PORT_TAP_H */
