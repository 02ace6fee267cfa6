// SPDX-License-Identifier: GPL-2.0-or-later
/* gn-loadgen.c - load generator for stream (socket TCP / unix) hub ports
 *
 * DOC: Theory of operation
 *
 * gn-loadgen opens connections to the listening ports of a hub (QEMU with
 * -netdev socket,listen= + hubport, or guestnet-emu) and speaks QEMU's stream
 * framing: a 4-byte big-endian length, then the raw Ethernet frame. Each
 * connection is a sender or a receiver. Receivers first send one hello frame
 * from their MAC so a learning switch knows where they are; after a short
 * settle time the senders write their batches as fast as the hub takes them.
 *
 * Counters are sampled after the warm-up and again after the measured
 * duration: rates come from the difference. Then senders stop on a frame
 * boundary, receivers drain until they have every frame that was sent to
 * them (or nothing arrives for a while), and each receiver's count per sender
 * is compared with what that sender wrote: the difference is loss. Sequence
 * numbers inside the frames count gaps and reordering.
 *
 * --bare connects the tool to itself over one loopback connection (sender to
 * receiver directly): the ceiling a hub in the middle is compared with.
 *
 * A "vde:DIR" connection is a client of a VDE switch instead (lg_vde.c:
 * libvdeplug's vde_open(), as vde_plug's), whose frames are datagrams
 * (built with libvdeplug only).
 *
 * Output: a human-readable table, then one "RESULT key=value..." line for
 * scripts (bench/hub/run.sh). See docs/bench.md.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include "lg_frame.h"
#include "lg_run.h"
#include "lg_worker.h"
#ifdef LG_VDE
#include "lg_vde.h"
#endif

#define DEFAULT_BATCH	(256u * 1024u)

static void die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("gn-loadgen: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_until(double t)
{
	struct timespec ts = { .tv_sec = (time_t)t,
			       .tv_nsec = (long)((t - (time_t)t) * 1e9) };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL))
		;
}

static void usage(void)
{
	fputs(
"usage: gn-loadgen [options] ROLE@ADDR[,dst=D][,mac=MAC] ...\n"
"       gn-loadgen [options] --bare[=tcp|unix]\n"
"       gn-loadgen --free-ports N\n"
"  ROLE   send | recv | idle (connects, never reads: a stuck peer)\n"
"  ADDR   HOST:PORT (TCP) | unix:PATH | vde:DIR (a VDE switch's client)\n"
"  D      bcast (default) | N (index of a recv connection) | MAC\n"
"options:\n"
"  -s, --size BYTES       Ethernet frame size, 28..69632 (default 64)\n"
"  -t, --seconds S        measured duration (default 5)\n"
"  -w, --warmup S         warm-up before measuring (default 1)\n"
"  -T, --threads N        worker threads; connection i -> thread i%N (1)\n"
"  -b, --batch BYTES      send buffer per sender (default 262144)\n"
"      --settle MS        wait after hellos before sending (default 200)\n"
"      --connect-timeout S  retry refused connects this long (default 5)\n"
"      --drain S          longest wait for in-flight frames (default 5)\n"
"      --sockbuf BYTES    set SO_SNDBUF and SO_RCVBUF\n"
"      --no-hello         receivers send no hello frame\n"
"      --watch-pid PID    report that process's CPU%% over the window\n"
"  -q, --quiet            only the RESULT line\n", stderr);
	exit(2);
}

static double parse_num(const char *opt, const char *s, double min, double max)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || v < min || v > max)
		die("%s: bad value '%s' (want %g..%g)", opt, s, min, max);
	return v;
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char tail;
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &v[0], &v[1], &v[2], &v[3],
		   &v[4], &v[5], &tail) != 6)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		if (v[i] > 255)
			return -EINVAL;
		mac[i] = (uint8_t)v[i];
	}
	return 0;
}

static void default_mac(int idx, uint8_t mac[6])
{
	static const uint8_t base[4] = { 0x02, 0x67, 0x6e, 0x00 };

	memcpy(mac, base, 4);
	mac[4] = (uint8_t)(idx >> 8);
	mac[5] = (uint8_t)idx;
}

static void parse_conn_key(struct lg_conn *c, char *kv, const char *spec)
{
	char *v = strchr(kv, '=');

	if (!v)
		die("connection '%s': option '%s' has no value", spec, kv);
	*v++ = '\0';
	if (!strcmp(kv, "mac")) {
		if (parse_mac(v, c->mac))
			die("connection '%s': bad mac '%s'", spec, v);
	} else if (!strcmp(kv, "dst")) {
		if (!strcmp(v, "bcast")) {
			memset(c->dst, 0xff, 6);
			c->dst_idx = -1;
		} else if (!parse_mac(v, c->dst)) {
			c->dst_idx = -2;	/* resolved later */
		} else {
			c->dst_idx = (int)parse_num("dst", v, 0,
						    LG_MAX_CONNS - 1);
		}
	} else {
		die("connection '%s': unknown key '%s'", spec, kv);
	}
}

