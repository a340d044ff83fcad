/* SPDX-License-Identifier: MIT */
/*
 * Perpetual mode: a batch runs without synchronisation, so outcomes are
 * reconstructed afterwards by pairing the threads' recorded reads with
 * the writes they saw.
 */
#include "rt.h"

#include <stdlib.h>

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
int lt_rt_perp_setup(struct lt_rt_ctx *ctx)
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
	/* Per collector (every thread of the instance), its mask counts. */
	ctx->pcount = calloc((size_t)t->nthreads << nb, sizeof(*ctx->pcount));
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
 * move forward as i grows, so each is found by a cursor (cur[o]) that
 * resumes where it stopped for i - 1: linear in the batch in all.  A
 * hardware CoRR violation would only make the search miss pairs: whatever
 * it reports is recomputed from the recorded values, so every witness is
 * a real execution fragment.
 */
static unsigned lt_rt_perp_pair(const struct lt_rt_ctx *ctx, size_t *cur,
				size_t n, size_t i)
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

			k = cur[o];
			while (k < n && lt_rt_perp_read(run, k, po->slot, po->size) < want)
				k++;
			cur[o] = k;
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
 * Collector c's share of the batch's outcomes: the masks of thread 0's
 * iterations [lo, hi) counted into its own pcount row.  Its pair cursors
 * start where a pass from 0 would have left them at lo: the first of
 * thread 1's iterations that saw the store of iteration lo - 1 (binary
 * search; CoRR keeps each column non-decreasing, and were it violated the
 * pairs found would differ, every one still recomputed from the records).
 */
static void lt_rt_perp_count(const struct lt_rt_ctx *ctx, int c, size_t n,
			     size_t lo, size_t hi)
{
	const struct lt_rt_test *t = ctx->test;
	uint64_t *count = ctx->pcount + ((size_t)c << ctx->pnbits);
	size_t *cur = ctx->pcur + (size_t)c * ((size_t)t->nobs + 1);

	memset(count, 0, ((size_t)1 << ctx->pnbits) * sizeof(*count));
	for (int o = 0; o < t->nobs; o++) {
		const struct lt_rt_perp_obs *po = &t->perpetual->obs[o];

		cur[o] = 0;
		if (lo && ctx->pbit[o] >= 0 && po->reader != 0 && po->reader != po->writer)
			cur[o] = lt_rt_perp_first(&ctx->pload[ctx->pbit[o]], n,
						  ctx->run->base + lo);
	}
	for (size_t i = lo; i < hi; i++)
		count[t->nthreads == 2 ? lt_rt_perp_pair(ctx, cur, n, i) :
		      lt_rt_perp_tuple(ctx, n, i)]++;
}

/* The share of the batch collector c (0: thread 0) counts. */
static void lt_rt_perp_share(const struct lt_rt_ctx *ctx, int c, size_t n,
			     size_t *lo, size_t *hi)
{
	size_t k = (size_t)ctx->pshares;

	*lo = n * (size_t)c / k;
	*hi = n * (size_t)(c + 1) / k;
}

/*
 * A worker (thread c of the instance) between batches: thread 0 posted a
 * collection (lt_rt_perp_collect); count this thread's share of it.
 */
void lt_rt_perp_work(struct lt_rt_ctx *ctx, int c)
{
	size_t lo, hi;

	if (c < ctx->pshares) {
		lt_rt_perp_share(ctx, c, ctx->pjob_n, &lo, &hi);
		lt_rt_perp_count(ctx, c, ctx->pjob_n, lo, hi);
	}
	atomic_fetch_add_explicit(&ctx->pjob_done, 1, memory_order_release);
}

/*
 * One outcome per iteration of thread 0: into the histogram when hist is
 * set; returns how many satisfied the target (the witnesses).  The other
 * threads of the instance wait between batches meanwhile, so a batch of
 * LT_RT_PERP_SPLIT or more iterations is shared out: each thread counts
 * the masks of a contiguous part (lt_rt_perp_work), thread 0 adds them up.
 */
int lt_rt_perp_collect(struct lt_rt_ctx *ctx, size_t n, int hist,
			      uint64_t *hits)
{
	const struct lt_rt_test *t = ctx->test;
	uint64_t *key = ctx->key, *bits = key + t->nobs;
	size_t nbits = ctx->hist.kw - (size_t)t->nobs;
	unsigned nm = 1u << ctx->pnbits;
	unsigned long others = (unsigned long)(t->nthreads - 1);
	size_t lo, hi;

	*hits = 0;
	ctx->pshares = n >= LT_RT_PERP_SPLIT && !ctx->serial ? t->nthreads : 1;
	if (ctx->pshares > 1) {
		ctx->pjob_n = n;
		/* Release: the records read and the share reach the workers. */
		atomic_fetch_add_explicit(&ctx->pjob_posted, 1, memory_order_release);
	}
	lt_rt_perp_share(ctx, 0, n, &lo, &hi);
	lt_rt_perp_count(ctx, 0, n, lo, hi);
	if (ctx->pshares > 1) {
		struct lt_rt_spin spins = LT_RT_SPIN_INIT;
		unsigned long want = atomic_load_explicit(&ctx->pjob_posted,
							  memory_order_relaxed) * others;

		/* Acquire: the workers' counts are visible. */
		while (atomic_load_explicit(&ctx->pjob_done, memory_order_acquire) < want)
			lt_rt_pause(&spins, ctx->run->yield);
		for (int c = 1; c < ctx->pshares; c++)
			for (unsigned m = 0; m < nm; m++)
				ctx->pcount[m] += ctx->pcount[((size_t)c << ctx->pnbits) + m];
	}
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

/*
 * Of the batch's reads of another thread's location, how many saw their
 * writer part-way through the batch (a value above the batch's base and
 * below its end); *reads: how many such reads there were.  Zero of many
 * means the threads ran one after the other, never at once.
 */
uint64_t lt_rt_perp_overlap(const struct lt_rt_ctx *ctx, size_t n, uint64_t *reads)
{
	const uint64_t base = ctx->run->base;
	uint64_t seen = 0;

	*reads = 0;
	for (int b = 0; b < ctx->pnbits; b++) {
		const struct lt_rt_pload *pl = &ctx->pload[b];

		if (pl->reader == pl->writer)
			continue;
		for (size_t k = 0; k < n; k++) {
			uint64_t v = pl->col[k] & pl->mask;

			seen += v > base && v < base + n;
		}
		*reads += n;
	}
	return seen;
}
