/* SPDX-License-Identifier: MIT */
/*
 * C litmus tests: the parser's IR for valid tests in herd's and the kernel's
 * styles, positioned errors on bad ones (names, threads, conditions,
 * injection attempts), and the generated thread functions.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "gen/gen.h"
#include "litmus/arch-ops.h"
#include "litmus/parse.h"
#include "model/model.h"
#include "../../arch/c/lang.h"
#include "check-util.h"

static const char mp_rel_acq[] =
	"C MP+rel+acq\n"
	"{ *x = 0; *y = 0; }\n"
	"P0(int *x, atomic_int *y) { *x = 1; atomic_store_explicit(y, 1, memory_order_release); }\n"
	"P1(int *x, atomic_int *y) { int r0 = atomic_load_explicit(y, memory_order_acquire); int r1 = *x; }\n"
	"exists (1:r0=1 /\\ 1:r1=0)\n";

START_TEST(test_mp_rel_acq)
{
	struct lt_test *t = parse_ok(mp_rel_acq);
	char name[64];
	int r;

	ck_assert_str_eq(t->arch->name, "C");
	ck_assert_str_eq(t->arch->language, "C");
	ck_assert_ptr_nonnull(t->arch->parse_threads);
	ck_assert_str_eq(t->arch_name, "C");
	ck_assert_int_eq(t->nthreads, 2);
	ck_assert_str_eq(t->threads[0].params, "int *x, atomic_int *y");
	ck_assert_str_eq(t->threads[1].params, "int *x, atomic_int *y");
	ck_assert_ptr_nonnull(strstr(t->threads[0].body, "memory_order_release"));
	ck_assert_int_eq(t->threads[0].ninsns, 0);
	ck_assert_int_eq(t->nlocs, 2);
	ck_assert_int_eq(lt_test_find_loc(t, "x"), 0);
	ck_assert_int_eq(t->locs[1].type, LT_T_INT);
	/* The locals of P1 are its registers; P0 has none. */
	ck_assert_int_eq(t->nregs, 2);
	r = lt_test_find_reg(t, 1, "r1");
	ck_assert_int_ge(r, 0);
	ck_assert_int_eq(t->regs[r].type, LT_T_INT);
	ck_assert_int_eq(t->nobserved, 2);
	lt_var_name(t, t->observed[0], name, sizeof(name));
	ck_assert_str_eq(name, "1:r0");
	ck_assert_str_eq(t->cond_text, "exists (1:r0=1 /\\ 1:r1=0)");
	lt_test_free(t);
}
END_TEST

/* Every init style herd accepts, and C's own comments. */
START_TEST(test_init_styles)
{
	struct lt_test *t = parse_ok(
		"C init\n"
		"(* Result: Never *)\n"
		"{\n"
		"  int x = 1;             (* herd comment *)\n"
		"  atomic_int y = 2;\n"
		"  z = 3; *w = 4;\n"
		"  long v = -5;\n"
		"  int *p = x;            // a pointer location\n"
		"}\n"
		"P0(int *x, atomic_int *y, int *z, int *w, long *v, int **p)\n"
		"{\n"
		"	int r1 = READ_ONCE(*x), r2;  /* two locals, (*x) is code */\n"
		"	int *r3 = READ_ONCE(*p);\n"
		"	if (r1) { int hidden = 1; WRITE_ONCE(*z, hidden); }\n"
		"	r2 = (*y);\n"
		"}\n"
		"locations [0:r3]\n"
		"exists (0:r1=1 /\\ 0:r2=2) (* trailing *)\n");
	int l;

	ck_assert_int_eq(t->expect, LT_EXPECT_FORBIDDEN);
	ck_assert_int_eq(t->nlocs, 6);
	l = lt_test_find_loc(t, "v");
	ck_assert_int_eq(t->locs[l].type, LT_T_INT64);
	ck_assert_int_eq(t->locs[l].init.i, -5);
	l = lt_test_find_loc(t, "w");
	ck_assert_int_eq(t->locs[l].init.i, 4);
	l = lt_test_find_loc(t, "p");
	ck_assert_int_eq(t->locs[l].type, LT_T_PTR);
	ck_assert(t->locs[l].init.is_sym);
	ck_assert_str_eq(t->threads[0].params,
			 "int *x, atomic_int *y, int *z, int *w, long *v, int **p");
	/* Every local, as herd has them: "hidden", of a nested block, too. */
	ck_assert_int_eq(t->nregs, 4);
	ck_assert(t->regs[lt_test_find_reg(t, 0, "hidden")].scoped);
	ck_assert(!t->regs[lt_test_find_reg(t, 0, "r1")].scoped);
	ck_assert_int_eq(t->regs[lt_test_find_reg(t, 0, "r3")].type, LT_T_PTR);
	ck_assert_ptr_nonnull(strstr(t->threads[0].body, "r2 = (*y);"));
	ck_assert_ptr_null(strstr(t->threads[0].body, "two locals"));
	ck_assert_int_eq(t->nobserved, 3);
	lt_test_free(t);
}
END_TEST

