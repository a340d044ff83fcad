/* SPDX-License-Identifier: MIT */
/*
 * Perpetual mode's pauses: how long each thread waits after an iteration
 * (lt_rt_delay in lt-runtime.h: min plus a uniform 0..span), chosen per
 * machine and per thread, and tuned again while the run goes on.
 *
 * Which pauses give the most witnesses depends on the machine: none on a
 * 16-core Intel part; on a 2-PU KVM guest delay 0 locks the threads in
 * step.  One common setting is not always the best either: the threads of
 * a test run different code (SB's are alike; MP's writer is cheaper than
 * its reader), so the pause that keeps them overlapping differs per
 * thread.  Three steps:
 *  1. sweep: a few interleaved rounds over common uniform delays (every
 *     thread 0..d pauses), keeping the best;
 *  2. refine: from there, one step at a time per thread (span doubled or
 *     halved, the distribution shifted up or down), each candidate timed
 *     in interleaved rounds against the incumbent and kept only when it
 *     is clearly better;
 *  3. adapt: during the run, every LT_RT_ADAPT_EVERY batches one batch runs
 *     at the next such neighbour of the current setting, and the run moves
 *     there when that batch beats the recent batches by LT_RT_ADAPT_GAIN.
 * "Better" is more witnesses (outcomes satisfying the search target) per
 * second of kernel time, or, when neither side witnesses anything, more
 * iterations per second.  Steps 1 and 2 are not counted in the histogram;
 * step 3's probe batches are, since every perpetual batch, whatever its
 * pauses, is a real run of the test and reconstructed as such.
 */
#include "rt.h"

#include <time.h>

/* Common delays the sweep tries, in pauses. */
static const unsigned lt_rt_delays[] = { 0, 1, 2, 4, 8, 16, 32, 64, 128 };
_Static_assert(sizeof(lt_rt_delays) / sizeof(lt_rt_delays[0]) == LT_RT_NDELAYS,
	       "LT_RT_NDELAYS (rt.h) counts lt_rt_delays");

void lt_rt_pause_uniform(struct lt_rt_pauses *p, int nthreads, unsigned d)
{
	for (int t = 0; t < nthreads; t++) {
		p->min[t] = 0;
		p->span[t] = d;
	}
}

void lt_rt_pause_apply(struct lt_rt_run *run, const struct lt_rt_pauses *p,
		       int nthreads)
{
	for (int t = 0; t < nthreads; t++) {
		run->pmin[t] = p->min[t];
		run->pspan[t] = p->span[t];
	}
}

/*
 * Neighbour k (taken modulo the 4 moves per thread) of cur: thread
 * k / 4 % nthreads gets its span doubled, its span halved, its minimum
 * raised by half its span (at least 1), or its minimum halved.  Returns 0
 * when that move changes nothing (halving 0, or past LT_RT_PAUSE_MAX).
 */
static int lt_rt_pause_neighbour(const struct lt_rt_pauses *cur, int nthreads,
				 unsigned k, struct lt_rt_pauses *out)
{
	int t = (int)(k / 4 % (unsigned)nthreads);
	unsigned *min = &out->min[t], *span = &out->span[t];

	*out = *cur;
	switch (k % 4) {
	case 0:
		*span = *span ? 2 * *span : 1;
		break;
	case 1:
		*span /= 2;
		break;
	case 2:
		*min += *span / 2 ? *span / 2 : 1;
		break;
	default:
		*min /= 2;
		break;
	}
	if (*min > LT_RT_PAUSE_MAX || *span > LT_RT_PAUSE_MAX)
		return 0;
	return *min != cur->min[t] || *span != cur->span[t];
}

/* Whether rates (w1, i1) beat (w0, i0) by the factor gain. */
static int lt_rt_pause_beats(double w1, double i1, double w0, double i0,
			     double gain)
{
	if (w1 > 0 || w0 > 0)
		return w1 > w0 * gain;
	return i1 > i0 * gain;
}

