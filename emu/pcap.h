/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pcap.h - classic pcap files of the frames a port or hub sees */
#ifndef GN_PCAP_H
#define GN_PCAP_H

#include <stddef.h>
#include <stdint.h>

struct pcap;

int pcap_open(const char *path, uint32_t snaplen, struct pcap **out);
void pcap_write(struct pcap *pc, const uint8_t *frame, size_t len);
void pcap_flush_all(void);
struct pcap *pcap_ref(struct pcap *pc);
void pcap_close(struct pcap *pc);
size_t pcap_record(uint8_t *out, size_t out_len, const uint8_t *frame,
		   size_t len, uint32_t snaplen, uint64_t usec);

#endif /* GN_PCAP_H */
