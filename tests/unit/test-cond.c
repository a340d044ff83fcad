/* SPDX-License-Identifier: MIT */
/*
 * Condition evaluation and the IR helpers, on hand-built tests: truth
 * tables of every operator, symbolic values, names and types.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/ir.h"
#include "litmus/parse.h"
#include "util/buf.h"
#include "check-util.h"

/*
 * A test with registers 0:rax, 1:rbx and locations x, y, all observed in
 * that order: vals[0] = 0:rax, vals[1] = 1:rbx, vals[2] = x, vals[3] = y.
 */
static struct lt_test *mk_test(void)
{
	struct lt_test *t = lt_xcalloc(1, sizeof(*t));

	ck_assert_int_eq(lt_test_add_reg(t, 0, "rax"), 0);
	ck_assert_int_eq(lt_test_add_reg(t, 1, "rbx"), 1);
	ck_assert_int_eq(lt_test_add_loc(t, "x"), 0);
	ck_assert_int_eq(lt_test_add_loc(t, "y"), 1);
	t->nobserved = t->nrecorded = 4;
	t->observed = lt_xmalloc(4 * sizeof(*t->observed));
	t->observed[0] = (struct lt_var){ false, 0 };
	t->observed[1] = (struct lt_var){ false, 1 };
	t->observed[2] = (struct lt_var){ true, 0 };
	t->observed[3] = (struct lt_var){ true, 1 };
	return t;
}

static struct lt_cond *node(enum lt_cop op, struct lt_cond *l, struct lt_cond *r)
{
	struct lt_cond *c = lt_xcalloc(1, sizeof(*c));

	c->op = op;
	c->l = l;
	c->r = r;
	return c;
}

/* var == i (or != when neq); var: 0..3 as in mk_test. */
static struct lt_cond *atom(int var, int64_t i, bool neq)
{
	struct lt_cond *c = node(LT_C_ATOM, NULL, NULL);

	c->var = (struct lt_var){ var >= 2, var >= 2 ? var - 2 : var };
	c->val.i = i;
	c->neq = neq;
	return c;
}

static struct lt_cond *atom_sym(int var, int loc)
{
	struct lt_cond *c = atom(var, 0, false);

	c->val.is_sym = true;
	c->val.loc = loc;
	return c;
}

static void cond_free(struct lt_cond *c)
{
	if (!c)
		return;
	cond_free(c->l);
	cond_free(c->r);
	free(c);
}

static bool eval(const struct lt_test *t, const struct lt_cond *c,
		 int64_t a, int64_t b, int64_t x, int64_t y)
{
	struct lt_value v[4] = { { .i = a }, { .i = b }, { .i = x }, { .i = y } };

	return lt_cond_eval(t, c, v);
}

START_TEST(test_atoms)
{
	struct lt_test *t = mk_test();
	struct lt_cond *eq = atom(0, 1, false), *ne = atom(1, -1, true);
	struct lt_cond *lx = atom(2, 5, false), *tr = node(LT_C_TRUE, NULL, NULL);
	struct lt_cond *fa = node(LT_C_FALSE, NULL, NULL);

	ck_assert(eval(t, eq, 1, 0, 0, 0));
	ck_assert(!eval(t, eq, 2, 0, 0, 0));
	ck_assert(!eval(t, ne, 0, -1, 0, 0));
	ck_assert(eval(t, ne, 0, 1, 0, 0));
	ck_assert(eval(t, lx, 0, 0, 5, 0));
	ck_assert(!eval(t, lx, 0, 0, 0, 5));
	ck_assert(eval(t, tr, 0, 0, 0, 0));
	ck_assert(!eval(t, fa, 0, 0, 0, 0));
	cond_free(eq);
	cond_free(ne);
	cond_free(lx);
	cond_free(tr);
	cond_free(fa);
	lt_test_free(t);
}
END_TEST

/* "0:rax=1:rbx", "x!=0:rax": two observables compared, each in its form. */
START_TEST(test_var_var)
{
	struct lt_test *t = mk_test();
	struct lt_cond *rr = atom(0, 7, false), *xr = atom(2, 7, true);

	rr->rhs_var = true;
	rr->var2 = (struct lt_var){ false, 1 };
	xr->rhs_var = true;
	xr->var2 = (struct lt_var){ false, 0 };
	ck_assert(eval(t, rr, 3, 3, 0, 0));
	ck_assert(!eval(t, rr, 3, 4, 0, 0));
	ck_assert(!eval(t, rr, 7, 0, 0, 0));	/* the constant plays no part */
	ck_assert(eval(t, xr, 1, 0, 2, 0));
	ck_assert(!eval(t, xr, 2, 0, 2, 0));
	cond_free(rr);
	cond_free(xr);
	lt_test_free(t);
}
END_TEST

