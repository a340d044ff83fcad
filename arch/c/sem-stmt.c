/* SPDX-License-Identifier: MIT */
/*
 * The C lowering's statements (declarations, if/else, loops, assignments,
 * calls) and its entry point, the lower_thread hook.  Expressions and
 * accesses are in sem.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/sem.h"
#include "util/buf.h"
#include "lang.h"
#include "lower.h"

/* ------------------------------------------------------------------ */
/* Statements                                                         */
/* ------------------------------------------------------------------ */

static bool type_word(const struct lw *L, int k)
{
	static const char *const words[] = {
		"int", "long", "short", "char", "unsigned", "signed", "const",
		"volatile", "_Atomic", "void",
	};
	char w[65];
	enum lt_type ty;

	if (k >= L->ntk || L->tk[k].k != 'i' || L->tk[k].len >= sizeof(w))
		return false;
	memcpy(w, L->s + L->tk[k].off, L->tk[k].len);
	w[L->tk[k].len] = '\0';
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(w, words[i]))
			return true;
	return ctest_type_parse(w, &ty) == 0;
}

static int stmt(struct lw *L);

/* Bind name token k to register r as a local of the thread. */
static void add_local(struct lw *L, int k, int r)
{
	memcpy(L->locals[L->nlocals].name, L->s + L->tk[k].off, L->tk[k].len);
	L->locals[L->nlocals].name[L->tk[k].len] = '\0';
	L->locals[L->nlocals++].reg = r;
}

/* A new local for token k: its register, or a hidden one; -1 when full. */
static int new_local(struct lw *L, int k)
{
	char name[65];
	int r;

	if (L->tk[k].len >= sizeof(name) || L->nlocals >= MAX_LOCALS + 64)
		return -1;
	memcpy(name, L->s + L->tk[k].off, L->tk[k].len);
	name[L->tk[k].len] = '\0';
	r = lt_test_find_reg(L->t, L->src->id, name);
	if (r < 0) {
		if (L->nhidden == MAX_LOCALS)
			return -1;
		r = L->t->nregs + L->nhidden++;
	}
	add_local(L, k, r);
	return r;
}

int cl_local_or_implicit(struct lw *L, int k, bool assign)
{
	char name[65];
	int r;

	if (k >= L->ntk || L->tk[k].k != 'i' || L->tk[k].len >= sizeof(name) ||
	    !ctest_name_ok(L->s + L->tk[k].off, L->tk[k].len))
		return -1;
	if ((r = cl_find_local(L, k)) >= 0)
		return r;
	if (cl_find_param(L, k) >= 0)
		return -1;
	memcpy(name, L->s + L->tk[k].off, L->tk[k].len);
	name[L->tk[k].len] = '\0';
	if (!assign && lt_test_find_reg(L->t, L->src->id, name) < 0)
		return -1;
	return new_local(L, k);
}

static int declaration(struct lw *L)
{
	char q[48];
	int start = L->i;

	/* "int u32 = 0;": after a type word, one followed by = ; or , is the name (parse.c). */
	while (type_word(L, L->i) &&
	       !(L->i > start && (cl_is_punct(L, L->i + 1, '=') || cl_is_punct(L, L->i + 1, ';') ||
				  cl_is_punct(L, L->i + 1, ','))))
		L->i++;
	for (;;) {
		int k, r;
		struct lt_sem_arg v;

		/* "int *r = x": a local holding an address */
		while (cl_is_punct(L, L->i, '*'))
			L->i++;
		k = L->i;
		if (k >= L->ntk || L->tk[k].k != 'i' || L->tk[k].len >= 65)
			return cl_unsup(L, cl_tk_off(L, k), "the declaration of '%s'",
					cl_tk_text(L, k, q, sizeof(q)));
		if (cl_is_punct(L, k + 1, '['))
			return cl_unsup(L, cl_tk_off(L, k), "arrays");
		if (cl_find_local(L, k) >= 0 || cl_find_param(L, k) >= 0)
			return cl_unsup(L, cl_tk_off(L, k), "declaring '%s' twice (shadowing)",
					cl_tk_text(L, k, q, sizeof(q)));
		if ((r = new_local(L, k)) < 0)
			return cl_unsup(L, cl_tk_off(L, k), "over %d locals", MAX_LOCALS);
		L->i++;
		if (cl_is_punct(L, L->i, '=')) {
			L->i++;
			if (cl_expr(L, &v) < 0)
				return -1;
			ctest_mov(&L->em, r, v);
		}
		if (!cl_is_punct(L, L->i, ','))
			break;
		L->i++;
		L->em.ntemp = 0;
	}
	return cl_expect(L, ';');
}

