/* SPDX-License-Identifier: GPL-2.0-or-later
 * fds.h - descriptors 0-2 and the reply socket, made safe first
 */
#ifndef GN_HELPER_FDS_H
#define GN_HELPER_FDS_H

void fds_open_std(void);
int fds_protect(int *reply);

#endif /* GN_HELPER_FDS_H */
