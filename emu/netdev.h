/* SPDX-License-Identifier: GPL-2.0-or-later */
/* netdev.h - create and remove ports from -netdev / -net option strings */
#ifndef GN_NETDEV_H
#define GN_NETDEV_H

#include <stdbool.h>
#include <stddef.h>

struct hub;
struct opts;

/**
 * struct netdev_req - one port to create, as the type handlers see it
 * @o:		the parsed options; handlers consume their keys
 * @id:		port name
 * @hub:	hub the port joins
 */
struct netdev_req {
	struct opts *o;
	const char *id;
	struct hub *hub;
};

/**
 * struct netdev_type - a -netdev TYPE
 * @name:	TYPE as on the command line
 * @create:	consume the type's keys, check them, open the port; on error
 *		return negative errno with the message in @req->o->err
 */
struct netdev_type {
	const char *name;
	int (*create)(struct netdev_req *req);
};

int netdev_add(struct opts *o, bool legacy);
int netdev_del(const char *id);

int netdev_socket(struct netdev_req *req);
int netdev_stream(struct netdev_req *req);
int netdev_dgram(struct netdev_req *req);
int netdev_hubport(struct netdev_req *req);
int netdev_tap(struct netdev_req *req);
int netdev_bridge(struct netdev_req *req);
int netdev_user(struct netdev_req *req);
int netdev_netns(struct netdev_req *req);

#endif /* GN_NETDEV_H */