/* Where an if's branches join: the control dependencies before it again. */
static void join(struct lw *L, int saved)
{
	struct lt_thread *th = &L->em.out->thr;

	/* on the join label's own pseudo-instruction, which has no micro-op */
	ctest_uop(&L->em, th->ninsns - 1, LT_UOP_CTRL_RESTORE)->a = lt_arg_reg(saved);
}

/* "if (c) s [else s]", "while (c) s", "do s while (c);" */
static int control(struct lw *L)
{
	struct lt_sem_arg c;
	char *l1, *l2;
	int saved;

	if (cl_is_name(L, L->i, "do")) {
		L->i++;
		l1 = ctest_new_label(&L->em);
		ctest_put_label(&L->em, l1);
		if (stmt(L) < 0)
			return -1;
		L->em.stmt_off = cl_tk_off(L, L->i);
		if (!cl_is_name(L, L->i, "while"))
			return cl_unsup(L, cl_tk_off(L, L->i), "a 'do' without its 'while'");
		L->i++;
		L->em.ntemp = 0;
		if (cl_expect(L, '(') < 0 || cl_expr(L, &c) < 0 || cl_expect(L, ')') < 0)
			return -1;
		/* Back to the top while c != 0: herd unrolls it (check.c). */
		ctest_branch(&L->em, c, LT_CC_NE, l1);
		return cl_expect(L, ';');
	}
	if (cl_is_name(L, L->i, "while")) {
		L->i++;
		l1 = ctest_new_label(&L->em);
		l2 = ctest_new_label(&L->em);
		ctest_put_label(&L->em, l1);
		L->em.ntemp = 0;
		if (cl_expect(L, '(') < 0 || cl_expr(L, &c) < 0 || cl_expect(L, ')') < 0)
			return -1;
		ctest_branch(&L->em, c, LT_CC_EQ, l2);
		if (stmt(L) < 0)
			return -1;
		ctest_branch(&L->em, lt_arg_none(), LT_CC_ALWAYS, l1);
		ctest_put_label(&L->em, l2);
		return 0;
	}
	/* if: its control dependency reaches its branches only, as in herd */
	L->i++;
	L->em.ntemp = 0;
	if (L->nhidden == MAX_LOCALS)
		return cl_unsup(L, L->em.stmt_off, "over %d locals", MAX_LOCALS);
	saved = L->t->nregs + L->nhidden++;
	ctest_uop(&L->em, ctest_insn_new(&L->em), LT_UOP_CTRL_SAVE)->dst = lt_arg_reg(saved);
	if (cl_expect(L, '(') < 0 || cl_expr(L, &c) < 0 || cl_expect(L, ')') < 0)
		return -1;
	l1 = ctest_new_label(&L->em);
	ctest_branch(&L->em, c, LT_CC_EQ, l1);
	if (stmt(L) < 0)
		return -1;
	if (!cl_is_name(L, L->i, "else")) {
		ctest_put_label(&L->em, l1);
		join(L, saved);
		return 0;
	}
	L->i++;
	l2 = ctest_new_label(&L->em);
	ctest_branch(&L->em, lt_arg_none(), LT_CC_ALWAYS, l2);
	ctest_put_label(&L->em, l1);
	if (stmt(L) < 0)
		return -1;
	ctest_put_label(&L->em, l2);
	join(L, saved);
	return 0;
}

/* The operation of a compound assignment token ("+=": LT_ALU_ADD), or -1. */
static int compound_alu(int tk)
{
	switch (tk) {
	case TK2('+', '='): return LT_ALU_ADD;
	case TK2('-', '='): return LT_ALU_SUB;
	case TK2('^', '='): return LT_ALU_XOR;
	case TK2('&', '='): return LT_ALU_AND;
	case TK2('|', '='): return LT_ALU_OR;
	default: return -1;
	}
}

