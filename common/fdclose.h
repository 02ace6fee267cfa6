/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fdclose.h - close every descriptor above a number */
#ifndef GN_FDCLOSE_H
#define GN_FDCLOSE_H

void fd_close_from(unsigned int first, int keep);

#endif /* GN_FDCLOSE_H */
