/* SPDX-License-Identifier: MIT */
/* --model=FILE.cat: judging by a cat model of one's own, through herd7. */
#ifndef LT_RUN_HERD_MODEL_H
#define LT_RUN_HERD_MODEL_H

#include <stdbool.h>

#include "litmus/ir.h"
#include "model/model.h"

/* Whether --model names a cat file (NAME.cat) rather than a built-in model. */
bool herd_model_is_cat(const char *model);

/* The herd7 to run: $HERD7, else herd7 on PATH. */
const char *herd_model_program(void);

/* The cat file is readable and herd7 is found; -1 after a message. */
int herd_model_check(const char *cat);

/*
 * Run herd7 -model cat on file (whose test is t) within b, and fill m as
 * model_allowed_states_budget does: 0, or LT_EMODEL_* with err->msg set
 * (herd7's own message when it failed).
 */
int herd_model_states(const char *file, const struct lt_test *t, const char *cat,
		      const struct lt_model_budget *b, struct lt_model_result *m,
		      struct lt_error *err);

#endif /* LT_RUN_HERD_MODEL_H */