static int stmt(struct lw *L)
{
	static const char *const refused[] = {
		"for", "goto", "switch", "break", "continue", "return", "asm",
		"__asm__", "static", "struct", "union", "enum", "typedef",
	};
	int k = L->i, r;
	struct lt_sem_arg v;
	struct target tg;
	char q[48];

	L->em.stmt_off = cl_tk_off(L, k);
	L->em.ntemp = 0;
	if (k >= L->ntk)
		return cl_unsup(L, L->n, "a body ending in the middle of a statement");
	if (++L->depth > MAX_DEPTH)
		return cl_unsup(L, cl_tk_off(L, k), "statements nested this deep");
	for (size_t w = 0; w < sizeof(refused) / sizeof(refused[0]); w++)
		if (cl_is_name(L, k, refused[w]))
			return cl_unsup(L, cl_tk_off(L, k), "'%s'", refused[w]);
	if (cl_is_punct(L, k, ';')) {
		L->i++;
	} else if (cl_is_punct(L, k, '{')) {
		L->i++;
		while (!cl_is_punct(L, L->i, '}'))
			if (stmt(L) < 0)
				return -1;
		L->i++;
	} else if (cl_is_name(L, k, "if") || cl_is_name(L, k, "while") || cl_is_name(L, k, "do")) {
		if (control(L) < 0)
			return -1;
	} else if (type_word(L, k) && cl_find_local(L, k) < 0) {
		/* (a local named after a type, "s8 = 1;", is assigned below) */
		if (declaration(L) < 0)
			return -1;
	} else if (cl_is_punct(L, k, '*')) {
		/* *x = v: a plain store, seq_cst on an atomic type */
		L->i = k + 1;
		if (cl_ptr_target(L, &tg) < 0 || cl_expect(L, '=') < 0)
			return -1;
		if (cl_expr(L, &v) < 0 || cl_expect(L, ';') < 0)
			return -1;
		cl_store(L, &tg, v, tg.atomic_type ? cl_ann_store(MO_SC) : LT_ANN_NA);
	} else if (L->tk[k].k == 'i' && k + 1 < L->ntk &&
		   (L->tk[k + 1].k == '=' || compound_alu(L->tk[k + 1].k) >= 0)) {
		int op = compound_alu(L->tk[k + 1].k);

		if ((r = cl_local_or_implicit(L, k, true)) < 0)
			return cl_unsup(L, cl_tk_off(L, k), "assigning to '%s' (not a local)",
					cl_tk_text(L, k, q, sizeof(q)));
		L->i = k + 2;
		if (cl_expr(L, &v) < 0 || cl_expect(L, ';') < 0)
			return -1;
		if (op >= 0)
			v = ctest_alu2(&L->em, (enum lt_alu)op, lt_arg_reg(r), v);
		ctest_mov(&L->em, r, v);
	} else if (L->tk[k].k == 'i' && cl_is_punct(L, k + 1, '(')) {
		/* A call for its effect; any value is dropped. */
		if (cl_call(L, &v) < 0 || cl_expect(L, ';') < 0)
			return -1;
	} else {
		return cl_unsup(L, cl_tk_off(L, k), "the statement '%s'",
				cl_tk_text(L, k, q, sizeof(q)));
	}
	L->depth--;
	return 0;
}

int c_lower_thread(const struct lt_test *t, int th, struct lt_sem_thread *out,
		   struct lt_error *err)
{
	struct lw L = { .t = t, .src = &t->threads[th], .err = err };
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->thr.id = L.src->id;
	L.s = L.src->body ? L.src->body : "";
	L.n = strlen(L.s);
	L.em = (struct ctest_em){
		.t = t, .out = out, .s = L.s, .n = L.n, .body_pos = L.src->body_pos,
		.temp0 = t->nregs + MAX_LOCALS, .label_pfx = "lt_c",
	};
	L.nparams = ctest_params_split(L.src->params ? L.src->params : "",
				       &L.params);
	if (cl_lex(&L) < 0)
		rc = -1;
	while (rc == 0 && L.i < L.ntk)
		rc = stmt(&L);
	out->nregs = t->nregs + MAX_LOCALS + L.em.maxtemp;
	if (L.em.maxtemp > MAX_TEMPS && rc == 0)
		rc = cl_unsup(&L, 0, "statements with over %d intermediate values",
			      MAX_TEMPS);
	if (rc == 0)
		rc = ctest_em_check(&L.em, err);
	free(L.tk);
	ctest_params_free(L.params, L.nparams);
	if (rc < 0)
		lt_sem_thread_free(out);
	return rc;
}
