// SPDX-License-Identifier: GPL-2.0-or-later
/* netdev_types.c - the keys of -netdev socket, stream, dgram and hubport
 *
 * Each handler reads its keys as QEMU 7.2 names them, checks them (every
 * error names the key), checks that no unknown key is left, and only then
 * opens sockets, so a rejected option leaves nothing behind.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hub.h"
#include "log.h"
#include "netdev.h"
#include "optstring.h"
#include "port.h"
#include "port_dgram.h"
#include "port_stream.h"
#include "sockaddr.h"
#include "xalloc.h"

#define RECONNECT_MAX_S	3600

static int key_hostport(struct opts *o, const char *key, const char *val,
			bool passive, struct gn_addr *a)
{
	const char *why;

	if (addr_hostport(val, passive, a, &why) < 0)
		return opts_fail(o, "key '%s': '%s': %s", key, val, why);
	return 0;
}

static int key_fd(struct opts *o, const char *key, const char *val, int *fd)
{
	const char *why;

	if (addr_parse_fd(val, fd, &why) < 0)
		return opts_fail(o, "key '%s': '%s': %s", key, val, why);
	return 0;
}

static int open_failed(struct opts *o, const char *key, const char *val, int ret)
{
	return opts_fail(o, "key '%s': '%s': %s", key, val, errstr(ret));
}

static int socket_fd(struct netdev_req *req, const char *val)
{
	int fd, type = 0, listening = 0, ret;
	socklen_t len = sizeof(type);

	ret = key_fd(req->o, "fd", val, &fd);
	if (ret < 0)
		return ret;
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0)
		return opts_fail(req->o, "key 'fd': %d is not a socket", fd);
	len = sizeof(listening);
	getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len);
	if (type == SOCK_DGRAM) {
		struct dgram_cfg cfg = { .fd = fd };

		ret = dgram_open(req->id, req->hub, &cfg);
	} else if (type == SOCK_STREAM) {
		ret = listening ? stream_listen_fd(req->id, req->hub, fd)
				: stream_from_fd(req->id, req->hub, fd);
	} else {
		return opts_fail(req->o, "key 'fd': %d is neither a stream nor a datagram socket", fd);
	}
	return ret < 0 ? open_failed(req->o, "fd", val, ret) : 0;
}

static int socket_mcast(struct netdev_req *req, const char *group,
			const char *localaddr)
{
	struct dgram_cfg cfg = { .fd = -1, .has_remote = true };
	const char *why;
	int ret;

	ret = key_hostport(req->o, "mcast", group, false, &cfg.remote);
	if (ret < 0)
		return ret;
	if (!addr_is_multicast(&cfg.remote) || cfg.remote.u.sa.sa_family != AF_INET)
		return opts_fail(req->o, "key 'mcast': '%s' is not an IPv4 multicast group", group);
	if (localaddr) {
		if (addr_inet(localaddr, "0", true, &cfg.local, &why) < 0)
			return opts_fail(req->o, "key 'localaddr': '%s': %s", localaddr, why);
		cfg.has_local = true;
	}
	ret = opts_check_unused(req->o);
	if (ret < 0)
		return ret;
	ret = dgram_open(req->id, req->hub, &cfg);
	return ret < 0 ? open_failed(req->o, "mcast", group, ret) : 0;
}

static int socket_udp(struct netdev_req *req, const char *udp,
		      const char *localaddr)
{
	struct dgram_cfg cfg = { .fd = -1, .has_remote = true, .has_local = true };
	int ret;

	if (!localaddr)
		return opts_fail(req->o, "key 'udp' needs key 'localaddr=host:port'");
	ret = key_hostport(req->o, "udp", udp, false, &cfg.remote);
	if (!ret)
		ret = key_hostport(req->o, "localaddr", localaddr, true, &cfg.local);
	if (!ret)
		ret = opts_check_unused(req->o);
	if (ret < 0)
		return ret;
	ret = dgram_open(req->id, req->hub, &cfg);
	return ret < 0 ? open_failed(req->o, "udp", udp, ret) : 0;
}

/**
 * netdev_socket() - -netdev socket: listen=, connect=, mcast=, udp=, fd=
 * @req:	request
 *
 * Return: 0, or negative errno with the message in the options
 */
