/* SPDX-License-Identifier: MIT */
/*
 * The Go walk's expressions: method calls on the shared variables
 * (sync/atomic, sync.Mutex, sync.WaitGroup), receives, operators.
 * The walk itself is described in sem.c.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "walk.h"

/* ------------------------------------------------------------------ */
/* Expressions                                                        */
/* ------------------------------------------------------------------ */

/* A call's arguments "(e, e...)" (nargs of them) into a[]. */
static int args(struct gw *W, struct lt_sem_arg *a, int nargs, const char *what)
{
	if (gw_expect(W, '(', "'('") < 0)
		return -1;
	for (int k = 0; k < nargs; k++) {
		if (k && gw_expect(W, ',', "','") < 0)
			return -1;
		if (gw_expr(W, &a[k]) < 0)
			return -1;
	}
	if (!gw_is(W, W->i, ')'))
		return gw_werr(W, W->i, "%s takes %d argument%s", what, nargs, nargs == 1 ? "" : "s");
	W->i++;
	return 0;
}

/* A seq_cst compare-and-swap of v (ctest_cas): 1 when it wrote. */
static struct lt_sem_arg cas(struct gw *W, int v, struct lt_sem_arg expect,
			     struct lt_sem_arg desired)
{
	struct ctest_cas c = {
		.expect = expect, .desired = desired,
		.ann_r = ANN_SC | LT_ANN_RMW, .ann_w = ANN_SC | LT_ANN_RMW, .ann_fail = ANN_SC,
	};

	gw_set_addr(W, &c.at, v);
	return ctest_cas(&W->em, &c);
}

/* The method call at token W->i ("x.Load()"); *out NONE for no value. */
int gw_method(struct gw *W, struct lt_sem_arg *out)
{
	int v = gw_find_var(W, W->i), at = W->i + 2, k;
	enum go_kind kind = W->vars[v].type->kind;
	struct lt_sem_arg a[2];
	struct lt_uop *u;
	bool ok_bool = false;
	char q[48];

	*out = (struct lt_sem_arg){ .kind = LT_SA_NONE };
	W->i += 3;
	if (kind == GO_ATOMIC && gw_word(W, at, "Load")) {
		if (args(W, a, 0, "Load") < 0)
			return -1;
		*out = gw_load(W, v, ANN_SC);
	} else if (kind == GO_ATOMIC && gw_word(W, at, "Store")) {
		if (args(W, a, 1, "Store") < 0)
			return -1;
		gw_store(W, v, a[0], ANN_SC);
	} else if ((kind == GO_ATOMIC && (gw_word(W, at, "Add") || gw_word(W, at, "Swap"))) ||
		   (kind == GO_WAITGROUP && gw_word(W, at, "Add"))) {
		bool add = gw_word(W, at, "Add");

		if (args(W, a, 1, add ? "Add" : "Swap") < 0)
			return -1;
		k = ctest_insn_new(&W->em);
		gw_rmw(W, k, v, LT_CC_ALWAYS, 0, add ? LT_ALU_ADD : -1, a[0]);
		if (kind == GO_ATOMIC) {
			/* Add returns the new value, Swap the old one. */
			u = ctest_uop(&W->em, k, LT_UOP_MOV);
			u->conv = lt_type_form(W->vars[v].type->t);
			u->dst = lt_arg_reg(ctest_temp(&W->em));
			u->a = lt_arg_tmp(add ? 2 : 0);
			*out = u->dst;
		}
	} else if (kind == GO_ATOMIC && gw_word(W, at, "CompareAndSwap")) {
		if (args(W, a, 2, "CompareAndSwap") < 0)
			return -1;
		*out = cas(W, v, a[0], a[1]);
		ok_bool = true;
	} else if (kind == GO_MUTEX && gw_word(W, at, "Lock")) {
		if (args(W, a, 0, "Lock") < 0)
			return -1;
		gw_rmw(W, ctest_insn_new(&W->em), v, LT_CC_EQ, 0, -1, lt_arg_imm(1));
	} else if (kind == GO_MUTEX && gw_word(W, at, "Unlock")) {
		if (args(W, a, 0, "Unlock") < 0)
			return -1;
		gw_store(W, v, lt_arg_imm(0), ANN_SC);
	} else if (kind == GO_MUTEX && gw_word(W, at, "TryLock")) {
		if (args(W, a, 0, "TryLock") < 0)
			return -1;
		/* it fails reading the 1 of another holder */
		*out = cas(W, v, lt_arg_imm(0), lt_arg_imm(1));
		ok_bool = true;
	} else if (kind == GO_WAITGROUP && gw_word(W, at, "Done")) {
		if (args(W, a, 0, "Done") < 0)
			return -1;
		gw_rmw(W, ctest_insn_new(&W->em), v, LT_CC_ALWAYS, 0, LT_ALU_ADD, lt_arg_imm(-1));
	} else if (kind == GO_WAITGROUP && gw_word(W, at, "Wait")) {
		if (args(W, a, 0, "Wait") < 0)
			return -1;
		/* the cell counts from 0 what is left of the initial Add */
		gw_wait_read(W, ctest_insn_new(&W->em), v, LT_CC_EQ, -W->vars[v].cap);
	} else {
		return gw_werr(W, at, "'%s' (of type %s) has no method '%s' here",
			       W->vars[v].name, W->vars[v].type->name, gw_ttext(W, at, q, sizeof(q)));
	}
	/* after the arguments, which set it too */
	W->etype = ok_bool ? "bool" : W->vars[v].type->value;
	return 0;
}