static void parse_conn(struct lg_conn *c, int idx, char *spec)
{
	char *save = NULL, *at = strchr(spec, '@'), *tok;
	const char *orig = strdup(spec);

	memset(c, 0, sizeof(*c));
	c->idx = idx;
	c->fd = -1;
	c->dst_idx = -1;
	memset(c->dst, 0xff, 6);
	default_mac(idx, c->mac);
	if (!at || !orig)
		die("connection '%s': want ROLE@ADDR", spec);
	*at = '\0';
	if (!strcmp(spec, "send"))
		c->role = LG_SEND;
	else if (!strcmp(spec, "recv"))
		c->role = LG_RECV;
	else if (!strcmp(spec, "idle"))
		c->role = LG_IDLE;
	else
		die("connection '%s': role '%s' is not send, recv or idle",
		    orig, spec);
	c->addr = strtok_r(at + 1, ",", &save);
	if (!c->addr)
		die("connection '%s': no address", orig);
	while ((tok = strtok_r(NULL, ",", &save)))
		parse_conn_key(c, tok, orig);
	free((void *)orig);
}

/* Resolve dst=N and dst=MAC against the receivers' MACs. */
static void resolve_dsts(struct lg_run *r)
{
	int i, j;

	for (i = 0; i < r->nconns; i++) {
		struct lg_conn *c = &r->conns[i];

		if (c->role != LG_SEND || c->dst_idx == -1)
			continue;
		if (c->dst_idx == -2) {
			c->dst_idx = -1;
			for (j = 0; j < r->nconns; j++)
				if (!memcmp(r->conns[j].mac, c->dst, 6) &&
				    r->conns[j].role == LG_RECV)
					c->dst_idx = j;
			continue;
		}
		if (c->dst_idx >= r->nconns ||
		    r->conns[c->dst_idx].role != LG_RECV)
			die("connection %d: dst=%d is not a recv connection",
			    i, c->dst_idx);
		memcpy(c->dst, r->conns[c->dst_idx].mac, 6);
	}
}

static int sock_tune(int fd, const struct lg_opts *o)
{
	int v = o->sockbuf;

	if (v && (setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)) < 0 ||
		  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)) < 0))
		return -errno;
	return 0;
}

static int addr_parse(const char *addr, struct sockaddr_storage *ss,
		      socklen_t *len)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_un *sun = (struct sockaddr_un *)ss;
	char host[64];
	const char *colon;
	long port;

	memset(ss, 0, sizeof(*ss));
	if (!strncmp(addr, "unix:", 5)) {
		if (strlen(addr + 5) >= sizeof(sun->sun_path))
			return -ENAMETOOLONG;
		sun->sun_family = AF_UNIX;
		strcpy(sun->sun_path, addr + 5);
		*len = sizeof(*sun);
		return 0;
	}
	colon = strrchr(addr, ':');
	if (!colon || (size_t)(colon - addr) >= sizeof(host))
		return -EINVAL;
	memcpy(host, addr, colon - addr);
	host[colon - addr] = '\0';
	port = strtol(colon + 1, NULL, 10);
	if (port <= 0 || port > 65535 || inet_pton(AF_INET, host,
						   &sin->sin_addr) != 1)
		return -EINVAL;
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)port);
	*len = sizeof(*sin);
	return 0;
}

/* Connect to @addr, retrying while the listener is not up yet. */
static int conn_connect(const char *addr, const struct lg_opts *o)
{
	double deadline = now() + o->connect_timeout;
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, ret;

	ret = addr_parse(addr, &ss, &len);
	if (ret < 0)
		return ret;
	for (;;) {
		fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		ret = sock_tune(fd, o);
		if (!ret && !connect(fd, (struct sockaddr *)&ss, len))
			return fd;
		ret = ret ? ret : -errno;
		close(fd);
		if ((ret != -ECONNREFUSED && ret != -ENOENT) ||
		    now() > deadline)
			return ret;
		usleep(20000);
	}
}