int netdev_socket(struct netdev_req *req)
{
	struct opts *o = req->o;
	const char *listen = opts_get(o, "listen"), *connect = opts_get(o, "connect");
	const char *mcast = opts_get(o, "mcast"), *udp = opts_get(o, "udp");
	const char *fd = opts_get(o, "fd"), *localaddr = opts_get(o, "localaddr");
	struct gn_addr a;
	int ret;

	if (o->err[0])
		return -EINVAL;
	if (!!listen + !!connect + !!mcast + !!udp + !!fd != 1)
		return opts_fail(o, "exactly one of keys 'listen', 'connect', 'mcast', 'udp', 'fd' is needed");
	if (localaddr && !mcast && !udp)
		return opts_fail(o, "key 'localaddr' goes only with 'mcast' or 'udp'");
	if (mcast)
		return socket_mcast(req, mcast, localaddr);
	if (udp)
		return socket_udp(req, udp, localaddr);
	ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	if (fd)
		return socket_fd(req, fd);
	if (listen) {
		ret = key_hostport(o, "listen", listen, true, &a);
		if (!ret && (ret = stream_listen(req->id, req->hub, &a)) < 0)
			return open_failed(o, "listen", listen, ret);
		return ret;
	}
	ret = key_hostport(o, "connect", connect, false, &a);
	if (!ret && (ret = stream_connect(req->id, req->hub, &a, 0)) < 0)
		return open_failed(o, "connect", connect, ret);
	return ret;
}

/*
 * QEMU's SocketAddress in flattened keys: PREFIX.type=inet|unix|fd with
 * PREFIX.host/.port, PREFIX.path/.abstract/.tight, or PREFIX.str.
 */
static int socket_address(struct opts *o, const char *prefix, bool passive,
			  struct gn_addr *a, int *fd, bool *given)
{
	char k_type[32], k_host[32], k_port[32], k_path[32], k_abs[32], k_tight[32], k_str[32];
	const char *type, *host, *port, *path, *str, *why;
	bool abstract, tight;
	int ret;

	snprintf(k_type, sizeof(k_type), "%s.type", prefix);
	snprintf(k_host, sizeof(k_host), "%s.host", prefix);
	snprintf(k_port, sizeof(k_port), "%s.port", prefix);
	snprintf(k_path, sizeof(k_path), "%s.path", prefix);
	snprintf(k_abs, sizeof(k_abs), "%s.abstract", prefix);
	snprintf(k_tight, sizeof(k_tight), "%s.tight", prefix);
	snprintf(k_str, sizeof(k_str), "%s.str", prefix);
	type = opts_get(o, k_type);
	host = opts_get(o, k_host);
	port = opts_get(o, k_port);
	path = opts_get(o, k_path);
	str = opts_get(o, k_str);
	ret = opts_get_bool(o, k_abs, false, &abstract);
	if (!ret)
		ret = opts_get_bool(o, k_tight, true, &tight);
	if (ret < 0)
		return ret;
	*given = type != NULL;
	*fd = -1;
	if (!type) {
		if (host || port || path || str)
			return opts_fail(o, "key '%s' is required", k_type);
		return 0;
	}
	if (!strcmp(type, "inet")) {
		if (path || str)
			return opts_fail(o, "key '%s' does not go with %s=inet", path ? k_path : k_str, k_type);
		if (!port)
			return opts_fail(o, "key '%s' is required", k_port);
		if (addr_inet(host, port, passive, a, &why) < 0)
			return opts_fail(o, "keys '%s'/'%s': '%s:%s': %s", k_host, k_port,
					 host ? host : "", port, why);
		return 0;
	}
	if (!strcmp(type, "unix")) {
		if (host || port || str)
			return opts_fail(o, "key '%s' does not go with %s=unix",
					 host ? k_host : port ? k_port : k_str, k_type);
		if (!path)
			return opts_fail(o, "key '%s' is required", k_path);
		if (addr_unix(path, abstract, a, &why) < 0)
			return opts_fail(o, "key '%s': '%s': %s", k_path, path, why);
		if (abstract && !tight)
			a->len = sizeof(a->u.un);
		return 0;
	}
	if (!strcmp(type, "fd")) {
		if (!str)
			return opts_fail(o, "key '%s' is required", k_str);
		return key_fd(o, k_str, str, fd);
	}
	return opts_fail(o, "key '%s': '%s' is not inet, unix or fd", k_type, type);
}

/**
 * netdev_stream() - -netdev stream: server=on|off, addr.*, reconnect=
 * @req:	request
 *
 * Return: 0, or negative errno with the message in the options
 */
