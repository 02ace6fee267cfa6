// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - guestnet-bridge-helper: a tap on an allowed bridge, for QEMU
 *
 * Usage: guestnet-bridge-helper [--use-vnet] --br=BRIDGE --fd=UNIXFD
 *
 * DOC: Theory of operation
 *
 * The helper is installed setuid root or with cap_net_admin+ep and run by
 * an unprivileged user (usually QEMU, net/tap.c, with no timeout: nothing
 * here may block). Order of work, each step failing closed with one line
 * on stderr and exit status 1:
 *
 * 1. Make fds 0-2 valid, clear the environment (no PATH, no locale, no
 *    shell is ever run), umask 077.
 * 2. Parse argv (args.c, pure) and check --fd is a Unix stream socket.
 * 3. Still privileged: read the ACL at the build-time path GN_ACL_PATH
 *    (acl_file.c: root-owned, not group/other-writable files only) and
 *    the network definitions in GN_NETWORKS_DIR (netdef_check.c: a
 *    network's users =/groups = allow its bridge), resolve user=/group=
 *    names (who.c, NSS) and decide (acl.c). A refusal ends here, before
 *    anything is created.
 * 4. Drop every capability but CAP_NET_ADMIN and become the real uid and
 *    gid (privs.c, libcap-ng), clearing the bounding set.
 * 5. PR_SET_DUMPABLE 0, PR_SET_NO_NEW_PRIVS 1, then the seccomp
 *    allow-list (seccomp/helper.c), default action kill.
 * 6. On a guestnet network's bridge: re-apply the network's nftables
 *    rules (netdef_check.c, libnftables), refusing if that fails.
 *    Create the tap (tap.c), owned by the caller; from here on, a failure
 *    closes its only descriptor, which deletes it.
 * 7. Copy the bridge MTU, enslave, set up over rtnetlink (netlink.c).
 * 8. Send the fd with one sendmsg (sendfd.c) and exit 0.
 *
 * Each decision is logged to syslog (LOG_AUTHPRIV) with the caller's uid.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acl.h"
#include "acl_file.h"
#include "args.h"
#include "log.h"
#include "netdef_check.h"
#include "netlink.h"
#include "privs.h"
#include "sendfd.h"
#include "tap.h"
#include "who.h"
#include "../network/netdef.h"

#ifndef GN_ACL_PATH
#error "GN_ACL_PATH must be set by the build"
#endif

/* The network of the requested bridge, if it is a guestnet network */
static struct netdef net;
static bool on_net;

#ifdef GN_HELPER_TEST_PAUSE
/*
 * Test build only (guestnet-bridge-helper-pause): stop with SIGSTOP at one
 * step, so that a test can read /proc/PID/status or kill -9 the helper
 * there. GN_HELPER_PAUSE_AT, read before the environment is cleared: "tap"
 * (tap created, not in the bridge), "attach" (in the bridge, fd not sent),
 * anything else or unset: after the privilege drop, before the tap.
 */
enum { PAUSE_DROP, PAUSE_TAP, PAUSE_ATTACH };
static int pause_at = PAUSE_DROP;
#define TEST_PAUSE(step)	do { if (pause_at == (step)) raise(SIGSTOP); } while (0)
#endif

static void sanitize_process(void)
{
	int fd;

	/* A closed 0, 1 or 2 would be reused by our own open() calls */
	while ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0 && fd <= 2)
		;
	if (fd > 2)
		close(fd);
#ifdef GN_HELPER_TEST_PAUSE
	const char *at = getenv("GN_HELPER_PAUSE_AT");

	if (at && !strcmp(at, "tap"))
		pause_at = PAUSE_TAP;
	else if (at && !strcmp(at, "attach"))
		pause_at = PAUSE_ATTACH;
#endif
	clearenv();
	umask(077);
}

