/* SPDX-License-Identifier: GPL-2.0-or-later
 * helper.h - seccomp allow-list of guestnet-bridge-helper
 */
#ifndef GN_SECCOMP_HELPER_H
#define GN_SECCOMP_HELPER_H

int seccomp_helper_load(void);

#endif /* GN_SECCOMP_HELPER_H */
