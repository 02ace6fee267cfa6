// SPDX-License-Identifier: GPL-2.0-or-later
/* qemuopt.c - one element of a QEMU option string ("type,key=value,...")
 *
 * QemuOpts separates elements by commas and writes a literal comma inside
 * one as ",,". guestnet-emu's option strings (emu/optstring.c) and
 * `guestnet run`'s reading of QEMU's own network options (run/qopts.c)
 * split them here, each with its own rules for what an element means.
 * Pure.
 */

#include "qemuopt.h"

/**
 * qemuopt_element() - copy one element up to an unescaped comma
 * @s:		the string, at the element's start
 * @out:	where the element goes, ",," turned into ","; room for
 *		strlen(@s) + 1 bytes
 *
 * Return: bytes of @s the element took (@s[return] is ',' or the end)
 */
size_t qemuopt_element(const char *s, char *out)
{
	size_t i = 0, o = 0;

	for (;;) {
		if (s[i] == ',' && s[i + 1] == ',') {
			out[o++] = ',';
			i += 2;
		} else if (s[i] == ',' || !s[i]) {
			break;
		} else {
			out[o++] = s[i++];
		}
	}
	out[o] = '\0';
	return i;
}
