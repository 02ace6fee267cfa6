// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_args.c - libFuzzer harness: the helper's argv parser
 *
 * The input is split at NUL bytes into argv[1..].
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *argv[34];
	struct helper_args a;
	const char *why = NULL;
	size_t i, start = 0;
	int argc = 1;

	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "helper";
	for (i = 0; i <= size && argc < 33; i++) {
		if (buf[i] == '\0') {
			argv[argc++] = buf + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	if (args_parse(argc, argv, &a, &why) == ARGS_RUN && strlen(a.bridge) >= 16)
		abort();
	free(buf);
	return 0;
}
