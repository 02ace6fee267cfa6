// SPDX-License-Identifier: GPL-2.0-or-later
/* port_user_fwd.c - host forwards of user-mode NAT ports
 *
 * hostfwd= at start-up, and hostfwd-add / hostfwd-remove / the list of a
 * port's forwards at run time (control socket): libslirp listens on the
 * host address and port and connects each client to the guest address
 * and port. We keep each forward as given, for the list; libslirp cannot
 * say which it has. Old QEMU's -redir (common/redir.c) is a hostfwd of
 * the first user port. Front ends with their own protocol (slirp4netns/'s
 * API socket) use the structure-level calls, user_hostfwd_add_fw() and
 * user_hostfwd_remove_addr().
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <slirp/libslirp.h>

#include "../common/redir.h"
#include "log.h"
#include "port.h"
#include "port_user.h"
#include "port_user_config.h"
#include "port_user_internal.h"

/**
 * user_fwd_apply() - add a host forward to a port's NAT stack
 * @u:		the port
 * @fw:		the forward, parsed
 * @err:	message on failure
 * @errlen:	its size
 *
 * Return: 0, -ENOSPC past USER_MAX_FWD, or the error of the listening
 *	   socket libslirp could not make (-EADDRINUSE if it did not say)
 */
int user_fwd_apply(struct user_port *u, const struct user_hostfwd *fw,
		   char *err, size_t errlen)
{
	struct in_addr ha = { INADDR_ANY }, ga = { INADDR_ANY };

	if (u->nfwd >= USER_MAX_FWD) {
		snprintf(err, errlen, "too many host forwards (%d)", USER_MAX_FWD);
		return -ENOSPC;
	}
	if (fw->host_addr[0])
		inet_aton(fw->host_addr, &ha);
	if (fw->guest_addr[0])
		inet_aton(fw->guest_addr, &ga);
	errno = 0;
	if (slirp_add_hostfwd(u->slirp, fw->udp, ha, fw->host_port, ga,
			      fw->guest_port) < 0) {
		int e = errno ? errno : EADDRINUSE;

		snprintf(err, errlen, "%s port %u on %s: %s", fw->udp ? "udp" : "tcp",
			 fw->host_port, fw->host_addr[0] ? fw->host_addr : "any address",
			 errstr(e));
		return -e;
	}
	u->fwd[u->nfwd++] = *fw;
	return 0;
}

/* A user port, or -EINVAL with @err set */
static struct user_port *user_port_of(struct port *p, char *err, size_t errlen)
{
	if (port_is_user(p))
		return user_of(p);
	snprintf(err, errlen, "port '%s' is not a user port", p->id);
	return NULL;
}

/**
 * user_hostfwd_add() - add a host forward at run time
 * @p:		a user port
 * @rule:	QEMU's hostfwd syntax
 * @err:	message on failure
 * @errlen:	its size
 *
 * Return: 0, or negative errno with @err set
 */
int user_hostfwd_add(struct port *p, const char *rule, char *err, size_t errlen)
{
	struct user_hostfwd fw;

	if (!user_port_of(p, err, errlen))
		return -EINVAL;
	if (user_parse_hostfwd(rule, &fw) < 0) {
		snprintf(err, errlen, "'%s' is not [tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport",
			 rule);
		return -EINVAL;
	}
	return user_hostfwd_add_fw(p, &fw, err, errlen);
}

/**
 * user_hostfwd_add_fw() - add a host forward given as a structure
 * @p:		a user port
 * @fw:		the forward (numeric addresses, "" for any host address or
 *		the guest libslirp picks)
 * @err:	message on failure
 * @errlen:	its size
 *
 * Return: 0, -EINVAL if @p is no user port, or user_fwd_apply()'s error
 *	   (-EADDRINUSE and the like: libslirp could not listen) with @err set
 */
int user_hostfwd_add_fw(struct port *p, const struct user_hostfwd *fw,
			char *err, size_t errlen)
{
	struct user_port *u = user_port_of(p, err, errlen);

	return u ? user_fwd_apply(u, fw, err, errlen) : -EINVAL;
}

