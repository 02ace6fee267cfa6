// SPDX-License-Identifier: GPL-2.0-or-later
/* ifname.c - the one check of a network interface name, by two rules
 *
 * DOC: Theory of operation
 *
 * A name is checked whole and refused, never truncated: qemu-bridge-helper
 * once copied names into IFNAMSIZ buffers with truncation, so
 * "allowed-bridge-x" matched an ACL entry for a different (truncated)
 * name (CVE-2019-13164). Both rules take 1 to IFNAMSIZ - 1 bytes, not "."
 * or "..", and no blank, control or non-ASCII byte, '/' or ':': the
 * kernel's dev_valid_name() narrowed to printable ASCII.
 *
 * - The safe rule, ifname_check(), also refuses every byte but ASCII
 *   letters, digits, '-', '_' and '.', and a leading '-'. The kernel
 *   takes '"', '*', '\', '$' and the like; they are refused because the
 *   name is placed in nftables text (where '"' ends a string, '\'
 *   escapes and '*' is a wildcard), in log lines and in the arguments of
 *   ip(8) and scripts run as root. The bridge helper (every name it is
 *   given or reads: argument, ACL, definitions), guestnet-network and
 *   `guestnet run` (bridges of network definitions) use it.
 *
 * - The kernel rule, ifname_problem(), is guestnet-emu's for the names a
 *   user gives its own devices (tap ifname=, the netns NIC's ifname=,
 *   bridge br= and the launcher's script argument), as QEMU passes them
 *   to the kernel and to the user's scripts unchanged: a QEMU command line
 *   that works keeps working. A bridge name the safe rule refuses is
 *   then refused by guestnet-bridge-helper itself, with its reason.
 */

#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <string.h>

#include "ifname.h"

/* What can be wrong with a name; both rules' messages are indexed by it */
enum ifname_fault {
	IFNAME_FINE,
	IFNAME_EMPTY,
	IFNAME_TOO_LONG,
	IFNAME_DOTS,
	IFNAME_BAD_BYTE,	/* blank, control or non-ASCII */
	IFNAME_SEPARATOR,	/* '/' or ':' */
	IFNAME_UNSAFE,		/* safe rule: not a letter, digit, '-', '_', '.' */
	IFNAME_DASH,		/* safe rule: a leading '-' */
};

/* The safe rule's reasons, each a whole phrase */
static const char *const safe_why[] = {
	[IFNAME_EMPTY] = "empty interface name",
	[IFNAME_TOO_LONG] = "interface name too long (16 or more characters)",
	[IFNAME_DOTS] = "interface name is . or ..",
	[IFNAME_BAD_BYTE] = "interface name has whitespace, control or non-ASCII characters",
	[IFNAME_SEPARATOR] = "interface name has '/' or ':'",
	[IFNAME_UNSAFE] = "interface name has a character other than letters, digits, '-', '_' and '.'",
	[IFNAME_DASH] = "interface name starts with '-'",
};

/* The kernel rule's reasons, each following the name in a message */
static const char *const kernel_why[] = {
	[IFNAME_EMPTY] = "is empty",
	[IFNAME_TOO_LONG] = "is 16 or more characters (names are never truncated)",
	[IFNAME_DOTS] = "is not a valid interface name",
	[IFNAME_BAD_BYTE] = "has a character not allowed in interface names",
	[IFNAME_SEPARATOR] = "has a character not allowed in interface names",
};

/* Whether @c may appear in a name under the safe rule */
static bool safe_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

/* What is wrong with @name of @len bytes: the kernel rule, or @safe's */
static enum ifname_fault ifname_fault(const char *name, size_t len, bool safe)
{
	if (!len)
		return IFNAME_EMPTY;
	if (len >= IFNAMSIZ)
		return IFNAME_TOO_LONG;
	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return IFNAME_DOTS;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c <= ' ' || c >= 0x7f)
			return IFNAME_BAD_BYTE;
		if (c == '/' || c == ':')
			return IFNAME_SEPARATOR;
		if (safe && !safe_char(c))
			return IFNAME_UNSAFE;
	}
	if (safe && name[0] == '-')
		return IFNAME_DASH;
	return IFNAME_FINE;
}

/**
 * ifname_check() - check a byte string against the safe rule
 * @name:	the name, need not be NUL-terminated
 * @len:	its length in bytes
 * @why:	set to a static reason (a whole phrase) on failure, may be NULL
 *
 * Return: 0 if valid, -ENAMETOOLONG if @len >= IFNAMSIZ, -EINVAL for an
 * empty name, "." or "..", a leading '-', or a character other than
 * letters, digits, '-', '_' and '.'
 */
int ifname_check(const char *name, size_t len, const char **why)
{
	enum ifname_fault f = ifname_fault(name, len, true);

	if (f == IFNAME_FINE)
		return 0;
	if (why)
		*why = safe_why[f];
	return f == IFNAME_TOO_LONG ? -ENAMETOOLONG : -EINVAL;
}

/**
 * ifname_problem() - tell what makes a string no valid name, kernel rule
 * @name:	the name
 *
 * Return: NULL for a valid name, else what is wrong, as a phrase that
 *	   follows the name in a message ("is empty", ...)
 */
const char *ifname_problem(const char *name)
{
	enum ifname_fault f = ifname_fault(name, strlen(name), false);

	return f == IFNAME_FINE ? NULL : kernel_why[f];
}
