// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nft.c - run nftables commands through libnftables
 *
 * The only file that calls libnftables, shared by the helper (which
 * re-applies a network's rules before each tap) and guestnet-network.
 * Commands are text (network/rules.c) run as one transaction with
 * nft_run_cmd_from_buffer(); no nft bytecode is written here. Output and
 * errors are captured in libnftables' buffers, never printed, and the
 * first line of an error is copied out for the caller's one-line message.
 * nft_run() is one command in its own context; nft_open(), nft_cmd() and
 * nft_close() run several in one (the helper lists, applies and maybe
 * restores with one context). Output that does not fit the caller's
 * buffer is an error, never silently cut.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <nftables/libnftables.h>

#include "nft.h"

/*
 * Copy @s to @out of @len bytes; with @one_line, stop at the first
 * newline. Returns -ENOSPC if (the first line of) @s did not fit.
 */
static int copy_out(char *out, size_t len, const char *s, int one_line)
{
	int ret = 0;
	size_t n;

	if (!out || !len)
		return 0;
	s = s ? s : "";
	n = one_line ? strcspn(s, "\n") : strlen(s);
	if (n >= len) {
		n = len - 1;
		ret = -ENOSPC;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	return ret;
}

/**
 * nft_open() - a libnftables context whose output and errors are captured
 *
 * Return: the context, or NULL (out of memory)
 */
struct nft_ctx *nft_open(void)
{
	struct nft_ctx *ctx = nft_ctx_new(NFT_CTX_DEFAULT);

	if (ctx && (nft_ctx_buffer_output(ctx) || nft_ctx_buffer_error(ctx))) {
		nft_ctx_free(ctx);
		ctx = NULL;
	}
	return ctx;
}

/**
 * nft_cmd() - run nft commands as one transaction in @ctx
 * @ctx:	from nft_open()
 * @cmds:	the commands, nft syntax, newline-separated
 * @out:	if not NULL, receives the commands' output (e.g. a listing)
 * @outlen:	size of @out
 * @err:	if not NULL, receives the first line of nft's error message
 * @errlen:	size of @err
 *
 * Return: 0, -EIO if nft refused or failed the commands (@err says why),
 * or -ENOSPC if the output did not fit in @out
 */
int nft_cmd(struct nft_ctx *ctx, const char *cmds, char *out, size_t outlen,
	    char *err, size_t errlen)
{
	int failed = nft_run_cmd_from_buffer(ctx, cmds);
	const char *o = nft_ctx_get_output_buffer(ctx);	/* both reset */
	const char *e = nft_ctx_get_error_buffer(ctx);

	copy_out(out, outlen, "", 0);
	if (failed) {
		copy_out(err, errlen, e, 1);
		return -EIO;
	}
	copy_out(err, errlen, "", 1);
	if (copy_out(out, outlen, o, 0)) {
		copy_out(err, errlen, "nft output too long", 1);
		return -ENOSPC;
	}
	return 0;
}

/**
 * nft_close() - free a context from nft_open()
 * @ctx:	the context, or NULL
 */
void nft_close(struct nft_ctx *ctx)
{
	if (ctx)
		nft_ctx_free(ctx);
}

/**
 * nft_run() - run nft commands as one transaction
 * @cmds:	the commands, nft syntax, newline-separated
 * @out:	if not NULL, receives the commands' output (e.g. a listing)
 * @outlen:	size of @out
 * @err:	if not NULL, receives the first line of nft's error message
 * @errlen:	size of @err
 *
 * Return: 0, -ENOMEM if no libnftables context could be made, -EIO if
 * nft refused or failed the commands (@err says why), or -ENOSPC if the
 * output did not fit in @out
 */
int nft_run(const char *cmds, char *out, size_t outlen, char *err,
	    size_t errlen)
{
	struct nft_ctx *ctx;
	int ret;

	copy_out(out, outlen, "", 0);
	copy_out(err, errlen, "out of memory", 1);
	ctx = nft_open();
	if (!ctx)
		return -ENOMEM;
	ret = nft_cmd(ctx, cmds, out, outlen, err, errlen);
	nft_close(ctx);
	return ret;
}