/* Open connection @c: a stream, or a VDE switch's client (datagrams) */
static int conn_open(struct lg_conn *c, const struct lg_opts *o)
{
	if (strncmp(c->addr, "vde:", 4))
		return conn_connect(c->addr, o);
#ifdef LG_VDE
	if (o->frame_size > LG_VDE_FRAME_MAX)
		die("vde: connections carry frames of at most %u bytes", LG_VDE_FRAME_MAX);
	c->dgram = 1;
	return lg_vde_open(c->addr + 4, &c->vde);
#else
	return -EPROTONOSUPPORT;	/* built without libvdeplug */
#endif
}

static int write_all(int fd, const uint8_t *buf, size_t len)
{
	while (len) {
		ssize_t r = write(fd, buf, len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		buf += r;
		len -= r;
	}
	return 0;
}

static int send_hello(struct lg_conn *c)
{
	uint8_t f[LG_LEN_HDR + 64];

	lg_hello_build(f, 64, c->mac);
	if (c->dgram)
		return send(c->fd, f + LG_LEN_HDR, 64, 0) < 0 ? -errno : 0;
	return write_all(c->fd, f, sizeof(f));
}

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -errno;
	return 0;
}

/* Listen on 127.0.0.1:0 (or a socketpair for unix) and connect to it. */
static int bare_pair(const struct lg_opts *o, int fds[2])
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	int lfd, ret = -errno;

	if (o->bare == 2)
		return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
				  fds) ? -errno : 0;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0)
		return -errno;
	if (sock_tune(lfd, o) < 0 || bind(lfd, (struct sockaddr *)&sin, len) ||
	    listen(lfd, 1) || getsockname(lfd, (struct sockaddr *)&sin, &len))
		goto out;
	fds[0] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fds[0] < 0 || sock_tune(fds[0], o) < 0 ||
	    connect(fds[0], (struct sockaddr *)&sin, len))
		goto out;
	fds[1] = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fds[1] < 0)
		goto out;
	ret = 0;
out:
	if (ret)
		ret = -errno;
	close(lfd);
	return ret;
}

static void setup_bare(struct lg_run *r)
{
	static char addr[2][32];
	int fds[2], ret, i;

	ret = bare_pair(&r->o, fds);
	if (ret < 0)
		die("bare: loopback connection: %s", strerror(-ret));
	r->nconns = 2;
	r->conns = calloc(2, sizeof(*r->conns));
	if (!r->conns)
		die("out of memory");
	for (i = 0; i < 2; i++) {
		struct lg_conn *c = &r->conns[i];

		c->idx = i;
		c->fd = fds[i];
		c->role = i ? LG_RECV : LG_SEND;
		c->dst_idx = i ? -1 : 1;
		default_mac(i, c->mac);
		snprintf(addr[i], sizeof(addr[i]), "bare-%s:%s",
			 r->o.bare == 2 ? "unix" : "tcp", i ? "rx" : "tx");
		c->addr = addr[i];
	}
	memcpy(r->conns[0].dst, r->conns[1].mac, 6);
	r->o.no_hello = 1;
}

static void setup_conns(struct lg_run *r, int argc, char **argv)
{
	int i, ret;

	r->nconns = argc;
	if (argc < 2 || argc > (int)LG_MAX_CONNS)
		die("need 2..%u connections", LG_MAX_CONNS);
	r->conns = calloc(argc, sizeof(*r->conns));
	if (!r->conns)
		die("out of memory");
	for (i = 0; i < argc; i++)
		parse_conn(&r->conns[i], i, argv[i]);
	resolve_dsts(r);
	for (i = 0; i < argc; i++) {
		ret = conn_open(&r->conns[i], &r->o);
		if (ret < 0)
			die("connection %d: connect to %s: %s", i,
			    r->conns[i].addr, strerror(-ret));
		r->conns[i].fd = ret;
	}
}

/* Batches, receive state, hellos, non-blocking mode. */
static void prepare_conns(struct lg_run *r)
{
	int i, ret;

	for (i = 0; i < r->nconns; i++) {
		struct lg_conn *c = &r->conns[i];

		ret = lg_rxstats_init(&c->rx, r->o.frame_size, r->nconns);
		if (!ret && c->role == LG_SEND)
			ret = lg_batch_init(&c->batch, r->o.frame_size,
					    r->o.batch, c->dst, c->mac, i);
		if (!ret && c->role == LG_RECV && !r->o.no_hello)
			ret = send_hello(c);
		if (!ret)
			ret = set_nonblock(c->fd);
		if (ret < 0)
			die("connection %d (%s): %s", i, c->addr,
			    strerror(-ret));
	}
}

