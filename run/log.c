// SPDX-License-Identifier: GPL-2.0-or-later
/* log.c - messages of guestnet: one line each on stderr, "guestnet: " first */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"

static int verbose;

static void vline(const char *fmt, va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	fprintf(stderr, "guestnet: %s\n", buf);
}

/**
 * run_err() - print one error line on stderr
 * @fmt:	printf format, without a trailing newline
 */
void run_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(fmt, ap);
	va_end(ap);
}

/**
 * run_set_verbose() - choose whether run_info() prints
 * @on:		non-zero to print progress lines (-v)
 */
void run_set_verbose(int on)
{
	verbose = on;
}

/**
 * run_info() - print a progress line on stderr if verbose
 * @fmt:	printf format, without a trailing newline
 */
void run_info(const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	va_start(ap, fmt);
	vline(fmt, ap);
	va_end(ap);
}

/**
 * run_errstr() - text of a negative (or positive) errno value
 * @err:	errno value, either sign
 *
 * Return: a static string
 */
const char *run_errstr(int err)
{
	return strerror(err < 0 ? -err : err);
}
