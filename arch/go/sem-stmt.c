/* SPDX-License-Identifier: MIT */
/*
 * The Go walk's statements (blocks, if, select, var, assignments, sends)
 * and go_walk, which walks a thread body with them.  The walk itself is
 * described in sem.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "walk.h"

/* ------------------------------------------------------------------ */
/* Statements                                                         */
/* ------------------------------------------------------------------ */

static int stmt(struct gw *W);

/*
 * The expression just walked (ending before token k) has Go type want, or
 * is an untyped constant: Go converts only explicitly, and the grammar
 * has no conversions, so the Go compiler would refuse anything else.
 */
static int typed_as(struct gw *W, int k, const char *want)
{
	if (!W->etype || !want || !strcmp(W->etype, want) ||
	    (!strcmp(want, "bool") && !W->etype))
		return 0;
	return gw_werr(W, k, "a value of type %s where Go needs one of type %s (the "
		    "grammar has no conversions)", W->etype, want);
}

/* "{ stmt... }" */
static int block(struct gw *W)
{
	if (gw_expect(W, '{', "'{'") < 0)
		return -1;
	while (!gw_is(W, W->i, '}')) {
		if (W->i >= W->ntk)
			return gw_werr(W, W->i, "missing '}'");
		if (stmt(W) < 0)
			return -1;
	}
	W->i++;
	return 0;
}

/* "if cond { } [else if ... | else { }]" */
static int if_stmt(struct gw *W)
{
	struct lt_sem_arg c;
	char *lelse = ctest_new_label(&W->em), *lend = ctest_new_label(&W->em);

	W->i++;
	if (gw_expr(W, &c) < 0)
		goto fail;
	if (!W->etype || strcmp(W->etype, "bool")) {
		gw_werr(W, W->i - 1, "an if takes a bool (a comparison, a bool local)");
		goto fail;
	}
	ctest_branch(&W->em, c, LT_CC_EQ, lelse);
	if (block(W) < 0)
		goto fail;
	if (gw_word(W, W->i, "else")) {
		ctest_branch(&W->em, (struct lt_sem_arg){ .kind = LT_SA_NONE }, LT_CC_ALWAYS, lend);
		ctest_put_label(&W->em, lelse);
		lelse = NULL;
		W->i++;
		if (gw_word(W, W->i, "if") ? if_stmt(W) < 0 : block(W) < 0)
			goto fail;
	} else {
		ctest_put_label(&W->em, lelse);
		lelse = NULL;
	}
	ctest_put_label(&W->em, lend);
	return gw_stmt_end(W);
fail:
	free(lelse);
	free(lend);
	return -1;
}

/*
 * The communication of a select case at W->i: "c <- K", "<-c", "r = <-c"
 * or "r := <-c".  *v the channel, *send, *dst the local receiving (-1).
 */
static int comm(struct gw *W, int *v, bool *send, int *dst, int *decl)
{
	char q[48];

	*dst = -1;
	*decl = -1;
	if (gw_is(W, W->i, 'i') && gw_is(W, W->i + 1, GK2('<', '-'))) {
		*v = gw_find_var(W, W->i);
		*send = true;
		W->i += 2;
	} else {
		if (gw_is(W, W->i, 'i') && (gw_is(W, W->i + 1, '=') || gw_is(W, W->i + 1, GK2(':', '=')))) {
			if (gw_is(W, W->i + 1, '='))
				*dst = gw_find_local(W, W->i);
			else
				*decl = W->i;
			if (*dst < 0 && *decl < 0)
				return gw_werr(W, W->i, "'%s' is not a local declared before",
					       gw_ttext(W, W->i, q, sizeof(q)));
			W->i += 2;
		}
		if (!gw_is(W, W->i, GK2('<', '-')))
			return gw_werr(W, W->i, "a select case sends 'c <- K' or receives '<-c'");
		*v = gw_find_var(W, W->i + 1);
		*send = false;
		W->i += 2;
	}
	if (*v < 0 || W->vars[*v].type->kind != GO_CHAN)
		return gw_werr(W, W->i - (*send ? 2 : 1), "a select case communicates on a channel of "
			    "the init block");
	if (*send && gw_send_value(W, *v) < 0)
		return -1;
	return gw_expect(W, ':', "':'");
}

