/* SPDX-License-Identifier: GPL-2.0-or-later */
/* netdev.h - create and remove ports from -netdev / -net option strings */
#ifndef GN_NETDEV_H
#define GN_NETDEV_H

#include <stdbool.h>
#include <stddef.h>

struct hub;
struct opts;

/**
 * struct netdev_req - one port to create, as the type handlers see it
 * @o:		the parsed options; handlers consume their keys
 * @id:		port name
 * @hub:	hub the port joins
 */
struct netdev_req {
	struct opts *o;
	const char *id;
	struct hub *hub;
};

/**
 * enum netdev_need - what a port needs of the emulator after start-up
 * @NEED_EXEC_OPEN:	runs a program to open (bridge helper, script=,
 *			a namespace child)
 * @NEED_EXEC_CLOSE:	runs a program when it closes (downscript=)
 * @NEED_EXEC_RUN:	a library forks and executes while the port runs
 *			(libslirp's guestfwd cmd:)
 * @NEED_FS:		files after start-up (unix socket paths removed at
 *			close or reconnected to, /etc/resolv.conf)
 * @NEED_DLOPEN:	loads shared objects to open (plugins)
 * @NEED_NSS:		looks user or group names up to open (NSS, which may
 *			load modules and read files)
 * @NEED__COUNT:	number of needs
 *
 * The sandbox (sandbox.c) combines the needs of the start-up ports to
 * decide what it must leave, and refuses a run-time port whose needs it
 * no longer serves.
 */
enum netdev_need {
	NEED_EXEC_OPEN,
	NEED_EXEC_CLOSE,
	NEED_EXEC_RUN,
	NEED_FS,
	NEED_DLOPEN,
	NEED_NSS,
	NEED__COUNT
};

/**
 * struct netdev_needs - the needs of one port, each with its first source
 * @mask:	bit (1 << need) for each need
 * @by:		per need: @key that asks for it (NULL: the type itself), its
 *		@value, and @what, for messages: the program or plugin ("the
 *		bridge helper"), the reason the file system stays visible, or
 *		what forks and executes; the strings are the options' own
 *		or static, valid as long as the options are
 */
struct netdev_needs {
	unsigned int mask;
	struct netdev_need_src {
		const char *key;
		const char *value;
		const char *what;
	} by[NEED__COUNT];
};

/**
 * struct netdev_type - a -netdev TYPE, defined in its port_<type>.c
 * @name:	TYPE as on the command line
 * @create:	consume the type's keys, check them, open the port; on error
 *		return negative errno with the message in @req->o->err
 * @always:	what every port of the type needs after start-up: bits
 *		(1 << need), or 0
 * @always_what: for messages about @always (see struct netdev_needs)
 * @needs:	declare what else a port of these options needs after
 *		start-up (netdev_need()), looking at the keys without
 *		consuming them; NULL if that depends on no key
 */
struct netdev_type {
	const char *name;
	int (*create)(struct netdev_req *req);
	unsigned int always;
	const char *always_what;
	void (*needs)(const struct opts *o, struct netdev_needs *n);
};

extern const struct netdev_type netdev_type_bridge;
extern const struct netdev_type netdev_type_dgram;
extern const struct netdev_type netdev_type_hubport;
extern const struct netdev_type netdev_type_netns;
extern const struct netdev_type netdev_type_socket;
extern const struct netdev_type netdev_type_stream;
extern const struct netdev_type netdev_type_tap;
extern const struct netdev_type netdev_type_user;
extern const struct netdev_type netdev_type_vde;
extern const struct netdev_type netdev_type_vdeswitch;

int netdev_add(struct opts *o, bool legacy);
int netdev_add_nic(struct opts *o);
void netdev_note_hubs(const struct opts *o);
int netdev_del(const char *id);
int netdev_needs(const struct opts *o, struct netdev_needs *n);
void netdev_need(struct netdev_needs *n, enum netdev_need need,
		 const char *key, const char *value, const char *what);

#endif /* GN_NETDEV_H */
