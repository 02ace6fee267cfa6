// SPDX-License-Identifier: GPL-2.0-or-later
/* user-config/harness.c - libFuzzer harness of -netdev user's keys
 *
 * The input is the option string after "-netdev user,id=..": its keys go
 * through user_config_parse() (emu/port_user_config.c), which must either
 * fail with a message naming the option, or consume every key and give a
 * configuration libslirp could be started with: host, DHCP start and DNS
 * server inside the network and distinct where they must be, a contiguous
 * mask, sane prefix lengths and MTU, every list within its bound, and host
 * forwards that read back the same when printed again. No stack is made.
 */

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optstring.h"
#include "port_user.h"
#include "port_user_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

/* A host address of the network: not the network or broadcast address */
static void check_in_net(const SlirpConfig *sc, struct in_addr a)
{
	uint32_t net = ntohl(sc->vnetwork.s_addr), mask = ntohl(sc->vnetmask.s_addr);
	uint32_t h = ntohl(a.s_addr);

	check((h & mask) == net && h != net && (h | mask) != 0xffffffffU);
}

static void check_hostfwd(const struct user_hostfwd *fw)
{
	struct user_hostfwd again;
	char rule[200];

	check(memchr(fw->host_addr, 0, sizeof(fw->host_addr)) != NULL);
	check(memchr(fw->guest_addr, 0, sizeof(fw->guest_addr)) != NULL);
	check(fw->guest_port != 0);
	snprintf(rule, sizeof(rule), "%s:%s:%u-%s:%u", fw->udp ? "udp" : "tcp",
		 fw->host_addr, fw->host_port, fw->guest_addr, fw->guest_port);
	check(user_parse_hostfwd(rule, &again) == 0);
	check(again.udp == fw->udp && again.host_port == fw->host_port &&
	      again.guest_port == fw->guest_port &&
	      !strcmp(again.host_addr, fw->host_addr) &&
	      !strcmp(again.guest_addr, fw->guest_addr));
}

static void check_config(const struct opts *o, const struct user_cfg *c)
{
	const SlirpConfig *sc = &c->sc;
	uint32_t mask = ntohl(sc->vnetmask.s_addr);
	unsigned int n = 0;

	for (unsigned int i = 0; i < o->n; i++)
		check(o->kv[i].used);
	check(sc->version >= 1 && (sc->in_enabled || sc->in6_enabled));
	check(mask && (mask | (mask - 1)) == 0xffffffffU);	/* contiguous */
	check(!(ntohl(sc->vnetwork.s_addr) & ~mask));
	check_in_net(sc, sc->vhost);
	check_in_net(sc, sc->vdhcp_start);
	check_in_net(sc, sc->vnameserver);
	check(sc->vhost.s_addr != sc->vnameserver.s_addr);
	check(sc->vprefix_len >= 1 && sc->vprefix_len <= 126);
	check(sc->if_mtu >= USER_MTU_MIN && sc->if_mtu <= USER_MTU_MAX &&
	      sc->if_mru == sc->if_mtu);
	check(!sc->bootfile || sc->tftp_path);
	if (sc->vdnssearch)
		for (; sc->vdnssearch[n]; n++)
			check(n < USER_MAX_DNSSEARCH && sc->vdnssearch[n][0]);
	check(c->nfwd <= USER_MAX_FWD && c->ngfwd <= USER_MAX_FWD);
	for (unsigned int i = 0; i < c->nfwd; i++)
		check_hostfwd(&c->fwd[i]);
	for (unsigned int i = 0; i < c->ngfwd; i++) {
		check_in_net(sc, c->gfwd_addr[i]);
		check(c->gfwd_port[i] > 0 && c->gfwd_port[i] <= 65535 && c->gfwd_cmd[i][0]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct user_cfg *c;
	struct opts o;
	char *text;

	if (size < 1 || size > 4096 || memchr(data, 0, size))
		return 0;
	text = strndup((const char *)data, size);
	if (!text)
		return 0;
	c = calloc(1, sizeof(*c));
	if (!c)
		abort();
	if (opts_parse(&o, "-netdev", text, NULL) == 0) {
		if (user_config_parse(&o, c) == 0)
			check_config(&o, c);
		else
			check(o.err[0] && !strncmp(o.err, "-netdev ", 8));
	}
	opts_free(&o);
	free(c);
	free(text);
	return 0;
}