static void start_workers(struct lg_run *r)
{
	int i, n, ret;

	r->nworkers = (int)r->o.threads < r->nconns ? (int)r->o.threads
						     : r->nconns;
	r->workers = calloc(r->nworkers, sizeof(*r->workers));
	for (i = 0; r->workers && i < r->nworkers; i++) {
		r->workers[i].conns = calloc(r->nconns, sizeof(void *));
		r->workers[i].phase = &r->phase;
		if (!r->workers[i].conns)
			die("out of memory");
	}
	if (!r->workers)
		die("out of memory");
	for (i = 0, n = 0; i < r->nconns; i++) {
		struct lg_worker *w = &r->workers[n % r->nworkers];

		if (r->conns[i].role == LG_IDLE)
			continue;
		w->conns[w->nconns++] = &r->conns[i];
		n++;
	}
	r->phase = LG_RUN;
	for (i = 0; i < r->nworkers; i++) {
		ret = lg_worker_start(&r->workers[i]);
		if (ret < 0)
			die("worker %d: %s", i, strerror(-ret));
	}
}

static double pid_cpu(long pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut, st;
	ssize_t n;
	int fd;

	if (pid <= 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	/* After "pid (comm)": state is field 3, utime 14, stime 15. */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
			 "%lu %lu", &ut, &st) != 2)
		return -1;
	return (double)(ut + st) / sysconf(_SC_CLK_TCK);
}

/* Machine-wide busy (user + nice + system) and steal seconds. */
static void sys_cpu(double *busy, double *steal)
{
	unsigned long long v[8] = { 0 };
	double tck = sysconf(_SC_CLK_TCK);
	FILE *f = fopen("/proc/stat", "re");
	int n = 0;

	*busy = *steal = -1;
	if (!f)
		return;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
		   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	if (n < 8)
		return;
	*busy = (v[0] + v[1] + v[2]) / tck;
	*steal = v[7] / tck;
}

static double self_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void take_sample(struct lg_run *r, struct lg_sample *s)
{
	int i;

	s->c = calloc(r->nconns, sizeof(*s->c));
	if (!s->c)
		die("out of memory");
	s->t = now();
	for (i = 0; i < r->nconns; i++)
		lg_counters_read(&r->conns[i], &s->c[i]);
	s->self_cpu = self_cpu();
	s->hub_cpu = pid_cpu(r->o.watch_pid);
	sys_cpu(&s->sys_busy, &s->sys_steal);
}

static int senders_done(const struct lg_run *r)
{
	int i;

	for (i = 0; i < r->nconns; i++)
		if (r->conns[i].role == LG_SEND &&
		    !__atomic_load_n(&r->conns[i].done, __ATOMIC_ACQUIRE))
			return 0;
	return 1;
}

static uint64_t rx_total(const struct lg_run *r)
{
	struct lg_counters c;
	uint64_t sum = 0;
	int i;

	for (i = 0; i < r->nconns; i++) {
		lg_counters_read(&r->conns[i], &c);
		sum += c.rx_frames;
	}
	return sum;
}

static uint64_t expected_total(const struct lg_run *r)
{
	struct lg_counters c;
	uint64_t sum = 0;
	int s, i;

	for (s = 0; s < r->nconns; s++) {
		lg_counters_read(&r->conns[s], &c);
		for (i = 0; i < r->nconns; i++)
			sum += lg_reaches(r, s, i) ? c.tx_frames : 0;
	}
	return sum;
}

static uint64_t delivered_total(const struct lg_run *r)
{
	uint64_t sum = 0;
	int s, i;

	for (i = 0; i < r->nconns; i++)
		for (s = 0; s < r->nconns; s++)
			if (lg_reaches(r, s, i))
				sum += __atomic_load_n(&r->conns[i].rx.from[s],
						       __ATOMIC_RELAXED);
	return sum;
}

/* Stop the senders, wait for in-flight frames, stop the workers. */
static void stop_and_drain(struct lg_run *r)
{
	double deadline, idle_since;
	uint64_t last;
	int i;

	__atomic_store_n(&r->phase, LG_STOP, __ATOMIC_RELEASE);
	deadline = now() + 3;
	while (!senders_done(r) && now() < deadline)
		usleep(5000);
	deadline = now() + r->o.drain_max;
	last = rx_total(r);
	idle_since = now();
	while (now() < deadline && now() - idle_since < 0.5) {
		uint64_t cur;

		usleep(10000);
		/* rx.from is not published atomically: only a hint here. */
		if (delivered_total(r) == expected_total(r))
			break;
		cur = rx_total(r);
		if (cur != last) {
			last = cur;
			idle_since = now();
		}
	}
	__atomic_store_n(&r->phase, LG_QUIT, __ATOMIC_RELEASE);
	for (i = 0; i < r->nworkers; i++)
		if (lg_worker_join(&r->workers[i]) < 0)
			fprintf(stderr, "gn-loadgen: worker %d failed\n", i);
}

