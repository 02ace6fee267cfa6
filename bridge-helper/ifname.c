// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ifname.c - interface name validation
 *
 * qemu-bridge-helper once copied names into IFNAMSIZ buffers with
 * truncation, so "allowed-bridge-x" matched an ACL entry for a different
 * (truncated) name (CVE-2019-13164). Here a name is checked whole and
 * refused if it is not exactly what the kernel would accept: 1 to
 * IFNAMSIZ - 1 bytes, not "." or "..", and only printable ASCII other
 * than '/' and ':' (which also keeps whitespace and control characters
 * out of ACL files and log lines).
 */
#include <errno.h>
#include <net/if.h>
#include <string.h>

#include "ifname.h"

/**
 * ifname_check() - check that a byte string is a usable interface name
 * @name:	the name, need not be NUL-terminated
 * @len:	its length in bytes
 * @why:	set to a static reason on failure, may be NULL
 *
 * Return: 0 if valid, -ENAMETOOLONG if @len >= IFNAMSIZ, -EINVAL for an
 * empty name, "." or "..", or a forbidden character
 */
int ifname_check(const char *name, size_t len, const char **why)
{
	const char *reason = NULL;
	int ret = -EINVAL;
	size_t i;

	if (len == 0) {
		reason = "empty interface name";
		goto out;
	}
	if (len >= IFNAMSIZ) {
		reason = "interface name too long (16 or more characters)";
		ret = -ENAMETOOLONG;
		goto out;
	}
	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.')) {
		reason = "interface name is . or ..";
		goto out;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c <= 0x20 || c >= 0x7f) {
			reason = "interface name has whitespace, control or non-ASCII characters";
			goto out;
		}
		if (c == '/' || c == ':') {
			reason = "interface name has '/' or ':'";
			goto out;
		}
	}
	return 0;
out:
	if (why)
		*why = reason;
	return ret;
}
