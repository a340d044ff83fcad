/* SPDX-License-Identifier: MIT */
/*
 * Threads of C litmus tests in the kernel (the emit_thread hook): each
 * thread's body becomes a C function of its own, called once per iteration
 * between the barrier and the result store.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "lang.h"

/*
 * Every identifier of ours the body can see is reserved to the
 * implementation (a double underscore), so any name a test may use works:
 * the output slots are __lt_out, their type __lt_u64 (a location may be
 * called uint64_t).  A name of the test that is a macro here (NULL, or a
 * macro of lt-c11.h) is undefined around the body and restored after it.
 */
static void macro_guard(const struct lt_test *t, int th, bool push,
			struct lt_buf *out)
{
	const struct lt_thread *thr = &t->threads[th];
	struct lt_cparam *par;
	int np = ctest_params_split(thr->params, &par);

	for (int k = 0; k < np; k++)
		lt_buf_printf(out, push ? "#pragma push_macro(\"%s\")\n#undef %s\n" :
			      "#pragma pop_macro(\"%s\")\n", par[k].name, par[k].name);
	for (int k = 0; k < t->nregs; k++)
		if (t->regs[k].thread == thr->id)
			lt_buf_printf(out, push ? "#pragma push_macro(\"%s\")\n#undef %s\n" :
				      "#pragma pop_macro(\"%s\")\n", t->regs[k].name,
				      t->regs[k].name);
	ctest_params_free(par, np);
}

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
	macro_guard(t, th, true, out);
	lt_buf_printf(out, "LT_C_THREAD void lt_c_thread_%d(%s%s__lt_u64 *__lt_out)\n{",
		      th, thr->params, thr->params[0] ? ", " : "");
	/* the locals herd lets the body use undeclared: ints, from 0 */
	for (int k = 0; k < t->nregs; k++)
		if (t->regs[k].thread == thr->id && !t->regs[k].type_given &&
		    !t->regs[k].has_init)
			lt_buf_printf(out, "\tint %s = 0;", t->regs[k].name);
	lt_buf_puts(out, thr->body);
	lt_buf_puts(out, "\n\t/* the observed locals */\n\t(void)__lt_out;\n");
	for (int k = 0; k < t->nregs; k++)
		if (t->regs[k].thread == thr->id && slot[k] >= 0)
			lt_buf_printf(out, "\t__lt_out[%d] = (__lt_u64)(%s);\n", slot[k],
				      t->regs[k].name);
	lt_buf_puts(out, "}\n");
	macro_guard(t, th, false, out);
	lt_buf_puts(out, "\n");
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
		lt_buf_puts(out, "(void *)0);\n");
	lt_buf_puts(out, "\t\tLT_C_COMPILER_BARRIER();\n");
	lt_buf_puts(out, "\t}\n}\n\n");
	ctest_params_free(par, np);
}

int c_emit_thread(const struct lt_test *t, int th, const int *slot, int nslots,
		  struct lt_buf *out, struct lt_error *err)
{
	/* Names starting with __lt_ are the harness's (C reserves them). */
	for (int k = 0; k < t->nregs; k++) {
		if (t->regs[k].thread != t->threads[th].id ||
		    strncmp(t->regs[k].name, "__lt_", 5))
			continue;
		lt_error_set(err, t->file, t->threads[th].body_pos,
			     "'%s': names starting with __lt_ are reserved to litmus-run",
			     t->regs[k].name);
		return -1;
	}
	for (int l = 0; th == 0 && l < t->nlocs; l++) {
		if (strncmp(t->locs[l].name, "__lt_", 5))
			continue;
		lt_error_set(err, t->file, t->threads[0].body_pos,
			     "'%s': names starting with __lt_ are reserved to litmus-run",
			     t->locs[l].name);
		return -1;
	}
	/* A local of a nested block is out of scope where the outputs are stored. */
	for (int k = 0; k < t->nregs; k++) {
		if (t->regs[k].thread != t->threads[th].id || !t->regs[k].scoped ||
		    slot[k] < 0)
			continue;
		lt_error_set(err, t->file, t->threads[th].body_pos,
			     "P%d's '%s' is declared in a nested block: a run cannot "
			     "observe it after the body (the model can)",
			     t->threads[th].id, t->regs[k].name);
		return -1;
	}
	if (th == 0)
		lt_buf_puts(out, "typedef uint64_t __lt_u64;\n\n");
	emit_body(t, th, slot, out);
	emit_loop(t, th, nslots, out);
	return 0;
}
