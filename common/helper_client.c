// SPDX-License-Identifier: GPL-2.0-or-later
/* helper_client.c - a tap on a bridge from the bridge helper, as QEMU gets one
 *
 * DOC: Theory of operation
 *
 * guestnet-emu (-netdev bridge, tap,helper=) and `guestnet run` (--net
 * NETWORK) run the bridge helper (guestnet-bridge-helper, or any
 * qemu-bridge-helper) exactly as QEMU 7.2 does (net/tap.c,
 * net_bridge_run_helper()), so either helper works: a
 * socketpair(AF_UNIX, SOCK_STREAM), and HELPER --use-vnet --fd=3
 * --br=BRIDGE with our environment and no other descriptor but 0-2
 * (spawn.c). Unlike QEMU:
 *
 * - at most @timeout_ms for it to exit; then its process group is killed;
 * - its stderr goes to a pipe, and its first line into our one message;
 * - it must exit 0;
 * - the reply, read once it has exited, is checked strictly (fdpass.c):
 *   one byte and exactly one SOL_SOCKET/SCM_RIGHTS message of
 *   CMSG_LEN(sizeof(int)); anything else is refused and every descriptor
 *   that came with it closed; the descriptor must be a tap with IFF_NO_PI
 *   (tapdev.c).
 */

#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fdpass.h"
#include "helper_client.h"
#include "log.h"
#include "spawn.h"
#include "tapdev.h"

/* The reply waiting in @sock: the descriptor, -ENODATA, or -EPROTO */
static int helper_reply(int sock)
{
	char byte[2];
	ssize_t n;
	int fd;

	n = fdpass_recv(sock, MSG_DONTWAIT, byte, sizeof(byte), &fd);
	if (n == -EPROTO)
		return -EPROTO;
	if (n <= 0)
		return fd >= 0 ? -EPROTO : -ENODATA;
	if (n != 1 || fd < 0) {
		if (fd >= 0)
			close(fd);
		return -EPROTO;
	}
	return fd;
}

/* Start the helper, wait for it; its reply (helper_reply()) in *@fd */
static int helper_call(const char *helper, const char *bridge, int timeout_ms,
		       struct spawn *c, int *fd, char *why, size_t len)
{
	char arg_fd[16], arg_br[8 + IFNAMSIZ];
	char *argv[] = { (char *)helper, (char *)"--use-vnet", arg_fd, arg_br, NULL };
	int sv[2], ret;

	*fd = -ENODATA;
	snprintf(arg_fd, sizeof(arg_fd), "--fd=%d", SPAWN_KEEP_FD);
	if ((size_t)snprintf(arg_br, sizeof(arg_br), "--br=%s", bridge) >= sizeof(arg_br)) {
		snprintf(why, len, "bridge name too long");
		return -ENAMETOOLONG;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		ret = -errno;
		snprintf(why, len, "socketpair: %s", errstr(ret));
		return ret;
	}
	ret = spawn_start(c, argv, sv[1]);
	close(sv[1]);
	if (ret < 0) {
		close(sv[0]);
		snprintf(why, len, "cannot execute %s: %s", helper, errstr(ret));
		return ret;
	}
	ret = spawn_wait(c, timeout_ms);
	spawn_free(c);
	if (!ret)
		*fd = helper_reply(sv[0]);
	close(sv[0]);
	if (ret == -ETIMEDOUT)
		snprintf(why, len, "no answer within %d s, helper killed%s%s",
			 timeout_ms / 1000, c->err_len ? ": " : "", c->err);
	else if (ret < 0)
		snprintf(why, len, "waiting for the helper: %s", errstr(ret));
	return ret;
}

/* Judge the exited helper and its reply; 0 with the tap in @t */
static enum helper_fault helper_judge(const struct spawn *c, int fd, struct helper_tap *t,
				      char *why, size_t len)
{
	char how[SPAWN_ERR_LINE + 40];
	const char *what;
	int ret;

	if (fd == -EPROTO) {
		snprintf(why, len, "malformed reply (not one byte with one SCM_RIGHTS descriptor)");
		return HELPER_MALFORMED;
	}
	spawn_describe(c, how, sizeof(how));
	if (!spawn_succeeded(c)) {
		if (fd >= 0)
			close(fd);	/* a tap, but the helper says it failed */
		snprintf(why, len, "helper failed, %s", how);
		return HELPER_FAILED;
	}
	if (fd < 0) {
		snprintf(why, len, "helper sent no tap (%s)", how);
		return HELPER_NO_TAP;
	}
	ret = tapdev_inspect(fd, &t->vnet_hdr, t->ifname, &what);
	if (ret < 0) {
		close(fd);
		snprintf(why, len, "the descriptor it sent %s (%s)", what, errstr(ret));
		return HELPER_NOT_TAP;
	}
	t->fd = fd;
	return HELPER_OK;
}

/**
 * helper_get_tap() - run the bridge helper and receive its tap
 * @helper:	path of the helper (no PATH lookup, no shell)
 * @bridge:	bridge name (checked by the caller)
 * @timeout_ms:	how long the helper may take before it is killed
 * @t:		result: the tap (not prepared: tapdev_prepare() is the
 *		caller's), its name and whether it has a vnet header
 * @fault:	what went wrong, or NULL
 * @why:	on failure, one line with the helper's own reason (its first
 *		stderr line); without the bridge's name, which the caller adds
 * @len:	size of @why
 *
 * Return: 0, or negative errno with the message in @why (no descriptor
 *	   and no process left)
 */
int helper_get_tap(const char *helper, const char *bridge, int timeout_ms,
		   struct helper_tap *t, enum helper_fault *fault, char *why, size_t len)
{
	enum helper_fault f;
	struct spawn c;
	int fd, ret;

	t->fd = -1;
	ret = helper_call(helper, bridge, timeout_ms, &c, &fd, why, len);
	if (ret < 0)
		f = ret == -ETIMEDOUT ? HELPER_TIMEOUT : HELPER_START;
	else
		f = helper_judge(&c, fd, t, why, len);
	if (fault)
		*fault = f;
	if (f == HELPER_OK)
		return 0;
	return ret < 0 ? ret : f == HELPER_NOT_TAP ? -ENOTTY : f == HELPER_FAILED ? -EPERM : -EPROTO;
}
