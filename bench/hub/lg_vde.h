/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lg_vde.h - gn-loadgen connections to a VDE switch (libvdeplug) */
#ifndef LG_VDE_H
#define LG_VDE_H

/* Largest frame of a VDE connection: one receive slot of the worker */
#define LG_VDE_FRAME_MAX	16380u

int lg_vde_open(const char *dir, void **conn);
void lg_vde_close(void *conn);

#endif /* LG_VDE_H */
