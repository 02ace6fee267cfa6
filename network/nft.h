/* SPDX-License-Identifier: GPL-2.0-or-later
 * nft.h - run nftables commands through libnftables
 */
#ifndef GN_NFT_H
#define GN_NFT_H

#include <stddef.h>

struct nft_ctx;

int nft_run(const char *cmds, char *out, size_t outlen, char *err,
	    size_t errlen);
struct nft_ctx *nft_open(void);
int nft_cmd(struct nft_ctx *ctx, const char *cmds, char *out, size_t outlen,
	    char *err, size_t errlen);
void nft_close(struct nft_ctx *ctx);

#endif /* GN_NFT_H */
