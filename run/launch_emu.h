/* SPDX-License-Identifier: GPL-2.0-or-later */
/* launch_emu.h - the private guestnet-emu of --net nat */
#ifndef GN_RUN_LAUNCH_EMU_H
#define GN_RUN_LAUNCH_EMU_H

#include <limits.h>
#include <stddef.h>

#include "proc.h"
#include "spec.h"

#define EMU_SOCK_MAX	108	/* sizeof(sun_path) */
#define EMU_MAX_NICS	8

/**
 * struct emu_nat - a running private emulator
 * @proc:	the process
 * @dir:	its private directory ("" if none)
 * @ctl:	its control socket
 * @sock:	the unix stream socket of NAT NIC i
 * @n:		number of NAT NICs
 */
struct emu_nat {
	struct proc proc;
	char dir[PATH_MAX];
	char ctl[EMU_SOCK_MAX];
	char sock[EMU_MAX_NICS][EMU_SOCK_MAX];
	unsigned int n;
};

int emu_nat_start(struct emu_nat *e, const char *emu, const char *base,
		  unsigned int n_nat, const struct forward *fwds,
		  unsigned int n_fwds, char *err, size_t errlen);
void emu_nat_stop(struct emu_nat *e);

#endif /* GN_RUN_LAUNCH_EMU_H */
