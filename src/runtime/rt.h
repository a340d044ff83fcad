/* SPDX-License-Identifier: MIT */
/*
 * What the runtime's files (one per concern, listed in Makefile.am's
 * runtime_* lists) share: its settings, options, state and the functions
 * one file gives another.  The kernels see only lt-runtime.h.
 */
#ifndef LT_RT_H
#define LT_RT_H

/* Compiled by litmus-run outside the build tree, so no config.h here. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lt-runtime.h"
#include "counters.h"

#define LT_RT_DEFAULT_ITERS	1000000
/*
 * Iterations per batch.  On a 2-PU KVM guest, SB at -n 1000000 ran at the
 * same rate (about 3.2M iterations/s, medians of 9 interleaved runs) with
 * batches of 100, 1000 and 10000 and only a little slower with 10, so the
 * handshake between batches is amortised from 100 on; the count of the
 * relaxed SB outcome rose from 100 to 1000 and not clearly beyond.  1000
 * keeps a batch's cells at nlocs * 64 KB (128 KB for two locations), inside
 * L2 even for tests with several locations, where 10000 would not be.
 */
#define LT_RT_DEFAULT_BATCH	1000
/*
 * Perpetual batches are long: nothing synchronises inside one, and a
 * witness can pair iterations anywhere in the batch.  100000 iterations
 * keep the recorded reads (nslots * 800 KB) in L2/L3 for the pairing pass.
 */
#define LT_RT_PERP_BATCH	100000
/*
 * Timebase mode: ns between iteration starts.  scripts/bench on the 2-PU
 * KVM guest (medians of 3 interleaved rounds): 100 ns gave 2.1x the SB
 * witnesses/s of 250 ns and 6x those of 500 ns; at 100 ns an iteration
 * with fresh cells takes longer than the period, so the threads mostly
 * run back to back, the schedule only re-aligning them after a delay.
 */
#define LT_RT_DEFAULT_TB_NS	100
/* How far ahead of "now" thread 0 schedules a batch's first start, in ns. */
#define LT_RT_TB_LEAD_NS	5000
/* Delay settings tried by the perpetual calibration (lt_rt_delays[]). */
#define LT_RT_NDELAYS		9
/* Calibration: rounds over all settings, iterations per try. */
#define LT_RT_CALIB_ROUNDS	3
#define LT_RT_CALIB_ITERS	20000
/*
 * Perpetual pauses (pause.c): the most a thread's minimum or span may
 * reach; how much better a refined candidate must be than the incumbent
 * in the calibration's interleaved rounds, and a probe batch than the
 * recent batches during the run, to be taken; a probe every so many
 * batches.  The gains keep noise from moving the setting back and forth:
 * on the 2-PU guest, batches at one setting vary by about 10%.
 */
#define LT_RT_PAUSE_MAX		4096
#define LT_RT_REFINE_GAIN	1.10
#define LT_RT_ADAPT_GAIN	1.20
#define LT_RT_ADAPT_EVERY	4
/*
 * A perpetual batch whose threads never overlapped (no cross-thread read
 * saw its writer part-way through the batch: one thread ran its whole
 * batch while the other was off its PU) holds only the outcomes of
 * sequential runs.  Such a batch is discarded and run again, at most
 * this many times per run; batches shorter than LT_RT_PERP_MIN_JUDGED
 * are not judged (a few iterations may well not overlap).
 */
#define LT_RT_PERP_RETRIES	8
#define LT_RT_PERP_MIN_JUDGED	100
/*
 * A perpetual batch of at least this many iterations is collected by all
 * the instance's threads, each counting a part (the others would only
 * wait meanwhile); smaller ones by thread 0 alone.
 */
#define LT_RT_PERP_SPLIT	256
/*
 * Test hook (doc/sync.md): LT_RT_TEST_NO_OVERLAP=N runs the first N
 * perpetual batches (retries included, calibration not) with the threads
 * one after another, a schedule that never overlaps, whatever the timing.
 */
