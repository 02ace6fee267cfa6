/* SPDX-License-Identifier: GPL-2.0-or-later
 * rlimits.h - resource limits and signal dispositions from the caller
 */
#ifndef GN_HELPER_RLIMITS_H
#define GN_HELPER_RLIMITS_H

#include <stddef.h>

int rlimits_check(char *msg, size_t msglen);

#endif /* GN_HELPER_RLIMITS_H */
