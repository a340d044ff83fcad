/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: C tests under the RC11 model (src/model/rc11.c) through the C
 * front end (arch/c/sem.c): the classic shapes with each memory order,
 * release sequences, fences, RMW atomicity, data races, and clean refusals.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/parse.h"
#include "model/model.h"
#include "util/buf.h"
#include "check-util.h"

struct res {
	enum lt_verdict verdict;
	bool race;
	int nstates;
};

/* Judge src with model (NULL: the C tests' default, c11). */
static struct res run_as(const char *src, const char *model)
{
	struct lt_test *t = NULL;
	struct lt_model_result m;
	struct lt_error err;
	struct res r;
	int rc = litmus_parse_string(src, strlen(src), "t.litmus", &t, &err);

	ck_assert_msg(rc == 0, "parse failed: %d:%d: %s", err.pos.line,
		      err.pos.col, err.msg);
	rc = model_allowed_states(t, model, &m, &err);
	ck_assert_msg(rc == 0, "model failed: %d:%d: %s", err.pos.line,
		      err.pos.col, err.msg);
	ck_assert_str_eq(m.model, model ? model : "c11");
	ck_assert(m.races_checked);
	r.verdict = m.verdict;
	r.race = m.data_race;
	r.nstates = m.nstates;
	model_result_free(&m);
	lt_test_free(t);
	return r;
}

static struct res run(const char *src)
{
	return run_as(src, NULL);
}

static void expect(const char *src, enum lt_verdict v, bool race)
{
	struct res r = run(src);

	ck_assert_msg(r.verdict == v, "verdict %s, want %s",
		      model_verdict_name(r.verdict), model_verdict_name(v));
	ck_assert_msg(r.race == race, "data_race %d, want %d", r.race, race);
}

/* Message passing; W and R are the flag's orders, D the data's accesses. */
#define MP(wflag, rflag)						\
	"C MP\n{ }\n"							\
	"P0(atomic_int *x, atomic_int *y)\n{\n"				\
	"\tatomic_store_explicit(x, 1, memory_order_relaxed);\n"	\
	"\tatomic_store_explicit(y, 1, " wflag ");\n}\n"		\
	"P1(atomic_int *x, atomic_int *y)\n{\n"				\
	"\tint r0 = atomic_load_explicit(y, " rflag ");\n"		\
	"\tint r1 = atomic_load_explicit(x, memory_order_relaxed);\n}\n" \
	"exists (1:r0=1 /\\ 1:r1=0)\n"

START_TEST(mp_orders)
{
	expect(MP("memory_order_release", "memory_order_acquire"), LT_VERDICT_FORBIDDEN, false);
	expect(MP("memory_order_seq_cst", "memory_order_seq_cst"), LT_VERDICT_FORBIDDEN, false);
	/* consume is taken as acquire */
	expect(MP("memory_order_release", "memory_order_consume"), LT_VERDICT_FORBIDDEN, false);
	expect(MP("memory_order_seq_cst", "memory_order_acquire"), LT_VERDICT_FORBIDDEN, false);
	expect(MP("memory_order_relaxed", "memory_order_relaxed"), LT_VERDICT_ALLOWED, false);
	expect(MP("memory_order_release", "memory_order_relaxed"), LT_VERDICT_ALLOWED, false);
	expect(MP("memory_order_relaxed", "memory_order_acquire"), LT_VERDICT_ALLOWED, false);
}
END_TEST

#define SB(order, fence)						\
	"C SB\n{ atomic_int x = 0; atomic_int y = 0; }\n"		\
	"P0(atomic_int *x, atomic_int *y)\n{\n"				\
	"\tatomic_store_explicit(x, 1, " order ");\n" fence		\
	"\tint r0 = atomic_load_explicit(y, " order ");\n}\n"		\
	"P1(atomic_int *x, atomic_int *y)\n{\n"				\
	"\tatomic_store_explicit(y, 1, " order ");\n" fence		\
	"\tint r0 = atomic_load_explicit(x, " order ");\n}\n"		\
	"exists (0:r0=0 /\\ 1:r0=0)\n"

START_TEST(sb_orders_and_fences)
{
	expect(SB("memory_order_seq_cst", ""), LT_VERDICT_FORBIDDEN, false);
	expect(SB("memory_order_relaxed", ""), LT_VERDICT_ALLOWED, false);
	expect(SB("memory_order_relaxed",
		  "\tatomic_thread_fence(memory_order_seq_cst);\n"),
	       LT_VERDICT_FORBIDDEN, false);
	/* acq_rel fences do not restore SC */
	expect(SB("memory_order_relaxed",
		  "\tatomic_thread_fence(memory_order_acq_rel);\n"),
	       LT_VERDICT_ALLOWED, false);
	/* the non-explicit forms are seq_cst */
	expect("C SB\n{ }\n"
	       "P0(atomic_int *x, atomic_int *y)\n{ atomic_store(x, 1); int r0 = atomic_load(y); }\n"
	       "P1(atomic_int *x, atomic_int *y)\n{ atomic_store(y, 1); int r0 = atomic_load(x); }\n"
	       "exists (0:r0=0 /\\ 1:r0=0)\n", LT_VERDICT_FORBIDDEN, false);
}
END_TEST

