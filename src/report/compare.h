/* SPDX-License-Identifier: MIT */
/*
 * Comparing two stored runs (two nights, two machines), or one run with the
 * model verdicts it carries: findings, each an alert or a notice.
 */
#ifndef LT_COMPARE_H
#define LT_COMPARE_H

#include <jansson.h>
#include <stdbool.h>

#include "util/buf.h"

#define LT_COMPARE_SCHEMA "litmus-run-compare/1"

struct lt_compare_opts {
	/*
	 * A witness-rate change is reported when the two-proportion z-test
	 * gives |z| > z (default 3.29, two-sided p < 0.001) and the rates
	 * differ by at least the factor (default 2): with a million
	 * iterations the test alone flags every load-induced wobble.
	 */
	double z;
	double factor;
	bool strict;		/* every finding is an alert */
};

#define LT_COMPARE_OPTS_INIT { 3.29, 2.0, false }

/*
 * Compare run b (the newer) with run a.  The result (schema
 * litmus-run-compare/1) lists the findings; "alerts" counts those that
 * are alerts.
 */
json_t *compare_runs(json_t *a, const char *a_name, json_t *b, const char *b_name,
		     const struct lt_compare_opts *o);

/* Judge run a by the model verdicts it carries. */
json_t *compare_model(json_t *a, const char *a_name, const struct lt_compare_opts *o);

/* The arches of a run's tests, sorted and joined by ", " (a new string). */
char *compare_run_arches(json_t *doc);

/* The result as text, one finding a line, alerts first. */
void compare_format(json_t *result, struct lt_buf *b);

/*
 * fn(f, alert, name, arg) for each finding of result, in the order they
 * are shown: alerts first, then notes, each in the result's order.  name
 * is the finding's label, else its test (NULL for a run-wide finding).
 */
void compare_each_finding(json_t *result,
			  void (*fn)(json_t *f, bool alert, const char *name, void *arg),
			  void *arg);

/*
 * The two-proportion z statistic for x1/n1 against x2/n2 (pooled
 * variance); 0 when the pooled proportion is 0 or 1, or n1 or n2 is 0.
 */
double compare_z(double x1, double n1, double x2, double n2);

/* The Wilson score interval for x/n at normal quantile zq. */
void compare_wilson(double x, double n, double zq, double *lo, double *hi);

#endif /* LT_COMPARE_H */
