// SPDX-License-Identifier: GPL-2.0-or-later
/* log.c - logging for guestnet-emu: stderr until daemonised, then syslog */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

static enum log_level log_level = LOG_LVL_INFO;
static bool log_syslog;
static const char *log_ident = "guestnet-emu";

/**
 * log_set_ident() - the program name that starts each line on stderr
 * @ident:	e.g. "guestnet-slirp4netns" (kept by pointer); the default
 *		is "guestnet-emu"
 */
void log_set_ident(const char *ident)
{
	log_ident = ident;
}

/**
 * log_set_level() - set the most verbose level that is printed
 * @level:	LOG_LVL_ERR (quiet) to LOG_LVL_DEBUG (verbose)
 */
void log_set_level(enum log_level level)
{
	log_level = level;
}

/**
 * log_level_is_verbose() - tell whether info messages are printed
 *
 * Return: true at LOG_LVL_INFO and above
 */
bool log_level_is_verbose(void)
{
	return log_level >= LOG_LVL_INFO;
}

/**
 * log_to_syslog() - send further messages to syslog instead of stderr
 * @ident:	program name for syslog
 */
void log_to_syslog(const char *ident)
{
	openlog(ident, LOG_PID, LOG_DAEMON);
	log_syslog = true;
}

static void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };

	if (level > log_level)
		return;
	if (log_syslog) {
		vsyslog(prio[level], fmt, ap);
		return;
	}
	fprintf(stderr, "%s: ", log_ident);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/**
 * log_msg() - print one line at a level
 * @level:	severity
 * @fmt:	printf format, without trailing newline
 */
void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

/**
 * die() - print one error line and exit
 * @status:	exit status
 * @fmt:	printf format, without trailing newline
 */
void die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_LVL_ERR, fmt, ap);
	va_end(ap);
	exit(status);
}

/**
 * errstr() - describe a negative or positive errno without allocating
 * @err:	errno value, either sign
 *
 * Return: a static string (strerrorname-like description)
 */
const char *errstr(int err)
{
	if (err < 0)
		err = -err;
	return strerrordesc_np(err) ? strerrordesc_np(err) : "unknown error";
}
