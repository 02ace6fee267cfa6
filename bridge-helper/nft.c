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
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <nftables/libnftables.h>

#include "nft.h"

/* Copy @s to @out of @len bytes; with @one_line, stop at the first newline */
static void copy_out(char *out, size_t len, const char *s, int one_line)
{
	size_t n;

	if (!out || !len)
		return;
	s = s ? s : "";
	n = one_line ? strcspn(s, "\n") : strlen(s);
	if (n >= len)
		n = len - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/**
 * nft_run() - run nft commands as one transaction
 * @cmds:	the commands, nft syntax, newline-separated
 * @out:	if not NULL, receives the commands' output (e.g. a listing)
 * @outlen:	size of @out
 * @err:	if not NULL, receives the first line of nft's error message
 * @errlen:	size of @err
 *
 * Return: 0, -ENOMEM if no libnftables context could be made, or -EIO if
 * nft refused or failed the commands (@err says why)
 */
int nft_run(const char *cmds, char *out, size_t outlen, char *err,
	    size_t errlen)
{
	struct nft_ctx *ctx;
	int ret = -ENOMEM;

	copy_out(out, outlen, "", 0);
	copy_out(err, errlen, "out of memory", 1);
	ctx = nft_ctx_new(NFT_CTX_DEFAULT);
	if (!ctx)
		return ret;
	if (nft_ctx_buffer_output(ctx) || nft_ctx_buffer_error(ctx))
		goto out;
	if (nft_run_cmd_from_buffer(ctx, cmds)) {
		ret = -EIO;
		copy_out(err, errlen, nft_ctx_get_error_buffer(ctx), 1);
		goto out;
	}
	copy_out(out, outlen, nft_ctx_get_output_buffer(ctx), 0);
	copy_out(err, errlen, "", 1);
	ret = 0;
out:
	nft_ctx_free(ctx);
	return ret;
}
