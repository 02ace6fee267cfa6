/* SPDX-License-Identifier: GPL-2.0-or-later */
/* s4n_server.h - the API socket on the event loop */
#ifndef GN_S4N_SERVER_H
#define GN_S4N_SERVER_H

#include <stddef.h>

struct s4n_api;

/* Clients served at once; more wait in the listen backlog */
#define S4N_SERVER_CONNS	16
/* A client has this long to send its request and take the reply */
#define S4N_SERVER_DEADLINE_MS	2000

int s4n_server_open(const char *path, struct s4n_api *api, char *err,
		    size_t errlen);
void s4n_server_close(void);

#endif /* GN_S4N_SERVER_H */