int netdev_stream(struct netdev_req *req)
{
	struct opts *o = req->o;
	struct gn_addr a;
	uint64_t reconnect;
	bool server, given;
	int fd, ret;

	ret = opts_get_bool(o, "server", false, &server);
	if (!ret)
		ret = opts_get_uint(o, "reconnect", 0, RECONNECT_MAX_S, 0, &reconnect);
	if (!ret)
		ret = socket_address(o, "addr", server, &a, &fd, &given);
	if (ret < 0)
		return ret;
	if (!given)
		return opts_fail(o, "key 'addr.type' is required");
	if (server && reconnect)
		return opts_fail(o, "key 'reconnect' is for clients (server=off)");
	ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	if (fd >= 0)
		ret = server ? stream_listen_fd(req->id, req->hub, fd)
			     : stream_from_fd(req->id, req->hub, fd);
	else if (server)
		ret = stream_listen(req->id, req->hub, &a);
	else
		ret = stream_connect(req->id, req->hub, &a, (unsigned int)reconnect);
	if (ret < 0)
		return opts_fail(o, "%s %s: %s", server ? "listen" : "connect",
				 opts_get(o, a.u.sa.sa_family == AF_UNIX ? "addr.path" :
					     fd >= 0 ? "addr.str" : "addr.port"),
				 errstr(ret));
	return 0;
}

/**
 * netdev_dgram() - -netdev dgram: local.*, remote.*
 * @req:	request
 *
 * Return: 0, or negative errno with the message in the options
 */
int netdev_dgram(struct netdev_req *req)
{
	struct dgram_cfg cfg = { .fd = -1 };
	struct opts *o = req->o;
	bool mcast;
	int rfd, ret;

	ret = socket_address(o, "local", true, &cfg.local, &cfg.fd, &cfg.has_local);
	if (!ret)
		ret = socket_address(o, "remote", false, &cfg.remote, &rfd, &cfg.has_remote);
	if (ret < 0)
		return ret;
	if (rfd >= 0)
		return opts_fail(o, "key 'remote.type': fd is only for 'local.type'");
	if (!cfg.has_remote && cfg.fd < 0)
		return opts_fail(o, "key 'remote.type' is required (unless local.type=fd)");
	if (cfg.fd >= 0 && cfg.has_remote)
		return opts_fail(o, "key 'remote.type' does not go with local.type=fd");
	mcast = cfg.has_remote && addr_is_multicast(&cfg.remote);
	if (mcast && cfg.remote.u.sa.sa_family != AF_INET)
		return opts_fail(o, "key 'remote.host': only IPv4 multicast groups are supported");
	if (!mcast && cfg.has_remote && !cfg.has_local)
		return opts_fail(o, "key 'local.type' is required for a unicast remote");
	if (cfg.has_local && cfg.has_remote && !mcast &&
	    cfg.local.u.sa.sa_family != cfg.remote.u.sa.sa_family)
		return opts_fail(o, "keys 'local.type' and 'remote.type' must be the same family");
	ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	ret = dgram_open(req->id, req->hub, &cfg);
	if (ret < 0)
		return opts_fail(o, "open: %s", errstr(ret));
	return 0;
}

static void null_rx(struct port *p)
{
	(void)p;
}

static int null_tx(struct port *p)
{
	port_drop_queue(p, DROP_LINK_DOWN);
	return 0;
}

static void null_destroy(struct port *p)
{
	free(p);
}

static void null_describe(const struct port *p, char *buf, size_t len)
{
	(void)p;
	snprintf(buf, len, "(no link)");
}

static const struct port_ops hubport_ops = {
	.type = "hubport",
	.rx = null_rx,
	.tx = null_tx,
	.destroy = null_destroy,
	.describe = null_describe,
};

static void hubport_move_child(struct port *p, void *arg)
{
	struct port *listener = arg;

	hub_detach(p);
	hub_attach(listener->hub, p);
}

/**
 * netdev_hubport() - -netdev hubport,hubid=N[,netdev=NAME]
 * @req:	request
 *
 * As in QEMU, netdev= puts an existing port on hub N (a listener's future
 * and current peers too); without it, an unconnected port on hub N.
 *
 * Return: 0, or negative errno with the message in the options
 */
int netdev_hubport(struct netdev_req *req)
{
	struct opts *o = req->o;
	const char *name = opts_get(o, "netdev");
	struct port *target = NULL;
	uint64_t hubid;
	struct port *p;
	int ret;

	if (opts_get(o, "hub"))
		return opts_fail(o, "key 'hub': use 'hubid' with hubport");
	ret = opts_get_uint(o, "hubid", 0, 65535, UINT64_MAX, &hubid);
	if (ret < 0)
		return ret;
	if (hubid == UINT64_MAX)
		return opts_fail(o, "key 'hubid' is required");
	if (name && !(target = port_find(name)))
		return opts_fail(o, "key 'netdev': no port named '%s'", name);
	ret = opts_check_unused(o);
	if (ret < 0)
		return ret;
	if (target) {
		hub_detach(target);
		hub_attach(hub_get((unsigned int)hubid), target);
		port_foreach_child(target, hubport_move_child, target);
		return 0;
	}
	p = xcalloc(1, sizeof(*p));
	port_init(p, &hubport_ops, req->id);
	hub_attach(hub_get((unsigned int)hubid), p);
	return 0;
}
