// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * log.c - diagnostics: errors to stderr, decisions to syslog
 *
 * The helper's contract is one line on stderr for a failure; every
 * decision (allowed, refused, tap created) also goes to syslog with the
 * caller's uid so an administrator can audit use. glibc's syslog() may
 * block on a full /dev/log queue and reconnects with new sockets, so the
 * helper writes RFC 3164 datagrams itself: one non-blocking AF_UNIX
 * socket connected to /dev/log before the seccomp filter is loaded, each
 * line sent with MSG_DONTWAIT and dropped if it cannot go at once (the
 * journal and rsyslog stamp the time). Nothing here allocates, and
 * log_strerror() uses the static table.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

static int log_sock = -1;

/**
 * log_open() - start logging decisions to syslog as well as stderr
 * @to_syslog:	true to connect to /dev/log now; no syslog if it fails
 */
void log_open(bool to_syslog)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX,
				  .sun_path = "/dev/log" };

	if (!to_syslog || log_sock >= 0)
		return;
	log_sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (log_sock < 0)
		return;
	if (connect(log_sock, (struct sockaddr *)&sa, sizeof(sa))) {
		close(log_sock);
		log_sock = -1;
	}
}

static void log_syslog(int prio, const char *line, int n)
{
	char msg[640];
	int len;

	len = snprintf(msg, sizeof(msg), "<%d>guestnet-bridge-helper[%d]: %.*s",
		       LOG_AUTHPRIV | prio, (int)getpid(), n, line);
	if (len < 0)
		return;
	if ((size_t)len >= sizeof(msg))
		len = sizeof(msg) - 1;
	if (send(log_sock, msg, (size_t)len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		return;	/* never wait for syslog */
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

	if (log_sock >= 0)
		log_syslog(prio, line, n);
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
