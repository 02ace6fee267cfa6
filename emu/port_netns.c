// SPDX-License-Identifier: GPL-2.0-or-later
/* port_netns.c - guest NICs: a tap inside a network namespace (-netdev netns)
 *
 * DOC: Theory of operation
 *
 * With a command (after "--" or cmd=), a child process makes a new user
 * and network namespace (no privilege needed), maps the caller's own uid
 * and gid into it, brings up lo, creates the tap there (named ifname=,
 * default eth0), sets its MAC, MTU and optional address and default route
 * (addr=, gateway=: our extension, like slirp4netns --configure), passes
 * the tap descriptor back over a socketpair (SCM_RIGHTS), and then execs
 * the command. Because the uid inside is the caller's own, the exec drops
 * the namespace capabilities: the command runs as the calling user. When
 * the command exits, the emulator exits with its status, as slirp4netns
 * and pasta do when they run a command.
 *
 * With pid=PID, the child instead enters the user namespace (when it is
 * not ours) and network namespace of PID, creates the tap there, passes it
 * back and exits; the emulator then runs until stopped.
 *
 * netns_port_join() does the same for a front end (slirp4netns/): the
 * namespaces are given as files (/proc/PID/ns/..., or a bind mount with
 * no user namespace to enter), an existing tap of that name is attached
 * to rather than created (RootlessKit makes tap0 itself), and the
 * interfaces are configured only when asked (slirp4netns --configure).
 *
 * Interface set-up in the namespace uses the classic ioctls on the tap's
 * own descriptor and a datagram socket: the child has no netlink library,
 * and these few calls are all a fresh namespace needs.
 *
 * With offload=on (the default) the tap has a virtio-net header, so the
 * NAT's coalesced segments reach the guest as GSO frames (offload.c,
 * coalesce.c), and below an MTU of NETNS_TSO_MTU checksum and TCP
 * segmentation offload (tapdev_offload()): the guest's stack hands us TCP
 * segments of up to 64 KiB whatever the MTU, which the user-mode NAT
 * takes whole and the hub cuts into wire segments for ports that cannot
 * (docs/nat.md).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <net/route.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <poll.h>
#include <unistd.h>

#include "child.h"
#include "fdpass.h"
#include "hub.h"
#include "ifname.h"
#include "log.h"
#include "loop.h"
#include "netdev.h"
#include "netdev_keys.h"
#include "offload.h"
#include "optstring.h"
#include "port.h"
#include "port_netns.h"
#include "port_tap.h"
#include "tapdev.h"
#include "userns.h"
#include "xalloc.h"

#define NETNS_SETUP_TIMEOUT_MS	10000
#define NETNS_MTU_MIN		68
#define NETNS_MTU_MAX		65520
/* From this MTU on, the guest's own frames are as large as GSO frames may
 * be: TSO would only move its checksums to us (docs/nat.md) */
#define NETNS_TSO_MTU		32768

/**
 * struct netns_cfg - what the child sets up
 * @ifname:	tap name inside the namespace
 * @mac:	its address
 * @set_mac:	set @mac (else the tap keeps the one it has)
 * @configure:	set MAC, MTU, lo and tap up, address, route (else touch
 *		nothing but the tap's descriptor)
 * @mtu:	its MTU
 * @addr:	IPv4 address (0: none)
 * @prefix:	its prefix length
 * @gateway:	default route via (0: none)
 * @pid:	namespace of this process instead of a new one (0: new, or
 *		@netns names it)
 * @userns:	user namespace file to enter first, "" for none
 * @netns:	network namespace file to enter, "" for a new namespace
 * @offload:	checksum and segmentation offload on the tap
 * @argv:	command to run (new namespace only)
 */
struct netns_cfg {
	char ifname[IFNAMSIZ];
	uint8_t mac[6];
	bool set_mac;
	bool configure;
	unsigned int mtu;
	struct in_addr addr;
	unsigned int prefix;
	struct in_addr gateway;
	pid_t pid;
	bool offload;
	char userns[PATH_MAX];
	char netns[PATH_MAX];
	char *const *argv;
};

