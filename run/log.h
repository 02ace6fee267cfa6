/* SPDX-License-Identifier: GPL-2.0-or-later */
/* log.h - messages of guestnet: one line each on stderr */
#ifndef GN_RUN_LOG_H
#define GN_RUN_LOG_H

void run_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void run_set_verbose(int on);
void run_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *run_errstr(int err);

#endif /* GN_RUN_LOG_H */
