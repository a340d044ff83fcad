/* SPDX-License-Identifier: MIT */
/* Judging outcomes: the built-in model, forbidden outcomes, --check-only. */
#ifndef LT_RUN_JUDGE_H
#define LT_RUN_JUDGE_H

#include "run/entry.h"
#include "run/state.h"
#include "run/suite.h"

void model_free(struct lt_entry *e);
/*
 * A test killed by a memory fault: its reason gains the model's, when the
 * model cannot judge the test either (an access that reaches no location:
 * "movl $1,(rax)" with rax 0).
 */
void judge_fault(const struct run_state *s, struct lt_entry *e);
/*
 * Whether e must not run: its model check found an access outside the
 * test's locations (an integer for an address, an offset past a
 * location's end), which would write into the harness's memory.  Then e
 * is an error (exit 3) at that access, said on stderr.
 */
bool judge_unsafe(const struct run_state *s, struct lt_entry *e);
/*
 * Judge e's histogram (a run's or a board's): against the expectation
 * (from source), then the model; forbidden outcomes are reported and set
 * e's exit class.
 */
void judge_result(const struct run_state *s, struct lt_entry *e,
		  enum lt_expect expect, const char *source);
/* e's expectation: kinds.txt beside the test first, else its Result comment. */
enum lt_expect test_expectation(const struct lt_entry *e, const char **source);
/* --check-only: herd7's output of the model for each test; nothing is run. */
int check_only(struct run_state *s, const struct lt_filelist *files);

#endif /* LT_RUN_JUDGE_H */
