/* SPDX-License-Identifier: GPL-2.0-or-later */
/* port_user_smb.h - smb= of user-mode NAT: smbd for the guest, and its keeper */
#ifndef GN_PORT_USER_SMB_H
#define GN_PORT_USER_SMB_H

#include <stddef.h>

struct user_smb;

/* Descriptors of the keeper process (port_user_smb_keeper.c) */
#define SMB_KEEPER_LISTEN_FD	3	/* the unix socket libslirp connects to */
#define SMB_KEEPER_CTL_FD	4	/* to the emulator; end of file: stop */

/* The first message on the control socket when the keeper is ready */
#define SMB_KEEPER_READY	"ready"

int user_smb_start(const char *share, struct user_smb **out, char *err, size_t errlen);
const char *user_smb_socket(const struct user_smb *s);
void user_smb_stop(struct user_smb *s);

void smb_keeper_spawn(int listen_fd, int ctl_fd, const char *dir, const char *conf,
		      const char *smbd) __attribute__((noreturn));

#endif /* GN_PORT_USER_SMB_H */