START_TEST(test_bad_names)
{
	bad("C t\n{ }\nP0(int *lt_x) { }\nexists (true)\n", 3, 9,
	    "cannot name a location");
	bad("C t\n{ }\nP0(int *int) { }\nexists (true)\n", 3, 9,
	    "cannot name a location");
	bad("C t\n{ }\nP0(int *x-y) { }\nexists (true)\n", 3, 10,
	    "unexpected '-'");
	bad("C t\n{ }\nP0(int x) { }\nexists (true)\n", 3, 8,
	    "must be a pointer");
	bad("C t\n{ }\nP0(struct foo *x) { }\nexists (true)\n", 3, 4,
	    "unsupported parameter type");
	bad("C t\n{ int lt_out = 0; }\nP0(int *x) { }\nexists (true)\n", 2, 7,
	    "expected a location name");
	bad("C t\n{ }\nP0(int *x) { int lt_out = 1; }\nexists (true)\n", 3, 18,
	    "reserved for the harness");
	bad("C t\n{ }\nP0(int *x) { int r0 = *x; return; }\nexists (0:r0=0)\n", 3, 27,
	    "'return' in P0");
}
END_TEST

START_TEST(test_bad_threads)
{
	bad("C t\n{ }\nP0(int *x) { }\nP2(int *x) { }\nexists (true)\n", 4, 1,
	    "expected 'P1', found 'P2'");
	bad("C t\n{ x = 0; }\nexists (x=0)\n", 3, 1, "at least one thread");
	bad("C t\n{ }\nP0(int *x) { *x = 1;\nexists (true)\n", 3, 12,
	    "unterminated body of P0");
	bad("C t\n{ }\nP0(int *x) *x = 1;\nexists (true)\n", 3, 12,
	    "expected '{'");
	bad("C t\n{ 0:r0 = 1; 0:r0 = 2; }\nP0(int *x) { int r0; }\nexists (true)\n", 2, 13,
	    "r0 is initialised twice");
	bad("C t\n{ }\nP0(int *x) { /* open\n}\nexists (true)\n", 3, 14,
	    "unterminated comment");
	bad("C t\n{ int x = 0; }\nP0(long *x) { }\nexists (true)\n", 3, 4,
	    "another size");
}
END_TEST

START_TEST(test_bad_cond)
{
	/* A local that is not declared, one in a nested block, another thread's. */
	bad("C t\n{ }\nP0(int *x) { int r0 = *x; }\nexists (0:r9=0)\n", 4, 9,
	    "not a local variable declared at the top of P0");
	bad("C t\n{ }\nP0(int *x) { int r0 = *x; }\nP1(int *x) { }\nexists (1:r0=0)\n",
	    5, 9, "not a local variable");
	bad("C t\n{ }\nP0(int *x) { int r0 = *x; }\nexists (0:lt_out=0)\n", 4, 11,
	    "not a usable C register");
	bad("C t\n{ }\nP0(int *x) { int r0 = *x; }\nexists (y=0)\n", 4, 9,
	    "unknown location 'y'");
}
END_TEST

/*
 * Text that tries to escape its place: code smuggled through a parameter
 * list, a name, the condition.  Each is refused before any C is written.
 */
