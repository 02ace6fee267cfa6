/* SPDX-License-Identifier: GPL-2.0-or-later */
/* port_user_config.h - -netdev user's keys, read into a libslirp SlirpConfig */
#ifndef GN_PORT_USER_CONFIG_H
#define GN_PORT_USER_CONFIG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <slirp/libslirp.h>

#include "port_user.h"

struct opts;

#define USER_MAX_FWD		256
#define USER_MAX_DNSSEARCH	16
#define USER_MTU_MIN		576
#define USER_MTU_MAX		65520

/**
 * struct user_cfg - what the options ask for, before the stack exists
 * @sc:		libslirp's configuration
 * @dnssearch:	NULL-terminated list for @sc.vdnssearch
 * @fwd:	host forwards
 * @nfwd:	number of @fwd
 * @gfwd_addr:	guest forward addresses
 * @gfwd_port:	guest forward ports
 * @gfwd_cmd:	guest forward commands
 * @ngfwd:	number of guest forwards
 * @wscale:	relay TCP window scaling (tcpwin.c)
 * @smb_dir:	smb=: the directory to share, or NULL
 * @smb_server:	smbserver=: the guest address of the SMB server
 */
struct user_cfg {
	SlirpConfig sc;
	const char *dnssearch[USER_MAX_DNSSEARCH + 1];
	struct user_hostfwd fwd[USER_MAX_FWD];
	unsigned int nfwd;
	struct in_addr gfwd_addr[USER_MAX_FWD];
	int gfwd_port[USER_MAX_FWD];
	const char *gfwd_cmd[USER_MAX_FWD];
	unsigned int ngfwd;
	bool wscale;
	const char *smb_dir;
	struct in_addr smb_server;
};

int user_config_parse(struct opts *o, struct user_cfg *c);
int user_parse_fwd_addr(const char *s, size_t len, bool *udp,
			struct in_addr *addr, uint16_t *port, bool need_proto_sep);

#endif /* GN_PORT_USER_CONFIG_H */
