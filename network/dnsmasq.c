// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dnsmasq.c - the network's DHCP/DNS server
 *
 * One dnsmasq per nat-network or host-only network, with its own files in
 * the run directory (default /run/guestnet): NAME.dnsmasq.conf (written
 * here), NAME.dnsmasq.pid and NAME.leases (written by dnsmasq). It binds
 * to the bridge only (bind-interfaces, so several networks can each have
 * one), hands out the definition's dhcp-range, and on nat-network
 * advertises the bridge address as router and DNS server; on host-only
 * no router. dnsmasq is started with an empty environment, stdin
 * /dev/null and no other descriptors (common/spawn.c); it daemonises and
 * drops to its default user itself, and its foreground parent exits 0
 * only once it is serving (killed if it takes over 10 s).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dnsmasq.h"
#include "netdef.h"
#include "spawn.h"

#ifndef GN_DNSMASQ
#define GN_DNSMASQ "/usr/sbin/dnsmasq"
#endif
#define DNSMASQ_START_MS	10000

static int path_of(char *buf, size_t len, const char *rundir,
		   const char *name, const char *suffix)
{
	if ((size_t)snprintf(buf, len, "%s/%s%s", rundir, name, suffix) >= len)
		return -ENAMETOOLONG;
	return 0;
}

/* RUNDIR/NAME.SUFFIX for reading, or NULL */
static FILE *open_file(const char *rundir, const char *name, const char *suffix)
{
	char path[4096];

	if (path_of(path, sizeof(path), rundir, name, suffix))
		return NULL;
	return fopen(path, "re");
}

static int write_conf(const struct netdef *nd, const char *rundir,
		      const char *path)
{
	char a[INET_ADDRSTRLEN], lo[INET_ADDRSTRLEN], hi[INET_ADDRSTRLEN];
	char v6[INET6_ADDRSTRLEN];
	FILE *f;
	int ret = 0;

	inet_ntop(AF_INET, &nd->addr, a, sizeof(a));
	inet_ntop(AF_INET, &nd->range_lo, lo, sizeof(lo));
	inet_ntop(AF_INET, &nd->range_hi, hi, sizeof(hi));
	inet_ntop(AF_INET6, &nd->ipv6, v6, sizeof(v6));
	f = fopen(path, "we");
	if (!f)
		return -errno;
	fprintf(f, "# written by guestnet-network for network %s\n"
		"interface=%s\nbind-interfaces\nexcept-interface=lo\n"
		"pid-file=%s/%s.dnsmasq.pid\ndhcp-leasefile=%s/%s.leases\n"
		"dhcp-range=%s,%s,1h\ndhcp-authoritative\n"
		"dhcp-option=option:dns-server,%s\n",
		nd->name, nd->bridge, rundir, nd->name, rundir, nd->name,
		lo, hi, a);
	if (nd->mode == NETDEF_NAT_NETWORK)
		fprintf(f, "dhcp-option=option:router,%s\n", a);
	else
		fprintf(f, "dhcp-option=option:router\n");
	if (nd->has_ipv6)
		fprintf(f, "enable-ra\ndhcp-range=%s,ra-stateless,64\n", v6);
	if (fflush(f) || ferror(f))
		ret = -EIO;
	if (fclose(f) && !ret)
		ret = -EIO;
	return ret;
}

/* Run dnsmasq until its foreground parent exits: 0 once it serves */
static int run_dnsmasq(const char *conf, const char **why)
{
	const struct spawn_opts o = {
		.flags = SPAWN_NULL_STDIN | SPAWN_OWN_GROUP, .keep_fd = -1,
		.envp = (char *const[]){ NULL },
	};
	char arg[4200];
	char *argv[] = { GN_DNSMASQ, arg, NULL };
	struct spawn c;
	int ret;

	snprintf(arg, sizeof(arg), "--conf-file=%s", conf);
	ret = spawn_program(&c, argv, &o);
	if (ret < 0) {
		*why = "cannot execute " GN_DNSMASQ;
		return ret;
	}
	ret = spawn_wait(&c, DNSMASQ_START_MS);
	spawn_free(&c);
	if (ret == -ETIMEDOUT)
		*why = "dnsmasq did not start within 10 s (killed)";
	else if (ret < 0)
		*why = "waiting for dnsmasq";
	else if (!spawn_succeeded(&c))
		*why = "dnsmasq failed to start (see its message above)";
	return ret < 0 ? ret : spawn_succeeded(&c) ? 0 : -EIO;
}

