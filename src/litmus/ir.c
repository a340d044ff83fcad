/* SPDX-License-Identifier: MIT */
/*
 * The test IR: type helpers, lookups, condition evaluation and teardown.
 * Arrays grow by doubling whenever their length reaches a power of two.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/ir.h"
#include "util/buf.h"
#include "util/macros.h"

static const struct lt_type_info {
	enum lt_type t;
	unsigned size;
	bool is_signed;
	const char *name;
} type_info[] = {
	{ LT_T_INT,    4, true,  "int" },
	{ LT_T_INT8,   1, true,  "int8_t" },
	{ LT_T_UINT8,  1, false, "uint8_t" },
	{ LT_T_INT16,  2, true,  "int16_t" },
	{ LT_T_UINT16, 2, false, "uint16_t" },
	{ LT_T_INT32,  4, true,  "int32_t" },
	{ LT_T_UINT32, 4, false, "uint32_t" },
	{ LT_T_INT64,  8, true,  "int64_t" },
	{ LT_T_UINT64, 8, false, "uint64_t" },
	/* An address: printed as intptr_t, the C type that holds one. */
	{ LT_T_PTR,    8, false, "intptr_t" },
};

/*
 * Spellings herd (and C litmus tests) use for scalar types.  Plain char is
 * signed on x86 and herd treats it as int8; "long" is 64-bit on every LP64
 * target we run on.
 */
static const struct {
	const char *name;
	enum lt_type t;
} type_alias[] = {
	{ "int", LT_T_INT },
	{ "signed", LT_T_INT },
	{ "signed int", LT_T_INT },
	{ "atomic_int", LT_T_INT },
	{ "unsigned", LT_T_UINT32 },
	{ "unsigned int", LT_T_UINT32 },
	{ "char", LT_T_INT8 },
	{ "signed char", LT_T_INT8 },
	{ "unsigned char", LT_T_UINT8 },
	{ "short", LT_T_INT16 },
	{ "short int", LT_T_INT16 },
	{ "unsigned short", LT_T_UINT16 },
	{ "long", LT_T_INT64 },
	{ "long int", LT_T_INT64 },
	{ "long long", LT_T_INT64 },
	{ "atomic_long", LT_T_INT64 },
	{ "unsigned long", LT_T_UINT64 },
	{ "unsigned long long", LT_T_UINT64 },
	{ "int8_t", LT_T_INT8 },
	{ "uint8_t", LT_T_UINT8 },
	{ "int16_t", LT_T_INT16 },
	{ "uint16_t", LT_T_UINT16 },
	{ "int32_t", LT_T_INT32 },
	{ "uint32_t", LT_T_UINT32 },
	{ "int64_t", LT_T_INT64 },
	{ "uint64_t", LT_T_UINT64 },
	{ "intptr_t", LT_T_INT64 },
	{ "uintptr_t", LT_T_UINT64 },
	{ "size_t", LT_T_UINT64 },
};

/* The facts about t; an lt_type outside the table is a program bug. */
static const struct lt_type_info *type_info_of(enum lt_type t)
{
	for (size_t i = 0; i < ARRAY_SIZE(type_info); i++)
		if (type_info[i].t == t)
			return &type_info[i];
	lt_die("bad lt_type");
}

unsigned lt_type_size(enum lt_type t)
{
	return type_info_of(t)->size;
}

bool lt_type_signed(enum lt_type t)
{
	return type_info_of(t)->is_signed;
}

const char *lt_type_name(enum lt_type t)
{
	return type_info_of(t)->name;
}

struct lt_form lt_type_form(enum lt_type t)
{
	const struct lt_type_info *ti = type_info_of(t);

	return (struct lt_form){ .bits = ti->size * 8, .is_signed = ti->is_signed };
}

int64_t lt_form_reduce(struct lt_form f, int64_t i)
{
	unsigned sh;

	if (f.bits == 0 || f.bits >= 64)
		return i;
	sh = 64 - f.bits;
	if (f.is_signed)
		return (int64_t)((uint64_t)i << sh) >> sh;
	return (int64_t)((uint64_t)i & (UINT64_MAX >> sh));
}

