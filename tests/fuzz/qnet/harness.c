// SPDX-License-Identifier: GPL-2.0-or-later
/* qnet/harness.c - libFuzzer harness of `guestnet run`'s translation of
 * QEMU's own network options (run/qnet.c, run/qopts.c)
 *
 * The first byte picks the program and the parameters; the rest is
 * COMMAND's arguments, one per line. Besides not crashing or leaking,
 * a translation must be consistent: every stream QEMU is told to connect
 * to is one the emulator serves, on the same path.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qnet.h"

#define MAX_WORDS	256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CLIENT	"server=off,addr.type=unix,addr.path="
#define SERVER	"server=on,addr.type=unix,addr.path="

static bool served(const struct qnet *q, const char *path)
{
	for (size_t i = 0; i < q->emu.n; i++) {
		const char *p = strstr(q->emu.v[i], SERVER);

		if (p && !strcmp(p + strlen(SERVER), path))
			return true;
	}
	return false;
}

static bool given(char *const words[], const char *w)
{
	for (size_t i = 0; words[i]; i++)
		if (!strcmp(words[i], w))
			return true;
	return false;
}

/* Every QEMU client stream the translation made has its server in the emulator */
static void check(const struct qnet *q, char *const words[])
{
	for (size_t i = 0; i < q->qemu.n; i++) {
		const char *w = q->qemu.v[i], *p = strstr(w, CLIENT);

		if (p && !strncmp(w, "stream,id=", 10) && !given(words, w) &&
		    !served(q, p + strlen(CLIENT)))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const progs[] = { "qemu-system-x86_64", "qemu-system-aarch64" };
	char *words[MAX_WORDS + 2], *text, err[512];
	struct qnet_params p = { .dir = "/F", .helper = "/H" };
	struct qnet q;
	size_t n = 1;

	if (size < 1 || size > 8192)
		return 0;
	p.has_nat = data[0] & 1;
	p.guestnet_nics = data[0] & 2;
	words[0] = (char *)progs[(data[0] >> 2) & 1];
	text = strndup((const char *)data + 1, size - 1);
	if (!text)
		return 0;
	for (char *s = text, *nl; s && n < MAX_WORDS; s = nl ? nl + 1 : NULL) {
		nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		words[n++] = s;
	}
	words[n] = NULL;
	if (qnet_translate(&q, words, &p, err, sizeof(err)) == 0 && q.active)
		check(&q, words);
	else if (!err[0] && q.active)
		abort();	/* a failure always says why */
	qnet_free(&q);
	free(text);
	return 0;
}
