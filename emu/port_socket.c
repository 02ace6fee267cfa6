// SPDX-License-Identifier: GPL-2.0-or-later
/* port_socket.c - -netdev socket: listen=, connect=, mcast=, udp=, fd=
 *
 * QEMU's oldest link type, read as QEMU 7.2 names its keys. It has no
 * datapath of its own: listen= and connect= make stream ports
 * (port_stream.c, the same length-prefixed framing), mcast= and udp=
 * datagram ports (port_dgram.c), fd= either, by the socket's type.
 * Every key is checked (each error names it) before anything is opened,
 * so a rejected option leaves nothing behind.
 */

#include <errno.h>
#include <sys/socket.h>

#include "log.h"
#include "netdev.h"
#include "netdev_keys.h"
#include "optstring.h"
#include "port_dgram.h"
#include "port_stream.h"
#include "sockaddr.h"

static int open_failed(struct opts *o, const char *key, const char *val, int ret)
{
	return opts_fail(o, "key '%s': '%s': %s", key, val, errstr(ret));
}

static int socket_fd(struct netdev_req *req, const char *val)
{
	int fd, type = 0, listening = 0, ret;
	socklen_t len = sizeof(type);

	ret = netdev_key_fd(req->o, "fd", val, &fd);
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

	ret = netdev_key_hostport(req->o, "mcast", group, false, &cfg.remote);
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
	ret = netdev_key_hostport(req->o, "udp", udp, false, &cfg.remote);
	if (!ret)
		ret = netdev_key_hostport(req->o, "localaddr", localaddr, true, &cfg.local);
	if (!ret)
		ret = opts_check_unused(req->o);
	if (ret < 0)
		return ret;
	ret = dgram_open(req->id, req->hub, &cfg);
	return ret < 0 ? open_failed(req->o, "udp", udp, ret) : 0;
}

/**
 * socket_create() - -netdev socket: listen=, connect=, mcast=, udp=, fd=
 * @req:	request
 *
 * Return: 0, or negative errno with the message in the options
 */
static int socket_create(struct netdev_req *req)
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
		ret = netdev_key_hostport(o, "listen", listen, true, &a);
		if (!ret && (ret = stream_listen(req->id, req->hub, &a)) < 0)
			return open_failed(o, "listen", listen, ret);
		return ret;
	}
	ret = netdev_key_hostport(o, "connect", connect, false, &a);
	if (!ret && (ret = stream_connect(req->id, req->hub, &a, 0)) < 0)
		return open_failed(o, "connect", connect, ret);
	return ret;
}

const struct netdev_type netdev_type_socket = {
	.name = "socket",
	.create = socket_create,
};
