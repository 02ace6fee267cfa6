// SPDX-License-Identifier: GPL-2.0-or-later
/* log.c - one-line messages of every guestnet program: stderr and syslog
 *
 * DOC: Theory of operation
 *
 * Every message is one line: "PROGRAM: text" on stderr, written with a
 * single write() so that a caller reading our stderr (QEMU, guestnet run,
 * a test) sees whole lines, never interleaved pieces. A program names
 * itself once (log_init()); levels above log_set_level()'s are dropped.
 *
 * Syslog, when a program asks for it (log_to_syslog()), is not glibc's
 * syslog(), which may block on a full /dev/log queue and reconnects with
 * new sockets: one non-blocking AF_UNIX datagram socket is connected to
 * /dev/log once, before any seccomp filter is loaded, and each line is
 * sent as one RFC 3164 datagram "<PRI>PROGRAM[PID]: text" with
 * MSG_DONTWAIT, dropped if it cannot go at once (the journal and rsyslog
 * stamp the time). guestnet-emu, once daemonised, logs to syslog only;
 * the bridge helper logs every decision to syslog and its errors and
 * warnings to stderr as well.
 *
 * Nothing here allocates (the privileged helper and the sandboxed
 * emulator both log), and errstr() describes an errno from glibc's static
 * table, never through strerror()'s locale machinery.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

#define LOG_LINE_MAX	1024	/* bytes of one message, without prefix */

static const char *log_ident = "guestnet";
static int log_facility = LOG_DAEMON;
static enum log_level log_level = LOG_LVL_INFO;
static int log_stderr_max = LOG_LVL_DEBUG;	/* most verbose on stderr */
static int log_sock = -1;

/**
 * log_init() - name the program in its messages
 * @ident:	"guestnet-emu", ...: the prefix on stderr and the syslog tag
 *		(kept by pointer)
 * @facility:	syslog facility, should it log to syslog (LOG_DAEMON, ...)
 */
void log_init(const char *ident, int facility)
{
	log_ident = ident;
	log_facility = facility;
}

/**
 * log_set_level() - set the most verbose level that is logged at all
 * @level:	LOG_LVL_ERR (quiet) to LOG_LVL_DEBUG (verbose)
 */
void log_set_level(enum log_level level)
{
	log_level = level;
}

/**
 * log_level_is_verbose() - tell whether info messages are logged
 *
 * Return: true at LOG_LVL_INFO and above
 */
bool log_level_is_verbose(void)
{
	return log_level >= LOG_LVL_INFO;
}

/**
 * log_to_syslog() - log every further message to syslog as well
 * @errors_on_stderr:	keep errors and warnings on stderr too; else
 *			nothing more goes to stderr
 *
 * Connects to /dev/log now; if that fails, there is no syslog (and the
 * messages stderr no longer gets are lost).
 */
void log_to_syslog(bool errors_on_stderr)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX, .sun_path = "/dev/log" };

	log_stderr_max = errors_on_stderr ? LOG_LVL_WARN : -1;
	if (log_sock >= 0)
		return;
	log_sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (log_sock < 0)
		return;
	if (connect(log_sock, (struct sockaddr *)&sa, sizeof(sa))) {
		close(log_sock);
		log_sock = -1;
	}
}

/* One datagram to syslog; never waits */
static void log_send_syslog(enum log_level level, const char *line, int n)
{
	char msg[LOG_LINE_MAX + 128];
	int len;

	len = snprintf(msg, sizeof(msg), "<%d>%s[%d]: %.*s", log_facility | (int)level,
		       log_ident, (int)getpid(), n, line);
	if (len < 0)
		return;
	if ((size_t)len >= sizeof(msg))
		len = sizeof(msg) - 1;
	if (send(log_sock, msg, (size_t)len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		return;	/* never wait for syslog */
}

/* "PROGRAM: line\n" with one write() */
static void log_write_stderr(const char *line, int n)
{
	char out[LOG_LINE_MAX + 128];
	int len;

	len = snprintf(out, sizeof(out), "%s: %.*s\n", log_ident, n, line);
	if (len < 0)
		return;
	if ((size_t)len >= sizeof(out)) {
		len = sizeof(out) - 1;
		out[len - 1] = '\n';
	}
	if (write(STDERR_FILENO, out, (size_t)len) < 0)
		return;
}

static void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	int n;

	if (level > log_level)
		return;
	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (log_sock >= 0)
		log_send_syslog(level, line, n);
	if ((int)level <= log_stderr_max)
		log_write_stderr(line, n);
}

/**
 * log_msg() - log one line at a level
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
 * die() - log one error line and exit
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
 * Return: a static string, never NULL
 */
const char *errstr(int err)
{
	const char *s;

	if (err < 0)
		err = -err;
	s = strerrordesc_np(err);
	return s ? s : "unknown error";
}
