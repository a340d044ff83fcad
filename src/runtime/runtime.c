/* SPDX-License-Identifier: MIT */
/*
 * The runtime of every test executable: options, thread placement, batches
 * of iterations, the outcome histogram and the raw output litmus-run parses.
 */
/* Compiled by litmus-run outside the build tree, so no config.h here. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef LT_HAVE_HWLOC
#include <hwloc.h>
#include "lt-pus.h"
#endif

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
/* Delay settings tried by the perpetual calibration, in pauses. */
static const unsigned lt_rt_delays[] = { 0, 1, 2, 4, 8, 16, 32, 64, 128 };
#define LT_RT_NDELAYS (sizeof(lt_rt_delays) / sizeof(lt_rt_delays[0]))
/* Calibration: rounds over all settings, iterations per try. */
#define LT_RT_CALIB_ROUNDS	3
#define LT_RT_CALIB_ITERS	20000
/* Most observed loads of a perpetual kernel: outcomes are masks of them. */
#define LT_RT_PERP_MAX_BITS	16
/* Most threads of a perpetual kernel (IRIW has four). */
#define LT_RT_PERP_MAX_THREADS	4
/* Busy waits between batches fall back to sched_yield after this many. */
#define LT_RT_SPIN_LIMIT	20000
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
	unsigned period_ns;	/* -P: timebase period */
	int batch_given;
	struct lt_rt_layout layout;
	int instances;		/* -I: copies of the test at once; 0: fill the PUs */
	struct lt_counter_list counters;	/* -C; n == 0: counting off */
};

/* One calibration try: a delay setting and what it achieved. */
struct lt_rt_calib {
	unsigned delay;
	double iters_per_s;
	double wits_per_s;
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
#ifdef LT_HAVE_HWLOC
	hwloc_topology_t topo;
	int have_topo;
#endif
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
	size_t *perm;			/* shuffled layout: this batch's order */
	uint64_t rng;
	uint64_t *key;			/* scratch key for collection */
	int64_t *vals;			/* perpetual: scratch outcome values */
	/* Perpetual collection (lt_rt_perp_setup): per observable its bit in
	 * an outcome mask or -1, and its thread-1 flip-point cursor; per mask
	 * the count in this batch and whether it is the search target. */
	int *pbit;
	size_t *pcur;
	int pnbits;
	struct lt_rt_pload *pload;	/* pnbits entries: the loads of the bits */
	int porder[LT_RT_PERP_MAX_THREADS];	/* more threads: search order */
	uint64_t *pcount;
	unsigned char *ptarget;
	double tb_hz;			/* timebase: measured ticks per second */
	struct lt_rt_calib calib[LT_RT_NDELAYS];
	int ncalib;
	char err[256];
};

static void lt_rt_seterr(struct lt_rt_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void lt_rt_seterr(struct lt_rt_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->err, sizeof(ctx->err), fmt, ap);
	va_end(ap);
}

/*
 * A busy wait that cannot starve whoever it waits for: spin with the
 * architecture's relax hint while the wait is short, yield once it is not
 * (or at once when threads share PUs).
 */
static void lt_rt_pause(unsigned *spins, int yield)
{
	if (yield || *spins >= LT_RT_SPIN_LIMIT) {
		sched_yield();
	} else {
		(*spins)++;
		lt_cpu_relax();
	}
}

/* ---------------------------------------------------------------------- */
/* Options                                                                */
/* ---------------------------------------------------------------------- */

static int lt_rt_sync_parse(const char *s);

/* -L: comma-separated words; later words override earlier ones. */
static int lt_rt_parse_layout(const char *arg, struct lt_rt_layout *l)
{
	char buf[256], *save = NULL;

	if (strlen(arg) >= sizeof(buf))
		return -1;
	strcpy(buf, arg);
	for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (!strcmp(w, "fresh") || !strcmp(w, "reuse")) {
			l->reuse = w[0] == 'r';
		} else if (!strcmp(w, "line") || !strcmp(w, "packed")) {
			l->packed = w[0] == 'p';
		} else if (!strcmp(w, "seq") || !strcmp(w, "shuffle")) {
			l->shuffle = w[1] == 'h';
		} else if (!strncmp(w, "stride=", 7)) {
			char *end;
			unsigned long v;

			errno = 0;
			v = strtoul(w + 7, &end, 10);
			if (errno || *end || w[7] < '0' || w[7] > '9' ||
			    v > LT_RT_MAX_STRIDE)
				return -1;
			l->stride = (int)v;
		} else {
			return -1;
		}
	}
	return 0;
}

static void lt_rt_usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-n ITERATIONS] [-s BATCH] [-p PU[,PU...]] [-S SYNC] [-d DELAY]\n"
		"          [-L LAYOUT] [-I INSTANCES] [-C EVENTS]\n"
		"       [-P NS] [-q] [-h]\n"
		"  -n N     outcomes to collect (default %d)\n"
		"  -s N     iterations per batch (default %d; perpetual %d)\n"
		"  -S SYNC  spin | flags | timebase | perpetual (default: spin, or\n"
		"           perpetual for a kernel generated for it)\n"
		"  -d N     perpetual: at most N pauses between iterations (default:\n"
		"           calibrated)\n"
		"  -P NS    timebase: ns between iteration starts (default %d)\n"
		"  -p LIST  pin thread t to entry t of LIST (PU os indices,\n"
		"           reused round robin when LIST is shorter)\n"
		"  -L LIST  memory layout, comma-separated: fresh (cells per\n"
		"           iteration, default) | reuse (one set, re-initialised\n"
		"           before each iteration); line (a cache line per\n"
		"           location, default) | packed (locations share a line);\n"
		"           stride=N (cache lines between iterations); seq\n"
		"           (default) | shuffle (random order of cells per batch)\n"
		"  -I N     N instances of the test at once, each with its own\n"
		"           threads and cells (0: as many as the PUs hold);\n"
		"           -n counts per instance\n"
		"  -C LIST  hardware events counted on thread 0 while it runs its\n"
		"           kernel: up to %d comma-separated PAPI names, or none\n"
		"           (default %s)\n"
		"  -q       no warnings on stderr\n"
		"  -h       this help\n"
		"Prints the raw histogram (\"litmus-raw 1\") on stdout.\n",
		prog, LT_RT_DEFAULT_ITERS, LT_RT_DEFAULT_BATCH, LT_RT_PERP_BATCH,
		LT_RT_DEFAULT_TB_NS, LT_COUNTERS_MAX, LT_COUNTERS_DEFAULT);
}

static int lt_rt_parse_size(const char *s, size_t *out)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v == 0 || v > SIZE_MAX / 2)
		return -1;
	*out = (size_t)v;
	return 0;
}

static int lt_rt_parse_pins(const char *s, struct lt_rt_opts *o)
{
	int n = 1;

	for (const char *p = s; *p; p++)
		n += *p == ',';
	if (n > LT_RT_MAX_PIN_LIST)
		return -1;
	free(o->pin);
	o->pin = calloc((size_t)n, sizeof(*o->pin));
	if (!o->pin)
		return -1;
	o->npin = 0;
	while (o->npin < n) {
		unsigned long v;
		char *end;

		if (*s < '0' || *s > '9')
			return -1;
		errno = 0;
		v = strtoul(s, &end, 10);
		if (errno || v > INT_MAX || (*end && *end != ','))
			return -1;
		o->pin[o->npin++] = (int)v;
		s = *end ? end + 1 : end;
	}
	return 0;
}

