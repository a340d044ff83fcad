/* SPDX-License-Identifier: MIT */
/*
 * The runtime's perpetual mode end to end: scripted kernels (what each load
 * saw is decided by a script, not by a race) run through lt_rt_main in a
 * child, and the collection's outcomes checked exactly against a
 * brute-force search of the pairing rule.
 */
#include <config.h>

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt-harness.h"
#include "check-util.h"

#ifndef __x86_64__
int main(void)
{
	printf("SKIP: the hand-written kernels of test-runtime-perpetual are x86_64 only\n");
	return 77;
}
#else

/*
 * A scripted perpetual SB: instead of racing, each thread records what a
 * script says its load saw in global iteration g, as the number of the
 * other thread's stores seen (0: none).  The collection's outcomes can then
 * be checked exactly against a brute-force search of the pairing rule.
 */
#define PERP_N		3000
#define PERP_BATCH	500
static uint64_t perp_seen[2][PERP_N];

static uint64_t perp_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/*
 * Each thread's iterations at times advancing by 1 to 4 ticks; a load
 * sees the other thread's stores made at least 1 to 6 ticks (a store
 * buffer's drain) before it.  Non-monotone: random values instead.
 */
static void perp_script(uint64_t seed, int monotone)
{
	static uint64_t when[2][PERP_N];
	uint64_t x = seed | 1;

	for (int th = 0; th < 2; th++)
		for (uint64_t g = 0, t = 0; g < PERP_N; g++)
			when[th][g] = t += 1 + perp_rand(&x) % 4;
	for (int th = 0; th < 2; th++) {
		uint64_t prev = 0;

		for (uint64_t g = 0; g < PERP_N; g++) {
			uint64_t lag = 1 + perp_rand(&x) % 6, v = 0;

			while (v < PERP_N && when[!th][v] + lag <= when[th][g])
				v++;
			if (!monotone)
				v = perp_rand(&x) % PERP_N;
			else if (v < prev)
				v = prev;
			perp_seen[th][g] = prev = v;
		}
	}
}

static void perp_thread(struct lt_rt_run *run, int thread)
{
	uint64_t *out = run->out + (size_t)thread * run->cap;

	for (size_t i = 0; i < run->n; i++)
		out[i] = perp_seen[thread][run->base + i];
}

static int perp_sb_target(const int64_t *v)
{
	return v[0] == 0 && v[1] == 0;
}

static const lt_rt_thread_fn perp_threads[] = { perp_thread, perp_thread };
static const struct lt_rt_perp_obs perp_sb_obs[] = {
	{ LT_RT_PERP_LOAD, 0, 1, 0, 4, 0, 1 },
	{ LT_RT_PERP_LOAD, 1, 0, 1, 4, 0, 1 },
};
static const struct lt_rt_perpetual perp_sb = {
	.obs = perp_sb_obs, .target = perp_sb_target,
};
static const struct lt_rt_test perp_test = {
	.name = "SB", .nthreads = 2, .nlocs = 2, .loc_names = sb_loc_names,
	.loc_sizes = sb_loc_sizes, .loc_init = sb_loc_init, .nobs = 2,
	.obs = sb_obs, .nslots = 2, .threads = perp_threads,
	.perpetual = &perp_sb,
};

/*
 * What the pairing rule must give for the script, by brute force over
 * every pair: iteration i of thread 0 witnesses SB iff some j of thread 1
 * in its batch missed i's store while i missed j's; otherwise its outcome
 * is that of the fragment (i, i).  counts[a * 2 + b]: 0:rax=a 1:rax=b.
 */
static void perp_expect(unsigned long long counts[4])
{
	memset(counts, 0, 4 * sizeof(counts[0]));
	for (uint64_t base = 0; base < PERP_N; base += PERP_BATCH) {
		for (uint64_t i = 0; i < PERP_BATCH; i++) {
			int wit = 0, a, b;

			for (uint64_t j = 0; j < PERP_BATCH && !wit; j++)
				wit = perp_seen[0][base + i] < base + j + 1 &&
				      perp_seen[1][base + j] < base + i + 1;
			a = perp_seen[0][base + i] >= base + i + 1;
			b = perp_seen[1][base + i] >= base + i + 1;
			counts[wit ? 0 : a * 2 + b]++;
		}
	}
}