static int primary(struct gw *W, struct lt_sem_arg *out)
{
	int k = W->i, v, r;
	char q[48];

	W->etype = NULL;
	if (gw_is(W, k, '0')) {
		*out = lt_arg_imm(W->tk[k].num);
		W->i++;
	} else if (gw_word(W, k, "true") || gw_word(W, k, "false")) {
		*out = lt_arg_imm(gw_word(W, k, "true"));
		W->etype = "bool";
		W->i++;
	} else if (gw_is(W, k, '(')) {
		W->i++;
		if (gw_expr(W, out) < 0)
			return -1;
		return gw_expect(W, ')', "')'");
	} else if (gw_is(W, k, GK2('<', '-'))) {
		v = gw_find_var(W, k + 1);
		if (v < 0 || W->vars[v].type->kind != GO_CHAN)
			return gw_werr(W, k + 1, "'<-' receives from a channel of the init block");
		W->i += 2;
		gw_chan_block(W, v, false);
		*out = lt_arg_imm(gw_chan_value(W->t, W->vars[v].name));
		W->etype = "int";
	} else if ((r = gw_find_local(W, k)) >= 0) {
		*out = lt_arg_reg(r);
		W->etype = gw_local_gotype(W, k);
		W->i++;
	} else if ((v = gw_find_var(W, k)) >= 0) {
		if (gw_is(W, k + 1, '.') && gw_is(W, k + 2, 'i')) {
			if (gw_method(W, out) < 0)
				return -1;
			if (out->kind == LT_SA_NONE)
				return gw_werr(W, k + 2, "'%s' has no value", gw_ttext(W, k + 2, q, sizeof(q)));
		} else if (W->vars[v].type->kind == GO_PLAIN) {
			*out = gw_load(W, v, LT_ANN_NA);
			W->etype = W->vars[v].type->value;
			W->i++;
		} else {
			return gw_werr(W, k, "'%s' (a %s) is used through its methods",
				       W->vars[v].name, W->vars[v].type->name);
		}
	} else if (gw_is(W, k, 'i')) {
		return gw_werr(W, k, "'%s' is neither a shared variable nor a local declared "
			    "before", gw_ttext(W, k, q, sizeof(q)));
	} else {
		return gw_werr(W, k, "expected an expression, found '%s'", gw_ttext(W, k, q, sizeof(q)));
	}
	return 0;
}

