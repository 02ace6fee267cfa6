// SPDX-License-Identifier: GPL-2.0-or-later
/* s4n_usage.c - --help and --version of the slirp4netns front end
 *
 * Callers detect slirp4netns features by searching the --help text for
 * option names (RootlessKit: --netns-type, --enable-ipv6, --cidr,
 * --disable-host-loopback, --api-socket, --enable-sandbox,
 * --enable-seccomp; Podman also --mtu and --outbound-addr), and
 * slirp4netns' own tests read "SLIRP_CONFIG_VERSION_MAX: N" from
 * --version: every option is listed under its slirp4netns name.
 */
#include <arpa/inet.h>

#include "s4n_options.h"

#ifndef GUESTNET_VERSION
#define GUESTNET_VERSION "unknown"
#endif

/* the slirp4netns release whose command line and API this front end takes */
#define S4N_COMPAT_VERSION	"1.2.0"

/**
 * s4n_print_usage() - the --help text
 * @out:	stream
 * @argv0:	program name as invoked
 */
void s4n_print_usage(FILE *out, const char *argv0)
{
	fprintf(out, "Usage: %s [OPTION]... PID|PATH|FD [TAPNAME]\n", argv0);
	fprintf(out, "User-mode networking for unprivileged network namespaces (guestnet's NAT).\n\n");
	fprintf(out, "-c, --configure          bring up lo and the tap: address, MTU, default route\n");
	fprintf(out, "-e, --exit-fd=FD         exit when FD is readable or hangs up\n");
	fprintf(out, "-r, --ready-fd=FD        write \"1\" to FD and close it once ready\n");
	fprintf(out, "-m, --mtu=MTU            MTU of the tap (default=%d, max=%d)\n",
		S4N_DEFAULT_MTU, S4N_MTU_MAX);
	fprintf(out, "-6, --enable-ipv6        IPv6 as well (%s/%d)\n",
		S4N_IPV6_PREFIX, S4N_IPV6_PREFIX_LEN);
	fprintf(out, "-a, --api-socket=PATH    serve the JSON API (add/list/remove_hostfwd) on PATH\n");
	fprintf(out, "--cidr=CIDR              IPv4 network (default=%s)\n",
		S4N_DEFAULT_CIDR);
	fprintf(out, "--disable-host-loopback  the gateway address does not reach 127.0.0.1:* of the host\n");
	fprintf(out, "--netns-type=TYPE        what the target is ([pid|path|tapfd], default=pid)\n");
	fprintf(out, "--userns-path=PATH       user namespace to join (default: the target's)\n");
	fprintf(out, "--enable-sandbox         run with a read-only root of /etc and /run alone\n");
	fprintf(out, "--enable-seccomp         allow only the system calls the NAT needs\n");
	fprintf(out, "--outbound-addr=IPv4     bind outgoing IPv4 connections to an address or interface\n");
	fprintf(out, "--outbound-addr6=IPv6    bind outgoing IPv6 connections to an address or interface\n");
	fprintf(out, "--disable-dns            no built-in DNS forwarder (network address + %d)\n",
		S4N_OFFSET_DNS);
	fprintf(out, "--macaddress=MAC         MAC address of the tap (only with -c)\n");
	fprintf(out, "--target-type=TYPE       target type ([netns], default=netns)\n");
	fprintf(out, "-h, --help               show this help and exit\n");
	fprintf(out, "-v, --version            show version and exit\n");
}

/**
 * s4n_print_version() - the --version text, in slirp4netns' layout
 * @out:	stream
 * @v:		library versions to report
 */
void s4n_print_version(FILE *out, const struct s4n_version_info *v)
{
	fprintf(out, "slirp4netns version %s (guestnet-slirp4netns %s)\n",
		S4N_COMPAT_VERSION, GUESTNET_VERSION);
	fprintf(out, "libslirp: %s\n", v->libslirp);
	fprintf(out, "SLIRP_CONFIG_VERSION_MAX: %d\n", v->config_version_max);
	if (v->libseccomp)
		fprintf(out, "libseccomp: %s\n", v->libseccomp);
}

/* One "* NAME: ADDRESS" line of the banner */
static void banner_addr(FILE *out, const char *name, int family,
			const void *addr)
{
	char text[INET6_ADDRSTRLEN];

	if (inet_ntop(family, addr, text, sizeof(text)))
		fprintf(out, "* %-16s %s\n", name, text);
}

/**
 * s4n_print_banner() - what slirp4netns prints on stdout as it starts
 * @out:	stream (its stdout)
 * @o:		the options it runs with
 *
 * The same lines as slirp4netns 1.2 ("Starting slirp", "* MTU: ...", the
 * host loopback WARNING), for the logs of callers that keep them.
 */
void s4n_print_banner(FILE *out, const struct s4n_options *o)
{
	const unsigned char *m = o->mac;

	fprintf(out, "Starting slirp\n");
	fprintf(out, "* %-16s %u\n", "MTU:", o->mtu);
	banner_addr(out, "Network:", AF_INET, &o->net.network);
	banner_addr(out, "Netmask:", AF_INET, &o->net.netmask);
	banner_addr(out, "Gateway:", AF_INET, &o->net.host);
	banner_addr(out, "DNS:", AF_INET, &o->net.dns);
	banner_addr(out, "DHCP begin:", AF_INET, &o->net.dhcp_start);
	banner_addr(out, "DHCP end:", AF_INET, &o->net.dhcp_end);
	banner_addr(out, "Recommended IP:", AF_INET, &o->net.guest);
	if (o->api_socket)
		fprintf(out, "* %-16s %s\n", "API Socket:", o->api_socket);
	if (o->outbound_addr)
		banner_addr(out, "Outbound IPv4:", AF_INET, &o->outbound4);
	if (o->outbound_addr6)
		banner_addr(out, "Outbound IPv6:", AF_INET6, &o->outbound6);
	if (o->macaddress)
		fprintf(out, "* %-16s %02x:%02x:%02x:%02x:%02x:%02x\n",
			"MAC address:", m[0], m[1], m[2], m[3], m[4], m[5]);
	if (!o->disable_host_loopback) {
		char host[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &o->net.host, host, sizeof(host));
		fprintf(out, "WARNING: 127.0.0.1:* on the host is accessible as %s "
			"(set --disable-host-loopback to prohibit connecting to "
			"127.0.0.1:*)\n", host);
	}
}
