/* SPDX-License-Identifier: GPL-2.0-or-later */
/* port_netns.h - guest NICs: a tap inside a network namespace */
#ifndef GN_PORT_NETNS_H
#define GN_PORT_NETNS_H

#include <stdbool.h>

void netns_set_command(char **argv);
bool netns_command_unused(void);

#endif /* GN_PORT_NETNS_H */