static char **netns_run_argv;
static bool netns_run_argv_taken;

/**
 * netns_set_command() - the command given after "--" on the command line
 * @argv:	NULL-terminated argument vector (kept by pointer)
 */
void netns_set_command(char **argv)
{
	netns_run_argv = argv;
}

/**
 * netns_command_unused() - tell whether a "--" command found no port
 *
 * Return: true if a command was given and no netns port took it
 */
bool netns_command_unused(void)
{
	return netns_run_argv && !netns_run_argv_taken;
}

/* ------------------------------------------------------------------ */
/* In the child                                                       */

static void __attribute__((noreturn)) child_fail(int sock, const char *what, int err)
{
	char msg[200];
	int n = snprintf(msg, sizeof(msg), "%s: %s", what, errstr(err));

	if (send(sock, msg, (size_t)n, 0) < 0)
		_exit(127);
	_exit(127);
}

/* Enter the user namespace (if any), then the network namespace */
static int child_enter(const struct netns_cfg *c)
{
	int fd, ret = 0;

	if (c->userns[0]) {
		fd = open(c->userns, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		/* EINVAL: it is our own user namespace already */
		if (setns(fd, CLONE_NEWUSER) < 0 && errno != EINVAL)
			ret = -errno;
		close(fd);
		if (ret < 0)
			return ret;
	}
	fd = open(c->netns, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (setns(fd, CLONE_NEWNET) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static int if_up(int s, const char *name)
{
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		return -errno;
	ifr.ifr_flags |= IFF_UP;
	return ioctl(s, SIOCSIFFLAGS, &ifr) < 0 ? -errno : 0;
}

static int if_addr(int s, const struct netns_cfg *c)
{
	struct ifreq ifr = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;

	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", c->ifname);
	sin->sin_family = AF_INET;
	sin->sin_addr = c->addr;
	if (ioctl(s, SIOCSIFADDR, &ifr) < 0)
		return -errno;
	sin->sin_addr.s_addr = htonl(c->prefix ? 0xffffffffU << (32 - c->prefix) : 0);
	return ioctl(s, SIOCSIFNETMASK, &ifr) < 0 ? -errno : 0;
}

static int if_gateway(int s, const struct netns_cfg *c)
{
	struct rtentry rt = { 0 };
	struct sockaddr_in *dst = (struct sockaddr_in *)&rt.rt_dst;
	struct sockaddr_in *gw = (struct sockaddr_in *)&rt.rt_gateway;
	struct sockaddr_in *mask = (struct sockaddr_in *)&rt.rt_genmask;

	dst->sin_family = gw->sin_family = mask->sin_family = AF_INET;
	gw->sin_addr = c->gateway;
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	return ioctl(s, SIOCADDRT, &rt) < 0 ? -errno : 0;
}

/* The NIC's MAC and MTU; lo and the NIC up; its address and route */
static int child_configure(int s, const struct netns_cfg *c)
{
	struct ifreq ifr = { 0 };
	int ret;

	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", c->ifname);
	ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
	memcpy(ifr.ifr_hwaddr.sa_data, c->mac, 6);
	if (c->set_mac && ioctl(s, SIOCSIFHWADDR, &ifr) < 0)
		return -errno;
	ifr.ifr_mtu = (int)c->mtu;
	if (ioctl(s, SIOCSIFMTU, &ifr) < 0)
		return -errno;
	if ((ret = if_up(s, "lo")) < 0 || (ret = if_up(s, c->ifname)) < 0)
		return ret;
	if (c->addr.s_addr && (ret = if_addr(s, c)) < 0)
		return ret;
	if (c->gateway.s_addr && (ret = if_gateway(s, c)) < 0)
		return ret;
	return 0;
}

static int child_tap(const struct netns_cfg *c, int *out)
{
	const char *why;
	int fd, s, ret;

	ret = tapdev_open(c->ifname, c->offload, &fd);
	if (ret < 0)
		return ret;
	if (c->offload && (ret = tapdev_offload(fd, c->mtu < NETNS_TSO_MTU, &why)) < 0) {
		close(fd);
		return ret;
	}
	if (!c->configure) {
		*out = fd;
		return 0;
	}
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ret = s < 0 ? -errno : child_configure(s, c);
	if (s >= 0)
		close(s);
	if (ret < 0) {
		close(fd);
		return ret;
	}
	*out = fd;
	return 0;
}

static void __attribute__((noreturn)) child_main(int sock, const struct netns_cfg *c,
						  uid_t uid, gid_t gid, pid_t emu)
{
	const char *step;
	sigset_t all;
	int fd = -1, ret;

	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	if (c->netns[0]) {
		ret = child_enter(c);
		if (ret < 0)
			child_fail(sock, c->pid ? "entering the namespace of that pid" :
				   "entering the namespace", ret);
	} else {
		if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0)
			child_fail(sock, "unshare(user, net)", -errno);
		ret = userns_map_self(uid, gid, &step);
		if (ret < 0)
			child_fail(sock, step, ret);
	}
	ret = child_tap(c, &fd);
	if (ret < 0)
		child_fail(sock, "creating the tap", ret);
	ret = fdpass_send(sock, fd, 0);
	if (ret < 0)
		_exit(127);
	close(fd);
	close(sock);
	if (!c->argv)
		_exit(0);
	/* the command goes when the emulator goes, as with unshare
	 * --kill-child (set only now: entering the user namespace changed
	 * our credentials, which clears it; a set-user-ID program the
	 * command runs clears it again) */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != emu)
		_exit(127);
	execvp(c->argv[0], c->argv);
	err("cannot run %s: %s", c->argv[0], errstr(errno));
	_exit(127);
}

/* ------------------------------------------------------------------ */
/* In the emulator                                                    */

/* The child's answer: the tap (one byte and a descriptor), or why not */
static int recv_tap(int sock, int *fd, char *why, size_t whylen)
{
	struct pollfd pfd = { .fd = sock, .events = POLLIN };
	char data[200];
	ssize_t n;

	if (poll(&pfd, 1, NETNS_SETUP_TIMEOUT_MS) != 1) {
		snprintf(why, whylen, "the namespace set-up timed out");
		return -ETIMEDOUT;
	}
	n = fdpass_recv(sock, 0, data, sizeof(data) - 1, fd);
	if (n == 1 && *fd >= 0)
		return 0;
	if (*fd >= 0)
		close(*fd);
	data[n > 0 ? n : 0] = '\0';
	snprintf(why, whylen, "%s", n > 0 ? data : n == -EPROTO ?
		 "the set-up process sent a malformed answer" : "the set-up process died");
	return -EIO;
}

static void netns_command_exited(pid_t pid, int status, void *opaque)
{
	struct port *p = opaque;

	info("port %s: command (pid %d) exited with status %d", p->id, (int)pid, status);
	loop_quit(status);
}

static void netns_port_closed(void *opaque)
{
	pid_t pid = (pid_t)(intptr_t)opaque;

	if (pid > 0)
		child_unwatch(pid);
}

/*
 * Fork the child that sets up the tap, take the tap and make it a port;
 * 0, or negative errno with @why set
 */
static int netns_open(const char *id, struct hub *h, const struct netns_cfg *cfg,
		      char *why, size_t whylen, struct port **out)
{
	char peer[PATH_MAX + 48];
	struct port *p;
	int sv[2], fd, ret;
	pid_t pid, emu = getpid();

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		ret = -errno;
		snprintf(why, whylen, "socketpair: %s", errstr(ret));
		return ret;
	}
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		close(sv[0]);
		close(sv[1]);
		snprintf(why, whylen, "fork: %s", errstr(ret));
		return ret;
	}
	if (pid == 0) {
		close(sv[0]);
		child_main(sv[1], cfg, getuid(), getgid(), emu);
	}
	close(sv[1]);
	ret = recv_tap(sv[0], &fd, why, whylen);
	close(sv[0]);
	if (ret < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return ret;
	}
	if (cfg->netns[0] && !cfg->pid)
		snprintf(peer, sizeof(peer), "%s in netns %s", cfg->ifname, cfg->netns);
	else
		snprintf(peer, sizeof(peer), "%s in netns of pid %d", cfg->ifname,
			 cfg->pid ? (int)cfg->pid : (int)pid);
	ret = tap_port_open(id, h, fd, cfg->offload ? OFFLOAD_VNET_LEN : 0, peer, &p);
	if (ret < 0) {
		snprintf(why, whylen, "tap: %s", errstr(ret));
		return ret;
	}
	if (cfg->offload)
		tap_port_enable_offload(p);
	if (cfg->argv) {
		child_watch(pid, netns_command_exited, p);
		tap_port_on_close(p, netns_port_closed, (void *)(intptr_t)pid);
	}
	if (out)
		*out = p;
	return 0;
}