START_TEST(test_truth_tables)
{
	struct lt_test *t = mk_test();
	/* p: 0:rax=1, q: 1:rbx=1 */
	struct lt_cond *and = node(LT_C_AND, atom(0, 1, false), atom(1, 1, false));
	struct lt_cond *or = node(LT_C_OR, atom(0, 1, false), atom(1, 1, false));
	struct lt_cond *imp = node(LT_C_IMPLIES, atom(0, 1, false), atom(1, 1, false));
	struct lt_cond *not = node(LT_C_NOT, atom(0, 1, false), NULL);
	int p, q;

	for (p = 0; p <= 1; p++) {
		for (q = 0; q <= 1; q++) {
			ck_assert_int_eq(eval(t, and, p, q, 0, 0), p && q);
			ck_assert_int_eq(eval(t, or, p, q, 0, 0), p || q);
			ck_assert_int_eq(eval(t, imp, p, q, 0, 0), !p || q);
			ck_assert_int_eq(eval(t, not, p, q, 0, 0), !p);
		}
	}
	cond_free(and);
	cond_free(or);
	cond_free(imp);
	cond_free(not);
	lt_test_free(t);
}
END_TEST

START_TEST(test_nested)
{
	struct lt_test *t = mk_test();
	/* ~(x=1 /\ y=1) => (0:rax=0 \/ 1:rbx!=0) */
	struct lt_cond *c = node(LT_C_IMPLIES,
		node(LT_C_NOT, node(LT_C_AND, atom(2, 1, false), atom(3, 1, false)), NULL),
		node(LT_C_OR, atom(0, 0, false), atom(1, 0, true)));

	ck_assert(eval(t, c, 5, 0, 1, 1));	/* premise false */
	ck_assert(eval(t, c, 0, 0, 0, 1));
	ck_assert(eval(t, c, 7, 3, 0, 1));
	ck_assert(!eval(t, c, 7, 0, 0, 1));
	cond_free(c);
	lt_test_free(t);
}
END_TEST

/* An atom as "<name>=<value>" or "<name>!=<value>". */
static void put_atom(const struct lt_cond *c, void *ctx, struct lt_buf *out)
{
	static const char *const name[] = { "0:rax", "1:rbx" };
	const struct lt_test *t = ctx;

	lt_buf_printf(out, "%s%s%lld",
		      c->var.is_loc ? t->locs[c->var.idx].name : name[c->var.idx],
		      c->neq ? "!=" : "=", (long long)c->val.i);
}

/* herd's parentheses: only where an operator binds looser than its parent. */
START_TEST(test_format)
{
	struct lt_test *t = mk_test();
	struct lt_cond *c = node(LT_C_IMPLIES,
		node(LT_C_NOT, node(LT_C_AND, atom(2, 1, false), atom(3, 1, false)), NULL),
		node(LT_C_OR, atom(0, 0, false),
		     node(LT_C_AND, atom(1, 0, true),
			  node(LT_C_OR, atom(2, 2, false), node(LT_C_TRUE, NULL, NULL)))));
	struct lt_cond *chain = node(LT_C_AND, node(LT_C_AND, atom(0, 1, false), atom(1, 2, false)),
				     node(LT_C_IMPLIES, atom(2, 3, false), node(LT_C_FALSE, NULL, NULL)));
	struct lt_buf b = LT_BUF_INIT;

	lt_cond_format(c, put_atom, t, &b);
	ck_assert_str_eq(b.s, "not (x=1 /\\ y=1) => (0:rax=0 \\/ 1:rbx!=0 /\\ (x=2 \\/ true))");
	lt_buf_free(&b);
	lt_cond_format(chain, put_atom, t, &b);
	ck_assert_str_eq(b.s, "0:rax=1 /\\ 1:rbx=2 /\\ (x=3 => false)");
	lt_buf_free(&b);
	cond_free(c);
	cond_free(chain);
	lt_test_free(t);
}
END_TEST

