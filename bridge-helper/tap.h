/* SPDX-License-Identifier: GPL-2.0-or-later
 * tap.h - create the tap device
 */
#ifndef GN_HELPER_TAP_H
#define GN_HELPER_TAP_H

#include <net/if.h>
#include <stdbool.h>
#include <sys/types.h>

int tap_create(bool want_vnet, uid_t owner, char name[IFNAMSIZ], bool *vnet);

#endif /* GN_HELPER_TAP_H */
