/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: the probe's statistics on known samples, and its refusals
 * and budget (src/runtime/probe.c).  No assertion on measured times.
 */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"
#include "check-util.h"

#define EPS 1e-9

START_TEST(quantiles_known)
{
	/* Unsorted on purpose: the helper sorts. */
	double v[] = { 7, 1, 10, 4, 2, 9, 3, 8, 6, 5 };
	double four[] = { 4, 1, 3, 2 };
	double one[] = { 42 };

	ck_assert_double_eq_tol(lt_probe_quantile(v, 10, 0.5), 5.5, EPS);
	/* Type 7: h = 0.9 * 9 = 8.1, between 9 and 10. */
	ck_assert_double_eq_tol(lt_probe_quantile(v, 10, 0.9), 9.1, EPS);
	ck_assert_double_eq_tol(lt_probe_quantile(v, 10, 0), 1, EPS);
	ck_assert_double_eq_tol(lt_probe_quantile(v, 10, 1), 10, EPS);
	for (int k = 0; k < 10; k++)
		ck_assert_double_eq(v[k], k + 1);
	ck_assert_double_eq_tol(lt_probe_quantile(four, 4, 0.5), 2.5, EPS);
	ck_assert_double_eq_tol(lt_probe_quantile(four, 4, 0.9), 3.7, EPS);
	ck_assert_double_eq_tol(lt_probe_quantile(one, 1, 0.5), 42, EPS);
	ck_assert_double_eq_tol(lt_probe_quantile(one, 1, 0.9), 42, EPS);
}
END_TEST

START_TEST(quantiles_odd_and_ties)
{
	double v[] = { 300, 100, 200, 100, 500 };

	/* Sorted: 100 100 200 300 500; h = 2 for the median, 3.6 for p90. */
	ck_assert_double_eq_tol(lt_probe_quantile(v, 5, 0.5), 200, EPS);
	ck_assert_double_eq_tol(lt_probe_quantile(v, 5, 0.9), 420, EPS);
}
END_TEST

START_TEST(refuses_bad_pairs)
{
	struct lt_probe_cfg cfg = { .pu_a = 0, .pu_b = 0 };
	struct lt_probe_result r;
	char why[256];

	errno = 0;
	ck_assert_int_eq(lt_probe_run(&cfg, &r, why, sizeof(why)), -1);
	ck_assert_int_eq(errno, EINVAL);
	cfg = (struct lt_probe_cfg){ .pu_a = 0, .pu_b = -1 };
	ck_assert_int_eq(lt_probe_run(&cfg, &r, why, sizeof(why)), -1);
	ck_assert_int_eq(errno, EINVAL);
	/* A CPU number beyond any cpu_set_t cannot be pinned to. */
	cfg = (struct lt_probe_cfg){ .pu_a = 0, .pu_b = CPU_SETSIZE + 5 };
	ck_assert_int_eq(lt_probe_run(&cfg, &r, why, sizeof(why)), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "cannot pin"));
}
END_TEST

/* The two PUs this process may use first, or skip-worthy -1. */
static int two_pus(int *a, int *b)
{
	cpu_set_t set;
	int n = 0;

	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return -1;
	for (int c = 0; c < CPU_SETSIZE && n < 2; c++)
		if (CPU_ISSET(c, &set))
			*(n++ ? b : a) = c;
	return n == 2 ? 0 : -1;
}

START_TEST(measures_and_respects_budget)
{
	/* A long budget: a loaded machine may share the PUs with others. */
	struct lt_probe_cfg cfg = { .samples = 20, .rounds = 50, .timeout_ms = 20000 };
	struct lt_probe_result r;
	char why[256];

	if (two_pus(&cfg.pu_a, &cfg.pu_b) < 0)
		return;	/* a single PU: nothing to pair */
	ck_assert_msg(lt_probe_run(&cfg, &r, why, sizeof(why)) == 0, "%s", why);
	ck_assert_int_eq(r.samples, 20);
	ck_assert_int_eq(r.rounds, 50);
	ck_assert(r.rtt_ns_min > 0);
	ck_assert(r.rtt_ns_median >= r.rtt_ns_min);
	ck_assert(r.rtt_ns_p90 >= r.rtt_ns_median);
	ck_assert_double_eq_tol(r.limit_it_per_s * r.rtt_ns_median, 1e9, 1e-3);

	/*
	 * 10^11 round trips cannot finish in 100 ms: the probe must give up
	 * (a probe that hung would be killed by the test case's timeout).
	 */
	cfg.samples = 100000;
	cfg.rounds = 1000000;
	cfg.timeout_ms = 100;
	errno = 0;
	ck_assert_int_eq(lt_probe_run(&cfg, &r, why, sizeof(why)), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	ck_assert_ptr_nonnull(strstr(why, "budget"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("probe");
	TCase *tc = tcase_create("probe");

	tcase_add_test(tc, quantiles_known);
	tcase_add_test(tc, quantiles_odd_and_ties);
	tcase_add_test(tc, refuses_bad_pairs);
	tcase_add_test(tc, measures_and_respects_budget);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
