/* SPDX-License-Identifier: MIT */
/*
 * The checks of the test description the generator wrote, before any
 * memory is allocated for it.
 */
#include "rt.h"

static int lt_rt_size_ok(unsigned size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

/* The generator's output is trusted, but a bad table must not crash. */
int lt_rt_check_test(struct lt_rt_ctx *ctx, const struct lt_rt_test *t)
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
