/* SPDX-License-Identifier: MIT */
/*
 * Batches: the cells of each iteration, their initial values and the
 * worker threads that run the kernel's thread functions batch by batch.
 */
#include "rt.h"

#include <stdlib.h>

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
void lt_rt_save_fin(struct lt_rt_run *run, size_t k)
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

void lt_rt_batch_init(struct lt_rt_run *run, size_t n)
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

void *lt_rt_worker_main(void *arg)
{
	struct lt_rt_worker *w = arg;
	struct lt_rt_ctx *ctx = w->ctx;
	struct lt_rt_run *run = ctx->run;
	unsigned long seen = 0, jobs = 0;

	lt_rt_pin_self(&ctx->sh->place, ctx->first + w->thread);
	atomic_fetch_add_explicit(&ctx->sh->ready, 1, memory_order_release);
	for (;;) {
		unsigned long gen, job;
		struct lt_rt_spin spins = LT_RT_SPIN_INIT;

		while ((gen = atomic_load_explicit(&run->batch_gen,
						   memory_order_acquire)) == seen) {
			/* Between batches: a perpetual collection to share. */
			job = atomic_load_explicit(&ctx->pjob_posted, memory_order_acquire);
			if (job != jobs) {
				jobs = job;
				lt_rt_perp_work(ctx, w->thread);
				spins = (struct lt_rt_spin)LT_RT_SPIN_INIT;
				continue;
			}
			lt_rt_pause(&spins, run->yield);
		}
		if (atomic_load_explicit(&run->stop, memory_order_relaxed))
			break;
		seen = gen;
		/* The no-overlap test hook: each thread in turn, alone. */
		while (ctx->serial && atomic_load_explicit(&ctx->turn,
				memory_order_acquire) != w->thread)
			lt_rt_pause(&spins, 1);
		run->test->threads[w->thread](run, w->thread);
		if (ctx->serial)
			atomic_store_explicit(&ctx->turn, w->thread + 1,
					      memory_order_release);
		atomic_fetch_add_explicit(&run->batch_done, 1,
					  memory_order_release);
	}
	return NULL;
}

void lt_rt_stop_workers(struct lt_rt_ctx *ctx)
{
	struct lt_rt_run *run = ctx->run;

	atomic_store_explicit(&run->stop, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&run->batch_gen, 1, memory_order_release);
	for (int i = 0; i < ctx->nstarted; i++)
		pthread_join(ctx->workers[i].tid, NULL);
	ctx->nstarted = 0;
}