/* The statements of a case, up to the next case, default or '}'. */
static int case_body(struct gw *W)
{
	while (!gw_is(W, W->i, '}') && !gw_word(W, W->i, "case") && !gw_word(W, W->i, "default")) {
		if (W->i >= W->ntk)
			return gw_werr(W, W->i, "missing '}'");
		if (stmt(W) < 0)
			return -1;
	}
	return 0;
}

/*
 * "select { case COMM: stmts [default: stmts] }": one case, and a default
 * for the non-blocking form.
 */
static int select_stmt(struct gw *W)
{
	int at = W->i, v = -1, dst, decl, k, flag;
	bool send = false;
	char *ldef = NULL, *lend = NULL;
	struct lt_uop *u;

	W->i++;
	if (gw_expect(W, '{', "'{'") < 0)
		return -1;
	while (gw_is(W, W->i, ';'))
		W->i++;
	if (!gw_word(W, W->i, "case"))
		return gw_werr(W, W->i, "a select starts with its case");
	W->i++;
	if (comm(W, &v, &send, &dst, &decl) < 0)
		return -1;
	if (decl >= 0 && (dst = gw_declare(W, decl, "int", false)) < 0)
		return -1;
	k = W->i;
	/* Find whether a default follows this case's statements. */
	{
		int depth = 0, j;

		for (j = k; j < W->ntk; j++) {
			if (gw_is(W, j, '{'))
				depth++;
			else if (gw_is(W, j, '}') && depth-- == 0)
				break;
			else if (depth == 0 && gw_word(W, j, "case"))
				return gw_werr(W, j, "a select of more than one case is not supported "
					    "(one case, and a default for the non-blocking form)");
			else if (depth == 0 && gw_word(W, j, "default"))
				break;
		}
		if (gw_word(W, j, "default")) {
			if (W->vars[v].cap == 0)
				return gw_werr(W, at, "a non-blocking select on an unbuffered channel "
					    "is not supported (its outcome depends on a receiver "
					    "waiting, which the model does not track)");
			ldef = ctest_new_label(&W->em);
			lend = ctest_new_label(&W->em);
		}
	}
	if (!ldef) {
		gw_chan_block(W, v, send);
	} else {
		int cap = W->vars[v].cap;

		flag = ctest_temp(&W->em);
		k = ctest_insn_new(&W->em);
		/* The case proceeds, or (the CHOOSE's and the SKIP's
		 * targets set below) reads a state in which it would block. */
		ctest_uop(&W->em, k, LT_UOP_CHOOSE);
		gw_chan_op(W, k, v, send);
		u = ctest_uop(&W->em, k, LT_UOP_MOV);
		u->dst = lt_arg_reg(flag);
		u->a = lt_arg_imm(1);
		ctest_uop(&W->em, k, LT_UOP_SKIP);
		{
			struct lt_sem *sem = &W->em.out->sem[k];
			int alt = sem->nuops;

			sem->uops[0].to = alt;
			gw_wait_read(W, k, v, send ? LT_CC_GE : LT_CC_EQ, send ? cap : 0);
			u = ctest_uop(&W->em, k, LT_UOP_MOV);
			u->dst = lt_arg_reg(flag);
			u->a = lt_arg_imm(0);
			sem->uops[alt - 1].to = sem->nuops;
		}
		ctest_branch(&W->em, lt_arg_reg(flag), LT_CC_EQ, ldef);
	}
	if (dst >= 0)
		ctest_mov(&W->em, dst, lt_arg_imm(gw_chan_value(W->t, W->vars[v].name)));
	if (case_body(W) < 0)
		goto fail;
	if (ldef) {
		ctest_branch(&W->em, (struct lt_sem_arg){ .kind = LT_SA_NONE }, LT_CC_ALWAYS, lend);
		ctest_put_label(&W->em, ldef);
		ldef = NULL;
		W->i++;
		if (gw_expect(W, ':', "':'") < 0 || case_body(W) < 0)
			goto fail;
		ctest_put_label(&W->em, lend);
		lend = NULL;
	}
	if (gw_expect(W, '}', "'}'") < 0)
		return -1;
	return gw_stmt_end(W);
fail:
	free(ldef);
	free(lend);
	return -1;
}

