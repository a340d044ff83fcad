/* SPDX-License-Identifier: MIT */
/*
 * The C front end of the model checker: a thread's body, in the subset of C
 * that C litmus tests are written in, lowered to pseudo-instructions of
 * sem.h micro-ops (the lower_thread hook).  C is not a target: the same
 * lowering serves whatever arch the test is compiled for.
 *
 * Each statement becomes a few pseudo-instructions: one per memory access
 * or read-modify-write (the RMW's read and write, which the checker pairs
 * within one instruction, as herd's rmw relation), one per arithmetic step,
 * and branches to generated labels for if/else and loops.  Values live in
 * registers: the thread's test registers (the locals declared at the top of
 * its body, which conditions name) and hidden ones for other locals and
 * expression temporaries.
 *
 * Memory orders follow C11 7.17.3 as RC11 (Lahav et al., PLDI 2017, sec. 3)
 * annotates events: an access is non-atomic (LT_ANN_NA), or atomic with
 * acquire / release / seq_cst bits; memory_order_consume is taken as
 * acquire, as every compiler implements it and as herd's rc11.cat and RC11
 * itself do.  A plain access through a pointer to an atomic type is a
 * seq_cst access, as C11 6.5.16.2 and 6.3.2.1 make it (and as the compiler
 * under test compiles it).
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/sem.h"
#include "util/buf.h"
#include "lang.h"
#include "lower.h"

/* ------------------------------------------------------------------ */
/* Positions, errors, tokens                                          */
/* ------------------------------------------------------------------ */

static struct lt_pos pos_at(const struct lw *L, size_t off)
{
	return ctest_pos_at(L->src->body_pos, L->s, L->n, off);
}

int cl_unsup(struct lw *L, size_t off, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lt_error_set(L->err, L->t->file, pos_at(L, off),
		     "the model does not support %s in P%d", msg, L->src->id);
	return -1;
}

/* The text of token k, quoted for a message. */
const char *cl_tk_text(const struct lw *L, int k, char *buf, size_t len)
{
	if (k >= L->ntk)
		return "the end of the body";
	return lt_quote(L->s + L->tk[k].off, L->tk[k].len, buf, len);
}

bool cl_is_name(const struct lw *L, int k, const char *w)
{
	return k < L->ntk && L->tk[k].k == 'i' && L->tk[k].len == strlen(w) &&
	       !memcmp(L->s + L->tk[k].off, w, L->tk[k].len);
}

bool cl_is_punct(const struct lw *L, int k, int p)
{
	return k < L->ntk && L->tk[k].k == p;
}

size_t cl_tk_off(const struct lw *L, int k)
{
	return k < L->ntk ? L->tk[k].off : L->n;
}

int cl_expect(struct lw *L, int p)
{
	char q[48], want[3] = { 0 };

	if (cl_is_punct(L, L->i, p)) {
		L->i++;
		return 0;
	}
	if (p > 255) {
		want[0] = (char)(p >> 8);
		want[1] = (char)(p & 255);
	} else {
		want[0] = (char)p;
	}
	lt_error_set(L->err, L->t->file, pos_at(L, cl_tk_off(L, L->i)),
		     "the model cannot read P%d's body: expected '%s', found '%s'",
		     L->src->id, want, cl_tk_text(L, L->i, q, sizeof(q)));
	return -1;
}

