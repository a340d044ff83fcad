/* SPDX-License-Identifier: MIT */
/*
 * The walk of a Go thread body: the one grammar of Go statements that the
 * parser checks a test with (the locals it declares become the test's
 * registers) and that the model's lowering follows (lower_thread: the body
 * as pseudo-instructions of sem.h micro-ops).
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
 *   TryLock() either locks or reads 1 and reports false.
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

#include "model/sem-build.h"
#include "model/sem.h"
#include "lang.h"

#define MAX_WALK_DEPTH	32
#define MAX_TEMPS	64

#define ANN_SC	(LT_ANN_SC | LT_ANN_ACQUIRE | LT_ANN_RELEASE)

struct gw {
	struct lt_test *t;
	int th;
	bool check;			/* the parser's walk: declare locals */
	const char *s;
	size_t n;
	struct gtok *tk;
	int ntk, i;
	struct go_var *vars;
	int nvars;
	struct lt_sem_thread *out;
	struct lt_error *err;
	char (*declared)[65];		/* locals declared so far, in order */
	int ndeclared;
	int ntemp, maxtemp, nlabels, cap, depth;
	size_t stmt_off;
	const char *etype;		/* Go type of the expression just walked;
				 * NULL: an untyped constant */
};

/* ------------------------------------------------------------------ */
/* Positions, errors, tokens                                          */
/* ------------------------------------------------------------------ */

static struct lt_pos pos_at(const struct gw *W, size_t off)
{
	struct lt_pos p = W->t->threads[W->th].body_pos;

	for (size_t i = 0; i < off && i < W->n; i++) {
		if (W->s[i] == '\n') {
			p.line++;
			p.col = 1;
		} else {
			p.col++;
		}
	}
	return p;
}

static size_t toff(const struct gw *W, int k)
{
	if (k < W->ntk)
		return W->tk[k].off;
	return W->n;
}

static int werr(struct gw *W, int k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int werr(struct gw *W, int k, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lt_error_set(W->err, W->t->file, pos_at(W, toff(W, k)), "P%d: %s",
		     W->t->threads[W->th].id, msg);
	return -1;
}

static const char *ttext(const struct gw *W, int k, char *buf, size_t len)
{
	if (k >= W->ntk)
		return "end of the body";
	return lt_quote(W->s + W->tk[k].off, W->tk[k].len, buf, len);
}

static bool is(const struct gw *W, int k, int kind)
{
	return k < W->ntk && W->tk[k].k == kind;
}

static bool word(const struct gw *W, int k, const char *w)
{
	return is(W, k, 'i') && W->tk[k].len == strlen(w) &&
	       !memcmp(W->s + W->tk[k].off, w, W->tk[k].len);
}

static int expect(struct gw *W, int kind, const char *what)
{
	char q[48];

	if (is(W, W->i, kind)) {
		W->i++;
		return 0;
	}
	return werr(W, W->i, "expected %s, found '%s'", what, ttext(W, W->i, q, sizeof(q)));
}

/* The end of a statement: ';' (a new line) or the '}' closing the block. */
static int stmt_end(struct gw *W)
{
	if (is(W, W->i, '}') || W->i >= W->ntk)
		return 0;
	return expect(W, ';', "the end of the statement");
}

static int find_var(const struct gw *W, int k)
{
	if (!is(W, k, 'i'))
		return -1;
	for (int v = 0; v < W->nvars; v++)
		if (strlen(W->vars[v].name) == W->tk[k].len &&
		    !memcmp(W->vars[v].name, W->s + W->tk[k].off, W->tk[k].len))
			return v;
	return -1;
}

static int find_local(const struct gw *W, int k)
{
	char name[65];

	if (!is(W, k, 'i') || W->tk[k].len >= sizeof(name))
		return -1;
	snprintf(name, sizeof(name), "%.*s", (int)W->tk[k].len, W->s + W->tk[k].off);
	for (int d = 0; d < W->ndeclared; d++)
		if (!strcmp(W->declared[d], name))
			return lt_test_find_reg(W->t, W->t->threads[W->th].id, name);
	return -1;
}

/* The Go type of local token k (declared before). */
static const char *local_gotype(struct gw *W, int k)
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
static int declare(struct gw *W, int k, const char *gt, bool given)
{
	enum lt_type ty = local_type(gt);
	char name[65], q[48];
	int r;

	if (!go_name_ok(W->s + W->tk[k].off, W->tk[k].len))
		return werr(W, k, "'%s' cannot name a local", ttext(W, k, q, sizeof(q)));
	if (find_var(W, k) >= 0)
		return werr(W, k, "the local '%s' would hide the shared variable of that name",
			    ttext(W, k, q, sizeof(q)));
	if (find_local(W, k) >= 0)
		return werr(W, k, "'%s' is declared twice in this goroutine (its locals "
			    "are one scope, as a condition names them)", ttext(W, k, q, sizeof(q)));
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
/* Emitting pseudo-instructions                                       */
/* ------------------------------------------------------------------ */

static int insn_new(struct gw *W)
{
	struct lt_thread *th = &W->out->thr;
	struct lt_insn *in;
	size_t end = W->stmt_off;
	char q[96];

	if (th->ninsns == W->cap) {
		W->cap = W->cap ? 2 * W->cap : 32;
		th->insns = lt_xrealloc(th->insns, (size_t)W->cap * sizeof(*th->insns));
		W->out->sem = lt_xrealloc(W->out->sem, (size_t)W->cap * sizeof(*W->out->sem));
	}
	in = &th->insns[th->ninsns];
	memset(in, 0, sizeof(*in));
	memset(&W->out->sem[th->ninsns], 0, sizeof(*W->out->sem));
	in->pos = pos_at(W, W->stmt_off);
	while (end < W->n && W->s[end] != ';' && W->s[end] != '\n' && W->s[end] != '{')
		end++;
	in->text = lt_xstrdup(lt_quote(W->s + W->stmt_off, end - W->stmt_off, q, sizeof(q)));
	return th->ninsns++;
}

/* A micro-op in instruction k (past the bound: the form is marked full). */
static struct lt_uop *uop(struct gw *W, int k, enum lt_uop_kind kind)
{
	return lt_sem_add(&W->out->sem[k], kind, 64);
}

static int temp(struct gw *W)
{
	int r = W->t->nregs + W->ntemp++;

	if (W->ntemp > W->maxtemp)
		W->maxtemp = W->ntemp;
	return r;
}

static char *new_label(struct gw *W)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "lt_go%d", W->nlabels++);
	return lt_xstrdup(buf);
}