#define LT_RT_NO_OVERLAP_ENV	"LT_RT_TEST_NO_OVERLAP"
/* Most observed loads of a perpetual kernel: outcomes are masks of them. */
#define LT_RT_PERP_MAX_BITS	16
/*
 * Busy waits between batches spin for up to LT_RT_SPIN_NS, then fall back
 * to sched_yield (at once when threads share PUs).  A time, not a count of
 * relax hints: a pause takes from a few to 140 cycles depending on the
 * core.  Yielding early costs a whole scheduler tick whenever anything else
 * is runnable: with 20,000 hints (about 0.4 ms here) a worker that waited
 * out thread 0's collection yielded, a niced background process ran for
 * its tick, and up to 90% of perpetual SB's batches ran with one thread
 * only; with the time budget none did, at 2x the iterations/s.  A wait
 * longer than a few ticks means the other thread is not running.
 */
#define LT_RT_SPIN_NS		10000000
#define LT_RT_SPIN_CHECK	256
#define LT_RT_MAX_PIN_LIST	4096
/* Most cache lines between iterations (-L stride=N): 64 lines = 4 KB. */
#define LT_RT_MAX_STRIDE	64

/* Memory layout of the cells (-L); -1 fields: the default. */
struct lt_rt_layout {
	int reuse;		/* one set of cells for every iteration */
	int packed;		/* every location of an iteration on one line */
	int shuffle;		/* a random order of cell blocks per batch */
	int stride;		/* cache lines between iterations; 0: minimum */
};

struct lt_rt_opts {
	size_t iters;
	size_t batch;
	int *pin;		/* -p list of PU os indices, or NULL */
	int npin;
	int quiet;
	int sync;		/* enum lt_rt_sync, or -1: the kernel's default */
	int delay;		/* -d: perpetual delay, or -1: calibrate */
	int delay_tuned;	/* delay is a start, refined and adapted */
	unsigned period_ns;	/* -P: timebase period */
	int period_given;
	int batch_given;
	struct lt_rt_layout layout;
	int instances;		/* -I: copies of the test at once; 0: fill the PUs */
	struct lt_counter_list counters;	/* -C; n == 0: counting off */
};

/* Perpetual pauses: thread t waits min[t] + 0..span[t] after an iteration. */
struct lt_rt_pauses {
	unsigned min[LT_RT_PERP_MAX_THREADS];
	unsigned span[LT_RT_PERP_MAX_THREADS];
};

/* One calibration try: a delay setting and what it achieved. */
struct lt_rt_calib {
	unsigned delay;
	double iters_per_s;
	double wits_per_s;
};

/*
 * --sync=auto: one candidate of the calibration (a mode and its setting)
 * and what it achieved over the rounds.  The rates are what the choice
 * compares; LT_RT_AUTO_HOOK_ENV may replace them.
 */
struct lt_rt_try {
	int sync;		/* enum lt_rt_sync */
	unsigned setting;	/* timebase: period in ns; perpetual: delay */
	size_t iters;		/* per round, at most */
	size_t done;		/* iterations run, over the rounds */
	double secs;
	uint64_t wits;		/* outcomes satisfying the condition */
	uint64_t distinct;	/* distinct outcomes, summed over rounds */
	double iters_per_s, wits_per_s, outcomes_per_s;
};

/*
 * Timebase periods (ns) and perpetual delays (pauses) the auto calibration
 * tries, and the most candidates it has.
 */
#define LT_RT_AUTO_PERIODS	{ 50, 100, 200 }
#define LT_RT_AUTO_DELAYS	{ 0, 1, 2, 4, 8, 16 }
#define LT_RT_AUTO_MAX_TRIES	16
/*
 * Iterations per candidate and round: a sixteenth of the run, within
 * these bounds (perpetual iterations are several times cheaper, so they
 * get more).  With 3 rounds the calibration is then at most 75,000 barrier
 * and 180,000 perpetual iterations: ~0.1 s on the 2-PU guest when quiet.
 */
#define LT_RT_AUTO_MIN_ITERS	1000
#define LT_RT_AUTO_ITERS	5000
#define LT_RT_AUTO_PERP_ITERS	10000
/*
 * Time bounds: a candidate's round stops after the batch that takes it
 * past LT_RT_AUTO_TRY_S, and the calibration starts no try once it has
 * spent LT_RT_AUTO_BUDGET_S.  Iteration counts alone were not enough: 3
 * threads on the 2-PU guest under load ran spin at ~1,000 it/s, and the
 * calibration took over a minute.  Perpetual candidates run in batches of
 * LT_RT_AUTO_PERP_CHUNK for the same reason.
 */
