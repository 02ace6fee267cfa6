// SPDX-License-Identifier: GPL-2.0-or-later
/* s4n_options.c - slirp4netns' command line: options, TARGET, TAPNAME
 *
 * DOC: Theory of operation
 *
 * The same option table and getopt_long() as slirp4netns, so abbreviations
 * (--conf), GNU argument permutation and getopt's own messages ("slirp4netns:
 * unrecognized option '--foo'") are exactly the ones callers already see.
 * Two stages, as in slirp4netns 1.2/1.3, with the same messages and exit
 * status 1:
 *
 * - command-line errors (bad number, missing TARGET, ...): a message and
 *   then the usage (S4N_USAGE_ERROR);
 * - configuration errors (--cidr, --outbound-addr, --macaddress, a too long
 *   --api-socket): a message only (S4N_CONFIG_ERROR).
 *
 * Where slirp4netns accepts nonsense it would then act on (a PID or fd
 * beyond int, a MAC of fewer than six bytes) we refuse it with
 * slirp4netns' own message for that option.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "s4n_options.h"

/* long-only options (values outside the char range) */
enum {
	OPT_CIDR = 0x100,
	OPT_DISABLE_HOST_LOOPBACK,
	OPT_NO_HOST_LOOPBACK,
	OPT_NETNS_TYPE,
	OPT_USERNS_PATH,
	OPT_ENABLE_SANDBOX,
	OPT_CREATE_SANDBOX,
	OPT_ENABLE_SECCOMP,
	OPT_OUTBOUND_ADDR,
	OPT_OUTBOUND_ADDR6,
	OPT_DISABLE_DNS,
	OPT_MACADDRESS,
	OPT_TARGET_TYPE,
};

static const struct option s4n_longopts[] = {
	{ "configure", no_argument, NULL, 'c' },
	{ "exit-fd", required_argument, NULL, 'e' },
	{ "ready-fd", required_argument, NULL, 'r' },
	{ "mtu", required_argument, NULL, 'm' },
	{ "cidr", required_argument, NULL, OPT_CIDR },
	{ "disable-host-loopback", no_argument, NULL, OPT_DISABLE_HOST_LOOPBACK },
	{ "no-host-loopback", no_argument, NULL, OPT_NO_HOST_LOOPBACK },
	{ "netns-type", required_argument, NULL, OPT_NETNS_TYPE },
	{ "userns-path", required_argument, NULL, OPT_USERNS_PATH },
	{ "api-socket", required_argument, NULL, 'a' },
	{ "enable-ipv6", no_argument, NULL, '6' },
	{ "enable-sandbox", no_argument, NULL, OPT_ENABLE_SANDBOX },
	{ "create-sandbox", no_argument, NULL, OPT_CREATE_SANDBOX },
	{ "enable-seccomp", no_argument, NULL, OPT_ENABLE_SECCOMP },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'v' },
	{ "outbound-addr", required_argument, NULL, OPT_OUTBOUND_ADDR },
	{ "outbound-addr6", required_argument, NULL, OPT_OUTBOUND_ADDR6 },
	{ "disable-dns", no_argument, NULL, OPT_DISABLE_DNS },
	{ "macaddress", required_argument, NULL, OPT_MACADDRESS },
	{ "target-type", required_argument, NULL, OPT_TARGET_TYPE },
	{ NULL, 0, NULL, 0 },
};

/* Optional arguments kept until the options are all read */
struct s4n_pending {
	const char *netns_type;
	const char *target_type;
};

/* parse_int() - a whole decimal string in [min, INT_MAX]; 0 or -EINVAL */
static int parse_int(const char *s, int min, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < min || v > INT_MAX)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

/* parse_mtu() - 1..S4N_MTU_MAX, as slirp4netns -m */
static int parse_mtu(const char *s, unsigned int *out)
{
	int v;

	if (parse_int(s, 1, &v) < 0 || v > S4N_MTU_MAX)
		return -EINVAL;
	*out = (unsigned int)v;
	return 0;
}

/* options_init() - slirp4netns' defaults */
static void options_init(struct s4n_options *o, const char *argv0)
{
	memset(o, 0, sizeof(*o));
	o->argv0 = argv0;
	o->exit_fd = -1;
	o->ready_fd = -1;
	o->tapfd = -1;
	o->mtu = S4N_DEFAULT_MTU;
	o->netns_type = S4N_NETNS_PID;
}

