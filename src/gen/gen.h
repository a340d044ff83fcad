/* SPDX-License-Identifier: MIT */
/* Code generation: a test's IR becomes the C source of its test executable. */
#ifndef LT_GEN_H
#define LT_GEN_H

#include "litmus/ir.h"
#include "util/buf.h"

/* GCC and clang accept at most 30 operands in one asm statement. */
#define LT_GEN_MAX_ASM_OPERANDS 30

/*
 * Write the kernel source for t into out: one function per thread whose
 * iteration body is a single asm volatile block, the test description and
 * main().  Returns 0, or -1 with err set (e.g. too many operands).
 */
int gen_kernel(const struct lt_test *t, struct lt_buf *out,
	       struct lt_error *err);

/*
 * The kernel for --sync=perpetual (its body in src/gen/perpetual.c): no
 * barrier, each store writes the iteration number + 1, reads are recorded
 * per iteration, and a target function lets the runtime pair iterations.
 * Returns 0, or -1 with err set, starting "not eligible for
 * --sync=perpetual: ", when the test's form does not allow exact reconstruction.
 */
int gen_kernel_perpetual(const struct lt_test *t, struct lt_buf *out,
			 struct lt_error *err);

/*
 * The kernel for --sync=auto: the perpetual form (when the test is
 * eligible, its names prefixed lt_pf_), the barrier form, the condition
 * as a function for counting witnesses, and forbidden (1: the model
 * forbids the condition, 0: allows it, -1: unknown), which decides how the
 * runtime ranks the modes it calibrates.  Returns 0, or -1 with err set.
 */
int gen_kernel_auto(const struct lt_test *t, int forbidden, struct lt_buf *out,
		    struct lt_error *err);

/* Internal to src/gen: a kernel's first lines (form: " for --sync=X" or ""). */
void gen_header(const struct lt_test *t, const char *form, struct lt_buf *out);

/* Internal to src/gen: the perpetual form without header and main(). */
int gen_perpetual_body(const struct lt_test *t, struct lt_buf *out,
		       struct lt_error *err);

/*
 * Internal to src/gen: static int NAME(const int64_t *v), the condition
 * over the observables' values; -1 with err set (and nothing written) when
 * it compares with an address.
 */
int gen_target(const struct lt_test *t, const char *name, struct lt_buf *out,
	       struct lt_error *err);

/* Internal to src/gen: the tables after the thread functions. */
void gen_tables(const struct lt_test *t, int nslots, const char *perpetual,
		struct lt_buf *out);

/* Mark the registers and locations operand op uses (a kernel's asm block reads them). */
void lt_gen_mark_operand(const struct lt_operand *op, bool *reg_used, bool *loc_used);
/*
 * What a kernel form's thread emitter builds: the registers (of nregs) and
 * locations (of nlocs) its asm statement names, and the asm template.
 */
struct gen_thread {
	bool *reg_used, *loc_used;
	struct lt_buf tmpl;
};
void gen_thread_init(struct gen_thread *g, int nregs, int nlocs);
void gen_thread_free(struct gen_thread *g);

/*
 * Whether thread id's asm statement, with the registers and locations g
 * marks used, fits LT_GEN_MAX_ASM_OPERANDS.  Returns 0, or -1 with err
 * set at pos.
 */
int gen_check_operands(const struct lt_test *t, int id, const struct gen_thread *g,
		       struct lt_pos pos, struct lt_error *err);

/*
 * The kernel's asm statement, shared by both kernel forms: g's template,
 * each register g uses an in-out operand [rK] (the arch's constraint, or
 * "r" for k == plain_reg), each location's address it uses an input [aL],
 * the arch's clobbers.
 */
void gen_asm_block(const struct lt_test *t, const struct gen_thread *g, int plain_reg,
		   struct lt_buf *out);

/* Append s as a C string literal (quotes included). */
void gen_c_string(struct lt_buf *out, const char *s);

#endif /* LT_GEN_H */
