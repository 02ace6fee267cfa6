/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nle_errno.h - libnl error codes as negative errno values */
#ifndef GN_NLE_ERRNO_H
#define GN_NLE_ERRNO_H

int nle_to_errno(int nle);

#endif /* GN_NLE_ERRNO_H */
