/* SPDX-License-Identifier: GPL-2.0-or-later
 * privs.h - become the caller keeping CAP_NET_ADMIN, then confine
 */
#ifndef GN_HELPER_PRIVS_H
#define GN_HELPER_PRIVS_H

int privs_drop(const char **why);
int privs_raise(const char **why);
int privs_confine(const char **why);

#endif /* GN_HELPER_PRIVS_H */
