/* SPDX-License-Identifier: MIT */
/*
 * Core-to-core round trip of a cache line (probe.h): two threads pinned to
 * two PUs ping-pong a counter, one thread timing batches of round trips.
 */
/* Also built standalone (bench/probe.c) with only cc: no config.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arch.h"	/* arch/arch.h: lt_cpu_relax(), LT_CACHE_LINE */
#include "probe.h"

/*
 * Two coherence units apart: no other field shares the counter's line, nor
 * the 128-byte pair that Intel's adjacent-line prefetcher fetches together
 * (see arch/x86_64/kernel.h), so the measured traffic is the counter's.
 */
#define LT_PROBE_ALIGN	(2 * LT_CACHE_LINE)
/* Clock reads while spinning: one every this many polls. */
#define LT_PROBE_POLL_EVERY	1024
/* Warm-up before the first timed sample, in samples' worth of round trips. */
#define LT_PROBE_WARMUP_SAMPLES	10
/* Default budget: a fixed second plus this much per requested round trip. */
#define LT_PROBE_BUDGET_NS_PER_RT	10000

/*
 * One line by default: the timer writes 2k+1 into `ping`, the echo answers
 * 2k+2 into the same word.  That is the fastest way to send a value there
 * and back, hence the limit a harness can approach; it is also what
 * --sync=spin's barrier does (one shared counter).  A line per direction
 * (two_lines: timer writes `ping`, echo writes `pong`, as --sync=flags)
 * took 2.3x as long on the 2-PU KVM guest: medians of 10 interleaved runs
 * 265 against 116 ns per round trip, each write first invalidating the copy
 * the other side is spinning on.
 */
struct lt_probe_shared {
	_Alignas(LT_PROBE_ALIGN) atomic_ulong ping;
	/* With two_lines: the echo's answers, on their own line. */
	_Alignas(LT_PROBE_ALIGN) atomic_ulong pong;
	/* Control, read rarely (every LT_PROBE_POLL_EVERY polls). */
	_Alignas(LT_PROBE_ALIGN) atomic_int ready;
	atomic_int stop;
	atomic_int failed;	/* first failure wins: 0 none, 1 claimed */
	int err;		/* errno of the first failure */
	char why[256];
	const struct lt_probe_cfg *cfg;
	unsigned long total;	/* round trips, warm-up included */
	struct timespec deadline;
	double *ns;		/* per sample: ns per round trip */
};

struct lt_probe_thread {
	struct lt_probe_shared *sh;
	int pu;
	int timer;		/* 1: the side that starts each round and times it */
};

static void probe_fail(struct lt_probe_shared *sh, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void probe_fail(struct lt_probe_shared *sh, int err, const char *fmt, ...)
{
	int zero = 0;
	va_list ap;

	if (atomic_compare_exchange_strong(&sh->failed, &zero, 1)) {
		sh->err = err;
		va_start(ap, fmt);
		vsnprintf(sh->why, sizeof(sh->why), fmt, ap);
		va_end(ap);
	}
	atomic_store(&sh->stop, 1);
}

static int probe_past(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline->tv_sec ||
	       (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec);
}

/*
 * Spin until *x == want.  Returns 0, or -1 once the other side failed or
 * the budget ran out.  The poll relaxes as the runtime's barriers do
 * (lt_cpu_relax: PAUSE, YIELD, or POWER's SMT-priority nops), which leaves
 * an SMT sibling's partner its share of the core.  On the 2-PU KVM guest
 * (Xeon, family 6 model 207) 10 interleaved runs with and without it gave
 * the same medians (116 and 118 ns per round trip).
 */
static int probe_wait(struct lt_probe_shared *sh, atomic_ulong *x,
		      unsigned long want, int pu_waiting, int pu_other)
{
	unsigned polls = 0;

	while (atomic_load_explicit(x, memory_order_acquire) != want) {
		lt_cpu_relax();
		if (++polls < LT_PROBE_POLL_EVERY)
			continue;
		polls = 0;
		if (atomic_load_explicit(&sh->stop, memory_order_relaxed))
			return -1;
		if (probe_past(&sh->deadline)) {
			probe_fail(sh, ETIMEDOUT, "PU %d waited in vain for PU %d: no answer "
				   "within the %d ms budget (PU busy, throttled or offline?)",
				   pu_waiting, pu_other, sh->cfg->timeout_ms);
			return -1;
		}
	}
	return 0;
}

/* Pin the calling thread to pu alone; 0 or -1 with the failure recorded. */
static int probe_pin(struct lt_probe_shared *sh, int pu)
{
	cpu_set_t set;
	int err = EINVAL;

	if (pu >= 0 && pu < CPU_SETSIZE) {
		CPU_ZERO(&set);
		CPU_SET((size_t)pu, &set);
		/* pid 0: the calling thread, not the whole process. */
		if (sched_setaffinity(0, sizeof(set), &set) == 0)
			return 0;
		err = errno;
	}
	probe_fail(sh, err, "cannot pin a thread to PU %d: %s", pu, strerror(err));
	return -1;
}

static double probe_ns_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e9 + (double)(b->tv_nsec - a->tv_nsec);
}

