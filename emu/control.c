// SPDX-License-Identifier: GPL-2.0-or-later
/* control.c - the JSON control socket (-control PATH)
 *
 * DOC: Theory of operation
 *
 * A unix stream socket, created by us with mode 0600 and removed at exit
 * (a stale socket file is replaced, a live one or any other file refused).
 * The protocol is QMP-like JSON lines: one request object per line, one
 * reply object per line, in order; a client may send many requests per
 * connection and many clients may be connected (CONTROL_CLIENTS_MAX).
 * docs/control.md describes the commands.
 *
 * This file holds the socket file and the listener: it accepts in
 * batches and hands each connection to control_conn.c, which reads its
 * lines and runs each through control_request() (control_request.c), the
 * request envelope, which runs a command of control_cmds.c. jansson's
 * hash is seeded here, before the sandbox (control_json.c).
 */

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "control_internal.h"
#include "control_json.h"
#include "log.h"
#include "loop.h"
#include "optstring.h"

#define CONTROL_BACKLOG		CONTROL_CLIENTS_MAX
#define CONTROL_ACCEPT_BATCH	16

/**
 * struct ctl_sock - the listening socket
 * @watch:	its descriptor in the loop
 * @path:	absolute path of the socket file, "" when none
 * @dev:	device of the file we created
 * @ino:	its inode, so that we only ever remove our own file
 */
static struct ctl_sock {
	struct loop_watch watch;
	char path[PATH_MAX];
	dev_t dev;
	ino_t ino;
} ctl = { .watch = { .fd = -1 } };

static void ctl_accept(struct loop_watch *w, uint32_t events)
{
	(void)events;
	for (int i = 0; i < CONTROL_ACCEPT_BATCH; i++) {
		int fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
				warn("control: accept: %s", errstr(errno));
			return;
		}
		ctl_conn_new(fd);
	}
}

/* Remove a socket file nobody listens on; refuse anything else */
static int ctl_clear_stale(const struct sockaddr_un *sa, struct opts *o)
{
	struct stat st;
	int fd, ret = 0;

	if (lstat(sa->sun_path, &st) < 0)
		return errno == ENOENT ? 0 : opts_fail(o, "%s", errstr(errno));
	if (!S_ISSOCK(st.st_mode))
		return opts_fail(o, "the file exists and is not a socket");
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return opts_fail(o, "socket: %s", errstr(errno));
	if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0 || errno == EAGAIN)
		ret = opts_fail(o, "a process is listening on it already");
	else if (errno != ECONNREFUSED)
		ret = opts_fail(o, "%s", errstr(errno));
	else if (unlink(sa->sun_path) < 0 && errno != ENOENT)
		ret = opts_fail(o, "removing the stale socket: %s", errstr(errno));
	close(fd);
	return ret;
}

/* Remember the absolute path: -daemonize changes directory */
static int ctl_abs_path(const char *path, struct opts *o)
{
	char cwd[PATH_MAX];
	int n;

	if (path[0] == '/') {
		n = snprintf(ctl.path, sizeof(ctl.path), "%s", path);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			return opts_fail(o, "getcwd: %s", errstr(errno));
		n = snprintf(ctl.path, sizeof(ctl.path), "%s/%s", cwd, path);
	}
	if (n < 0 || (size_t)n >= sizeof(ctl.path)) {
		ctl.path[0] = '\0';
		return opts_fail(o, "path too long");
	}
	return 0;
}

/* Create, bind (mode 0600) and listen; record the file's identity */
static int ctl_listen(const struct sockaddr_un *sa, struct opts *o)
{
	struct stat st;
	mode_t mask;
	int fd, ret;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return opts_fail(o, "socket: %s", errstr(errno));
	mask = umask(0177);
	ret = bind(fd, (const struct sockaddr *)sa, sizeof(*sa));
	umask(mask);
	if (ret < 0) {
		ret = opts_fail(o, "bind: %s", errstr(errno));
		goto out;
	}
	if (stat(sa->sun_path, &st) < 0 || listen(fd, CONTROL_BACKLOG) < 0) {
		ret = opts_fail(o, "listen: %s", errstr(errno));
		unlink(sa->sun_path);
		goto out;
	}
	ctl.dev = st.st_dev;
	ctl.ino = st.st_ino;
	ret = loop_add(&ctl.watch, fd, EPOLLIN, ctl_accept);
	if (ret < 0) {
		unlink(sa->sun_path);
		opts_fail(o, "epoll: %s", errstr(-ret));
		goto out;
	}
	return 0;
out:
	close(fd);
	return ret;
}

/**
 * control_open() - create the control socket (-control PATH)
 * @path:	socket file to create
 * @o:		the option, for error messages
 *
 * A stale socket file (nobody listening) is replaced; a live one or any
 * other kind of file is refused. The file is removed at exit.
 *
 * Return: 0, or negative errno with the message in @o->err
 */
int control_open(const char *path, struct opts *o)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	static bool registered;
	int ret;

	if (ctl.watch.fd >= 0)
		return opts_fail(o, "only one control socket is supported");
	if (!path[0])
		return opts_fail(o, "empty path");
	if (strlen(path) >= sizeof(sa.sun_path))
		return opts_fail(o, "path longer than %zu bytes", sizeof(sa.sun_path) - 1);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	ret = ctl_abs_path(path, o);
	if (!ret)
		ret = ctl_clear_stale(&sa, o);
	if (!ret)
		ret = ctl_listen(&sa, o);
	if (ret < 0) {
		ctl.path[0] = '\0';
		return ret;
	}
	if (!registered && !atexit(control_close))
		registered = true;
	control_json_init();	/* before the sandbox: see control_json.c */
	info("control socket %s", path);
	return 0;
}

/**
 * control_close() - close every connection and remove the socket file
 *
 * Replies still queued get one last non-blocking write. Runs at exit;
 * harmless when there is no control socket.
 */
void control_close(void)
{
	struct stat st;

	ctl_conn_close_all();
	if (ctl.watch.fd >= 0) {
		int fd = ctl.watch.fd;

		loop_del(&ctl.watch);
		close(fd);
	}
	if (ctl.path[0] && stat(ctl.path, &st) == 0 && st.st_dev == ctl.dev &&
	    st.st_ino == ctl.ino)
		unlink(ctl.path);
	ctl.path[0] = '\0';
}
