/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fixture.h - the emulator's state around each unit test */
#ifndef GN_TEST_FIXTURE_H
#define GN_TEST_FIXTURE_H

int fixture_setup(void **state);
int fixture_teardown(void **state);

#endif /* GN_TEST_FIXTURE_H */