#define LT_RT_AUTO_TRY_S	0.02
#define LT_RT_AUTO_BUDGET_S	1.0
#define LT_RT_AUTO_PERP_CHUNK	2500
/*
 * Test hook (doc/sync.md): LT_RT_TEST_AUTO_FIGURES="MODE[@SETTING]=I:W:O,..."
 * replaces the measured iterations/s, witnesses/s and outcomes/s of the
 * listed candidates (every other candidate gets zeros), so that the choice
 * can be checked without depending on the machine's speed.
 */
#define LT_RT_AUTO_HOOK_ENV	"LT_RT_TEST_AUTO_FIGURES"

struct lt_rt_autocal {
	const struct lt_rt_auto *au;
	struct lt_rt_try tries[LT_RT_AUTO_MAX_TRIES];
	int ntries;
	int rounds;
	int rank_outcomes;	/* rank by outcomes/s: nothing to witness */
	int delay_fixed;	/* -d given: perpetual tried at that delay only */
	int chosen;		/* index into tries, or -1 */
	int injected;		/* the figures came from the test hook */
	double spent;		/* seconds the tries took so far */
};

/* Where the threads run: what was planned and what was obtained. */
struct lt_rt_place {
	const char *method;	/* "hwloc", "sched" or "none" */
	char why[160];		/* why the method is "none" */
	int npus;		/* PUs this process may use */
	int *pus;		/* their os indices, in logical order */
	int *plan;		/* per thread: the PU os index to pin to */
	int *placed;		/* per thread: the PU obtained, or -1 */
	int *err;		/* per thread: errno of a failed pin */
	int oversub;
	void *backend;		/* the placement backend's state, or NULL */
};

/*
 * Outcome histogram: open addressing with linear probing.  A key is the
 * nobs observable values followed by a bitmap of which ones are location
 * names (the value is then the location index).  A zero count marks an
 * empty slot, since a stored outcome has been seen at least once.
 */
struct lt_rt_hist {
	size_t kw;		/* key words */
	size_t cap;		/* slots, a power of two */
	size_t len;
	size_t last;		/* slot of the last hit: most hits repeat it */
	uint64_t *keys;
	uint64_t *counts;
};

struct lt_rt_ctx;

struct lt_rt_worker {
	struct lt_rt_ctx *ctx;
	int thread;
	pthread_t tid;
};

/* What the instances share: the placement and the start handshake. */
struct lt_rt_shared {
	struct lt_rt_place place;
	int ninst;
	atomic_int ready;		/* threads that have pinned themselves */
	atomic_int start;		/* 1: instance drivers may begin; -1: quit */
};

/* A perpetual observable that is a bit of the outcome mask: a load whose
 * location has a writer, with its thread's record column. */
struct lt_rt_pload {
	const uint64_t *col;	/* run->out + slot * cap */
	uint64_t mask;		/* the location's bytes */
	int reader, writer;
	unsigned bit;
};

