// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ifname.c - interface name validation
 *
 * qemu-bridge-helper once copied names into IFNAMSIZ buffers with
 * truncation, so "allowed-bridge-x" matched an ACL entry for a different
 * (truncated) name (CVE-2019-13164). Here a name is checked whole and
 * refused unless it is in a safe subset of what the kernel accepts: 1 to
 * IFNAMSIZ - 1 bytes of ASCII letters, digits, '-', '_' and '.', not "."
 * or "..", not starting with '-'. The kernel also takes '"', '*', '\',
 * '$' and the like; those are refused because the name is placed in
 * nftables text (where '"' ends a string, '\' escapes and '*' is a
 * wildcard), in log lines and in the arguments of ip(8) and scripts.
 */
#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <string.h>

#include "ifname.h"

/**
 * ifname_char_ok() - whether @c may appear in an interface name here
 * @c:	the byte
 *
 * Return: true for ASCII letters, digits, '-', '_' and '.'
 */
bool ifname_char_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

/**
 * ifname_check() - check that a byte string is a usable interface name
 * @name:	the name, need not be NUL-terminated
 * @len:	its length in bytes
 * @why:	set to a static reason on failure, may be NULL
 *
 * Return: 0 if valid, -ENAMETOOLONG if @len >= IFNAMSIZ, -EINVAL for an
 * empty name, "." or "..", a leading '-', or a character other than
 * letters, digits, '-', '_' and '.'
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
		if (!ifname_char_ok(c)) {
			reason = "interface name has a character other than letters, digits, '-', '_' and '.'";
			goto out;
		}
	}
	if (name[0] == '-') {
		reason = "interface name starts with '-'";
		goto out;
	}
	return 0;
out:
	if (why)
		*why = reason;
	return ret;
}
