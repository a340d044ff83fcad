/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: Go tests (arch/go) under the Go memory model
 * (src/model/go.c): the edges of go.dev/ref/mem one by one (atomics,
 * locks, wait groups, channels and their capacity, select's default), what
 * racy accesses may observe, the types of locals, and the parser's
 * positioned refusals.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/parse.h"
#include "model/model.h"

/* The verdict of src under its default model, which must be "go". */
static enum lt_verdict judge(const char *src, int *nstates)
{
	struct lt_test *t = NULL;
	struct lt_model_result m;
	struct lt_error err;
	enum lt_verdict v;
	int rc = litmus_parse_string(src, strlen(src), "t.litmus", &t, &err);

	ck_assert_msg(rc == 0, "parse failed: %d:%d: %s", err.pos.line,
		      err.pos.col, err.msg);
	rc = model_allowed_states(t, NULL, &m, &err);
	ck_assert_msg(rc == 0, "model failed: %d:%d: %s", err.pos.line,
		      err.pos.col, err.msg);
	ck_assert_str_eq(m.model, "go");
	v = m.verdict;
	if (nstates)
		*nstates = m.nstates;
	model_result_free(&m);
	lt_test_free(t);
	return v;
}

#define ALLOWED(src) ck_assert_int_eq(judge(src, NULL), LT_VERDICT_ALLOWED)
#define FORBIDDEN(src) ck_assert_int_eq(judge(src, NULL), LT_VERDICT_FORBIDDEN)

/* The parse of src fails at line:col with a message holding want. */
static void refused(const char *src, int line, int col, const char *want)
{
	struct lt_test *t = NULL;
	struct lt_error err;
	int rc = litmus_parse_string(src, strlen(src), "t.litmus", &t, &err);

	ck_assert_int_eq(rc, LT_EPARSE);
	ck_assert_msg(err.pos.line == line && err.pos.col == col,
		      "at %d:%d, want %d:%d: %s", err.pos.line, err.pos.col, line, col, err.msg);
	ck_assert_msg(strstr(err.msg, want), "'%s' lacks '%s'", err.msg, want);
}

/* Message passing of a plain a through a flag written by W, read by R. */
#define MP(decl, w, r)							\
	"Go MP\n{\n\tvar a int\n\t" decl "\n}\n"			\
	"P0() {\n\ta = 1\n\t" w "\n}\n"					\
	"P1() {\n\tvar r1 int = -1\n\tr0 := " r "\n"			\
	"\tif r0 == 1 {\n\t\tr1 = a\n\t}\n}\n"				\
	"exists (1:r0=1 /\\ 1:r1=0)\n"

START_TEST(mp_edges)
{
	ALLOWED(MP("var f int", "f = 1", "f"));
	FORBIDDEN(MP("var f atomic.Int32", "f.Store(1)", "f.Load()"));
	FORBIDDEN(MP("var f atomic.Int64", "f.Add(1)", "f.Load()"));
	FORBIDDEN(MP("var f atomic.Uint32", "f.Swap(1)", "f.Load()"));
	/* the flag's rf edge is from an atomic write: a CAS that succeeds */
	FORBIDDEN(MP("var f atomic.Int32", "f.CompareAndSwap(0, 1)", "f.Load()"));
}
END_TEST

START_TEST(locks_and_groups)
{
	FORBIDDEN("Go L\n{\n\tvar a int\n\tvar b int\n\tvar mu sync.Mutex\n}\n"
		  "P0() {\n\tmu.Lock()\n\ta = 1\n\tb = 1\n\tmu.Unlock()\n}\n"
		  "P1() {\n\tmu.Lock()\n\tr0 := b\n\tr1 := a\n\tmu.Unlock()\n}\n"
		  "exists (1:r0=1 /\\ 1:r1=0)\n");
	/* without the reader's lock, nothing orders its reads */
	ALLOWED("Go L\n{\n\tvar a int\n\tvar b int\n\tvar mu sync.Mutex\n}\n"
		"P0() {\n\tmu.Lock()\n\ta = 1\n\tb = 1\n\tmu.Unlock()\n}\n"
		"P1() {\n\tr0 := b\n\tr1 := a\n}\n"
		"exists (1:r0=1 /\\ 1:r1=0)\n");
	FORBIDDEN("Go T\n{\n\tvar mu sync.Mutex\n}\n"
		  "P0() {\n\tok := mu.TryLock()\n}\nP1() {\n\tok := mu.TryLock()\n}\n"
		  "exists (0:ok=1 /\\ 1:ok=1)\n");
	ALLOWED("Go T\n{\n\tvar mu sync.Mutex\n}\n"
		"P0() {\n\tok := mu.TryLock()\n}\nP1() {\n\tok := mu.TryLock()\n}\n"
		"exists (0:ok=1 /\\ 1:ok=0)\n");
	FORBIDDEN("Go W\n{\n\tvar a int\n\tvar wg sync.WaitGroup = 1\n}\n"
		  "P0() {\n\ta = 1\n\twg.Done()\n}\nP1() {\n\twg.Wait()\n\tr0 := a\n}\n"
		  "exists (1:r0=0)\n");
	/* a second Add keeps Wait waiting for both Dones */
	FORBIDDEN("Go W\n{\n\tvar a int\n\tvar wg sync.WaitGroup = 1\n}\n"
		  "P0() {\n\twg.Add(1)\n\twg.Done()\n\ta = 1\n\twg.Done()\n}\n"
		  "P1() {\n\twg.Wait()\n\tr0 := a\n}\n"
		  "exists (1:r0=0)\n");
}
END_TEST

/* P0 writes a then receives; P1 sends n times then reads a. */
#define CAP(cap, sends)							\
	"Go C\n{\n\tvar a int\n\tvar c = make(chan int" cap ")\n}\n"	\
	"P0() {\n\ta = 1\n\t<-c\n}\n"					\
	"P1() {\n" sends "\tr0 := a\n}\n"				\
	"exists (1:r0=0)\n"

START_TEST(channels)
{
	/* the kth receive is before the (k+C)th send completes */
	FORBIDDEN(CAP("", "\tc <- 0\n"));
	ALLOWED(CAP(", 1", "\tc <- 0\n"));
	FORBIDDEN(CAP(", 1", "\tc <- 0\n\tc <- 0\n"));
	ALLOWED(CAP(", 2", "\tc <- 0\n\tc <- 0\n"));
	FORBIDDEN(CAP(", 2", "\tc <- 0\n\tc <- 0\n\tc <- 0\n"));
	/* a send is before the receive that takes it */
	FORBIDDEN("Go C\n{\n\tvar a int\n\tvar c = make(chan int, 3)\n}\n"
		  "P0() {\n\ta = 1\n\tc <- 5\n}\nP1() {\n\tr1 := <-c\n\tr0 := a\n}\n"
		  "exists (1:r0=0 \\/ 1:r1=0)\n");
	/* select's default only when the case would block */
	FORBIDDEN("Go S\n{\n\tvar c = make(chan int, 1)\n}\n"
		  "P0() {\n\tvar r int\n\tc <- 0\n\tselect {\n\tcase <-c:\n\t\tr = 1\n"
		  "\tdefault:\n\t\tr = 2\n\t}\n}\nexists (0:r=2)\n");
	ALLOWED("Go S\n{\n\tvar c = make(chan int, 1)\n}\n"
		"P0() {\n\tvar r int\n\tselect {\n\tcase <-c:\n\t\tr = 1\n"
		"\tdefault:\n\t\tr = 2\n\t}\n}\nP1() {\n\tc <- 0\n}\nexists (0:r=2)\n");
}
END_TEST

START_TEST(racy_reads)
{
	/* no coherence promised between racy reads */
	ALLOWED("Go R\n{\n\tvar x int\n}\nP0() {\n\tx = 1\n}\n"
		"P1() {\n\tr0 := x\n\tr1 := x\n}\nexists (1:r0=1 /\\ 1:r1=0)\n");
	/* but not a write overwritten in happens-before */
	FORBIDDEN("Go R\n{\n\tvar x int\n}\nP0() {\n\tx = 1\n\tx = 2\n\tr0 := x\n}\n"
		  "exists (0:r0=1)\n");
	FORBIDDEN("Go R\n{\n\tvar x int\n}\nP0() {\n\tx = 1\n\tr0 := x\n}\n"
		  "exists (0:r0=0)\n");
	ALLOWED("Go LB\n{\n\tvar x int\n\tvar y int\n}\n"
		"P0() {\n\tr0 := x\n\ty = 1\n}\nP1() {\n\tr0 := y\n\tx = 1\n}\n"
		"exists (0:r0=1 /\\ 1:r0=1)\n");
	/* no thin air */
	FORBIDDEN("Go LB\n{\n\tvar x int\n\tvar y int\n}\n"
		  "P0() {\n\tr0 := x\n\ty = r0\n}\nP1() {\n\tr0 := y\n\tx = r0 + 1\n}\n"
		  "exists (0:r0=1 /\\ 1:r0=1)\n");
	ALLOWED("Go W\n{\n\tvar x int\n\tvar y int\n}\n"
		"P0() {\n\tx = 1\n\ty = 2\n}\nP1() {\n\ty = 1\n\tx = 2\n}\n"
		"exists (x=1 /\\ y=1)\n");
}
END_TEST

START_TEST(local_types)
{
	int n;

	/* an int32 local keeps its sign; x += on a shared int is two steps */
	ck_assert_int_eq(judge("Go T\n{\n\tvar y atomic.Int32 = -1\n}\n"
			       "P0() {\n\tr0 := y.Load()\n\tr1 := r0 - 1\n}\n"
			       "exists (0:r0=-1 /\\ 0:r1=-2)\n", &n), LT_VERDICT_ALLOWED);
	ck_assert_int_eq(n, 1);
	ALLOWED("Go T\n{\n\tvar c int\n}\nP0() {\n\tc += 2\n}\nP1() {\n\tc += 2\n}\n"
		"exists (c=2)\n");
}
END_TEST

START_TEST(refusals)
{
	refused("Go B\n{\n\tvar x float64\n}\nP0() {\n}\nexists (x=0)\n", 3, 8,
		"unknown type 'float64'");
	refused("Go B\n{\n\tvar x int\n}\nP0() {\n\tfor {\n\t}\n}\nexists (x=0)\n", 6, 2,
		"'for' is not supported");
	refused("Go B\n{\n\tvar c = make(chan int, 1)\n}\nP0() {\n\tselect {\n"
		"\tcase <-c:\n\tcase c <- 0:\n\t}\n}\nexists (0:r=0)\n", 8, 2,
		"more than one case");
	refused("Go B\n{\n\tvar c = make(chan int)\n}\nP0() {\n\tselect {\n"
		"\tcase <-c:\n\tdefault:\n\t}\n}\nexists (0:r=0)\n", 6, 2,
		"unbuffered channel");
	refused("Go B\n{\n\tvar c = make(chan int, 1)\n\tvar x int\n}\n"
		"P0() {\n\tc <- x\n}\nexists (x=0)\n", 7, 7, "a send sends a constant");
	refused("Go B\n{\n\tvar x int\n}\nP0() {\n\tr := 1 == 1 && x == 1\n}\n"
		"exists (x=0)\n", 6, 17, "the right of '&&' accesses memory");
	refused("Go B\n{\n\tvar x int\n}\nP0() {\n\tr := x\n\tif r {\n\t}\n}\n"
		"exists (x=0)\n", 7, 5, "an if takes a bool");
	refused("Go B\n{\n\tvar x int\n}\nP0() {\n\tx := 1\n}\nexists (x=0)\n", 6, 2,
		"would hide the shared variable");
	refused("Go B\n{\n\tvar mu sync.Mutex = 1\n}\nP0() {\n}\nexists (0:r=0)\n", 3, 22,
		"starts at its zero value");
}
END_TEST

static Suite *go_suite(void)
{
	Suite *s = suite_create("go");
	TCase *tc = tcase_create("go");

	tcase_add_test(tc, mp_edges);
	tcase_add_test(tc, locks_and_groups);
	tcase_add_test(tc, channels);
	tcase_add_test(tc, racy_reads);
	tcase_add_test(tc, local_types);
	tcase_add_test(tc, refusals);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(go_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