/* One calibration batch of n iterations at p: kernel seconds, witnesses. */
static void lt_rt_pause_try(struct lt_rt_ctx *ctx, const struct lt_rt_pauses *p,
			    size_t n, unsigned long *gen, double *secs,
			    uint64_t *wits)
{
	struct lt_rt_run *run = ctx->run;
	struct timespec a, b;
	uint64_t hits = 0;

	lt_rt_pause_apply(run, p, ctx->test->nthreads);
	clock_gettime(CLOCK_MONOTONIC, &a);
	lt_rt_batch(ctx, n, gen, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	*secs += lt_rt_seconds(&a, &b);
	lt_rt_perp_collect(ctx, n, 0, &hits);
	*wits += hits;
	run->base += n;
}

/* Step 1: the common delay with the most witnesses per second. */
static void lt_rt_pause_sweep(struct lt_rt_ctx *ctx, size_t n, unsigned long *gen)
{
	int nth = ctx->test->nthreads;
	double secs[LT_RT_NDELAYS] = { 0 };
	uint64_t wits[LT_RT_NDELAYS] = { 0 };
	size_t best = 0;

	for (int r = 0; r < LT_RT_CALIB_ROUNDS; r++) {
		for (size_t d = 0; d < LT_RT_NDELAYS; d++) {
			struct lt_rt_pauses p;

			/* Stopped: no calibration, and nothing run to report. */
			if (lt_rt_stop_sig)
				return;
			lt_rt_pause_uniform(&p, nth, lt_rt_delays[d]);
			lt_rt_pause_try(ctx, &p, n, gen, &secs[d], &wits[d]);
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
	ctx->pdelay = lt_rt_delays[best];
	lt_rt_pause_uniform(&ctx->pauses, nth, ctx->pdelay);
}

/*
 * Step 2: each neighbour of the incumbent once, in interleaved rounds
 * against it; a candidate that is better by LT_RT_REFINE_GAIN becomes the
 * incumbent, and the next neighbours are its own.
 */
static void lt_rt_pause_refine(struct lt_rt_ctx *ctx, size_t n, unsigned long *gen)
{
	int nth = ctx->test->nthreads;
	unsigned moves = 4 * (unsigned)nth;

	for (unsigned k = 0; k < moves && !lt_rt_stop_sig; k++) {
		struct lt_rt_pauses cand;
		double s0 = 0, s1 = 0;
		uint64_t w0 = 0, w1 = 0;

		if (!lt_rt_pause_neighbour(&ctx->pauses, nth, k, &cand))
			continue;
		for (int r = 0; r < LT_RT_CALIB_ROUNDS && !lt_rt_stop_sig; r++) {
			lt_rt_pause_try(ctx, &ctx->pauses, n, gen, &s0, &w0);
			lt_rt_pause_try(ctx, &cand, n, gen, &s1, &w1);
		}
		if (s0 <= 0 || s1 <= 0)
			continue;
		ctx->prefined++;
		if (lt_rt_pause_beats((double)w1 / s1, (double)n / s1,
				      (double)w0 / s0, (double)n / s0,
				      LT_RT_REFINE_GAIN)) {
			ctx->pauses = cand;
			ctx->pmoves++;
		}
	}
}

/*
 * Before the run: steps 1 and 2 unless the pauses are fixed (-d), step 2
 * alone from a delay the caller chose (--sync=auto's).  Leaves the
 * setting in ctx->pauses and the run.
 */
void lt_rt_pause_calibrate(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o,
			   unsigned long *gen)
{
	size_t n = o->batch < LT_RT_CALIB_ITERS ? o->batch : LT_RT_CALIB_ITERS;
	int nth = ctx->test->nthreads;

	ctx->pdelay = o->delay >= 0 ? (unsigned)o->delay : 0;
	lt_rt_pause_uniform(&ctx->pauses, nth, ctx->pdelay);
	ctx->padapt = o->delay < 0 || o->delay_tuned;
	if (o->delay < 0)
		lt_rt_pause_sweep(ctx, n, gen);
	if (ctx->padapt)
		lt_rt_pause_refine(ctx, n, gen);
	lt_rt_pause_apply(ctx->run, &ctx->pauses, nth);
}

/*
 * Step 3, before a batch: whether it is a probe (then its pauses are the
 * next neighbour's).
 */
void lt_rt_pause_before(struct lt_rt_ctx *ctx)
{
	int nth = ctx->test->nthreads;
	struct lt_rt_pauses cand;

	ctx->pprobing = 0;
	if (!ctx->padapt || ++ctx->pbatches % LT_RT_ADAPT_EVERY || ctx->prate_n < 2)
		return;
	for (unsigned tries = 0; tries < 4 * (unsigned)nth; tries++)
		if (lt_rt_pause_neighbour(&ctx->pauses, nth, ctx->pnext++, &cand)) {
			ctx->pprobe = cand;
			ctx->pprobing = 1;
			ctx->pprobes++;
			lt_rt_pause_apply(ctx->run, &cand, nth);
			return;
		}
}

/*
 * Step 3, after a batch of n iterations that took secs of kernel time and
 * gave wits witnesses: a probe that beats the current setting's recent
 * rates moves the run there; any other batch updates those rates.
 */
void lt_rt_pause_after(struct lt_rt_ctx *ctx, size_t n, double secs, uint64_t wits)
{
	double w, i;

	if (!ctx->padapt || secs <= 0)
		return;
	w = (double)wits / secs;
	i = (double)n / secs;
	if (ctx->pprobing) {
		ctx->pprobing = 0;
		if (lt_rt_pause_beats(w, i, ctx->prate_w, ctx->prate_i,
				      LT_RT_ADAPT_GAIN)) {
			ctx->pauses = ctx->pprobe;
			ctx->pmoves++;
			ctx->prate_w = w;
			ctx->prate_i = i;
			ctx->prate_n = 1;
		} else {
			lt_rt_pause_apply(ctx->run, &ctx->pauses, ctx->test->nthreads);
		}
		return;
	}
	/* The recent rates: a running mean that halves the weight of the past. */
	if (ctx->prate_n++ == 0) {
		ctx->prate_w = w;
		ctx->prate_i = i;
	} else {
		ctx->prate_w = (ctx->prate_w + w) / 2;
		ctx->prate_i = (ctx->prate_i + i) / 2;
	}
}
