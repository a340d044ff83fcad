/* SPDX-License-Identifier: MIT */
/*
 * --sync=auto: a short calibration over the modes the test is eligible
 * for, then the run in the best one.  The calibration runs in sessions of
 * its own (one per kernel form, one instance, nothing printed), so its
 * iterations never reach the histogram.
 */
#include "rt.h"

#include <errno.h>
#include <stdlib.h>

static size_t lt_rt_auto_iters(size_t run, size_t most)
{
	size_t n = run / 16;

	if (n < LT_RT_AUTO_MIN_ITERS)
		n = LT_RT_AUTO_MIN_ITERS;
	return n < most ? n : most;
}

static void lt_rt_auto_add(struct lt_rt_autocal *cal, int sync,
			   unsigned setting, size_t iters)
{
	struct lt_rt_try *tr = &cal->tries[cal->ntries++];

	memset(tr, 0, sizeof(*tr));
	tr->sync = sync;
	tr->setting = setting;
	tr->iters = iters;
}

/*
 * The candidates: spin, flags and timebase at a few periods (or at -P),
 * unless the layout rules some out; perpetual at each calibration delay
 * (or at -d) when the kernel has that form and the layout allows it.
 */
static void lt_rt_auto_plan(struct lt_rt_autocal *cal, const struct lt_rt_opts *o,
			    int oversub)
{
	static const unsigned periods[] = LT_RT_AUTO_PERIODS;
	/*
	 * Perpetual's own calibration also tries 32, 64 and 128 pauses; here
	 * they never won (SB, MP, LB on the 2-PU guest chose 0 to 4) and cost
	 * most of the calibration's time (128: ~60x the time of 0).
	 */
	static const unsigned delays[] = LT_RT_AUTO_DELAYS;
	size_t bi = lt_rt_auto_iters(o->iters, LT_RT_AUTO_ITERS);
	size_t pi = lt_rt_auto_iters(o->iters, LT_RT_AUTO_PERP_ITERS);
	int reuse = o->layout.reuse > 0;

	/*
	 * Threads that share a PU yield at every handshake: under load spin
	 * and flags then ran at ~100 it/s here (a batch took seconds).
	 * Timebase and perpetual never wait for one another; the handshake
	 * modes are tried only when nothing else can run.
	 */
	if (!oversub || (reuse && (!cal->au->perp || o->layout.shuffle > 0 ||
				   o->layout.stride > 0))) {
		lt_rt_auto_add(cal, LT_RT_SYNC_SPIN, 0, bi);
		lt_rt_auto_add(cal, LT_RT_SYNC_FLAGS, 0, bi);
	}
	for (size_t k = 0; k < sizeof(periods) / sizeof(periods[0]) && !reuse; k++) {
		if (o->period_given) {
			lt_rt_auto_add(cal, LT_RT_SYNC_TIMEBASE, o->period_ns, bi);
			break;
		}
		lt_rt_auto_add(cal, LT_RT_SYNC_TIMEBASE, periods[k], bi);
	}
	/* Perpetual runs on one set of cells: an explicit fresh, shuffle or
	 * stride rules it out, as it would for --sync=perpetual. */
	if (!cal->au->perp || o->layout.reuse == 0 || o->layout.shuffle > 0 ||
	    o->layout.stride > 0 ||
	    o->iters >= ((size_t)1 << 31) - ((size_t)1 << 24))
		return;
	for (size_t k = 0; k < sizeof(delays) / sizeof(delays[0]); k++) {
		if (cal->delay_fixed) {
			lt_rt_auto_add(cal, LT_RT_SYNC_PERPETUAL, (unsigned)o->delay, pi);
			break;
		}
		lt_rt_auto_add(cal, LT_RT_SYNC_PERPETUAL, delays[k], pi);
	}
}

