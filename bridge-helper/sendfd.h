/* SPDX-License-Identifier: GPL-2.0-or-later
 * sendfd.h - the reply to QEMU: one byte and one fd over a Unix socket
 */
#ifndef GN_HELPER_SENDFD_H
#define GN_HELPER_SENDFD_H

int sendfd_check(int sock, const char **why);
int sendfd_send(int sock, int fd);

#endif /* GN_HELPER_SENDFD_H */
