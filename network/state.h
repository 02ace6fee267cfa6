/* SPDX-License-Identifier: GPL-2.0-or-later
 * state.h - what `guestnet-network up` made, recorded for `down`
 */
#ifndef GN_NETWORK_STATE_H
#define GN_NETWORK_STATE_H

#include <stdbool.h>

/**
 * struct netstate - what up changed, so down undoes exactly that
 * @bridge_created:	the bridge did not exist before
 * @addr_added:		the IPv4 address was added by us
 * @addr6_added:	the IPv6 address was added by us
 * @uplink_enslaved:	the uplink was put in the bridge by us
 * @forward_set:	net.ipv4.ip_forward was 0 and we set it to 1
 * @forward6_set:	net.ipv6.conf.all.forwarding likewise
 * @rules:		our chains were loaded
 * @dnsmasq:		dnsmasq was started
 */
struct netstate {
	bool bridge_created, addr_added, addr6_added, uplink_enslaved;
	bool forward_set, forward6_set, rules, dnsmasq;
};

int state_read(const char *rundir, const char *name, struct netstate *st);
int state_write(const char *rundir, const char *name,
		const struct netstate *st);
int state_remove(const char *rundir, const char *name);

#endif /* GN_NETWORK_STATE_H */
