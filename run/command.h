/* SPDX-License-Identifier: GPL-2.0-or-later */
/* command.h - run COMMAND, forward signals, get its exit status */
#ifndef GN_RUN_COMMAND_H
#define GN_RUN_COMMAND_H

int command_run(char *const argv[], const int *keep_fds, unsigned int n_keep, int *code);
int command_pending_signal(void);

#endif /* GN_RUN_COMMAND_H */