/* Namespace files of process @pid */
static void netns_of_pid(struct netns_cfg *c, pid_t pid)
{
	c->pid = pid;
	snprintf(c->userns, sizeof(c->userns), "/proc/%d/ns/user", (int)pid);
	snprintf(c->netns, sizeof(c->netns), "/proc/%d/ns/net", (int)pid);
}

/* A path that fits a struct netns_cfg; 0 or -ENAMETOOLONG with @why */
static int netns_path(char *dst, const char *src, char *why, size_t whylen)
{
	if (strlen(src) >= PATH_MAX) {
		snprintf(why, whylen, "namespace path too long");
		return -ENAMETOOLONG;
	}
	strcpy(dst, src);
	return 0;
}

/**
 * netns_port_join() - a tap port inside existing namespaces
 * @id:		port name
 * @h:		hub it joins
 * @j:		the namespaces, the tap, what to configure
 * @why:	message on failure
 * @whylen:	its size
 * @out:	the port, if not NULL
 *
 * A child enters @j->userns (if given) and @j->netns, opens the tap
 * @j->ifname (attaching to it if it exists), configures it if
 * @j->configure, passes its descriptor back and exits. Runs at start-up
 * (it forks): the sandbox is not in place yet.
 *
 * Return: 0, or negative errno with @why set
 */
