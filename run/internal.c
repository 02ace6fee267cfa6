// SPDX-License-Identifier: GPL-2.0-or-later
/* internal.c - --net internal:NAME: a per-user guestnet-emu hub shared by name
 *
 * DOC: Theory of operation
 *
 * Every launch of one user with the same NAME joins one hub: a
 * guestnet-emu with a unix stream server port BASE/internal-NAME.sock
 * (BASE is the user's runtime directory, rundir.c), so it is private to
 * the user. Who uses the hub, and who runs it, is kept in three one-byte
 * open-file-description locks (F_OFD_SETLK) on BASE/internal-NAME.lock.
 * The kernel drops such a lock when its holder exits in any way, SIGKILL
 * included, so no count can go stale:
 *
 *   byte 0 "setup"   exclusive while a launch joins, or a keeper tears down;
 *   byte 1 "users"   shared by every launch whose COMMAND is running;
 *   byte 2 "keeper"  exclusive by the hub's keeper for its whole life.
 *
 * Joining, under "setup": if no keeper holds byte 2, there is no hub:
 * take a "users" share, then start a keeper (double fork, setsid, its own
 * descriptor of the lock file). The keeper takes byte 2, starts
 * `guestnet-emu -pidfile -netdev stream,server=on,... -control` as its
 * child (PR_SET_PDEATHSIG: the emulator dies with the keeper), waits
 * until the control socket (opened last) accepts, and tells the joiner
 * over a pipe. If a keeper exists, take a "users" share without waiting;
 * that fails only while the keeper is tearing down, so then drop "setup",
 * wait 50 ms and try again (for at most 10 s).
 *
 * Leaving is closing the lock descriptor: the share goes away. The keeper
 * tries every 250 ms to take "users" exclusively; once it can, nobody
 * uses the hub, and it takes "setup" (so no one joins meanwhile), stops
 * the emulator, removes the sockets and pid file, drops byte 2 and exits.
 * If the emulator dies by itself, the keeper cleans up the same way. If
 * the keeper is killed, the emulator gets SIGTERM and removes its own
 * sockets; the next launch starts a new keeper. The keeper's and
 * emulator's messages go to BASE/internal-NAME.log.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fdclose.h"
#include "internal.h"
#include "log.h"
#include "proc.h"
#include "strv.h"

enum { BYTE_SETUP, BYTE_USERS, BYTE_KEEPER };

#define JOIN_MS		10000
#define KEEPER_POLL_MS	250
#define EMU_STOP_MS	5000

static int ofd_lock(int fd, int byte, short type, bool wait)
{
	struct flock fl = {
		.l_type = type, .l_whence = SEEK_SET, .l_start = byte, .l_len = 1,
	};

	return fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl) < 0 ? -errno : 0;
}

/* Whether another open file description holds a lock on byte */
static bool ofd_held(int fd, int byte)
{
	struct flock fl = {
		.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = byte, .l_len = 1,
	};

	if (fcntl(fd, F_OFD_GETLK, &fl) < 0)
		return true;
	return fl.l_type != F_UNLCK;
}

static int open_lock(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	return fd < 0 ? -errno : fd;
}

static int paths(struct internal_hub *h, const char *base, const char *name)
{
	int n[5];

	n[0] = snprintf(h->sock, sizeof(h->sock), "%s/internal-%s.sock", base, name);
	n[1] = snprintf(h->ctl, sizeof(h->ctl), "%s/internal-%s.ctl", base, name);
	n[2] = snprintf(h->pidfile, sizeof(h->pidfile), "%s/internal-%s.pid", base, name);
	n[3] = snprintf(h->lockpath, sizeof(h->lockpath), "%s/internal-%s.lock", base, name);
	n[4] = snprintf(h->logpath, sizeof(h->logpath), "%s/internal-%s.log", base, name);
	if (n[0] >= (int)sizeof(h->sock) || n[1] >= (int)sizeof(h->ctl) ||
	    n[2] >= (int)sizeof(h->pidfile) || n[3] >= (int)sizeof(h->lockpath) ||
	    n[4] >= (int)sizeof(h->logpath))
		return -ENAMETOOLONG;
	return 0;
}

