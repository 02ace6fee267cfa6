// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * state.c - what `guestnet-network up` made, recorded for `down`
 *
 * RUNDIR/NAME.state holds one "key=1" line per thing up created or
 * changed; it is rewritten (atomically, by rename) after each step, so
 * even an interrupted up can be undone by down, and down removes only
 * what is listed: a bridge, address or uplink that existed before is
 * left as it was.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "state.h"
#include "util.h"

struct field {
	const char *key;
	size_t off;
};

#define F(k, m) { k, offsetof(struct netstate, m) }
static const struct field fields[] = {
	F("bridge-created", bridge_created), F("address-added", addr_added),
	F("ipv6-address-added", addr6_added),
	F("uplink-enslaved", uplink_enslaved),
	F("ip-forward-set", forward_set), F("ipv6-forward-set", forward6_set),
	F("rules-loaded", rules), F("dnsmasq-started", dnsmasq),
};
#undef F

static int path_of(char *buf, size_t len, const char *rundir,
		   const char *name, const char *suffix)
{
	if ((size_t)snprintf(buf, len, "%s/%s.state%s", rundir, name, suffix) >=
	    len)
		return -ENAMETOOLONG;
	return 0;
}

/**
 * state_read() - read NAME's state file
 * @rundir:	run directory
 * @name:	network name
 * @st:		filled (all false for unknown keys)
 *
 * Return: 0, -ENOENT if the network is not up, or another negative errno
 */
int state_read(const char *rundir, const char *name, struct netstate *st)
{
	char path[4096], line[128];
	size_t i;
	FILE *f;
	int ret;

	memset(st, 0, sizeof(*st));
	ret = path_of(path, sizeof(path), rundir, name, "");
	if (ret)
		return ret;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "=\n")] = '\0';
		for (i = 0; i < ARRAY_SIZE(fields); i++)
			if (!strcmp(line, fields[i].key))
				*(bool *)((char *)st + fields[i].off) = true;
	}
	fclose(f);
	return 0;
}

/**
 * state_write() - record @st as NAME's state (atomically)
 * @rundir:	run directory (must exist)
 * @name:	network name
 * @st:		what is up
 *
 * Return: 0 or a negative errno
 */
int state_write(const char *rundir, const char *name,
		const struct netstate *st)
{
	char path[4096], tmp[4096];
	size_t i;
	FILE *f;
	int ret;

	ret = path_of(path, sizeof(path), rundir, name, "");
	if (!ret)
		ret = path_of(tmp, sizeof(tmp), rundir, name, ".tmp");
	if (ret)
		return ret;
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fprintf(f, "# guestnet-network: what `up %s` made\n", name);
	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if (*(const bool *)((const char *)st + fields[i].off))
			fprintf(f, "%s=1\n", fields[i].key);
	ret = (fflush(f) || ferror(f)) ? -EIO : 0;
	if (fclose(f) && !ret)
		ret = -EIO;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

/**
 * state_remove() - forget NAME's state
 * @rundir:	run directory
 * @name:	network name
 *
 * Return: 0 (also if there was none) or a negative errno
 */
int state_remove(const char *rundir, const char *name)
{
	char path[4096];
	int ret = path_of(path, sizeof(path), rundir, name, "");

	if (ret)
		return ret;
	if (unlink(path) && errno != ENOENT)
		return -errno;
	return 0;
}
