/* SPDX-License-Identifier: MIT */
/*
 * Perpetual mode's pause tuning during a run (src/runtime/pause.c): which
 * batches are probes, which neighbour each probe tries, and when the run
 * moves, driven by scripted batch rates instead of a machine's timing.
 */
#include <config.h>

#include <check.h>
#include <string.h>

#include "rt.h"
#include "check-util.h"

struct fixture {
	struct lt_rt_test test;
	struct lt_rt_run run;
	struct lt_rt_ctx ctx;
};

static void setup_ctx(struct fixture *f, int nthreads, unsigned delay, int adapt)
{
	memset(f, 0, sizeof(*f));
	f->test.nthreads = nthreads;
	f->ctx.test = &f->test;
	f->ctx.run = &f->run;
	f->ctx.padapt = adapt;
	lt_rt_pause_uniform(&f->ctx.pauses, nthreads, delay);
	lt_rt_pause_apply(&f->run, &f->ctx.pauses, nthreads);
}

/* One batch of 1000 iterations in secs giving wits: whether it was a probe. */
static int batch(struct fixture *f, double secs, uint64_t wits)
{
	int probe;

	lt_rt_pause_before(&f->ctx);
	probe = f->ctx.pprobing;
	lt_rt_pause_after(&f->ctx, 1000, secs, wits);
	return probe;
}

/* The batches up to the next probe, each at these rates: none a probe. */
static void until_probe(struct fixture *f, double secs, uint64_t wits)
{
	for (int b = 1; b < LT_RT_ADAPT_EVERY; b++)
		ck_assert(!batch(f, secs, wits));
}

START_TEST(probes_every_few_batches)
{
	struct fixture f;
	int probes = 0;

	setup_ctx(&f, 2, 4, 1);
	for (int b = 1; b <= 4 * LT_RT_ADAPT_EVERY; b++) {
		int p = batch(&f, 1e-3, 100);

		ck_assert_int_eq(p, b % LT_RT_ADAPT_EVERY == 0);
		probes += p;
	}
	ck_assert_int_eq(probes, 4);
	ck_assert_uint_eq(f.ctx.pprobes, 4);
	/* Equal rates: no probe wins, and the run is back at its setting. */
	ck_assert_uint_eq(f.ctx.pmoves, 0);
	ck_assert_uint_eq(f.run.pmin[0], 0);
	ck_assert_uint_eq(f.run.pspan[0], 4);
	ck_assert_uint_eq(f.run.pspan[1], 4);
}
END_TEST

/* The probes' settings: each thread's moves in turn, no-op moves skipped. */
START_TEST(probe_neighbours)
{
	/* From min 0, span 4: span 8, span 2, min 2 (min/2 of 0 is skipped). */
	static const unsigned want[][4] = {
		{ 0, 8, 0, 4 }, { 0, 2, 0, 4 }, { 2, 4, 0, 4 },
		{ 0, 4, 0, 8 }, { 0, 4, 0, 2 }, { 0, 4, 2, 4 },
		{ 0, 8, 0, 4 },
	};
	struct fixture f;
	size_t k = 0;

	setup_ctx(&f, 2, 4, 1);
	for (int b = 1; k < sizeof(want) / sizeof(want[0]); b++) {
		lt_rt_pause_before(&f.ctx);
		if (f.ctx.pprobing) {
			ck_assert_msg(f.run.pmin[0] == want[k][0] &&
				      f.run.pspan[0] == want[k][1] &&
				      f.run.pmin[1] == want[k][2] &&
				      f.run.pspan[1] == want[k][3],
				      "probe %zu: P0 %u+%u P1 %u+%u", k,
				      f.run.pmin[0], f.run.pspan[0],
				      f.run.pmin[1], f.run.pspan[1]);
			k++;
		}
		lt_rt_pause_after(&f.ctx, 1000, 1e-3, 100);
		ck_assert_int_lt(b, 100);
	}
}
END_TEST

/* A probe that beats the recent batches by the gain moves the run. */
START_TEST(probe_wins_only_by_the_gain)
{
	struct fixture f;

	setup_ctx(&f, 2, 4, 1);
	until_probe(&f, 1e-3, 100);
	/* 10% better: noise, not taken. */
	ck_assert(batch(&f, 1e-3, 110));
	ck_assert_uint_eq(f.ctx.pmoves, 0);
	ck_assert_uint_eq(f.run.pspan[0], 4);
	until_probe(&f, 1e-3, 100);
	/* The second probe (P0's span halved) witnesses twice as often. */
	ck_assert(batch(&f, 1e-3, 200));
	ck_assert_uint_eq(f.ctx.pmoves, 1);
	ck_assert_uint_eq(f.ctx.pauses.span[0], 2);
	ck_assert_uint_eq(f.run.pspan[0], 2);
	ck_assert_uint_eq(f.run.pspan[1], 4);
}
END_TEST

/* Nothing witnessed on either side: iterations per second decide. */
START_TEST(no_witness_ranks_by_speed)
{
	struct fixture f;

	setup_ctx(&f, 2, 0, 1);
	until_probe(&f, 2e-3, 0);
	/* The first probe (P0's span 0 -> 1) runs 1000 iterations in half the time. */
	ck_assert(batch(&f, 1e-3, 0));
	ck_assert_uint_eq(f.ctx.pmoves, 1);
	ck_assert_uint_eq(f.run.pspan[0], 1);
	/* A witness beats any speed without one. */
	setup_ctx(&f, 2, 0, 1);
	until_probe(&f, 1e-3, 0);
	ck_assert(batch(&f, 1.0, 1));
	ck_assert_uint_eq(f.ctx.pmoves, 1);
}
END_TEST

/* --delay fixed the pauses: no probe, ever. */
START_TEST(fixed_delay_never_probes)
{
	struct fixture f;

	setup_ctx(&f, 3, 2, 0);
	for (int b = 1; b <= 10 * LT_RT_ADAPT_EVERY; b++)
		ck_assert(!batch(&f, 1e-3, b == 7 ? 1000 : 1));
	ck_assert_uint_eq(f.ctx.pprobes, 0);
	for (int t = 0; t < 3; t++) {
		ck_assert_uint_eq(f.run.pmin[t], 0);
		ck_assert_uint_eq(f.run.pspan[t], 2);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pause");
	TCase *tc = tcase_create("adapt");

	tcase_add_test(tc, probes_every_few_batches);
	tcase_add_test(tc, probe_neighbours);
	tcase_add_test(tc, probe_wins_only_by_the_gain);
	tcase_add_test(tc, no_witness_ranks_by_speed);
	tcase_add_test(tc, fixed_delay_never_probes);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
