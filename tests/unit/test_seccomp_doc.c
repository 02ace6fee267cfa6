// SPDX-License-Identifier: GPL-2.0-or-later
/* test_seccomp_doc.c - the DOC table of seccomp/emu.c names exactly the
 * system calls its allow-list lets through
 *
 * The table is the tab-indented block of the file's first comment: a
 * left column (what needs the calls) and, after the last tab of each
 * line, a right column of system call names, with notes in parentheses.
 * The allow-list comes from seccomp_emu_syscalls() with the file system
 * visible (every call the table lists), numbers resolved to names by
 * libseccomp. Every name on one side must be on the other.
 */

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <seccomp.h>

#include "seccomp/emu.h"

#define NAMES_MAX	256

/**
 * struct names - a set of system call names
 * @name:	the names, each malloc()ed
 * @n:		how many
 */
struct names {
	char *name[NAMES_MAX];
	size_t n;
};

static bool names_has(const struct names *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->name[i], name))
			return true;
	return false;
}

static void names_add(struct names *s, const char *name, size_t len)
{
	char *copy = strndup(name, len);

	assert_non_null(copy);
	if (names_has(s, copy)) {
		free(copy);
		return;
	}
	assert_true(s->n < NAMES_MAX);
	s->name[s->n++] = copy;
}

static void names_free(struct names *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->name[i]);
	s->n = 0;
}

/* The right column of every table line of the file's first comment */
static char *doc_right_column(const char *path)
{
	FILE *f = fopen(path, "r");
	size_t cap = 8192, len = 0;
	char line[256], *text = malloc(cap);

	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	assert_non_null(text);
	text[0] = '\0';
	while (fgets(line, sizeof(line), f) && !strstr(line, "*/")) {
		char *right = strrchr(line, '\t');

		if (strncmp(line, " *\t", 3) || !right)
			continue;
		right++;
		assert_true(len + strlen(right) + 2 < cap);
		len += (size_t)sprintf(text + len, " %s", right);
	}
	fclose(f);
	return text;
}

/* The names of @text: words outside parentheses, split at , and spaces */
static void doc_names(const char *text, struct names *out)
{
	int depth = 0;

	for (const char *p = text; *p;) {
		size_t n = 0;

		if (*p == '(' || *p == ')') {
			depth += *p == '(' ? 1 : -1;
			assert_true(depth >= 0 && depth <= 1);
			p++;
			continue;
		}
		while (isalnum((unsigned char)p[n]) || p[n] == '_')
			n++;
		if (!n) {
			if (!depth && !strchr(", \t\n", *p))
				fail_msg("not a system call list near '%.20s'", p);
			p++;
			continue;
		}
		if (!depth)
			names_add(out, p, n);
		p += n;
	}
	assert_int_equal(depth, 0);
}

static void allowed_names(struct names *out)
{
	int nr[NAMES_MAX];
	size_t n = seccomp_emu_syscalls(SECCOMP_EMU_FS, nr, NAMES_MAX);

	assert_true(n > 0 && n <= NAMES_MAX);
	for (size_t i = 0; i < n; i++) {
		char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr[i]);

		if (!name)
			fail_msg("system call %d has no name", nr[i]);
		names_add(out, name, strlen(name));
		free(name);
	}
}

static void test_doc_matches_array(void **state)
{
	struct names doc = { .n = 0 }, allowed = { .n = 0 };
	char *text = doc_right_column(GN_SOURCE_ROOT "/seccomp/emu.c");
	unsigned int missing = 0;

	(void)state;
	doc_names(text, &doc);
	allowed_names(&allowed);
	for (size_t i = 0; i < allowed.n; i++) {
		if (!names_has(&doc, allowed.name[i])) {
			print_error("allowed but not in the DOC table: %s\n", allowed.name[i]);
			missing++;
		}
	}
	for (size_t i = 0; i < doc.n; i++) {
		if (!names_has(&allowed, doc.name[i])) {
			print_error("in the DOC table but not allowed: %s\n", doc.name[i]);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
	assert_true(doc.n > 40);	/* the table was found at all */
	names_free(&doc);
	names_free(&allowed);
	free(text);
}

/* Without the file system: the SECCOMP_EMU_FS calls are not allowed */
static void test_fs_calls_only_with_flag(void **state)
{
	int with[NAMES_MAX], without[NAMES_MAX];
	size_t n_with = seccomp_emu_syscalls(SECCOMP_EMU_FS, with, NAMES_MAX);
	size_t n_without = seccomp_emu_syscalls(0, without, NAMES_MAX);
	int unlink_nr = seccomp_syscall_resolve_name("unlink");
	bool found = false;

	(void)state;
	assert_true(n_without < n_with);
	for (size_t i = 0; i < n_without; i++)
		assert_int_not_equal(without[i], unlink_nr);
	for (size_t i = 0; i < n_with; i++)
		found |= with[i] == unlink_nr;
	assert_true(found);
	/* a short buffer: the count, and no more written than room */
	assert_int_equal(seccomp_emu_syscalls(0, without, 1), n_without);
}

/* With SECCOMP_EMU_UNLINKAT alone: unlinkat, and none of the others */
static void test_unlinkat_flag(void **state)
{
	int nr[NAMES_MAX], base[NAMES_MAX];
	size_t n = seccomp_emu_syscalls(SECCOMP_EMU_UNLINKAT, nr, NAMES_MAX);
	size_t n_base = seccomp_emu_syscalls(0, base, NAMES_MAX);
	int unlinkat_nr = seccomp_syscall_resolve_name("unlinkat");
	int unlink_nr = seccomp_syscall_resolve_name("unlink");
	bool found = false;

	(void)state;
	assert_int_equal(n, n_base + 1);
	for (size_t i = 0; i < n; i++) {
		assert_int_not_equal(nr[i], unlink_nr);
		found |= nr[i] == unlinkat_nr;
	}
	assert_true(found);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doc_matches_array),
		cmocka_unit_test(test_fs_calls_only_with_flag),
		cmocka_unit_test(test_unlinkat_flag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
