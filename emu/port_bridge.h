/* SPDX-License-Identifier: GPL-2.0-or-later */
/* port_bridge.h - -netdev bridge: a tap on a bridge, from the bridge helper */
#ifndef GN_PORT_BRIDGE_H
#define GN_PORT_BRIDGE_H

struct netdev_req;

/* QEMU's DEFAULT_BRIDGE_INTERFACE */
#define BRIDGE_DEFAULT	"br0"

int bridge_open(struct netdev_req *req, const char *helper, const char *br);

#endif /* GN_PORT_BRIDGE_H */