bool lt_form_fits(struct lt_form f, int64_t i)
{
	if (f.bits == 0 || f.bits >= 64)
		return true;
	/* herd accepts both readings of a bit pattern: -1 and 0xff for a byte. */
	return i >= -((int64_t)1 << (f.bits - 1)) && i < ((int64_t)1 << f.bits);
}

int lt_form_cmp(struct lt_form f, int64_t a, int64_t b)
{
	if (a == b)
		return 0;
	if (f.is_signed)
		return a < b ? -1 : 1;
	return (uint64_t)a < (uint64_t)b ? -1 : 1;
}

const char *lt_form_str(struct lt_form f, int64_t i, char *buf, size_t len)
{
	if (f.is_signed)
		snprintf(buf, len, "%" PRId64, i);
	else
		snprintf(buf, len, "%" PRIu64, (uint64_t)i);
	return buf;
}

int lt_type_parse(const char *s, enum lt_type *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(type_alias); i++) {
		if (strcmp(s, type_alias[i].name) == 0) {
			*out = type_alias[i].t;
			return 0;
		}
	}
	return -1;
}

void lt_error_set(struct lt_error *err, const char *file, struct lt_pos pos,
		  const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->pos = pos;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

/* Make room for element n (0-based) of an array grown by doubling. */
static void *grow(void *arr, int n, size_t elem)
{
	if (n == 0)
		return lt_xmalloc(elem);
	if ((n & (n - 1)) == 0)
		return lt_xrealloc(arr, (size_t)n * 2 * elem);
	return arr;
}

int lt_test_find_loc(const struct lt_test *t, const char *name)
{
	int i;

	for (i = 0; i < t->nlocs; i++)
		if (strcmp(t->locs[i].name, name) == 0)
			return i;
	return -1;
}

int lt_test_find_reg(const struct lt_test *t, int thread, const char *name)
{
	int i;

	for (i = 0; i < t->nregs; i++)
		if (t->regs[i].thread == thread &&
		    strcmp(t->regs[i].name, name) == 0)
			return i;
	return -1;
}

int lt_test_add_loc(struct lt_test *t, const char *name)
{
	struct lt_loc *l;
	int i = lt_test_find_loc(t, name);

	if (i >= 0)
		return i;
	t->locs = grow(t->locs, t->nlocs, sizeof(*t->locs));
	l = &t->locs[t->nlocs];
	memset(l, 0, sizeof(*l));
	l->name = lt_xstrdup(name);
	l->type = LT_T_INT;	/* herd's default for an undeclared location */
	return t->nlocs++;
}

int lt_test_add_reg(struct lt_test *t, int thread, const char *name)
{
	struct lt_reg *r;
	int i = lt_test_find_reg(t, thread, name);

	if (i >= 0)
		return i;
	t->regs = grow(t->regs, t->nregs, sizeof(*t->regs));
	r = &t->regs[t->nregs];
	memset(r, 0, sizeof(*r));
	r->thread = thread;
	r->name = lt_xstrdup(name);
	/*
	 * Registers are machine words; what an outcome records of an
	 * undeclared one is herd's int (lt_var_form, type_given).
	 */
	r->type = LT_T_INT64;
	return t->nregs++;
}

void lt_test_add_subst(struct lt_test *t, const char *insn, const char *as)
{
	t->subst = grow(t->subst, t->nsubst, sizeof(*t->subst));
	t->subst[t->nsubst].insn = lt_xstrdup(insn);
	t->subst[t->nsubst].as = lt_xstrdup(as);
	t->nsubst++;
}

int lt_test_observed_index(const struct lt_test *t, struct lt_var v)
{
	int i;

	for (i = 0; i < t->nrecorded; i++)
		if (t->observed[i].is_loc == v.is_loc &&
		    t->observed[i].idx == v.idx)
			return i;
	return -1;
}

struct lt_form lt_var_form(const struct lt_test *t, struct lt_var v)
{
	const struct lt_reg *r;

	if (v.is_loc)
		return lt_type_form(t->locs[v.idx].type);
	r = &t->regs[v.idx];
	/* An address's register (0:X1=x) is as wide as a pointer. */
	if (r->type_given || r->type == LT_T_PTR)
		return lt_type_form(r->type);
	return lt_type_form(LT_T_INT);
}

struct lt_value lt_var_canon(const struct lt_test *t, struct lt_var var,
			     struct lt_value v)
{
	if (!v.is_sym)
		v.i = lt_form_reduce(lt_var_form(t, var), v.i);
	return v;
}

void lt_test_canon_row(const struct lt_test *t, struct lt_value *vals)
{
	for (int k = 0; k < t->nrecorded; k++)
		vals[k] = lt_var_canon(t, t->observed[k], vals[k]);
}

const char *lt_var_value_str(const struct lt_test *t, struct lt_var var,
			     const struct lt_value *v, char *buf, size_t len)
{
	if (v->is_sym) {
		snprintf(buf, len, "%s", t->locs[v->loc].name);
		return buf;
	}
	return lt_form_str(lt_var_form(t, var), v->i, buf, len);
}

static bool value_eq(struct lt_value a, struct lt_value b)
{
	if (a.is_sym != b.is_sym)
		return false;
	return a.is_sym ? a.loc == b.loc : a.i == b.i;
}

bool lt_cond_eval(const struct lt_test *t, const struct lt_cond *c,
		  const struct lt_value *vals)
{
	int k;

	/*
	 * The parser builds /\, \/ and => chains leaning right, so walking
	 * the right operand in this loop keeps the recursion as deep as the
	 * parenthesis nesting, which the parser bounds.
	 */
	for (;;) {
		switch (c->op) {
		case LT_C_TRUE:
			return true;
		case LT_C_FALSE:
			return false;
		case LT_C_ATOM:
			k = lt_test_observed_index(t, c->var);
			/* The parser puts every condition variable in observed. */
			if (k < 0)
				lt_die("condition variable not observed");
			/*
			 * The constant as the observable reads it: 4294967295
			 * is -1 to a 32-bit signed register, as in herd.
			 */
			if (c->rhs_var) {
				int k2 = lt_test_observed_index(t, c->var2);

				if (k2 < 0)
					lt_die("condition variable not observed");
				/* each value in its observable's form, as herd */
				return value_eq(vals[k], vals[k2]) != c->neq;
			}
			return value_eq(vals[k], lt_var_canon(t, c->var, c->val)) !=
			       c->neq;
		case LT_C_NOT:
			return !lt_cond_eval(t, c->l, vals);
		case LT_C_AND:
			if (!lt_cond_eval(t, c->l, vals))
				return false;
			break;
		case LT_C_OR:
			if (lt_cond_eval(t, c->l, vals))
				return true;
			break;
		case LT_C_IMPLIES:
			if (!lt_cond_eval(t, c->l, vals))
				return true;
			break;
		default:
			lt_die("bad condition op");
		}
		c = c->r;
	}
}

void lt_var_name(const struct lt_test *t, struct lt_var v, char *buf, size_t len)
{
	if (v.is_loc)
		snprintf(buf, len, "%s", t->locs[v.idx].name);
	else
		snprintf(buf, len, "%d:%s", t->regs[v.idx].thread,
			 t->regs[v.idx].name);
}

/* ------------------------------------------------------------------ */
/* A condition as text                                                */
/* ------------------------------------------------------------------ */

enum prec { P_TOP, P_AND, P_OR, P_IMPLIES };

/* constrGen.ml is_paren: which operator needs parentheses under which. */
static bool paren(enum prec above, enum prec here)
{
	switch (above) {
	case P_TOP:
		return false;
	case P_IMPLIES:
		return here != P_IMPLIES;
	case P_AND:
		return here != P_AND;
	case P_OR:
		return here == P_IMPLIES;
	}
	return false;
}

struct cond_fmt {
	lt_cond_atom_fn *atom;
	void *ctx;
	struct lt_buf *out;
};

static void put_prop(const struct cond_fmt *f, const struct lt_cond *c, enum prec above);

/* A /\ or \/ chain, flattened as herd's And/Or lists are. */
static void put_chain(const struct cond_fmt *f, const struct lt_cond *c,
		      enum lt_cop op, enum prec prec, bool *first)
{
	if (c->op == op) {
		put_chain(f, c->l, op, prec, first);
		put_chain(f, c->r, op, prec, first);
		return;
	}
	if (!*first)
		lt_buf_puts(f->out, op == LT_C_AND ? " /\\ " : " \\/ ");
	*first = false;
	put_prop(f, c, prec);
}

static void put_prop(const struct cond_fmt *f, const struct lt_cond *c, enum prec above)
{
	enum prec here;
	bool first = true;

	switch (c->op) {
	case LT_C_TRUE:
		lt_buf_puts(f->out, "true");
		return;
	case LT_C_FALSE:
		lt_buf_puts(f->out, "false");
		return;
	case LT_C_ATOM:
		f->atom(c, f->ctx, f->out);
		return;
	case LT_C_NOT:
		lt_buf_puts(f->out, "not (");
		put_prop(f, c->l, P_TOP);
		lt_buf_putc(f->out, ')');
		return;
	case LT_C_AND:
	case LT_C_OR:
	case LT_C_IMPLIES:
		break;
	}
	here = c->op == LT_C_AND ? P_AND : c->op == LT_C_OR ? P_OR : P_IMPLIES;
	if (paren(above, here))
		lt_buf_putc(f->out, '(');
	if (c->op == LT_C_IMPLIES) {
		put_prop(f, c->l, P_IMPLIES);
		lt_buf_puts(f->out, " => ");
		put_prop(f, c->r, P_IMPLIES);
	} else {
		put_chain(f, c, c->op, here, &first);
	}
	if (paren(above, here))
		lt_buf_putc(f->out, ')');
}

void lt_cond_format(const struct lt_cond *c, lt_cond_atom_fn *atom, void *ctx,
		    struct lt_buf *out)
{
	const struct cond_fmt f = { .atom = atom, .ctx = ctx, .out = out };

	put_prop(&f, c, P_TOP);
}

void lt_cond_free(struct lt_cond *c)
{
	while (c) {
		struct lt_cond *r = c->r;

		lt_cond_free(c->l);
		free(c);
		c = r;
	}
}

void lt_test_free(struct lt_test *t)
{
	int i, j, k;

	if (!t)
		return;
	free(t->file);
	free(t->arch_name);
	free(t->name);
	free(t->doc);
	for (i = 0; i < t->nmeta; i++) {
		free(t->meta[i].key);
		free(t->meta[i].value);
	}
	free(t->meta);
	for (i = 0; i < t->nlocs; i++)
		free(t->locs[i].name);
	free(t->locs);
	for (i = 0; i < t->nregs; i++)
		free(t->regs[i].name);
	free(t->regs);
	for (i = 0; i < t->nthreads; i++) {
		struct lt_thread *th = &t->threads[i];

		for (j = 0; j < th->ninsns; j++) {
			struct lt_insn *in = &th->insns[j];

			free(in->label);
			free(in->text);
			for (k = 0; k < LT_MAX_OPERANDS; k++)
				free(in->ops[k].name);
		}
		free(th->insns);
		free(th->params);
		free(th->body);
	}
	free(t->threads);
	free(t->extra);
	lt_cond_free(t->filter);
	lt_cond_free(t->cond);
	free(t->cond_text);
	free(t->observed);
	for (i = 0; i < t->nsubst; i++) {
		free(t->subst[i].insn);
		free(t->subst[i].as);
	}
	free(t->subst);
	free(t);
}

const char *lt_quote(const char *s, size_t n, char *buf, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 5 < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f) {
			buf[o++] = (char)c;
		} else {
			snprintf(buf + o, len - o, "\\x%02x", c);
			o += 4;
		}
	}
	if (i < n && o + 4 < len) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}
