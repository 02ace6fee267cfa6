/* SPDX-License-Identifier: GPL-2.0-or-later */
/* port_user_internal.h - what port_user.c, port_user_frames.c and
 * port_user_fwd.c share */
#ifndef GN_PORT_USER_INTERNAL_H
#define GN_PORT_USER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <slirp/libslirp.h>

#include "util.h"
#include "loop.h"
#include "port.h"
#include "port_user.h"
#include "port_user_config.h"

struct tcpwin;
struct user_port;
struct user_smb;

/**
 * struct user_fd - one of slirp's descriptors in our loop
 * @watch:	epoll registration (fd -1 when not registered)
 * @u:		owning port
 * @revents:	SLIRP_POLL_* seen since slirp last looked
 * @gen:	fill generation that last asked for it
 */
struct user_fd {
	struct loop_watch watch;
	struct user_port *u;
	int revents;
	unsigned int gen;
};

/**
 * struct user_port - a user-mode NAT port
 * @port:	the port
 * @slirp:	the NAT stack
 * @fds:	registrations, indexed by descriptor number
 * @nfds:	size of @fds
 * @pollv:	descriptor of each add_poll index of the last fill
 * @npoll:	entries used in @pollv
 * @pollcap:	size of @pollv
 * @gen:	current fill generation
 * @paused:	a destination is congested: slirp's descriptors are not read
 * @timer:	wakes the loop when slirp's timeout expires
 * @relay_timer: the ACK relay's timeouts (tcpwin_ack.c), while it holds
 * @rxc:	chunk for frames from slirp
 * @rx_end:	bytes used in @rxc
 * @pend:	frame of @rxc later segments may be merged into (coalesce.c),
 *		not handed to the hub yet; @pend.chunk NULL if none
 * @mtu:	libslirp's MTU (it refuses larger IPv6 packets)
 * @tw:		TCP window-scaling relay (tcpwin.c), NULL with wscale=off
 * @fwd:	host forwards, as given
 * @nfwd:	number of @fwd
 * @smb:	smb=: the share and its smbd (port_user_smb.c), or NULL
 * @next:	link in the list of user ports
 */
struct user_port {
	struct port port;
	Slirp *slirp;
	struct user_fd **fds;
	int nfds;
	int *pollv;
	int npoll;
	int pollcap;
	unsigned int gen;
	bool paused;
	struct loop_timer timer;
	struct loop_timer relay_timer;
	struct chunk *rxc;
	uint32_t rx_end;
	struct frame pend;
	uint32_t mtu;
	struct tcpwin *tw;
	struct user_hostfwd fwd[USER_MAX_FWD];
	unsigned int nfwd;
	struct user_smb *smb;
	struct user_port *next;
};

#define user_of(p)	container_of(p, struct user_port, port)

int user_fwd_apply(struct user_port *u, const struct user_hostfwd *fw,
		   char *err, size_t errlen);

struct frame;
ssize_t user_send_packet(const void *buf, size_t len, void *opaque);
void user_flush_pending(struct user_port *u);
void user_feed(struct user_port *u, const struct frame *f);

#endif /* GN_PORT_USER_INTERNAL_H */