static int check_acl(const char *bridge, uid_t *uid)
{
	static gid_t gids[WHO_MAX_GROUPS];
	struct acl acl = { 0 };
	const struct acl_rule *r;
	struct acl_subject who;
	char msg[512];
	bool allow = false;
	int ret;

	ret = who_caller(&who, gids, WHO_MAX_GROUPS);
	if (ret) {
		err("cannot read the caller's groups: %s", log_strerror(ret));
		return ret;
	}
	*uid = who.uid;
	ret = acl_load(&acl, GN_ACL_PATH, msg, sizeof(msg));
	if (ret) {
		err("ACL refused: %s", msg);
		goto out;
	}
#ifdef GN_NETWORKS_DIR	/* unset only in tests/helper's ACL-only test builds */
	ret = netdef_check_acl(&acl, GN_NETWORKS_DIR, bridge, &net, &on_net,
			       msg, sizeof(msg));
	if (ret) {
		err("network definitions refused: %s", msg);
		goto out;
	}
#endif
	who_resolve(&acl);
	r = acl_decide(&acl, bridge, &who, &allow);
	if (!allow) {
		ret = -EACCES;
		if (r)
			err("bridge %s denied for uid %u by %s:%u", bridge,
			    who.uid, r->file, r->line);
		else
			err("bridge %s not allowed for uid %u (no ACL entry in %s)",
			    bridge, who.uid, GN_ACL_PATH);
		goto out;
	}
	info("bridge %s allowed for uid %u by %s:%u", bridge, who.uid,
	     r->file, r->line);
out:
	acl_free(&acl);
	return ret;
}

static int make_tap(const struct helper_args *a, uid_t uid)
{
	char name[IFNAMSIZ];
	const char *why;
	char msg[256];
	bool vnet;
	int fd, ret;

	if (on_net && (ret = netdef_check_rules(&net, msg, sizeof(msg)))) {
		err("bridge %s: cannot put the rules of network %s in place, refusing: %s",
		    a->bridge, net.name, msg);
		return ret;
	}
	if (on_net)
		info("bridge %s: rules of network %s (%s) in place", a->bridge,
		     net.name, netdef_mode_name(net.mode));
	fd = tap_create(a->use_vnet, uid, name, &vnet);
	if (fd < 0) {
		err("cannot create a tap device: %s", log_strerror(fd));
		return fd;
	}
#ifdef GN_HELPER_TEST_PAUSE
	TEST_PAUSE(PAUSE_TAP);
#endif
	ret = netlink_attach(a->bridge, name, &why);
	if (ret) {
		err("bridge %s: %s: %s", a->bridge, why, log_strerror(ret));
		goto fail;
	}
#ifdef GN_HELPER_TEST_PAUSE
	TEST_PAUSE(PAUSE_ATTACH);
#endif
	ret = sendfd_send(a->fd, fd);
	if (ret) {
		err("cannot send the tap fd on --fd=%d: %s", a->fd,
		    log_strerror(ret));
		goto fail;
	}
	info("tap %s%s attached to bridge %s for uid %u", name,
	     vnet ? " (vnet_hdr)" : "", a->bridge, uid);
	ret = 0;
fail:
	close(fd);	/* the tap is not persistent: our close deletes it on error */
	return ret;
}

#ifdef GN_SANITIZED
/*
 * Sanitizer builds only: LeakSanitizer stops the world with ptrace, which
 * a setuid, non-dumpable, seccomp-filtered process cannot (and must not)
 * do; leaks are checked in the unprivileged unit tests instead.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}
#endif

int main(int argc, char *argv[])
{
	struct helper_args a;
	const char *why = NULL;
	uid_t uid;
	int ret;

	sanitize_process();
	ret = args_parse(argc, argv, &a, &why);
	if (ret == ARGS_HELP || ret == ARGS_VERSION) {
		if (ret == ARGS_HELP)
			fputs(args_usage(), stdout);
		else
			puts("guestnet-bridge-helper " GUESTNET_VERSION);
		return fflush(stdout) ? 1 : 0;
	}
	if (ret < 0) {
		err("%s", why);
		return 1;
	}
	if (sendfd_check(a.fd, &why)) {
		err("%s", why);
		return 1;
	}
	log_open(true);
	if (check_acl(a.bridge, &uid))
		return 1;
	if (privs_drop(&why) || privs_confine(&why)) {
		err("%s", why);
		return 1;
	}
#ifdef GN_HELPER_TEST_PAUSE
	TEST_PAUSE(PAUSE_DROP);	/* test build only: see pause_at */
#endif
	return make_tap(&a, uid) ? 1 : 0;
}
