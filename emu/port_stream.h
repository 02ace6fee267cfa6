/* SPDX-License-Identifier: GPL-2.0-or-later */
/* port_stream.h - stream links: TCP and unix stream sockets */
#ifndef GN_PORT_STREAM_H
#define GN_PORT_STREAM_H

struct gn_addr;
struct hub;

/* Peers one listener keeps at once; more are accepted and closed */
#define STREAM_MAX_PEERS	1024U

int stream_listen(const char *id, struct hub *h, const struct gn_addr *a);
int stream_connect(const char *id, struct hub *h, const struct gn_addr *a,
		   unsigned int reconnect_s);
int stream_from_fd(const char *id, struct hub *h, int fd);
int stream_listen_fd(const char *id, struct hub *h, int fd);

#endif /* GN_PORT_STREAM_H */
