/* SPDX-License-Identifier: GPL-2.0-or-later */
/* s4n_tap.h - the slirp4netns front end's tap: joined, or handed over */
#ifndef GN_S4N_TAP_H
#define GN_S4N_TAP_H

#include <stddef.h>

struct hub;
struct s4n_options;

int s4n_tap_open(const struct s4n_options *o, struct hub *h, char *err,
		 size_t errlen);

#endif /* GN_S4N_TAP_H */
