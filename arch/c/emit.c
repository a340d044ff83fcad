/* SPDX-License-Identifier: MIT */
/*
 * The emitter that the C lowering (sem.c, sem-stmt.c, sem-kernel.c) and
 * the Go walk (arch/go/sem*.c) both write their pseudo-instructions
 * through: new instructions named after their statement, micro-ops,
 * temporaries, labels, and the sequences the two languages share (moves,
 * arithmetic, comparisons, branches, compare-and-swap).
 *
 * Micro-ops go through lt_sem_add, which marks a form full past
 * LT_SEM_MAX_UOPS instead of writing past it; ctest_em_check turns that
 * into an error at the statement once the walk is done.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "model/sem-build.h"
#include "lang.h"

int ctest_insn_new(struct ctest_em *E)
{
	struct lt_sem_thread *out = E->out;
	struct lt_thread *th = &out->thr;
	struct lt_insn *in;
	size_t end = E->stmt_off;
	char q[96];

	if (th->ninsns == E->cap) {
		E->cap = E->cap ? 2 * E->cap : 32;
		th->insns = lt_xrealloc(th->insns, (size_t)E->cap * sizeof(*th->insns));
		out->sem = lt_xrealloc(out->sem, (size_t)E->cap * sizeof(*out->sem));
	}
	in = &th->insns[th->ninsns];
	memset(in, 0, sizeof(*in));
	memset(&out->sem[th->ninsns], 0, sizeof(*out->sem));
	in->pos = ctest_pos_at(E->body_pos, E->s, E->n, E->stmt_off);
	while (end < E->n && E->s[end] != ';' && E->s[end] != '\n' && E->s[end] != '{')
		end++;
	in->text = lt_xstrdup(lt_quote(E->s + E->stmt_off, end - E->stmt_off, q, sizeof(q)));
	return th->ninsns++;
}

struct lt_uop *ctest_uop(struct ctest_em *E, int k, enum lt_uop_kind kind)
{
	return lt_sem_add(&E->out->sem[k], kind, 64);
}

int ctest_em_check(const struct ctest_em *E, struct lt_error *err)
{
	const struct lt_thread *th = &E->out->thr;

	for (int k = 0; k < th->ninsns; k++)
		if (E->out->sem[k].full) {
			lt_error_set(err, E->t->file, th->insns[k].pos,
				     "the model does not support '%s' in P%d (more than "
				     "%d micro-ops)", th->insns[k].text, th->id,
				     LT_SEM_MAX_UOPS);
			return -1;
		}
	return 0;
}

/* A register for an expression's value, free again after the statement. */
int ctest_temp(struct ctest_em *E)
{
	int r = E->temp0 + E->ntemp++;

	if (E->ntemp > E->maxtemp)
		E->maxtemp = E->ntemp;
	return r;
}

char *ctest_new_label(struct ctest_em *E)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%s%d", E->label_pfx, E->nlabels++);
	return lt_xstrdup(buf);
}

void ctest_put_label(struct ctest_em *E, char *name)
{
	E->out->thr.insns[ctest_insn_new(E)].label = name;
}

void ctest_branch(struct ctest_em *E, struct lt_sem_arg cond, enum lt_cc cc,
		  const char *label)
{
	struct lt_uop *u = ctest_uop(E, ctest_insn_new(E), LT_UOP_BRANCH);

	u->a = cond;
	u->cc = cc;
	u->label = label;
}

/*
 * dst = src converted to dst's type when the test declares it (a local
 * of unknown type is not observed and keeps the value as computed).
 */
void ctest_mov(struct ctest_em *E, int dst, struct lt_sem_arg src)
{
	struct lt_uop *u = ctest_uop(E, ctest_insn_new(E), LT_UOP_MOV);

	u->dst = lt_arg_reg(dst);
	u->a = src;
	if (dst < E->t->nregs && E->t->regs[dst].type_given)
		u->conv = lt_var_form(E->t, (struct lt_var){ false, dst });
}

bool ctest_alu_fold(enum lt_alu op, struct lt_sem_arg a, struct lt_sem_arg b,
		    struct lt_sem_arg *v)
{
	uint64_t x, y;

