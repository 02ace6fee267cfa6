/* SPDX-License-Identifier: GPL-2.0-or-later
 * sysctl.h - read and write /proc/sys values of our network namespace
 */
#ifndef GN_NETWORK_SYSCTL_H
#define GN_NETWORK_SYSCTL_H

int sysctl_get(const char *path, int *value);
int sysctl_set(const char *path, int value);

#endif /* GN_NETWORK_SYSCTL_H */
