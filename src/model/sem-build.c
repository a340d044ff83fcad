/* SPDX-License-Identifier: MIT */
/* Micro-op builders for the arch lowerings (see sem-build.h). */
#include "config.h"

#include <string.h>

#include "litmus/arch-ops.h"
#include "model/sem-build.h"

struct lt_uop *lt_sem_add(struct lt_sem *s, enum lt_uop_kind kind,
			  unsigned width)
{
	struct lt_uop *u;

	if (s->nuops < LT_SEM_MAX_UOPS) {
		u = &s->uops[s->nuops++];
	} else {
		/* The spare slot: written, never read; lt_sem_lower fails. */
		s->full = true;
		u = &s->uops[LT_SEM_MAX_UOPS];
	}
	memset(u, 0, sizeof(*u));
	u->kind = kind;
	u->width = width;
	u->cc = LT_CC_ALWAYS;
	u->dst = u->a = u->b = u->c = lt_arg_none();
	u->addr.loc = -1;
	return u;
}

/*
 * A micro-op with its three value operands (lt_arg_none() for those it
 * lacks): the one body of the move, ALU and compare builders.
 */
static struct lt_uop *sem_op(struct lt_sem *s, enum lt_uop_kind kind,
			     unsigned width, struct lt_sem_arg d,
			     struct lt_sem_arg a, struct lt_sem_arg b)
{
	struct lt_uop *u = lt_sem_add(s, kind, width);

	u->dst = d;
	u->a = a;
	u->b = b;
	return u;
}

struct lt_uop *lt_sem_mov(struct lt_sem *s, unsigned width,
			  struct lt_sem_arg d, struct lt_sem_arg a)
{
	return sem_op(s, LT_UOP_MOV, width, d, a, lt_arg_none());
}

struct lt_uop *lt_sem_alu(struct lt_sem *s, unsigned width, enum lt_alu op,
			  struct lt_sem_arg d, struct lt_sem_arg a,
			  struct lt_sem_arg b)
{
	struct lt_uop *u = sem_op(s, LT_UOP_ALU, width, d, a, b);

	u->alu = op;
	return u;
}

struct lt_uop *lt_sem_cmp(struct lt_sem *s, unsigned width,
			  struct lt_sem_arg a, struct lt_sem_arg b)
{
	return sem_op(s, LT_UOP_CMP, width, lt_arg_none(), a, b);
}

void lt_sem_fence(struct lt_sem *s, enum lt_fence fence)
{
	lt_sem_add(s, LT_UOP_FENCE, 0)->fence = fence;
}

struct lt_uop *lt_sem_at(struct lt_sem *s, enum lt_uop_kind kind, int to)
{
	struct lt_uop *u = lt_sem_add(s, kind, 0);

	u->to = to;
	return u;
}

int lt_sem_unsupported(const struct lt_test *t, const struct lt_insn *in,
		       struct lt_error *err, const char *why)
{
	lt_error_set(err, t->file, in->pos,
		     "the model does not support '%s' (%s)", in->text, why);
	return -1;
}

int lt_sem_lower(const struct lt_test *t, int thread, const struct lt_insn *in,
		 struct lt_sem *out, struct lt_error *err)
{
	memset(out, 0, sizeof(*out));
	if (in->op < 0)
		return 0;	/* a label on its own: no micro-op */
	if (t->arch->lower_insn(t, thread, in, out, err) < 0)
		return -1;
	if (out->full) {
		lt_error_set(err, t->file, in->pos,
			     "the model does not support '%s' (more than %d micro-ops)",
			     in->text, LT_SEM_MAX_UOPS);
		return -1;
	}
	return 0;
}