	if (a.kind != LT_SA_IMM || b.kind != LT_SA_IMM)
		return false;
	x = (uint64_t)a.imm;
	y = (uint64_t)b.imm;
	switch (op) {
	case LT_ALU_ADD: *v = lt_arg_imm((int64_t)(x + y)); return true;
	case LT_ALU_SUB: *v = lt_arg_imm((int64_t)(x - y)); return true;
	case LT_ALU_AND: *v = lt_arg_imm((int64_t)(x & y)); return true;
	case LT_ALU_OR: *v = lt_arg_imm((int64_t)(x | y)); return true;
	case LT_ALU_XOR: *v = lt_arg_imm((int64_t)(x ^ y)); return true;
	case LT_ALU_SHL: break;
	}
	return false;
}

struct lt_sem_arg ctest_alu2(struct ctest_em *E, enum lt_alu op, struct lt_sem_arg a,
			     struct lt_sem_arg b)
{
	struct lt_sem_arg v;
	struct lt_uop *u;
	int r;

	if (ctest_alu_fold(op, a, b, &v))
		return v;
	r = ctest_temp(E);
	u = ctest_uop(E, ctest_insn_new(E), LT_UOP_ALU);
	u->alu = op;
	u->dst = lt_arg_reg(r);
	u->a = a;
	u->b = b;
	return lt_arg_reg(r);
}

struct lt_sem_arg ctest_compare(struct ctest_em *E, enum lt_cc cc, struct lt_sem_arg a,
				struct lt_sem_arg b)
{
	int k = ctest_insn_new(E), r = ctest_temp(E);
	struct lt_uop *u = ctest_uop(E, k, LT_UOP_CMP);

	u->a = a;
	u->b = b;
	u = ctest_uop(E, k, LT_UOP_SETCC);
	u->cc = cc;
	u->dst = lt_arg_reg(r);
	return lt_arg_reg(r);
}

void ctest_read_assume(struct ctest_em *E, int k, const struct lt_uop *at, unsigned ann,
		       struct lt_sem_arg expect, enum lt_cc cc)
{
	struct lt_uop *u = ctest_uop(E, k, LT_UOP_LOAD);

	u->dst = lt_arg_tmp(0);
	u->ann = ann;
	u->addr = at->addr;
	u->width = at->width;
	u = ctest_uop(E, k, LT_UOP_ASSUME);
	u->a = lt_arg_tmp(0);
	u->b = expect;
	u->cc = cc;
	u->width = at->width;
}

struct lt_sem_arg ctest_cas(struct ctest_em *E, const struct ctest_cas *c)
{
	int k = ctest_insn_new(E), r = ctest_temp(E);
	struct lt_uop *u, *choose, *skip;

	choose = ctest_uop(E, k, LT_UOP_CHOOSE);
	ctest_read_assume(E, k, &c->at, c->ann_r, c->expect, LT_CC_EQ);
	u = ctest_uop(E, k, LT_UOP_STORE);
	u->a = c->desired;
	u->ann = c->ann_w;
	u->addr = c->at.addr;
	u->width = c->at.width;
	u = ctest_uop(E, k, LT_UOP_MOV);
	u->dst = lt_arg_reg(r);
	u->a = lt_arg_imm(1);
	skip = ctest_uop(E, k, LT_UOP_SKIP);
	/* the failing alternative */
	choose->to = E->out->sem[k].nuops;
	ctest_read_assume(E, k, &c->at, c->ann_fail, c->expect, LT_CC_NE);
	if (c->copy_to.kind != LT_SA_NONE) {
		u = ctest_uop(E, k, LT_UOP_MOV);
		u->conv = c->copy_conv;
		u->dst = c->copy_to;
		u->a = lt_arg_tmp(0);
	}
	u = ctest_uop(E, k, LT_UOP_MOV);
	u->dst = lt_arg_reg(r);
	u->a = lt_arg_imm(0);
	skip->to = E->out->sem[k].nuops;
	return lt_arg_reg(r);
}
