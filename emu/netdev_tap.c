// SPDX-License-Identifier: GPL-2.0-or-later
/* netdev_tap.c - -netdev tap and -netdev bridge: how a tap reaches us
 *
 * DOC: Theory of operation
 *
 * A tap reaches the emulator in one of three ways (docs/tap.md):
 *
 * - fd=N: the caller opened it. TUNGETIFF proves it is a tap with
 *   IFF_NO_PI and tells whether it has IFF_VNET_HDR (vnet_hdr=, if given,
 *   must agree).
 * - ifname=NAME (or no name: the kernel picks tapN): we open /dev/net/tun
 *   and TUNSETIFF. Creating a tap needs CAP_NET_ADMIN; attaching to an
 *   existing persistent tap whose owner (or group) we are does not. An
 *   optional script= runs with the name before use, downscript= at close.
 * - bridge (or tap,helper=): the bridge helper, run as QEMU 7.2 runs it
 *   (net/tap.c): a socketpair, fork, exec HELPER --use-vnet --fd=N --br=BR;
 *   it answers with the tap descriptor in one SCM_RIGHTS message.
 *
 * Children (helper, scripts) are run synchronously, like QEMU, but unlike
 * QEMU never for longer than TAP_CHILD_TIMEOUT_MS: then the child's
 * process group is killed and the option fails. The child gets stdin and
 * stdout as we have them, stderr on a pipe (its first line goes into the
 * error message), an empty signal mask and default SIGPIPE, and no other
 * descriptor but the helper's socket. Commands given with spaces (QEMU's
 * "sh -c" form of helper=) are refused: a path is executed, never a shell.
 *
 * Every tap gets a zero offload set (TUNSETOFFLOAD 0), so the kernel never
 * hands us GSO frames or partial checksums; with IFF_VNET_HDR the header
 * length is the 10-byte struct virtio_net_hdr, as QEMU uses it, and a
 * zeroed header goes in front of every frame we write (emu/port_tap.c).
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../common/util.h"
#include "fdpass.h"
#include "hub.h"
#include "ifname.h"
#include "log.h"
#include "netdev.h"
#include "netdev_keys.h"
#include "optstring.h"
#include "port.h"
#include "port_tap.h"
#include "sandbox.h"
#include "spawn.h"
#include "tapdev.h"
#include "xalloc.h"

#ifndef GUESTNET_HELPER_PATH
#define GUESTNET_HELPER_PATH	"/usr/local/libexec/guestnet-bridge-helper"
#endif

#define TAP_CHILD_TIMEOUT_MS	5000		/* helper and scripts */
#define TAP_DEFAULT_BRIDGE	"br0"		/* QEMU's DEFAULT_BRIDGE_INTERFACE */

/**
 * struct tap_down - what to run when a tap port closes
 * @script:	downscript path
 * @ifname:	its argument
 * @keep_fd:	a second descriptor of the tap, so it still exists while the
 *		downscript runs (as in QEMU, which closes the tap after it)
 */
struct tap_down {
	char script[PATH_MAX];
	char ifname[IFNAMSIZ];
	int keep_fd;
};

/* --- names and paths ------------------------------------------------- */

/* --- running a child with a deadline ---------------------------------- */

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
 * Run a script with the interface name, wait for it; 0 if it exited 0,
 * else a message in @why.
 */
static int run_script(const char *path, const char *ifname, char *why, size_t len)
{
	char *argv[] = { (char *)path, (char *)ifname, NULL };

	if (sandbox_active())	/* no fork or exec here: the launcher runs it */
		return sandbox_run_script(path, ifname, why, len);
	return spawn_run(argv, TAP_CHILD_TIMEOUT_MS, why, len);
}

static int tap_port(struct netdev_req *req, int fd, bool vnet, const char *peer,
		    struct port **p)
{
	int ret = tap_port_open(req->id, req->hub, fd, vnet ? TAPDEV_VNET_HDR_LEN : 0,
				peer, p);

	if (ret < 0)
		return opts_fail(req->o, "tap port: %s", errstr(ret));
	info("port %s: %s", req->id, peer);
	return 0;
}

/* --- the bridge helper -------------------------------------------------- */

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

