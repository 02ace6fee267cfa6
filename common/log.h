/* SPDX-License-Identifier: GPL-2.0-or-later */
/* log.h - one-line messages of every guestnet program: stderr and syslog */
#ifndef GN_LOG_H
#define GN_LOG_H

#include <stdbool.h>

/* Levels are syslog's priorities (LOG_ERR ... LOG_DEBUG) */
enum log_level {
	LOG_LVL_ERR = 3,
	LOG_LVL_WARN,
	LOG_LVL_NOTICE,
	LOG_LVL_INFO,
	LOG_LVL_DEBUG,
};

void log_init(const char *ident, int facility);
void log_set_level(enum log_level level);
bool log_level_is_verbose(void);
void log_to_syslog(bool errors_on_stderr);
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
const char *errstr(int err);

#define err(...)	log_msg(LOG_LVL_ERR, __VA_ARGS__)
#define warn(...)	log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define notice(...)	log_msg(LOG_LVL_NOTICE, __VA_ARGS__)
#define info(...)	log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define debug(...)	log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

#endif /* GN_LOG_H */
