/* SPDX-License-Identifier: MIT */
/*
 * The entry point of every test executable (lt_rt_main): allocation, the
 * batch loop, the perpetual calibration and the threads that run it.  The
 * other concerns are in the files rt.h lists.
 */
#include "rt.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/*
 * SIGTERM or SIGALRM (litmus-run's watchdog at --timeout, or a user's
 * `timeout`): every instance stops after the batch under way, and the
 * histogram of the iterations done is printed with a "stopped" line, so
 * that a test that runs out of time still reports what it saw.  A batch
 * is short (milliseconds), so the stop is prompt unless the kernel hangs;
 * the watchdog's SIGKILL follows then.
 */
volatile sig_atomic_t lt_rt_stop_sig;

static void lt_rt_on_stop(int sig)
{
	lt_rt_stop_sig = sig;
}

void lt_rt_seterr(struct lt_rt_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->err, sizeof(ctx->err), fmt, ap);
	va_end(ap);
}

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
	atomic_init(&ctx->turn, 0);

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
	/* Per collector (every thread of the instance), its pair cursors. */
	ctx->pcur = calloc((size_t)t->nthreads * ((size_t)t->nobs + 1), sizeof(*ctx->pcur));
	run->flags = aligned_alloc(LT_CACHE_LINE,
				   (size_t)t->nthreads * sizeof(*run->flags));
	run->lead = t->perpetual ? NULL : calloc(o->batch, sizeof(*run->lead));
	if (!ctx->workers || !ctx->vals || !ctx->pbit || !ctx->pcur ||
	    !run->flags || (!t->perpetual && !run->lead) ||
	    (t->perpetual && lt_rt_perp_setup(ctx) < 0))
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
		free(ctx->run->lead);
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

/*
 * Ticks of lt_timebase() per second, against CLOCK_MONOTONIC over 5 ms:
 * the timebase runs at an arch- and board-specific rate (TSC, CNTFRQ_EL0,
 * the PowerPC timebase, RISC-V mtime), and only its ratio to ns matters.
 */
static double lt_rt_timebase_hz(void)
{
	/* Measured once per process: an auto run has several sessions. */
	static double hz;
	struct timespec a, b;
	uint64_t t0, t1;

	if (hz > 0)
		return hz;
	clock_gettime(CLOCK_MONOTONIC, &a);
	t0 = lt_timebase();
	do
		clock_gettime(CLOCK_MONOTONIC, &b);
	while (lt_rt_seconds(&a, &b) < 0.005);
	t1 = lt_timebase();
	hz = (double)(t1 - t0) / lt_rt_seconds(&a, &b);
	return hz;
}

/* Run one batch of n iterations on every thread (thread 0 here). */
void lt_rt_batch(struct lt_rt_ctx *ctx, size_t n, unsigned long *gen,
		 struct lt_counters *cnt)
{
	struct lt_rt_run *run = ctx->run;
	const struct lt_rt_test *t = ctx->test;
	unsigned long others = (unsigned long)(t->nthreads - 1);
	struct lt_rt_spin spins = LT_RT_SPIN_INIT;

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
		for (size_t i = 0; i < n; i++)
			atomic_store_explicit(&run->lead[i], 0,
					      memory_order_relaxed);
		break;
	case LT_RT_SYNC_TIMEBASE:
		run->tb_start = lt_timebase() +
				(uint64_t)(ctx->tb_hz * LT_RT_TB_LEAD_NS / 1e9);
		break;
	default:
		break;
	}
	/* The no-overlap test hook: thread 0's whole batch before the others'. */
	if (ctx->serial) {
		t->threads[0](run, 0);
		atomic_store_explicit(&ctx->turn, 1, memory_order_relaxed);
	}
	/* Release: the cells, run->n and the sync state reach the others first. */
	atomic_store_explicit(&run->batch_gen, ++*gen, memory_order_release);
	if (cnt)
		lt_counters_mark(cnt);
	if (!ctx->serial)
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
 * The batch's outcomes into the histogram, as its mode records them;
 * *hits: a perpetual batch's witnesses of its search target (else 0).
 */
static int lt_rt_collect_batch(struct lt_rt_ctx *ctx, size_t n, uint64_t *hits)
{
	*hits = 0;
	if (ctx->run->sync != LT_RT_SYNC_PERPETUAL)
		return lt_rt_collect(ctx, n);
	if (lt_rt_perp_collect(ctx, n, 1, hits) < 0)
		return -1;
	ctx->run->base += n;
	return 0;
}

/*
 * One round of an auto calibration candidate: tr->iters iterations in its
 * mode and setting, collected as a run's are, timed with the collection;
 * then the witnesses (outcomes satisfying the condition) and the distinct
 * outcomes, and the histogram emptied again.
 */