/* 0: run; 1: done (help printed); -1: usage error (reported). */
static int lt_rt_parse_opts(int argc, char **argv, struct lt_rt_opts *o)
{
	const char *prog = argc > 0 && argv[0] ? argv[0] : "litmus-test";
	int c;

	o->iters = LT_RT_DEFAULT_ITERS;
	o->batch = LT_RT_DEFAULT_BATCH;
	o->pin = NULL;
	o->npin = 0;
	o->quiet = 0;
	o->sync = -1;
	o->delay = -1;
	o->period_ns = LT_RT_DEFAULT_TB_NS;
	o->batch_given = 0;
	o->layout = (struct lt_rt_layout){ -1, -1, -1, -1 };
	o->instances = 1;
	lt_counters_parse(LT_COUNTERS_DEFAULT, &o->counters, NULL, 0);
	opterr = 0;
	optind = 1;
	while ((c = getopt(argc, argv, ":n:s:p:S:d:P:L:I:C:qh")) != -1) {
		size_t v;

		switch (c) {
		case 'S':
			o->sync = lt_rt_sync_parse(optarg);
			if (o->sync < 0) {
				fprintf(stderr, "%s: -S: expected spin, flags, timebase or perpetual, got '%s'\n",
					prog, optarg);
				return -1;
			}
			continue;
		case 'd':
			/* 0 is a setting here: no delay. */
			if (!strcmp(optarg, "0")) {
				o->delay = 0;
			} else if (lt_rt_parse_size(optarg, &v) < 0 || v > 1000000) {
				fprintf(stderr, "%s: -d: expected 0 to 1000000 pauses, got '%s'\n",
					prog, optarg);
				return -1;
			} else {
				o->delay = (int)v;
			}
			continue;
		case 'L':
			if (lt_rt_parse_layout(optarg, &o->layout) < 0) {
				fprintf(stderr, "%s: -L: expected fresh, reuse, line, packed, seq, shuffle or stride=N (N <= %d), got '%s'\n",
					prog, LT_RT_MAX_STRIDE, optarg);
				return -1;
			}
			continue;
		case 'I':
			if (!strcmp(optarg, "0")) {
				o->instances = 0;
			} else if (lt_rt_parse_size(optarg, &v) < 0 || v > 4096) {
				fprintf(stderr, "%s: -I: expected 0 to 4096 instances, got '%s'\n",
					prog, optarg);
				return -1;
			} else {
				o->instances = (int)v;
			}
			continue;
		case 'C': {
			char why[200];

			if (lt_counters_parse(optarg, &o->counters, why, sizeof(why)) < 0) {
				fprintf(stderr, "%s: -C: %s\n", prog, why);
				return -1;
			}
			continue;
		}
		case 'P':
			if (lt_rt_parse_size(optarg, &v) < 0 || v > 1000000000) {
				fprintf(stderr, "%s: -P: expected a period in ns, got '%s'\n",
					prog, optarg);
				return -1;
			}
			o->period_ns = (unsigned)v;
			continue;
		default:
			break;
		}
		switch (c) {
		case 'n':
			if (lt_rt_parse_size(optarg, &o->iters) < 0) {
				fprintf(stderr, "%s: -n: expected a positive count, got '%s'\n",
					prog, optarg);
				return -1;
			}
			break;
		case 's':
			if (lt_rt_parse_size(optarg, &o->batch) < 0) {
				fprintf(stderr, "%s: -s: expected a positive count, got '%s'\n",
					prog, optarg);
				return -1;
			}
			o->batch_given = 1;
			break;
		case 'p':
			if (lt_rt_parse_pins(optarg, o) < 0) {
				fprintf(stderr, "%s: -p: expected PU os indices separated by commas, got '%s'\n",
					prog, optarg);
				return -1;
			}
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'h':
			lt_rt_usage(stdout, prog);
			fflush(stdout);
			return 1;
		case ':':
			fprintf(stderr, "%s: option -%c needs an argument\n", prog, optopt);
			lt_rt_usage(stderr, prog);
			return -1;
		default:
			fprintf(stderr, "%s: unknown option -%c\n", prog, optopt);
			lt_rt_usage(stderr, prog);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", prog, argv[optind]);
		lt_rt_usage(stderr, prog);
		return -1;
	}
	return 0;
}

static const char *const lt_rt_sync_names[] = {
	[LT_RT_SYNC_SPIN] = "spin",
	[LT_RT_SYNC_FLAGS] = "flags",
	[LT_RT_SYNC_TIMEBASE] = "timebase",
	[LT_RT_SYNC_PERPETUAL] = "perpetual",
};

static int lt_rt_sync_parse(const char *s)
{
	for (int m = 0; m < 4; m++)
		if (!strcmp(s, lt_rt_sync_names[m]))
			return m;
	return -1;
}

/*
 * Settle the mode against the kernel: a perpetual kernel has no barrier
 * calls and a barrier kernel records no per-iteration values, so neither
 * can run the other's way.  Then the batch size, which depends on it.
 */
static int lt_rt_sync_settle(struct lt_rt_ctx *ctx, struct lt_rt_opts *o)
{
	int perp = ctx->test->perpetual != NULL;

	if (o->sync < 0)
		o->sync = perp ? LT_RT_SYNC_PERPETUAL : LT_RT_SYNC_SPIN;
	if (perp != (o->sync == LT_RT_SYNC_PERPETUAL)) {
		lt_rt_seterr(ctx, "-S %s: this kernel was generated for %s",
			     lt_rt_sync_names[o->sync],
			     perp ? "-S perpetual only" : "barrier modes only");
		return -1;
	}
	/*
	 * A perpetual kernel runs on one set of cells by construction, so
	 * only the location spacing applies; reused cells need the
	 * handshake of a barrier to re-initialise them in.
	 */
	if (perp && (o->layout.reuse == 0 || o->layout.shuffle > 0 ||
		     o->layout.stride > 0)) {
		lt_rt_seterr(ctx, "-S perpetual: one set of cells for the whole run; "
			     "-L fresh, shuffle and stride=N do not apply");
		return -1;
	}
	if (o->layout.reuse > 0 && o->sync == LT_RT_SYNC_TIMEBASE) {
		lt_rt_seterr(ctx, "-L reuse needs a handshake to re-initialise the "
			     "cells in: -S spin or flags, not timebase");
		return -1;
	}
	if (o->layout.reuse > 0 && (o->layout.shuffle > 0 || o->layout.stride > 0)) {
		lt_rt_seterr(ctx, "-L reuse: one set of cells, so shuffle and stride=N do not apply");
		return -1;
	}
	if (o->layout.reuse < 0)
		o->layout.reuse = perp;
	if (o->layout.packed < 0)
		o->layout.packed = 0;
	if (o->layout.shuffle < 0)
		o->layout.shuffle = 0;
	if (o->layout.stride < 0)
		o->layout.stride = 0;
	if (perp && !o->batch_given)
		o->batch = LT_RT_PERP_BATCH;
	if (o->batch > o->iters)
		o->batch = o->iters;
	/*
	 * Perpetual stores write the run's iteration number + 1 into
	 * locations of at least 4 bytes (src/gen/perpetual.c): keep it
	 * positive as a 32-bit value so that reads compare exactly.
	 */
	if (perp && o->iters >= ((size_t)1 << 31) - ((size_t)1 << 24)) {
		lt_rt_seterr(ctx, "-S perpetual: at most %zu iterations",
			     ((size_t)1 << 31) - ((size_t)1 << 24) - 1);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* The test description                                                   */
/* ---------------------------------------------------------------------- */

static int lt_rt_size_ok(unsigned size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

/* The generator's output is trusted, but a bad table must not crash. */
static int lt_rt_check_test(struct lt_rt_ctx *ctx, const struct lt_rt_test *t)
{
	if (t->nthreads < 1 || t->nlocs < 0 || t->nobs < 0 || t->nslots < 0 ||
	    !t->threads || (t->nlocs && (!t->loc_names || !t->loc_sizes ||
					  !t->loc_init)) ||
	    (t->nobs && !t->obs)) {
		lt_rt_seterr(ctx, "invalid test description: bad counts or tables");
		return -1;
	}
	for (int th = 0; th < t->nthreads; th++) {
		if (!t->threads[th]) {
			lt_rt_seterr(ctx, "invalid test description: thread %d has no code", th);
			return -1;
		}
	}
	for (int l = 0; l < t->nlocs; l++) {
		const struct lt_rt_init *in = &t->loc_init[l];

		if (!lt_rt_size_ok(t->loc_sizes[l]) ||
		    (in->is_sym && (in->sym < 0 || in->sym >= t->nlocs))) {
			lt_rt_seterr(ctx, "invalid test description: location %d", l);
			return -1;
		}
	}
	for (int o = 0; o < t->nobs && t->perpetual; o++) {
		const struct lt_rt_perp_obs *po = &t->perpetual->obs[o];

		if (t->nthreads < 2 || t->nthreads > LT_RT_PERP_MAX_THREADS ||
		    !t->perpetual->target ||
		    t->nobs > LT_RT_PERP_MAX_BITS ||
		    po->reader < 0 || po->reader >= t->nthreads || po->writer < -1 ||
		    po->writer >= t->nthreads || po->slot < 0 ||
		    (po->kind == LT_RT_PERP_LOAD && po->slot >= t->nslots)) {
			lt_rt_seterr(ctx, "invalid test description: perpetual observable %d", o);
			return -1;
		}
	}
	for (int o = 0; o < t->nobs; o++) {
		const struct lt_rt_obs *ob = &t->obs[o];
		int lim = ob->is_loc ? t->nlocs : t->nslots;

		if (!ob->name || ob->index < 0 || ob->index >= lim ||
		    !lt_rt_size_ok(ob->size)) {
			lt_rt_seterr(ctx, "invalid test description: observable %d", o);
			return -1;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Placement                                                              */
/* ---------------------------------------------------------------------- */

/* The PUs of this process's affinity mask, in CPU number order. */
static int lt_rt_pus_sched(struct lt_rt_place *pl)
{
	cpu_set_t set;
	int n = 0;

	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return -1;
	pl->pus = calloc(CPU_SETSIZE, sizeof(*pl->pus));
	if (!pl->pus)
		return -1;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set))
			pl->pus[n++] = cpu;
	pl->npus = n;
	return n ? 0 : -1;
}

#ifdef LT_HAVE_HWLOC
/*
 * The PUs hwloc says this process may use: one of each core in logical
 * order, then each core's first SMT sibling, and so on, so that
 * consecutive threads land on different cores while there are enough
 * (lt-pus.h, which src/run/place.c's place_default shares).  A binding the process was started with (taskset,
 * numactl) narrows the set.
 */
static int lt_rt_pus_hwloc(struct lt_rt_place *pl)
{
	hwloc_bitmap_t set, bound;
	int n, npu;

	if (hwloc_topology_init(&pl->topo) < 0)
		return -1;
	if (hwloc_topology_load(pl->topo) < 0) {
		hwloc_topology_destroy(pl->topo);
		return -1;
	}
	pl->have_topo = 1;
	set = hwloc_bitmap_dup(hwloc_topology_get_allowed_cpuset(pl->topo));
	bound = hwloc_bitmap_alloc();
	if (!set || !bound)
		goto err;
	if (hwloc_get_cpubind(pl->topo, bound, HWLOC_CPUBIND_PROCESS) == 0 &&
	    hwloc_bitmap_intersects(set, bound))
		hwloc_bitmap_and(set, set, bound);
	npu = hwloc_get_nbobjs_by_type(pl->topo, HWLOC_OBJ_PU);
	if (npu <= 0)
		goto err;
	pl->pus = calloc((size_t)npu, sizeof(*pl->pus));
	if (!pl->pus)
		goto err;
	n = lt_pus_order(pl->topo, set, pl->pus, npu);
	pl->npus = n;
	hwloc_bitmap_free(set);
	hwloc_bitmap_free(bound);
	return n ? 0 : -1;
err:
	hwloc_bitmap_free(set);
	hwloc_bitmap_free(bound);
	free(pl->pus);
	pl->pus = NULL;
	hwloc_topology_destroy(pl->topo);
	pl->have_topo = 0;
	return -1;
}
#endif

/*
 * Find the PUs, settle the number of instances and plan which thread goes
 * where (global index: instance * nthreads + thread); the pinning comes
 * later.
 */
static int lt_rt_place_plan(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o)
{
	struct lt_rt_shared *sh = ctx->sh;
	struct lt_rt_place *pl = &sh->place;
	int nt;

	pl->method = "none";
#ifdef LT_HAVE_HWLOC
	if (lt_rt_pus_hwloc(pl) == 0)
		pl->method = "hwloc";
	else
#endif
	if (lt_rt_pus_sched(pl) == 0)
		pl->method = "sched";

	if (!strcmp(pl->method, "none")) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		snprintf(pl->why, sizeof(pl->why),
			 "cannot read the CPUs this process may use: %s",
			 strerror(errno ? errno : ENOSYS));
		pl->npus = n > 0 && n < INT_MAX ? (int)n : 1;
	}
	sh->ninst = o->instances;
	if (!sh->ninst) {
		int avail = o->npin ? o->npin : pl->npus;

		sh->ninst = avail / ctx->test->nthreads;
		if (sh->ninst < 1)
			sh->ninst = 1;
	}
	nt = sh->ninst * ctx->test->nthreads;

	pl->plan = calloc((size_t)nt, sizeof(*pl->plan));
	pl->placed = calloc((size_t)nt, sizeof(*pl->placed));
	pl->err = calloc((size_t)nt, sizeof(*pl->err));
	if (!pl->plan || !pl->placed || !pl->err) {
		lt_rt_seterr(ctx, "out of memory for %d threads", nt);
		return -1;
	}
	for (int t = 0; t < nt; t++)
		pl->placed[t] = -1;
	if (!strcmp(pl->method, "none")) {
		pl->oversub = nt > pl->npus;
		return 0;
	}

	for (int t = 0; t < nt; t++)
		pl->plan[t] = o->npin ? o->pin[t % o->npin] :
			      pl->pus[t % pl->npus];
	/* Threads that share a PU must yield to each other, never spin. */
	pl->oversub = nt > pl->npus;
	for (int t = 0; t < nt && !pl->oversub; t++)
		for (int u = 0; u < t; u++)
			if (pl->plan[u] == pl->plan[t])
				pl->oversub = 1;
	/*
	 * Instances that share PUs only yield to each other: on the 2-PU
	 * guest, 3 instances of SB (6 threads) took 6 s to over 60 s for
	 * 10,000 iterations each, against 0.02 s for one.
	 */
	if (sh->ninst > 1 && pl->oversub) {
		lt_rt_seterr(ctx, "-I %d: %d instances of %d threads need %d distinct PUs; %d available",
			     sh->ninst, sh->ninst, ctx->test->nthreads, nt,
			     o->npin ? o->npin : pl->npus);
		return -1;
	}
	return 0;
}

/* Pin the calling thread to its planned PU; records the outcome. */
static void lt_rt_pin_self(struct lt_rt_place *pl, int thread)
{
	int pu = pl->plan[thread];
	int rc = -1;

	if (!strcmp(pl->method, "none")) {
		pl->err[thread] = 0;
		return;
	}
#ifdef LT_HAVE_HWLOC
	if (pl->have_topo) {
		hwloc_bitmap_t set = hwloc_bitmap_alloc();

		if (!set) {
			pl->err[thread] = ENOMEM;
			return;
		}
		hwloc_bitmap_only(set, (unsigned)pu);
		errno = 0;
		rc = hwloc_set_cpubind(pl->topo, set, HWLOC_CPUBIND_THREAD);
		hwloc_bitmap_free(set);
	} else
#endif
	{
		cpu_set_t set;

		if (pu >= CPU_SETSIZE) {
			errno = EINVAL;
		} else {
			CPU_ZERO(&set);
			CPU_SET(pu, &set);
			/* pid 0: the calling thread, not the whole process. */
			rc = sched_setaffinity(0, sizeof(set), &set);
		}
	}
	if (rc == 0)
		pl->placed[thread] = pu;
	else
		pl->err[thread] = errno ? errno : EINVAL;
}

/* After every thread tried: settle the method and warn about failures. */
static void lt_rt_place_done(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o,
			     const char *prog)
{
	struct lt_rt_place *pl = &ctx->sh->place;
	int nt = ctx->test->nthreads * ctx->sh->ninst, pinned = 0, first = -1;

	if (!strcmp(pl->method, "none"))
		goto warn;
	for (int t = 0; t < nt; t++) {
		if (pl->placed[t] >= 0)
			pinned++;
		else if (first < 0)
			first = t;
	}
	if (!pinned) {
		snprintf(pl->why, sizeof(pl->why), "%s pinning to PU %d failed: %s",
			 !strcmp(pl->method, "hwloc") ? "hwloc_set_cpubind" :
			 "sched_setaffinity", pl->plan[first],
			 strerror(pl->err[first]));
		pl->method = "none";
		/* The scheduler places the threads: they share only if too many. */
		pl->oversub = nt > pl->npus;
	} else if (first >= 0 && !o->quiet) {
		for (int t = 0; t < nt; t++)
			if (pl->placed[t] < 0)
				fprintf(stderr, "%s: warning: thread %d not pinned to PU %d: %s\n",
					prog, t, pl->plan[t], strerror(pl->err[t]));
	}
warn:
	if (o->quiet)
		return;
	if (!strcmp(pl->method, "none"))
		fprintf(stderr, "%s: warning: threads not pinned: %s\n", prog, pl->why);
	if (pl->oversub) {
		int used = 0;

		for (int t = 0; t < nt; t++) {
			int seen = 0;

			for (int u = 0; u < t; u++)
				seen |= pl->plan[u] == pl->plan[t];
			used += !seen;
		}
		if (!strcmp(pl->method, "none") || used > pl->npus)
			used = pl->npus;
		fprintf(stderr, "%s: warning: %d threads share %d PU%s: they yield instead of spinning, so outcomes that need true parallelism will be rare\n",
			prog, nt, used, used == 1 ? "" : "s");
	}
}

static void lt_rt_place_free(struct lt_rt_place *pl)
{
	free(pl->pus);
	free(pl->plan);
	free(pl->placed);
	free(pl->err);
#ifdef LT_HAVE_HWLOC
	if (pl->have_topo)
		hwloc_topology_destroy(pl->topo);
#endif
}

/* ---------------------------------------------------------------------- */
/* Batches                                                                */
/* ---------------------------------------------------------------------- */

/* Store the low `size` bytes of v, typed, so that big-endian hosts work. */
static void lt_rt_store(uint64_t *cell, unsigned size, uint64_t v)
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

static uint64_t lt_rt_load(const uint64_t *cell, unsigned size)
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

static uint64_t lt_rt_extend(uint64_t v, unsigned size, int is_signed)
{
	unsigned sh;

	if (size >= 8)
		return v;
	sh = 64 - 8 * size;
	if (is_signed)
		return (uint64_t)((int64_t)(v << sh) >> sh);
	return v & (~(uint64_t)0 >> sh);
}

/* Give one iteration's cells their initial values. */
static void lt_rt_init_block(struct lt_rt_run *run, uint64_t *it)
{
	const struct lt_rt_test *t = run->test;

	for (int l = 0; l < t->nlocs; l++) {
		const struct lt_rt_init *in = &t->loc_init[l];
		uint64_t *cell = lt_rt_cell(run, it, l);

		if (in->is_sym) {
			uintptr_t p = (uintptr_t)lt_rt_cell(run, it, in->sym);

			*cell = 0;
			memcpy(cell, &p, sizeof(p));
		} else {
			lt_rt_store(cell, t->loc_sizes[l], (uint64_t)in->value);
		}
	}
}

/* Reuse: keep iteration k's final cells (whole words) for collection. */
static void lt_rt_save_fin(struct lt_rt_run *run, size_t k)
{
	const struct lt_rt_test *t = run->test;

	for (int l = 0; l < t->nlocs; l++)
		memcpy(&run->fin[k * (size_t)t->nlocs + (size_t)l],
		       lt_rt_cell(run, run->cells, l), sizeof(uint64_t));
}

void lt_rt_reinit(struct lt_rt_run *run, size_t i)
{
	lt_rt_save_fin(run, i - 1);
	lt_rt_init_block(run, run->cells);
}

static void lt_rt_batch_init(struct lt_rt_run *run, size_t n)
{
	const struct lt_rt_test *t = run->test;

	/*
	 * Perpetual cells are never reset: the values only grow, and every
	 * read is judged against the batch's iteration numbers.  Reused
	 * cells are initialised here for the batch's first iteration only.
	 */
	for (size_t i = 0; i < n && run->sync != LT_RT_SYNC_PERPETUAL; i++) {
		lt_rt_init_block(run, lt_rt_cells(run, i));
		if (run->reuse)
			break;
	}
	if (t->nslots)
		memset(run->out, 0, (run->sync == LT_RT_SYNC_PERPETUAL ? run->cap : n) *
		       (size_t)t->nslots * sizeof(*run->out));
}

static void *lt_rt_worker_main(void *arg)
{
	struct lt_rt_worker *w = arg;
	struct lt_rt_ctx *ctx = w->ctx;
	struct lt_rt_run *run = ctx->run;
	unsigned long seen = 0;

	lt_rt_pin_self(&ctx->sh->place, ctx->first + w->thread);
	atomic_fetch_add_explicit(&ctx->sh->ready, 1, memory_order_release);
	for (;;) {
		unsigned long gen;
		unsigned spins = 0;

		while ((gen = atomic_load_explicit(&run->batch_gen,
						   memory_order_acquire)) == seen)
			lt_rt_pause(&spins, run->yield);
		if (atomic_load_explicit(&run->stop, memory_order_relaxed))
			break;
		seen = gen;
		run->test->threads[w->thread](run, w->thread);
		atomic_fetch_add_explicit(&run->batch_done, 1,
					  memory_order_release);
	}
	return NULL;
}

static void lt_rt_stop_workers(struct lt_rt_ctx *ctx)
{
	struct lt_rt_run *run = ctx->run;

	atomic_store_explicit(&run->stop, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&run->batch_gen, 1, memory_order_release);
	for (int i = 0; i < ctx->nstarted; i++)
		pthread_join(ctx->workers[i].tid, NULL);
	ctx->nstarted = 0;
}

/* ---------------------------------------------------------------------- */
/* Histogram                                                              */
/* ---------------------------------------------------------------------- */

static uint64_t lt_rt_hash(const uint64_t *k, size_t kw)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;

	for (size_t i = 0; i < kw; i++) {
		h ^= k[i];
		h *= 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 31;
	}
	return h ^ (h >> 29);
}

static int lt_rt_hist_init(struct lt_rt_hist *h, size_t kw)
{
	h->kw = kw;
	h->cap = 64;
	h->len = 0;
	h->last = 0;
	h->keys = calloc(h->cap * kw, sizeof(*h->keys));
	h->counts = calloc(h->cap, sizeof(*h->counts));
	return h->keys && h->counts ? 0 : -1;
}

static void lt_rt_hist_put(uint64_t *keys, uint64_t *counts, size_t cap,
			   size_t kw, const uint64_t *key, uint64_t count)
{
	size_t j = lt_rt_hash(key, kw) & (cap - 1);

	while (counts[j])
		j = (j + 1) & (cap - 1);
	memcpy(keys + j * kw, key, kw * sizeof(*key));
	counts[j] = count;
}

static int lt_rt_hist_grow(struct lt_rt_hist *h)
{
	size_t cap = h->cap * 2;
	uint64_t *keys, *counts;

	if (cap > SIZE_MAX / (h->kw * sizeof(*keys)))
		return -1;
	keys = calloc(cap * h->kw, sizeof(*keys));
	counts = calloc(cap, sizeof(*counts));
	if (!keys || !counts) {
		free(keys);
		free(counts);
		return -1;
	}
	for (size_t j = 0; j < h->cap; j++)
		if (h->counts[j])
			lt_rt_hist_put(keys, counts, cap, h->kw,
				       h->keys + j * h->kw, h->counts[j]);
	free(h->keys);
	free(h->counts);
	h->keys = keys;
	h->counts = counts;
	h->cap = cap;
	h->last = 0;
	return 0;
}

static int lt_rt_hist_addn(struct lt_rt_hist *h, const uint64_t *key,
			    uint64_t count)
{
	size_t kb = h->kw * sizeof(*key), j;

	if (h->counts[h->last] &&
	    !memcmp(h->keys + h->last * h->kw, key, kb)) {
		h->counts[h->last] += count;
		return 0;
	}
	/* Keep the load at most one half so that probes stay short. */
	if ((h->len + 1) * 2 > h->cap && lt_rt_hist_grow(h) < 0)
		return -1;
	j = lt_rt_hash(key, h->kw) & (h->cap - 1);
	while (h->counts[j]) {
		if (!memcmp(h->keys + j * h->kw, key, kb)) {
			h->counts[j] += count;
			h->last = j;
			return 0;
		}
		j = (j + 1) & (h->cap - 1);
	}
	memcpy(h->keys + j * h->kw, key, kb);
	h->counts[j] = count;
	h->len++;
	h->last = j;
	return 0;
}

static int lt_rt_hist_add(struct lt_rt_hist *h, const uint64_t *key)
{
	return lt_rt_hist_addn(h, key, 1);
}

static void lt_rt_hist_free(struct lt_rt_hist *h)
{
	free(h->keys);
	free(h->counts);
}

/*
 * A value equal to the address of one of the iteration's cells is that
 * location's name, as herd prints it; returns the location or -1.
 */
static int lt_rt_symbol(const struct lt_rt_run *run, uint64_t *it, uint64_t v)
{
	if (!v)
		return -1;
	for (int l = 0; l < run->test->nlocs; l++)
		if (v == (uint64_t)(uintptr_t)lt_rt_cell(run, it, l))
			return l;
	return -1;
}

static int lt_rt_collect(struct lt_rt_ctx *ctx, size_t n)
{
	struct lt_rt_run *run = ctx->run;
	const struct lt_rt_test *t = ctx->test;
	uint64_t *key = ctx->key, *bits = key + t->nobs;
	size_t nbits = ctx->hist.kw - (size_t)t->nobs;

	for (size_t i = 0; i < n; i++) {
		uint64_t *it = lt_rt_cells(run, i);
		const uint64_t *slots = run->out + i * (size_t)t->nslots;

		memset(bits, 0, nbits * sizeof(*bits));
		for (int o = 0; o < t->nobs; o++) {
			const struct lt_rt_obs *ob = &t->obs[o];
			uint64_t raw, v;
			int sym;

			if (ob->is_loc) {
				const uint64_t *cell = run->reuse ?
					&run->fin[i * (size_t)t->nlocs + (size_t)ob->index] :
					lt_rt_cell(run, it, ob->index);

				/* The whole cell: a pointer needs all 8 bytes. */
				memcpy(&raw, cell, sizeof(raw));
				v = lt_rt_load(cell, ob->size);
			} else {
				raw = slots[ob->index];
				v = raw;
			}
			sym = lt_rt_symbol(run, it, raw);
			if (sym >= 0) {
				key[o] = (uint64_t)sym;
				bits[o / 64] |= (uint64_t)1 << (o % 64);
			} else {
				key[o] = lt_rt_extend(v, ob->size, ob->is_signed);
			}
		}
		if (lt_rt_hist_add(&ctx->hist, key) < 0) {
			lt_rt_seterr(ctx, "out of memory for %zu distinct outcomes",
				     ctx->hist.len + 1);
			return -1;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Perpetual outcomes                                                     */
/* ---------------------------------------------------------------------- */

static uint64_t lt_rt_mask(unsigned size)
{
	return size >= 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * size)) - 1;
}

/* The value recorded in slot in its thread's iteration k. */
static uint64_t lt_rt_perp_read(const struct lt_rt_run *run, size_t k, int slot,
				unsigned size)
{
	return run->out[(size_t)slot * run->cap + k] & lt_rt_mask(size);
}

/*
 * Every observable of a perpetual kernel takes one of two values: a load
 * shows the test's constant iff it saw the store of the writer's
 * iteration in the fragment (or a later one), else the initial value.  So
 * an outcome is a bit mask over the loads whose location has a writer
 * (ctx->pbit), and the collection counts masks in ctx->pcount, looks the
 * search target up in ctx->ptarget (evaluated once per mask) and builds
 * histogram keys only once per batch and distinct mask.
 */

/* The observable values of mask m. */
static void lt_rt_perp_mask_values(const struct lt_rt_ctx *ctx, unsigned m,
				   int64_t *vals)
{
	const struct lt_rt_test *t = ctx->test;

	for (int o = 0; o < t->nobs; o++) {
		const struct lt_rt_perp_obs *po = &t->perpetual->obs[o];

		if (ctx->pbit[o] >= 0)
			vals[o] = (m >> ctx->pbit[o]) & 1 ? po->value : po->init;
		else if (po->kind == LT_RT_PERP_FINAL && po->writer >= 0)
			vals[o] = po->value;	/* its one store, at the end */
		else
			vals[o] = po->init;
	}
}

/* Once per run: which observables are bits, and the target of each mask. */
static int lt_rt_perp_setup(struct lt_rt_ctx *ctx)
{
	const struct lt_rt_test *t = ctx->test;
	int nb = 0;

	for (int o = 0; o < t->nobs; o++) {
		const struct lt_rt_perp_obs *po = &t->perpetual->obs[o];

		ctx->pbit[o] = -1;
		if (po->kind == LT_RT_PERP_LOAD && po->writer >= 0)
			ctx->pbit[o] = nb++;
	}
	ctx->pnbits = nb;
	ctx->pcount = calloc((size_t)1 << nb, sizeof(*ctx->pcount));
	ctx->ptarget = calloc((size_t)1 << nb, 1);
	ctx->pload = calloc((size_t)nb + 1, sizeof(*ctx->pload));
	if (!ctx->pcount || !ctx->ptarget || !ctx->pload)
		return -1;
	for (int o = 0; o < t->nobs; o++) {
		const struct lt_rt_perp_obs *po = &t->perpetual->obs[o];
		struct lt_rt_pload *pl = &ctx->pload[ctx->pbit[o] >= 0 ? ctx->pbit[o] : 0];

		if (ctx->pbit[o] < 0)
			continue;
		pl->col = ctx->run->out + (size_t)po->slot * ctx->run->cap;
		pl->mask = lt_rt_mask(po->size);
		pl->reader = po->reader;
		pl->writer = po->writer;
		pl->bit = 1u << ctx->pbit[o];
	}
	for (unsigned m = 0; m < 1u << nb; m++) {
		lt_rt_perp_mask_values(ctx, m, ctx->vals);
		ctx->ptarget[m] = t->perpetual->target(ctx->vals) != 0;
	}
	/*
	 * More than two threads: the search picks the threads' iterations in
	 * an order where each next thread, if any can, reads from or is read
	 * by one already picked, so that its candidates are known.
	 */
	{
		unsigned char picked[LT_RT_PERP_MAX_THREADS] = { 1 };

		ctx->porder[0] = 0;
		for (int l = 1; l < t->nthreads; l++) {
			int next = -1;

			for (int th = 1; th < t->nthreads && next < 0; th++)
				for (int b = 0; b < nb && !picked[th]; b++) {
					const struct lt_rt_pload *pl = &ctx->pload[b];

					if ((pl->reader == th && picked[pl->writer]) ||
					    (pl->writer == th && picked[pl->reader])) {
						next = th;
						break;
					}
				}
			for (int th = 1; th < t->nthreads && next < 0; th++)
				if (!picked[th])
					next = th;
			picked[next] = 1;
			ctx->porder[l] = next;
		}
	}
	return 0;
}

/* The outcome of the fragment made of iteration it[t] of each thread t,
 * as a mask. */
static unsigned lt_rt_perp_mask_it(const struct lt_rt_ctx *ctx, const size_t *it)
{
	const uint64_t base1 = ctx->run->base + 1;
	unsigned m = 0;

	for (int b = 0; b < ctx->pnbits; b++) {
		const struct lt_rt_pload *pl = &ctx->pload[b];

		if ((pl->col[it[pl->reader]] & pl->mask) >= base1 + it[pl->writer])
			m |= pl->bit;
	}
	return m;
}

static unsigned lt_rt_perp_mask(const struct lt_rt_ctx *ctx, size_t i, size_t j)
{
	size_t it[2] = { i, j };

	return lt_rt_perp_mask_it(ctx, it);
}

/*
 * The pairing rule: thread 0's iteration i is paired with the first
 * iteration j of thread 1, among the candidates below, whose fragment
 * satisfies the search target; with j = i when none does.  As j grows, a
 * value thread 0 read flips once (from "saw j's store" to "did not") and,
 * since thread 1's reads of one location never go back in coherence order
 * (CoRR holds on every supported arch), so does each of thread 1's reads;
 * the outcome is therefore constant between these flip points and the
 * candidates (each flip point and its predecessor, 0, i) cover every
 * outcome any j in the batch could give.  Thread 1's flip points only
 * move forward as i grows, so each is found by a cursor (ctx->pcur) that
 * resumes where it stopped for i - 1: linear in the batch in all.  A
 * hardware CoRR violation would only make the search miss pairs: whatever
 * it reports is recomputed from the recorded values, so every witness is
 * a real execution fragment.
 */
static unsigned lt_rt_perp_pair(struct lt_rt_ctx *ctx, size_t n, size_t i)
{
	const struct lt_rt_run *run = ctx->run;
	const struct lt_rt_test *t = ctx->test;
	size_t cand[2 + 2 * LT_RT_PERP_MAX_BITS];
	unsigned first;
	int nc = 0;

	cand[nc++] = i;
	cand[nc++] = 0;
	for (int o = 0; o < t->nobs; o++) {
		const struct lt_rt_perp_obs *po = &t->perpetual->obs[o];
		size_t k;

		if (ctx->pbit[o] < 0 || po->reader == po->writer)
			continue;
		if (po->reader == 0) {
			/* Thread 0 saw the stores of thread 1's iterations < k. */
			uint64_t v = lt_rt_perp_read(run, i, po->slot, po->size);

			k = v > run->base ? (size_t)(v - run->base) : 0;
		} else {
			/* Thread 1's first iteration that saw i's store. */
			uint64_t want = run->base + i + 1;

			k = ctx->pcur[o];
			while (k < n && lt_rt_perp_read(run, k, po->slot, po->size) < want)
				k++;
			ctx->pcur[o] = k;
		}
		if (k > 0 && k - 1 < n)
			cand[nc++] = k - 1;
		if (k < n)
			cand[nc++] = k;
	}
	/* cand[0] is i: its outcome is the answer when no candidate hits. */
	first = lt_rt_perp_mask(ctx, i, i);
	if (ctx->ptarget[first])
		return first;
	for (int c = 1; c < nc; c++) {
		unsigned m;

		if (cand[c] == cand[c - 1] || cand[c] == i)
			continue;
		m = lt_rt_perp_mask(ctx, i, cand[c]);
		if (ctx->ptarget[m])
			return m;
	}
	return first;
}

/* First k in [0, n) whose value in pl's column is >= want (n when none). */
static size_t lt_rt_perp_first(const struct lt_rt_pload *pl, size_t n, uint64_t want)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((pl->col[mid] & pl->mask) >= want)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/*
 * More than two threads: the candidates of thread th given the threads
 * already picked (it[s] where picked[s]): i, 0, and each flip point (and
 * its predecessor) of a load between th and a picked thread.
 */
static int lt_rt_perp_cands(const struct lt_rt_ctx *ctx, size_t n, int th,
			    const size_t *it, const unsigned char *picked,
			    size_t *cand)
{
	const uint64_t base = ctx->run->base;
	int nc = 0;

	cand[nc++] = it[0];
	cand[nc++] = 0;
	for (int b = 0; b < ctx->pnbits; b++) {
		const struct lt_rt_pload *pl = &ctx->pload[b];
		size_t k;

		if (pl->reader == th && pl->writer != th && picked[pl->writer]) {
			/* th's first iteration that saw the picked store. */
			k = lt_rt_perp_first(pl, n, base + it[pl->writer] + 1);
		} else if (pl->writer == th && pl->reader != th && picked[pl->reader]) {
			/* The picked load saw th's stores of iterations < k. */
			uint64_t v = pl->col[it[pl->reader]] & pl->mask;

			k = v > base ? (size_t)(v - base) : 0;
		} else {
			continue;
		}
		if (k > 0 && k - 1 < n)
			cand[nc++] = k - 1;
		if (k < n)
			cand[nc++] = k;
	}
	return nc;
}

/* Depth-first over the threads in ctx->porder: 1 and *m when a fragment
 * satisfies the target. */
static int lt_rt_perp_search(const struct lt_rt_ctx *ctx, size_t n, int level,
			     size_t *it, unsigned char *picked, unsigned *m)
{
	size_t cand[2 + 2 * LT_RT_PERP_MAX_BITS];
	int th, nc;

	if (level == ctx->test->nthreads) {
		*m = lt_rt_perp_mask_it(ctx, it);
		return ctx->ptarget[*m];
	}
	th = ctx->porder[level];
	nc = lt_rt_perp_cands(ctx, n, th, it, picked, cand);
	picked[th] = 1;
	for (int c = 0; c < nc; c++) {
		int seen = 0;

		for (int d = 0; d < c && !seen; d++)
			seen = cand[d] == cand[c];
		if (seen)
			continue;
		it[th] = cand[c];
		if (lt_rt_perp_search(ctx, n, level + 1, it, picked, m)) {
			picked[th] = 0;
			return 1;
		}
	}
	picked[th] = 0;
	return 0;
}

/*
 * The pairing rule for three or four threads: thread 0's iteration i with
 * the first combination, in the search's order, of the other threads'
 * candidate iterations whose fragment satisfies the target; else every
 * thread's iteration i.  Each thread's candidates are the flip points of
 * its loads against the threads picked before it (found by binary search:
 * CoRR makes every column non-decreasing), which covers every outcome for
 * the shapes where each thread relates to an earlier one in the order
 * (WRC, RWC, IRIW, ISA2); whatever it reports is recomputed from the
 * records, so every witness is a real execution fragment.
 */
static unsigned lt_rt_perp_tuple(const struct lt_rt_ctx *ctx, size_t n, size_t i)
{
	size_t it[LT_RT_PERP_MAX_THREADS];
	unsigned char picked[LT_RT_PERP_MAX_THREADS] = { 1 };
	unsigned m;

	for (int th = 0; th < ctx->test->nthreads; th++)
		it[th] = i;
	if (lt_rt_perp_search(ctx, n, 1, it, picked, &m))
		return m;
	for (int th = 0; th < ctx->test->nthreads; th++)
		it[th] = i;
	return lt_rt_perp_mask_it(ctx, it);
}

/*
 * One outcome per iteration of thread 0: into the histogram when hist is
 * set; returns how many satisfied the target (the witnesses).
 */
static int lt_rt_perp_collect(struct lt_rt_ctx *ctx, size_t n, int hist,
			      uint64_t *hits)
{
	const struct lt_rt_test *t = ctx->test;
	uint64_t *key = ctx->key, *bits = key + t->nobs;
	size_t nbits = ctx->hist.kw - (size_t)t->nobs;
	unsigned nm = 1u << ctx->pnbits;

	*hits = 0;
	memset(ctx->pcount, 0, nm * sizeof(*ctx->pcount));
	for (int o = 0; o < t->nobs; o++)
		ctx->pcur[o] = 0;
	for (size_t i = 0; i < n; i++)
		ctx->pcount[t->nthreads == 2 ? lt_rt_perp_pair(ctx, n, i) :
			    lt_rt_perp_tuple(ctx, n, i)]++;
	for (unsigned m = 0; m < nm; m++) {
		if (!ctx->pcount[m])
			continue;
		if (ctx->ptarget[m])
			*hits += ctx->pcount[m];
		if (!hist)
			continue;
		lt_rt_perp_mask_values(ctx, m, ctx->vals);
		memset(bits, 0, nbits * sizeof(*bits));
		for (int o = 0; o < t->nobs; o++)
			key[o] = lt_rt_extend((uint64_t)ctx->vals[o], t->obs[o].size,
					      t->obs[o].is_signed);
		if (lt_rt_hist_addn(&ctx->hist, key, ctx->pcount[m]) < 0) {
			lt_rt_seterr(ctx, "out of memory for %zu distinct outcomes",
				     ctx->hist.len + 1);
			return -1;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Output                                                                 */
/* ---------------------------------------------------------------------- */

struct lt_rt_state {
	const uint64_t *key;
	uint64_t count;
	const struct lt_rt_test *test;
};

static int lt_rt_is_sym(const struct lt_rt_state *s, int o)
{
	return (s->key[s->test->nobs + o / 64] >> (o % 64)) & 1;
}

/* States in a stable order (values ascending, names after numbers), so
 * that two runs' outputs diff cleanly. */
static int lt_rt_state_cmp(const void *pa, const void *pb)
{
	const struct lt_rt_state *a = pa, *b = pb;

	for (int o = 0; o < a->test->nobs; o++) {
		int sa = lt_rt_is_sym(a, o), sb = lt_rt_is_sym(b, o);
		uint64_t va = a->key[o], vb = b->key[o];

		if (sa != sb)
			return sa - sb;
		if (va == vb)
			continue;
		if (!sa && a->test->obs[o].is_signed)
			return (int64_t)va < (int64_t)vb ? -1 : 1;
		return va < vb ? -1 : 1;
	}
	return 0;
}

/* "sync MODE KEY=VALUE..." and one "calibration" line per try. */
static void lt_rt_print_sync(const struct lt_rt_ctx *ctx,
			     const struct lt_rt_opts *o)
{
	const struct lt_rt_run *run = ctx->run;

	printf("sync %s", lt_rt_sync_names[o->sync]);
	switch (o->sync) {
	case LT_RT_SYNC_TIMEBASE:
		printf(" period_ns=%u period_ticks=%" PRIu64 " timebase_hz=%.0f",
		       o->period_ns, run->tb_period, ctx->tb_hz);
		break;
	case LT_RT_SYNC_PERPETUAL:
		printf(" delay=%u calibrated=%d", run->delay, ctx->ncalib > 0);
		break;
	default:
		break;
	}
	printf("\n");
	for (int c = 0; c < ctx->ncalib; c++)
		printf("calibration %u %.0f %.0f\n", ctx->calib[c].delay,
		       ctx->calib[c].iters_per_s, ctx->calib[c].wits_per_s);
}

static int lt_rt_print(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o,
		       const struct lt_counters *cnt, double elapsed)
{
	const struct lt_rt_test *t = ctx->test;
	const struct lt_rt_place *pl = &ctx->sh->place;
	const struct lt_rt_run *run = ctx->run;
	struct lt_rt_hist *h = &ctx->hist;
	int ninst = ctx->sh->ninst;
	struct lt_rt_state *st;
	size_t ns = 0;

	st = calloc(h->len ? h->len : 1, sizeof(*st));
	if (!st) {
		lt_rt_seterr(ctx, "out of memory for %zu outcomes", h->len);
		return -1;
	}
	for (size_t j = 0; j < h->cap; j++) {
		if (!h->counts[j])
			continue;
		st[ns].key = h->keys + j * h->kw;
		st[ns].count = h->counts[j];
		st[ns].test = t;
		ns++;
	}
	qsort(st, ns, sizeof(*st), lt_rt_state_cmp);

	printf("litmus-raw 1\n");
	printf("test %s\n", t->name ? t->name : "unnamed");
	printf("threads %d\n", t->nthreads);
	printf("pus %d\n", pl->npus);
	if (!strcmp(pl->method, "none"))
		printf("pinning none %s\n", pl->why);
	else
		printf("pinning %s\n", pl->method);
	/* Thread t of instance k is number k * threads + t here. */
	printf("placement");
	for (int i = 0; i < t->nthreads * ninst; i++)
		printf(" %d:%d", i, pl->placed[i]);
	printf("\noversubscribed %d\n", pl->oversub);
	/*
	 * "counters NAME=VALUE...", "counters unavailable: REASON" or
	 * "counters off" (-C none; cnt is NULL): src/report/hist.c reads them.
	 */
	if (!cnt) {
		printf("counters off\n");
	} else if (cnt->ok) {
		printf("counters");
		for (int k = 0; k < cnt->events->n; k++)
			printf(" %s=%" PRIu64, cnt->events->name[k], cnt->value[k]);
		printf("\n");
	} else {
		/* One line, whatever a PAPI component's reason holds. */
		printf("counters unavailable: ");
		for (const char *p = cnt->why; *p; p++)
			putchar(*p == '\n' || *p == '\r' ? ' ' : *p);
		printf("\n");
	}
	printf("iterations %zu\n", o->iters * (size_t)ninst);
	printf("elapsed %.6f\n", elapsed);
	printf("instances %d\n", ninst);
	printf("layout cells=%s locs=%s stride_lines=%zu order=%s\n",
	       o->layout.reuse ? "reuse" : "fresh",
	       o->layout.packed ? "packed" : "line",
	       run->iter_stride * sizeof(uint64_t) / LT_CACHE_LINE,
	       o->layout.shuffle ? "shuffle" : "seq");
	lt_rt_print_sync(ctx, o);
	for (size_t s = 0; s < ns; s++) {
		printf("state %" PRIu64, st[s].count);
		for (int k = 0; k < t->nobs; k++) {
			const struct lt_rt_obs *ob = &t->obs[k];
			uint64_t v = st[s].key[k];

			if (lt_rt_is_sym(&st[s], k))
				printf(" %s=%s", ob->name, t->loc_names[v]);
			else if (ob->is_signed)
				printf(" %s=%" PRId64, ob->name, (int64_t)v);
			else
				printf(" %s=%" PRIu64, ob->name, v);
		}
		printf("\n");
	}
	printf("end\n");
	free(st);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		lt_rt_seterr(ctx, "writing the results: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Entry point                                                            */
/* ---------------------------------------------------------------------- */

static int lt_rt_alloc(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o)
{
	const struct lt_rt_test *t = ctx->test;
	struct lt_rt_run *run;
	size_t bytes, kw;

	run = aligned_alloc(LT_CACHE_LINE, sizeof(*run));
	if (!run)
		goto oom;
	memset(run, 0, sizeof(*run));
	ctx->run = run;
	run->test = t;
	{
		/*
		 * line: a cache line per location; packed: 8-byte cells side
		 * by side.  Either way an iteration starts on a line of its
		 * own, and stride=N spaces iterations N lines apart.
		 */
		size_t words = LT_CACHE_LINE / sizeof(uint64_t), lines;

		run->loc_stride = o->layout.packed ? 1 : words;
		lines = ((size_t)(t->nlocs ? t->nlocs : 1) * run->loc_stride +
			 words - 1) / words;
		if (o->layout.stride && (size_t)o->layout.stride < lines) {
			lt_rt_seterr(ctx, "-L stride=%d: an iteration of this test needs %zu cache lines",
				     o->layout.stride, lines);
			return -1;
		}
		if ((size_t)o->layout.stride > lines)
			lines = (size_t)o->layout.stride;
		run->iter_stride = lines * words;
	}
	atomic_init(&run->bar, 0);
	atomic_init(&run->go, 0);
	atomic_init(&run->batch_gen, 0);
	atomic_init(&run->batch_done, 0);
	atomic_init(&run->stop, 0);

	run->sync = o->sync;
	run->cap = o->batch;
	if (o->batch > SIZE_MAX / sizeof(uint64_t) / run->iter_stride)
		goto oom;
	/* Perpetual kernels and reused layouts: one set of cells. */
	run->reuse = o->layout.reuse && o->sync != LT_RT_SYNC_PERPETUAL;
	bytes = (o->layout.reuse ? 1 : o->batch) *
		run->iter_stride * sizeof(uint64_t);
	run->cells = aligned_alloc(LT_CACHE_LINE, bytes);
	if (!run->cells)
		goto oom;
	memset(run->cells, 0, bytes);
	if (t->nslots && o->batch > SIZE_MAX / sizeof(uint64_t) / (size_t)t->nslots)
		goto oom;
	run->out = calloc(o->batch * (size_t)(t->nslots ? t->nslots : 1),
			  sizeof(*run->out));
	if (!run->out)
		goto oom;
	if (run->reuse) {
		run->iter_stride = 0;
		run->fin = calloc(o->batch * (size_t)(t->nlocs ? t->nlocs : 1),
				  sizeof(*run->fin));
		if (!run->fin)
			goto oom;
	}
	if (o->layout.shuffle) {
		ctx->perm = calloc(o->batch, sizeof(*ctx->perm));
		if (!ctx->perm)
			goto oom;
		run->perm = ctx->perm;
	}

	/* nobs values, then at least one word of "is a name" bits. */
	kw = (size_t)t->nobs + (size_t)t->nobs / 64 + 1;
	ctx->key = calloc(kw, sizeof(*ctx->key));
	if (!ctx->key || lt_rt_hist_init(&ctx->hist, kw) < 0)
		goto oom;
	ctx->workers = calloc((size_t)t->nthreads, sizeof(*ctx->workers));
	ctx->vals = calloc((size_t)t->nobs + 1, sizeof(*ctx->vals));
	ctx->pbit = calloc((size_t)t->nobs + 1, sizeof(*ctx->pbit));
	ctx->pcur = calloc((size_t)t->nobs + 1, sizeof(*ctx->pcur));
	run->flags = aligned_alloc(LT_CACHE_LINE,
				   (size_t)t->nthreads * sizeof(*run->flags));
	if (!ctx->workers || !ctx->vals || !ctx->pbit || !ctx->pcur ||
	    !run->flags || (t->perpetual && lt_rt_perp_setup(ctx) < 0))
		goto oom;
	for (int th = 0; th < t->nthreads; th++)
		atomic_init(&run->flags[th].v, 0);
	return 0;
oom:
	lt_rt_seterr(ctx, "out of memory for a batch of %zu iterations", o->batch);
	return -1;
}

static void lt_rt_free(struct lt_rt_ctx *ctx)
{
	if (ctx->run) {
		free(ctx->run->cells);
		free(ctx->run->out);
		free(ctx->run->flags);
		free(ctx->run->fin);
		free(ctx->run);
	}
	lt_rt_hist_free(&ctx->hist);
	free(ctx->perm);
	free(ctx->workers);
	free(ctx->key);
	free(ctx->vals);
	free(ctx->pbit);
	free(ctx->pcur);
	free(ctx->pcount);
	free(ctx->ptarget);
	free(ctx->pload);
}

static double lt_rt_seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/*
 * Ticks of lt_timebase() per second, against CLOCK_MONOTONIC over 5 ms:
 * the timebase runs at an arch- and board-specific rate (TSC, CNTFRQ_EL0,
 * the PowerPC timebase, RISC-V mtime), and only its ratio to ns matters.
 */
static double lt_rt_timebase_hz(void)
{
	struct timespec a, b;
	uint64_t t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &a);
	t0 = lt_timebase();
	do
		clock_gettime(CLOCK_MONOTONIC, &b);
	while (lt_rt_seconds(&a, &b) < 0.005);
	t1 = lt_timebase();
	return (double)(t1 - t0) / lt_rt_seconds(&a, &b);
}

/* Run one batch of n iterations on every thread (thread 0 here). */
static void lt_rt_batch(struct lt_rt_ctx *ctx, size_t n, unsigned long *gen,
			struct lt_counters *cnt)
{
	struct lt_rt_run *run = ctx->run;
	const struct lt_rt_test *t = ctx->test;
	unsigned long others = (unsigned long)(t->nthreads - 1);
	unsigned spins = 0;

	if (ctx->perm) {
		/* Fisher-Yates over the batch's blocks, xorshift64. */
		for (size_t i = 0; i < n; i++)
			ctx->perm[i] = i;
		for (size_t i = n - 1; i > 0; i--) {
			size_t j, tmp;

			ctx->rng ^= ctx->rng << 13;
			ctx->rng ^= ctx->rng >> 7;
			ctx->rng ^= ctx->rng << 17;
			j = (size_t)(ctx->rng % (i + 1));
			tmp = ctx->perm[i];
			ctx->perm[i] = ctx->perm[j];
			ctx->perm[j] = tmp;
		}
	}
	lt_rt_batch_init(run, n);
	run->n = n;
	atomic_store_explicit(&run->go, 0, memory_order_relaxed);
	switch (run->sync) {
	case LT_RT_SYNC_FLAGS:
		for (int th = 0; th < t->nthreads; th++)
			atomic_store_explicit(&run->flags[th].v, 0,
					      memory_order_relaxed);
		break;
	case LT_RT_SYNC_SPIN:
		atomic_store_explicit(&run->bar, 0, memory_order_relaxed);
		break;
	case LT_RT_SYNC_TIMEBASE:
		run->tb_start = lt_timebase() +
				(uint64_t)(ctx->tb_hz * LT_RT_TB_LEAD_NS / 1e9);
		break;
	default:
		break;
	}
	/* Release: the cells, run->n and the sync state reach the others first. */
	atomic_store_explicit(&run->batch_gen, ++*gen, memory_order_release);
	if (cnt)
		lt_counters_mark(cnt);
	t->threads[0](run, 0);
	if (cnt)
		lt_counters_accum(cnt);
	/* Acquire: the others' register slots and stores are visible. */
	while (atomic_load_explicit(&run->batch_done,
				    memory_order_acquire) < *gen * others)
		lt_rt_pause(&spins, run->yield);
	if (run->reuse)
		lt_rt_save_fin(run, n - 1);
}

/*
 * Perpetual calibration: a few interleaved rounds over the delay settings,
 * each a short batch, keeping the setting with the most witnesses per
 * second of kernel time (the fastest when none witnesses).  The best
 * delay depends on the machine: none on a 16-core Intel part, a jittered
 * few pauses on a 2-PU KVM guest where delay 0 locks the threads in step.
 */
static void lt_rt_calibrate(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o,
			    unsigned long *gen)
{
	struct lt_rt_run *run = ctx->run;
	size_t n = o->batch < LT_RT_CALIB_ITERS ? o->batch : LT_RT_CALIB_ITERS;
	double secs[LT_RT_NDELAYS] = { 0 };
	uint64_t wits[LT_RT_NDELAYS] = { 0 };
	size_t best = 0;

	for (int r = 0; r < LT_RT_CALIB_ROUNDS; r++) {
		for (size_t d = 0; d < LT_RT_NDELAYS; d++) {
			struct timespec a, b;
			uint64_t hits = 0;

			run->delay = lt_rt_delays[d];
			clock_gettime(CLOCK_MONOTONIC, &a);
			lt_rt_batch(ctx, n, gen, NULL);
			clock_gettime(CLOCK_MONOTONIC, &b);
			secs[d] += lt_rt_seconds(&a, &b);
			lt_rt_perp_collect(ctx, n, 0, &hits);
			wits[d] += hits;
			run->base += n;
		}
	}
	for (size_t d = 0; d < LT_RT_NDELAYS; d++) {
		struct lt_rt_calib *c = &ctx->calib[d];
		double s = secs[d] > 0 ? secs[d] : 1e-9;

		c->delay = lt_rt_delays[d];
		c->iters_per_s = (double)(n * LT_RT_CALIB_ROUNDS) / s;
		c->wits_per_s = (double)wits[d] / s;
		if (c->wits_per_s > ctx->calib[best].wits_per_s ||
		    (c->wits_per_s == ctx->calib[best].wits_per_s &&
		     c->iters_per_s > ctx->calib[best].iters_per_s))
			best = d;
	}
	ctx->ncalib = (int)LT_RT_NDELAYS;
	run->delay = lt_rt_delays[best];
}

/* Run every batch on thread 0 (the calling thread); collect in between. */
static int lt_rt_loop(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o,
		      struct lt_counters *cnt, double *elapsed)
{
	struct lt_rt_run *run = ctx->run;
	unsigned long gen = 0;
	struct timespec t0, t1;
	size_t left = o->iters;

	if (run->sync == LT_RT_SYNC_TIMEBASE) {
		ctx->tb_hz = lt_rt_timebase_hz();
		run->tb_period = (uint64_t)(ctx->tb_hz * o->period_ns / 1e9);
		if (!run->tb_period)
			run->tb_period = 1;
	}
	if (run->sync == LT_RT_SYNC_PERPETUAL) {
		if (o->delay < 0)
			lt_rt_calibrate(ctx, o, &gen);
		else
			run->delay = (unsigned)o->delay;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (left) {
		size_t n = left < o->batch ? left : o->batch;

		lt_rt_batch(ctx, n, &gen, cnt);
		if (run->sync == LT_RT_SYNC_PERPETUAL) {
			uint64_t hits;

			if (lt_rt_perp_collect(ctx, n, 1, &hits) < 0)
				return -1;
			run->base += n;
		} else if (lt_rt_collect(ctx, n) < 0) {
			return -1;
		}
		left -= n;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*elapsed = lt_rt_seconds(&t0, &t1);
	return 0;
}

/* Start instance c's workers (threads 1..n-1); they pin themselves. */
static int lt_rt_start_workers(struct lt_rt_ctx *c)
{
	const struct lt_rt_test *test = c->test;

	for (int t = 1; t < test->nthreads; t++) {
		struct lt_rt_worker *w = &c->workers[t - 1];
		int rc;

		w->ctx = c;
		w->thread = t;
		rc = pthread_create(&w->tid, NULL, lt_rt_worker_main, w);
		if (rc) {
			lt_rt_seterr(c, "creating thread %d of %d: %s", t,
				     test->nthreads, strerror(rc));
			return -1;
		}
		c->nstarted++;
	}
	return 0;
}

/* Thread 0 of an instance after the first: its own batches, its own cells. */
static void *lt_rt_driver_main(void *arg)
{
	struct lt_rt_ctx *c = arg;
	unsigned spins = 0;

	lt_rt_pin_self(&c->sh->place, c->first);
	atomic_fetch_add_explicit(&c->sh->ready, 1, memory_order_release);
	while (!atomic_load_explicit(&c->sh->start, memory_order_acquire))
		lt_rt_pause(&spins, 1);
	if (atomic_load_explicit(&c->sh->start, memory_order_acquire) < 0)
		return NULL;
	c->run->yield = c->sh->place.oversub;
	c->driver_rc = lt_rt_loop(c, c->opts, NULL, &c->elapsed);
	lt_rt_stop_workers(c);
	return NULL;
}

int lt_rt_main(const struct lt_rt_test *test, int argc, char **argv)
{
	const char *prog = argc > 0 && argv[0] ? argv[0] : "litmus-test";
	struct lt_rt_opts o;
	struct lt_rt_shared sh;
	struct lt_rt_ctx *ctx = NULL, *c0;
	struct lt_counters cnt, *cnt_on = NULL;
	int rc, ninst = 0, ndrivers = 0, total;

	rc = lt_rt_parse_opts(argc, argv, &o);
	if (rc) {
		free(o.pin);
		return rc > 0 ? 0 : 2;
	}
	memset(&sh, 0, sizeof(sh));
	memset(&cnt, 0, sizeof(cnt));
	atomic_init(&sh.ready, 0);
	atomic_init(&sh.start, 0);
	/* Instance 0 first: it checks the test and settles the instances. */
	c0 = calloc(1, sizeof(*c0));
	if (!c0) {
		fprintf(stderr, "%s: out of memory\n", prog);
		free(o.pin);
		return 2;
	}
	c0->test = test;
	c0->opts = &o;
	c0->sh = &sh;
	if (lt_rt_check_test(c0, test) < 0 || lt_rt_sync_settle(c0, &o) < 0 ||
	    lt_rt_place_plan(c0, &o) < 0) {
		ctx = c0;
		ninst = 1;
		goto fail;
	}
	ctx = realloc(c0, (size_t)sh.ninst * sizeof(*ctx));
	if (!ctx) {
		ctx = c0;
		ninst = 1;
		lt_rt_seterr(ctx, "out of memory for %d instances", sh.ninst);
		goto fail;
	}
	memset(ctx + 1, 0, (size_t)(sh.ninst - 1) * sizeof(*ctx));
	ninst = sh.ninst;
	total = ninst * test->nthreads;
	for (int k = 0; k < ninst; k++) {
		struct lt_rt_ctx *c = &ctx[k];

		c->test = test;
		c->opts = &o;
		c->sh = &sh;
		c->first = k * test->nthreads;
		/* A seed per instance and run: shuffles differ between them. */
		c->rng = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^
			 ((uint64_t)(k + 1) * 0x9e3779b97f4a7c15ULL);
		if (!c->rng)
			c->rng = 1;
		if (lt_rt_alloc(c, &o) < 0) {
			if (k)
				memcpy(ctx->err, c->err, sizeof(ctx->err));
			goto fail;
		}
	}

	/*
	 * Workers first, so that they inherit the unpinned mask of the main
	 * thread: a worker whose pinning fails then floats instead of being
	 * stuck on thread 0's PU.
	 */
	for (int k = 0; k < ninst; k++) {
		if (lt_rt_start_workers(&ctx[k]) < 0) {
			if (k)
				memcpy(ctx->err, ctx[k].err, sizeof(ctx->err));
			goto fail;
		}
	}
	for (int k = 1; k < ninst; k++) {
		rc = pthread_create(&ctx[k].driver, NULL, lt_rt_driver_main, &ctx[k]);
		if (rc) {
			lt_rt_seterr(ctx, "creating instance %d: %s", k, strerror(rc));
			goto fail;
		}
		ndrivers++;
	}
	lt_rt_pin_self(&sh.place, 0);
	{
		unsigned spins = 0;

		while (atomic_load_explicit(&sh.ready, memory_order_acquire) <
		       total - 1)
			lt_rt_pause(&spins, 1);
	}
	lt_rt_place_done(ctx, &o, prog);
	ctx->run->yield = sh.place.oversub;
	atomic_store_explicit(&sh.start, 1, memory_order_release);

	/*
	 * Counters open on instance 0's thread 0 only, after it is pinned;
	 * with -C none nothing of the backend is called at all.
	 */
	if (o.counters.n) {
		cnt_on = &cnt;
		lt_counters_start(&cnt, &o.counters);
	}
	rc = lt_rt_loop(ctx, &o, cnt_on, &ctx->elapsed);
	if (cnt_on)
		lt_counters_stop(&cnt);
	lt_rt_stop_workers(ctx);
	for (int k = 1; k < ndrivers + 1; k++) {
		pthread_join(ctx[k].driver, NULL);
		if (ctx[k].driver_rc < 0 && rc >= 0) {
			memcpy(ctx->err, ctx[k].err, sizeof(ctx->err));
			rc = -1;
		}
	}
	ndrivers = 0;
	/* One histogram: the instances' summed; the slowest sets the time. */
	for (int k = 1; k < ninst && rc >= 0; k++) {
		struct lt_rt_hist *h = &ctx[k].hist;

		if (ctx[k].elapsed > ctx->elapsed)
			ctx->elapsed = ctx[k].elapsed;
		for (size_t j = 0; j < h->cap; j++) {
			if (h->counts[j] && lt_rt_hist_addn(&ctx->hist, h->keys + j * h->kw,
							    h->counts[j]) < 0) {
				lt_rt_seterr(ctx, "out of memory for %zu distinct outcomes",
					     ctx->hist.len + 1);
				rc = -1;
				break;
			}
		}
	}
	if (rc < 0 || lt_rt_print(ctx, &o, cnt_on, ctx->elapsed) < 0)
		goto fail;
	for (int k = 0; k < ninst; k++)
		lt_rt_free(&ctx[k]);
	lt_rt_place_free(&sh.place);
	free(ctx);
	free(o.pin);
	return 0;
fail:
	/* Drivers not yet released wait for the start: tell them to quit. */
	if (!atomic_load_explicit(&sh.start, memory_order_relaxed))
		atomic_store_explicit(&sh.start, -1, memory_order_release);
	for (int k = 1; k < ndrivers + 1; k++)
		pthread_join(ctx[k].driver, NULL);
	for (int k = 0; k < ninst; k++)
		if (ctx[k].run && ctx[k].nstarted)
			lt_rt_stop_workers(&ctx[k]);
	printf("litmus-raw-error %s\n", ctx->err);
	fflush(stdout);
	fprintf(stderr, "%s: %s\n", prog, ctx->err);
	for (int k = 0; k < ninst; k++)
		lt_rt_free(&ctx[k]);
	lt_rt_place_free(&sh.place);
	free(ctx);
	free(o.pin);
	return 2;
}