static void unlink_files(const struct internal_hub *h)
{
	unlink(h->sock);
	unlink(h->ctl);
	unlink(h->pidfile);
}

/* Keeper: report to the joiner (status 0 = ready) and close the pipe */
static void keeper_report(int fd, const char *msg)
{
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "%c%s", msg ? 1 : 0, msg ? msg : "");

	if (write(fd, buf, (size_t)(n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1)) < 0)
		return;
	close(fd);
}

/* Keeper: descriptors 0-2 to /dev/null and the log, the pipe to 3, rest closed */
static int keeper_fds(const struct internal_hub *h, int pipe_wr)
{
	int high = fcntl(pipe_wr, F_DUPFD_CLOEXEC, 100);
	int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
	int log = open(h->logpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (high < 0 || nul < 0 || log < 0)
		return -1;
	dup2(nul, STDIN_FILENO);
	dup2(log, STDOUT_FILENO);
	dup2(log, STDERR_FILENO);
	if (dup2(high, 3) < 0)
		return -1;
	fd_close_from(4, -1);
	fcntl(3, F_SETFD, FD_CLOEXEC);
	return 3;
}

/* Keeper: start the hub's emulator; 0 or -1 with msg set */
static int keeper_start_emu(const struct internal_hub *h, const char *emu,
			    struct proc *p, char *msg, size_t msglen)
{
	struct strv a = { 0 };
	int ret;

	strv_add(&a, emu);
	if (geteuid() == 0)
		strv_add(&a, "--allow-root");	/* root asked for this launch */
	strv_add(&a, "-pidfile");
	strv_add(&a, h->pidfile);
	strv_add(&a, "-netdev");
	strv_addf(&a, "stream,id=hub,server=on,addr.type=unix,addr.path=%s", h->sock);
	strv_add(&a, "-control");
	strv_add(&a, h->ctl);
	ret = strv_status(&a);
	if (!ret)
		ret = proc_spawn(p, a.v);
	strv_free(&a);
	if (ret < 0) {
		snprintf(msg, msglen, "starting %s: %s", emu, errstr(ret));
		return -1;
	}
	ret = proc_wait_socket(h->ctl, p, JOIN_MS);
	if (!ret)
		return 0;
	if (ret == -ECHILD)
		snprintf(msg, msglen, "%.100s exited with status %d (see %.200s)", emu,
			 proc_status_code(proc_reap(p)), h->logpath);
	else
		snprintf(msg, msglen, "%.100s not ready within %d s (see %.200s)", emu,
			 JOIN_MS / 1000, h->logpath);
	proc_stop(p, EMU_STOP_MS);
	return -1;
}

/* Keeper: run the hub until nobody uses it; never returns */
static void keeper_main(const struct internal_hub *h, const char *emu, int pipe_wr)
{
	struct proc p = { 0, -1 };
	char msg[400];
	int fd, rep;

	proc_child_reset();
	rep = keeper_fds(h, pipe_wr);
	if (rep < 0)
		_exit(1);
	fd = open_lock(h->lockpath);
	if (fd < 0 || ofd_lock(fd, BYTE_KEEPER, F_WRLCK, false) < 0) {
		keeper_report(rep, "cannot take the keeper lock");
		_exit(1);
	}
	unlink_files(h);
	if (keeper_start_emu(h, emu, &p, msg, sizeof(msg)) < 0) {
		unlink_files(h);
		keeper_report(rep, msg);
		_exit(1);
	}
	keeper_report(rep, NULL);
	for (;;) {
		if (proc_exited(&p, KEEPER_POLL_MS)) {
			warn("internal hub: emulator exited with status %d",
			     proc_status_code(proc_reap(&p)));
			break;
		}
		if (!ofd_lock(fd, BYTE_USERS, F_WRLCK, false))
			break;
	}
	ofd_lock(fd, BYTE_SETUP, F_WRLCK, true);
	proc_stop(&p, EMU_STOP_MS);
	unlink_files(h);
	ofd_lock(fd, BYTE_KEEPER, F_UNLCK, false);
	close(fd);
	_exit(0);
}

/* Joiner, holding "setup" and a "users" share: start a keeper, wait for it */
static int keeper_start(const struct internal_hub *h, const char *emu,
			char *err, size_t errlen)
{
	char buf[512] = "";
	ssize_t n, len = 0;
	int rp[2], ws;
	pid_t pid;

	if (pipe2(rp, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(rp[0]);
		close(rp[1]);
		return -errno;
	}
	if (!pid) {
		setsid();
		if (fork() == 0)
			keeper_main(h, emu, rp[1]);
		_exit(0);
	}
	close(rp[1]);
	waitpid(pid, &ws, 0);
	while (len < (ssize_t)sizeof(buf) - 1 &&
	       (n = read(rp[0], buf + len, sizeof(buf) - 1 - (size_t)len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		len += n;
	}
	close(rp[0]);
	buf[len] = '\0';
	if (len >= 1 && buf[0] == 0)
		return 0;
	snprintf(err, errlen, "%s", len > 1 ? buf + 1 : "the hub's keeper died");
	return -EIO;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* One attempt under "setup": 0 joined, -EAGAIN try again, else error */
static int join_once(struct internal_hub *h, const char *emu, char *err, size_t errlen)
{
	int ret;

	if (!ofd_held(h->lockfd, BYTE_KEEPER)) {
		ret = ofd_lock(h->lockfd, BYTE_USERS, F_RDLCK, false);
		if (!ret)
			ret = keeper_start(h, emu, err, errlen);
		if (ret < 0 && !err[0])
			snprintf(err, errlen, "%s", errstr(ret));
		return ret;
	}
	if (ofd_lock(h->lockfd, BYTE_USERS, F_RDLCK, false) < 0)
		return -EAGAIN;		/* the keeper is tearing down */
	if (proc_connectable(h->ctl) < 0) {
		/* the emulator died; its keeper will clean up */
		ofd_lock(h->lockfd, BYTE_USERS, F_UNLCK, false);
		return -EAGAIN;
	}
	return 0;
}

/**
 * internal_join() - join (starting it if need be) the user's hub NAME
 * @h:		result; h->sock is what the NIC connects to
 * @base:	runtime directory (rundir_base())
 * @name:	internal network name (spec_name_check()ed)
 * @emu:	path of guestnet-emu
 * @err:	message buffer
 * @errlen:	its size
 *
 * Return: 0 (leave with internal_leave()), or negative errno with a
 *	   message in @err
 */
int internal_join(struct internal_hub *h, const char *base, const char *name,
		  const char *emu, char *err, size_t errlen)
{
	int ret, waited = 0;

	h->lockfd = -1;
	err[0] = '\0';
	if (paths(h, base, name) < 0) {
		snprintf(err, errlen, "socket path in %s too long", base);
		return -ENAMETOOLONG;
	}
	ret = open_lock(h->lockpath);
	if (ret < 0) {
		snprintf(err, errlen, "%s: %s", h->lockpath, errstr(ret));
		return ret;
	}
	h->lockfd = ret;
	for (;;) {
		ret = ofd_lock(h->lockfd, BYTE_SETUP, F_WRLCK, true);
		if (!ret)
			ret = join_once(h, emu, err, errlen);
		ofd_lock(h->lockfd, BYTE_SETUP, F_UNLCK, false);
		if (ret != -EAGAIN || waited >= JOIN_MS)
			break;
		sleep_ms(50);
		waited += 50;
	}
	if (ret < 0) {
		if (ret == -EAGAIN)
			snprintf(err, errlen, "hub busy, try again");
		internal_leave(h);
		return ret;
	}
	info("internal:%s: hub socket %s", name, h->sock);
	return 0;
}

/**
 * internal_leave() - stop using the hub (its keeper stops it if we were
 * the last)
 * @h:		from internal_join()
 */
void internal_leave(struct internal_hub *h)
{
	if (h->lockfd >= 0)
		close(h->lockfd);
	h->lockfd = -1;
}
