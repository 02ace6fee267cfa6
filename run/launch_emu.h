/* SPDX-License-Identifier: GPL-2.0-or-later */
/* launch_emu.h - the private guestnet-emu processes of a launch */
#ifndef GN_RUN_LAUNCH_EMU_H
#define GN_RUN_LAUNCH_EMU_H

#include <limits.h>
#include <stddef.h>

#include "proc.h"
#include "spec.h"
#include "strv.h"

#define EMU_SOCK_MAX	108	/* sizeof(sun_path) */
#define EMU_MAX_NICS	8

/**
 * struct emu_priv - a private emulator: our child, in its own directory
 * @proc:	the process
 * @dir:	its private directory ("" if none)
 * @ctl:	its control socket
 */
struct emu_priv {
	struct proc proc;
	char dir[PATH_MAX];
	char ctl[EMU_SOCK_MAX];
};

/**
 * struct emu_nat - the emulator of the --net nat NICs, or of the --net
 *		    vde:URL NICs: hub i has NIC i's backend and its socket
 * @e:		the process and its directory
 * @sock:	the unix stream socket of NIC i
 * @n:		number of NICs
 */
struct emu_nat {
	struct emu_priv e;
	char sock[EMU_MAX_NICS][EMU_SOCK_MAX];
	unsigned int n;
};

int emu_priv_dir(struct emu_priv *e, const char *base, char *err, size_t errlen);
int emu_priv_spawn(struct emu_priv *e, const char *emu, const struct strv *opts,
		   char *err, size_t errlen);
void emu_priv_stop(struct emu_priv *e);
int emu_nat_start(struct emu_nat *e, const char *emu, const char *base,
		  unsigned int n_nat, const struct forward *fwds,
		  unsigned int n_fwds, char *err, size_t errlen);
void emu_nat_stop(struct emu_nat *e);
int emu_vde_start(struct emu_nat *e, const char *emu, const char *base,
		  const char *const *urls, unsigned int n, char *err, size_t errlen);

#endif /* GN_RUN_LAUNCH_EMU_H */
