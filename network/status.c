// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * status.c - guestnet-network status: bridge, ports, rules, leases
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "nft.h"
#include "bridge.h"
#include "dnsmasq.h"
#include "lifecycle.h"
#include "netdef.h"
#include "rules.h"
#include "state.h"

static void show_def(const struct netdef *nd, FILE *out)
{
	char a[INET_ADDRSTRLEN], lo[INET_ADDRSTRLEN], hi[INET_ADDRSTRLEN];
	size_t i;

	fprintf(out, "  bridge %s", nd->bridge);
	if (nd->uplink[0])
		fprintf(out, ", uplink %s", nd->uplink);
	if (nd->has_addr) {
		inet_ntop(AF_INET, &nd->addr, a, sizeof(a));
		fprintf(out, ", address %s/%u", a, nd->prefix);
	}
	if (nd->mode == NETDEF_NAT_NETWORK || nd->mode == NETDEF_HOST_ONLY) {
		inet_ntop(AF_INET, &nd->range_lo, lo, sizeof(lo));
		inet_ntop(AF_INET, &nd->range_hi, hi, sizeof(hi));
		fprintf(out, ", dhcp %s-%s", lo, hi);
	}
	for (i = 0; i < nd->nopen; i++)
		fprintf(out, "%s%s:%u", i ? " " : ", open ",
			nd->open[i].proto == IPPROTO_TCP ? "tcp" : "udp",
			(unsigned int)nd->open[i].port);
	fputc('\n', out);
}

/* "  rules NAME-in present|MISSING" per chain; returns chains missing */
static int show_rules(const struct netdef *nd, FILE *out)
{
	static char list[16384];
	const char *sfx[4];
	char cmd[128];
	int i, n = rules_chains(nd, sfx, 4), missing = 0;

	if (!n)
		fprintf(out, "  rules none (bridged: no filtering of ours)\n");
	for (i = 0; i < n; i++) {
		snprintf(cmd, sizeof(cmd), "list chain inet " RULES_TABLE " %s-%s\n",
			 nd->name, sfx[i]);
		if (nft_run(cmd, list, sizeof(list), NULL, 0)) {
			fprintf(out, "  rules %s-%s MISSING\n", nd->name, sfx[i]);
			missing++;
			continue;
		}
		fprintf(out, "  rules %s-%s present\n", nd->name, sfx[i]);
		fputs(list, out);
	}
	return missing;
}

/**
 * net_status() - print network @nd's state
 * @nd:		the definition
 * @rundir:	run directory
 * @out:	where to print
 *
 * Return: 0 if the network is down, or up with bridge, rules and
 * dnsmasq all present; 1 if it is up but something is missing
 */
int net_status(const struct netdef *nd, const char *rundir, FILE *out)
{
	struct netstate st;
	bool up = !state_read(rundir, nd->name, &st);
	int bad = 0, br;
	pid_t pid;

	fprintf(out, "network %s: %s, %s\n", nd->name,
		netdef_mode_name(nd->mode), up ? "up" : "down");
	show_def(nd, out);
	if (!up)
		return 0;
	br = bridge_exists(nd->bridge);
	if (br != 1) {
		fprintf(out, "  bridge %s MISSING\n", nd->bridge);
		bad++;
	} else {
		bridge_ports(nd->bridge, out);
	}
	bad += show_rules(nd, out);
	if (st.dnsmasq) {
		pid = dnsmasq_pid(nd->name, rundir);
		if (pid)
			fprintf(out, "  dnsmasq pid %d\n", (int)pid);
		else
			fprintf(out, "  dnsmasq NOT RUNNING\n");
		bad += !pid;
		dnsmasq_leases(nd->name, rundir, out);
	}
	return bad ? 1 : 0;
}
