/* SPDX-License-Identifier: MIT */
/*
 * The model checker's front end for C tests: a thread's C body lowered to
 * pseudo-instructions in the semantic form of sem.h, which the checker runs
 * exactly as it runs an arch's lowered instructions.
 */
#ifndef LT_MODEL_C_SEM_H
#define LT_MODEL_C_SEM_H

#include "litmus/ir.h"
#include "model/sem.h"

/*
 * One lowered thread.  thr.insns carry what the checker reads of an
 * instruction (position, label, text for messages); sem[k] is insn k's
 * semantics.  Locals that are not test registers and expression
 * temporaries are registers numbered from test->nregs up to nregs - 1.
 */
struct lt_cprog {
	struct lt_thread thr;
	struct lt_sem *sem;
	int nregs;
};

/*
 * Lower thread th (an index into t->threads) of a C test.  Returns 0, or -1
 * with err set to "the model does not support ..." and the position of the
 * construct, for anything outside the supported subset (README.md, Models).
 * out is empty on error; free it with c_prog_free either way.
 */
int c_lower_thread(const struct lt_test *t, int th, struct lt_cprog *out,
		   struct lt_error *err);
void c_prog_free(struct lt_cprog *p);

#endif /* LT_MODEL_C_SEM_H */
