/* SPDX-License-Identifier: MIT */
/*
 * A test's result on the tool's side: the histogram read back from a test
 * executable's raw output, classified against the test's condition and its
 * expectation.
 */
#ifndef LT_HIST_H
#define LT_HIST_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "litmus/ir.h"

enum lt_status {
	LT_ST_OK,
	LT_ST_SKIPPED,
	LT_ST_TIMEOUT,
	LT_ST_CRASHED,
	LT_ST_ERROR,
};

const char *lt_status_name(enum lt_status s);

/* allowed: unknown (JSON null), no, yes. */
enum lt_tristate { LT_UNKNOWN = -1, LT_NO = 0, LT_YES = 1 };

struct lt_outcome {
	struct lt_value *vals;	/* test->nobserved values */
	uint64_t count;
	bool satisfies;		/* the condition's proposition holds */
	bool filtered;		/* rejected by the test's filter */
	enum lt_tristate allowed;
	/*
	 * A forbidden state listed as a known deviation (--known): the
	 * reason and where it is listed; NULL otherwise.  It points into
	 * the run's list, which outlives the results.
	 */
	const char *known;
	const char *known_where;
};

enum lt_observation { LT_OBS_NEVER, LT_OBS_SOMETIMES, LT_OBS_ALWAYS };
const char *lt_observation_name(enum lt_observation o);

struct lt_model_result;

struct lt_placement {
	int thread;
	int pu;
	int instance;		/* --instances: which copy of the test */
};

struct lt_result {
	enum lt_status status;
	char *reason;		/* when status != OK */
	/*
	 * Status TIMEOUT, and the test printed the histogram of the
	 * iterations it ran before it was stopped: the fields below hold
	 * that partial result, judged as a finished one is.
	 */
	bool partial;

	uint64_t iterations;
	double elapsed_s;
	int pus;
	char *pinning;		/* "hwloc", "sched", "none ..." */
	struct lt_placement *placement;
	int nplacement;
	bool oversubscribed;
	/*
	 * Hardware counters: "NAME=VALUE ...", "unavailable: REASON", "off",
	 * or NULL when the runtime printed no counters line; the values as
	 * {"NAME": VALUE, ...} (NULL unless counted), and the iterations they
	 * cover (instance 0's: the counted thread's).
	 */
	char *counters;
	json_t *counter_values;
	uint64_t counted_iterations;
	json_t *sync;		/* {"mode": ..., "delay"/"period_ns"..., "calibration": [...]} */
	json_t *layout;		/* {"cells": ..., "locs": ..., "stride_lines": N, "order": ...} */
	int instances;		/* copies run at once; iterations counts them all */
	char *placement_class;	/* --placement CLASS, or NULL */
	json_t *scan;		/* --placement=scan: one object per class */

	struct lt_outcome *outs;
	int nouts;

	uint64_t positive, negative;
	enum lt_observation observation;
	bool validated;
	uint64_t forbidden_observed;	/* forbidden states not listed as known */
	uint64_t known_observed;	/* forbidden states listed as known */
	enum lt_expect expect;
	const char *expect_source;	/* "kinds.txt", "Result comment", "condition", or NULL */
};

/*
 * Read a test executable's raw output ("litmus-raw 1" format) into r.
 * Returns 0, or -1 with a message in why.
 */
int hist_parse_raw(const struct lt_test *t, const char *text,
		   struct lt_result *r, char *why, size_t len);

/*
 * Evaluate the condition and filter on every outcome, compute positive,
 * negative, observation, validated, and each outcome's `allowed` under the
 * expectation (LT_EXPECT_NONE: judged only by a "~exists" condition).
 */
void hist_classify(const struct lt_test *t, struct lt_result *r,
		   enum lt_expect expect, const char *expect_source);

/*
 * Judge every outcome by the built-in model instead (doc/design.md §7:
 * the model comes first): `allowed` is true for a state in m's
 * allowed set, false otherwise (null for filtered ones), and
 * forbidden_observed counts the iterations of the others.  Call after
 * hist_classify.
 */
void hist_apply_model(const struct lt_test *t, struct lt_result *r,
		      const struct lt_model_result *m);

/*
 * Add src's iterations, time and outcome counts to dst (--placement=scan
 * sums its runs); the classification is redone on dst afterwards.  -1,
 * dst unchanged, when a sum would pass 2^63 - 1 (the JSON's largest count).
 */
int hist_merge(const struct lt_test *t, struct lt_result *dst,
	       const struct lt_result *src);

/* Sort outcomes for stable output: by values, observed order. */
void hist_sort(const struct lt_test *t, struct lt_result *r);

void lt_result_free(struct lt_result *r);

#endif /* LT_HIST_H */
