/* SPDX-License-Identifier: MIT */
/* Judging outcomes: the built-in model, forbidden outcomes, --check-only. */
#ifndef LT_RUN_JUDGE_H
#define LT_RUN_JUDGE_H

#include "run/entry.h"
#include "run/state.h"
#include "run/suite.h"

/* Print each forbidden outcome e observed, with its count. */
void report_forbidden(const struct lt_entry *e);
/* The model takes precedence over the test's expectation when it applies. */
void model_classify(const struct run_state *s, struct lt_entry *e);
void model_free(struct lt_entry *e);
/* --check-only: herd7's output of the model for each test; nothing is run. */
int check_only(struct run_state *s, const struct lt_filelist *files);

#endif /* LT_RUN_JUDGE_H */
