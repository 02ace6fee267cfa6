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
	fprintf(out, "-e, --exit-fd=FD         exit when FD hangs up\n");
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
	fprintf(out, "--enable-sandbox         run in an empty mount namespace, without capabilities\n");
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
