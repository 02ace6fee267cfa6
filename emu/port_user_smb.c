// SPDX-License-Identifier: GPL-2.0-or-later
/* port_user_smb.c - smb= of user-mode NAT: a private smbd sharing a directory
 *
 * DOC: Theory of operation
 *
 * QEMU's -netdev user,smb=DIR writes an smb.conf into a private directory
 * (QEMU's own, as of 7.2: the private, pid, lock, state, cache and
 * ncalrpc directories and the log there, guests mapped to the user, no
 * printing, DIR shared as "qemu", writable, as the calling user; we make
 * the caller Samba's guest account where QEMU forces the user, see
 * smb_write_conf()) and has
 * libslirp fork and execute `smbd -l DIR -s DIR/smb.conf` in inetd mode for
 * each guest connection to 10.0.2.4 (or smbserver=) ports 139 and 445.
 *
 * The sandboxed emulator may neither fork nor execute, so here, at
 * start-up, the emulator checks DIR and smbd, makes the private directory
 * (0700, under $XDG_RUNTIME_DIR, $TMPDIR or /tmp), writes the same
 * smb.conf, listens on a unix socket in that directory, and forks the
 * keeper (port_user_smb_keeper.c), which runs smbd for each connection
 * to that socket. libslirp's slirp_add_unix() connects each guest
 * connection to the socket: an entry of the same guest forward list
 * that slirp_add_exec() fills for QEMU, with a connect() in the emulator
 * instead of a fork and exec.
 *
 * The keeper's control socket is the emulator's lifeline: when the port
 * closes, or the emulator ends in any way (kill -9 included), the keeper
 * reads end of file, kills every smbd and removes the private directory.
 * At a normal close the emulator waits a moment for that to be done.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "port_user_smb.h"
#include "xalloc.h"

#ifndef GUESTNET_SMBD_PATH
#define GUESTNET_SMBD_PATH	"/usr/sbin/smbd"	/* QEMU's CONFIG_SMBD_COMMAND */
#endif

#define SMB_READY_MS	10000	/* the keeper's set-up */
#define SMB_STOP_MS	3000	/* its clean-up, at a normal close */
#define SMB_SOCKET_NAME	"smbd.sock"
#define SMB_CONF_NAME	"smb.conf"

/**
 * struct user_smb - the SMB share of one user port
 * @dir:	the private directory
 * @sock:	the unix socket in it that libslirp connects to
 * @ctl:	control socket to the keeper (its lifeline), or -1
 */
struct user_smb {
	char dir[PATH_MAX];
	char sock[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int ctl;
};

/* Text smb.conf cannot hold as a value: control characters, its
 * substitutions (%), line continuations (\), trimmed trailing blanks */
static bool smb_conf_safe(const char *s)
{
	size_t len = strlen(s);

	if (!len || s[len - 1] == ' ')
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '%' || *p == '\\')
			return false;
	return true;
}

/* DIR as an absolute path that the user can list and read */
static int smb_share_check(const char *share, char *abs, char *err, size_t errlen)
{
	struct stat st;

	int e = 0;

	if (!realpath(share, abs) || stat(abs, &st) < 0 ||
	    (S_ISDIR(st.st_mode) && access(abs, R_OK | X_OK) < 0))
		e = errno;
	if (e) {
		snprintf(err, errlen, "cannot share '%s': %s%s", share, errstr(e),
			 e == EACCES ? " (the directory must be readable and searchable "
			 "by the user running guestnet-emu)" : "");
		return -e;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "cannot share '%s': not a directory", share);
		return -ENOTDIR;
	}
	if (!smb_conf_safe(abs)) {
		snprintf(err, errlen, "cannot share '%s': smb.conf cannot hold a path with "
			 "control characters, '%%', '\\' or a trailing space", abs);
		return -EINVAL;
	}
	return 0;
}