struct lt_rt_ctx {
	const struct lt_rt_test *test;
	const struct lt_rt_opts *opts;
	struct lt_rt_run *run;
	struct lt_rt_shared *sh;
	int first;			/* global index of this instance's thread 0 */
	struct lt_rt_hist hist;
	struct lt_rt_worker *workers;
	int nstarted;			/* workers created */
	pthread_t driver;		/* instances after the first: thread 0 */
	int driver_rc;
	double elapsed;
	size_t done;			/* iterations run and collected */
	size_t *perm;			/* shuffled layout: this batch's order */
	uint64_t rng;
	uint64_t *key;			/* scratch key for collection */
	int64_t *vals;			/* perpetual: scratch outcome values */
	/* Perpetual collection (lt_rt_perp_setup): per observable its bit in
	 * an outcome mask or -1, and its thread-1 flip-point cursor; per mask
	 * the count in this batch and whether it is the search target. */
	int *pbit;
	size_t *pcur;			/* per collector: nobs + 1 cursors */
	int pnbits;
	struct lt_rt_pload *pload;	/* pnbits entries: the loads of the bits */
	int porder[LT_RT_PERP_MAX_THREADS];	/* more threads: search order */
	uint64_t *pcount;		/* per collector: 1 << pnbits counts */
	unsigned char *ptarget;
	/* The collection under way: how many threads share it, the batch's
	 * size, collections posted to the workers and shares they finished. */
	int pshares;
	size_t pjob_n;
	atomic_ulong pjob_posted, pjob_done;
	double tb_hz;			/* timebase: measured ticks per second */
	/* Perpetual overlap: cross-thread reads judged and those that saw
	 * their writer mid-batch, batches run again, and batches kept
	 * without overlap once the retries were spent. */
	uint64_t preads, poverlap;
	unsigned pretried, punoverlapped;
	long serial_left;		/* LT_RT_NO_OVERLAP_ENV batches still to force */
	int serial;			/* this batch: the threads one after another */
	atomic_int turn;		/* serial: the thread whose turn it is */
	struct lt_rt_calib calib[LT_RT_NDELAYS];
	int ncalib;
	/* Perpetual pauses (pause.c): the common delay swept or given, the
	 * current setting, whether it adapts, candidates refined before the
	 * run, probes during it and moves taken by either; the probe under
	 * way and the recent batches' witnesses and iterations per second. */
	unsigned pdelay;
	struct lt_rt_pauses pauses, pprobe;
	int padapt, pprobing;
	unsigned prefined, pprobes, pmoves, pbatches, pnext, prate_n;
	double prate_w, prate_i;
	/* --sync=auto: the calibration (printed with the result), and
	 * whether this session only runs its candidates. */
	struct lt_rt_autocal *cal;
	int cal_only;
	char err[256];
};

