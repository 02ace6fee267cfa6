/* SPDX-License-Identifier: GPL-2.0-or-later */
/* offload.h - TCP segmentation offload: virtio-net headers, GSO frames,
 * software segmentation and checksums
 */
#ifndef GN_OFFLOAD_H
#define GN_OFFLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcpseg.h"

/* Bytes of the virtio-net header on an offloading tap (struct virtio_net_hdr) */
#define OFFLOAD_VNET_LEN	10
/* Smallest segment size a GSO frame may ask for (Linux: TCP_MIN_SND_MSS) */
#define OFFLOAD_MSS_MIN		48U
/* Most segments one GSO frame may become */
#define OFFLOAD_SEGS_MAX	1400U

/**
 * struct offload_vnet - a virtio-net header, host order (struct virtio_net_hdr)
 * @flags:	VIRTIO_NET_HDR_F_*
 * @gso_type:	VIRTIO_NET_HDR_GSO_*
 * @hdr_len:	bytes of headers (Ethernet, IP, TCP)
 * @gso_size:	payload bytes of each segment but the last
 * @csum_start:	where the checksummed part starts
 * @csum_offset: where its checksum field is, from @csum_start
 */
struct offload_vnet {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
};

/**
 * struct offload_segs - cutting a GSO frame into wire segments
 * @frame:	the GSO frame
 * @seg:	its TCP segment (headers and whole payload)
 * @hdrs:	bytes of headers: Ethernet, IP, TCP
 * @mss:	payload bytes per segment
 * @next:	payload offset of the next segment
 * @index:	segments made so far
 * @ip_id:	IPv4 identification of the first segment
 */
struct offload_segs {
	const uint8_t *frame;
	struct tcpseg seg;
	size_t hdrs;
	uint32_t mss;
	uint32_t next;
	uint32_t index;
	uint16_t ip_id;
};

void offload_vnet_read(const uint8_t *buf, struct offload_vnet *h);
void offload_vnet_write(uint8_t *buf, const struct offload_vnet *h);
int offload_from_vnet(const struct offload_vnet *h, uint8_t *frame, size_t len,
		      uint16_t *gso_size);
void offload_to_vnet(uint8_t *frame, size_t len, uint16_t gso_size,
		     struct offload_vnet *h);
bool offload_gso_check(uint8_t *frame, size_t len, uint32_t mss, struct tcpseg *s);
uint32_t offload_gso_count(const struct tcpseg *s, uint32_t mss);
bool offload_segs_begin(struct offload_segs *it, uint8_t *frame, size_t len,
			uint32_t mss);
size_t offload_segs_next(struct offload_segs *it, uint8_t *out, size_t cap);
size_t offload_segs_bytes(const struct offload_segs *it);
bool offload_complete(uint8_t *frame, size_t len);

#endif /* GN_OFFLOAD_H */
