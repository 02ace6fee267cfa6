/* SPDX-License-Identifier: GPL-2.0-or-later
 * nft.h - run nftables commands through libnftables
 */
#ifndef GN_HELPER_NFT_H
#define GN_HELPER_NFT_H

#include <stddef.h>

int nft_run(const char *cmds, char *out, size_t outlen, char *err,
	    size_t errlen);

#endif /* GN_HELPER_NFT_H */