int netns_port_join(const char *id, struct hub *h, const struct netns_join *j,
		    char *why, size_t whylen, struct port **out)
{
	struct netns_cfg *c = xcalloc(1, sizeof(*c));
	const char *bad = ifname_problem(j->ifname);
	int ret;

	if (bad) {
		snprintf(why, whylen, "interface name '%s' %s", j->ifname, bad);
		ret = -EINVAL;
		goto out;
	}
	strcpy(c->ifname, j->ifname);
	if ((j->userns && (ret = netns_path(c->userns, j->userns, why, whylen)) < 0) ||
	    (ret = netns_path(c->netns, j->netns, why, whylen)) < 0)
		goto out;
	c->configure = j->configure;
	c->set_mac = j->mac != NULL;
	if (j->mac)
		memcpy(c->mac, j->mac, 6);
	c->mtu = j->mtu;
	c->addr = j->addr;
	c->prefix = j->prefix;
	c->gateway = j->gateway;
	c->offload = j->offload;
	ret = netns_open(id, h, c, why, whylen, out);
out:
	free(c);
	return ret;
}

static int netns_mac(struct opts *o, uint8_t *mac)
{
	const char *v = opts_get(o, "mac");
	unsigned int b[6];
	char end;

	if (!v) {
		/* QEMU's prefix, the rest from our pid: distinct per emulator */
		uint32_t r = (uint32_t)getpid() * 2654435761U;

		mac[0] = 0x52, mac[1] = 0x54, mac[2] = 0x00;
		mac[3] = (uint8_t)(r >> 16), mac[4] = (uint8_t)(r >> 8), mac[5] = (uint8_t)r;
		return o->err[0] ? -EINVAL : 0;
	}
	if (sscanf(v, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &end) != 6)
		return opts_fail(o, "key 'mac': '%s' is not xx:xx:xx:xx:xx:xx", v);
	for (int i = 0; i < 6; i++) {
		if (b[i] > 255)
			return opts_fail(o, "key 'mac': '%s' is not xx:xx:xx:xx:xx:xx", v);
		mac[i] = (uint8_t)b[i];
	}
	if (mac[0] & 1)
		return opts_fail(o, "key 'mac': '%s' is a multicast address", v);
	return 0;
}

