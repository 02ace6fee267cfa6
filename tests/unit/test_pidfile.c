// SPDX-License-Identifier: GPL-2.0-or-later
/* test_pidfile.c - unit tests of the pid file (emu/daemon.c): written
 * and locked for the life of the process, refused to a second process
 * without touching the file, a stale one taken over, removed at the end
 */

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "daemon.h"

static char path[64];

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof(path), "/tmp/gn-test-pidfile-%d", (int)getpid());
	unlink(path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	daemon_pidfile_remove();
	unlink(path);
	return 0;
}

/*
 * The file must read @want. Read in a child process: a POSIX lock is
 * dropped when its process closes any descriptor of the file.
 */
static void expect_content(const char *want)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		char buf[64] = "";
		FILE *f = fopen(path, "r");

		if (!f || fread(buf, 1, sizeof(buf) - 1, f) == 0)
			_exit(2);
		if (strcmp(buf, want)) {
			fprintf(stderr, "pid file reads '%s', want '%s'\n", buf, want);
			_exit(1);
		}
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void expect_own_pid(void)
{
	char want[32];

	snprintf(want, sizeof(want), "%d\n", (int)getpid());
	expect_content(want);
}

/*
 * In a child process (locks are per process): daemon_pidfile() must give
 * @want_ret, and its message must contain @want_err. Exit status 0 if so.
 */
static int child_try(int want_ret, const char *want_err)
{
	char err[128] = "";
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		int ret = daemon_pidfile(path, err, sizeof(err));

		if (ret != want_ret)
			fprintf(stderr, "child: got %d (%s), want %d\n", ret, err, want_ret);
		else if (want_err && !strstr(err, want_err))
			fprintf(stderr, "child: got '%s', want '%s'\n", err, want_err);
		else
			_exit(0);
		_exit(1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_locked_for_life(void **state)
{
	char err[128], holder[64];

	(void)state;
	assert_int_equal(daemon_pidfile(path, err, sizeof(err)), 0);
	expect_own_pid();
	/* a second process is refused, naming us, and the file stays ours */
	snprintf(holder, sizeof(holder), "locked by another process (pid %d)", (int)getpid());
	assert_int_equal(child_try(-EAGAIN, holder), 0);
	expect_own_pid();
	/* removed at the end, lock released: the next one may have it */
	daemon_pidfile_remove();
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(child_try(0, NULL), 0);
}

/* A file left by a process that died (no lock) is taken over, rewritten */
static void test_stale_taken_over(void **state)
{
	char err[128];
	FILE *f = fopen(path, "w");

	(void)state;
	assert_non_null(f);
	fputs("4194303 left over by a dead emulator\n", f);
	fclose(f);
	assert_int_equal(daemon_pidfile(path, err, sizeof(err)), 0);
	expect_own_pid();
}

static void test_unwritable(void **state)
{
	char err[128] = "";

	(void)state;
	assert_int_equal(daemon_pidfile("/nonexistent-dir/gn.pid", err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_locked_for_life, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_taken_over, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwritable, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
