// SPDX-License-Identifier: GPL-2.0-or-later
/* test_sockaddr.c - unit tests of the unix socket addresses of
 * emu/sockaddr.c: the length of a path and of an abstract name (checked
 * against what the kernel reports for a bound socket), the longest of
 * each, and how they print
 */

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "sockaddr.h"

#define SUN_PATH_LEN	sizeof(((struct sockaddr_un *)0)->sun_path)
#define SUN_OFF		offsetof(struct sockaddr_un, sun_path)

/* Bind a socket to @a; the kernel's own length and bytes must be @a's */
static void expect_kernel_agrees(const struct gn_addr *a)
{
	struct sockaddr_un got;
	socklen_t len = sizeof(got);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	if (bind(fd, &a->u.sa, a->len) < 0)
		fail_msg("bind: %s", strerror(errno));
	assert_int_equal(getsockname(fd, (struct sockaddr *)&got, &len), 0);
	assert_int_equal(len, a->len);
	assert_memory_equal(&got, &a->u.un, len);
	close(fd);
	if (a->u.un.sun_path[0])
		unlink(a->u.un.sun_path);
}

static void test_path(void **state)
{
	char path[64];
	struct gn_addr a;
	const char *why;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/gn-test-sockaddr-%d", (int)getpid());
	unlink(path);
	assert_int_equal(addr_unix(path, false, &a, &why), 0);
	assert_int_equal(a.u.un.sun_family, AF_UNIX);
	/* the path and its NUL */
	assert_int_equal(a.len, SUN_OFF + strlen(path) + 1);
	assert_string_equal(a.u.un.sun_path, path);
	expect_kernel_agrees(&a);
}

static void test_abstract(void **state)
{
	char name[64];
	struct gn_addr a;
	const char *why;

	(void)state;
	snprintf(name, sizeof(name), "gn-test-sockaddr-%d", (int)getpid());
	assert_int_equal(addr_unix(name, true, &a, &why), 0);
	/* the leading NUL and the name, nothing after it */
	assert_int_equal(a.len, SUN_OFF + 1 + strlen(name));
	assert_int_equal(a.u.un.sun_path[0], '\0');
	assert_memory_equal(a.u.un.sun_path + 1, name, strlen(name));
	expect_kernel_agrees(&a);
}

/* 107 bytes fit either way; 108 never; nothing is truncated */
static void test_longest(void **state)
{
	char longest[SUN_PATH_LEN + 1];
	struct gn_addr a;
	const char *why = NULL;

	(void)state;
	memset(longest, 'x', sizeof(longest));
	longest[SUN_PATH_LEN - 1] = '\0';
	assert_int_equal(addr_unix(longest, true, &a, &why), 0);
	assert_int_equal(a.len, sizeof(struct sockaddr_un));
	expect_kernel_agrees(&a);
	longest[0] = '/';
	longest[1] = 't';
	longest[2] = 'm';
	longest[3] = 'p';
	longest[4] = '/';
	assert_int_equal(addr_unix(longest, false, &a, &why), 0);
	assert_int_equal(a.len, sizeof(struct sockaddr_un));
	assert_int_equal(a.u.un.sun_path[SUN_PATH_LEN - 1], '\0');
	expect_kernel_agrees(&a);

	longest[SUN_PATH_LEN - 1] = 'x';
	longest[SUN_PATH_LEN] = '\0';
	assert_int_equal(addr_unix(longest, false, &a, &why), -EINVAL);
	assert_string_equal(why, "path too long for a unix socket");
	assert_int_equal(addr_unix(longest, true, &a, &why), -EINVAL);
	assert_int_equal(addr_unix("", false, &a, &why), -EINVAL);
	assert_string_equal(why, "empty path");
	assert_int_equal(addr_unix(NULL, true, &a, &why), -EINVAL);
}

static void test_format(void **state)
{
	char name[SUN_PATH_LEN], buf[256], want[256];
	struct gn_addr a;
	const char *why;

	(void)state;
	assert_int_equal(addr_unix("/run/gn.sock", false, &a, &why), 0);
	addr_format(&a, buf, sizeof(buf));
	assert_string_equal(buf, "unix:/run/gn.sock");
	assert_int_equal(addr_unix("gn", true, &a, &why), 0);
	addr_format(&a, buf, sizeof(buf));
	assert_string_equal(buf, "unix:@gn");

	/* an abstract name of 107 bytes has no NUL after it */
	memset(name, 'y', sizeof(name));
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(addr_unix(name, true, &a, &why), 0);
	memset((char *)&a.u + sizeof(a.u.un), 'z', sizeof(a.u) - sizeof(a.u.un));
	addr_format(&a, buf, sizeof(buf));
	snprintf(want, sizeof(want), "unix:@%s", name);
	assert_string_equal(buf, want);

	a.len = SUN_OFF;
	addr_format(&a, buf, sizeof(buf));
	assert_string_equal(buf, "unix:(unnamed)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_abstract),
		cmocka_unit_test(test_longest),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
