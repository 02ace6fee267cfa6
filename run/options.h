/* SPDX-License-Identifier: GPL-2.0-or-later */
/* options.h - the command line of `guestnet run` (pure parser) */
#ifndef GN_RUN_OPTIONS_H
#define GN_RUN_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spec.h"

#define RUN_MAX_NETS	8
#define RUN_MAX_FWDS	32

enum nic_model { MODEL_VIRTIO, MODEL_E1000, MODEL_RTL8139 };

/**
 * struct run_opts - what `guestnet run` was asked to do
 * @nets:	one per --net, in order (a single nat if none was given and
 *		a qemu-system-* COMMAND has no network options of its own)
 * @n_nets:	how many
 * @nets_given:	--net was given
 * @model:	--model, for every NIC of a QEMU command
 * @macs:	--mac values, the i-th for the i-th NIC
 * @n_macs:	how many
 * @fwds:	--forward values, all on the first nat NIC
 * @n_fwds:	how many
 * @helper:	--helper PATH, or NULL
 * @emu:	--emu PATH, or NULL
 * @cmd:	COMMAND and its arguments (NULL-terminated, points into argv)
 * @verbose:	-v given
 * @help:	--help given (nothing else is checked then)
 * @version:	--version given
 */
struct run_opts {
	struct net_spec nets[RUN_MAX_NETS];
	unsigned int n_nets;
	bool nets_given;
	enum nic_model model;
	uint8_t macs[RUN_MAX_NETS][6];
	unsigned int n_macs;
	struct forward fwds[RUN_MAX_FWDS];
	unsigned int n_fwds;
	const char *helper;
	const char *emu;
	char **cmd;
	bool verbose;
	bool help;
	bool version;
};

int opts_parse(struct run_opts *o, int argc, char **argv, char *err, size_t errlen);
const char *opts_model_device(enum nic_model model);

#endif /* GN_RUN_OPTIONS_H */
