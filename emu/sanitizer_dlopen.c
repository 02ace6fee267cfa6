// SPDX-License-Identifier: GPL-2.0-or-later
/* sanitizer_dlopen.c - sanitizer builds only: dlopen() without RTLD_DEEPBIND
 *
 * libvdeplug (port_vde.c) loads the plugin of each URL with
 * dlopen(RTLD_NOW | RTLD_DEEPBIND), and the ASan runtime aborts on
 * RTLD_DEEPBIND (its interceptors could be bypassed by a library that
 * binds to itself first: google/sanitizers issue 611). So that the
 * sanitizer build can test vde ports at all, guestnet-emu's executable
 * defines dlopen() itself — libvdeplug binds to it before the runtime's —
 * and hands the call on to the runtime's without that one flag. Plugins
 * then resolve their symbols in the global scope first, which for
 * vdeplug4's own plugins changes nothing (their functions are static or
 * their own). Never built into the installed program (meson.build).
 */

#include <dlfcn.h>
#include <stddef.h>

void *dlopen(const char *file, int flags);

/**
 * dlopen() - the runtime's dlopen(), without RTLD_DEEPBIND
 * @file:	shared object to load
 * @flags:	dlopen() flags; RTLD_DEEPBIND is dropped
 *
 * Return: its handle, or NULL (dlerror() says why)
 */
void *dlopen(const char *file, int flags)
{
	static void *(*next)(const char *, int);

	if (!next)
		*(void **)&next = dlsym(RTLD_NEXT, "dlopen");
	if (!next)
		return NULL;
	return next(file, flags & ~RTLD_DEEPBIND);
}
