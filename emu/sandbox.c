// SPDX-License-Identifier: GPL-2.0-or-later
/* sandbox.c - guestnet-emu's isolation once set up
 *
 * DOC: Theory of operation
 *
 * guestnet-emu opens everything it is told to at start-up (ports, dumps,
 * the control socket, the pid file) and then, unless run with
 * "-sandbox off", gives up what it no longer needs, in this order:
 *
 * 1. The script launcher (emu/launcher.c) is forked if a start-up port
 *    runs a program when it closes (a tap's downscript=): the only
 *    program the emulator may still have run, by the launcher, with its
 *    original credentials.
 * 2. Empty root, when the configuration needs no file system later
 *    (-control, -pidfile, -daemonize: sandbox_plan(); ports that declare
 *    NEED_FS, such as user-mode NAT and unix socket addresses:
 *    sandbox_admit()): a new user and mount
 *    namespace (unshare), our own uid and gid mapped, every mount made
 *    private, a read-only, empty, two-inode tmpfs mounted on /tmp and
 *    made the root with pivot_root(".", "."), the old root detached. If
 *    the kernel refuses user namespaces, this step is skipped with a
 *    warning and the root stays visible.
 *    A front end may ask instead for a root that holds a few directories
 *    of the old one, read-only (sandbox_keep_dirs(): the slirp4netns
 *    front end's /etc and /run, where /etc/resolv.conf lives): each is
 *    bind-mounted into the tmpfs before it is made read-only.
 * 3. Capabilities: ambient set cleared, bounding set dropped where we may,
 *    then permitted, effective and inheritable sets emptied (capset).
 *    Also as root with --allow-root: CapEff is 0 afterwards.
 * 4. PR_SET_NO_NEW_PRIVS.
 * 5. The seccomp allow-list (seccomp/emu.c), kill-process by default,
 *    with what a front end adds to it (sandbox_allow()).
 *
 * What a port needs after start-up is not read here from its keys: each
 * type declares it (struct netdev_type's always and needs(), enum
 * netdev_need), and sandbox_admit() combines the declarations. After the
 * steps above the emulator neither forks, executes nor loads code:
 * run-time netdev-add of a port that runs a program (bridge, netns, tap
 * with helper=, script= or downscript=), loads a plugin (vde) or looks a
 * user or group name up (NSS) is refused with a message saying why, and
 * a port whose library forks and executes while it runs
 * (guestfwd=...-cmd: of libslirp, on each connection) is refused even
 * at start-up. All of it works with "-sandbox off". The emulator
 * refuses to run as root unless given --allow-root.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"
#include "seccomp/emu.h"
#include "cmdline.h"
#include "launcher.h"
#include "log.h"
#include "netdev.h"
#include "optstring.h"
#include "sandbox.h"
#include "userns.h"

#define EXIT_USAGE	2
#define SANDBOX_ROOT	"/tmp"
#define SANDBOX_DIRS_MAX	4

/**
 * struct sandbox_state - what sandbox_plan() decided, what was done
 * @off:	-sandbox off
 * @test_kill:	--test-forbidden-syscall
 * @keep_root:	why the file system must stay visible, or NULL
 * @entered:	sandbox_enter() completed
 * @dirs:	directories the new root keeps, read-only (sandbox_keep_dirs())
 * @ndirs:	number of @dirs
 * @seccomp_extra: SECCOMP_EMU_* flags a front end adds (sandbox_allow())
 */
