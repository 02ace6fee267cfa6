// SPDX-License-Identifier: GPL-2.0-or-later
/* pcap/harness.c - libFuzzer harness of the pcap record writer
 *
 * Any frame bytes, any snap length and timestamp from the input: the
 * record must be exactly 16 + min(len, snaplen) bytes, its header must
 * carry those lengths, and it must never write past the buffer.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pcap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t snaplen, hdr[4];
	uint64_t usec;
	size_t out_len, n, want;
	uint8_t *out;

	if (size < 12)
		return 0;
	memcpy(&snaplen, data, 4);
	memcpy(&usec, data + 4, 8);
	data += 12;
	size -= 12;
	snaplen = snaplen % 70000 + 1;
	want = 16 + (size < snaplen ? size : snaplen);
	out_len = want - (usec & 1);	/* sometimes one byte short */
	out = malloc(out_len);
	if (!out)
		return 0;
	n = pcap_record(out, out_len, data, size, snaplen, usec);
	if (out_len < want) {
		if (n)
			abort();
	} else {
		memcpy(hdr, out, 16);
		if (n != want || hdr[2] != want - 16 || hdr[3] != size ||
		    hdr[1] >= 1000000 || memcmp(out + 16, data, want - 16))
			abort();
	}
	free(out);
	return 0;
}
