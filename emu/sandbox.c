// SPDX-License-Identifier: GPL-2.0-or-later
/* sandbox.c - guestnet-emu's isolation once set up
 *
 * DOC: Theory of operation
 *
 * guestnet-emu opens everything it is told to at start-up (ports, dumps,
 * the control socket, the pid file) and then, unless run with
 * "-sandbox off", gives up what it no longer needs, in this order:
 *
 * 1. The script launcher (emu/launcher.c) is forked if a start-up tap
 *    port has a downscript=: the only program the emulator may still have
 *    run, by the launcher, with its original credentials.
 * 2. Empty root, when the configuration needs no file system later (see
 *    sandbox_plan() for what needs one: -control, -pidfile, -daemonize,
 *    user-mode NAT, unix socket addresses): a new user and mount
 *    namespace (unshare), our own uid and gid mapped, every mount made
 *    private, a read-only, empty, two-inode tmpfs mounted on /tmp and
 *    made the root with pivot_root(".", "."), the old root detached. If
 *    the kernel refuses user namespaces, this step is skipped with a
 *    warning and the root stays visible.
 * 3. Capabilities: ambient set cleared, bounding set dropped where we may,
 *    then permitted, effective and inheritable sets emptied (capset).
 *    Also as root with --allow-root: CapEff is 0 afterwards.
 * 4. PR_SET_NO_NEW_PRIVS.
 * 5. The seccomp allow-list (seccomp/emu.c), kill-process by default.
 *
 * After this the emulator neither forks nor executes: run-time netdev-add
 * of a type that must run a program (bridge, netns, tap with helper=,
 * script= or downscript=) is refused with a message saying why, and
 * guestfwd=...-cmd: (libslirp forks and executes on each connection) is
 * refused at start-up. Both work with "-sandbox off". The emulator refuses
 * to run as root unless given --allow-root.
 */

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../seccomp/emu.h"
#include "cmdline.h"
#include "launcher.h"
#include "log.h"
#include "optstring.h"
#include "sandbox.h"
#include "userns.h"

#define EXIT_USAGE	2
#define SANDBOX_ROOT	"/tmp"

/**
 * struct sandbox_state - what sandbox_plan() decided, what was done
 * @off:	-sandbox off
 * @test_kill:	--test-forbidden-syscall
 * @keep_root:	why the file system must stay visible, or NULL
 * @entered:	sandbox_enter() completed
 */
static struct sandbox_state {
	bool off;
	bool test_kill;
	const char *keep_root;
	bool entered;
} sb;

/**
 * sandbox_check_root() - refuse to run as root without --allow-root
 * @allow_root:	--allow-root was given
 */
void sandbox_check_root(bool allow_root)
{
	if (geteuid() == 0 && !allow_root)
		die(EXIT_USAGE, "refusing to run as root: run as an unprivileged user, "
		    "or give --allow-root (docs/SECURITY.md)");
}

/* The value of @key in @o, without marking it used; NULL if absent */
static const char *peek(const struct opts *o, const char *key, unsigned int *i)
{
	for (; *i < o->n; (*i)++)
		if (!strcmp(o->kv[*i].key, key))
			return o->kv[(*i)++].val;
	return NULL;
}

static bool is_program(const char *v)
{
	return v && *v && strcmp(v, "no");
}

static void plan_netdev(struct opts *o, const char *option, const char *arg)
{
	unsigned int i = 0;
	const char *type = peek(o, "type", &i), *v;

	for (i = 0; i < o->n; i++) {
		const char *k = o->kv[i].key;

		if ((!strcmp(k, "addr.type") || !strcmp(k, "local.type") ||
		     !strcmp(k, "remote.type")) && !strcmp(o->kv[i].val, "unix"))
			sb.keep_root = "unix socket addresses";
	}
	if (!type)
		return;
	if (!strcmp(type, "user")) {
		sb.keep_root = "user-mode NAT (libslirp reads /etc/resolv.conf, tftp=)";
		i = 0;
		while ((v = peek(o, "guestfwd", &i)))
			if (strstr(v, "-cmd:"))
				die(EXIT_USAGE, "%s %s: key 'guestfwd': '%s': a cmd: forward "
				    "makes libslirp fork and execute a program on each "
				    "connection, which the sandbox forbids; use -sandbox off "
				    "(docs/SECURITY.md)", option, arg, v);
	}
	if (!strcmp(type, "tap")) {
		i = 0;
		v = peek(o, "downscript", &i);
		if (is_program(v) && launcher_allow(v) < 0)
			die(EXIT_USAGE, "%s %s: key 'downscript': too many scripts", option, arg);
	}
}

/**
 * sandbox_plan() - read the configuration: what the sandbox must leave
 * @cl:	the command line
 *
 * Exits with status 2 for what the sandbox cannot serve (guestfwd cmd:).
 * Option errors are left to the code that applies the options.
 */
void sandbox_plan(const struct cmdline *cl)
{
	sb.off = cl->sandbox_off;
	sb.test_kill = cl->test_forbidden_syscall;
	if (sb.off)
		return;
	if (cl->pidfile)
		sb.keep_root = "-pidfile (removed at exit)";
	if (cl->daemonize)
		sb.keep_root = "-daemonize (syslog's socket)";
	for (unsigned int n = 0; n < cl->n; n++) {
		const struct cmd_item *it = &cl->items[n];
		const char *name = cmdline_option_name(it->kind);
		struct opts o;

		if (it->kind == CMD_CONTROL)
			sb.keep_root = "-control (run-time netdev-add, socket removed at exit)";
		if (it->kind != CMD_NETDEV && it->kind != CMD_NET)
			continue;
		if (!opts_parse(&o, name, it->arg, "type"))
			plan_netdev(&o, name, it->arg);
		opts_free(&o);
	}
#ifdef GN_SANITIZED
	/* LeakSanitizer reads /proc/self/maps at exit */
	if (!sb.keep_root)
		sb.keep_root = "sanitizer build (LeakSanitizer reads /proc)";
#endif
}