static int unary(struct gw *W, struct lt_sem_arg *out)
{
	if (gw_is(W, W->i, '-') || gw_is(W, W->i, '!') || gw_is(W, W->i, '^')) {
		int op = W->tk[W->i++].k;

		if (unary(W, out) < 0)
			return -1;
		if (op == '-')
			*out = ctest_alu2(&W->em, LT_ALU_SUB, lt_arg_imm(0), *out);
		else if (op == '^')
			*out = ctest_alu2(&W->em, LT_ALU_XOR, *out, lt_arg_imm(-1));
		else
			*out = ctest_compare(&W->em, LT_CC_EQ, *out, lt_arg_imm(0));
		if (op == '!')
			W->etype = "bool";
		return 0;
	}
	return primary(W, out);
}

struct binop {
	int tok, level;
	int alu;		/* enum lt_alu, or -1 */
	enum lt_cc cc;		/* comparisons */
};

static const struct binop binops[] = {
	{ GK2('|', '|'), 1, LT_ALU_OR, 0 }, { GK2('&', '&'), 2, LT_ALU_AND, 0 },
	{ GK2('=', '='), 3, -1, LT_CC_EQ }, { GK2('!', '='), 3, -1, LT_CC_NE },
	{ '<', 3, -1, LT_CC_LT }, { GK2('<', '='), 3, -1, LT_CC_LE },
	{ '>', 3, -1, LT_CC_GT }, { GK2('>', '='), 3, -1, LT_CC_GE },
	{ '+', 4, LT_ALU_ADD, 0 }, { '-', 4, LT_ALU_SUB, 0 },
	{ '|', 4, LT_ALU_OR, 0 }, { '^', 4, LT_ALU_XOR, 0 },
	{ '&', 5, LT_ALU_AND, 0 }, { GK2('<', '<'), 5, LT_ALU_SHL, 0 },
};

static const struct binop *binop_at(const struct gw *W, int k)
{
	for (size_t b = 0; b < sizeof(binops) / sizeof(binops[0]); b++)
		if (gw_is(W, k, binops[b].tok))
			return &binops[b];
	return NULL;
}

static int binary(struct gw *W, int level, struct lt_sem_arg *out)
{
	const struct binop *op;

	if (level > 5)
		return unary(W, out);
	if (binary(W, level + 1, out) < 0)
		return -1;
	while ((op = binop_at(W, W->i)) && op->level == level) {
		int at = W->i++, before = W->em.out->thr.ninsns;
		const char *lt = W->etype;
		struct lt_sem_arg b;

		if (binary(W, level + 1, &b) < 0)
			return -1;
		if (level <= 2) {
			/* Both sides are evaluated: no access may hide behind
			 * the short circuit. */
			for (int k = before; k < W->em.out->thr.ninsns; k++)
				for (int u = 0; u < W->em.out->sem[k].nuops; u++)
					if (W->em.out->sem[k].uops[u].kind == LT_UOP_LOAD ||
					    W->em.out->sem[k].uops[u].kind == LT_UOP_STORE)
						return gw_werr(W, at + 1, "the right of '%s' accesses memory, "
							    "which its short circuit makes conditional: use "
							    "an if", level == 1 ? "||" : "&&");
			*out = ctest_alu2(&W->em, (enum lt_alu)op->alu, ctest_compare(&W->em, LT_CC_NE, *out, lt_arg_imm(0)),
				       ctest_compare(&W->em, LT_CC_NE, b, lt_arg_imm(0)));
			W->etype = "bool";
		} else if (op->alu < 0) {
			*out = ctest_compare(&W->em, op->cc, *out, b);
			W->etype = "bool";
		} else {
			*out = ctest_alu2(&W->em, (enum lt_alu)op->alu, *out, b);
			if (lt)
				W->etype = lt;
		}
	}
	return 0;
}

int gw_expr(struct gw *W, struct lt_sem_arg *out)
{
	if (++W->depth > MAX_WALK_DEPTH)
		return gw_werr(W, W->i, "expression nested too deeply");
	if (binary(W, 1, out) < 0)
		return -1;
	W->depth--;
	return 0;
}
