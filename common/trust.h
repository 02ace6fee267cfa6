/* SPDX-License-Identifier: GPL-2.0-or-later
 * trust.h - open configuration files only on a path root alone controls
 */
#ifndef GN_TRUST_H
#define GN_TRUST_H

#include <stddef.h>
#include <sys/stat.h>

enum trust_type {
	TRUST_FILE,	/* a regular file */
	TRUST_DIR,	/* a directory */
	TRUST_ANY,	/* either */
};

int trust_open(const char *path, enum trust_type type, struct stat *st,
	       char *msg, size_t msglen);

#endif /* GN_TRUST_H */