/*
 * Scripted perpetual tests with three and four threads (WRC, IRIW): slot o
 * records what its load saw in global iteration g as a count of the
 * writer's stores, from iteration times and per-load lags (a long lag on
 * some loads makes the relaxed outcomes appear).
 */
#define PN_N		240
#define PN_BATCH	24
#define PN_SLOTS	4
static uint64_t pn_seen[PN_SLOTS][PN_N];
static const struct lt_rt_perp_obs *pn_obs;
static int pn_nobs;

static void pn_script(uint64_t seed, int nthreads, const int *max_lag)
{
	static uint64_t when[4][PN_N];
	uint64_t x = seed | 1;

	for (int th = 0; th < nthreads; th++)
		for (uint64_t g = 0, t = 0; g < PN_N; g++)
			when[th][g] = t += 1 + perp_rand(&x) % 4;
	for (int o = 0; o < pn_nobs; o++) {
		int r = pn_obs[o].reader, w = pn_obs[o].writer;
		uint64_t prev = 0;

		for (uint64_t g = 0; g < PN_N; g++) {
			uint64_t lag = 1 + perp_rand(&x) % (uint64_t)max_lag[o], v = 0;

			while (v < PN_N && when[w][v] + lag <= when[r][g])
				v++;
			pn_seen[o][g] = prev = v > prev ? v : prev;
		}
	}
}

static void pn_thread(struct lt_rt_run *run, int thread)
{
	for (int o = 0; o < pn_nobs; o++)
		if (pn_obs[o].reader == thread)
			for (size_t i = 0; i < run->n; i++)
				run->out[(size_t)o * run->cap + i] = pn_seen[o][run->base + i];
}

/* WRC: x=1 || r0=x; y=1 || r1=y; r2=x.  Slots: 1:r0 (x), 2:r1 (y), 2:r2 (x). */
static int pn_wrc_target(const int64_t *v)
{
	return v[0] == 1 && v[1] == 1 && v[2] == 0;
}

static const struct lt_rt_perp_obs pn_wrc_obs[] = {
	{ LT_RT_PERP_LOAD, 1, 0, 0, 4, 0, 1 },
	{ LT_RT_PERP_LOAD, 2, 1, 1, 4, 0, 1 },
	{ LT_RT_PERP_LOAD, 2, 0, 2, 4, 0, 1 },
};
static const struct lt_rt_perpetual pn_wrc = {
	.obs = pn_wrc_obs, .target = pn_wrc_target,
};
static const struct lt_rt_obs pn_wrc_rtobs[] = {
	{ "1:r0", 0, 0, 4, 1 }, { "2:r1", 0, 1, 4, 1 }, { "2:r2", 0, 2, 4, 1 },
};
static const lt_rt_thread_fn pn_threads[] = { pn_thread, pn_thread, pn_thread, pn_thread };
static const struct lt_rt_test pn_wrc_test = {
	.name = "WRC", .nthreads = 3, .nlocs = 2, .loc_names = sb_loc_names,
	.loc_sizes = sb_loc_sizes, .loc_init = sb_loc_init, .nobs = 3,
	.obs = pn_wrc_rtobs, .nslots = 3, .threads = pn_threads,
	.perpetual = &pn_wrc,
};

/* IRIW: x=1 || y=1 || r0=x; r1=y || r2=y; r3=x. */
static int pn_iriw_target(const int64_t *v)
{
	return v[0] == 1 && v[1] == 0 && v[2] == 1 && v[3] == 0;
}

