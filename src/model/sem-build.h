/* SPDX-License-Identifier: MIT */
/*
 * Building an instruction's semantic form (src/model/sem.h), shared by the
 * arch lowerings in arch/<isa>/sem.c: micro-op arguments, and micro-ops
 * appended with the bound LT_SEM_MAX_UOPS checked here, in one place.
 *
 * A lowering that would exceed the bound keeps writing into a spare slot
 * and the semantic form is marked full; lt_sem_lower() then fails the
 * instruction ("more than N micro-ops") instead of writing past the array.
 */
#ifndef LT_MODEL_SEM_BUILD_H
#define LT_MODEL_SEM_BUILD_H

#include "litmus/ir.h"
#include "model/sem.h"

static inline struct lt_sem_arg lt_arg_none(void)
{
	return (struct lt_sem_arg){ .kind = LT_SA_NONE };
}

static inline struct lt_sem_arg lt_arg_reg(int reg)
{
	return (struct lt_sem_arg){ .kind = LT_SA_REG, .idx = reg };
}

static inline struct lt_sem_arg lt_arg_tmp(int k)
{
	return (struct lt_sem_arg){ .kind = LT_SA_TMP, .idx = k };
}

static inline struct lt_sem_arg lt_arg_imm(int64_t v)
{
	return (struct lt_sem_arg){ .kind = LT_SA_IMM, .imm = v };
}

/*
 * Append a micro-op of `kind` on `width` bits: no operands, no address
 * (loc -1), unconditional.  Never NULL, even past the bound.
 */
struct lt_uop *lt_sem_add(struct lt_sem *s, enum lt_uop_kind kind,
			  unsigned width);
/* d = a. */
struct lt_uop *lt_sem_mov(struct lt_sem *s, unsigned width,
			  struct lt_sem_arg d, struct lt_sem_arg a);
/* d = a op b (flags untouched: set sets_flags where the arch does). */
struct lt_uop *lt_sem_alu(struct lt_sem *s, unsigned width, enum lt_alu op,
			  struct lt_sem_arg d, struct lt_sem_arg a,
			  struct lt_sem_arg b);
/* flags = a - b. */
struct lt_uop *lt_sem_cmp(struct lt_sem *s, unsigned width,
			  struct lt_sem_arg a, struct lt_sem_arg b);
/* A fence of `fence`'s kind. */
void lt_sem_fence(struct lt_sem *s, enum lt_fence fence);
/* A CHOOSE or SKIP to micro-op `to` of the same instruction. */
struct lt_uop *lt_sem_at(struct lt_sem *s, enum lt_uop_kind kind, int to);

/* "the model does not support 'TEXT' (WHY)" at the instruction; -1. */
int lt_sem_unsupported(const struct lt_test *t, const struct lt_insn *in,
		       struct lt_error *err, const char *why);

/*
 * The semantic form of instruction `in` of `thread`, by its arch's
 * lower_insn hook (which must not be NULL), into a zeroed *out; the
 * hook is not called for an instruction without an opcode (a label on its
 * own), which has no micro-op.  Returns 0, or -1 with err
 * set: the arch cannot express it, or it needs more than LT_SEM_MAX_UOPS
 * micro-ops.
 */
int lt_sem_lower(const struct lt_test *t, int thread, const struct lt_insn *in,
		 struct lt_sem *out, struct lt_error *err);

#endif /* LT_MODEL_SEM_BUILD_H */