/* The timing side: sends 2k+1, waits for the echo's answer, times samples. */
static void probe_timer(struct lt_probe_shared *sh, int me, int other)
{
	const struct lt_probe_cfg *c = sh->cfg;
	atomic_ulong *answer = c->two_lines ? &sh->pong : &sh->ping;
	unsigned long warmup = sh->total - (unsigned long)c->samples * (unsigned long)c->rounds;
	unsigned long k = 0;
	struct timespec t0, t1;

	for (; k < warmup; k++) {
		atomic_store_explicit(&sh->ping, 2 * k + 1, memory_order_release);
		if (probe_wait(sh, answer, 2 * k + 2, me, other) < 0)
			return;
	}
	for (int s = 0; s < c->samples; s++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int r = 0; r < c->rounds; r++, k++) {
			atomic_store_explicit(&sh->ping, 2 * k + 1, memory_order_release);
			if (probe_wait(sh, answer, 2 * k + 2, me, other) < 0)
				return;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		sh->ns[s] = probe_ns_between(&t0, &t1) / c->rounds;
	}
}

/* The echo side: answers each 2k+1 with 2k+2. */
static void probe_echo(struct lt_probe_shared *sh, int me, int other)
{
	atomic_ulong *answer = sh->cfg->two_lines ? &sh->pong : &sh->ping;

	for (unsigned long k = 0; k < sh->total; k++) {
		if (probe_wait(sh, &sh->ping, 2 * k + 1, me, other) < 0)
			return;
		atomic_store_explicit(answer, 2 * k + 2, memory_order_release);
	}
}

static void *probe_thread(void *arg)
{
	struct lt_probe_thread *t = arg;
	struct lt_probe_shared *sh = t->sh;
	int other = t->timer ? sh->cfg->pu_b : sh->cfg->pu_a;

	if (probe_pin(sh, t->pu) < 0)
		return NULL;
	/* Nothing is timed before both threads run where they should. */
	atomic_fetch_add(&sh->ready, 1);
	while (atomic_load(&sh->ready) < 2) {
		if (atomic_load(&sh->stop))
			return NULL;
		if (probe_past(&sh->deadline)) {
			probe_fail(sh, ETIMEDOUT, "the thread for PU %d did not start within "
				   "the %d ms budget", other, sh->cfg->timeout_ms);
			return NULL;
		}
		sched_yield();
	}
	if (t->timer)
		probe_timer(sh, t->pu, other);
	else
		probe_echo(sh, t->pu, other);
	return NULL;
}

double lt_probe_quantile(double *v, size_t n, double q)
{
	double h;
	size_t lo;

	/* Insertion sort: a few hundred samples, no comparator callback. */
	for (size_t i = 1; i < n; i++) {
		double x = v[i];
		size_t j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	if (q <= 0 || n == 1)
		return v[0];
	if (q >= 1)
		return v[n - 1];
	h = q * (double)(n - 1);
	lo = (size_t)h;
	return lo + 1 < n ? v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]) : v[lo];
}

