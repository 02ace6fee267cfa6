/* SPDX-License-Identifier: GPL-2.0-or-later
 * netlink.h - bridge attach over rtnetlink (libnl-route-3)
 */
#ifndef GN_HELPER_NETLINK_H
#define GN_HELPER_NETLINK_H

int netlink_attach(const char *bridge, const char *tap, const char **why);

#endif /* GN_HELPER_NETLINK_H */
