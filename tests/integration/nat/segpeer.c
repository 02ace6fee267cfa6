// SPDX-License-Identifier: GPL-2.0-or-later
/* segpeer.c - a stream peer that checks what a wire would carry
 *
 * segpeer PATH MAXLEN PORT...  connects to a -netdev stream unix socket
 * (QEMU's framing: 4-byte big-endian length, then the frame), reads until
 * the emulator closes it (or SIGTERM), and checks every frame: at most
 * MAXLEN bytes, and for TCP over IPv4 or IPv6 a right IPv4 header
 * checksum and TCP checksum. The payload of the TCP connections to or
 * from each PORT is put back in order per direction (the first SYN gives
 * the start; retransmissions and overlaps are trimmed, segments ahead of
 * a hole wait, up to 64 MiB) and digested. At the end it prints
 *
 *   frames=N bytes=B maxlen=L oversize=O badsum=S nontcp=T
 *   flow port=PORT dir=up|down bytes=N digest=HEX holes=H
 *
 * (up: to PORT, down: from it; holes: bytes received beyond a gap that
 * was never filled). segpeer --digest reads stdin and prints
 * "bytes=N digest=HEX" of it, to compare with the pattern the test sent.
 *
 * The digest is a fast 64-bit hash of the byte stream, chunk boundaries
 * not mattering (it is a function of the bytes in order), not a
 * cryptographic one: the check is that two streams are the same.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_PORTS	8
#define HOLD_MAX	(64U << 20)

/* Bytes in order, 8 at a time into a multiply-xorshift hash */
struct digest {
	uint64_t h;
	uint64_t n;
	uint64_t w;
	unsigned int fill;
};

static void digest_word(struct digest *d, uint64_t w)
{
	d->h = (d->h ^ w) * 0x9e3779b97f4a7c15ULL;
	d->h ^= d->h >> 29;
}

static void digest_add(struct digest *d, const uint8_t *p, size_t n)
{
	d->n += n;
	while (n && d->fill) {
		d->w |= (uint64_t)*p++ << (8 * d->fill);
		n--;
		if (++d->fill == 8) {
			digest_word(d, d->w);
			d->w = 0, d->fill = 0;
		}
	}
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		digest_word(d, w);
	}
	while (n--) {
		d->w |= (uint64_t)*p++ << (8 * d->fill);
		d->fill++;
	}
}

static uint64_t digest_end(struct digest *d)
{
	digest_word(d, d->w ^ d->n);
	return d->h;
}

struct pending {
	uint32_t seq;
	uint32_t len;
	uint8_t *data;
	struct pending *next;
};

struct flow {
	uint16_t port;
	bool up;
	bool started;
	uint32_t next;
	struct digest d;
	struct pending *ahead;
	size_t ahead_bytes;
};

static struct flow flows[2 * MAX_PORTS];
static unsigned int nflows;
static volatile sig_atomic_t stop;
static uint64_t frames, bytes, maxlen_seen, oversize, badsum, nontcp;

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)rd16(p) << 16 | rd16(p + 2);
}

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t s)
{
	uint64_t a = s;

	for (; n >= 2; p += 2, n -= 2)
		a += rd16(p);
	if (n)
		a += (uint32_t)p[0] << 8;
	while (a >> 16)
		a = (a & 0xffff) + (a >> 16);
	return (uint32_t)a;
}

static bool seq_lt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

/* Append what follows the flow's next byte, in order */
static void flow_data(struct flow *f, uint32_t seq, const uint8_t *p, uint32_t n)
{
	struct pending **pp, *q;

	if (seq_lt(seq, f->next)) {	/* sent again, or overlapping */
		uint32_t skip = f->next - seq;

		if (skip >= n)
			return;
		seq += skip, p += skip, n -= skip;
	}
	if (seq != f->next) {
		if (f->ahead_bytes + n > HOLD_MAX)
			return;
		q = malloc(sizeof(*q) + n);
		if (!q)
			exit(3);
		q->seq = seq, q->len = n, q->data = (uint8_t *)(q + 1);
		memcpy(q->data, p, n);
		for (pp = &f->ahead; *pp && seq_lt((*pp)->seq, seq); pp = &(*pp)->next)
			;
		q->next = *pp;
		*pp = q;
		f->ahead_bytes += n;
		return;
	}
	digest_add(&f->d, p, n);
	f->next += n;
	while ((q = f->ahead) && !seq_lt(f->next, q->seq)) {
		uint32_t skip = f->next - q->seq;

		f->ahead = q->next;
		f->ahead_bytes -= q->len;
		if (skip < q->len) {
			digest_add(&f->d, q->data + skip, q->len - skip);
			f->next += q->len - skip;
		}
		free(q);
	}
}