/* The private directory, as QEMU's g_dir_make_tmp("qemu-smb.XXXXXX") */
static int smb_make_dir(struct user_smb *s, char *err, size_t errlen)
{
	const char *bases[] = { getenv("XDG_RUNTIME_DIR"), getenv("TMPDIR"), "/tmp" };
	int e = ENOENT;

	for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		const char *b = bases[i];
		int n;

		if (!b || b[0] != '/')
			continue;
		n = snprintf(s->dir, sizeof(s->dir), "%s/guestnet-smb.XXXXXX", b);
		if (n < 0 || (size_t)n + sizeof("/" SMB_SOCKET_NAME) > sizeof(s->sock)) {
			e = ENAMETOOLONG;
			continue;
		}
		if (mkdtemp(s->dir)) {
			if (snprintf(s->sock, sizeof(s->sock), "%s/%s", s->dir,
				     SMB_SOCKET_NAME) < (int)sizeof(s->sock))
				return 0;
			rmdir(s->dir);	/* cannot happen: the length was checked */
			e = ENAMETOOLONG;
			continue;
		}
		e = errno;
	}
	snprintf(err, errlen, "cannot make smbd's private directory (under $XDG_RUNTIME_DIR, "
		 "$TMPDIR or /tmp): %s", errstr(e));
	s->dir[0] = '\0';
	return -e;
}

/*
 * QEMU's smb.conf (net/slirp.c, slirp_smb()), but for one line: QEMU has
 * "force user=USER", we "guest account=USER". Every session is a guest
 * (the private passdb is empty, map to guest = Bad User), so both serve
 * the share as the caller; but Samba maps the uid of its guest account
 * (nobody by default) to the guest SID, which a forced token lacks: run
 * as nobody, QEMU's line leaves the share read-only.
 */
static int smb_write_conf(const struct user_smb *s, const char *share, const char *user,
			  char *conf, size_t conflen, char *err, size_t errlen)
{
	const char *d = s->dir;
	FILE *f;
	int fd;

	snprintf(conf, conflen, "%s/%s", d, SMB_CONF_NAME);
	fd = open(conf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		snprintf(err, errlen, "cannot write %s: %s", conf, errstr(errno));
		if (fd >= 0)
			close(fd);
		return -EIO;
	}
	fprintf(f, "[global]\n"
		"private dir=%s\n"
		"interfaces=127.0.0.1\n"
		"bind interfaces only=yes\n"
		"pid directory=%s\n"
		"lock directory=%s\n"
		"state directory=%s\n"
		"cache directory=%s\n"
		"ncalrpc dir=%s/ncalrpc\n"
		"log file=%s/log.smbd\n"
		"smb passwd file=%s/smbpasswd\n"
		"security = user\n"
		"map to guest = Bad User\n"
		"guest account=%s\n"
		"load printers = no\n"
		"printing = bsd\n"
		"disable spoolss = yes\n"
		"usershare max shares = 0\n"
		"[qemu]\n"
		"path=%s\n"
		"read only=no\n"
		"guest ok=yes\n", d, d, d, d, d, d, d, d, user, share);
	if (fclose(f) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", conf, errstr(errno));
		return -EIO;
	}
	return 0;
}

static int smb_listen(const struct user_smb *s, int *out, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", s->sock);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, SOMAXCONN) < 0) {
		int e = errno;

		snprintf(err, errlen, "cannot listen on %s: %s", s->sock, errstr(e));
		if (fd >= 0)
			close(fd);
		return -e;
	}
	*out = fd;
	return 0;
}

/* The keeper's first word: ready, or why not */
static int smb_wait_ready(int ctl, char *err, size_t errlen)
{
	struct pollfd pfd = { .fd = ctl, .events = POLLIN };
	char msg[200];
	ssize_t n;

	if (poll(&pfd, 1, SMB_READY_MS) != 1) {
		snprintf(err, errlen, "smbd's keeper did not start");
		return -ETIMEDOUT;
	}
	n = recv(ctl, msg, sizeof(msg) - 1, 0);
	msg[n > 0 ? n : 0] = '\0';
	if (n > 0 && !strcmp(msg, SMB_KEEPER_READY))
		return 0;
	snprintf(err, errlen, "smbd's keeper: %s", n > 0 ? msg : "died at start");
	return -EIO;
}