START_TEST(test_injection)
{
	bad("C t\n{ }\nP0(int *x); system(\"id\"); void f(int *y) { }\nexists (true)\n",
	    3, 11, "expected '{'");
	bad("C t\n{ }\nP0(int *x, int *y) { } void f(int *z) { }\nexists (true)\n",
	    3, 24, "expected a thread 'P1(...)");
	bad("C t\n{ }\nP0(int *x = 0) { }\nexists (true)\n", 3, 11,
	    "unexpected '='");
	bad("C t\n{ }\nP0(int *x, int *(y)) { }\nexists (true)\n", 3, 17,
	    "unexpected '('");
	bad("C t\n{ x\"; = 0; }\nP0(int *x) { }\nexists (true)\n", 2, 4,
	    "unexpected character");
	bad("C t\n{ }\nP0(int *x) { int r0; }\nexists (0:r0=0 /\\ 0:r0\\n=1)\n", 4, 23,
	    "unexpected character");
}
END_TEST

START_TEST(test_gen)
{
	struct lt_test *t = parse_ok(mp_rel_acq);
	struct lt_error err = { .msg = "" };
	struct lt_buf out = LT_BUF_INIT;

	ck_assert_int_eq(gen_kernel(t, &out, &err), 0);
	ck_assert_ptr_nonnull(strstr(out.s, "#include \"lt-c11.h\""));
	ck_assert_ptr_nonnull(strstr(out.s,
		"LT_C_THREAD void lt_c_thread_1(int *lt_v_x, atomic_int *lt_v_y, __lt_u64 *__lt_out)"));
	ck_assert_ptr_nonnull(strstr(out.s, " int lt_v_r1 = *lt_v_x; "));
	ck_assert_ptr_nonnull(strstr(out.s, "__lt_out[1] = (__lt_u64)(lt_v_r1);"));
	ck_assert_ptr_nonnull(strstr(out.s,
		"lt_c_thread_0((int *)lt_rt_cell(run, it, 0), (atomic_int *)lt_rt_cell(run, it, 1), run->out + i * 2);"));
	/* No asm kernel block: the compiler under test makes the code. */
	ck_assert_ptr_null(strstr(out.s, ".Llt_kernel"));
	lt_buf_free(&out);
	lt_test_free(t);

	/* herd's undeclared local is declared; a nested one cannot be stored. */
	t = parse_ok("C K\n{ }\nP0(int *x) { r0 = READ_ONCE(*x); }\nexists (0:r0=1)\n");
	ck_assert_int_eq(gen_kernel(t, &out, &err), 0);
	ck_assert_ptr_nonnull(strstr(out.s, "\tint lt_v_r0 = 0; lt_v_r0 = READ_ONCE(*lt_v_x);"));
	lt_buf_free(&out);
	lt_test_free(t);
	/*
	 * The test's names are prefixed, never a member's: no macro of the
	 * headers meets them (a location NULL, a local true).
	 */
	t = parse_ok("C K\n{ }\nP0(atomic_t *NULL) { int true = atomic_read(NULL); "
		     "int r1 = NULL->counter; int x1f = 0x1f + 1UL; }\nexists (0:true=1)\n");
	ck_assert_int_eq(gen_kernel(t, &out, &err), 0);
	ck_assert_ptr_nonnull(strstr(out.s, "lt_c_thread_0(atomic_t *lt_v_NULL, __lt_u64 *__lt_out)"));
	ck_assert_ptr_nonnull(strstr(out.s, " int lt_v_true = atomic_read(lt_v_NULL); "
				     "int lt_v_r1 = lt_v_NULL->counter; int lt_v_x1f = 0x1f + 1UL; "));
	lt_buf_free(&out);
	lt_test_free(t);
	t = parse_ok("C K\n{ }\nP0(int *x) { if (1) { int r0 = *x; } }\nexists (0:r0=1)\n");
	ck_assert_int_lt(gen_kernel(t, &out, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "'r0' is declared in a nested block"));
	lt_buf_free(&out);
	lt_test_free(t);
}
END_TEST

/*
 * C tests are judged by RC11 (c11), through the model's C front end; the
 * unguarded read of x races in the executions that miss the flag.
 */
