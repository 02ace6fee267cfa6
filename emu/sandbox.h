/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sandbox.h - guestnet-emu's isolation once set up */
#ifndef GN_SANDBOX_H
#define GN_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

struct cmdline;
struct netdev_needs;
struct opts;

void sandbox_check_root(bool allow_root);
void sandbox_plan(const struct cmdline *cl);
void sandbox_keep_dirs(const char *const *dirs);
void sandbox_allow(unsigned int seccomp_flags);
void sandbox_enter(void);
bool sandbox_active(void);
int sandbox_admit(struct opts *o, const char *type, const struct netdev_needs *n);
int sandbox_run_script(const char *path, const char *ifname, char *why, size_t len);

#endif /* GN_SANDBOX_H */