static int lt_rt_auto_try(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o,
			  unsigned long *gen, struct lt_rt_try *tr)
{
	struct lt_rt_run *run = ctx->run;
	const struct lt_rt_test *t = ctx->test;
	int (*target)(const int64_t *) = t->perpetual ? t->perpetual->target :
					  ctx->cal->au->target;
	struct lt_rt_hist *h = &ctx->hist;
	struct timespec a, b;
	size_t left = tr->iters;

	run->sync = tr->sync;
	if (tr->sync == LT_RT_SYNC_TIMEBASE) {
		run->tb_period = (uint64_t)(ctx->tb_hz * tr->setting / 1e9);
		if (!run->tb_period)
			run->tb_period = 1;
	}
	if (tr->sync == LT_RT_SYNC_PERPETUAL) {
		struct lt_rt_pauses p;

		lt_rt_pause_uniform(&p, t->nthreads, tr->setting);
		lt_rt_pause_apply(run, &p, t->nthreads);
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	while (left && !lt_rt_stop_sig) {
		size_t n = left < o->batch ? left : o->batch;
		uint64_t hits;

		lt_rt_batch(ctx, n, gen, NULL);
		if (lt_rt_collect_batch(ctx, n, &hits) < 0)
			return -1;
		left -= n;
		tr->done += n;
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (lt_rt_seconds(&a, &b) > LT_RT_AUTO_TRY_S)
			break;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	tr->secs += lt_rt_seconds(&a, &b);
	ctx->cal->spent += lt_rt_seconds(&a, &b);
	for (size_t j = 0; j < h->cap; j++) {
		if (!h->counts[j])
			continue;
		tr->distinct++;
		if (target) {
			for (int k = 0; k < t->nobs; k++)
				ctx->vals[k] = (int64_t)h->keys[j * h->kw + (size_t)k];
			if (target(ctx->vals))
				tr->wits += h->counts[j];
		}
	}
	lt_rt_hist_clear(h);
	return 0;
}

/*
 * The auto calibration's candidates that this session's kernel form runs
 * (perpetual or barrier), in interleaved rounds, so that a noisy moment
 * spreads over all of them.
 */
static int lt_rt_auto_tries(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o,
			    unsigned long *gen)
{
	struct lt_rt_autocal *cal = ctx->cal;
	int perp = ctx->test->perpetual != NULL;

	ctx->tb_hz = lt_rt_timebase_hz();
	for (int r = 0; r < cal->rounds; r++) {
		for (int k = 0; k < cal->ntries; k++) {
			struct lt_rt_try *tr = &cal->tries[k];

			if (lt_rt_stop_sig || cal->spent > LT_RT_AUTO_BUDGET_S)
				return 0;
			if ((tr->sync == LT_RT_SYNC_PERPETUAL) != perp)
				continue;
			if (lt_rt_auto_try(ctx, o, gen, tr) < 0)
				return -1;
		}
	}
	return 0;
}

/* Run every batch on thread 0 (the calling thread); collect in between. */
static int lt_rt_loop(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o,
		      struct lt_counters *cnt, double *elapsed)
{
	struct lt_rt_run *run = ctx->run;
	unsigned long gen = 0;
	struct timespec t0, t1;
	size_t left = o->iters;

	if (ctx->cal_only) {
		*elapsed = 0;
		return lt_rt_auto_tries(ctx, o, &gen);
	}
	if (run->sync == LT_RT_SYNC_TIMEBASE) {
		ctx->tb_hz = lt_rt_timebase_hz();
		run->tb_period = (uint64_t)(ctx->tb_hz * o->period_ns / 1e9);
		if (!run->tb_period)
			run->tb_period = 1;
	}
	if (run->sync == LT_RT_SYNC_PERPETUAL) {
		const char *hook = getenv(LT_RT_NO_OVERLAP_ENV);

		lt_rt_pause_calibrate(ctx, o, &gen);
		ctx->serial_left = hook ? strtol(hook, NULL, 10) : 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (left && !lt_rt_stop_sig) {
		size_t n = left < o->batch ? left : o->batch;
		struct timespec a, b;
		uint64_t hits;

		if (run->sync == LT_RT_SYNC_PERPETUAL) {
			if (ctx->serial_left > 0) {
				ctx->serial = 1;
				ctx->serial_left--;
			}
			lt_rt_pause_before(ctx);
		}
		clock_gettime(CLOCK_MONOTONIC, &a);
		lt_rt_batch(ctx, n, &gen, cnt);
		clock_gettime(CLOCK_MONOTONIC, &b);
		ctx->serial = 0;
		if (run->sync == LT_RT_SYNC_PERPETUAL) {
			uint64_t reads, seen = lt_rt_perp_overlap(ctx, n, &reads);

			if (!seen && reads && n >= LT_RT_PERP_MIN_JUDGED) {
				/*
				 * The threads did not overlap: run the batch
				 * again (its iteration numbers are spent), or
				 * keep it once the retries are, and say so.
				 */
				if (ctx->pretried < LT_RT_PERP_RETRIES) {
					ctx->pretried++;
					run->base += n;
					continue;
				}
				ctx->punoverlapped++;
			}
			ctx->preads += reads;
			ctx->poverlap += seen;
		}
		if (lt_rt_collect_batch(ctx, n, &hits) < 0)
			return -1;
		if (run->sync == LT_RT_SYNC_PERPETUAL)
			lt_rt_pause_after(ctx, n, lt_rt_seconds(&a, &b), hits);
		left -= n;
		ctx->done += n;
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
	struct lt_rt_spin spins = LT_RT_SPIN_INIT;

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

int lt_rt_begin(int argc, char **argv, struct lt_rt_opts *o)
{
	struct sigaction sa;
	int rc = lt_rt_parse_opts(argc, argv, o);

	if (rc) {
		free(o->pin);
		return rc > 0 ? 0 : 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = lt_rt_on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	return -1;
}

int lt_rt_main(const struct lt_rt_test *test, int argc, char **argv)
{
	const char *prog = argc > 0 && argv[0] ? argv[0] : "litmus-test";
	struct lt_rt_opts o;
	int rc = lt_rt_begin(argc, argv, &o);

	if (rc >= 0)
		return rc;
	rc = lt_rt_session(test, &o, prog, NULL, 0);
	free(o.pin);
	return rc;
}

int lt_rt_session(const struct lt_rt_test *test, struct lt_rt_opts *o,
		  const char *prog, struct lt_rt_autocal *cal, int cal_only)
{
	struct lt_rt_shared sh;
	struct lt_rt_ctx *ctx = NULL, *c0;
	struct lt_counters cnt, *cnt_on = NULL;
	int rc, ninst = 0, ndrivers = 0, total;
	size_t done;

	memset(&sh, 0, sizeof(sh));
	memset(&cnt, 0, sizeof(cnt));
	atomic_init(&sh.ready, 0);
	atomic_init(&sh.start, 0);
	/* Instance 0 first: it checks the test and settles the instances. */
	c0 = calloc(1, sizeof(*c0));
	if (!c0) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return 2;
	}
	c0->test = test;
	c0->opts = o;
	c0->sh = &sh;
	if (lt_rt_check_test(c0, test) < 0 || lt_rt_sync_settle(c0, o) < 0 ||
	    lt_rt_place_plan(c0, o) < 0) {
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
		c->opts = o;
		c->sh = &sh;
		c->cal = cal;
		c->cal_only = cal_only;
		c->first = k * test->nthreads;
		/* A seed per instance and run: shuffles differ between them. */
		c->rng = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^
			 ((uint64_t)(k + 1) * 0x9e3779b97f4a7c15ULL);
		if (!c->rng)
			c->rng = 1;
		if (lt_rt_alloc(c, o) < 0) {
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
		struct lt_rt_spin spins = LT_RT_SPIN_INIT;

		while (atomic_load_explicit(&sh.ready, memory_order_acquire) <
		       total - 1)
			lt_rt_pause(&spins, 1);
	}
	lt_rt_place_done(ctx, o, prog);
	ctx->run->yield = sh.place.oversub;
	atomic_store_explicit(&sh.start, 1, memory_order_release);

	/*
	 * Counters open on instance 0's thread 0 only, after it is pinned;
	 * with -C none nothing of the backend is called at all.
	 */
	if (o->counters.n && !cal_only) {
		cnt_on = &cnt;
		lt_counters_start(&cnt, &o->counters);
	}
	rc = lt_rt_loop(ctx, o, cnt_on, &ctx->elapsed);
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
	done = ctx->done;
	for (int k = 1; k < ninst && rc >= 0; k++) {
		struct lt_rt_hist *h = &ctx[k].hist;

		done += ctx[k].done;
		ctx->preads += ctx[k].preads;
		ctx->poverlap += ctx[k].poverlap;
		ctx->pretried += ctx[k].pretried;
		ctx->punoverlapped += ctx[k].punoverlapped;

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
	if (rc < 0 || (!cal_only &&
		       lt_rt_print(ctx, o, cnt_on, ctx->elapsed, done) < 0))
		goto fail;
	for (int k = 0; k < ninst; k++)
		lt_rt_free(&ctx[k]);
	lt_rt_place_free(&sh.place);
	free(ctx);
	/* Stopped early: the shell's convention for a death by that signal. */
	return lt_rt_stop_sig ? 128 + lt_rt_stop_sig : 0;
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
	return 2;
}