static const struct lt_rt_perp_obs pn_iriw_obs[] = {
	{ LT_RT_PERP_LOAD, 2, 0, 0, 4, 0, 1 },
	{ LT_RT_PERP_LOAD, 2, 1, 1, 4, 0, 1 },
	{ LT_RT_PERP_LOAD, 3, 1, 2, 4, 0, 1 },
	{ LT_RT_PERP_LOAD, 3, 0, 3, 4, 0, 1 },
};
static const struct lt_rt_perpetual pn_iriw = {
	.obs = pn_iriw_obs, .target = pn_iriw_target,
};
static const struct lt_rt_obs pn_iriw_rtobs[] = {
	{ "2:r0", 0, 0, 4, 1 }, { "2:r1", 0, 1, 4, 1 },
	{ "3:r2", 0, 2, 4, 1 }, { "3:r3", 0, 3, 4, 1 },
};
static const struct lt_rt_test pn_iriw_test = {
	.name = "IRIW", .nthreads = 4, .nlocs = 2, .loc_names = sb_loc_names,
	.loc_sizes = sb_loc_sizes, .loc_init = sb_loc_init, .nobs = 4,
	.obs = pn_iriw_rtobs, .nslots = 4, .threads = pn_threads,
	.perpetual = &pn_iriw,
};

/* The state of a tuple of iterations (batch base), as a bit per slot. */
static unsigned pn_mask(uint64_t base, const uint64_t *it)
{
	unsigned m = 0;

	for (int o = 0; o < pn_nobs; o++)
		if (pn_seen[o][base + it[pn_obs[o].reader]] >= base + it[pn_obs[o].writer] + 1)
			m |= 1u << o;
	return m;
}

/*
 * By brute force over every tuple of the other threads' iterations in the
 * batch: counts[m] for each state m (bit o: slot o saw its store).
 */
static void pn_expect(int nthreads, int (*target)(const int64_t *),
		      unsigned long long *counts)
{
	memset(counts, 0, sizeof(counts[0]) << pn_nobs);
	for (uint64_t base = 0; base < PN_N; base += PN_BATCH) {
		for (uint64_t i = 0; i < PN_BATCH; i++) {
			uint64_t it[4] = { i, 0, 0, 0 };
			int64_t v[PN_SLOTS];
			unsigned m = 0;
			int wit = 0;

			/* Odometer over it[1..nthreads-1]. */
			for (;;) {
				m = pn_mask(base, it);
				for (int o = 0; o < pn_nobs; o++)
					v[o] = (m >> o) & 1;
				if ((wit = target(v)))
					break;
				int d = 1;

				while (d < nthreads && ++it[d] == PN_BATCH)
					it[d++] = 0;
				if (d == nthreads)
					break;
			}
			if (!wit) {
				for (int d = 0; d < nthreads; d++)
					it[d] = i;
				m = pn_mask(base, it);
			}
			counts[m]++;
		}
	}
}

/* The raw output's count of state m (values 0/1 per slot). */
static unsigned long long pn_count(const struct raw *r, const struct lt_rt_test *t,
				   unsigned m)
{
	char want[128];
	size_t len = 0;

	for (int o = 0; o < t->nobs; o++)
		len += (size_t)snprintf(want + len, sizeof(want) - len, "%s%s=%u",
					o ? " " : "", t->obs[o].name, (m >> o) & 1);
	snprintf(want + len, sizeof(want) - len, "\n");
	return state_count(r, want);
}

/* ---------------------------------------------------------------------- */
/* Tests                                                                  */
/* ---------------------------------------------------------------------- */