/* User and mount namespace, empty read-only root; *@step names a failure */
static int empty_root(const char **step)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int ret;

	*step = "unshare(CLONE_NEWUSER | CLONE_NEWNS)";
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
		return -errno;
	ret = userns_map_self(uid, gid, step);
	if (ret < 0)
		return ret;
	*step = "making mounts private";
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -errno;
	*step = "mounting an empty tmpfs on " SANDBOX_ROOT;
	if (mount("guestnet-empty", SANDBOX_ROOT, "tmpfs",
		  MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "nr_inodes=2,size=4k,mode=0555") < 0)
		return -errno;
	*step = "pivot_root";
	if (chdir(SANDBOX_ROOT) < 0 || syscall(SYS_pivot_root, ".", ".") < 0)
		return -errno;
	*step = "detaching the old root";
	if (umount2(".", MNT_DETACH | UMOUNT_NOFOLLOW) < 0 || chdir("/") < 0)
		return -errno;
	return 0;
}

static int drop_caps(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	memset(data, 0, sizeof(data));
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	for (unsigned long c = 0; prctl(PR_CAPBSET_READ, c, 0, 0, 0) >= 0; c++)
		prctl(PR_CAPBSET_DROP, c, 0, 0, 0);	/* EPERM without CAP_SETPCAP */
	if (syscall(SYS_capset, &hdr, data) < 0)
		return -errno;
	return 0;
}

/**
 * sandbox_enter() - isolate the emulator for its steady state
 *
 * Exits with status 1 if a step that must work fails (capabilities,
 * no_new_privs, seccomp); a refused user namespace only warns.
 */
void sandbox_enter(void)
{
	unsigned int flags = SECCOMP_EMU_FS;
	const char *step;
	int ret;

	if (sb.off) {
		info("sandbox: off");
		return;
	}
	ret = launcher_start();
	if (ret < 0)
		die(1, "sandbox: cannot start the script launcher: %s", errstr(ret));
	if (sb.keep_root) {
		info("sandbox: the file system stays visible: %s", sb.keep_root);
	} else if ((ret = empty_root(&step)) == 0) {
		flags = 0;
	} else if (!strncmp(step, "unshare", 7)) {
		warn("sandbox: %s: %s; the file system stays visible", step, errstr(ret));
	} else {
		die(1, "sandbox: %s: %s", step, errstr(ret));
	}
	ret = drop_caps();
	if (ret < 0)
		die(1, "sandbox: dropping capabilities: %s", errstr(ret));
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die(1, "sandbox: PR_SET_NO_NEW_PRIVS: %s", errstr(errno));
	ret = seccomp_emu_load(flags);
	if (ret < 0)
		die(1, "sandbox: loading the seccomp filter: %s", errstr(ret));
	sb.entered = true;
	info("sandbox: on (%s root, no capabilities, seccomp)", flags ? "visible" : "empty");
	if (sb.test_kill)
		syscall(SYS_acct, NULL);	/* not allowed: SIGSYS */
}

/**
 * sandbox_active() - tell whether the sandbox is in force
 *
 * Return: true after sandbox_enter() has isolated the emulator
 */
bool sandbox_active(void)
{
	return sb.entered;
}

/**
 * sandbox_netdev_check() - refuse run-time ports the sandbox cannot serve
 * @o:		options of the port (netdev-add); only peeked at
 * @type:	its type
 *
 * Return: 0, or -EPERM with the message in @o->err
 */
int sandbox_netdev_check(struct opts *o, const char *type)
{
	static const char *const keys[] = { "helper", "script", "downscript" };
	unsigned int i;
	const char *v;

	if (!sb.entered)
		return 0;
	if (!strcmp(type, "bridge") || !strcmp(type, "netns")) {
		opts_fail(o, "type '%s' runs a program (%s), which the sandbox allows "
			  "only at start-up: give it on the command line, or run "
			  "with -sandbox off", type,
			  !strcmp(type, "bridge") ? "the bridge helper" : "a namespace child");
		return -EPERM;
	}
	for (unsigned int k = 0; !strcmp(type, "tap") && k < 3; k++) {
		i = 0;
		if (is_program(peek(o, keys[k], &i))) {
			opts_fail(o, "key '%s': running a program is allowed only at "
				  "start-up in the sandbox: give the port on the command "
				  "line, or run with -sandbox off", keys[k]);
			return -EPERM;
		}
	}
	i = 0;
	while (!strcmp(type, "user") && (v = peek(o, "guestfwd", &i))) {
		if (strstr(v, "-cmd:")) {
			opts_fail(o, "key 'guestfwd': '%s': cmd: forwards fork and execute, "
				  "which the sandbox forbids (-sandbox off)", v);
			return -EPERM;
		}
	}
	return 0;
}

/**
 * sandbox_run_script() - run a tap script once sandboxed (by the launcher)
 * @path:	script
 * @ifname:	its argument
 * @why:	reason on failure
 * @len:	size of @why
 *
 * Return: 0 if it exited 0, else a negative errno with @why set
 */
int sandbox_run_script(const char *path, const char *ifname, char *why, size_t len)
{
	if (!launcher_running()) {
		snprintf(why, len, "the sandbox runs only the downscripts of start-up ports");
		return -EPERM;
	}
	return launcher_run(path, ifname, why, len);
}
