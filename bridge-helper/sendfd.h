/* SPDX-License-Identifier: GPL-2.0-or-later
 * sendfd.h - the socket of the reply to QEMU, checked
 */
#ifndef GN_HELPER_SENDFD_H
#define GN_HELPER_SENDFD_H

int sendfd_check(int sock, const char **why);

#endif /* GN_HELPER_SENDFD_H */