static void put_label(struct gw *W, char *name)
{
	W->out->thr.insns[insn_new(W)].label = name;
}

static void branch(struct gw *W, struct lt_sem_arg cond, enum lt_cc cc, const char *label)
{
	struct lt_uop *u = uop(W, insn_new(W), LT_UOP_BRANCH);

	u->a = cond;
	u->cc = cc;
	u->label = label;
}

/* dst = src, converted to dst's declared type. */
static void mov(struct gw *W, int dst, struct lt_sem_arg src)
{
	struct lt_uop *u = uop(W, insn_new(W), LT_UOP_MOV);

	u->dst = lt_arg_reg(dst);
	u->a = src;
	if (dst < W->t->nregs && W->t->regs[dst].type_given)
		u->conv = lt_var_form(W->t, (struct lt_var){ false, dst });
}

static void set_addr(struct gw *W, struct lt_uop *u, int v)
{
	u->addr.loc = W->vars[v].loc;
	u->addr.scale = 1;
	u->width = lt_type_size(W->vars[v].type->t) * 8;
}

/* A MOV of the value read (tmp 0) into a fresh register, in v's type. */
static struct lt_sem_arg read_result(struct gw *W, int k, int v)
{
	struct lt_uop *u = uop(W, k, LT_UOP_MOV);
	int r = temp(W);

	u->conv = lt_type_form(W->vars[v].type->t);
	u->dst = lt_arg_reg(r);
	u->a = lt_arg_tmp(0);
	return lt_arg_reg(r);
}

static struct lt_sem_arg load(struct gw *W, int v, unsigned ann)
{
	int k = insn_new(W);
	struct lt_uop *u = uop(W, k, LT_UOP_LOAD);

	u->dst = lt_arg_tmp(0);
	u->ann = ann;
	set_addr(W, u, v);
	return read_result(W, k, v);
}

static void store(struct gw *W, int v, struct lt_sem_arg val, unsigned ann)
{
	struct lt_uop *u = uop(W, insn_new(W), LT_UOP_STORE);

	u->a = val;
	u->ann = ann;
	set_addr(W, u, v);
}

/*
 * The read half of a seq_cst RMW of v into tmp 0, in instruction k,
 * proceeding only when tmp 0 cc b (a path that would block is not taken).
 */
static void rmw_read_ann(struct gw *W, int k, int v, enum lt_cc cc, int64_t b,
			 unsigned ann)
{
	struct lt_uop *u = uop(W, k, LT_UOP_LOAD);

	u->dst = lt_arg_tmp(0);
	u->ann = ann;
	set_addr(W, u, v);
	if (cc == LT_CC_ALWAYS)
		return;
	if (cc == LT_CC_EQ || cc == LT_CC_NE) {
		u = uop(W, k, LT_UOP_ASSUME);
		u->a = lt_arg_tmp(0);
		u->b = lt_arg_imm(b);
		u->cc = cc;
		return;
	}
	u = uop(W, k, LT_UOP_CMP);
	u->a = lt_arg_tmp(0);
	u->b = lt_arg_imm(b);
	u = uop(W, k, LT_UOP_SETCC);
	u->cc = cc;
	u->dst = lt_arg_tmp(1);
	u = uop(W, k, LT_UOP_ASSUME);
	u->a = lt_arg_tmp(1);
	u->b = lt_arg_imm(0);
	u->cc = LT_CC_NE;
}