static struct sandbox_state {
	bool off;
	bool test_kill;
	const char *keep_root;
	bool entered;
	const char *dirs[SANDBOX_DIRS_MAX];
	unsigned int ndirs;
	unsigned int seccomp_extra;
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

/**
 * sandbox_plan() - read the command line: what the sandbox must leave
 * @cl:	the command line
 *
 * Ports tell their own needs as they are opened (sandbox_admit()).
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
	for (unsigned int n = 0; n < cl->n; n++)
		if (cl->items[n].kind == CMD_CONTROL)
			sb.keep_root = "-control (run-time netdev-add, socket removed at exit)";
}

/**
 * sandbox_keep_dirs() - a root that holds these directories, read-only
 * @dirs:	NULL-terminated absolute paths (at most SANDBOX_DIRS_MAX;
 *		kept by pointer), e.g. "/etc" and "/run"
 *
 * For a front end that needs a few files after start-up but not the
 * whole file system: in place of the empty root (step 2), unless
 * something needs the whole file system (then it stays visible). A
 * directory that does not exist is left out.
 */
void sandbox_keep_dirs(const char *const *dirs)
{
	sb.ndirs = 0;
	for (; *dirs && sb.ndirs < SANDBOX_DIRS_MAX; dirs++)
		sb.dirs[sb.ndirs++] = *dirs;
}

/**
 * sandbox_allow() - system calls a front end needs besides the emulator's
 * @seccomp_flags:	SECCOMP_EMU_* groups (seccomp/emu.h), e.g.
 *			SECCOMP_EMU_UNLINKAT
 */
void sandbox_allow(unsigned int seccomp_flags)
{
	sb.seccomp_extra |= seccomp_flags;
}

static bool needs(const struct netdev_needs *n, enum netdev_need need)
{
	return n->mask & (1U << need);
}

/* A library that forks and executes at run time: never in the sandbox */
static int refuse_exec_run(struct opts *o, const struct netdev_need_src *src)
{
	opts_fail(o, "key '%s': '%s': %s, which the sandbox forbids; use "
		  "-sandbox off (docs/SECURITY.md)", src->key, src->value, src->what);
	return -EPERM;
}

/* Before the sandbox: note what it must leave for this start-up port */
static int admit_at_start(struct opts *o, const struct netdev_needs *n)
{
	const struct netdev_need_src *down = &n->by[NEED_EXEC_CLOSE];

	if (needs(n, NEED_EXEC_RUN))
		return refuse_exec_run(o, &n->by[NEED_EXEC_RUN]);
	if (needs(n, NEED_FS))
		sb.keep_root = n->by[NEED_FS].what;
	if (needs(n, NEED_EXEC_CLOSE) && launcher_allow(down->value) < 0)
		return opts_fail(o, "key '%s': too many scripts", down->key);
	return 0;
}

/* In the sandbox: what only start-up ports may do */
static int admit_at_run_time(struct opts *o, const char *type,
			     const struct netdev_needs *n)
{
	static const struct {
		enum netdev_need need;
		const char *does;
		const char *doing;
	} start_only[] = {
		{ NEED_EXEC_OPEN, "runs a program", "running a program" },
		{ NEED_EXEC_CLOSE, "runs a program", "running a program" },
		{ NEED_DLOPEN, "loads a plugin", "loading a plugin" },
		{ NEED_NSS, "looks names up (NSS)", "looking a name up (NSS)" },
	};

	if (needs(n, NEED_EXEC_RUN))
		return refuse_exec_run(o, &n->by[NEED_EXEC_RUN]);
	for (size_t i = 0; i < ARRAY_SIZE(start_only); i++) {
		const struct netdev_need_src *src = &n->by[start_only[i].need];

		if (!needs(n, start_only[i].need))
			continue;
		if (src->key)
			opts_fail(o, "key '%s': %s is allowed only at start-up in the "
				  "sandbox: give the port on the command line, or run "
				  "with -sandbox off", src->key, start_only[i].doing);
		else
			opts_fail(o, "type '%s' %s (%s), which the sandbox allows only "
				  "at start-up: give it on the command line, or run "
				  "with -sandbox off", type, start_only[i].does, src->what);
		return -EPERM;
	}
	return 0;
}

/**
 * sandbox_admit() - let a port in, given what it needs after start-up
 * @o:		its options, for messages
 * @type:	its type
 * @n:		its needs, as its type declares them (netdev.h)
 *
 * Before the sandbox is entered, a start-up port's needs decide what the
 * sandbox leaves (the file system, the script launcher); a port whose
 * library would fork and execute at run time is refused. Once in the
 * sandbox, a port that runs a program, loads a plugin or looks a name up
 * is refused. With -sandbox off, every port is let in.
 *
 * Return: 0, or -EPERM (or -EINVAL) with the message in @o->err
 */
int sandbox_admit(struct opts *o, const char *type, const struct netdev_needs *n)
{
	if (sb.off)
		return 0;
	if (sb.entered)
		return admit_at_run_time(o, type, n);
	return admit_at_start(o, n);
}

/* MS_* flags of the mount at @path that a remount must keep */
static int mount_flags(const char *path, unsigned long *out)
{
	static const struct { unsigned long st, ms; } map[] = {
		{ ST_NOSUID, MS_NOSUID }, { ST_NODEV, MS_NODEV },
		{ ST_NOEXEC, MS_NOEXEC }, { ST_NOATIME, MS_NOATIME },
		{ ST_NODIRATIME, MS_NODIRATIME }, { ST_RELATIME, MS_RELATIME },
	};
	struct statvfs st;

	if (statvfs(path, &st) < 0)
		return -errno;
	*out = 0;
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (st.f_flag & map[i].st)
			*out |= map[i].ms;
	return 0;
}

/* Bind @dir (with what is mounted below it) read-only into the new root */
static int keep_dir(const char *dir, const char **step)
{
	static char what[PATH_MAX + 64];
	char target[PATH_MAX];
	unsigned long fl = 0;
	struct stat st;

	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0;	/* nothing to keep */
	snprintf(target, sizeof(target), SANDBOX_ROOT "%s", dir);
	snprintf(what, sizeof(what), "keeping %s in the new root", dir);
	*step = what;
	if (mkdir(target, 0755) < 0 ||
	    mount(dir, target, NULL, MS_BIND | MS_REC, NULL) < 0 ||
	    mount_flags(target, &fl) < 0 ||
	    mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | fl, NULL) < 0)
		return -errno;
	return 0;
}