static int netns_ifname(struct opts *o, char *out)
{
	const char *v = opts_get(o, "ifname");

	if (!v)
		v = "eth0";
	if (netdev_key_ifname(o, "ifname", v) < 0)
		return -EINVAL;
	strcpy(out, v);
	return o->err[0] ? -EINVAL : 0;
}

static int netns_addr(struct opts *o, struct netns_cfg *c)
{
	const char *a = opts_get(o, "addr"), *g = opts_get(o, "gateway");
	char buf[32], *slash;
	unsigned int len = 24;

	if (o->err[0])
		return -EINVAL;
	if (g && !a)
		return opts_fail(o, "key 'gateway' needs key 'addr'");
	if (!a)
		return 0;
	snprintf(buf, sizeof(buf), "%s", a);
	slash = strchr(buf, '/');
	if (slash) {
		*slash++ = '\0';
		if (netdev_key_prefix_len(o, "addr", slash, 1, 32, &len) < 0)
			return -EINVAL;
	}
	if (!inet_aton(buf, &c->addr))
		return opts_fail(o, "key 'addr': '%s' is not an IPv4 address", buf);
	c->prefix = len;
	if (g && !inet_aton(g, &c->gateway))
		return opts_fail(o, "key 'gateway': '%s' is not an IPv4 address", g);
	return 0;
}

static char *netns_shell_argv[4];

static int netns_command(struct opts *o, struct netns_cfg *c)
{
	const char *cmd = opts_get(o, "cmd");
	uint64_t pid;
	int ret;

	ret = opts_get_uint(o, "pid", 1, 4194304, 0, &pid);
	if (ret < 0)
		return ret;
	if (pid)
		netns_of_pid(c, (pid_t)pid);
	if (cmd && pid)
		return opts_fail(o, "keys 'cmd' and 'pid' exclude each other");
	if (cmd) {
		netns_shell_argv[0] = "/bin/sh";
		netns_shell_argv[1] = "-c";
		netns_shell_argv[2] = (char *)cmd;
		c->argv = netns_shell_argv;
	} else if (!pid) {
		if (!netns_run_argv || netns_run_argv_taken)
			return opts_fail(o, "give a command after '--', or key 'cmd' or 'pid'");
		c->argv = netns_run_argv;
		netns_run_argv_taken = true;
	}
	return 0;
}

/**
 * netns_create() - -netdev netns: a tap in a (new) network namespace
 * @req:	request
 *
 * Return: 0, or negative errno with the message in the options
 */
static int netns_create(struct netdev_req *req)
{
	struct netns_cfg *c = xcalloc(1, sizeof(*c));
	struct opts *o = req->o;
	char why[200];
	uint64_t mtu;
	int ret;

	c->set_mac = c->configure = true;
	if ((ret = netns_ifname(o, c->ifname)) < 0 ||
	    (ret = netns_mac(o, c->mac)) < 0 ||
	    (ret = opts_get_uint(o, "mtu", NETNS_MTU_MIN, NETNS_MTU_MAX, 1500, &mtu)) < 0 ||
	    (ret = netns_addr(o, c)) < 0 ||
	    (ret = netns_command(o, c)) < 0 ||
	    (ret = opts_get_bool(o, "offload", true, &c->offload)) < 0 ||
	    (ret = opts_check_unused(o)) < 0)
		goto out;
	c->mtu = (unsigned int)mtu;
	ret = netns_open(req->id, req->hub, c, why, sizeof(why), NULL);
	if (ret < 0)
		ret = opts_fail(o, "%s", why);
out:
	free(c);
	return ret;
}

/* A child makes (or enters) the namespace and runs the command */
const struct netdev_type netdev_type_netns = {
	.name = "netns",
	.create = netns_create,
	.always = 1U << NEED_EXEC_OPEN,
	.always_what = "a namespace child",
};