static int bridge_open(struct netdev_req *req, const char *helper, const char *br)
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
	return tap_port(req, fd, vnet, peer, NULL);
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
		br = TAP_DEFAULT_BRIDGE;
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

/* --- -netdev tap ---------------------------------------------------------- */

static void tap_down_run(void *opaque)
{
	struct tap_down *d = opaque;
	char why[SPAWN_ERR_LINE + 40];

	if (run_script(d->script, d->ifname, why, sizeof(why)) < 0)
		warn("downscript %s %s: %s", d->script, d->ifname, why);
	if (d->keep_fd >= 0)
		close(d->keep_fd);
	free(d);
}

static int tap_fd_open(struct netdev_req *req, const char *val, const char *vnet_val)
{
	struct opts *o = req->o;
	char name[IFNAMSIZ], peer[96];
	const char *why;
	bool vnet, want;
	int fd, ret;

	if (netdev_key_fd(o, "fd", val, &fd) < 0)
		return -EINVAL;
	if (tapdev_inspect(fd, &vnet, name, &why) < 0)
		return opts_fail(o, "key 'fd': %d %s", fd, why);
	ret = opts_get_bool(o, "vnet_hdr", vnet, &want);
	if (ret < 0)
		return ret;
	if (vnet_val && want != vnet)
		return opts_fail(o, "key 'vnet_hdr': '%s', but tap %s (fd %d) has %s", vnet_val,
				 name, fd, vnet ? "IFF_VNET_HDR" : "no IFF_VNET_HDR");
	ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	ret = tapdev_prepare(fd, vnet, &why);
	if (ret < 0)
		return opts_fail(o, "key 'fd': %d: %s: %s", fd, why, errstr(ret));
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	snprintf(peer, sizeof(peer), "tap %s fd %d%s", name, fd, vnet ? " vnet_hdr" : "");
	return tap_port(req, fd, vnet, peer, NULL);
}

/* A script= or downscript= value that names a program ("" and "no" do not) */
static bool tap_is_program(const char *val)
{
	return val && *val && strcmp(val, "no");
}

static int tap_script_key(struct opts *o, const char *key, const char **val)
{
	if (!tap_is_program(*val))
		*val = NULL;
	return *val ? netdev_key_program(o, key, *val) : 0;
}

static int tap_down_prepare(struct opts *o, const char *down, const char *name,
			    int fd, struct tap_down **out)
{
	struct tap_down *d;

	*out = NULL;
	if (!down)
		return 0;
	d = xcalloc(1, sizeof(*d));
	snprintf(d->script, sizeof(d->script), "%s", down);
	snprintf(d->ifname, sizeof(d->ifname), "%s", name);
	d->keep_fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (d->keep_fd < 0) {
		free(d);
		return opts_fail(o, "key 'downscript': %s", errstr(errno));
	}
	*out = d;
	return 0;
}

static int tap_ifname_open(struct netdev_req *req, const char *ifname,
			   const char *script, const char *down, bool vnet)
{
	struct opts *o = req->o;
	char name[IFNAMSIZ], peer[96], why_s[SPAWN_ERR_LINE + 40];
	struct tap_down *d;
	struct port *p;
	const char *why;
	bool has_vnet;
	int fd = -1, ret;

	ret = tapdev_open(ifname, vnet, &fd);
	if (ret == -EOPNOTSUPP)
		return opts_fail(o, "key 'vnet_hdr': the kernel has no IFF_VNET_HDR");
	if (ret == -EPERM)
		return opts_fail(o, "key 'ifname': '%s': %s (needs CAP_NET_ADMIN, or a persistent tap owned by this user)",
				 *ifname ? ifname : "tapN", errstr(ret));
	if (ret < 0)
		return opts_fail(o, "key 'ifname': '%s': %s", *ifname ? ifname : "tapN", errstr(ret));
	ret = tapdev_setup(fd, &has_vnet, name, &why);
	if (ret < 0) {
		close(fd);
		return opts_fail(o, "key 'ifname': '%s' %s (%s)", *ifname ? ifname : "tapN",
				 why, errstr(ret));
	}
	if (script && run_script(script, name, why_s, sizeof(why_s)) < 0) {
		close(fd);
		return opts_fail(o, "key 'script': '%s %s': %s", script, name, why_s);
	}
	ret = tap_down_prepare(o, down, name, fd, &d);
	if (ret < 0) {
		close(fd);
		return ret;
	}
	snprintf(peer, sizeof(peer), "tap %s%s", name, has_vnet ? " vnet_hdr" : "");
	ret = tap_port(req, fd, has_vnet, peer, &p);
	if (ret < 0) {
		if (d)
			tap_down_run(d);
		return ret;
	}
	if (d)
		tap_port_on_close(p, tap_down_run, d);
	return 0;
}