/*
 * LB with relaxed atomics: allowed by c11 (as by the C standard, and shown
 * by Arm and POWER for the standard compilation), forbidden by rc11's
 * no-thin-air axiom (acyclic sb | rf).
 */
#define LB_RELAXED							\
	"C LB\n{ }\n"							\
	"P0(atomic_int *x, atomic_int *y)\n{\n"				\
	"\tint r0 = atomic_load_explicit(x, memory_order_relaxed);\n"	\
	"\tatomic_store_explicit(y, 1, memory_order_relaxed);\n}\n"	\
	"P1(atomic_int *x, atomic_int *y)\n{\n"				\
	"\tint r0 = atomic_load_explicit(y, memory_order_relaxed);\n"	\
	"\tatomic_store_explicit(x, 1, memory_order_relaxed);\n}\n"	\
	"exists (0:r0=1 /\\ 1:r0=1)\n"

START_TEST(lb_relaxed)
{
	expect(LB_RELAXED, LT_VERDICT_ALLOWED, false);
	ck_assert_int_eq(run_as(LB_RELAXED, "rc11").verdict, LT_VERDICT_FORBIDDEN);
}
END_TEST

#define IRIW(w, r)							\
	"C IRIW\n{ }\n"							\
	"P0(atomic_int *x)\n{ atomic_store_explicit(x, 1, " w "); }\n"	\
	"P1(atomic_int *x, atomic_int *y)\n{\n"				\
	"\tint r0 = atomic_load_explicit(x, " r ");\n"			\
	"\tint r1 = atomic_load_explicit(y, " r ");\n}\n"		\
	"P2(atomic_int *y)\n{ atomic_store_explicit(y, 1, " w "); }\n"	\
	"P3(atomic_int *x, atomic_int *y)\n{\n"				\
	"\tint r0 = atomic_load_explicit(y, " r ");\n"			\
	"\tint r1 = atomic_load_explicit(x, " r ");\n}\n"		\
	"exists (1:r0=1 /\\ 1:r1=0 /\\ 3:r0=1 /\\ 3:r1=0)\n"

START_TEST(iriw)
{
	expect(IRIW("memory_order_seq_cst", "memory_order_seq_cst"), LT_VERDICT_FORBIDDEN, false);
	expect(IRIW("memory_order_release", "memory_order_acquire"), LT_VERDICT_ALLOWED, false);
}
END_TEST

/* Two compare-and-exchanges from 0 cannot both succeed; nor can two fetch_adds both read 0. */
START_TEST(rmw_atomicity)
{
	expect("C CAS\n{ }\n"
	       "P0(atomic_int *c)\n{\n\tint e = 0;\n"
	       "\tint r0 = atomic_compare_exchange_strong_explicit(c, &e, 1, "
	       "memory_order_relaxed, memory_order_relaxed);\n}\n"
	       "P1(atomic_int *c)\n{\n\tint e = 0;\n"
	       "\tint r0 = atomic_compare_exchange_strong(c, &e, 1);\n}\n"
	       "exists (0:r0=1 /\\ 1:r0=1)\n", LT_VERDICT_FORBIDDEN, false);
	/* a failed CAS writes the value it saw to the expected local */
	expect("C CASfail\n{ c = 5; }\n"
	       "P0(atomic_int *c)\n{\n\tint e = 0;\n"
	       "\tint r0 = atomic_compare_exchange_weak(c, &e, 1);\n}\n"
	       "forall (0:r0=0 /\\ 0:e=5 /\\ c=5)\n", LT_VERDICT_REQUIRED, false);
	expect("C ADD\n{ }\n"
	       "P0(atomic_int *c)\n{ int r0 = atomic_fetch_add_explicit(c, 1, memory_order_relaxed); }\n"
	       "P1(atomic_int *c)\n{ int r0 = atomic_fetch_add(c, 1); }\n"
	       "exists (c=1)\n", LT_VERDICT_FORBIDDEN, false);
	expect("C XCHG\n{ }\n"
	       "P0(atomic_int *c)\n{ int r0 = atomic_exchange_explicit(c, 1, memory_order_relaxed); }\n"
	       "P1(atomic_int *c)\n{ int r0 = atomic_exchange(c, 2); }\n"
	       "exists (0:r0=0 /\\ 1:r0=0)\n", LT_VERDICT_FORBIDDEN, false);
	/* the retry loop of CAS+counter: unrolled as herd does, c always 2 */
	expect("C LOOP\n{ }\n"
	       "P0(atomic_int *c)\n{\n\tint r0 = atomic_load_explicit(c, memory_order_relaxed);\n"
	       "\twhile (!atomic_compare_exchange_weak_explicit(c, &r0, r0 + 1,"
	       " memory_order_relaxed, memory_order_relaxed))\n\t\t;\n}\n"
	       "P1(atomic_int *c)\n{\n\tint r0 = atomic_load(c);\n"
	       "\tdo { } while (!atomic_compare_exchange_strong(c, &r0, r0 + 1));\n}\n"
	       "forall (c=2)\n", LT_VERDICT_REQUIRED, false);
}
END_TEST

