// SPDX-License-Identifier: GPL-2.0-or-later
/* fixture.c - the emulator's state around each unit test
 *
 * cmocka set-up and tear-down of the tests that make ports and hubs: an
 * event loop before, and after it every control connection, port and
 * hub gone, the loop closed, and no chunk left in use (a leak of a frame
 * is a failure of the test that made it).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "chunk.h"
#include "control.h"
#include "fixture.h"
#include "hub.h"
#include "loop.h"
#include "port.h"

/**
 * fixture_setup() - an event loop for the test
 * @state:	cmocka's (unused)
 *
 * Return: 0, or loop_init()'s negative errno
 */
int fixture_setup(void **state)
{
	(void)state;
	return loop_init();
}

/**
 * fixture_teardown() - close all the test made, check no chunk is left
 * @state:	cmocka's (unused)
 *
 * Return: 0 (a chunk left in use fails the test)
 */
int fixture_teardown(void **state)
{
	(void)state;
	control_close();
	port_close_all();
	hub_free_all();
	loop_fini();
	assert_int_equal(chunk_pool_in_use(), 0);
	return 0;
}
