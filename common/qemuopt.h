/* SPDX-License-Identifier: GPL-2.0-or-later */
/* qemuopt.h - one element of a QEMU option string ("type,key=value,...") */
#ifndef GN_QEMUOPT_H
#define GN_QEMUOPT_H

#include <stddef.h>

size_t qemuopt_element(const char *s, char *out);

#endif /* GN_QEMUOPT_H */
