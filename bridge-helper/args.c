// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * args.c - command line parser, as QEMU's net/tap.c and libvirt call us
 *
 * QEMU runs "HELPER --use-vnet --fd=N --br=BRIDGE"; libvirt passes the
 * same three in another order. Only the "--key=value" spelling exists.
 * Everything else is refused: an unknown, repeated or empty argument, an
 * fd that is not a plain decimal int (no sign, no leading zero: one
 * spelling per number), a missing --br or --fd, and a
 * bridge name that ifname_check() refuses. The parser is pure (no I/O,
 * no allocation) so it can be unit-tested and fuzzed.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "args.h"
#include "ifname.h"

static const char usage[] =
	"Usage: guestnet-bridge-helper [--use-vnet] --br=BRIDGE --fd=UNIXFD\n"
	"Create a tap device owned by the caller, attach it to BRIDGE if the\n"
	"ACL allows it, and send its fd over the Unix socket UNIXFD.\n";

/**
 * args_usage() - the usage text printed by --help
 *
 * Return: static text ending in a newline
 */
const char *args_usage(void)
{
	return usage;
}

static int parse_fd(const char *s, int *fd)
{
	long v = 0;

	if (!*s || (s[0] == '0' && s[1]))	/* empty, or a leading zero */
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (*s - '0');
		if (v > INT_MAX)
			return -ERANGE;
	}
	*fd = (int)v;
	return 0;
}

static bool has_prefix(const char *s, const char *p, const char **rest)
{
	size_t n = strlen(p);

	if (strncmp(s, p, n))
		return false;
	*rest = s + n;
	return true;
}

/**
 * args_parse() - parse the helper's argv
 * @argc:	argument count, argv[0] is skipped
 * @argv:	argument vector
 * @a:		filled on ARGS_RUN; @a->bridge points into @argv. @a->fd
 *		is set as soon as a valid --fd= is read, also when a later
 *		argument is refused, so the caller can keep error text out
 *		of that socket; else it is -1
 * @why:	set to a static one-line reason on error
 *
 * Return: ARGS_RUN with @a filled, ARGS_HELP if --help was given,
 *	   ARGS_VERSION if --version was given,
 * -EINVAL for a missing, unknown, repeated or malformed argument
 */
int args_parse(int argc, char *const argv[], struct helper_args *a,
	       const char **why)
{
	bool have_fd = false, have_vnet = false;
	const char *v;
	int i;

	*a = (struct helper_args){ .bridge = NULL, .fd = -1 };
	for (i = 1; i < argc; i++) {
		if (!argv[i]) {
			*why = "null argument";
			return -EINVAL;
		}
		if (!strcmp(argv[i], "--help"))
			return ARGS_HELP;
		if (!strcmp(argv[i], "--version"))
			return ARGS_VERSION;
	}

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "--use-vnet")) {
			if (have_vnet)
				goto repeated;
			have_vnet = true;
			a->use_vnet = true;
		} else if (has_prefix(arg, "--br=", &v)) {
			const char *bad = NULL;

			if (a->bridge)
				goto repeated;
			if (ifname_check(v, strlen(v), &bad)) {
				*why = bad;
				return -EINVAL;
			}
			a->bridge = v;
		} else if (has_prefix(arg, "--fd=", &v)) {
			if (have_fd)
				goto repeated;
			if (parse_fd(v, &a->fd)) {
				*why = "--fd= needs a non-negative decimal number without leading zeros";
				return -EINVAL;
			}
			have_fd = true;
		} else {
			*why = "unknown argument (see --help)";
			return -EINVAL;
		}
	}

	if (!a->bridge) {
		*why = "missing --br=BRIDGE";
		return -EINVAL;
	}
	if (!have_fd) {
		*why = "missing --fd=UNIXFD";
		return -EINVAL;
	}
	return ARGS_RUN;

repeated:
	*why = "argument given twice";
	return -EINVAL;
}