/* "var a, b T [= e]" */
static int var_stmt(struct gw *W)
{
	int first = ++W->i, n = 0, r;
	const struct go_type *ty;
	struct lt_sem_arg v = lt_arg_imm(0);
	const char *gt;

	while (gw_is(W, W->i, 'i') && n < 8) {
		n++;
		W->i++;
		if (!gw_is(W, W->i, ','))
			break;
		W->i++;
	}
	if (n == 0)
		return gw_expect(W, 'i', "a local's name");
	ty = gw_is(W, W->i, 'i') ? go_type_find(W->s + W->tk[W->i].off, W->tk[W->i].len) : NULL;
	if (gw_word(W, W->i, "bool"))
		gt = "bool";
	else if (ty && ty->kind == GO_PLAIN)
		gt = ty->value;
	else
		return gw_werr(W, W->i, "a local is an int, int32, int64, uint32, uint64 or bool");
	W->i++;
	if (gw_is(W, W->i, '=')) {
		if (n != 1)
			return gw_werr(W, W->i, "one initial value per 'var'");
		W->i++;
		if (gw_expr(W, &v) < 0 || typed_as(W, W->i - 1, gt) < 0)
			return -1;
	}
	for (int k = 0; k < n; k++) {
		if ((r = gw_declare(W, first + 2 * k, gt, true)) < 0)
			return -1;
		ctest_mov(&W->em, r, v);
	}
	return gw_stmt_end(W);
}

/* A statement beginning with a name: assignment, send, call, ++. */
static int name_stmt(struct gw *W)
{
	int k = W->i, v = gw_find_var(W, k), r = gw_find_local(W, k), op;
	struct lt_sem_arg e, cur;
	char q[48];

	if (gw_is(W, k + 1, GK2(':', '='))) {
		W->i += 2;
		if (gw_expr(W, &e) < 0)
			return -1;
		if ((r = gw_declare(W, k, W->etype ? W->etype : "int", false)) < 0)
			return -1;
		ctest_mov(&W->em, r, e);
		return gw_stmt_end(W);
	}
	if (v >= 0 && W->vars[v].type->kind == GO_CHAN && gw_is(W, k + 1, GK2('<', '-'))) {
		W->i += 2;
		if (gw_send_value(W, v) < 0)
			return -1;
		gw_chan_block(W, v, true);
		return gw_stmt_end(W);
	}
	if (v >= 0 && gw_is(W, k + 1, '.')) {
		if (gw_method(W, &e) < 0)
			return -1;
		return gw_stmt_end(W);
	}
	if (gw_word(W, k, "_") && gw_is(W, k + 1, '=')) {
		W->i += 2;
		if (gw_expr(W, &e) < 0)
			return -1;
		return gw_stmt_end(W);
	}
	if (v < 0 && r < 0)
		return gw_werr(W, k, "'%s' is neither a shared variable nor a local declared before",
			       gw_ttext(W, k, q, sizeof(q)));
	if (v >= 0 && W->vars[v].type->kind != GO_PLAIN)
		return gw_werr(W, k, "'%s' (a %s) is used through its methods", W->vars[v].name,
			       W->vars[v].type->name);
	op = gw_is(W, k + 1, '=') ? -2 :
	     gw_is(W, k + 1, GK2('+', '=')) || gw_is(W, k + 1, GK2('+', '+')) ? LT_ALU_ADD :
	     gw_is(W, k + 1, GK2('-', '=')) || gw_is(W, k + 1, GK2('-', '-')) ? LT_ALU_SUB : -3;
	if (op == -3)
		return gw_werr(W, k + 1, "expected '=', '+=', '-=', '++' or '--' after '%s'",
			       gw_ttext(W, k, q, sizeof(q)));
	W->i += 2;
	if (gw_is(W, k + 1, GK2('+', '+')) || gw_is(W, k + 1, GK2('-', '-')))
		e = lt_arg_imm(1);
	else if (gw_expr(W, &e) < 0 ||
		 typed_as(W, W->i - 1, v >= 0 ? W->vars[v].type->value : gw_local_gotype(W, k)) < 0)
		return -1;
	if (op >= 0) {
		/* x += e: a read, then a write, not one atomic operation */
		cur = v >= 0 ? gw_load(W, v, LT_ANN_NA) : lt_arg_reg(r);
		e = ctest_alu2(&W->em, (enum lt_alu)op, cur, e);
	}
	if (v >= 0)
		gw_store(W, v, e, LT_ANN_NA);
	else
		ctest_mov(&W->em, r, e);
	return gw_stmt_end(W);
}

