/* SPDX-License-Identifier: GPL-2.0-or-later */
/* launcher.h - runs tap scripts for a sandboxed emulator */
#ifndef GN_LAUNCHER_H
#define GN_LAUNCHER_H

#include <stdbool.h>
#include <stddef.h>

int launcher_allow(const char *path);
int launcher_start(void);
bool launcher_running(void);
int launcher_run(const char *path, const char *ifname, char *why, size_t len);

#endif /* GN_LAUNCHER_H */
