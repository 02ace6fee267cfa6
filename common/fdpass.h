/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fdpass.h - pass one descriptor over a unix socket (SCM_RIGHTS) */
#ifndef GN_FDPASS_H
#define GN_FDPASS_H

#include <stddef.h>
#include <sys/types.h>

int fdpass_send(int sock, int fd, int flags);
ssize_t fdpass_recv(int sock, int flags, void *data, size_t len, int *fd);

#endif /* GN_FDPASS_H */