static int tap_exclusive(struct opts *o, const char *with, const char *const *keys)
{
	for (; *keys; keys++)
		if (opts_get(o, *keys))
			return opts_fail(o, "key '%s' does not go with '%s'", *keys, with);
	return o->err[0] ? -EINVAL : 0;
}

/**
 * tap_create() - -netdev tap: fd=N | helper=PATH | [ifname=][script=][downscript=]
 * @req:	request
 *
 * fd= takes an open tap; helper= runs the bridge helper for bridge "br0"
 * as QEMU does; otherwise the tap named by ifname= (the kernel's choice if
 * absent) is opened, and script=/downscript= (default "no") run with its
 * name before use and at close. vnet_hdr= (default: the fd's own setting;
 * off when we open the tap) asks for the virtio-net header.
 *
 * Return: 0, or negative errno with the message in the options
 */
static int tap_create(struct netdev_req *req)
{
	static const char *const not_fd[] = { "ifname", "script", "downscript", "helper", NULL };
	static const char *const not_helper[] = { "ifname", "script", "downscript", "vnet_hdr", NULL };
	struct opts *o = req->o;
	const char *fd = opts_get(o, "fd"), *helper = opts_get(o, "helper");
	const char *ifname, *script, *down;
	bool vnet;
	int ret;

	if (o->err[0])
		return -EINVAL;
	if (fd && tap_exclusive(o, "fd", not_fd) < 0)
		return -EINVAL;
	if (fd)
		return tap_fd_open(req, fd, opts_get(o, "vnet_hdr"));
	if (helper) {
		ret = tap_exclusive(o, "helper", not_helper);
		if (!ret)
			ret = netdev_key_program(o, "helper", helper);
		if (!ret)
			ret = opts_check_unused(o);
		return ret < 0 ? ret : bridge_open(req, helper, TAP_DEFAULT_BRIDGE);
	}
	ifname = opts_get(o, "ifname");
	script = opts_get(o, "script");
	down = opts_get(o, "downscript");
	ret = opts_get_bool(o, "vnet_hdr", false, &vnet);
	if (!ret && ifname)
		ret = netdev_key_ifname(o, "ifname", ifname);
	if (!ret)
		ret = tap_script_key(o, "script", &script);
	if (!ret)
		ret = tap_script_key(o, "downscript", &down);
	if (!ret)
		ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	return tap_ifname_open(req, ifname ? ifname : "", script, down, vnet);
}

/* helper= and script= run at open, downscript= at close */
static void tap_needs(const struct opts *o, struct netdev_needs *n)
{
	static const struct {
		const char *key;
		enum netdev_need need;
		const char *what;
	} programs[] = {
		{ "helper", NEED_EXEC_OPEN, "the bridge helper" },
		{ "script", NEED_EXEC_OPEN, "the tap's script" },
		{ "downscript", NEED_EXEC_CLOSE, "the tap's downscript" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(programs); i++) {
		unsigned int it = 0;
		const char *v = opts_peek(o, programs[i].key, &it);

		if (tap_is_program(v))
			netdev_need(n, programs[i].need, programs[i].key, v, programs[i].what);
	}
}

const struct netdev_type netdev_type_tap = {
	.name = "tap",
	.create = tap_create,
	.needs = tap_needs,
};

static void bridge_needs(const struct opts *o, struct netdev_needs *n)
{
	(void)o;
	netdev_need(n, NEED_EXEC_OPEN, NULL, NULL, "the bridge helper");
}

const struct netdev_type netdev_type_bridge = {
	.name = "bridge",
	.create = bridge_create,
	.needs = bridge_needs,
};