static struct flow *flow_of(uint16_t sport, uint16_t dport)
{
	for (unsigned int i = 0; i < nflows; i++)
		if ((flows[i].up && flows[i].port == dport) ||
		    (!flows[i].up && flows[i].port == sport))
			return &flows[i];
	return NULL;
}

static void tcp_segment(const uint8_t *l4, size_t tcp_len, uint32_t pseudo)
{
	size_t hl = (size_t)(l4[12] >> 4) * 4;
	struct flow *f;
	uint32_t seq;

	if (tcp_len < 20 || hl < 20 || hl > tcp_len)
		return;
	if (sum16(l4, tcp_len, pseudo) != 0xffff)
		badsum++;
	f = flow_of(rd16(l4), rd16(l4 + 2));
	if (!f)
		return;
	seq = rd32(l4 + 4);
	if (l4[13] & 0x02) {	/* SYN: the stream starts after it */
		f->started = true;
		f->next = seq + 1;
		return;
	}
	if (f->started && tcp_len > hl)
		flow_data(f, seq, l4 + hl, (uint32_t)(tcp_len - hl));
}

static void frame(const uint8_t *p, size_t len)
{
	uint16_t type;

	frames++;
	bytes += len;
	if (len > maxlen_seen)
		maxlen_seen = len;
	if (len < 14)
		return;
	type = rd16(p + 12);
	if (type == 0x0800 && len >= 34 && (p[14] >> 4) == 4 && p[23] == 6) {
		size_t ihl = (size_t)(p[14] & 15) * 4, tot = rd16(p + 16);
		uint32_t pseudo;

		if (ihl < 20 || tot < ihl || 14 + tot > len || (rd16(p + 20) & 0x3fff))
			return;
		if (sum16(p + 14, ihl, 0) != 0xffff)
			badsum++;
		pseudo = sum16(p + 26, 8, 0) + 6 + (uint32_t)(tot - ihl);
		tcp_segment(p + 14 + ihl, tot - ihl, pseudo);
	} else if (type == 0x86dd && len >= 54 && p[20] == 6) {
		size_t plen = rd16(p + 18);
		uint32_t pseudo;

		if (54 + plen - 20 > len || plen < 20)
			return;
		pseudo = sum16(p + 22, 32, 0) + 6 + (uint32_t)plen;
		tcp_segment(p + 54, plen, pseudo);
	} else {
		nontcp++;
	}
}

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int run(const char *path, size_t maxlen)
{
	static uint8_t buf[1 << 20];
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	size_t have = 0;
	int fd;

	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		fprintf(stderr, "segpeer: %s: %s\n", path, strerror(errno));
		return 2;
	}
	printf("connected\n");
	fflush(stdout);
	while (!stop) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - have);
		size_t pos = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
		while (have - pos >= 4) {
			size_t flen = rd32(buf + pos);

			if (flen > sizeof(buf) - 4) {
				fprintf(stderr, "segpeer: frame length %zu\n", flen);
				return 2;
			}
			if (have - pos - 4 < flen)
				break;
			if (flen > maxlen)
				oversize++;
			frame(buf + pos + 4, flen);
			pos += 4 + flen;
		}
		memmove(buf, buf + pos, have - pos);
		have -= pos;
	}
	printf("frames=%llu bytes=%llu maxlen=%llu oversize=%llu badsum=%llu nontcp=%llu\n",
	       (unsigned long long)frames, (unsigned long long)bytes,
	       (unsigned long long)maxlen_seen, (unsigned long long)oversize,
	       (unsigned long long)badsum, (unsigned long long)nontcp);
	for (unsigned int i = 0; i < nflows; i++)
		printf("flow port=%u dir=%s bytes=%llu digest=%016llx holes=%zu\n", flows[i].port,
		       flows[i].up ? "up" : "down", (unsigned long long)flows[i].d.n,
		       (unsigned long long)digest_end(&flows[i].d), flows[i].ahead_bytes);
	return 0;
}

static int digest_stdin(void)
{
	static uint8_t buf[1 << 20];
	struct digest d = { 0 };
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0)
		digest_add(&d, buf, (size_t)n);
	printf("bytes=%llu digest=%016llx\n", (unsigned long long)d.n,
	       (unsigned long long)digest_end(&d));
	return n < 0 ? 2 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--digest"))
		return digest_stdin();
	if (argc < 4 || argc - 3 > MAX_PORTS) {
		fprintf(stderr, "usage: segpeer PATH MAXLEN PORT... | segpeer --digest\n");
		return 2;
	}
	for (int i = 3; i < argc; i++) {
		uint16_t port = (uint16_t)atoi(argv[i]);

		flows[nflows++] = (struct flow){ .port = port, .up = true };
		flows[nflows++] = (struct flow){ .port = port, .up = false };
	}
	signal(SIGTERM, on_term);
	return run(argv[1], (size_t)strtoul(argv[2], NULL, 10));
}