/* The tmpfs that becomes the root: empty, or with the kept directories */
static int new_root(const char **step)
{
	static const unsigned long fl = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	int ret;

	*step = "mounting an empty tmpfs on " SANDBOX_ROOT;
	if (!sb.ndirs)
		return mount("guestnet-empty", SANDBOX_ROOT, "tmpfs", MS_RDONLY | fl,
			     "nr_inodes=2,size=4k,mode=0555") < 0 ? -errno : 0;
	if (mount("guestnet-root", SANDBOX_ROOT, "tmpfs", fl,
		  "nr_inodes=16,size=16k,mode=0755") < 0)
		return -errno;
	for (unsigned int i = 0; i < sb.ndirs; i++) {
		ret = keep_dir(sb.dirs[i], step);
		if (ret < 0)
			return ret;
	}
	*step = "making the new root read-only";
	return mount(NULL, SANDBOX_ROOT, NULL, MS_REMOUNT | MS_RDONLY | fl,
		     NULL) < 0 ? -errno : 0;
}

/*
 * User and mount namespace, an empty read-only root (or one with the kept
 * directories); *@step names a failure
 */
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
	ret = new_root(step);
	if (ret < 0)
		return ret;
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
	unsigned int flags = SECCOMP_EMU_FS | sb.seccomp_extra;
	const char *step;
	int ret;

	if (sb.off) {
		info("sandbox: off");
		return;
	}
	ret = launcher_start();
	if (ret < 0)
		die(1, "sandbox: cannot start the script launcher: %s", errstr(ret));
#ifdef GN_SANITIZED
	/* LeakSanitizer reads /proc/self/maps at exit: keep /proc, or all */
	if (sb.ndirs && sb.ndirs < SANDBOX_DIRS_MAX)
		sb.dirs[sb.ndirs++] = "/proc";
	else if (!sb.keep_root)
		sb.keep_root = "sanitizer build (LeakSanitizer reads /proc)";
#endif
	if (sb.keep_root) {
		info("sandbox: the file system stays visible: %s", sb.keep_root);
	} else if ((ret = empty_root(&step)) == 0) {
		flags = sb.seccomp_extra;
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
	info("sandbox: on (%s root, no capabilities, seccomp)",
	     flags & SECCOMP_EMU_FS ? "visible" : sb.ndirs ? "a read-only" : "empty");
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
