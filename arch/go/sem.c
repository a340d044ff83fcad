/* SPDX-License-Identifier: MIT */
/*
 * The walk of a Go thread body: the one grammar of Go statements that the
 * parser checks a test with (the locals it declares become the test's
 * registers) and that the model's lowering follows (lower_thread: the body
 * as pseudo-instructions of sem.h micro-ops, written through the C
 * lowering's emitter, ../c/emit.c).  This file holds the walk's tokens,
 * locals and its memory and channel operations; sem-expr.c its
 * expressions, sem-stmt.c its statements.
 *
 * Accesses are annotated as the C lowering annotates them, so that a model
 * reads them alike: a plain variable's accesses are non-atomic
 * (LT_ANN_NA); every sync/atomic operation is seq_cst (the Go memory model
 * makes sync/atomic sequentially consistent); a read-modify-write's read
 * and write carry LT_ANN_RMW within one pseudo-instruction.
 *
 * The synchronising objects are cells holding what their semantics need,
 * operated on by seq_cst read-modify-writes, which is how the Go runtime
 * implements them (a CAS on the mutex's state word; a lock around the
 * channel's buffer):
 * - sync.Mutex: 0 or 1.  Lock() reads 0 and writes 1 as one RMW (a path
 *   that would read 1 waits, so it is not taken); Unlock() writes 0;
 *   TryLock() is a CAS of 0 to 1: it locks, or reads 1 and reports false.
 * - sync.WaitGroup: its counter, less the initial count N the init block
 *   gives it (its Add(N) before the goroutines start).  Add(n) and Done()
 *   are RMWs adding n and -1; Wait() reads -N.
 * - chan int of capacity C >= 1: the number of items buffered.  A send
 *   reads k < C and writes k + 1; a receive reads k > 0 and writes k - 1.
 *   The k-th receive is therefore before the (k + C)-th send completes,
 *   and a send before the receive that takes its item, as go.dev/ref/mem
 *   requires.  Unbuffered (C = 0): a send writes 1 over 0 and completes
 *   when it reads the 0 a receiver wrote over it.  The items' values are
 *   not tracked: every send on one channel sends the same constant (the
 *   parser checks), which is what a receive yields.
 * - select with one case and a default: the case's operation, or a read of
 *   a state in which it would block, then the default's statements.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../c/lang.h"
#include "walk.h"

/* ------------------------------------------------------------------ */
/* Positions, errors, tokens                                          */
/* ------------------------------------------------------------------ */

struct lt_pos gw_pos_at(const struct gw *W, size_t off)
{
	return ctest_pos_at(W->t->threads[W->th].body_pos, W->s, W->n, off);
}

size_t gw_toff(const struct gw *W, int k)
{
	if (k < W->ntk)
		return W->tk[k].off;
	return W->n;
}

int gw_werr(struct gw *W, int k, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lt_error_set(W->err, W->t->file, gw_pos_at(W, gw_toff(W, k)), "P%d: %s",
		     W->t->threads[W->th].id, msg);
	return -1;
}

const char *gw_ttext(const struct gw *W, int k, char *buf, size_t len)
{
	if (k >= W->ntk)
		return "end of the body";
	return lt_quote(W->s + W->tk[k].off, W->tk[k].len, buf, len);
}

bool gw_is(const struct gw *W, int k, int kind)
{
	return k < W->ntk && W->tk[k].k == kind;
}

bool gw_word(const struct gw *W, int k, const char *w)
{
	return gw_is(W, k, 'i') && W->tk[k].len == strlen(w) &&
	       !memcmp(W->s + W->tk[k].off, w, W->tk[k].len);
}

int gw_expect(struct gw *W, int kind, const char *what)
{
	char q[48];

	if (gw_is(W, W->i, kind)) {
		W->i++;
		return 0;
	}
	return gw_werr(W, W->i, "expected %s, found '%s'", what, gw_ttext(W, W->i, q, sizeof(q)));
}

/* The end of a statement: ';' (a new line) or the '}' closing the block. */
int gw_stmt_end(struct gw *W)
{
	if (gw_is(W, W->i, '}') || W->i >= W->ntk)
		return 0;
	return gw_expect(W, ';', "the end of the statement");
}

int gw_find_var(const struct gw *W, int k)
{
	if (!gw_is(W, k, 'i'))
		return -1;
	for (int v = 0; v < W->nvars; v++)
		if (strlen(W->vars[v].name) == W->tk[k].len &&
		    !memcmp(W->vars[v].name, W->s + W->tk[k].off, W->tk[k].len))
			return v;
	return -1;
}

int gw_find_local(const struct gw *W, int k)
{
	char name[65];

	if (!gw_is(W, k, 'i') || W->tk[k].len >= sizeof(name))
		return -1;
	snprintf(name, sizeof(name), "%.*s", (int)W->tk[k].len, W->s + W->tk[k].off);
	for (int d = 0; d < W->ndeclared; d++)
		if (!strcmp(W->declared[d], name))
			return lt_test_find_reg(W->t, W->t->threads[W->th].id, name);
	return -1;
}