static void rmw_read(struct gw *W, int k, int v, enum lt_cc cc, int64_t b)
{
	rmw_read_ann(W, k, v, cc, b, ANN_SC | LT_ANN_RMW);
}

/* The write half: tmp 0 op val (op < 0: val itself) into v. */
static void rmw_write(struct gw *W, int k, int v, int op, struct lt_sem_arg val)
{
	struct lt_uop *u;

	if (op >= 0) {
		u = uop(W, k, LT_UOP_ALU);
		u->alu = (enum lt_alu)op;
		u->dst = lt_arg_tmp(2);
		u->a = lt_arg_tmp(0);
		u->b = val;
		u->width = lt_type_size(W->vars[v].type->t) * 8;
		val = lt_arg_tmp(2);
	}
	u = uop(W, k, LT_UOP_STORE);
	u->a = val;
	u->ann = ANN_SC | LT_ANN_RMW;
	set_addr(W, u, v);
}

/* A read of v that proceeds only when the value cc b: a wait, or the state
 * in which a select's case would block. */
static void wait_read(struct gw *W, int k, int v, enum lt_cc cc, int64_t b)
{
	rmw_read_ann(W, k, v, cc, b, ANN_SC);
}

static struct lt_sem_arg alu2(struct gw *W, enum lt_alu op, struct lt_sem_arg a,
			      struct lt_sem_arg b)
{
	struct lt_uop *u;
	int r;

	if (a.kind == LT_SA_IMM && b.kind == LT_SA_IMM && op != LT_ALU_SHL) {
		uint64_t x = (uint64_t)a.imm, y = (uint64_t)b.imm;

		switch (op) {
		case LT_ALU_ADD: return lt_arg_imm((int64_t)(x + y));
		case LT_ALU_SUB: return lt_arg_imm((int64_t)(x - y));
		case LT_ALU_AND: return lt_arg_imm((int64_t)(x & y));
		case LT_ALU_OR: return lt_arg_imm((int64_t)(x | y));
		case LT_ALU_XOR: return lt_arg_imm((int64_t)(x ^ y));
		default: break;
		}
	}
	r = temp(W);
	u = uop(W, insn_new(W), LT_UOP_ALU);
	u->alu = op;
	u->dst = lt_arg_reg(r);
	u->a = a;
	u->b = b;
	return lt_arg_reg(r);
}

static struct lt_sem_arg compare(struct gw *W, enum lt_cc cc, struct lt_sem_arg a,
				 struct lt_sem_arg b)
{
	int k = insn_new(W), r = temp(W);
	struct lt_uop *u = uop(W, k, LT_UOP_CMP);

	u->a = a;
	u->b = b;
	u = uop(W, k, LT_UOP_SETCC);
	u->cc = cc;
	u->dst = lt_arg_reg(r);
	return lt_arg_reg(r);
}

/* ------------------------------------------------------------------ */
/* Channels                                                           */
/* ------------------------------------------------------------------ */

/*
 * The constant every send on channel variable name sends, from every
 * thread's body (the parser has checked that there is one); 0 if none
 * sends.
 */
static int64_t chan_value(const struct lt_test *t, const char *name)
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
static int chan_op(struct gw *W, int k, int v, bool send)
{
	int cap = W->vars[v].cap;

	if (send) {
		if (cap > 0) {
			rmw_read(W, k, v, LT_CC_LT, cap);
			rmw_write(W, k, v, LT_ALU_ADD, lt_arg_imm(1));
		} else {
			rmw_read(W, k, v, LT_CC_EQ, 0);
			rmw_write(W, k, v, -1, lt_arg_imm(1));
		}
	} else {
		if (cap > 0) {
			rmw_read(W, k, v, LT_CC_GT, 0);
			rmw_write(W, k, v, LT_ALU_SUB, lt_arg_imm(1));
		} else {
			rmw_read(W, k, v, LT_CC_EQ, 1);
			rmw_write(W, k, v, -1, lt_arg_imm(0));
		}
	}
	return 0;
}

/* A blocking send (the sent value already walked) or receive on v. */
static void chan_block(struct gw *W, int v, bool send)
{
	chan_op(W, insn_new(W), v, send);
	/* An unbuffered send completes when a receiver has taken the item. */
	if (send && W->vars[v].cap == 0)
		wait_read(W, insn_new(W), v, LT_CC_EQ, 0);
}