/* parse_one() - apply option @opt; 0, or S4N_USAGE_ERROR / S4N_HELP / ... */
static int parse_one(struct s4n_options *o, struct s4n_pending *p, int opt,
		     const char *arg, FILE *out, FILE *err)
{
	switch (opt) {
	case 'c':
		o->configure = true;
		return 0;
	case 'e':
		if (parse_int(arg, 0, &o->exit_fd) == 0)
			return 0;
		fprintf(err, "exit-fd must be a non-negative integer\n");
		return S4N_USAGE_ERROR;
	case 'r':
		if (parse_int(arg, 0, &o->ready_fd) == 0)
			return 0;
		fprintf(err, "ready-fd must be a non-negative integer\n");
		return S4N_USAGE_ERROR;
	case 'm':
		if (parse_mtu(arg, &o->mtu) == 0)
			return 0;
		fprintf(err, "MTU must be a positive integer (< %d)\n",
			S4N_MTU_MAX + 1);
		return S4N_USAGE_ERROR;
	case 'a':
		o->api_socket = arg;
		return 0;
	case '6':
		o->ipv6 = true;
		fprintf(out, "WARNING: Support for IPv6 is experimental\n");
		return 0;
	case 'h':
		return S4N_HELP;
	case 'v':
		return S4N_VERSION;
	case OPT_CIDR:
		o->cidr = arg;
		return 0;
	case OPT_NO_HOST_LOOPBACK:
		fprintf(out, "WARNING: --no-host-loopback is deprecated and will be removed in future releases, please use --disable-host-loopback instead.\n");
		/* fall through */
	case OPT_DISABLE_HOST_LOOPBACK:
		o->disable_host_loopback = true;
		return 0;
	case OPT_CREATE_SANDBOX:
		fprintf(out, "WARNING: --create-sandbox is deprecated and will be removed in future releases, please use --enable-sandbox instead.\n");
		/* fall through */
	case OPT_ENABLE_SANDBOX:
		o->sandbox = true;
		return 0;
	case OPT_ENABLE_SECCOMP:
		fprintf(out, "WARNING: Support for seccomp is experimental\n");
		o->seccomp = true;
		return 0;
	case OPT_NETNS_TYPE:
		p->netns_type = arg;
		return 0;
	case OPT_USERNS_PATH:
		if (access(arg, F_OK) < 0) {
			fprintf(err, "userns path doesn't exist: %s\n", arg);
			return S4N_USAGE_ERROR;
		}
		o->userns_path = arg;
		return 0;
	case OPT_OUTBOUND_ADDR:
		fprintf(out, "WARNING: Support for --outbound-addr is experimental\n");
		o->outbound_addr = arg;
		return 0;
	case OPT_OUTBOUND_ADDR6:
		fprintf(out, "WARNING: Support for --outbound-addr6 is experimental\n");
		o->outbound_addr6 = arg;
		return 0;
	case OPT_DISABLE_DNS:
		o->disable_dns = true;
		return 0;
	case OPT_MACADDRESS:
		o->macaddress = arg;
		return 0;
	case OPT_TARGET_TYPE:
		p->target_type = arg;
		return 0;
	default:	/* getopt_long() has said what is wrong */
		return S4N_USAGE_ERROR;
	}
}

/* parse_target() - TARGET and TAPNAME after the options */
static int parse_target(struct s4n_options *o, const struct s4n_pending *p,
			int nargs, char **args, FILE *out, FILE *err)
{
	if (p->netns_type && strcmp(p->netns_type, "tapfd") == 0)
		o->netns_type = S4N_NETNS_TAPFD;
	else if (p->netns_type && strcmp(p->netns_type, "pid") != 0)
		o->netns_type = S4N_NETNS_PATH;
	if (nargs < 1)
		return S4N_USAGE_ERROR;

	switch (o->netns_type) {
	case S4N_NETNS_PID:
		if (parse_int(args[0], 1, &o->target_pid) < 0) {
			fprintf(err, "PID must be a positive integer\n");
			return S4N_USAGE_ERROR;
		}
		break;
	case S4N_NETNS_TAPFD:
		if (parse_int(args[0], 0, &o->tapfd) < 0) {
			fprintf(err, "TAPFD must a file descriptor\n");
			return S4N_USAGE_ERROR;
		}
		if (nargs > 1)
			fprintf(out, "WARNING: too many arguments\n");
		return 0;
	case S4N_NETNS_PATH:
		if (access(args[0], F_OK) < 0) {
			fprintf(err, "existing path expected when --netns-type=path: %s\n",
				strerror(errno));
			return S4N_USAGE_ERROR;
		}
		o->netns_path = args[0];
		break;
	}
	if (nargs < 2)
		return S4N_USAGE_ERROR;
	if (nargs > 2)
		fprintf(out, "WARNING: too many arguments\n");
	o->tapname = args[1];
	return 0;
}

