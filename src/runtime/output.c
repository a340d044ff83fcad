/* SPDX-License-Identifier: MIT */
/*
 * The raw output litmus-run parses: the histogram, the placement, the
 * timing and the counters.
 */
#include "rt.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

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
		/*
		 * overlap: the share of cross-thread reads that saw their
		 * writer mid-batch (1 when the test has none); retried: the
		 * batches run again because their threads never overlapped;
		 * unoverlapped: those kept so once the retries were spent.
		 */
		printf(" delay=%u calibrated=%d overlap=%.4f retried=%u unoverlapped=%u",
		       ctx->pdelay, ctx->ncalib > 0 || (ctx->cal && !ctx->cal->delay_fixed),
		       ctx->preads ?
		       (double)ctx->poverlap / (double)ctx->preads : 1.0,
		       ctx->pretried, ctx->punoverlapped);
		/*
		 * The pauses the run ended with, per thread (pause.c), and
		 * how they were tuned: candidates refined before the run,
		 * probes during it, moves taken.
		 */
		for (int t = 0; t < ctx->test->nthreads; t++)
			printf(" pause_min_P%d=%u pause_span_P%d=%u", t,
			       run->pmin[t], t, run->pspan[t]);
		printf(" refined=%u probes=%u moves=%u", ctx->prefined,
		       ctx->pprobes, ctx->pmoves);
		break;
	default:
		break;
	}
	printf("\n");
	if (ctx->punoverlapped)
		fprintf(stderr, "warning: perpetual: in %u batch(es) the threads never ran "
			"at once, even after %u retries: outcomes that need them in "
			"parallel are missing; --sync=spin does not depend on it\n",
			ctx->punoverlapped, ctx->pretried);
	for (int c = 0; c < ctx->ncalib; c++)
		printf("calibration %u %.0f %.0f\n", ctx->calib[c].delay,
		       ctx->calib[c].iters_per_s, ctx->calib[c].wits_per_s);
	/*
	 * --sync=auto: how the candidates were ranked, then one line per
	 * candidate: mode, setting, iterations run per round (on average),
	 * the three rates and whether it was chosen.
	 */
	if (ctx->cal) {
		const struct lt_rt_autocal *cal = ctx->cal;

		printf("auto rank=%s forbidden=%d rounds=%d injected=%d\n",
		       cal->rank_outcomes ? "outcomes" : "witnesses",
		       cal->au->forbidden, cal->rounds, cal->injected);
		for (int k = 0; k < cal->ntries; k++) {
			const struct lt_rt_try *tr = &cal->tries[k];

			printf("auto-try %s %u %zu %.0f %.0f %.1f %d\n",
			       lt_rt_sync_names[tr->sync], tr->setting,
			       tr->done / (size_t)(cal->rounds > 0 ? cal->rounds : 1),
			       tr->iters_per_s, tr->wits_per_s, tr->outcomes_per_s,
			       k == cal->chosen);
		}
	}
}

int lt_rt_print(struct lt_rt_ctx *ctx, const struct lt_rt_opts *o,
		const struct lt_counters *cnt, double elapsed, size_t done)
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
	printf("iterations %zu\n", done);
	/*
	 * Stopped by a signal: the histogram holds the iterations done, not
	 * the asked ones (litmus-run keeps it as a timeout's partial result).
	 */
	if (lt_rt_stop_sig)
		printf("stopped %s asked=%zu\n", lt_rt_stop_sig == SIGALRM ? "SIGALRM" :
		       "SIGTERM", o->iters * (size_t)ninst);
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