static int stmt(struct gw *W)
{
	int k = W->i, rc;
	char q[48];

	if (++W->depth > MAX_WALK_DEPTH)
		return gw_werr(W, k, "statements nested too deeply");
	W->em.stmt_off = gw_toff(W, k);
	W->em.ntemp = 0;
	if (gw_is(W, k, ';')) {
		W->i++;
		rc = 0;
	} else if (gw_is(W, k, '{')) {
		rc = block(W) < 0 ? -1 : gw_stmt_end(W);
	} else if (gw_word(W, k, "var")) {
		rc = var_stmt(W);
	} else if (gw_word(W, k, "if")) {
		rc = if_stmt(W);
	} else if (gw_word(W, k, "select")) {
		rc = select_stmt(W);
	} else if (gw_is(W, k, GK2('<', '-'))) {
		struct lt_sem_arg e;

		rc = gw_expr(W, &e) < 0 ? -1 : gw_stmt_end(W);
	} else if (gw_word(W, k, "for") || gw_word(W, k, "go") || gw_word(W, k, "goto") ||
		   gw_word(W, k, "return") || gw_word(W, k, "switch") || gw_word(W, k, "defer")) {
		rc = gw_werr(W, k, "'%s' is not supported: a goroutine's body is straight-line "
			  "code (wait with a channel, a lock or wg.Wait())",
			  gw_ttext(W, k, q, sizeof(q)));
	} else if (gw_is(W, k, 'i')) {
		rc = name_stmt(W);
	} else {
		rc = gw_werr(W, k, "expected a statement, found '%s'", gw_ttext(W, k, q, sizeof(q)));
	}
	W->depth--;
	return rc;
}

int go_walk(struct lt_test *t, int th, struct lt_sem_thread *out, struct lt_error *err)
{
	struct gw W = { .t = t, .th = th, .err = err, .check = out == NULL };
	struct lt_sem_thread scratch;
	size_t bad;
	int rc = 0;

	if (!out)
		out = &scratch;
	memset(out, 0, sizeof(*out));
	out->thr.id = t->threads[th].id;
	W.s = t->threads[th].body ? t->threads[th].body : "";
	W.n = strlen(W.s);
	W.em = (struct ctest_em){
		.t = t, .out = out, .s = W.s, .n = W.n, .body_pos = t->threads[th].body_pos,
		.temp0 = t->nregs, .label_pfx = "lt_go",
	};
	W.nvars = go_vars_split(t, t->threads[th].params, &W.vars);
	W.ntk = go_lex(W.s, W.n, &W.tk, &bad);
	if (W.ntk < 0) {
		lt_error_set(err, t->file, gw_pos_at(&W, bad), "P%d: unexpected character '%c'",
			     t->threads[th].id, W.s[bad]);
		W.ntk = 0;
		rc = -1;
	}
	while (rc == 0 && W.i < W.ntk)
		rc = stmt(&W);
	if (rc == 0 && W.em.maxtemp > MAX_TEMPS)
		rc = gw_werr(&W, 0, "statements with over %d intermediate values", MAX_TEMPS);
	if (rc == 0)
		rc = ctest_em_check(&W.em, err);
	out->nregs = t->nregs + W.em.maxtemp;
	free(W.tk);
	free(W.vars);
	free(W.declared);
	if (rc < 0 || out == &scratch)
		lt_sem_thread_free(out);
	return rc;
}

int go_lower_thread(const struct lt_test *t, int th, struct lt_sem_thread *out,
		    struct lt_error *err)
{
	/* The lowering walk declares nothing: the test is not changed. */
	return go_walk((struct lt_test *)t, th, out, err);
}