START_TEST(test_perpetual_pairing)
{
	static const char *const names[4] = {
		"0:rax=0 1:rax=0\n", "0:rax=0 1:rax=1\n",
		"0:rax=1 1:rax=0\n", "0:rax=1 1:rax=1\n",
	};
	unsigned long long want[4], wits = 0;
	char n[16], b[16];
	struct raw r;

	snprintf(n, sizeof(n), "%d", PERP_N);
	snprintf(b, sizeof(b), "%d", PERP_BATCH);
	/* Monotone reads (CoRR): exactly the brute-force outcomes. */
	for (uint64_t seed = 1; seed <= 5; seed++) {
		perp_script(seed * 0x9e3779b97f4a7c15ULL, 1);
		perp_expect(want);
		run_test(&perp_test, &r, "-n", n, "-s", b, "-d", "0", "-q",
			 (char *)NULL);
		assert_common(&r, "SB", 2, PERP_N);
		assert_states(&r, sb_tso);
		for (int k = 0; k < 4; k++)
			ck_assert_msg(state_count(&r, names[k]) == want[k],
				      "seed %d: %s: got %llu, want %llu\n%s",
				      (int)seed, names[k], state_count(&r, names[k]),
				      want[k], r.out);
		wits += want[0];
		raw_free(&r);
	}
	/* The script is not degenerate: both kinds of iteration occur. */
	ck_assert_uint_gt(wits, 0);
	ck_assert_uint_lt(wits, 5ULL * PERP_N);

	/* Reads going back (no CoRR): fewer witnesses, never invented ones. */
	perp_script(42, 0);
	perp_expect(want);
	run_test(&perp_test, &r, "-n", n, "-s", b, "-d", "0", "-q", (char *)NULL);
	assert_common(&r, "SB", 2, PERP_N);
	assert_states(&r, sb_tso);
	ck_assert_uint_le(state_count(&r, names[0]), want[0]);
	raw_free(&r);
}
END_TEST

/* -C: the events, none (no backend call at all), and refused lists. */
START_TEST(test_perpetual_more_threads)
{
	static const int wrc_lag[] = { 2, 2, 12 }, iriw_lag[] = { 2, 12, 2, 12 };
	const struct {
		const struct lt_rt_test *t;
		const struct lt_rt_perp_obs *obs;
		const int *lag;
	} cases[] = {
		{ &pn_wrc_test, pn_wrc_obs, wrc_lag },
		{ &pn_iriw_test, pn_iriw_obs, iriw_lag },
	};
	char n[16], b[16];

	snprintf(n, sizeof(n), "%d", PN_N);
	snprintf(b, sizeof(b), "%d", PN_BATCH);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct lt_rt_test *t = cases[c].t;
		unsigned long long want[1 << PN_SLOTS], wits = 0, all = 0;

		pn_obs = cases[c].obs;
		pn_nobs = t->nobs;
		for (uint64_t seed = 1; seed <= 4; seed++) {
			struct raw r;
			unsigned tm = 0;

			pn_script(seed * 0x9e3779b97f4a7c15ULL, t->nthreads, cases[c].lag);
			pn_expect(t->nthreads, t->perpetual->target, want);
			run_test(t, &r, "-n", n, "-s", b, "-d", "0", "-q", (char *)NULL);
			assert_common(&r, t->name, t->nthreads, PN_N);
			for (unsigned m = 0; m < 1u << t->nobs; m++) {
				int64_t v[PN_SLOTS];

				for (int o = 0; o < t->nobs; o++)
					v[o] = (m >> o) & 1;
				if (t->perpetual->target(v))
					tm = m;
				ck_assert_msg(pn_count(&r, t, m) == want[m],
					      "%s seed %d state %u: got %llu, want %llu\n%s",
					      t->name, (int)seed, m, pn_count(&r, t, m),
					      want[m], r.out);
			}
			wits += want[tm];
			all += PN_N;
			raw_free(&r);
		}
		/* Not degenerate: witnesses and other iterations both occur. */
		ck_assert_msg(wits > 0 && wits < all, "%s: %llu witnesses of %llu",
			      t->name, wits, all);
	}
}
END_TEST

static Suite *perpetual_suite(void)
{
	Suite *s = suite_create("perpetual");
	TCase *tc = tcase_create("end-to-end");

	/* Generous: a loaded CI machine, or a sanitizer build. */
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_perpetual_pairing);
	tcase_add_test(tc, test_perpetual_more_threads);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(perpetual_suite());
}

#endif /* __x86_64__ */
