/* SPDX-License-Identifier: GPL-2.0-or-later */
/* qnet.h - QEMU's own network options in a qemu-system-* COMMAND (pure) */
#ifndef GN_RUN_QNET_H
#define GN_RUN_QNET_H

#include <stdbool.h>
#include <stddef.h>

#include "spec.h"
#include "strv.h"

#define QNET_MAX_OPTS	64	/* -net, -netdev, -nic and -redir options */
#define QNET_MAX_NICS	8	/* QEMU's MAX_NICS: -net nic and -nic together */

/**
 * struct qnet_params - what the translation depends on besides COMMAND
 * @dir:	directory of the emulator's sockets (the launch's private
 *		directory; any absolute path to only check COMMAND)
 * @helper:	bridge helper for a moved bridge backend without helper=,
 *		or NULL for guestnet-emu's own default
 * @guestnet_nics: --net was given: no QEMU default network is implied
 * @has_nat:	there is a --net nat, which takes -redir when COMMAND has
 *		no user-mode backend
 */
struct qnet_params {
	const char *dir;
	const char *helper;
	bool guestnet_nics;
	bool has_nat;
};

/**
 * struct qnet - COMMAND with its network options translated
 * @active:	COMMAND has network options; when false the rest is empty
 *		and COMMAND runs unchanged
 * @qemu:	COMMAND's new argv
 * @emu:	guestnet-emu's port options; empty if no emulator is needed
 * @nat_fwds:	-redir forwards for the first --net nat
 * @n_nat_fwds:	how many
 * @n_nics:	NICs of -net nic and -nic
 * @n_ports:	backends moved into the emulator
 */
struct qnet {
	bool active;
	struct strv qemu;
	struct strv emu;
	struct forward nat_fwds[QNET_MAX_OPTS];
	unsigned int n_nat_fwds;
	unsigned int n_nics;
	unsigned int n_ports;
};

bool qnet_is_qemu(const char *argv0);
bool qnet_has_options(char *const cmd[]);
int qnet_translate(struct qnet *q, char *const cmd[], const struct qnet_params *p,
		   char *err, size_t errlen);
void qnet_free(struct qnet *q);

#endif /* GN_RUN_QNET_H */
