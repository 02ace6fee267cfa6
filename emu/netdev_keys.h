/* SPDX-License-Identifier: GPL-2.0-or-later */
/* netdev_keys.h - keys that several -netdev types share */
#ifndef GN_NETDEV_KEYS_H
#define GN_NETDEV_KEYS_H

#include <stdbool.h>
#include <sys/types.h>

struct gn_addr;
struct netdev_needs;
struct opts;

int netdev_key_hostport(struct opts *o, const char *key, const char *val,
			bool passive, struct gn_addr *a);
int netdev_key_fd(struct opts *o, const char *key, const char *val, int *fd);
int netdev_key_ifname(struct opts *o, const char *key, const char *name);
int netdev_key_program(struct opts *o, const char *key, const char *path);
int netdev_key_prefix_len(struct opts *o, const char *key, const char *text,
			  unsigned int min, unsigned int max, unsigned int *len);
int netdev_key_address(struct opts *o, const char *prefix, bool passive,
		       struct gn_addr *a, int *fd, bool *given);
int netdev_key_mode(struct opts *o, const char *key, int def, int *mode);
int netdev_key_group(struct opts *o, const char *key, const char **name,
		     gid_t *gid);

void netdev_address_needs(const struct opts *o, const char *type_key,
			  struct netdev_needs *n);
void netdev_group_needs(const struct opts *o, const char *key,
			struct netdev_needs *n);

#endif /* GN_NETDEV_KEYS_H */
