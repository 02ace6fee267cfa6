/* SPDX-License-Identifier: GPL-2.0-or-later */
/* s4n_nat.h - the slirp4netns front end's NAT: guestnet's user-mode port */
#ifndef GN_S4N_NAT_H
#define GN_S4N_NAT_H

#include <stddef.h>
#include <netinet/in.h>

#include "s4n_api.h"

struct hub;
struct port;
struct s4n_options;
struct user_cfg;

/* libslirp's smallest interface MTU (IF_MTU_MIN); slirp4netns takes 1.. */
#define S4N_NAT_MTU_MIN		68

/**
 * struct s4n_nat - the NAT of one front end process
 * @port:	the user-mode port on the hub
 * @out4:	--outbound-addr, as libslirp keeps it (by pointer)
 * @out6:	--outbound-addr6, likewise
 */
struct s4n_nat {
	struct port *port;
	struct sockaddr_in out4;
	struct sockaddr_in6 out6;
};

extern const struct s4n_nat_ops s4n_nat_ops;

int s4n_nat_config(const struct s4n_options *o, struct user_cfg *c,
		   struct s4n_nat *nat, char *err, size_t errlen);
int s4n_nat_open(struct s4n_nat *nat, const struct s4n_options *o,
		 struct hub *h, char *err, size_t errlen);

#endif /* GN_S4N_NAT_H */