/* The sent expression: a constant, the same on every send on v. */
static int send_value(struct gw *W, int v)
{
	bool neg = is(W, W->i, '-');
	int64_t val, want = chan_value(W->t, W->vars[v].name);

	if (neg)
		W->i++;
	if (!is(W, W->i, '0'))
		return werr(W, W->i, "a send sends a constant (the model does not "
			    "track values through channels)");
	val = neg ? -W->tk[W->i].num : W->tk[W->i].num;
	if (val != want)
		return werr(W, W->i, "every send on '%s' must send the same constant "
			    "(%lld elsewhere)", W->vars[v].name, (long long)want);
	W->i++;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Expressions                                                        */
/* ------------------------------------------------------------------ */

static int expr(struct gw *W, struct lt_sem_arg *out);

/* A call's arguments "(e, e...)" (nargs of them) into a[]. */
static int args(struct gw *W, struct lt_sem_arg *a, int nargs, const char *what)
{
	if (expect(W, '(', "'('") < 0)
		return -1;
	for (int k = 0; k < nargs; k++) {
		if (k && expect(W, ',', "','") < 0)
			return -1;
		if (expr(W, &a[k]) < 0)
			return -1;
	}
	if (!is(W, W->i, ')'))
		return werr(W, W->i, "%s takes %d argument%s", what, nargs, nargs == 1 ? "" : "s");
	W->i++;
	return 0;
}

/* The method call at token W->i ("x.Load()"); *out NONE for no value. */
static int method(struct gw *W, struct lt_sem_arg *out)
{
	int v = find_var(W, W->i), at = W->i + 2, k;
	enum go_kind kind = W->vars[v].type->kind;
	struct lt_sem_arg a[2];
	struct lt_uop *u;
	bool ok_bool = false;
	char q[48];

	*out = (struct lt_sem_arg){ .kind = LT_SA_NONE };
	W->i += 3;
	if (kind == GO_ATOMIC && word(W, at, "Load")) {
		if (args(W, a, 0, "Load") < 0)
			return -1;
		*out = load(W, v, ANN_SC);
	} else if (kind == GO_ATOMIC && word(W, at, "Store")) {
		if (args(W, a, 1, "Store") < 0)
			return -1;
		store(W, v, a[0], ANN_SC);
	} else if ((kind == GO_ATOMIC && (word(W, at, "Add") || word(W, at, "Swap"))) ||
		   (kind == GO_WAITGROUP && word(W, at, "Add"))) {
		bool add = word(W, at, "Add");

		if (args(W, a, 1, add ? "Add" : "Swap") < 0)
			return -1;
		k = insn_new(W);
		rmw_read(W, k, v, LT_CC_ALWAYS, 0);
		rmw_write(W, k, v, add ? LT_ALU_ADD : -1, a[0]);
		if (kind == GO_ATOMIC) {
			/* Add returns the new value, Swap the old one. */
			u = uop(W, k, LT_UOP_MOV);
			u->conv = lt_type_form(W->vars[v].type->t);
			u->dst = lt_arg_reg(temp(W));
			u->a = lt_arg_tmp(add ? 2 : 0);
			*out = u->dst;
		}
	} else if (kind == GO_ATOMIC && word(W, at, "CompareAndSwap")) {
		int r;

		if (args(W, a, 2, "CompareAndSwap") < 0)
			return -1;
		/* Two alternatives, as herd enumerates a CAS: it succeeds
		 * (an RMW) or reads another value and writes nothing. */
		k = insn_new(W);
		r = temp(W);
		u = uop(W, k, LT_UOP_CHOOSE);
		u->to = 6;
		rmw_read(W, k, v, LT_CC_ALWAYS, 0);
		u = uop(W, k, LT_UOP_ASSUME);
		u->a = lt_arg_tmp(0);
		u->b = a[0];
		u->cc = LT_CC_EQ;
		u->width = lt_type_size(W->vars[v].type->t) * 8;
		rmw_write(W, k, v, -1, a[1]);
		u = uop(W, k, LT_UOP_MOV);
		u->dst = lt_arg_reg(r);
		u->a = lt_arg_imm(1);
		u = uop(W, k, LT_UOP_SKIP);
		u->to = 9;
		/* 6: it fails */
		u = uop(W, k, LT_UOP_LOAD);
		u->dst = lt_arg_tmp(0);
		u->ann = ANN_SC;
		set_addr(W, u, v);
		u = uop(W, k, LT_UOP_ASSUME);
		u->a = lt_arg_tmp(0);
		u->b = a[0];
		u->cc = LT_CC_NE;
		u->width = lt_type_size(W->vars[v].type->t) * 8;
		u = uop(W, k, LT_UOP_MOV);
		u->dst = lt_arg_reg(r);
		u->a = lt_arg_imm(0);
		/* 9: the end */
		*out = lt_arg_reg(r);
		ok_bool = true;
	} else if (kind == GO_MUTEX && word(W, at, "Lock")) {
		if (args(W, a, 0, "Lock") < 0)
			return -1;
		k = insn_new(W);
		rmw_read(W, k, v, LT_CC_EQ, 0);
		rmw_write(W, k, v, -1, lt_arg_imm(1));
	} else if (kind == GO_MUTEX && word(W, at, "Unlock")) {
		if (args(W, a, 0, "Unlock") < 0)
			return -1;
		store(W, v, lt_arg_imm(0), ANN_SC);
	} else if (kind == GO_MUTEX && word(W, at, "TryLock")) {
		int r;

		if (args(W, a, 0, "TryLock") < 0)
			return -1;
		k = insn_new(W);
		r = temp(W);
		u = uop(W, k, LT_UOP_CHOOSE);
		u->to = 6;
		rmw_read(W, k, v, LT_CC_EQ, 0);
		rmw_write(W, k, v, -1, lt_arg_imm(1));
		u = uop(W, k, LT_UOP_MOV);
		u->dst = lt_arg_reg(r);
		u->a = lt_arg_imm(1);
		u = uop(W, k, LT_UOP_SKIP);
		u->to = 9;
		/* 6: held by another goroutine */
		wait_read(W, k, v, LT_CC_NE, 0);
		u = uop(W, k, LT_UOP_MOV);
		u->dst = lt_arg_reg(r);
		u->a = lt_arg_imm(0);
		/* 9: the end */
		*out = lt_arg_reg(r);
		ok_bool = true;
	} else if (kind == GO_WAITGROUP && word(W, at, "Done")) {
		if (args(W, a, 0, "Done") < 0)
			return -1;
		k = insn_new(W);
		rmw_read(W, k, v, LT_CC_ALWAYS, 0);
		rmw_write(W, k, v, LT_ALU_ADD, lt_arg_imm(-1));
	} else if (kind == GO_WAITGROUP && word(W, at, "Wait")) {
		if (args(W, a, 0, "Wait") < 0)
			return -1;
		/* the cell counts from 0 what is left of the initial Add */
		wait_read(W, insn_new(W), v, LT_CC_EQ, -W->vars[v].cap);
	} else {
		return werr(W, at, "'%s' (of type %s) has no method '%s' here",
			    W->vars[v].name, W->vars[v].type->name, ttext(W, at, q, sizeof(q)));
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
	if (is(W, k, '0')) {
		*out = lt_arg_imm(W->tk[k].num);
		W->i++;
	} else if (word(W, k, "true") || word(W, k, "false")) {
		*out = lt_arg_imm(word(W, k, "true"));
		W->etype = "bool";
		W->i++;
	} else if (is(W, k, '(')) {
		W->i++;
		if (expr(W, out) < 0)
			return -1;
		return expect(W, ')', "')'");
	} else if (is(W, k, GK2('<', '-'))) {
		v = find_var(W, k + 1);
		if (v < 0 || W->vars[v].type->kind != GO_CHAN)
			return werr(W, k + 1, "'<-' receives from a channel of the init block");
		W->i += 2;
		chan_block(W, v, false);
		*out = lt_arg_imm(chan_value(W->t, W->vars[v].name));
		W->etype = "int";
	} else if ((r = find_local(W, k)) >= 0) {
		*out = lt_arg_reg(r);
		W->etype = local_gotype(W, k);
		W->i++;
	} else if ((v = find_var(W, k)) >= 0) {
		if (is(W, k + 1, '.') && is(W, k + 2, 'i')) {
			if (method(W, out) < 0)
				return -1;
			if (out->kind == LT_SA_NONE)
				return werr(W, k + 2, "'%s' has no value", ttext(W, k + 2, q, sizeof(q)));
		} else if (W->vars[v].type->kind == GO_PLAIN) {
			*out = load(W, v, LT_ANN_NA);
			W->etype = W->vars[v].type->value;
			W->i++;
		} else {
			return werr(W, k, "'%s' (a %s) is used through its methods",
				    W->vars[v].name, W->vars[v].type->name);
		}
	} else if (is(W, k, 'i')) {
		return werr(W, k, "'%s' is neither a shared variable nor a local declared "
			    "before", ttext(W, k, q, sizeof(q)));
	} else {
		return werr(W, k, "expected an expression, found '%s'", ttext(W, k, q, sizeof(q)));
	}
	return 0;
}

static int unary(struct gw *W, struct lt_sem_arg *out)
{
	if (is(W, W->i, '-') || is(W, W->i, '!') || is(W, W->i, '^')) {
		int op = W->tk[W->i++].k;

		if (unary(W, out) < 0)
			return -1;
		if (op == '-')
			*out = alu2(W, LT_ALU_SUB, lt_arg_imm(0), *out);
		else if (op == '^')
			*out = alu2(W, LT_ALU_XOR, *out, lt_arg_imm(-1));
		else
			*out = compare(W, LT_CC_EQ, *out, lt_arg_imm(0));
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
		if (is(W, k, binops[b].tok))
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
		int at = W->i++, before = W->out->thr.ninsns;
		const char *lt = W->etype;
		struct lt_sem_arg b;

		if (binary(W, level + 1, &b) < 0)
			return -1;
		if (level <= 2) {
			/* Both sides are evaluated: no access may hide behind
			 * the short circuit. */
			for (int k = before; k < W->out->thr.ninsns; k++)
				for (int u = 0; u < W->out->sem[k].nuops; u++)
					if (W->out->sem[k].uops[u].kind == LT_UOP_LOAD ||
					    W->out->sem[k].uops[u].kind == LT_UOP_STORE)
						return werr(W, at + 1, "the right of '%s' accesses memory, "
							    "which its short circuit makes conditional: use "
							    "an if", level == 1 ? "||" : "&&");
			*out = alu2(W, (enum lt_alu)op->alu, compare(W, LT_CC_NE, *out, lt_arg_imm(0)),
				    compare(W, LT_CC_NE, b, lt_arg_imm(0)));
			W->etype = "bool";
		} else if (op->alu < 0) {
			*out = compare(W, op->cc, *out, b);
			W->etype = "bool";
		} else {
			*out = alu2(W, (enum lt_alu)op->alu, *out, b);
			if (lt)
				W->etype = lt;
		}
	}
	return 0;
}

static int expr(struct gw *W, struct lt_sem_arg *out)
{
	if (++W->depth > MAX_WALK_DEPTH)
		return werr(W, W->i, "expression nested too deeply");
	if (binary(W, 1, out) < 0)
		return -1;
	W->depth--;
	return 0;
}

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
	return werr(W, k, "a value of type %s where Go needs one of type %s (the "
		    "grammar has no conversions)", W->etype, want);
}

/* "{ stmt... }" */
static int block(struct gw *W)
{
	if (expect(W, '{', "'{'") < 0)
		return -1;
	while (!is(W, W->i, '}')) {
		if (W->i >= W->ntk)
			return werr(W, W->i, "missing '}'");
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
	char *lelse = new_label(W), *lend = new_label(W);

	W->i++;
	if (expr(W, &c) < 0)
		goto fail;
	if (!W->etype || strcmp(W->etype, "bool")) {
		werr(W, W->i - 1, "an if takes a bool (a comparison, a bool local)");
		goto fail;
	}
	branch(W, c, LT_CC_EQ, lelse);
	if (block(W) < 0)
		goto fail;
	if (word(W, W->i, "else")) {
		branch(W, (struct lt_sem_arg){ .kind = LT_SA_NONE }, LT_CC_ALWAYS, lend);
		put_label(W, lelse);
		lelse = NULL;
		W->i++;
		if (word(W, W->i, "if") ? if_stmt(W) < 0 : block(W) < 0)
			goto fail;
	} else {
		put_label(W, lelse);
		lelse = NULL;
	}
	put_label(W, lend);
	return stmt_end(W);
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
	if (is(W, W->i, 'i') && is(W, W->i + 1, GK2('<', '-'))) {
		*v = find_var(W, W->i);
		*send = true;
		W->i += 2;
	} else {
		if (is(W, W->i, 'i') && (is(W, W->i + 1, '=') || is(W, W->i + 1, GK2(':', '=')))) {
			if (is(W, W->i + 1, '='))
				*dst = find_local(W, W->i);
			else
				*decl = W->i;
			if (*dst < 0 && *decl < 0)
				return werr(W, W->i, "'%s' is not a local declared before",
					    ttext(W, W->i, q, sizeof(q)));
			W->i += 2;
		}
		if (!is(W, W->i, GK2('<', '-')))
			return werr(W, W->i, "a select case sends 'c <- K' or receives '<-c'");
		*v = find_var(W, W->i + 1);
		*send = false;
		W->i += 2;
	}
	if (*v < 0 || W->vars[*v].type->kind != GO_CHAN)
		return werr(W, W->i - (*send ? 2 : 1), "a select case communicates on a channel of "
			    "the init block");
	if (*send && send_value(W, *v) < 0)
		return -1;
	return expect(W, ':', "':'");
}

/* The statements of a case, up to the next case, default or '}'. */
static int case_body(struct gw *W)
{
	while (!is(W, W->i, '}') && !word(W, W->i, "case") && !word(W, W->i, "default")) {
		if (W->i >= W->ntk)
			return werr(W, W->i, "missing '}'");
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
	if (expect(W, '{', "'{'") < 0)
		return -1;
	while (is(W, W->i, ';'))
		W->i++;
	if (!word(W, W->i, "case"))
		return werr(W, W->i, "a select starts with its case");
	W->i++;
	if (comm(W, &v, &send, &dst, &decl) < 0)
		return -1;
	if (decl >= 0 && (dst = declare(W, decl, "int", false)) < 0)
		return -1;
	k = W->i;
	/* Find whether a default follows this case's statements. */
	{
		int depth = 0, j;

		for (j = k; j < W->ntk; j++) {
			if (is(W, j, '{'))
				depth++;
			else if (is(W, j, '}') && depth-- == 0)
				break;
			else if (depth == 0 && word(W, j, "case"))
				return werr(W, j, "a select of more than one case is not supported "
					    "(one case, and a default for the non-blocking form)");
			else if (depth == 0 && word(W, j, "default"))
				break;
		}
		if (word(W, j, "default")) {
			if (W->vars[v].cap == 0)
				return werr(W, at, "a non-blocking select on an unbuffered channel "
					    "is not supported (its outcome depends on a receiver "
					    "waiting, which the model does not track)");
			ldef = new_label(W);
			lend = new_label(W);
		}
	}
	if (!ldef) {
		chan_block(W, v, send);
	} else {
		int cap = W->vars[v].cap;

		flag = temp(W);
		k = insn_new(W);
		/* The case proceeds, or (the CHOOSE's and the SKIP's
		 * targets set below) reads a state in which it would block. */
		uop(W, k, LT_UOP_CHOOSE);
		chan_op(W, k, v, send);
		u = uop(W, k, LT_UOP_MOV);
		u->dst = lt_arg_reg(flag);
		u->a = lt_arg_imm(1);
		uop(W, k, LT_UOP_SKIP);
		{
			struct lt_sem *sem = &W->out->sem[k];
			int alt = sem->nuops;

			sem->uops[0].to = alt;
			wait_read(W, k, v, send ? LT_CC_GE : LT_CC_EQ, send ? cap : 0);
			u = uop(W, k, LT_UOP_MOV);
			u->dst = lt_arg_reg(flag);
			u->a = lt_arg_imm(0);
			sem->uops[alt - 1].to = sem->nuops;
		}
		branch(W, lt_arg_reg(flag), LT_CC_EQ, ldef);
	}
	if (dst >= 0)
		mov(W, dst, lt_arg_imm(chan_value(W->t, W->vars[v].name)));
	if (case_body(W) < 0)
		goto fail;
	if (ldef) {
		branch(W, (struct lt_sem_arg){ .kind = LT_SA_NONE }, LT_CC_ALWAYS, lend);
		put_label(W, ldef);
		ldef = NULL;
		W->i++;
		if (expect(W, ':', "':'") < 0 || case_body(W) < 0)
			goto fail;
		put_label(W, lend);
		lend = NULL;
	}
	if (expect(W, '}', "'}'") < 0)
		return -1;
	return stmt_end(W);
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

	while (is(W, W->i, 'i') && n < 8) {
		n++;
		W->i++;
		if (!is(W, W->i, ','))
			break;
		W->i++;
	}
	if (n == 0)
		return expect(W, 'i', "a local's name");
	ty = is(W, W->i, 'i') ? go_type_find(W->s + W->tk[W->i].off, W->tk[W->i].len) : NULL;
	if (word(W, W->i, "bool"))
		gt = "bool";
	else if (ty && ty->kind == GO_PLAIN)
		gt = ty->value;
	else
		return werr(W, W->i, "a local is an int, int32, int64, uint32, uint64 or bool");
	W->i++;
	if (is(W, W->i, '=')) {
		if (n != 1)
			return werr(W, W->i, "one initial value per 'var'");
		W->i++;
		if (expr(W, &v) < 0 || typed_as(W, W->i - 1, gt) < 0)
			return -1;
	}
	for (int k = 0; k < n; k++) {
		if ((r = declare(W, first + 2 * k, gt, true)) < 0)
			return -1;
		mov(W, r, v);
	}
	return stmt_end(W);
}

/* A statement beginning with a name: assignment, send, call, ++. */
static int name_stmt(struct gw *W)
{
	int k = W->i, v = find_var(W, k), r = find_local(W, k), op;
	struct lt_sem_arg e, cur;
	char q[48];

	if (is(W, k + 1, GK2(':', '='))) {
		W->i += 2;
		if (expr(W, &e) < 0)
			return -1;
		if ((r = declare(W, k, W->etype ? W->etype : "int", false)) < 0)
			return -1;
		mov(W, r, e);
		return stmt_end(W);
	}
	if (v >= 0 && W->vars[v].type->kind == GO_CHAN && is(W, k + 1, GK2('<', '-'))) {
		W->i += 2;
		if (send_value(W, v) < 0)
			return -1;
		chan_block(W, v, true);
		return stmt_end(W);
	}
	if (v >= 0 && is(W, k + 1, '.')) {
		if (method(W, &e) < 0)
			return -1;
		return stmt_end(W);
	}
	if (word(W, k, "_") && is(W, k + 1, '=')) {
		W->i += 2;
		if (expr(W, &e) < 0)
			return -1;
		return stmt_end(W);
	}
	if (v < 0 && r < 0)
		return werr(W, k, "'%s' is neither a shared variable nor a local declared before",
			    ttext(W, k, q, sizeof(q)));
	if (v >= 0 && W->vars[v].type->kind != GO_PLAIN)
		return werr(W, k, "'%s' (a %s) is used through its methods", W->vars[v].name,
			    W->vars[v].type->name);
	op = is(W, k + 1, '=') ? -2 :
	     is(W, k + 1, GK2('+', '=')) || is(W, k + 1, GK2('+', '+')) ? LT_ALU_ADD :
	     is(W, k + 1, GK2('-', '=')) || is(W, k + 1, GK2('-', '-')) ? LT_ALU_SUB : -3;
	if (op == -3)
		return werr(W, k + 1, "expected '=', '+=', '-=', '++' or '--' after '%s'",
			    ttext(W, k, q, sizeof(q)));
	W->i += 2;
	if (is(W, k + 1, GK2('+', '+')) || is(W, k + 1, GK2('-', '-')))
		e = lt_arg_imm(1);
	else if (expr(W, &e) < 0 ||
		 typed_as(W, W->i - 1, v >= 0 ? W->vars[v].type->value : local_gotype(W, k)) < 0)
		return -1;
	if (op >= 0) {
		/* x += e: a read, then a write, not one atomic operation */
		cur = v >= 0 ? load(W, v, LT_ANN_NA) : lt_arg_reg(r);
		e = alu2(W, (enum lt_alu)op, cur, e);
	}
	if (v >= 0)
		store(W, v, e, LT_ANN_NA);
	else
		mov(W, r, e);
	return stmt_end(W);
}

static int stmt(struct gw *W)
{
	int k = W->i, rc;
	char q[48];

	if (++W->depth > MAX_WALK_DEPTH)
		return werr(W, k, "statements nested too deeply");
	W->stmt_off = toff(W, k);
	W->ntemp = 0;
	if (is(W, k, ';')) {
		W->i++;
		rc = 0;
	} else if (is(W, k, '{')) {
		rc = block(W) < 0 ? -1 : stmt_end(W);
	} else if (word(W, k, "var")) {
		rc = var_stmt(W);
	} else if (word(W, k, "if")) {
		rc = if_stmt(W);
	} else if (word(W, k, "select")) {
		rc = select_stmt(W);
	} else if (is(W, k, GK2('<', '-'))) {
		struct lt_sem_arg e;

		rc = expr(W, &e) < 0 ? -1 : stmt_end(W);
	} else if (word(W, k, "for") || word(W, k, "go") || word(W, k, "goto") ||
		   word(W, k, "return") || word(W, k, "switch") || word(W, k, "defer")) {
		rc = werr(W, k, "'%s' is not supported: a goroutine's body is straight-line "
			  "code (wait with a channel, a lock or wg.Wait())",
			  ttext(W, k, q, sizeof(q)));
	} else if (is(W, k, 'i')) {
		rc = name_stmt(W);
	} else {
		rc = werr(W, k, "expected a statement, found '%s'", ttext(W, k, q, sizeof(q)));
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
	W.out = out;
	out->thr.id = t->threads[th].id;
	W.s = t->threads[th].body ? t->threads[th].body : "";
	W.n = strlen(W.s);
	W.nvars = go_vars_split(t, t->threads[th].params, &W.vars);
	W.ntk = go_lex(W.s, W.n, &W.tk, &bad);
	if (W.ntk < 0) {
		lt_error_set(err, t->file, pos_at(&W, bad), "P%d: unexpected character '%c'",
			     t->threads[th].id, W.s[bad]);
		W.ntk = 0;
		rc = -1;
	}
	while (rc == 0 && W.i < W.ntk)
		rc = stmt(&W);
	if (rc == 0 && W.maxtemp > MAX_TEMPS)
		rc = werr(&W, 0, "statements with over %d intermediate values", MAX_TEMPS);
	out->nregs = t->nregs + W.maxtemp;
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
