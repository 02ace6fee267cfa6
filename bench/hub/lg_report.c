// SPDX-License-Identifier: GPL-2.0-or-later
/* lg_report.c - gn-loadgen results: per-connection table and RESULT line
 *
 * Rates come from the two samples (end of warm-up, end of the window).
 * Integrity figures cover the whole run, after the drain: for each receiver
 * and each sender that should reach it (every sender of broadcast frames,
 * or the one whose dst is this receiver), the frames the sender wrote minus
 * those the receiver got from it are lost. Data frames a receiver got from a
 * sender that should not reach it (a hub flooding unicast) are "extra".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lg_run.h"
#include "lg_worker.h"

/**
 * struct totals - sums over a run
 * @tx_f:	frames sent in the window
 * @tx_b:	their bytes
 * @rx_f:	data frames received in the window, all receivers
 * @rx_b:	their bytes
 * @want_f:	frames the window's sending should deliver (fan-out included)
 * @sent:	frames sent over the whole run
 * @expected:	deliveries owed over the whole run
 * @got:	deliveries made
 * @lost:	owed but not made
 * @dup:	made more often than owed
 * @extra:	data frames from senders not meant to reach the receiver
 * @gap_frames:	frames skipped in sequence
 * @reordered:	frames below the expected sequence number
 * @bad:	malformed data frames
 * @closed:	connections ended by the peer or an error
 * @senders:	sender connections
 * @receivers:	receiver connections
 */
struct totals {
	uint64_t tx_f, tx_b, rx_f, rx_b, want_f;
	uint64_t sent, expected, got, lost, dup, extra;
	uint64_t gap_frames, reordered, bad, closed;
	int senders, receivers;
};

/**
 * lg_reaches() - whether a sender's frames are meant for a receiver
 * @r:		run
 * @s:		connection index of the sender
 * @rcv:	connection index of the receiver
 *
 * Return: 1 if @s is a sender, @rcv a receiver and @s sends broadcast (or
 * multicast) or to @rcv's MAC; 0 otherwise.
 */
int lg_reaches(const struct lg_run *r, int s, int rcv)
{
	const struct lg_conn *c = &r->conns[s];

	if (c->role != LG_SEND || r->conns[rcv].role != LG_RECV)
		return 0;
	return c->dst_idx < 0 ? (c->dst[0] & 1) : c->dst_idx == rcv;
}

static int fanout(const struct lg_run *r, int s)
{
	int i, n = 0;

	for (i = 0; i < r->nconns; i++)
		n += lg_reaches(r, s, i);
	return n;
}

/* Whole-run integrity for receiver @i, added to @t. */
static void integrity(const struct lg_run *r, int i, struct totals *t,
		      uint64_t *lost_i)
{
	const struct lg_conn *c = &r->conns[i];
	uint64_t got = 0;
	int s;

	*lost_i = 0;
	for (s = 0; s < r->nconns; s++) {
		uint64_t sent = r->conns[s].pub.tx_frames;

		if (!lg_reaches(r, s, i))
			continue;
		t->expected += sent;
		got += c->rx.from[s];
		if (c->rx.from[s] < sent)
			*lost_i += sent - c->rx.from[s];
		else
			t->dup += c->rx.from[s] - sent;
	}
	t->got += got;
	t->lost += *lost_i;
	t->extra += c->rx.data_frames - got;
	t->gap_frames += c->rx.gap_frames;
	t->reordered += c->rx.reordered;
	t->bad += c->rx.bad;
}

static const char *state(const struct lg_conn *c)
{
	if (c->err)
		return strerror(-c->err);
	return c->eof ? "closed-by-peer" : "ok";
}

static void conn_line(const struct lg_run *r, int i, struct totals *t,
		      double dt)
{
	const struct lg_conn *c = &r->conns[i];
	const struct lg_counters *a = &r->a.c[i], *b = &r->b.c[i];
	uint64_t lost = 0;

	t->closed += c->err || c->eof;
	if (c->role == LG_SEND) {
		t->senders++;
		t->tx_f += b->tx_frames - a->tx_frames;
		t->tx_b += b->tx_bytes - a->tx_bytes;
		t->want_f += (b->tx_frames - a->tx_frames) * fanout(r, i);
		t->sent += c->pub.tx_frames;
	} else if (c->role == LG_RECV) {
		t->receivers++;
		t->rx_f += b->rx_data - a->rx_data;
		t->rx_b += b->rx_data_bytes - a->rx_data_bytes;
		integrity(r, i, t, &lost);
	}
	if (r->o.quiet)
		return;
	printf("%4d %-4s %-22s %02x:%02x:%02x:%02x:%02x:%02x %12.0f %12.0f "
	       "%12llu %12llu %8llu %8llu %8llu %s\n", i,
	       c->role == LG_SEND ? "send" : c->role == LG_RECV ? "recv" : "idle",
	       c->addr, c->mac[0],
	       c->mac[1], c->mac[2], c->mac[3], c->mac[4], c->mac[5],
	       (b->tx_frames - a->tx_frames) / dt,
	       (b->rx_frames - a->rx_frames) / dt,
	       (unsigned long long)c->pub.tx_frames,
	       (unsigned long long)c->rx.data_frames,
	       (unsigned long long)lost,
	       (unsigned long long)c->rx.reordered,
	       (unsigned long long)(c->rx.bad + c->rx.other),
	       state(c));
}

static double cpu_pct(double a, double b, double dt)
{
	return a < 0 || b < 0 ? -1 : (b - a) / dt * 100;
}

