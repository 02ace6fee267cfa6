/* SPDX-License-Identifier: GPL-2.0-or-later
 * args.h - command line of guestnet-bridge-helper (qemu-bridge-helper's)
 */
#ifndef GN_HELPER_ARGS_H
#define GN_HELPER_ARGS_H

#include <stdbool.h>

/**
 * struct helper_args - parsed command line
 * @bridge:	bridge name, validated by ifname_check(), points into argv
 * @fd:		Unix socket to send the tap fd on
 * @use_vnet:	--use-vnet given: ask for IFF_VNET_HDR if the kernel has it
 */
struct helper_args {
	const char *bridge;
	int fd;
	bool use_vnet;
};

enum args_result {
	ARGS_RUN = 0,
	ARGS_HELP = 1,
	ARGS_VERSION = 2,
};

int args_parse(int argc, char *const argv[], struct helper_args *a,
	       const char **why);
const char *args_usage(void);

#endif /* GN_HELPER_ARGS_H */