static int probe_check(const struct lt_probe_cfg *cfg, char *why, size_t len)
{
	if (cfg->pu_a < 0 || cfg->pu_b < 0 || cfg->pu_a == cfg->pu_b) {
		snprintf(why, len, "need two distinct PUs, got %d and %d", cfg->pu_a,
			 cfg->pu_b);
		return -1;
	}
	if (cfg->samples < 1 || cfg->rounds < 1 || cfg->timeout_ms < 0) {
		snprintf(why, len, "samples, rounds and budget must be positive");
		return -1;
	}
	return 0;
}

int lt_probe_run(const struct lt_probe_cfg *cfg_in, struct lt_probe_result *r,
		 char *why, size_t len)
{
	struct lt_probe_cfg cfg = *cfg_in;
	struct lt_probe_thread th[2];
	struct lt_probe_shared *sh;
	pthread_t tid[2];
	int started = 0, rc = -1, err = 0;
	unsigned long total;

	if (!cfg.samples)
		cfg.samples = LT_PROBE_DEFAULT_SAMPLES;
	if (!cfg.rounds)
		cfg.rounds = LT_PROBE_DEFAULT_ROUNDS;
	if (probe_check(&cfg, why, len) < 0) {
		errno = EINVAL;
		return -1;
	}
	total = (unsigned long)(cfg.samples + LT_PROBE_WARMUP_SAMPLES) *
		(unsigned long)cfg.rounds;
	if (!cfg.timeout_ms) {
		double ms = 1000.0 + (double)total * LT_PROBE_BUDGET_NS_PER_RT / 1e6;

		cfg.timeout_ms = ms < 1e9 ? (int)ms : 1000000000;
	}
	sh = aligned_alloc(LT_PROBE_ALIGN, sizeof(*sh));
	if (!sh) {
		snprintf(why, len, "out of memory");
		errno = ENOMEM;
		return -1;
	}
	memset(sh, 0, sizeof(*sh));
	sh->ns = calloc((size_t)cfg.samples, sizeof(*sh->ns));
	if (!sh->ns) {
		free(sh);
		snprintf(why, len, "out of memory");
		errno = ENOMEM;
		return -1;
	}
	sh->cfg = &cfg;
	sh->total = total;
	clock_gettime(CLOCK_MONOTONIC, &sh->deadline);
	sh->deadline.tv_sec += cfg.timeout_ms / 1000;
	sh->deadline.tv_nsec += (long)(cfg.timeout_ms % 1000) * 1000000L;
	if (sh->deadline.tv_nsec >= 1000000000L) {
		sh->deadline.tv_sec++;
		sh->deadline.tv_nsec -= 1000000000L;
	}

	th[0] = (struct lt_probe_thread){ .sh = sh, .pu = cfg.pu_a, .timer = 1 };
	th[1] = (struct lt_probe_thread){ .sh = sh, .pu = cfg.pu_b, .timer = 0 };
	for (; started < 2; started++) {
		err = pthread_create(&tid[started], NULL, probe_thread, &th[started]);
		if (err) {
			probe_fail(sh, err, "pthread_create: %s", strerror(err));
			break;
		}
	}
	for (int k = 0; k < started; k++)
		pthread_join(tid[k], NULL);

	if (atomic_load(&sh->failed)) {
		snprintf(why, len, "%s", sh->why);
		err = sh->err;
	} else {
		*r = (struct lt_probe_result){
			.pu_a = cfg.pu_a, .pu_b = cfg.pu_b,
			.samples = cfg.samples, .rounds = cfg.rounds,
		};
		r->rtt_ns_median = lt_probe_quantile(sh->ns, (size_t)cfg.samples, 0.5);
		r->rtt_ns_min = sh->ns[0];	/* sorted by the call above */
		r->rtt_ns_p90 = lt_probe_quantile(sh->ns, (size_t)cfg.samples, 0.9);
		r->limit_it_per_s = r->rtt_ns_median > 0 ? 1e9 / r->rtt_ns_median : 0;
		rc = 0;
	}
	free(sh->ns);
	free(sh);
	if (rc < 0)
		errno = err;
	return rc;
}