int cl_lex(struct lw *L)
{
	static const char two[][3] = {
		"==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=",
		"^=", "&=", "|=", "->", "<<", ">>", "*=", "/=", "%=",
	};
	const char *s = L->s;
	size_t i = 0, n = L->n;
	int cap = 0;

	while (i < n) {
		struct tok t = { 0, i, 1, 0 };

		if (isspace((unsigned char)s[i])) {
			i++;
			continue;
		}
		if (isalpha((unsigned char)s[i]) || s[i] == '_') {
			t.k = 'i';
			while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
				i++;
		} else if (isdigit((unsigned char)s[i])) {
			char *end;

			t.k = '0';
			t.num = (int64_t)strtoull(s + i, &end, 0);
			i = (size_t)(end - s);
			/* Integer suffixes (1U, 2L) change nothing here. */
			while (i < n && strchr("uUlL", s[i]))
				i++;
			if (i < n && (isalnum((unsigned char)s[i]) || s[i] == '.'))
				return cl_unsup(L, t.off, "the number '%.*s'",
						(int)(i - t.off + 1), s + t.off);
		} else if (s[i] == '#') {
			return cl_unsup(L, i, "preprocessor lines");
		} else {
			t.k = (unsigned char)s[i];
			for (size_t k = 0; k < sizeof(two) / sizeof(two[0]); k++)
				if (i + 1 < n && s[i] == two[k][0] && s[i + 1] == two[k][1])
					t.k = TK2(s[i], s[i + 1]);
			i += t.k > 255 ? 2 : 1;
		}
		t.len = i - t.off;
		if (L->ntk == cap) {
			cap = cap ? 2 * cap : 64;
			L->tk = lt_xrealloc(L->tk, (size_t)cap * sizeof(*L->tk));
		}
		L->tk[L->ntk++] = t;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Names: parameters (locations) and locals (registers)               */
/* ------------------------------------------------------------------ */

int cl_find_param(const struct lw *L, int k)
{
	for (int p = 0; p < L->nparams; p++)
		if (strlen(L->params[p].name) == L->tk[k].len &&
		    !memcmp(L->params[p].name, L->s + L->tk[k].off, L->tk[k].len))
			return p;
	return -1;
}

int cl_find_local(const struct lw *L, int k)
{
	for (int l = 0; l < L->nlocals; l++)
		if (strlen(L->locals[l].name) == L->tk[k].len &&
		    !memcmp(L->locals[l].name, L->s + L->tk[k].off, L->tk[k].len))
			return L->locals[l].reg;
	return -1;
}

/*
 * What token k points to.  A parameter "T *x" reaches location x (of any
 * type: one initialised with an address holds a pointer).  A local holding
 * an address (herd's "int *r = x", a pointer read from memory) reaches the
 * location its value names when the access runs: an int, as herd takes
 * every location it is not told about.
 */
int cl_param_target(struct lw *L, int k, struct target *tg)
{
	char q[48];
	int p = L->tk[k].k == 'i' ? cl_find_param(L, k) : -1, r;
	const struct lt_cparam *cp;

	tg->base = -1;
	if (p < 0) {
		r = L->tk[k].k == 'i' ? cl_find_local(L, k) : -1;
		if (r < 0)
			return cl_unsup(L, cl_tk_off(L, k), "'%s' as a pointer (a parameter "
					"or a local holding an address)",
					cl_tk_text(L, k, q, sizeof(q)));
		tg->loc = -1;
		tg->base = r;
		tg->width = 0;	/* its location's, when the checker knows it */
		tg->atomic_type = false;
		return 0;
	}
	cp = &L->params[p];
	tg->loc = lt_test_find_loc(L->t, cp->name);
	if (tg->loc < 0)
		return cl_unsup(L, cl_tk_off(L, k), "the parameter '%s' (not a location)",
				cp->name);
	tg->width = lt_type_size(L->t->locs[tg->loc].type) * 8;
	tg->atomic_type = !strncmp(cp->type, "atomic_", 7) ||
			  strstr(cp->type, "_Atomic") != NULL;
	return 0;
}

/* At token k, after a '(': type words and stars, then ')': a cast. */
static bool is_cast(const struct lw *L, int k0)
{
	static const char *const words[] = {
		"int", "long", "short", "char", "unsigned", "signed", "const",
		"volatile", "void", "struct",
	};
	int k = k0, nwords = 0;
	enum lt_type ty;
	char w[65];

	for (; k < L->ntk && L->tk[k].k == 'i' && L->tk[k].len < sizeof(w); k++, nwords++) {
		bool type = false;

		memcpy(w, L->s + L->tk[k].off, L->tk[k].len);
		w[L->tk[k].len] = '\0';
		for (size_t j = 0; j < sizeof(words) / sizeof(words[0]); j++)
			type |= !strcmp(w, words[j]);
		if (!type && ctest_type_parse(w, &ty) < 0 && !(nwords && !strcmp(w, "srcu_struct")))
			return false;
	}
	while (nwords && cl_is_punct(L, k, '*'))
		k++;
	return nwords > 0 && cl_is_punct(L, k, ')');
}

/* Step over the cast at L->i ("(T *)"), if there is one. */
static void skip_cast(struct lw *L)
{
	if (!cl_is_punct(L, L->i, '(') || !is_cast(L, L->i + 1))
		return;
	while (!cl_is_punct(L, L->i, ')'))
		L->i++;
	L->i++;
}

int cl_ptr_target(struct lw *L, struct target *tg)
{
	skip_cast(L);
	if (cl_is_punct(L, L->i, '(')) {
		char q[48];

		L->i++;
		if (cl_ptr_target(L, tg) < 0)
			return -1;
		if (!cl_is_punct(L, L->i, ')'))
			return cl_unsup(L, cl_tk_off(L, L->i), "'%s' in a pointer expression",
					cl_tk_text(L, L->i, q, sizeof(q)));
		L->i++;
		return 0;
	}
	return cl_param_target(L, L->i++, tg);
}

/* ------------------------------------------------------------------ */
/* Memory accesses                                                    */
/* ------------------------------------------------------------------ */

static unsigned ann_load(enum mo mo)
{
	switch (mo) {
	case MO_RLX: return 0;
	case MO_ACQ: return LT_ANN_ACQUIRE;
	case MO_SC: return LT_ANN_SC | LT_ANN_ACQUIRE | LT_ANN_RELEASE;
	default: return 0;
	}
}

unsigned cl_ann_store(enum mo mo)
{
	switch (mo) {
	case MO_RLX: return 0;
	case MO_REL: return LT_ANN_RELEASE;
	case MO_SC: return LT_ANN_SC | LT_ANN_ACQUIRE | LT_ANN_RELEASE;
	default: return 0;
	}
}

/* The read and the write of an RMW of order mo (RC11 sec. 3: an acq_rel RMW reads acquire, writes release). */
static unsigned ann_rmw_r(enum mo mo)
{
	return mo == MO_SC ? ann_load(MO_SC) :
	       (mo == MO_ACQ || mo == MO_ACQ_REL) ? LT_ANN_ACQUIRE : 0;
}

static unsigned ann_rmw_w(enum mo mo)
{
	return mo == MO_SC ? cl_ann_store(MO_SC) :
	       (mo == MO_REL || mo == MO_ACQ_REL) ? LT_ANN_RELEASE : 0;
}

void cl_set_addr(struct lt_uop *u, const struct target *tg)
{
	u->addr.loc = tg->loc;
	u->addr.scale = 1;
	if (tg->base >= 0)
		u->addr.base = lt_arg_reg(tg->base);
	u->width = tg->width;
}

/*
 * The form of a value read from tg's location: the location's type, so a
 * uint8_t holding 255 reads as 255, not as the byte's signed -1.
 */
static struct lt_form read_form(const struct lw *L, const struct target *tg)
{
	return lt_type_form(tg->loc >= 0 ? L->t->locs[tg->loc].type : LT_T_INT);
}

/* A MOV of a value read from tg's location, so converted. */
struct lt_uop *cl_mov_read(struct lw *L, int k, const struct target *tg)
{
	struct lt_uop *u = ctest_uop(&L->em, k, LT_UOP_MOV);

	u->conv = read_form(L, tg);
	return u;
}

/*
 * A load into a fresh temporary.  The value goes through the instruction's
 * temporary so that the register keeps it sign-extended (the checker's
 * register writes zero-extend 32-bit values, as x86 and AArch64 do).
 */
struct lt_sem_arg cl_load(struct lw *L, const struct target *tg, unsigned ann)
{
	int k = ctest_insn_new(&L->em), r = ctest_temp(&L->em);
	struct lt_uop *u = ctest_uop(&L->em, k, LT_UOP_LOAD);

	u->dst = lt_arg_tmp(0);
	u->ann = ann;
	cl_set_addr(u, tg);
	u = cl_mov_read(L, k, tg);
	u->dst = lt_arg_reg(r);
	u->a = lt_arg_tmp(0);
	return lt_arg_reg(r);
}

void cl_store(struct lw *L, const struct target *tg, struct lt_sem_arg v,
		  unsigned ann)
{
	struct lt_uop *u = ctest_uop(&L->em, ctest_insn_new(&L->em), LT_UOP_STORE);

	u->a = v;
	u->ann = ann;
	cl_set_addr(u, tg);
}

/* The read value (temporary 0) into a fresh register, typed as tg. */
struct lt_sem_arg cl_read_value(struct lw *L, int k, const struct target *tg)
{
	int r = ctest_temp(&L->em);
	struct lt_uop *u = cl_mov_read(L, k, tg);

	u->dst = lt_arg_reg(r);
	u->a = lt_arg_tmp(0);
	return lt_arg_reg(r);
}

/*
 * tmp1 = tmp0 op v in instruction k (ANDNOT: tmp0 & ~v, through tmp2).
 * Returns the argument holding the new value.
 */
struct lt_sem_arg cl_alu_new(struct lw *L, int k, const struct target *tg,
			      int op, struct lt_sem_arg v)
{
	struct lt_uop *u;

	if (op == ANDNOT) {
		u = ctest_uop(&L->em, k, LT_UOP_ALU);
		u->alu = LT_ALU_XOR;
		u->dst = lt_arg_tmp(2);
		u->a = v;
		u->b = lt_arg_imm(-1);
		u->width = tg->width;
		v = lt_arg_tmp(2);
		op = LT_ALU_AND;
	}
	u = ctest_uop(&L->em, k, LT_UOP_ALU);
	u->alu = (enum lt_alu)op;
	u->dst = lt_arg_tmp(1);
	u->a = lt_arg_tmp(0);
	u->b = v;
	u->width = tg->width;
	return lt_arg_tmp(1);
}

/* xchg (op < 0) or fetch_op: the old value. */
static struct lt_sem_arg rmw(struct lw *L, const struct target *tg, int op,
			     struct lt_sem_arg v, enum mo mo)
{
	int k = ctest_insn_new(&L->em);
	struct lt_uop *u = ctest_uop(&L->em, k, LT_UOP_LOAD);

	u->dst = lt_arg_tmp(0);
	u->ann = ann_rmw_r(mo) | LT_ANN_RMW;
	cl_set_addr(u, tg);
	if (op >= 0)
		v = cl_alu_new(L, k, tg, op, v);
	u = ctest_uop(&L->em, k, LT_UOP_STORE);
	u->a = v;
	u->ann = ann_rmw_w(mo) | LT_ANN_RMW;
	cl_set_addr(u, tg);
	return cl_read_value(L, k, tg);
}

/*
 * Compare-and-exchange as two alternatives, as herd enumerates it: it
 * reads the expected value and writes (an RMW of order succ), or reads
 * another value, writes nothing and copies it to *expected (a load of
 * order fail).  Returns 1 or 0 in a temporary.
 */
static struct lt_sem_arg cas(struct lw *L, const struct target *tg, int exp,
			     struct lt_sem_arg desired, enum mo succ, enum mo fail)
{
	struct ctest_cas c = {
		.expect = lt_arg_reg(exp), .desired = desired,
		.ann_r = ann_rmw_r(succ) | LT_ANN_RMW, .ann_w = ann_rmw_w(succ) | LT_ANN_RMW,
		.ann_fail = ann_load(fail),
		.copy_to = lt_arg_reg(exp), .copy_conv = read_form(L, tg),
	};

	cl_set_addr(&c.at, tg);
	return ctest_cas(&L->em, &c);
}

/* ------------------------------------------------------------------ */
/* Expressions                                                        */
/* ------------------------------------------------------------------ */

static int parse_mo(struct lw *L, enum mo *mo)
{
	static const struct { const char *n; enum mo mo; } names[] = {
		{ "memory_order_relaxed", MO_RLX },
		/* consume as acquire, as compilers and RC11 take it */
		{ "memory_order_consume", MO_ACQ },
		{ "memory_order_acquire", MO_ACQ },
		{ "memory_order_release", MO_REL },
		{ "memory_order_acq_rel", MO_ACQ_REL },
		{ "memory_order_seq_cst", MO_SC },
	};
	char q[48];

	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (cl_is_name(L, L->i, names[k].n)) {
			*mo = names[k].mo;
			L->i++;
			return 0;
		}
	return cl_unsup(L, cl_tk_off(L, L->i), "'%s' as a memory order",
			cl_tk_text(L, L->i, q, sizeof(q)));
}

/* A load or a failure order: no release side (C11 7.17.7.2). */
static int load_mo(struct lw *L, size_t off, enum mo mo)
{
	if (mo == MO_REL || mo == MO_ACQ_REL)
		return cl_unsup(L, off, "a load with a release order (undefined in C11)");
	return 0;
}

static int store_mo(struct lw *L, size_t off, enum mo mo)
{
	if (mo == MO_ACQ || mo == MO_ACQ_REL)
		return cl_unsup(L, off, "a store with an acquire or consume order "
				"(undefined in C11)");
	return 0;
}

enum cop {
	C_LOAD, C_STORE, C_XCHG, C_CAS, C_FETCH, C_FENCE,
};

/* A C11 operation and its _explicit form, which takes the memory order(s). */
#define MO_PAIR(name, op, alu) \
	{ name, op, false, alu }, { name "_explicit", op, true, alu }

static const struct call {
	const char *name;
	enum cop op;
	bool explicit_mo;
	int alu;	/* C_FETCH: the operation */
} calls[] = {
	MO_PAIR("atomic_load", C_LOAD, 0),
	MO_PAIR("atomic_store", C_STORE, 0),
	MO_PAIR("atomic_exchange", C_XCHG, 0),
	MO_PAIR("atomic_compare_exchange_strong", C_CAS, 0),
	/*
	 * weak as strong: a spurious failure reads the expected value and
	 * writes nothing; herd does not enumerate it either, and a test
	 * that loops on failure (the usual use) has the same outcomes.
	 */
	MO_PAIR("atomic_compare_exchange_weak", C_CAS, 0),
	MO_PAIR("atomic_fetch_add", C_FETCH, LT_ALU_ADD),
	MO_PAIR("atomic_fetch_sub", C_FETCH, LT_ALU_SUB),
	MO_PAIR("atomic_fetch_and", C_FETCH, LT_ALU_AND),
	MO_PAIR("atomic_fetch_or", C_FETCH, LT_ALU_OR),
	MO_PAIR("atomic_fetch_xor", C_FETCH, LT_ALU_XOR),
	{ "atomic_thread_fence", C_FENCE, true, 0 },
};

static int comma(struct lw *L)
{
	return cl_expect(L, ',');
}

/* A call at token L->i (its name); *out is NONE for a call with no value. */
int cl_call(struct lw *L, struct lt_sem_arg *out)
{
	const struct call *c = NULL;
	size_t off = cl_tk_off(L, L->i);
	struct target tg;
	struct lt_sem_arg v = lt_arg_imm(0);
	enum mo mo = MO_SC, fail = MO_SC;
	char q[64];
	int exp;

	for (size_t k = 0; k < sizeof(calls) / sizeof(calls[0]); k++)
		if (cl_is_name(L, L->i, calls[k].name))
			c = &calls[k];
	/*
	 * The kernel's atomic_fetch_add(i, v) has C11's name: C11's when its
	 * first argument is a parameter, the atomic object, as C11 has it.
	 */
	if (c && c->op == C_FETCH && !c->explicit_mo &&
	    !(L->i + 3 < L->ntk && L->tk[L->i + 2].k == 'i' &&
	      cl_find_param(L, L->i + 2) >= 0 && cl_is_punct(L, L->i + 3, ',')))
		c = NULL;
	if (!c) {
		int rc = cl_kernel_call(L, out);

		if (rc != 0)
			return rc < 0 ? -1 : 0;
		return cl_unsup(L, off, "calls to '%s'", cl_tk_text(L, L->i, q, sizeof(q)));
	}
	L->i++;
	if (cl_expect(L, '(') < 0)
		return -1;
	out->kind = LT_SA_NONE;
	switch (c->op) {
	case C_FENCE:
		if (parse_mo(L, &mo) < 0)
			return -1;
		ctest_uop(&L->em, ctest_insn_new(&L->em), LT_UOP_FENCE)->fence =
			mo == MO_RLX ? LT_FENCE_C_RLX : mo == MO_ACQ ? LT_FENCE_C_ACQ :
			mo == MO_REL ? LT_FENCE_C_REL :
			mo == MO_ACQ_REL ? LT_FENCE_C_ACQ_REL : LT_FENCE_C_SC;
		break;
	default:
		if (cl_ptr_target(L, &tg) < 0)
			return -1;
		switch (c->op) {
		case C_LOAD:
			if (c->explicit_mo && (comma(L) < 0 || parse_mo(L, &mo) < 0 ||
					       load_mo(L, off, mo) < 0))
				return -1;
			*out = cl_load(L, &tg, ann_load(mo));
			break;
		case C_STORE:
			if (comma(L) < 0 || cl_expr(L, &v) < 0)
				return -1;
			if (c->explicit_mo && (comma(L) < 0 || parse_mo(L, &mo) < 0 ||
					       store_mo(L, off, mo) < 0))
				return -1;
			cl_store(L, &tg, v, cl_ann_store(mo));
			break;
		case C_XCHG:
		case C_FETCH:
			if (comma(L) < 0 || cl_expr(L, &v) < 0)
				return -1;
			if (c->explicit_mo && (comma(L) < 0 || parse_mo(L, &mo) < 0))
				return -1;
			*out = rmw(L, &tg, c->op == C_XCHG ? -1 : c->alu, v, mo);
			break;
		case C_CAS:
			/* (obj, &expected, desired[, succ, fail]) */
			if (comma(L) < 0)
				return -1;
			if (!cl_is_punct(L, L->i, '&') ||
			    (exp = cl_find_local(L, L->i + 1)) < 0)
				return cl_unsup(L, cl_tk_off(L, L->i), "an expected value "
						"other than '&local' in '%s'", c->name);
			L->i += 2;
			if (comma(L) < 0 || cl_expr(L, &v) < 0)
				return -1;
			if (c->explicit_mo &&
			    (comma(L) < 0 || parse_mo(L, &mo) < 0 || comma(L) < 0 ||
			     parse_mo(L, &fail) < 0 || load_mo(L, off, fail) < 0))
				return -1;
			*out = cas(L, &tg, exp, v, mo, fail);
			break;
		default:
			break;
		}
	}
	return cl_expect(L, ')');
}

static int unary(struct lw *L, struct lt_sem_arg *out)
{
	struct tok *t = L->i < L->ntk ? &L->tk[L->i] : NULL;
	struct target tg;
	char q[48];
	int r;

	if (!t)
		return cl_unsup(L, L->n, "an expression ending here");
	if (++L->depth > MAX_DEPTH)
		return cl_unsup(L, t->off, "expressions nested this deep");
	switch (t->k) {
	case '0':
		*out = lt_arg_imm(t->num);
		L->i++;
		break;
	case '(':
		L->i++;
		if (is_cast(L, L->i)) {
			/* "(int **)e": values carry no C type here */
			L->i--;
			skip_cast(L);
			if (unary(L, out) < 0)
				return -1;
			break;
		}
		if (cl_expr(L, out) < 0 || cl_expect(L, ')') < 0)
			return -1;
		break;
	case '!':
	case '-':
	case '~':
		L->i++;
		if (unary(L, out) < 0)
			return -1;
		*out = t->k == '!' ? ctest_compare(&L->em, LT_CC_EQ, *out, lt_arg_imm(0)) :
		       t->k == '-' ? ctest_alu2(&L->em, LT_ALU_SUB, lt_arg_imm(0), *out) :
		       ctest_alu2(&L->em, LT_ALU_XOR, *out, lt_arg_imm(-1));
		break;
	case '*':
		/* *x: a plain access, seq_cst on an atomic type (C11 6.3.2.1) */
		L->i++;
		if (cl_ptr_target(L, &tg) < 0)
			return -1;
		*out = cl_load(L, &tg, tg.atomic_type ? ann_load(MO_SC) : LT_ANN_NA);
		break;
	case 'i':
		if (cl_is_punct(L, L->i + 1, '(')) {
			if (cl_call(L, out) < 0)
				return -1;
			if (out->kind == LT_SA_NONE)
				return cl_unsup(L, t->off, "the value of '%s', which has none",
						cl_tk_text(L, (int)(t - L->tk), q, sizeof(q)));
			break;
		}
		if ((r = cl_find_local(L, L->i)) >= 0) {
			*out = lt_arg_reg(r);
			L->i++;
			break;
		}
		/* A parameter's name is its location's address (herd's "x"). */
		if ((r = cl_find_param(L, L->i)) >= 0 &&
		    (r = lt_test_find_loc(L->t, L->params[r].name)) >= 0) {
			*out = (struct lt_sem_arg){ .kind = LT_SA_SYM, .idx = r };
			L->i++;
			break;
		}
		/* A register the condition names, read before any assignment. */
		if ((r = cl_local_or_implicit(L, L->i, false)) >= 0) {
			*out = lt_arg_reg(r);
			L->i++;
			break;
		}
		return cl_unsup(L, t->off, "the name '%s' here (not a local declared "
				"before)", cl_tk_text(L, L->i, q, sizeof(q)));
	default:
		return cl_unsup(L, t->off, "'%s' in an expression",
				cl_tk_text(L, L->i, q, sizeof(q)));
	}
	L->depth--;
	return 0;
}

/* Binary operators by C precedence, loosest first; 0 ends a level. */
static const struct binop {
	int tok;
	bool cmp;
	int op;		/* enum lt_alu, or enum lt_cc when cmp */
} levels[][5] = {
	{ { '|', false, LT_ALU_OR } },
	{ { '^', false, LT_ALU_XOR } },
	{ { '&', false, LT_ALU_AND } },
	{ { TK2('=', '='), true, LT_CC_EQ }, { TK2('!', '='), true, LT_CC_NE } },
	{ { '<', true, LT_CC_LT }, { '>', true, LT_CC_GT },
	  { TK2('<', '='), true, LT_CC_LE }, { TK2('>', '='), true, LT_CC_GE } },
	{ { '+', false, LT_ALU_ADD }, { '-', false, LT_ALU_SUB } },
};

#define NLEVELS ((int)(sizeof(levels) / sizeof(levels[0])))

static int binary(struct lw *L, int level, struct lt_sem_arg *out)
{
	if (level == NLEVELS)
		return unary(L, out);
	if (binary(L, level + 1, out) < 0)
		return -1;
	for (;;) {
		const struct binop *b = NULL;
		struct lt_sem_arg rhs;

		for (int k = 0; k < 5 && levels[level][k].tok; k++)
			if (cl_is_punct(L, L->i, levels[level][k].tok))
				b = &levels[level][k];
		if (!b)
			return 0;
		L->i++;
		if (binary(L, level + 1, &rhs) < 0)
			return -1;
		*out = b->cmp ? ctest_compare(&L->em, (enum lt_cc)b->op, *out, rhs) :
		       ctest_alu2(&L->em, (enum lt_alu)b->op, *out, rhs);
	}
}

int cl_expr(struct lw *L, struct lt_sem_arg *out)
{
	char q[48];

	if (binary(L, 0, out) < 0)
		return -1;
	if (L->i < L->ntk && !cl_is_punct(L, L->i, ';') && !cl_is_punct(L, L->i, ')') &&
	    !cl_is_punct(L, L->i, ','))
		return cl_unsup(L, cl_tk_off(L, L->i), "the operator '%s'",
				cl_tk_text(L, L->i, q, sizeof(q)));
	return 0;
}