/* The Go type of local token k (declared before). */
const char *gw_local_gotype(struct gw *W, int k)
{
	static char buf[32];
	char name[65];

	snprintf(name, sizeof(name), "%.*s", (int)W->tk[k].len, W->s + W->tk[k].off);
	return go_local_type(W->t->threads[W->th].params, name, buf, sizeof(buf));
}

/* The litmus type of a local of Go type gt (bool: one byte, as in Go). */
static enum lt_type local_type(const char *gt)
{
	const struct go_type *ty = go_type_find(gt, strlen(gt));

	return ty ? ty->t : LT_T_UINT8;
}

/*
 * Declare local token k of Go type gt; its register.  The parser's walk
 * records it in the thread's params after the shared variables ("; r0
 * int32"), for the generator's declarations.
 */
int gw_declare(struct gw *W, int k, const char *gt, bool given)
{
	enum lt_type ty = local_type(gt);
	char name[65], q[48];
	int r;

	if (!go_name_ok(W->s + W->tk[k].off, W->tk[k].len))
		return gw_werr(W, k, "'%s' cannot name a local", gw_ttext(W, k, q, sizeof(q)));
	if (gw_find_var(W, k) >= 0)
		return gw_werr(W, k, "the local '%s' would hide the shared variable of that name",
			       gw_ttext(W, k, q, sizeof(q)));
	if (gw_find_local(W, k) >= 0)
		return gw_werr(W, k, "'%s' is declared twice in this goroutine (its locals "
			    "are one scope, as a condition names them)", gw_ttext(W, k, q, sizeof(q)));
	snprintf(name, sizeof(name), "%.*s", (int)W->tk[k].len, W->s + W->tk[k].off);
	W->declared = lt_xrealloc(W->declared, (size_t)(W->ndeclared + 1) * sizeof(*W->declared));
	memcpy(W->declared[W->ndeclared++], name, sizeof(name));
	if (W->check) {
		r = lt_test_add_reg(W->t, W->t->threads[W->th].id, name);
		W->t->regs[r].type = ty;
		W->t->regs[r].type_given = given;
		W->t->regs[r].width = lt_type_size(ty) * 8;
		if (!strchr(W->t->threads[W->th].params, ';')) {
			struct lt_buf b = LT_BUF_INIT;

			lt_buf_printf(&b, "%s;", W->t->threads[W->th].params);
			free(W->t->threads[W->th].params);
			W->t->threads[W->th].params = b.s;
		}
		{
			struct lt_buf b = LT_BUF_INIT;

			lt_buf_printf(&b, "%s %s %s", W->t->threads[W->th].params, name, gt);
			free(W->t->threads[W->th].params);
			W->t->threads[W->th].params = b.s;
		}
	} else {
		r = lt_test_find_reg(W->t, W->t->threads[W->th].id, name);
	}
	return r;
}

/* ------------------------------------------------------------------ */
/* Memory accesses                                                    */
/* ------------------------------------------------------------------ */

void gw_set_addr(struct gw *W, struct lt_uop *u, int v)
{
	u->addr.loc = W->vars[v].loc;
	u->addr.scale = 1;
	u->width = lt_type_size(W->vars[v].type->t) * 8;
}

/* A MOV of the value read (tmp 0) into a fresh register, in v's type. */
static struct lt_sem_arg read_result(struct gw *W, int k, int v)
{
	struct lt_uop *u = ctest_uop(&W->em, k, LT_UOP_MOV);
	int r = ctest_temp(&W->em);

	u->conv = lt_type_form(W->vars[v].type->t);
	u->dst = lt_arg_reg(r);
	u->a = lt_arg_tmp(0);
	return lt_arg_reg(r);
}

struct lt_sem_arg gw_load(struct gw *W, int v, unsigned ann)
{
	int k = ctest_insn_new(&W->em);
	struct lt_uop *u = ctest_uop(&W->em, k, LT_UOP_LOAD);

	u->dst = lt_arg_tmp(0);
	u->ann = ann;
	gw_set_addr(W, u, v);
	return read_result(W, k, v);
}

void gw_store(struct gw *W, int v, struct lt_sem_arg val, unsigned ann)
{
	struct lt_uop *u = ctest_uop(&W->em, ctest_insn_new(&W->em), LT_UOP_STORE);

	u->a = val;
	u->ann = ann;
	gw_set_addr(W, u, v);
}

/*
 * The read half of a seq_cst RMW of v into tmp 0, in instruction k,
 * proceeding only when tmp 0 cc b (a path that would block is not taken).
 */
