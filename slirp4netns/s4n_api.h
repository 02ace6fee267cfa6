/* SPDX-License-Identifier: GPL-2.0-or-later */
/* s4n_api.h - slirp4netns' API socket protocol: requests in, replies out */
#ifndef GN_S4N_API_H
#define GN_S4N_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

/* A request is at most 4095 bytes: slirp4netns refuses a 4096-byte read */
#define S4N_API_REQUEST_MAX	4096

/**
 * struct s4n_nat_ops - what the API needs from the NAT
 * @add_hostfwd:	listen on @host:@host_port (TCP, or UDP if @udp) and
 *			forward to @guest:@guest_port; 0 or a negative errno
 * @remove_hostfwd:	stop the forward of @host:@host_port; 0 or a
 *			negative errno
 *
 * Each gets the @opaque given to s4n_api_init().
 */
struct s4n_nat_ops {
	int (*add_hostfwd)(void *opaque, bool udp, struct in_addr host,
			   uint16_t host_port, struct in_addr guest,
			   uint16_t guest_port);
	int (*remove_hostfwd)(void *opaque, bool udp, struct in_addr host,
			      uint16_t host_port);
};

/**
 * struct s4n_hostfwd - one forward added through the API
 * @id:		its id (from 1, never reused)
 * @udp:	UDP rather than TCP
 * @host:	host address
 * @host_port:	host port
 * @guest:	guest address
 * @guest_port:	guest port
 */
struct s4n_hostfwd {
	int id;
	bool udp;
	struct in_addr host;
	uint16_t host_port;
	struct in_addr guest;
	uint16_t guest_port;
};

/**
 * struct s4n_api - state of the API: the forwards it made
 * @ops:		the NAT
 * @opaque:		passed to @ops
 * @default_guest:	guest address for an empty guest_addr (net + 100)
 * @fwd:		forwards, in the order they were added
 * @n:			number of forwards
 * @cap:		room in @fwd
 * @next_id:		id of the next forward
 */
struct s4n_api {
	const struct s4n_nat_ops *ops;
	void *opaque;
	struct in_addr default_guest;
	struct s4n_hostfwd *fwd;
	size_t n;
	size_t cap;
	int next_id;
};

/**
 * enum s4n_api_framing - whether the bytes read so far are a request
 * @S4N_API_NEED_MORE:	an unfinished JSON text: wait for more or for EOF
 * @S4N_API_COMPLETE:	answer now (a complete value, EOF, a syntax error
 *			that more bytes cannot mend, or too large)
 */
enum s4n_api_framing {
	S4N_API_NEED_MORE,
	S4N_API_COMPLETE,
};

void s4n_api_init(struct s4n_api *api, const struct s4n_nat_ops *ops,
		  void *opaque, struct in_addr default_guest);
void s4n_api_fini(struct s4n_api *api);
enum s4n_api_framing s4n_api_framing(const char *buf, size_t len, bool eof);
char *s4n_api_handle(struct s4n_api *api, const char *req, size_t len);

#endif /* GN_S4N_API_H */
