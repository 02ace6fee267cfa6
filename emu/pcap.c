// SPDX-License-Identifier: GPL-2.0-or-later
/* pcap.c - classic pcap files of the frames a port or hub sees
 *
 * The format QEMU's filter-dump writes: a global header with magic
 * 0xa1b2c3d4 (microsecond timestamps), version 2.4, linktype 1 (Ethernet),
 * then per frame a 16-byte record header and up to snaplen bytes. Records
 * are buffered and flushed once a second and at exit; a write error (a
 * full disk) stops that dump with one message and nothing else.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "pcap.h"
#include "xalloc.h"

#define PCAP_MAGIC	0xa1b2c3d4U
#define PCAP_BUF	(256U * 1024U)
#define PCAP_FLUSH_MS	1000U

/**
 * struct pcap - one open dump file
 * @fd:		file, -1 once stopped after an error
 * @path:	for messages
 * @snaplen:	bytes kept of each frame
 * @buf:	records not yet written
 * @used:	bytes in @buf
 * @refs:	owners (a listener and the peers it accepted share one dump)
 * @next:	link in the list of open dumps
 */
struct pcap {
	int fd;
	char *path;
	uint32_t snaplen;
	uint8_t *buf;
	size_t used;
	unsigned int refs;
	struct pcap *next;
};

static struct pcap *pcap_list;
static struct loop_timer pcap_timer;

struct pcap_global_hdr {
	uint32_t magic;
	uint16_t version_major;
	uint16_t version_minor;
	int32_t thiszone;
	uint32_t sigfigs;
	uint32_t snaplen;
	uint32_t linktype;
};

struct pcap_rec_hdr {
	uint32_t ts_sec;
	uint32_t ts_usec;
	uint32_t caplen;
	uint32_t len;
};

static void pcap_stop(struct pcap *pc, int ret)
{
	err("dump %s: %s; dump stopped", pc->path, errstr(ret));
	close(pc->fd);
	pc->fd = -1;
	pc->used = 0;
}

static void pcap_drain(struct pcap *pc)
{
	size_t off = 0;

	while (pc->fd >= 0 && off < pc->used) {
		ssize_t n = write(pc->fd, pc->buf + off, pc->used - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			pcap_stop(pc, n < 0 ? -errno : -ENOSPC);
			return;
		}
		off += (size_t)n;
	}
	pc->used = 0;
}

static void pcap_tick(struct loop_timer *t)
{
	pcap_flush_all();
	loop_timer_arm(t, PCAP_FLUSH_MS, pcap_tick);
}

/**
 * pcap_open() - create a dump file and write its global header
 * @path:	file to create or truncate
 * @snaplen:	bytes kept of each frame (QEMU's maxlen, default 65536)
 * @out:	the dump
 *
 * Return: 0 on success, negative errno on failure
 */
int pcap_open(const char *path, uint32_t snaplen, struct pcap **out)
{
	struct pcap_global_hdr gh = {
		.magic = PCAP_MAGIC, .version_major = 2, .version_minor = 4,
		.snaplen = snaplen, .linktype = 1,
	};
	struct pcap *pc;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	pc = xcalloc(1, sizeof(*pc));
	pc->fd = fd;
	pc->path = xstrdup(path);
	pc->buf = xmalloc(PCAP_BUF);
	pc->snaplen = snaplen;
	pc->refs = 1;
	memcpy(pc->buf, &gh, sizeof(gh));
	pc->used = sizeof(gh);
	pc->next = pcap_list;
	pcap_list = pc;
	if (!pcap_timer.when_ms)
		loop_timer_arm(&pcap_timer, PCAP_FLUSH_MS, pcap_tick);
	*out = pc;
	return 0;
}

/**
 * pcap_record() - format one record (header and captured bytes)
 * @out:	destination
 * @out_len:	its size, at least 16 + min(@len, @snaplen)
 * @frame:	frame bytes
 * @len:	frame length
 * @snaplen:	bytes kept at most
 * @usec:	timestamp, microseconds since the epoch
 *
 * Return: bytes written to @out, 0 if it does not fit
 */
size_t pcap_record(uint8_t *out, size_t out_len, const uint8_t *frame,
		   size_t len, uint32_t snaplen, uint64_t usec)
{
	size_t cap = len < snaplen ? len : snaplen;
	struct pcap_rec_hdr rh = {
		.ts_sec = (uint32_t)(usec / 1000000), .ts_usec = (uint32_t)(usec % 1000000),
		.caplen = (uint32_t)cap, .len = (uint32_t)len,
	};

	if (out_len < sizeof(rh) + cap)
		return 0;
	memcpy(out, &rh, sizeof(rh));
	memcpy(out + sizeof(rh), frame, cap);
	return sizeof(rh) + cap;
}

/**
 * pcap_write() - add a frame to a dump
 * @pc:		dump
 * @frame:	frame bytes
 * @len:	frame length
 */
void pcap_write(struct pcap *pc, const uint8_t *frame, size_t len)
{
	struct timeval tv;
	size_t need = sizeof(struct pcap_rec_hdr) + (len < pc->snaplen ? len : pc->snaplen);

	if (pc->fd < 0)
		return;
	if (pc->used + need > PCAP_BUF)
		pcap_drain(pc);
	if (pc->fd < 0 || need > PCAP_BUF)
		return;
	gettimeofday(&tv, NULL);
	pc->used += pcap_record(pc->buf + pc->used, PCAP_BUF - pc->used, frame,
				len, pc->snaplen,
				(uint64_t)tv.tv_sec * 1000000 + (uint64_t)tv.tv_usec);
}

/**
 * pcap_flush_all() - write out every dump's buffered records
 */
void pcap_flush_all(void)
{
	for (struct pcap *pc = pcap_list; pc; pc = pc->next)
		pcap_drain(pc);
}

/**
 * pcap_ref() - take one more owner reference on a dump
 * @pc:	dump
 *
 * Return: @pc
 */
struct pcap *pcap_ref(struct pcap *pc)
{
	pc->refs++;
	return pc;
}

/**
 * pcap_close() - drop an owner; the last one flushes and closes the file
 * @pc:	dump
 */
void pcap_close(struct pcap *pc)
{
	struct pcap **pp;

	if (--pc->refs)
		return;
	pcap_drain(pc);
	for (pp = &pcap_list; *pp; pp = &(*pp)->next) {
		if (*pp == pc) {
			*pp = pc->next;
			break;
		}
	}
	if (pc->fd >= 0)
		close(pc->fd);
	free(pc->buf);
	free(pc->path);
	free(pc);
	if (!pcap_list)
		loop_timer_cancel(&pcap_timer);
}
