/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tapdev.h - tap devices: open, create, inspect and prepare a tap */
#ifndef GN_TAPDEV_H
#define GN_TAPDEV_H

#include <net/if.h>
#include <stdbool.h>
#include <sys/types.h>

/* Bytes of the virtio-net header with IFF_VNET_HDR (struct virtio_net_hdr) */
#define TAPDEV_VNET_HDR_LEN	10

int tapdev_open(const char *name, bool vnet, int *out);
int tapdev_create(bool want_vnet, uid_t owner, char name[IFNAMSIZ], bool *vnet);
int tapdev_inspect(int fd, bool *vnet, char name[IFNAMSIZ], const char **why);
int tapdev_prepare(int fd, bool vnet, const char **why);
int tapdev_offload(int fd, bool tso, const char **why);
int tapdev_setup(int fd, bool *vnet, char name[IFNAMSIZ], const char **why);

#endif /* GN_TAPDEV_H */
