/* SPDX-License-Identifier: GPL-2.0-or-later
 * log.h - one-line diagnostics for guestnet-bridge-helper
 */
#ifndef GN_HELPER_LOG_H
#define GN_HELPER_LOG_H

#include <stdbool.h>

void log_open(bool to_syslog);
void log_msg(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *log_strerror(int err);

#define err(...)	log_msg(3, __VA_ARGS__)	/* LOG_ERR */
#define warn(...)	log_msg(4, __VA_ARGS__)	/* LOG_WARNING */
#define info(...)	log_msg(6, __VA_ARGS__)	/* LOG_INFO */

#endif /* GN_HELPER_LOG_H */
