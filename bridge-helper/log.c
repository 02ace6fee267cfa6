// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * log.c - diagnostics: errors to stderr, decisions to syslog
 *
 * The helper's contract is one line on stderr for a failure; every
 * decision (allowed, refused, tap created) also goes to syslog with the
 * caller's uid so an administrator can audit use. Nothing here allocates
 * after start-up: the syslog socket is opened with LOG_NDELAY before the
 * seccomp filter is loaded, and log_strerror() uses the static table.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

static bool log_syslog;

/**
 * log_open() - start logging decisions to syslog as well as stderr
 * @to_syslog:	true to open the syslog connection now (LOG_NDELAY)
 */
void log_open(bool to_syslog)
{
	log_syslog = to_syslog;
	if (to_syslog)
		openlog("guestnet-bridge-helper", LOG_NDELAY | LOG_PID,
			LOG_AUTHPRIV);
}

/**
 * log_msg() - print one line; errors go to stderr, all go to syslog
 * @prio:	syslog priority (LOG_ERR, LOG_WARNING, LOG_INFO)
 * @fmt:	printf format, no trailing newline
 *
 * Messages of LOG_WARNING or worse are written to stderr with a single
 * write() so the caller sees exactly one line; all messages are sent to
 * syslog when log_open() enabled it.
 */
void log_msg(int prio, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;

	if (log_syslog)
		syslog(prio, "%s", line);
	if (prio <= LOG_WARNING) {
		static const char tag[] = "guestnet-bridge-helper: ";
		char out[sizeof(tag) + sizeof(line)];
		size_t len;

		memcpy(out, tag, sizeof(tag) - 1);
		memcpy(out + sizeof(tag) - 1, line, (size_t)n);
		len = sizeof(tag) - 1 + (size_t)n;
		out[len++] = '\n';
		if (write(STDERR_FILENO, out, len) < 0)
			return;
	}
}

/**
 * log_strerror() - describe an errno value without allocating
 * @err:	errno value, either sign
 *
 * Return: a static string, never NULL
 */
const char *log_strerror(int err)
{
	const char *s;

	if (err < 0)
		err = -err;
	s = strerrordesc_np(err);
	return s ? s : "unknown error";
}
