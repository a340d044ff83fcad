/* SPDX-License-Identifier: MIT */
/*
 * The core-to-core round trip of a cache line between two PUs: two pinned
 * threads ping-pong a counter.  Plain C11 atomics, pthreads and
 * sched_setaffinity, so bench/probe.c builds it with nothing but cc.
 */
#ifndef LT_PROBE_H
#define LT_PROBE_H

#include <stddef.h>

#define LT_PROBE_DEFAULT_SAMPLES	200
#define LT_PROBE_DEFAULT_ROUNDS		1000
#define LT_PROBE_DEFAULT_TIMEOUT_MS	2000

struct lt_probe_cfg {
	int pu_a, pu_b;		/* os indices (sched_setaffinity CPU numbers) */
	int samples;		/* timed samples; 0: LT_PROBE_DEFAULT_SAMPLES */
	int rounds;		/* round trips per sample; 0: LT_PROBE_DEFAULT_ROUNDS */
	int timeout_ms;		/* budget for the whole probe; 0: the default */
	int two_lines;		/* 1: each thread writes its own line (comparison only) */
};

struct lt_probe_result {
	int pu_a, pu_b;
	int samples, rounds;
	double rtt_ns_median;	/* ns per round trip, over the samples */
	double rtt_ns_min;
	double rtt_ns_p90;
	double limit_it_per_s;	/* 1e9 / rtt_ns_median */
};

/*
 * Measure cfg's pair into r.  Returns 0, or -1 with errno and a message in
 * why: EINVAL (bad cfg, or a PU that cannot be pinned to: offline, out of
 * the process's cpuset), ETIMEDOUT (the other thread stopped answering
 * before cfg's budget ran out), or what pthread_create said.  Never prints,
 * never hangs past the budget.
 */
int lt_probe_run(const struct lt_probe_cfg *cfg, struct lt_probe_result *r,
		 char *why, size_t len);

/*
 * The q-quantile (0 <= q <= 1) of v[0..n-1], n >= 1, by linear
 * interpolation between the closest ranks (numpy's default, Hyndman & Fan
 * type 7): the median of {1, 2, 3, 4} is 2.5, its 0.9-quantile 3.7.
 * Sorts v in place.
 */
double lt_probe_quantile(double *v, size_t n, double q);

#endif /* LT_PROBE_H */