/**
 * dnsmasq_start() - write the network's dnsmasq.conf and start dnsmasq
 * @nd:		a nat-network or host-only definition, bridge configured
 * @rundir:	run directory
 * @why:	set to a static reason on failure
 *
 * Return: 0 once dnsmasq is serving, -EIO if it failed to start (its own
 * message is on stderr), or another negative errno
 */
int dnsmasq_start(const struct netdef *nd, const char *rundir,
		  const char **why)
{
	char conf[4096];
	int ret;

	ret = path_of(conf, sizeof(conf), rundir, nd->name, ".dnsmasq.conf");
	if (!ret)
		ret = write_conf(nd, rundir, conf);
	if (ret) {
		*why = "cannot write dnsmasq.conf";
		return ret;
	}
	return run_dnsmasq(conf, why);
}

/**
 * dnsmasq_pid() - the network's dnsmasq, if it is running
 * @name:	network name
 * @rundir:	run directory
 *
 * Return: its pid if the pid file names a live process called dnsmasq,
 * else 0
 */
pid_t dnsmasq_pid(const char *name, const char *rundir)
{
	char path[64], comm[64] = "";
	FILE *f = open_file(rundir, name, ".dnsmasq.pid");
	long pid = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%ld", &pid) != 1 || pid <= 1)
		pid = 0;
	fclose(f);
	if (!pid)
		return 0;
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = '\0';
	fclose(f);
	return strcmp(comm, "dnsmasq\n") ? 0 : (pid_t)pid;
}

static void remove_file(const char *rundir, const char *name,
			const char *suffix)
{
	char path[4096];

	if (!path_of(path, sizeof(path), rundir, name, suffix))
		unlink(path);
}

/**
 * dnsmasq_stop() - stop the network's dnsmasq and remove its files
 * @name:	network name
 * @rundir:	run directory
 * @why:	set to a static reason on failure
 *
 * Return: 0 (also if it was not running), or -ETIMEDOUT if it did not
 * exit within 5 s of SIGTERM
 */
int dnsmasq_stop(const char *name, const char *rundir, const char **why)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	pid_t pid = dnsmasq_pid(name, rundir);
	int i;

	if (pid > 0) {
		kill(pid, SIGTERM);
		for (i = 0; i < 100 && dnsmasq_pid(name, rundir) == pid; i++)
			nanosleep(&ts, NULL);
		if (dnsmasq_pid(name, rundir) == pid) {
			*why = "dnsmasq did not exit within 5 s of SIGTERM";
			return -ETIMEDOUT;
		}
	}
	remove_file(rundir, name, ".dnsmasq.pid");
	remove_file(rundir, name, ".dnsmasq.conf");
	remove_file(rundir, name, ".leases");
	return 0;
}

/**
 * dnsmasq_leases() - print the network's leases, one "  lease ..." each
 * @name:	network name
 * @rundir:	run directory
 * @out:	where to print
 *
 * Return: the number of leases (0 if there is no lease file)
 */
int dnsmasq_leases(const char *name, const char *rundir, FILE *out)
{
	char line[512], mac[64], ip[64], host[256];
	FILE *f = open_file(rundir, name, ".leases");
	long long expiry;
	int n = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lld %63s %63s %255s", &expiry, mac, ip,
			   host) != 4)
			continue;
		fprintf(out, "  lease %s %s %s\n", ip, mac, host);
		n++;
	}
	fclose(f);
	return n;
}
