// SPDX-License-Identifier: GPL-2.0-or-later
/* netconf.c - read a guestnet network definition (DIR/NAME.conf)
 *
 * The format is the network definitions' (network/, policy/networks.d/):
 * one `key = value` per line, '#' starts a comment (at the start of a line
 * or after a blank), blank lines are ignored. guestnet run needs only
 * `bridge` (required) and checks `mode` if present; other keys belong to
 * guestnet-network and are skipped. The bridge name is what the helper
 * gets; the helper's ACL, not this file, decides whether the user may
 * have a tap on it.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ifname.h"
#include "log.h"
#include "netconf.h"
#include "spec.h"

#define NETCONF_MAX	65536

static const char *const modes[] = {
	"nat-network", "bridged", "internal", "host-only", NULL,
};

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Trim [*s, *e) of blanks and a trailing comment */
static void trim(const char **s, const char **e)
{
	for (const char *p = *s; p < *e; p++) {
		if (*p == '#' && (p == *s || blank(p[-1]))) {
			*e = p;
			break;
		}
	}
	while (*s < *e && blank(**s))
		(*s)++;
	while (*e > *s && blank((*e)[-1]))
		(*e)--;
}

/* Store one key's value; -EINVAL with err set */
static int set_key(struct netconf *nc, const char *key, size_t klen,
		   const char *val, size_t vlen, unsigned int line,
		   char *err, size_t errlen)
{
	bool bridge = klen == 6 && !memcmp(key, "bridge", 6);
	bool mode = klen == 4 && !memcmp(key, "mode", 4);
	char v[64];
	int ret;

	if (!bridge && !mode)
		return 0;	/* guestnet-network's business */
	if (vlen >= sizeof(v)) {
		snprintf(err, errlen, "line %u: %s: value too long", line, bridge ? "bridge" : "mode");
		return -EINVAL;
	}
	memcpy(v, val, vlen);
	v[vlen] = '\0';
	if (bridge) {
		ret = ifname_check(v, vlen, NULL);
		if (ret < 0) {
			snprintf(err, errlen, "line %u: bridge '%s': %s", line, v,
				 ret == -ENAMETOOLONG ? "16 or more characters" :
				 "not a valid interface name");
			return -EINVAL;
		}
		strcpy(nc->bridge, v);
	} else {
		for (int i = 0; modes[i]; i++) {
			if (!strcmp(v, modes[i])) {
				strcpy(nc->mode, v);
				return 0;
			}
		}
		snprintf(err, errlen, "line %u: mode '%s': expected nat-network, bridged, internal or host-only",
			 line, v);
		return -EINVAL;
	}
	return 0;
}

/* Parse one line [s, e) */
static int parse_line(struct netconf *nc, const char *s, const char *e,
		      unsigned int line, char *err, size_t errlen)
{
	const char *eq, *ke, *vs;

	trim(&s, &e);
	if (s == e)
		return 0;
	eq = memchr(s, '=', (size_t)(e - s));
	if (!eq) {
		snprintf(err, errlen, "line %u: expected key = value", line);
		return -EINVAL;
	}
	ke = eq;
	vs = eq + 1;
	trim(&s, &ke);
	trim(&vs, &e);
	if (s == ke) {
		snprintf(err, errlen, "line %u: empty key", line);
		return -EINVAL;
	}
	return set_key(nc, s, (size_t)(ke - s), vs, (size_t)(e - vs), line,
		       err, errlen);
}

/**
 * netconf_parse() - parse a network definition in memory
 * @buf:	contents (need not be NUL-terminated)
 * @len:	length
 * @nc:		result (zeroed first)
 * @err:	message buffer ("line N: ...")
 * @errlen:	its size
 *
 * Return: 0, or -EINVAL with a message in @err (also if `bridge` is
 *	   missing or a NUL byte is present)
 */
int netconf_parse(const char *buf, size_t len, struct netconf *nc,
		  char *err, size_t errlen)
{
	const char *p = buf, *end = buf + len;
	unsigned int line = 0;

	memset(nc, 0, sizeof(*nc));
	if (memchr(buf, '\0', len)) {
		snprintf(err, errlen, "NUL byte in the file");
		return -EINVAL;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		if (parse_line(nc, p, e, ++line, err, errlen) < 0)
			return -EINVAL;
		p = nl ? nl + 1 : end;
	}
	if (!nc->bridge[0]) {
		snprintf(err, errlen, "no 'bridge = NAME' line");
		return -EINVAL;
	}
	return 0;
}

/**
 * netconf_load() - read DIR/NAME.conf
 * @dir:	the networks directory (fixed at build time)
 * @name:	the network's name (already checked by spec_name_check())
 * @nc:		result
 * @err:	message buffer: names the file
 * @errlen:	its size
 *
 * Return: 0, -ENOENT if there is no such network, or another negative
 *	   errno; @err says why
 */
int netconf_load(const char *dir, const char *name, struct netconf *nc,
		 char *err, size_t errlen)
{
	char path[4096], buf[NETCONF_MAX + 1], msg[200];
	ssize_t n, len = 0;
	int fd, ret = -EIO;

	if (snprintf(path, sizeof(path), "%s/%s.conf", dir, name) >= (int)sizeof(path)) {
		snprintf(err, errlen, "%s/%s.conf: path too long", dir, name);
		return -ENAMETOOLONG;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		ret = -errno;
		if (ret == -ENOENT)
			snprintf(err, errlen, "no network '%s' (%s: no such file)", name, path);
		else
			snprintf(err, errlen, "%s: %s", path, errstr(ret));
		return ret;
	}
	while ((n = read(fd, buf + len, sizeof(buf) - (size_t)len)) > 0)
		len += n;
	if (n < 0) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, errstr(ret));
		goto out;
	}
	if (len > NETCONF_MAX) {
		snprintf(err, errlen, "%s: larger than %d bytes", path, NETCONF_MAX);
		ret = -EFBIG;
		goto out;
	}
	ret = netconf_parse(buf, (size_t)len, nc, msg, sizeof(msg));
	if (ret < 0)
		snprintf(err, errlen, "%s: %s", path, msg);
out:
	close(fd);
	return ret;
}