void lt_rt_seterr(struct lt_rt_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A busy wait's state: start one with LT_RT_SPIN_INIT for each wait. */
struct lt_rt_spin {
	unsigned n;		/* relax hints so far */
	int yielding;		/* past LT_RT_SPIN_NS */
	struct timespec t0;	/* the first clock reading */
};
#define LT_RT_SPIN_INIT	{ 0, 0, { 0, 0 } }

/*
 * A busy wait that cannot starve whoever it waits for: spin with the
 * architecture's relax hint while the wait is short, yield once it is not
 * (or at once when threads share PUs).  The clock is read every
 * LT_RT_SPIN_CHECK hints only.
 */
static inline void lt_rt_pause(struct lt_rt_spin *s, int yield)
{
	struct timespec now;

	if (yield || s->yielding) {
		sched_yield();
		return;
	}
	lt_cpu_relax();
	if (++s->n % LT_RT_SPIN_CHECK)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (s->n == LT_RT_SPIN_CHECK)
		s->t0 = now;
	else if ((now.tv_sec - s->t0.tv_sec) * 1000000000L +
		 (now.tv_nsec - s->t0.tv_nsec) > LT_RT_SPIN_NS)
		s->yielding = 1;
}

/* Store the low `size` bytes of v, typed, so that big-endian hosts work. */
static inline void lt_rt_store(uint64_t *cell, unsigned size, uint64_t v)
{
	uint8_t v8 = (uint8_t)v;
	uint16_t v16 = (uint16_t)v;
	uint32_t v32 = (uint32_t)v;

	*cell = 0;
	switch (size) {
	case 1: memcpy(cell, &v8, 1); break;
	case 2: memcpy(cell, &v16, 2); break;
	case 4: memcpy(cell, &v32, 4); break;
	default: memcpy(cell, &v, 8); break;
	}
}

static inline uint64_t lt_rt_load(const uint64_t *cell, unsigned size)
{
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (size) {
	case 1: memcpy(&v8, cell, 1); return v8;
	case 2: memcpy(&v16, cell, 2); return v16;
	case 4: memcpy(&v32, cell, 4); return v32;
	default: memcpy(&v64, cell, 8); return v64;
	}
}

static inline uint64_t lt_rt_extend(uint64_t v, unsigned size, int is_signed)
{
	unsigned sh;

	if (size >= 8)
		return v;
	sh = 64 - 8 * size;
	if (is_signed)
		return (uint64_t)((int64_t)(v << sh) >> sh);
	return v & (~(uint64_t)0 >> sh);
}

/* options.c */
extern const char *const lt_rt_sync_names[5];
int lt_rt_parse_opts(int argc, char **argv, struct lt_rt_opts *o);
int lt_rt_sync_settle(struct lt_rt_ctx *ctx, struct lt_rt_opts *o);

/* test.c */
int lt_rt_check_test(struct lt_rt_ctx *ctx, const struct lt_rt_test *t);

/* place.c */
int lt_rt_place_plan(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o);
void lt_rt_pin_self(struct lt_rt_place *pl, int thread);
void lt_rt_place_done(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o,
		      const char *prog);
void lt_rt_place_free(struct lt_rt_place *pl);
int lt_rt_affinity_pus(struct lt_rt_place *pl);
int lt_rt_affinity_pin(int pu);

/*
 * The placement backend: exactly one of place-hwloc.c and place-sched.c
 * is compiled into a test executable (litmus-run chooses by whether it
 * links hwloc into kernels).  find fills pl->pus, pl->npus and
 * pl->method ("hwloc" or "sched"), or returns -1 with errno; pin binds
 * the calling thread to PU pu, or returns -1 with errno; release frees
 * pl->backend.
 */
int lt_rt_backend_find(struct lt_rt_place *pl);
int lt_rt_backend_pin(struct lt_rt_place *pl, int pu);
void lt_rt_backend_release(struct lt_rt_place *pl);

/* batch.c */
void lt_rt_batch_init(struct lt_rt_run *run, size_t n);
void lt_rt_save_fin(struct lt_rt_run *run, size_t k);
void *lt_rt_worker_main(void *arg);
void lt_rt_stop_workers(struct lt_rt_ctx *ctx);

/* hist.c */
int lt_rt_hist_init(struct lt_rt_hist *h, size_t kw);
void lt_rt_hist_clear(struct lt_rt_hist *h);
int lt_rt_hist_addn(struct lt_rt_hist *h, const uint64_t *key, uint64_t count);
void lt_rt_hist_free(struct lt_rt_hist *h);
int lt_rt_collect(struct lt_rt_ctx *ctx, size_t n);

/* perpetual.c */
int lt_rt_perp_setup(struct lt_rt_ctx *ctx);
int lt_rt_perp_collect(struct lt_rt_ctx *ctx, size_t n, int hist, uint64_t *hits);
uint64_t lt_rt_perp_overlap(const struct lt_rt_ctx *ctx, size_t n, uint64_t *reads);
void lt_rt_perp_work(struct lt_rt_ctx *ctx, int c);

/* pause.c */
void lt_rt_pause_uniform(struct lt_rt_pauses *p, int nthreads, unsigned d);
void lt_rt_pause_apply(struct lt_rt_run *run, const struct lt_rt_pauses *p,
		       int nthreads);
void lt_rt_pause_calibrate(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o,
			   unsigned long *gen);
void lt_rt_pause_before(struct lt_rt_ctx *ctx);
void lt_rt_pause_after(struct lt_rt_ctx *ctx, size_t n, double secs, uint64_t wits);

/* runtime.c: one batch of n iterations on every thread (thread 0 here). */
void lt_rt_batch(struct lt_rt_ctx *ctx, size_t n, unsigned long *gen,
		 struct lt_counters *cnt);

static inline double lt_rt_seconds(const struct timespec *a,
				   const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* runtime.c: the signal that asked for an early stop, or 0. */
extern volatile sig_atomic_t lt_rt_stop_sig;
/*
 * runtime.c: one run of test with options o (settled and consumed here):
 * with cal and cal_only, the calibration candidates of cal that fit test's
 * form, nothing printed; otherwise the run, printed (with cal's table when
 * given).  Returns the executable's exit status.
 */
int lt_rt_session(const struct lt_rt_test *test, struct lt_rt_opts *o,
		  const char *prog, struct lt_rt_autocal *cal, int cal_only);
/* runtime.c: the options parsed, signals set: -1, or the exit status now. */
int lt_rt_begin(int argc, char **argv, struct lt_rt_opts *o);

/* auto.c: the rates of every try, and the index of the best (-1: none ran). */
int lt_rt_auto_pick(struct lt_rt_autocal *cal);

/* output.c: done iterations (all instances), of o->iters each asked for. */
int lt_rt_print(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o,
		const struct lt_counters *cnt, double elapsed, size_t done);

#endif /* LT_RT_H */