START_TEST(test_model_judges)
{
	struct lt_test *t = parse_ok(mp_rel_acq);
	struct lt_model_result m;
	struct lt_error err = { .msg = "" };

	memset(&m, 0, sizeof(m));
	ck_assert_str_eq(model_default(t), "c11");
	ck_assert_int_eq(model_allowed_states(t, NULL, &m, &err), 0);
	ck_assert_int_eq(m.verdict, LT_VERDICT_FORBIDDEN);
	ck_assert(m.data_race);
	model_result_free(&m);
	/* sc applies to every arch, C included */
	ck_assert_int_eq(model_allowed_states(t, "sc", &m, &err), 0);
	ck_assert_int_eq(m.verdict, LT_VERDICT_FORBIDDEN);
	ck_assert(!m.races_checked);
	model_result_free(&m);
	lt_test_free(t);
}
END_TEST

START_TEST(test_helpers)
{
	enum lt_type ty;
	struct lt_cparam *p;
	int n;

	ck_assert(ctest_name_ok("r0", 2));
	ck_assert(!ctest_name_ok("0r", 2));
	ck_assert(!ctest_name_ok("while", 5));
	ck_assert(!ctest_name_ok("LT_X", 4));
	ck_assert_int_eq(ctest_type_parse("volatile atomic_long", &ty), 0);
	ck_assert_int_eq(ty, LT_T_INT64);
	ck_assert_int_eq(ctest_type_parse("unsigned long long", &ty), 0);
	ck_assert_int_eq(ty, LT_T_UINT64);
	ck_assert_int_lt(ctest_type_parse("float", &ty), 0);
	n = ctest_params_split("const int *x, int **p", &p);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(p[0].type, "const int");
	ck_assert_int_eq(p[0].stars, 1);
	ck_assert_str_eq(p[1].name, "p");
	ck_assert_int_eq(p[1].stars, 2);
	ctest_params_free(p, n);
}
END_TEST

/*
 * The C and Go lowerings' emitter: past LT_SEM_MAX_UOPS micro-ops an
 * instruction is an error at its statement, not an abort.
 */
START_TEST(test_emitter_bound)
{
	struct lt_test *t = parse_ok(mp_rel_acq);
	const struct lt_thread *thr = &t->threads[0];
	struct lt_sem_thread out = { 0 };
	struct ctest_em em = {
		.t = t, .out = &out, .s = thr->body, .n = strlen(thr->body),
		.body_pos = thr->body_pos, .temp0 = t->nregs, .label_pfx = "lt_c",
	};
	struct lt_error err = { 0 };
	int k;

	em.stmt_off = (size_t)(strstr(thr->body, "atomic_store") - thr->body);
	k = ctest_insn_new(&em);
	ck_assert_str_eq(out.thr.insns[k].text, "atomic_store_explicit(y, 1, memory_order_release)");
	for (int u = 0; u < LT_SEM_MAX_UOPS; u++)
		ctest_uop(&em, k, LT_UOP_MOV);
	ck_assert_int_eq(ctest_em_check(&em, &err), 0);
	ctest_uop(&em, k, LT_UOP_MOV);
	ck_assert_int_eq(out.sem[k].nuops, LT_SEM_MAX_UOPS);
	ck_assert_int_eq(ctest_em_check(&em, &err), -1);
	ck_assert_int_eq(err.pos.line, out.thr.insns[k].pos.line);
	ck_assert_int_eq(err.pos.col, out.thr.insns[k].pos.col);
	ck_assert_int_gt(err.pos.col, thr->body_pos.col);
	ck_assert_ptr_nonnull(strstr(err.msg, "more than 16 micro-ops"));
	lt_sem_thread_free(&out);
	lt_test_free(t);
}
END_TEST

static Suite *ctest_suite(void)
{
	Suite *s = suite_create("ctest");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_mp_rel_acq);
	tcase_add_test(tc, test_init_styles);
	tcase_add_test(tc, test_bad_names);
	tcase_add_test(tc, test_bad_threads);
	tcase_add_test(tc, test_bad_cond);
	tcase_add_test(tc, test_injection);
	tcase_add_test(tc, test_gen);
	tcase_add_test(tc, test_model_judges);
	tcase_add_test(tc, test_helpers);
	tcase_add_test(tc, test_emitter_bound);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(ctest_suite());
}