static void run_free(struct lg_run *r)
{
	int i;

	for (i = 0; i < r->nconns; i++) {
#ifdef LG_VDE
		if (r->conns[i].vde) {
			lg_vde_close(r->conns[i].vde);	/* its fd too */
			r->conns[i].fd = -1;
		}
#endif
		if (r->conns[i].fd >= 0)
			close(r->conns[i].fd);
		lg_batch_free(&r->conns[i].batch);
		lg_rxstats_free(&r->conns[i].rx);
	}
	for (i = 0; i < r->nworkers; i++)
		free(r->workers[i].conns);
	free(r->workers);
	free(r->conns);
	free(r->a.c);
	free(r->b.c);
}

/* Apply one option. */
static void parse_opt(struct lg_opts *o, int opt, const char *arg)
{
	switch (opt) {
	case 's':
		o->frame_size = (unsigned)parse_num("--size", arg,
						    LG_FRAME_MIN,
						    LG_FRAME_MAX);
		break;
	case 't':
		o->seconds = parse_num("--seconds", arg, 0.1, 3600);
		break;
	case 'w':
		o->warmup = parse_num("--warmup", arg, 0, 600);
		break;
	case 'T':
		o->threads = (unsigned)parse_num("--threads", arg,
						 1, 64);
		break;
	case 'b':
		o->batch = (unsigned)parse_num("--batch", arg, 1,
					       1 << 26);
		break;
	case 1:
		o->settle_ms = (unsigned)parse_num("--settle", arg,
						   0, 60000);
		break;
	case 2:
		o->connect_timeout = parse_num("--connect-timeout",
					       arg, 0, 600);
		break;
	case 3:
		o->drain_max = parse_num("--drain", arg, 0, 600);
		break;
	case 4:
		o->sockbuf = (int)parse_num("--sockbuf", arg, 0,
					    INT_MAX / 2);
		break;
	case 5:
		if (!arg || !strcmp(arg, "tcp"))
			o->bare = 1;
		else if (!strcmp(arg, "unix"))
			o->bare = 2;
		else
			die("--bare: '%s' is not tcp or unix", arg);
		break;
	case 6:
		o->no_hello = 1;
		break;
	case 7:
		o->watch_pid = (long)parse_num("--watch-pid", arg,
					       1, INT_MAX);
		break;
	case 8:
		exit(lg_free_ports((int)parse_num("--free-ports", arg, 1,
						  1024)));
	case 'q':
		o->quiet = 1;
		break;
	default:
		usage();
	}
}

/* Parse options into @r->o; returns optind, or exits (--free-ports too). */
static int parse_opts(struct lg_run *r, int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "seconds", required_argument, NULL, 't' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "threads", required_argument, NULL, 'T' },
		{ "batch", required_argument, NULL, 'b' },
		{ "settle", required_argument, NULL, 1 },
		{ "connect-timeout", required_argument, NULL, 2 },
		{ "drain", required_argument, NULL, 3 },
		{ "sockbuf", required_argument, NULL, 4 },
		{ "bare", optional_argument, NULL, 5 },
		{ "no-hello", no_argument, NULL, 6 },
		{ "watch-pid", required_argument, NULL, 7 },
		{ "free-ports", required_argument, NULL, 8 },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct lg_opts *o = &r->o;
	int opt;

	while ((opt = getopt_long(argc, argv, "s:t:w:T:b:qh", lopts,
				  NULL)) != -1)
		parse_opt(o, opt, optarg);
	return optind;
}

int main(int argc, char **argv)
{
	struct lg_run r = { .o = { .frame_size = 64, .seconds = 5, .warmup = 1,
				.threads = 1, .batch = DEFAULT_BATCH,
				.settle_ms = 200, .connect_timeout = 5,
				.drain_max = 5 } };
	struct lg_opts *o = &r.o;
	int first, ret;

	first = parse_opts(&r, argc, argv);
	if (o->bare && first != argc)
		die("--bare takes no connections");
	if (o->bare)
		setup_bare(&r);
	else
		setup_conns(&r, argc - first, argv + first);
	prepare_conns(&r);
	usleep(o->settle_ms * 1000u);
	start_workers(&r);
	sleep_until(now() + o->warmup);
	take_sample(&r, &r.a);
	sleep_until(r.a.t + o->seconds);
	take_sample(&r, &r.b);
	stop_and_drain(&r);
	ret = lg_report_print(&r);
	run_free(&r);
	return ret;
}
