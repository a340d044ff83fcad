/* SPDX-License-Identifier: MIT */
/*
 * The built-in axiomatic model checker: the final states a memory model
 * allows for a test, and herd7's verdict on its condition.
 */
#ifndef LT_MODEL_H
#define LT_MODEL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "litmus/ir.h"
#include "util/buf.h"

/* The model's verdict on the condition's proposition. */
enum lt_verdict {
	LT_VERDICT_ALLOWED,	/* some allowed execution satisfies it */
	LT_VERDICT_FORBIDDEN,	/* none does */
	LT_VERDICT_REQUIRED,	/* forall: every allowed execution does */
};

struct lt_model_result {
	const char *model;	/* registry name ("x86-tso") */
	/*
	 * The allowed final states: nstates rows of test->nobserved values,
	 * in the order of test->observed, sorted as herd prints them.
	 */
	struct lt_value *states;
	int nstates;
	/*
	 * Consistent executions (after the filter) whose final state does /
	 * does not satisfy the proposition: herd's Observation counts.
	 */
	uint64_t pos, neg;
	bool ok;		/* herd's Ok (validated) / No */
	enum lt_verdict verdict;
	/*
	 * races_checked: the model defines data races (c11, lkmm);
	 * data_race: some counted execution has one, so the program's
	 * behaviour is undefined (c11: herd prints "Undef" and "Flag
	 * *undef*"), or is flagged (lkmm: "Flag data-race"); the verdict
	 * still says what the consistent executions do.
	 */
	bool races_checked, data_race;
	/*
	 * The test is mixed-size (some access covers part of a location, or
	 * has another width than the location's other accesses): judged as
	 * herd7 -variant mixed judges it (doc/models.md).
	 */
	bool mixed_size;
	uint64_t candidates;	/* complete candidates checked */
	uint64_t pruned;	/* partial candidates rejected early */
	/*
	 * With LT_EMODEL_UNSUPPORTED: some execution accesses memory outside
	 * the test's locations (through an integer address, or past a
	 * location's end), so a run of it would write where nobody knows.
	 */
	bool bad_access;
};

/* Error codes (err->msg says more). */
#define LT_EMODEL_UNKNOWN	(-2)	/* no model of that name */
#define LT_EMODEL_UNSUPPORTED	(-3)	/* the test is outside what the model checker handles */
#define LT_EMODEL_TIMEOUT	(-4)	/* the budget's time ran out: no verdict */
#define LT_EMODEL_STOPPED	(-5)	/* *budget->stop became nonzero: no verdict */

/*
 * What one check may spend.  The candidates of a test grow exponentially
 * with its threads and reads (check.c), so a run bounds each test's check
 * rather than trusting its size.  The enumeration reads *stop at every
 * step (a signal handler sets it) and the clock every few thousand steps.
 */
struct lt_model_budget {
	double timeout_s;		/* wall-clock seconds; 0: unbounded */
	volatile sig_atomic_t *stop;	/* nonzero: give up now (NULL: never) */
};

/*
 * The default timeout_s of every caller (litmus-run's --model-timeout,
 * fences' --model-timeout, litmus-gen's kinds), so that one test gets the
 * same verdict, or the same timeout, whichever checks it.
 */
#define LT_MODEL_TIMEOUT_DEFAULT_S	60

/* The name of the k-th model (src/model/model.c), or NULL past the last. */
const char *model_name_at(int k);

/* Is name a known model? */
bool model_exists(const char *name);

/*
 * The default model of a test: the one its language picks (t->model: lkmm
 * for the Linux kernel's C), else its arch's (arch->model); NULL when the
 * arch names none.
 */
const char *model_default(const struct lt_test *t);

/*
 * Enumerate the candidate executions of t, keep those consistent under
 * `model` (NULL: model_default) and fill out.  Returns 0, or a negative
 * LT_EMODEL_* with err set; out is then empty.  Never prints.
 */
int model_allowed_states(const struct lt_test *t, const char *model,
			 struct lt_model_result *out, struct lt_error *err);

/*
 * The same within budget b (NULL: unbounded): LT_EMODEL_TIMEOUT or
 * LT_EMODEL_STOPPED, with err set, when it runs out first; out is then
 * empty, but out->candidates says how far the enumeration got.
 */
int model_allowed_states_budget(const struct lt_test *t, const char *model,
				const struct lt_model_budget *b,
				struct lt_model_result *out, struct lt_error *err);

/* Is the outcome vals (test->nobserved values) one of m's allowed states? */
bool model_state_allowed(const struct lt_test *t,
			 const struct lt_model_result *m,
			 const struct lt_value *vals);

const char *model_verdict_name(enum lt_verdict v);

/*
 * herd7's report for one test, byte for byte as herd prints it without its
 * Time and Hash lines: Test, States, the states, Ok/No, Witnesses,
 * Positive/Negative, Condition, Observation.
 */
void model_format_herd(const struct lt_test *t, const struct lt_model_result *m,
		       struct lt_buf *out);

void model_result_free(struct lt_model_result *m);

#endif /* LT_MODEL_H */
