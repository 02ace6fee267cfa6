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
 * here may block). Everything it starts with - arguments, environment,
 * descriptors, resource limits, signal dispositions, cwd - is the
 * caller's, and its libraries were loaded before main() (docs/SECURITY.md
 * lists each and what it does at load time: none reads the environment).
 * Order of work, each step failing closed with one line on stderr (and
 * syslog) and exit status 1:
 *
 * 1. Descriptors 0-2 made valid (fds.c), the environment cleared (no
 *    PATH, no locale, no shell is ever run), umask 077.
 * 2. Parse argv (args.c, pure). --help/--version print and exit. Then
 *    stdin and stdout become /dev/null, the reply socket moves off 0-2
 *    and stderr becomes /dev/null if it is the reply socket (fds.c);
 *    soft resource limits are raised to the hard ones, too small ones
 *    refused, SIGPIPE/SIGXFSZ ignored (rlimits.c); --fd must be a
 *    connected AF_UNIX stream or seqpacket socket, not listening, whose
 *    peer is there and can take the reply now (sendfd.c).
 * 3. Drop (privs.c): become the caller's uid and gid, CAP_NET_ADMIN in
 *    the permitted set only, bounding set cleared (setuid install).
 * 4. Decide (decide.c), as the caller with no effective capability: the
 *    bridge by its canonical name and index over rtnetlink (an
 *    alternative name is refused; that it exists and is a bridge is
 *    checked after the decision), the caller's groups, the ACL at the
 *    build-time path GN_ACL_PATH and the definitions in GN_NETWORKS_DIR
 *    (every file and directory on their paths root-owned, not
 *    group/other-writable, not on a pseudo file system: trust.c), NSS
 *    names (who.c). A refusal ends here, before anything is created.
 * 5. CAP_NET_ADMIN effective again; PR_SET_DUMPABLE 0, PR_SET_NO_NEW_PRIVS
 *    1, then the seccomp allow-list (seccomp/helper.c), default kill.
 * 6. Create the tap (common/tapdev.c), owned by the caller; from here on, a failure
 *    closes its only descriptor, which deletes it. Copy the bridge MTU,
 *    enslave by index, set up over rtnetlink (netlink.c).
 * 7. On a guestnet network's bridge: save its chains and apply its
 *    nftables rules (netrules.c), refusing if that fails.
 * 8. Send the fd with one sendmsg (common/fdpass.c) and exit 0. If the send
 *    fails, the chains are put back as they were before 7.
 *
 * A caller can stop or kill the helper at any step (it is the process's
 * real uid): before 6 nothing exists; after 6 the tap dies with the
 * helper's descriptor; after 7 the network's own rules stay on its
 * existing bridge, which is what `guestnet-network up` puts there.
 *
 * Each decision is logged to syslog (LOG_AUTHPRIV, common/log.c) with the
 * caller's uid.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "args.h"
#include "decide.h"
#include "fdpass.h"
#include "fds.h"
#include "log.h"
#include "netlink.h"
#include "netrules.h"
#include "privs.h"
#include "rlimits.h"
#include "sendfd.h"
#include "tapdev.h"
#include "util.h"

#ifndef GN_ACL_PATH
#error "GN_ACL_PATH must be set by the build"
#endif
#ifndef GN_NETWORKS_DIR
#define GN_NETWORKS_DIR	""	/* a test build that reads the ACL only */
#endif

#ifdef GN_HELPER_TEST_PAUSE
/*
 * Test build only (guestnet-bridge-helper-pause): stop with SIGSTOP at one
 * step, so that a test can read /proc/PID/status, or stop, continue or
 * kill -9 the helper there. GN_HELPER_PAUSE_AT, read before the
 * environment is cleared: "start" (arguments checked, still privileged),
 * "acl" (dropped to the caller, before the ACL is read), "tap" (tap
 * created, not in the bridge), "attach" (in the bridge, rules not
 * applied), "rules" (rules applied, fd not sent), anything else or
 * unset: "drop" (after the privilege drop and seccomp, before the tap).
 */
enum { PAUSE_START, PAUSE_ACL, PAUSE_DROP, PAUSE_TAP, PAUSE_ATTACH,
       PAUSE_RULES };
static int pause_at = PAUSE_DROP;
#define TEST_PAUSE(step)	do { if (pause_at == (step)) raise(SIGSTOP); } while (0)

static void test_pause_init(void)
{
	static const char *const steps[] = {
		[PAUSE_START] = "start", [PAUSE_ACL] = "acl",
		[PAUSE_DROP] = "drop", [PAUSE_TAP] = "tap",
		[PAUSE_ATTACH] = "attach", [PAUSE_RULES] = "rules",
	};
	const char *at = getenv("GN_HELPER_PAUSE_AT");
	unsigned int i;

	for (i = 0; at && i < ARRAY_SIZE(steps); i++)
		if (!strcmp(at, steps[i]))
			pause_at = (int)i;
}
#else
#define TEST_PAUSE(step)	do { } while (0)
static void test_pause_init(void)
{
}
#endif