/* A relaxed RMW continues a release sequence (RC11's rs: (rf; rmw)*). */
START_TEST(release_sequence_and_fences)
{
	expect("C RS\n{ }\n"
	       "P0(int *x, atomic_int *y)\n{\n\t*x = 1;\n"
	       "\tatomic_store_explicit(y, 1, memory_order_release);\n}\n"
	       "P1(atomic_int *y)\n{ int r0 = atomic_fetch_add_explicit(y, 1, memory_order_relaxed); }\n"
	       "P2(int *x, atomic_int *y)\n{\n"
	       "\tint r0 = atomic_load_explicit(y, memory_order_acquire);\n"
	       "\tint r1 = 0;\n"
	       "\tif (r0 == 2) r1 = *x; else r1 = 7;\n}\n"
	       "exists (1:r0=1 /\\ 2:r0=2 /\\ 2:r1=0)\n", LT_VERDICT_FORBIDDEN, false);
	/*
	 * fence-to-fence synchronisation, kernel spelling, read as lt-c11.h
	 * runs it (a kernel test's default model is lkmm)
	 */
	ck_assert_int_eq(run_as("C MPF\n{ }\n"
	       "P0(int *x, int *y)\n{ WRITE_ONCE(*x, 1); smp_wmb(); WRITE_ONCE(*y, 1); }\n"
	       "P1(int *x, int *y)\n{ int r0 = READ_ONCE(*y); smp_rmb(); int r1 = READ_ONCE(*x); }\n"
	       "exists (1:r0=1 /\\ 1:r1=0)\n", "c11").verdict, LT_VERDICT_FORBIDDEN);
	expect("C MPF2\n{ }\n"
	       "P0(atomic_int *x, atomic_int *y)\n{\n"
	       "\tatomic_store_explicit(x, 1, memory_order_relaxed);\n"
	       "\tatomic_thread_fence(memory_order_release);\n"
	       "\tatomic_store_explicit(y, 1, memory_order_relaxed);\n}\n"
	       "P1(atomic_int *x, atomic_int *y)\n{\n"
	       "\tint r0 = atomic_load_explicit(y, memory_order_relaxed);\n"
	       "\tatomic_thread_fence(memory_order_relaxed);\n"
	       "\tint r1 = atomic_load_explicit(x, memory_order_relaxed);\n}\n"
	       "exists (1:r0=1 /\\ 1:r1=0)\n", LT_VERDICT_ALLOWED, false);
}
END_TEST

/*
 * Plain accesses: a race makes the program undefined (flagged), the
 * verdict still describes the consistent executions.  Reading the data
 * only once the flag is seen is race-free.
 */
START_TEST(data_races)
{
	expect("C MP\n{ }\n"
	       "P0(int *x, int *y)\n{ *x = 1; *y = 1; }\n"
	       "P1(int *x, int *y)\n{ int r0 = *y; int r1 = *x; }\n"
	       "exists (1:r0=1 /\\ 1:r1=0)\n", LT_VERDICT_ALLOWED, true);
	expect("C MPrace\n{ }\n"
	       "P0(int *x, atomic_int *y)\n{ *x = 1; atomic_store_explicit(y, 1, memory_order_release); }\n"
	       "P1(int *x, atomic_int *y)\n{ int r0 = atomic_load_explicit(y, memory_order_acquire); int r1 = *x; }\n"
	       "exists (1:r0=1 /\\ 1:r1=0)\n", LT_VERDICT_FORBIDDEN, true);
	expect("C MPguard\n{ }\n"
	       "P0(int *x, atomic_int *y)\n{ *x = 1; atomic_store_explicit(y, 1, memory_order_release); }\n"
	       "P1(int *x, atomic_int *y)\n{\n"
	       "\tint r0 = atomic_load_explicit(y, memory_order_acquire);\n\tint r1 = -1;\n"
	       "\tif (r0 != 0) { r1 = *x; }\n}\n"
	       "exists (1:r0=1 /\\ 1:r1=0)\n", LT_VERDICT_FORBIDDEN, false);
	/* a plain access to an atomic object is seq_cst: no race */
	expect("C SBplain\n{ }\n"
	       "P0(atomic_int *x, atomic_int *y)\n{ *x = 1; int r0 = *y; }\n"
	       "P1(atomic_int *x, atomic_int *y)\n{ *y = 1; int r0 = *x; }\n"
	       "exists (0:r0=0 /\\ 1:r0=0)\n", LT_VERDICT_FORBIDDEN, false);
}
END_TEST

