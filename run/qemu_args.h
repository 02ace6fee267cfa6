/* SPDX-License-Identifier: GPL-2.0-or-later */
/* qemu_args.h - QEMU options for the NICs guestnet run set up */
#ifndef GN_RUN_QEMU_ARGS_H
#define GN_RUN_QEMU_ARGS_H

#include "nic.h"
#include "options.h"
#include "strv.h"

/* hub id of NIC i's hubport for --net none: QEMU_NONE_HUB + i */
#define QEMU_NONE_HUB	1000000

int qemu_args(struct strv *out, char *const cmd[], const struct nic *nics,
	      unsigned int n, enum nic_model model);

#endif /* GN_RUN_QEMU_ARGS_H */