/* The tap just created: by its name, which must be its own and a tun's */
static int find_tap(const char *name, struct link_info *tap)
{
	int ret = link_lookup(name, tap);

	if (!ret && (strcmp(tap->name, name) || strcmp(tap->kind, "tun")))
		ret = -ENODEV;
	if (ret)
		err("tap %s: cannot look it up: %s", name, errstr(ret));
	return ret;
}

/* Rules (on a network), then the reply; the rules undone if it fails */
static int hand_over(const struct helper_args *a, const struct request *rq,
		     int fd)
{
	struct netrules nr = { 0 };
	char msg[256];
	int ret = 0, uret;

	if (rq->on_net) {
		ret = netrules_apply(&nr, &rq->net, msg, sizeof(msg));
		if (ret) {
			err("bridge %s: cannot put the rules of network %s in place, refusing: %s",
			    a->bridge, rq->net.name, msg);
			goto out;
		}
		info("bridge %s: rules of network %s (%s) in place", a->bridge,
		     rq->net.name, netdef_mode_name(rq->net.mode));
	}
	TEST_PAUSE(PAUSE_RULES);
	ret = fdpass_send(a->fd, fd, MSG_DONTWAIT);	/* never block */
	if (!ret)
		goto out;
	err("cannot send the tap fd on --fd=%d: %s", a->fd, errstr(ret));
	uret = netrules_undo(&nr, &rq->net, msg, sizeof(msg));
	if (uret)
		err("bridge %s: cannot put the rules of network %s back as they were: %s",
		    a->bridge, rq->net.name, msg);
out:
	netrules_free(&nr);
	return ret;
}

static int deliver(const struct helper_args *a, const struct request *rq)
{
	struct link_info tap;
	char name[IFNAMSIZ];
	const char *why;
	bool vnet;
	int fd, ret;

	fd = tapdev_create(a->use_vnet, rq->uid, name, &vnet);
	if (fd < 0) {
		err("cannot create a tap device: %s", errstr(fd));
		return fd;
	}
	TEST_PAUSE(PAUSE_TAP);
	ret = find_tap(name, &tap);
	if (ret)
		goto out;
	ret = link_attach(&tap, &rq->br, &why);
	if (ret) {
		err("bridge %s: %s: %s", a->bridge, why, errstr(ret));
		goto out;
	}
	TEST_PAUSE(PAUSE_ATTACH);
	ret = hand_over(a, rq, fd);
	if (!ret)
		info("tap %s%s attached to bridge %s for uid %u", name,
		     vnet ? " (vnet_hdr)" : "", a->bridge, rq->uid);
out:
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

/* Steps 1 and 2 (see the DOC block): 0 to go on, 1 to exit 0, <0 exit 1 */
static int start(int argc, char *argv[], struct helper_args *a)
{
	const char *why = NULL;
	char msg[256];
	int ret, lret;

	log_init("guestnet-bridge-helper", LOG_AUTHPRIV);
	lret = rlimits_check(msg, sizeof(msg));	/* first: may raise limits */
	fds_open_std();
	test_pause_init();
	clearenv();
	umask(077);
	ret = args_parse(argc, argv, a, &why);
	if (ret == ARGS_HELP || ret == ARGS_VERSION) {
		if (ret == ARGS_HELP)
			fputs(args_usage(), stdout);
		else
			puts("guestnet-bridge-helper " GUESTNET_VERSION);
		return fflush(stdout) ? -EIO : 1;
	}
	if (fds_protect(&a->fd))
		return -EBADF;	/* stderr may be the reply socket: say nothing */
	log_to_syslog(true);	/* errors reach syslog even if stderr is /dev/null */
	if (ret < 0) {
		err("%s", why);
		return ret;
	}
	if (lret) {
		err("%s", msg);
		return lret;
	}
	ret = sendfd_check(a->fd, &why);
	if (ret)
		err("%s", why);
	return ret;
}

int main(int argc, char *argv[])
{
	struct request rq = { 0 };
	struct helper_args a;
	const char *why = NULL;
	int ret;

	ret = start(argc, argv, &a);
	if (ret)
		return ret > 0 ? 0 : 1;
	TEST_PAUSE(PAUSE_START);
	if (privs_drop(&why)) {
		err("%s", why);
		return 1;
	}
	TEST_PAUSE(PAUSE_ACL);
	rq.bridge = a.bridge;
	if (decide(&rq, GN_ACL_PATH, GN_NETWORKS_DIR[0] ? GN_NETWORKS_DIR : NULL))
		return 1;
	if (privs_raise(&why) || privs_confine(&why)) {
		err("%s", why);
		return 1;
	}
	TEST_PAUSE(PAUSE_DROP);
	return deliver(&a, &rq) ? 1 : 0;
}