/* Arithmetic and conditions on locals; negative values stay negative. */
START_TEST(locals_ok)
{
	struct res r = run("C ARITH\n{ x = -3; }\n"
			   "P0(int *x, int *y)\n{\n\tint r0 = *x;\n\tint r1 = (r0 + 5) ^ 3;\n"
			   "\tint r2 = r0 - 1, r3 = 0;\n\tr3 |= r1 & 6;\n"
			   "\tif (r0 != -3) { r3 = 9; } else if (r2 == -4) r3 += 10;\n"
			   "\t*y = -r3;\n}\n"
			   "forall (0:r0=-3 /\\ 0:r1=1 /\\ 0:r2=-4 /\\ 0:r3=10 /\\ y=-10)\n");

	ck_assert_int_eq(r.verdict, LT_VERDICT_REQUIRED);
	ck_assert_int_eq(r.nstates, 1);
	/* Locals named after types: after a type, the word before = ; or , is the name. */
	r = run("C TYPENAMES\n{ x = 4; }\n"
		"P0(int *x)\n{\n\tint bool = *x;\n\tunsigned int u32 = bool + 1, s8;\n"
		"\ts8 = u32 + 2;\n}\n"
		"forall (0:bool=4 /\\ 0:u32=5 /\\ 0:s8=7)\n");
	ck_assert_int_eq(r.verdict, LT_VERDICT_REQUIRED);
	ck_assert_int_eq(r.nstates, 1);
}
END_TEST

/* Outside the subset: a clean error at the construct, never a verdict. */
static void refused(const char *body, int line, int col, const char *what)
{
	struct lt_buf src = LT_BUF_INIT;
	struct lt_test *t = NULL;
	struct lt_model_result m;
	struct lt_error err;
	int rc;

	lt_buf_printf(&src, "C U\n{ }\nP0(int *x, int **p)\n{\n%s\n}\nexists (x=1)\n", body);
	rc = litmus_parse_string(src.s, src.len, "t.litmus", &t, &err);
	ck_assert_msg(rc == 0, "parse failed: %s", err.msg);
	rc = model_allowed_states(t, NULL, &m, &err);
	ck_assert_int_eq(rc, LT_EMODEL_UNSUPPORTED);
	ck_assert_msg(strstr(err.msg, "the model does not support") &&
		      strstr(err.msg, what), "message: %s", err.msg);
	ck_assert_int_eq(err.pos.line, line);
	ck_assert_int_eq(err.pos.col, col);
	lt_test_free(t);
	lt_buf_free(&src);
}

START_TEST(unsupported)
{
	refused("\tfor (;;) ;", 5, 2, "'for'");
	refused("\tint r0 = 0;\n\tfoo(x);", 6, 2, "calls to 'foo'");
	refused("\tint r0 = *(x + 1);", 5, 15, "'+' in a pointer expression");
	refused("\tint r0 = **p;", 5, 12, "'*' as a pointer");
	refused("\tint r0 = 1 && 2;", 5, 13, "'&&'");
	refused("\tint r0 = atomic_load_explicit(x, memory_order_release);", 5, 11,
		"release order");
	refused("\tspin_unlock_wait(x);", 5, 2, "calls to 'spin_unlock_wait'");
}
END_TEST

static Suite *c11_suite(void)
{
	Suite *s = suite_create("c11");
	TCase *tc = tcase_create("rc11");

	tcase_add_test(tc, mp_orders);
	tcase_add_test(tc, sb_orders_and_fences);
	tcase_add_test(tc, lb_relaxed);
	tcase_add_test(tc, iriw);
	tcase_add_test(tc, rmw_atomicity);
	tcase_add_test(tc, release_sequence_and_fences);
	tcase_add_test(tc, data_races);
	tcase_add_test(tc, locals_ok);
	tcase_add_test(tc, unsupported);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(c11_suite());
}
