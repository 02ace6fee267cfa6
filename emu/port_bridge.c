// SPDX-License-Identifier: GPL-2.0-or-later
/* port_bridge.c - -netdev bridge: a tap on a bridge, from the bridge helper
 *
 * DOC: Theory of operation
 *
 * The bridge helper (guestnet-bridge-helper, or any qemu-bridge-helper) is
 * run as QEMU 7.2 runs it (net/tap.c): a socketpair, fork, exec HELPER
 * --use-vnet --fd=N --br=BR. It answers with the tap descriptor in one
 * SCM_RIGHTS message of one byte (fdpass.c) and exits 0. Like QEMU we wait
 * for it, unlike QEMU never longer than TAP_CHILD_TIMEOUT_MS (spawn.c),
 * and its reply is read once it has exited. The descriptor is checked as
 * any tap handed to us (tapdev.c) and becomes a tap port (port_tap.c).
 * -netdev tap,helper= comes here too, for bridge "br0", as in QEMU.
 */

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fdpass.h"
#include "log.h"
#include "netdev.h"
#include "netdev_keys.h"
#include "optstring.h"
#include "port_bridge.h"
#include "port_tap.h"
#include "spawn.h"
#include "tapdev.h"

#ifndef GUESTNET_HELPER_PATH
#define GUESTNET_HELPER_PATH	"/usr/local/libexec/guestnet-bridge-helper"
#endif

/*
 * The helper's reply, read once it has exited: exactly one byte and one
 * descriptor (fdpass.c). Returns the descriptor, -ENODATA if there is
 * none, -EPROTO if it is malformed.
 */
static int recv_tap_fd(int sock)
{
	char byte;
	ssize_t n;
	int fd;

	n = fdpass_recv(sock, MSG_DONTWAIT, &byte, 1, &fd);
	if (n == -EPROTO)
		return -EPROTO;
	if (n <= 0)
		return -ENODATA;
	return fd >= 0 ? fd : -EPROTO;
}

/*
 * Run @helper for bridge @br; on success *@fd is the tap. Errors name
 * @key (the key that chose what failed).
 */
static int helper_run(struct opts *o, const char *helper, const char *br, int *fd)
{
	char arg_fd[16], arg_br[8 + IFNAMSIZ], why[SPAWN_ERR_LINE + 40];
	char *argv[] = { (char *)helper, (char *)"--use-vnet", arg_fd, arg_br, NULL };
	struct spawn c;
	int sv[2], ret;

	snprintf(arg_fd, sizeof(arg_fd), "--fd=%d", SPAWN_KEEP_FD);
	snprintf(arg_br, sizeof(arg_br), "--br=%s", br);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return opts_fail(o, "key 'br': socketpair: %s", errstr(errno));
	ret = spawn_start(&c, argv, sv[1]);
	close(sv[1]);
	if (ret < 0) {
		close(sv[0]);
		return opts_fail(o, "key 'helper': fork: %s", errstr(ret));
	}
	ret = spawn_wait(&c, TAP_CHILD_TIMEOUT_MS);
	spawn_free(&c);
	/* the reply, if any, waits in the socket after the helper exited */
	*fd = ret < 0 ? -ENODATA : recv_tap_fd(sv[0]);
	close(sv[0]);
	if (ret == -ETIMEDOUT)
		return opts_fail(o, "key 'helper': no answer within %d s, helper killed%s%s",
				 TAP_CHILD_TIMEOUT_MS / 1000, c.err_len ? ": " : "", c.err);
	if (ret < 0)
		return opts_fail(o, "key 'helper': %s", errstr(ret));
	if (*fd >= 0 && spawn_succeeded(&c))
		return 0;
	if (*fd >= 0) {
		close(*fd);	/* a tap, but the helper says it failed */
		*fd = -1;
	} else if (*fd == -EPROTO) {
		return opts_fail(o, "key 'helper': malformed reply (not one byte with one SCM_RIGHTS descriptor)");
	}
	spawn_describe(&c, why, sizeof(why));
	if (spawn_succeeded(&c))
		return opts_fail(o, "key 'br': '%s': helper sent no tap (%s)", br, why);
	return opts_fail(o, "key 'br': '%s': helper failed, %s", br, why);
}

/**
 * bridge_open() - run the bridge helper and make a port of the tap it sends
 * @req:	the request
 * @helper:	the helper's path, checked (netdev_key_program())
 * @br:		the bridge, checked (netdev_key_ifname())
 *
 * For -netdev bridge and for -netdev tap,helper=.
 *
 * Return: 0, or negative errno with the message in the options
 */
int bridge_open(struct netdev_req *req, const char *helper, const char *br)
{
	char name[IFNAMSIZ], peer[96];
	const char *why;
	bool vnet;
	int fd = -1, ret;

	ret = helper_run(req->o, helper, br, &fd);
	if (ret < 0)
		return ret;
	ret = tapdev_setup(fd, &vnet, name, &why);
	if (ret < 0) {
		close(fd);
		return opts_fail(req->o, "key 'helper': the descriptor it sent %s (%s)", why, errstr(ret));
	}
	snprintf(peer, sizeof(peer), "bridge %s tap %s%s", br, name, vnet ? " vnet_hdr" : "");
	return tap_port_add(req, fd, vnet, peer, NULL);
}

/**
 * bridge_create() - -netdev bridge,br=BRIDGE[,helper=PATH]
 * @req:	request
 *
 * Runs the bridge helper (default GUESTNET_HELPER_PATH, bridge "br0" as in
 * QEMU) and makes a tap port of the descriptor it sends.
 *
 * Return: 0, or negative errno with the message in the options
 */
static int bridge_create(struct netdev_req *req)
{
	struct opts *o = req->o;
	const char *br = opts_get(o, "br"), *helper = opts_get(o, "helper");
	int ret;

	if (o->err[0])
		return -EINVAL;
	if (!br)
		br = BRIDGE_DEFAULT;
	if (!helper)
		helper = GUESTNET_HELPER_PATH;
	ret = netdev_key_ifname(o, "br", br);
	if (!ret)
		ret = netdev_key_program(o, "helper", helper);
	if (!ret)
		ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	return bridge_open(req, helper, br);
}

const struct netdev_type netdev_type_bridge = {
	.name = "bridge",
	.create = bridge_create,
	.always = 1U << NEED_EXEC_OPEN,
	.always_what = "the bridge helper",
};
