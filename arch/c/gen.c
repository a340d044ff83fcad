/* SPDX-License-Identifier: MIT */
/*
 * Threads of C litmus tests in the kernel (the emit_thread hook): each
 * thread's body becomes a C function of its own, called once per iteration
 * between the barrier and the result store.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "lang.h"

/*
 * The thread function itself: the parameters (validated by the parser, so
 * written back verbatim), the body as written, then the observed locals into
 * this iteration's output slots.  The body is code the test's author wrote
 * and the compiler under test compiles: nothing here rewrites it.
 */
static void emit_body(const struct lt_test *t, int th, const int *slot,
		      struct lt_buf *out)
{
	const struct lt_thread *thr = &t->threads[th];

	lt_buf_printf(out, "/* P%d, as written in the test */\n", thr->id);
	lt_buf_printf(out, "LT_C_THREAD void lt_c_thread_%d(%s%suint64_t *lt_out)\n{",
		      th, thr->params, thr->params[0] ? ", " : "");
	lt_buf_puts(out, thr->body);
	lt_buf_puts(out, "\n\t/* the observed locals */\n\t(void)lt_out;\n");
	for (int k = 0; k < t->nregs; k++)
		if (t->regs[k].thread == thr->id && slot[k] >= 0)
			lt_buf_printf(out, "\tlt_out[%d] = (uint64_t)(%s);\n", slot[k],
				      t->regs[k].name);
	lt_buf_puts(out, "}\n\n");
}

/*
 * The harness side.  Why the body cannot leak across iterations: the
 * thread function is out of line and opaque to interprocedural analysis
 * (LT_C_THREAD: GCC's noipa, clang's noinline on an external function), and
 * a compiler barrier (an empty asm with a "memory" clobber) sits on each side
 * of the call, so no access of iteration i moves before its barrier or into
 * iteration i + 1, and the compiler cannot merge or hoist work from one
 * call into the next.  Inside the body the compiler is free: that freedom is
 * what a C test tests.
 */
static void emit_loop(const struct lt_test *t, int th, int nslots,
		      struct lt_buf *out)
{
	const struct lt_thread *thr = &t->threads[th];
	struct lt_cparam *par;
	int np = ctest_params_split(thr->params, &par);

	lt_buf_printf(out, "/* P%d */\nstatic void lt_thread_%d(struct lt_rt_run *run, int thread)\n{\n",
		      thr->id, th);
	lt_buf_puts(out, "\t(void)thread;\n");
	lt_buf_puts(out, "\tfor (size_t i = 0; i < run->n; i++) {\n");
	lt_buf_puts(out, "\t\tuint64_t *it = lt_rt_cells(run, i);\n\n");
	lt_buf_puts(out, "\t\t(void)it;\n");
	lt_buf_puts(out, "\t\tlt_rt_barrier(run, i, thread);\n");
	lt_buf_puts(out, "\t\tLT_C_COMPILER_BARRIER();\n");
	lt_buf_printf(out, "\t\tlt_c_thread_%d(", th);
	for (int k = 0; k < np; k++)
		lt_buf_printf(out, "(%s %.*s)lt_rt_cell(run, it, %d), ", par[k].type,
			      par[k].stars, "**", lt_test_find_loc(t, par[k].name));
	if (nslots)
		lt_buf_printf(out, "run->out + i * %d);\n", nslots);
	else
		lt_buf_puts(out, "NULL);\n");
	lt_buf_puts(out, "\t\tLT_C_COMPILER_BARRIER();\n");
	lt_buf_puts(out, "\t}\n}\n\n");
	ctest_params_free(par, np);
}

int c_emit_thread(const struct lt_test *t, int th, const int *slot, int nslots,
		  struct lt_buf *out, struct lt_error *err)
{
	(void)err;
	emit_body(t, th, slot, out);
	emit_loop(t, th, nslots, out);
	return 0;
}
