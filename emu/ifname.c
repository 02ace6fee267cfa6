// SPDX-License-Identifier: GPL-2.0-or-later
/* ifname.c - the one check of a network interface name
 *
 * Every name the emulator gives the kernel or a program (tap ifname=,
 * bridge br=, the netns NIC's ifname=, the launcher's script argument)
 * passes here: 1 to IFNAMSIZ - 1 printable ASCII bytes, no '/', ':' or
 * blank, not "." or ".." — the kernel's dev_valid_name() with a narrower
 * byte set. A name of IFNAMSIZ bytes or more is refused, never truncated
 * (the bridge helper's CVE-2019-13164).
 */

#include <net/if.h>
#include <string.h>

#include "ifname.h"

/**
 * ifname_problem() - tell what makes a string no valid interface name
 * @name:	the name
 *
 * Return: NULL for a valid name, else what is wrong, as a phrase that
 *	   follows the name in a message ("is empty", ...)
 */
const char *ifname_problem(const char *name)
{
	size_t len = strlen(name);

	if (!len)
		return "is empty";
	if (len >= IFNAMSIZ)
		return "is 16 or more characters (names are never truncated)";
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return "is not a valid interface name";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c <= ' ' || c >= 0x7f || c == '/' || c == ':')
			return "has a character not allowed in interface names";
	}
	return NULL;
}
