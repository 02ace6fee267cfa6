/* SPDX-License-Identifier: GPL-2.0-or-later */
/* port_user.h - user-mode NAT ports (-netdev user, libslirp) */
#ifndef GN_PORT_USER_H
#define GN_PORT_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

struct hub;
struct port;
struct user_cfg;

/**
 * struct user_hostfwd - one host forward of a user port
 * @udp:	UDP rather than TCP
 * @host_addr:	host address listened on, numeric ("" is any)
 * @host_port:	host port
 * @guest_addr:	guest address, numeric
 * @guest_port:	guest port
 */
struct user_hostfwd {
	bool udp;
	char host_addr[64];
	uint16_t host_port;
	char guest_addr[64];
	uint16_t guest_port;
};

bool port_is_user(const struct port *p);
struct port *user_port_first(void);
int user_redir_add(const char *rule, char *err, size_t errlen);
int user_port_open(const char *id, struct hub *h, struct user_cfg *c,
		   char *err, size_t errlen, struct port **out);
int user_parse_hostfwd(const char *rule, struct user_hostfwd *fw);
void user_poll_all(void);
void user_fill_all(void);
int user_hostfwd_add(struct port *p, const char *rule, char *err, size_t errlen);
int user_hostfwd_add_fw(struct port *p, const struct user_hostfwd *fw,
			char *err, size_t errlen);
int user_hostfwd_remove(struct port *p, const char *spec, char *err, size_t errlen);
int user_hostfwd_remove_addr(struct port *p, bool udp, struct in_addr ha,
			     uint16_t port, char *err, size_t errlen);
unsigned int user_hostfwd_list(struct port *p,
			       void (*fn)(const struct user_hostfwd *fw, void *arg),
			       void *arg);

#endif /* GN_PORT_USER_H */
