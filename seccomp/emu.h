/* SPDX-License-Identifier: GPL-2.0-or-later
 * emu.h - seccomp allow-list of guestnet-emu
 */
#ifndef GN_SECCOMP_EMU_H
#define GN_SECCOMP_EMU_H

#include <stddef.h>

/* The root file system is still visible: also allow unlink and stat */
#define SECCOMP_EMU_FS		(1U << 0)
/* Without SECCOMP_EMU_FS: allow unlinkat alone (a socket removed through
 * a directory descriptor opened before the root was emptied) */
#define SECCOMP_EMU_UNLINKAT	(1U << 1)

int seccomp_emu_load(unsigned int flags);
size_t seccomp_emu_syscalls(unsigned int flags, int *out, size_t max);

#endif /* GN_SECCOMP_EMU_H */