/**
 * user_hostfwd_remove() - remove a host forward
 * @p:		a user port
 * @spec:	"[tcp|udp]:[hostaddr]:hostport", as QEMU's hostfwd_remove
 * @err:	message on failure
 * @errlen:	its size
 *
 * Return: 0, or negative errno with @err set
 */
int user_hostfwd_remove(struct port *p, const char *spec, char *err, size_t errlen)
{
	struct in_addr ha;
	uint16_t port;
	bool udp = false;

	if (!user_port_of(p, err, errlen))
		return -EINVAL;
	if (user_parse_fwd_addr(spec, strlen(spec), &udp, &ha, &port, true) < 0) {
		snprintf(err, errlen, "'%s' is not [tcp|udp]:[hostaddr]:hostport", spec);
		return -EINVAL;
	}
	return user_hostfwd_remove_addr(p, udp, ha, port, err, errlen);
}

/**
 * user_hostfwd_remove_addr() - remove the host forward of an address
 * @p:		a user port
 * @udp:	a UDP forward rather than TCP
 * @ha:		host address it listens on (INADDR_ANY for any)
 * @port:	host port
 * @err:	message on failure
 * @errlen:	its size
 *
 * Return: 0, -EINVAL if @p is no user port, -ENOENT if there is no such
 *	   forward, with @err set
 */
int user_hostfwd_remove_addr(struct port *p, bool udp, struct in_addr ha,
			     uint16_t port, char *err, size_t errlen)
{
	struct user_port *u = user_port_of(p, err, errlen);

	if (!u)
		return -EINVAL;
	if (slirp_remove_hostfwd(u->slirp, udp, ha, port) < 0) {
		snprintf(err, errlen, "no %s forward of port %u on %s", udp ? "udp" : "tcp",
			 port, ha.s_addr ? inet_ntoa(ha) : "any address");
		return -ENOENT;
	}
	for (unsigned int i = 0; i < u->nfwd; i++) {
		struct in_addr fa = { INADDR_ANY };

		if (u->fwd[i].host_addr[0])
			inet_aton(u->fwd[i].host_addr, &fa);
		if (u->fwd[i].udp == udp && u->fwd[i].host_port == port &&
		    fa.s_addr == ha.s_addr) {
			u->fwd[i] = u->fwd[--u->nfwd];
			break;
		}
	}
	return 0;
}

/**
 * user_hostfwd_list() - report every host forward of a user port
 * @p:		a user port
 * @fn:		called for each
 * @arg:	its argument
 *
 * Return: number of forwards (0 if @p is not a user port)
 */
unsigned int user_hostfwd_list(struct port *p,
			       void (*fn)(const struct user_hostfwd *fw, void *arg),
			       void *arg)
{
	struct user_port *u;

	if (!port_is_user(p))
		return 0;
	u = user_of(p);
	for (unsigned int i = 0; i < u->nfwd; i++)
		fn(&u->fwd[i], arg);
	return u->nfwd;
}

/**
 * user_redir_add() - -redir: a host forward of the first user port
 * @rule:	[tcp|udp]:HOSTPORT:[GUESTADDR]:GUESTPORT
 * @err:	message on failure
 * @errlen:	its size
 *
 * As old QEMU's net_slirp_redir(): into the first user-mode stack made
 * (command-line order), on every host address.
 *
 * Return: 0, or negative errno with @err set
 */
int user_redir_add(const char *rule, char *err, size_t errlen)
{
	struct port *p = user_port_first();
	char fwd[REDIR_HOSTFWD_MAX];
	struct redir r;

	if (redir_parse(rule, &r) < 0 || redir_hostfwd(&r, fwd, sizeof(fwd)) < 0) {
		snprintf(err, errlen, "expected " REDIR_SYNTAX);
		return -EINVAL;
	}
	if (!p) {
		snprintf(err, errlen, "no user-mode network to forward into "
			 "(no -netdev user, -net user or -nic user)");
		return -ENOENT;
	}
	return user_hostfwd_add(p, fwd, err, errlen);
}