/* Will the test's threads share PUs (the -p list's, else this process's)? */
static int lt_rt_auto_oversub(const struct lt_rt_test *test,
			      const struct lt_rt_opts *o, const cpu_set_t *mask)
{
	int npus = 0;

	if (o->npin) {
		for (int k = 0; k < o->npin; k++) {
			int seen = 0;

			for (int j = 0; j < k; j++)
				seen |= o->pin[j] == o->pin[k];
			npus += !seen;
		}
	} else if (mask) {
		npus = CPU_COUNT(mask);
	} else {
		return 0;
	}
	return npus < test->nthreads;
}

/* Is a better than b?  Lexicographic over the ranking's figures. */
static int lt_rt_auto_better(const struct lt_rt_autocal *cal,
			     const struct lt_rt_try *a, const struct lt_rt_try *b)
{
	double fa[3] = { a->wits_per_s, a->outcomes_per_s, a->iters_per_s };
	double fb[3] = { b->wits_per_s, b->outcomes_per_s, b->iters_per_s };

	for (int k = cal->rank_outcomes ? 1 : 0; k < 3; k++)
		if (fa[k] != fb[k])
			return fa[k] > fb[k];
	return 0;
}

int lt_rt_auto_pick(struct lt_rt_autocal *cal)
{
	int best = -1;

	for (int k = 0; k < cal->ntries; k++) {
		struct lt_rt_try *tr = &cal->tries[k];

		if (!cal->injected) {
			double s = tr->secs > 0 ? tr->secs : 1e-9;

			if (tr->secs <= 0)
				continue;	/* never ran (stopped) */
			tr->iters_per_s = (double)tr->done / s;
			tr->wits_per_s = (double)tr->wits / s;
			tr->outcomes_per_s = (double)tr->distinct / s;
		}
		if (best < 0 || lt_rt_auto_better(cal, tr, &cal->tries[best]))
			best = k;
	}
	cal->chosen = best;
	return best;
}

/*
 * The test hook: "MODE[@SETTING]=I:W:O,..." replaces the figures.  Returns
 * 0, or -1 with why set.
 */
static int lt_rt_auto_inject(struct lt_rt_autocal *cal, const char *spec,
			     char *why, size_t len)
{
	char *copy = strdup(spec), *save = NULL;
	int rc = 0;

	if (!copy) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	for (int k = 0; k < cal->ntries; k++) {
		struct lt_rt_try *tr = &cal->tries[k];

		tr->iters_per_s = tr->wits_per_s = tr->outcomes_per_s = 0;
	}
	for (char *w = strtok_r(copy, ",", &save); w && !rc;
	     w = strtok_r(NULL, ",", &save)) {
		char mode[16], *eq = strchr(w, '='), *at;
		unsigned setting = 0;
		double f[3];
		int found = 0;

		if (!eq || (size_t)(eq - w) >= sizeof(mode) ||
		    sscanf(eq + 1, "%lf:%lf:%lf", &f[0], &f[1], &f[2]) != 3) {
			snprintf(why, len, "%s: bad entry '%s'", LT_RT_AUTO_HOOK_ENV, w);
			rc = -1;
			break;
		}
		memcpy(mode, w, (size_t)(eq - w));
		mode[eq - w] = '\0';
		at = strchr(mode, '@');
		if (at) {
			*at++ = '\0';
			setting = (unsigned)strtoul(at, NULL, 10);
		}
		for (int k = 0; k < cal->ntries; k++) {
			struct lt_rt_try *tr = &cal->tries[k];

			if (strcmp(lt_rt_sync_names[tr->sync], mode) ||
			    tr->setting != setting)
				continue;
			tr->iters_per_s = f[0];
			tr->wits_per_s = f[1];
			tr->outcomes_per_s = f[2];
			found = 1;
		}
		if (!found) {
			snprintf(why, len, "%s: '%s' is not a candidate of this run",
				 LT_RT_AUTO_HOOK_ENV, w);
			rc = -1;
		}
	}
	free(copy);
	cal->injected = 1;
	return rc;
}