static void summary(const struct lg_run *r, const struct totals *t, double dt)
{
	double hub = cpu_pct(r->a.hub_cpu, r->b.hub_cpu, dt);
	double self = cpu_pct(r->a.self_cpu, r->b.self_cpu, dt);
	double deliv = t->want_f ? (double)t->rx_f / t->want_f : 0;
	double busy = cpu_pct(r->a.sys_busy, r->b.sys_busy, dt);
	double steal = cpu_pct(r->a.sys_steal, r->b.sys_steal, dt);
	double other = busy < 0 ? -1 : busy - self - (hub < 0 ? 0 : hub);

	/* Softirq time is in neither figure: clamp rounding noise to 0. */
	if (busy >= 0 && other < 0)
		other = 0;

	if (!r->o.quiet)
		printf("total: sent %.3f Mframes/s %.3f Gbit/s, received "
		       "%.3f Mframes/s %.3f Gbit/s (%.3f of owed); run: sent "
		       "%llu, lost %llu, reordered %llu, bad %llu\n",
		       t->tx_f / dt / 1e6, t->tx_b * 8 / dt / 1e9,
		       t->rx_f / dt / 1e6, t->rx_b * 8 / dt / 1e9, deliv,
		       (unsigned long long)t->sent,
		       (unsigned long long)t->lost,
		       (unsigned long long)t->reordered,
		       (unsigned long long)t->bad);
	printf("RESULT size=%u conns=%d senders=%d receivers=%d seconds=%.3f "
	       "tx_fps=%.0f rx_fps=%.0f tx_gbps=%.4f rx_gbps=%.4f deliv=%.4f "
	       "sent=%llu expected=%llu received=%llu lost=%llu dup=%llu "
	       "extra=%llu gap_frames=%llu reordered=%llu bad=%llu closed=%llu "
	       "self_cpu=%.0f hub_cpu=%.0f other_cpu=%.0f steal_cpu=%.0f\n",
	       r->o.frame_size, r->nconns, t->senders, t->receivers, dt,
	       t->tx_f / dt, t->rx_f / dt, t->tx_b * 8 / dt / 1e9,
	       t->rx_b * 8 / dt / 1e9, deliv,
	       (unsigned long long)t->sent, (unsigned long long)t->expected,
	       (unsigned long long)t->got, (unsigned long long)t->lost,
	       (unsigned long long)t->dup, (unsigned long long)t->extra,
	       (unsigned long long)t->gap_frames,
	       (unsigned long long)t->reordered, (unsigned long long)t->bad,
	       (unsigned long long)t->closed, self, hub,
	       other < 0 ? -1 : other, steal);
}

/**
 * lg_report_print() - print the per-connection table and the RESULT line
 * @r:		finished run (workers joined, both samples taken)
 *
 * Return: 0 if every owed frame arrived intact, 1 otherwise (exit status).
 */
int lg_report_print(const struct lg_run *r)
{
	double dt = r->b.t - r->a.t;
	struct totals t = { 0 };
	int i;

	if (!r->o.quiet)
		printf("# frame %u B, %.3f s measured after %.1f s warm-up; "
		       "rates over the window, counts over the run\n"
		       "conn role %-22s %-17s %12s %12s %12s %12s %8s %8s "
		       "%8s state\n", r->o.frame_size, dt, r->o.warmup,
		       "addr", "mac", "tx_fps", "rx_fps", "sent", "rx_data",
		       "lost", "reord", "other");
	for (i = 0; i < r->nconns; i++)
		conn_line(r, i, &t, dt);
	summary(r, &t, dt);
	fflush(stdout);
	return t.lost || t.dup || t.bad || t.reordered || t.gap_frames ||
	       t.closed;
}

/* Lowest port of the kernel's ephemeral range, where connect()s bind. */
static int ephemeral_low(void)
{
	FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "re");
	int lo = 32768;

	if (f) {
		if (fscanf(f, "%d", &lo) != 1)
			lo = 32768;
		fclose(f);
	}
	return lo > 11000 ? lo : 61000;
}

/* Bind a TCP socket to 127.0.0.1:@port; returns the fd or -errno. */
static int try_port(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		close(fd);
		return -errno;
	}
	return fd;
}

/**
 * lg_free_ports() - print @n distinct free TCP ports on 127.0.0.1
 * @n:		how many, at most 1024
 *
 * Ports are picked at random below the ephemeral range (so our own connects
 * cannot take them), bound together to check they are free, printed, then
 * released: free a moment ago, not reserved.
 *
 * Return: 0, or 1 if not enough ports could be found (exit status).
 */
int lg_free_ports(int n)
{
	int fds[1024], got = 0, tries, lo = 10000, hi = ephemeral_low();
	unsigned seed = (unsigned)getpid() ^ (unsigned)time(NULL);

	if (hi == 61000)
		lo = 61000, hi = 65535;
	for (tries = 0; got < n && tries < 100000; tries++) {
		int fd = try_port(lo + (int)(rand_r(&seed) % (hi - lo)));

		if (fd >= 0)
			fds[got++] = fd;
	}
	for (tries = 0; got == n && tries < n; tries++) {
		struct sockaddr_in sin;
		socklen_t len = sizeof(sin);

		getsockname(fds[tries], (struct sockaddr *)&sin, &len);
		printf("%s%u", tries ? " " : "", ntohs(sin.sin_port));
	}
	if (got == n)
		printf("\n");
	else
		fprintf(stderr, "gn-loadgen: --free-ports: found %d of %d\n",
			got, n);
	while (got)
		close(fds[--got]);
	return tries == n ? 0 : 1;
}
