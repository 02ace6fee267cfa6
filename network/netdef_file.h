/* SPDX-License-Identifier: GPL-2.0-or-later
 * netdef_file.h - read network definitions from the networks directory
 */
#ifndef GN_NETWORK_NETDEF_FILE_H
#define GN_NETWORK_NETDEF_FILE_H

#include <stddef.h>

struct netdef;

/**
 * typedef netdef_each_fn - called for each definition read by netdef_scan()
 * @nd:		the definition (valid for the call only)
 * @path:	its file
 * @opaque:	caller's pointer
 *
 * Return: 0 to go on, 1 to stop with success, negative errno to fail
 */
typedef int (*netdef_each_fn)(const struct netdef *nd, const char *path,
			      void *opaque);

int netdef_load(const char *dir, const char *name, struct netdef *nd,
		char *msg, size_t msglen);
int netdef_scan(const char *dir, netdef_each_fn fn, void *opaque,
		char *msg, size_t msglen);
int netdef_find_bridge(const char *dir, const char *bridge,
		       struct netdef *nd, char *path, size_t pathlen,
		       char *msg, size_t msglen);

#endif /* GN_NETWORK_NETDEF_FILE_H */