/* Fork the keeper: it double-forks into its namespaces, this child exits */
static int smb_start_keeper(struct user_smb *s, int lfd, const char *conf,
			    const char *smbd, char *err, size_t errlen)
{
	int sv[2], ret;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		ret = -errno;
		snprintf(err, errlen, "socketpair: %s", errstr(ret));
		return ret;
	}
	pid = fork();
	if (pid == 0)
		smb_keeper_spawn(lfd, sv[1], s->dir, conf, smbd);
	ret = pid < 0 ? -errno : 0;
	close(sv[1]);
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	s->ctl = sv[0];
	if (ret < 0) {
		snprintf(err, errlen, "fork: %s", errstr(ret));
		return ret;
	}
	return smb_wait_ready(s->ctl, err, errlen);
}

/* Tell the keeper to stop (end of file) and wait until it is gone */
static void smb_stop_keeper(struct user_smb *s)
{
	struct pollfd pfd = { .fd = s->ctl, .events = POLLIN };
	char b;

	if (s->ctl < 0)
		return;
	shutdown(s->ctl, SHUT_WR);
	while (poll(&pfd, 1, SMB_STOP_MS) == 1 && recv(s->ctl, &b, 1, MSG_DONTWAIT) > 0)
		;	/* until the keeper is gone: end of file */
	close(s->ctl);
	s->ctl = -1;
}

/* What smb= needs before anything is made: smbd, DIR, a user name */
static int smb_check(const char *share, char *abs, const char **user,
		     char *err, size_t errlen)
{
	struct passwd *pw;

	if (access(GUESTNET_SMBD_PATH, X_OK) < 0) {
		snprintf(err, errlen, "%s: %s: install smbd (Debian's samba package)",
			 GUESTNET_SMBD_PATH, errstr(errno));
		return -ENOENT;
	}
	if (smb_share_check(share, abs, err, errlen) < 0)
		return -EINVAL;
	pw = getpwuid(geteuid());
	if (!pw || !smb_conf_safe(pw->pw_name)) {
		snprintf(err, errlen, "uid %u has no user name smb.conf can hold (smbd "
			 "serves the share as that user)", (unsigned int)geteuid());
		return -EINVAL;
	}
	*user = pw->pw_name;
	return 0;
}

/**
 * user_smb_start() - share a directory through a private smbd
 * @share:	the directory (smb=)
 * @out:	the share, to stop with user_smb_stop()
 * @err:	message on failure
 * @errlen:	its size
 *
 * At start-up only (it forks): checks smbd and the directory, makes the
 * private directory with smb.conf and the socket, starts the keeper.
 *
 * Return: 0, or negative errno with @err set (nothing is left behind)
 */
int user_smb_start(const char *share, struct user_smb **out, char *err, size_t errlen)
{
	struct user_smb *s = xcalloc(1, sizeof(*s));
	char abs[PATH_MAX], conf[PATH_MAX + sizeof(SMB_CONF_NAME)];
	const char *user;
	int lfd = -1, ret;

	conf[0] = '\0';
	s->ctl = -1;
	ret = smb_check(share, abs, &user, err, errlen);
	if (!ret)
		ret = smb_make_dir(s, err, errlen);
	if (!ret)
		ret = smb_write_conf(s, abs, user, conf, sizeof(conf), err, errlen);
	if (!ret)
		ret = smb_listen(s, &lfd, err, errlen);
	if (!ret)
		ret = smb_start_keeper(s, lfd, conf, GUESTNET_SMBD_PATH, err, errlen);
	if (lfd >= 0)
		close(lfd);
	if (ret < 0) {
		smb_stop_keeper(s);	/* a keeper not ready leaves the directory */
		if (s->dir[0]) {
			unlink(s->sock);
			if (conf[0])
				unlink(conf);
			rmdir(s->dir);
		}
		free(s);
		return ret;
	}
	info("smb: sharing %s as \\\\qemu through smbd (private directory %s)", abs, s->dir);
	*out = s;
	return 0;
}

/**
 * user_smb_socket() - the unix socket libslirp connects guests to
 * @s:		the share
 *
 * Return: its path
 */
const char *user_smb_socket(const struct user_smb *s)
{
	return s->sock;
}

/**
 * user_smb_stop() - stop sharing: the keeper kills smbd and cleans up
 * @s:		the share, or NULL; freed
 *
 * Waits up to SMB_STOP_MS for the keeper to be done.
 */
void user_smb_stop(struct user_smb *s)
{
	if (!s)
		return;
	smb_stop_keeper(s);
	free(s);
}
