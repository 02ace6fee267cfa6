/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lg_run.h - gn-loadgen run description shared by main and report */
#ifndef LG_RUN_H
#define LG_RUN_H

struct lg_conn;
struct lg_counters;
struct lg_worker;

/**
 * struct lg_opts - command-line options
 * @frame_size:	Ethernet frame size of data frames
 * @seconds:	measured duration
 * @warmup:	time before the first sample
 * @threads:	worker threads
 * @batch:	send buffer size per sender
 * @settle_ms:	wait after the hellos before sending
 * @connect_timeout:	retry refused connects this long
 * @drain_max:	longest wait for in-flight frames after stopping
 * @sockbuf:	SO_SNDBUF/SO_RCVBUF, 0 to leave the kernel's autotuning
 * @bare:	0, 1 for a TCP loopback pair, 2 for a unix socketpair
 * @no_hello:	receivers send no hello
 * @watch_pid:	process whose CPU time is sampled, or 0
 * @quiet:	print the RESULT line only
 */
struct lg_opts {
	unsigned frame_size;
	double seconds;
	double warmup;
	unsigned threads;
	unsigned batch;
	unsigned settle_ms;
	double connect_timeout;
	double drain_max;
	int sockbuf;
	int bare;
	int no_hello;
	long watch_pid;
	int quiet;
};

/**
 * struct lg_sample - counters of all connections at one instant
 * @t:		CLOCK_MONOTONIC seconds
 * @self_cpu:	our CPU seconds (user + system)
 * @hub_cpu:	CPU seconds of --watch-pid, or -1
 * @sys_busy:	CPU seconds of the whole machine in user, nice and system
 *		mode (/proc/stat), or -1
 * @sys_steal:	CPU seconds stolen by the hypervisor, or -1
 * @c:		per-connection counters
 */
struct lg_sample {
	double t;
	double self_cpu;
	double hub_cpu;
	double sys_busy;
	double sys_steal;
	struct lg_counters *c;
};

/**
 * struct lg_run - everything about one run
 * @o:		options
 * @conns:	connections, index = sender id
 * @nconns:	their number
 * @workers:	worker threads
 * @nworkers:	their number
 * @phase:	enum lg_phase, shared with the workers
 * @a:		sample at the end of the warm-up
 * @b:		sample at the end of the measured window
 */
struct lg_run {
	struct lg_opts o;
	struct lg_conn *conns;
	int nconns;
	struct lg_worker *workers;
	int nworkers;
	int phase;
	struct lg_sample a, b;
};

int lg_reaches(const struct lg_run *r, int s, int rcv);
int lg_report_print(const struct lg_run *r);
int lg_free_ports(int n);

#endif /* LG_RUN_H */
