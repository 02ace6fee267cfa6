/* SPDX-License-Identifier: GPL-2.0-or-later */
/* silentconn.h - a connection that should stay silent until it ends */
#ifndef GN_SILENTCONN_H
#define GN_SILENTCONN_H

#include <stdbool.h>

bool silentconn_ended(int fd);

#endif /* GN_SILENTCONN_H */