int lt_rt_main_auto(const struct lt_rt_test *test, const struct lt_rt_auto *au,
		    int argc, char **argv)
{
	const char *prog = argc > 0 && argv[0] ? argv[0] : "litmus-test";
	const char *hook = getenv(LT_RT_AUTO_HOOK_ENV);
	struct lt_rt_autocal *cal;
	struct lt_rt_opts o, oc, of;
	const struct lt_rt_try *best;
	cpu_set_t mask;
	int rc = lt_rt_begin(argc, argv, &o), masked;

	if (rc >= 0)
		return rc;
	/* A fixed mode: the kernel's form for it, no calibration. */
	if (o.sync >= 0 && o.sync != LT_RT_SYNC_AUTO) {
		if (o.sync == LT_RT_SYNC_PERPETUAL && !au->perp) {
			fprintf(stderr, "%s: -S perpetual: this test is not eligible (see litmus-run --sync=perpetual)\n",
				prog);
			printf("litmus-raw-error -S perpetual: this test is not eligible\n");
			free(o.pin);
			return 2;
		}
		rc = lt_rt_session(o.sync == LT_RT_SYNC_PERPETUAL ? au->perp : test,
				   &o, prog, NULL, 0);
		free(o.pin);
		return rc;
	}
	cal = calloc(1, sizeof(*cal));
	if (!cal) {
		fprintf(stderr, "%s: out of memory\n", prog);
		free(o.pin);
		return 2;
	}
	cal->au = au;
	cal->rounds = LT_RT_CALIB_ROUNDS;
	cal->delay_fixed = o.delay >= 0;
	/* Nothing to witness (or no way to tell): rank by outcomes. */
	cal->rank_outcomes = au->forbidden == 1 || !au->target;
	cal->chosen = -1;
	/*
	 * A session pins this thread (as thread 0): give the next one the
	 * PUs this process started with, which it plans over.
	 */
	masked = sched_getaffinity(0, sizeof(mask), &mask) == 0;
	lt_rt_auto_plan(cal, &o, lt_rt_auto_oversub(test, &o, masked ? &mask : NULL));

	/* The calibration sessions: quiet, one instance, counters off. */
	for (int perp = 1; perp >= 0; perp--) {
		size_t most = 0;

		for (int k = 0; k < cal->ntries; k++)
			if ((cal->tries[k].sync == LT_RT_SYNC_PERPETUAL) == perp &&
			    cal->tries[k].iters > most)
				most = cal->tries[k].iters;
		if (!most)
			continue;
		oc = o;
		oc.iters = most;
		oc.quiet = 1;
		oc.instances = 1;
		oc.counters.n = 0;
		oc.sync = perp ? LT_RT_SYNC_PERPETUAL : LT_RT_SYNC_SPIN;
		oc.delay = 0;
		if (perp && (!o.batch_given || o.batch > LT_RT_AUTO_PERP_CHUNK)) {
			oc.batch = LT_RT_AUTO_PERP_CHUNK;
			oc.batch_given = 1;
		}
		rc = lt_rt_session(perp ? au->perp : test, &oc, prog, cal, 1);
		if (masked)
			sched_setaffinity(0, sizeof(mask), &mask);
		if (rc == 2)
			goto out;
	}
	if (hook) {
		char why[200];

		if (lt_rt_auto_inject(cal, hook, why, sizeof(why)) < 0) {
			fprintf(stderr, "%s: %s\n", prog, why);
			printf("litmus-raw-error %s\n", why);
			rc = 2;
			goto out;
		}
	}
	/* Stopped before any candidate ran: the run stops at once too. */
	best = lt_rt_auto_pick(cal) >= 0 ? &cal->tries[cal->chosen] : &cal->tries[0];
	of = o;
	of.sync = best->sync;
	if (best->sync == LT_RT_SYNC_TIMEBASE)
		of.period_ns = best->setting;
	if (best->sync == LT_RT_SYNC_PERPETUAL) {
		of.delay = (int)best->setting;
		/* Unless -d fixed it: a start, refined per thread and adapted. */
		of.delay_tuned = !cal->delay_fixed;
	}
	rc = lt_rt_session(best->sync == LT_RT_SYNC_PERPETUAL ? au->perp : test,
			   &of, prog, cal, 0);
out:
	free(cal);
	free(o.pin);
	return rc;
}