/* check_command_line() - what slirp4netns checks once the options are read */
static int check_command_line(struct s4n_options *o,
			      const struct s4n_pending *p, int nargs,
			      char **args, FILE *out, FILE *err)
{
	if (o->macaddress && !o->configure) {
		fprintf(err, "--macaddr cannot be specified when --configure or -c is not specified\n");
		return S4N_USAGE_ERROR;
	}
	if (p->target_type && strcmp(p->target_type, "netns") != 0 &&
	    strcmp(p->target_type, "bess") != 0) {
		fprintf(err, "--target-type must be either \"netns\" or \"bess\"\n");
		return S4N_USAGE_ERROR;
	}
	return parse_target(o, p, nargs, args, out, err);
}

/* check_config() - the second stage: addresses and paths, no usage shown */
static int check_config(struct s4n_options *o, const struct s4n_pending *p,
			const struct ifaddrs *ifa, FILE *err)
{
	if (p->target_type && strcmp(p->target_type, "bess") == 0) {
		fprintf(err, "--target-type=bess is not supported by guestnet-slirp4netns (only netns)\n");
		return S4N_CONFIG_ERROR;
	}
	if (s4n_parse_cidr(o->cidr ? o->cidr : S4N_DEFAULT_CIDR, &o->net, err) < 0)
		return S4N_CONFIG_ERROR;
	if (o->outbound_addr &&
	    s4n_outbound_resolve(o->outbound_addr, AF_INET, ifa, &o->outbound4) < 0) {
		fprintf(err, "outbound-addr has to be valid ipv4 address or interface name.\n");
		return S4N_CONFIG_ERROR;
	}
	if (o->outbound_addr6 &&
	    s4n_outbound_resolve(o->outbound_addr6, AF_INET6, ifa, &o->outbound6) < 0) {
		fprintf(err, "outbound-addr6 has to be valid ipv6 address or interface name.\n");
		return S4N_CONFIG_ERROR;
	}
	if (o->macaddress && s4n_parse_mac(o->macaddress, o->mac, err) < 0) {
		fprintf(err, "macaddress has to be a valid MAC address (hex string, 6 bytes, each byte separated by a ':').\n");
		return S4N_CONFIG_ERROR;
	}
	if (o->api_socket && strlen(o->api_socket) >= S4N_SUN_PATH_MAX) {
		fprintf(err, "the specified API socket path is too long (>= %d)\n",
			S4N_SUN_PATH_MAX);
		return S4N_CONFIG_ERROR;
	}
	return S4N_RUN;
}

/**
 * s4n_options_parse() - parse and check a slirp4netns command line
 * @o:		result (strings point into @argv)
 * @argc:	argument count
 * @argv:	arguments, argv[0] the program name (getopt may reorder them)
 * @ifa:	the host's interfaces (getifaddrs()) for --outbound-addr
 *		names, or NULL for none
 * @out:	where slirp4netns' WARNING lines go (its stdout)
 * @err:	where error messages go (its stderr); getopt_long() itself
 *		writes its messages to stderr, as in slirp4netns
 *
 * Return: S4N_RUN when @o is complete and valid; S4N_HELP or S4N_VERSION
 * for -h / -v; S4N_USAGE_ERROR or S4N_CONFIG_ERROR (message written) —
 * see enum s4n_parse_result for what the caller prints and the exit status
 */
enum s4n_parse_result s4n_options_parse(struct s4n_options *o, int argc,
					char **argv, const struct ifaddrs *ifa,
					FILE *out, FILE *err)
{
	struct s4n_pending p = { NULL, NULL };
	int opt, rc;

	options_init(o, argc > 0 ? argv[0] : "slirp4netns");
	optind = 0;	/* glibc: start afresh (tests parse many lines) */
	opterr = 1;
	while ((opt = getopt_long(argc, argv, "ce:r:m:a:6hv", s4n_longopts,
				  NULL)) != -1) {
		rc = parse_one(o, &p, opt, optarg, out, err);
		if (rc)
			return rc;
	}
	rc = check_command_line(o, &p, argc - optind, argv + optind, out, err);
	if (rc)
		return rc;
	return check_config(o, &p, ifa, err);
}