static void rmw_read_ann(struct gw *W, int k, int v, enum lt_cc cc, int64_t b,
			 unsigned ann)
{
	struct lt_uop *u = ctest_uop(&W->em, k, LT_UOP_LOAD);

	u->dst = lt_arg_tmp(0);
	u->ann = ann;
	gw_set_addr(W, u, v);
	if (cc == LT_CC_ALWAYS)
		return;
	if (cc == LT_CC_EQ || cc == LT_CC_NE) {
		u = ctest_uop(&W->em, k, LT_UOP_ASSUME);
		u->a = lt_arg_tmp(0);
		u->b = lt_arg_imm(b);
		u->cc = cc;
		return;
	}
	u = ctest_uop(&W->em, k, LT_UOP_CMP);
	u->a = lt_arg_tmp(0);
	u->b = lt_arg_imm(b);
	u = ctest_uop(&W->em, k, LT_UOP_SETCC);
	u->cc = cc;
	u->dst = lt_arg_tmp(1);
	u = ctest_uop(&W->em, k, LT_UOP_ASSUME);
	u->a = lt_arg_tmp(1);
	u->b = lt_arg_imm(0);
	u->cc = LT_CC_NE;
}

/*
 * A seq_cst RMW of v in instruction k: it reads into tmp 0, proceeds only
 * when tmp 0 cc b, and writes tmp 0 op val (op < 0: val itself).
 */
void gw_rmw(struct gw *W, int k, int v, enum lt_cc cc, int64_t b, int op,
	    struct lt_sem_arg val)
{
	struct lt_uop *u;

	rmw_read_ann(W, k, v, cc, b, ANN_SC | LT_ANN_RMW);
	if (op >= 0) {
		u = ctest_uop(&W->em, k, LT_UOP_ALU);
		u->alu = (enum lt_alu)op;
		u->dst = lt_arg_tmp(2);
		u->a = lt_arg_tmp(0);
		u->b = val;
		u->width = lt_type_size(W->vars[v].type->t) * 8;
		val = lt_arg_tmp(2);
	}
	u = ctest_uop(&W->em, k, LT_UOP_STORE);
	u->a = val;
	u->ann = ANN_SC | LT_ANN_RMW;
	gw_set_addr(W, u, v);
}

/* A read of v that proceeds only when the value cc b: a wait, or the state
 * in which a select's case would block. */
void gw_wait_read(struct gw *W, int k, int v, enum lt_cc cc, int64_t b)
{
	rmw_read_ann(W, k, v, cc, b, ANN_SC);
}

/* ------------------------------------------------------------------ */
/* Channels                                                           */
/* ------------------------------------------------------------------ */

/*
 * The constant every send on channel variable name sends, from every
 * thread's body (the parser has checked that there is one); 0 if none
 * sends.
 */
int64_t gw_chan_value(const struct lt_test *t, const char *name)
{
	for (int th = 0; th < t->nthreads; th++) {
		const char *s = t->threads[th].body;
		struct gtok *tk;
		size_t bad;
		int n = go_lex(s, strlen(s), &tk, &bad);

		for (int k = 0; k + 2 < n; k++) {
			if (tk[k].k == 'i' && tk[k].len == strlen(name) &&
			    !memcmp(s + tk[k].off, name, tk[k].len) &&
			    tk[k + 1].k == GK2('<', '-')) {
				bool neg = tk[k + 2].k == '-';
				int64_t v = neg && k + 3 < n ? -tk[k + 3].num : tk[k + 2].num;

				free(tk);
				return v;
			}
		}
		if (n >= 0)
			free(tk);
	}
	return 0;
}

/* The operation of a channel case: a send of value or a receive. */
int gw_chan_op(struct gw *W, int k, int v, bool send)
{
	int cap = W->vars[v].cap;

	if (send && cap > 0)
		gw_rmw(W, k, v, LT_CC_LT, cap, LT_ALU_ADD, lt_arg_imm(1));
	else if (send)
		gw_rmw(W, k, v, LT_CC_EQ, 0, -1, lt_arg_imm(1));
	else if (cap > 0)
		gw_rmw(W, k, v, LT_CC_GT, 0, LT_ALU_SUB, lt_arg_imm(1));
	else
		gw_rmw(W, k, v, LT_CC_EQ, 1, -1, lt_arg_imm(0));
	return 0;
}

/* A blocking send (the sent value already walked) or receive on v. */
void gw_chan_block(struct gw *W, int v, bool send)
{
	gw_chan_op(W, ctest_insn_new(&W->em), v, send);
	/* An unbuffered send completes when a receiver has taken the item. */
	if (send && W->vars[v].cap == 0)
		gw_wait_read(W, ctest_insn_new(&W->em), v, LT_CC_EQ, 0);
}

/* The sent expression: a constant, the same on every send on v. */
int gw_send_value(struct gw *W, int v)
{
	bool neg = gw_is(W, W->i, '-');
	int64_t val, want = gw_chan_value(W->t, W->vars[v].name);

	if (neg)
		W->i++;
	if (!gw_is(W, W->i, '0'))
		return gw_werr(W, W->i, "a send sends a constant (the model does not "
			    "track values through channels)");
	val = neg ? -W->tk[W->i].num : W->tk[W->i].num;
	if (val != want)
		return gw_werr(W, W->i, "every send on '%s' must send the same constant "
			    "(%lld elsewhere)", W->vars[v].name, (long long)want);
	W->i++;
	return 0;
}