START_TEST(test_symbolic)
{
	struct lt_test *t = mk_test();
	struct lt_cond *c = atom_sym(0, 1);	/* 0:rax=y */
	struct lt_cond *n = node(LT_C_NOT, atom_sym(0, 0), NULL);	/* ~0:rax=x */
	struct lt_value v[4] = { { .is_sym = true, .loc = 1 } };

	ck_assert(lt_cond_eval(t, c, v));
	ck_assert(lt_cond_eval(t, n, v));
	v[0].loc = 0;
	ck_assert(!lt_cond_eval(t, c, v));
	ck_assert(!lt_cond_eval(t, n, v));
	/* An address never equals an integer, whatever the integer. */
	v[0] = (struct lt_value){ .is_sym = false, .i = 1 };
	ck_assert(!lt_cond_eval(t, c, v));
	v[0] = (struct lt_value){ .is_sym = false, .i = 0 };
	ck_assert(!lt_cond_eval(t, c, v));
	cond_free(c);
	cond_free(n);
	lt_test_free(t);
}
END_TEST

START_TEST(test_helpers)
{
	struct lt_test *t = mk_test();
	char buf[32];
	enum lt_type ty;

	lt_var_name(t, (struct lt_var){ false, 1 }, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1:rbx");
	lt_var_name(t, (struct lt_var){ true, 1 }, buf, sizeof(buf));
	ck_assert_str_eq(buf, "y");
	ck_assert_int_eq(lt_test_observed_index(t, (struct lt_var){ true, 0 }), 2);
	ck_assert_int_eq(lt_test_observed_index(t, (struct lt_var){ false, 7 }), -1);
	ck_assert_int_eq(lt_test_find_reg(t, 1, "rbx"), 1);
	ck_assert_int_eq(lt_test_find_reg(t, 0, "rbx"), -1);
	ck_assert_int_eq(lt_test_add_reg(t, 1, "rbx"), 1);
	ck_assert_int_eq(lt_test_add_reg(t, 0, "rbx"), 2);
	ck_assert_int_eq(lt_test_find_loc(t, "y"), 1);
	ck_assert_int_eq(lt_test_find_loc(t, "z"), -1);
	ck_assert_int_eq(t->regs[2].type, LT_T_INT64);
	ck_assert_int_eq(t->locs[1].type, LT_T_INT);
	/* Growth past several doublings keeps earlier entries. */
	for (int i = 0; i < 100; i++) {
		snprintf(buf, sizeof(buf), "l%d", i);
		ck_assert_int_eq(lt_test_add_loc(t, buf), 2 + i);
	}
	ck_assert_str_eq(t->locs[0].name, "x");
	ck_assert_str_eq(t->locs[101].name, "l99");

	ck_assert_int_eq(lt_type_parse("int", &ty), 0);
	ck_assert_int_eq(ty, LT_T_INT);
	ck_assert_uint_eq(lt_type_size(ty), 4);
	ck_assert(lt_type_signed(ty));
	ck_assert_int_eq(lt_type_parse("uint64_t", &ty), 0);
	ck_assert_int_eq(ty, LT_T_UINT64);
	ck_assert(!lt_type_signed(ty));
	ck_assert_int_eq(lt_type_parse("char", &ty), 0);
	ck_assert_uint_eq(lt_type_size(ty), 1);
	ck_assert_int_eq(lt_type_parse("short", &ty), 0);
	ck_assert_int_eq(ty, LT_T_INT16);
	ck_assert_int_eq(lt_type_parse("long", &ty), 0);
	ck_assert_uint_eq(lt_type_size(ty), 8);
	ck_assert_int_eq(lt_type_parse("intptr_t", &ty), 0);
	ck_assert_uint_eq(lt_type_size(ty), 8);
	ck_assert_int_eq(lt_type_parse("int32_t", &ty), 0);
	ck_assert_str_eq(lt_type_name(ty), "int32_t");
	ck_assert_int_eq(lt_type_parse("float", &ty), -1);
	ck_assert_uint_eq(lt_type_size(LT_T_PTR), 8);
	ck_assert_str_eq(lt_type_name(LT_T_INT), "int");
	lt_test_free(t);
}
END_TEST

START_TEST(test_error_set)
{
	struct lt_error err;

	lt_error_set(&err, "f.litmus", (struct lt_pos){ 3, 4 }, "bad %s %d", "thing", 7);
	ck_assert_str_eq(err.file, "f.litmus");
	ck_assert_int_eq(err.pos.line, 3);
	ck_assert_int_eq(err.pos.col, 4);
	ck_assert_str_eq(err.msg, "bad thing 7");
	lt_error_set(NULL, "f", (struct lt_pos){ 0, 0 }, "ignored");
}
END_TEST

/* A parsed condition evaluated over outcomes in observed order. */
START_TEST(test_parsed)
{
	static const char src[] =
		"X86_64 SB\n{ }\n"
		" P0            | P1            ;\n"
		" movl $1,(x)   | movl $1,(y)   ;\n"
		" movl (y),%eax | movl (x),%eax ;\n"
		"exists (0:rax=0 /\\ 1:rax=0)\n";
	struct lt_test *t;
	struct lt_error err;
	struct lt_value v[2] = { { .i = 0 }, { .i = 0 } };

	ck_assert_int_eq(litmus_parse_string(src, strlen(src), "SB", &t, &err), 0);
	ck_assert(lt_cond_eval(t, t->cond, v));
	v[1].i = 1;
	ck_assert(!lt_cond_eval(t, t->cond, v));
	lt_test_free(t);
}
END_TEST

/*
 * herd's grammar over p = (0:rax=1), q = (1:rax=1): each condition's truth
 * table, bit 2*p+q, pins down negation, the constants and the precedences
 * (\/ loosest, then /\, then right-associative =>, then not/~).
 */
START_TEST(test_parsed_grammar)
{
	static const struct {
		const char *cond;
		unsigned table;
	} cases[] = {
		{ "not 0:rax=1", 0x3 },			/* !p */
		{ "~ ~0:rax=1", 0xc },			/* p */
		{ "true", 0xf },
		{ "false", 0x0 },
		{ "0:rax=1 => 1:rax=1", 0xb },		/* !p || q */
		{ "not 0:rax=1 /\\ 1:rax=1", 0x2 },	/* (!p) && q */
		{ "not (0:rax=1 /\\ 1:rax=1)", 0x7 },
		/* => binds tighter than /\ and \/ */
		{ "0:rax=0 /\\ 0:rax=1 => false", 0x3 },	/* !p, not true */
		{ "0:rax=1 \\/ 1:rax=1 => false", 0xd },	/* p || !q */
		{ "0:rax=1 => false /\\ 1:rax=1", 0x2 },	/* !p && q, not !p */
		/* and associates to the right */
		{ "0:rax=1 => 1:rax=1 => false", 0x7 },	/* !(p && q) */
		{ "(0:rax=1 => 1:rax=1) => false", 0x4 },	/* p && !q */
		{ "true \\/ false /\\ false", 0xf },
	};
	static const char head[] =
		"X86_64 SB\n{ }\n"
		" P0            | P1            ;\n"
		" movl $1,(x)   | movl $1,(y)   ;\n"
		" movl (y),%eax | movl (x),%eax ;\n"
		"locations [0:rax; 1:rax;]\n";
	char src[512];
	size_t i;
	int pq;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lt_test *t;
		struct lt_error err;

		snprintf(src, sizeof(src), "%sexists (%s)\n", head, cases[i].cond);
		ck_assert_msg(litmus_parse_string(src, strlen(src), "SB", &t, &err) == 0,
			      "%s: %d:%d: %s", cases[i].cond, err.pos.line, err.pos.col,
			      err.msg);
		ck_assert_int_eq(t->nobserved, 2);
		for (pq = 0; pq < 4; pq++) {
			struct lt_value v[2] = { { .i = pq >> 1 }, { .i = pq & 1 } };

			ck_assert_msg(lt_cond_eval(t, t->cond, v) == !!(cases[i].table >> pq & 1),
				      "%s with p=%d q=%d", cases[i].cond, pq >> 1, pq & 1);
		}
		lt_test_free(t);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cond");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_atoms);
	tcase_add_test(tc, test_var_var);
	tcase_add_test(tc, test_truth_tables);
	tcase_add_test(tc, test_nested);
	tcase_add_test(tc, test_symbolic);
	tcase_add_test(tc, test_helpers);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_error_set);
	tcase_add_test(tc, test_parsed);
	tcase_add_test(tc, test_parsed_grammar);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
