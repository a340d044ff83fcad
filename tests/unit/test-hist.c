/* SPDX-License-Identifier: MIT */
/* Unit tests: reading raw histograms back and classifying outcomes. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/parse.h"
#include "report/hist.h"
#include "check-util.h"

static const char sb_src[] =
	"X86_64 SB\n"
	"{ }\n"
	" P0            | P1            ;\n"
	" movl $1,(x)   | movl $1,(y)   ;\n"
	" movl (y),%eax | movl (x),%eax ;\n"
	"exists (0:rax=0 /\\ 1:rax=0)\n";

static const char sb_raw[] =
	"litmus-raw 1\n"
	"test SB\n"
	"threads 2\n"
	"pus 2\n"
	"pinning hwloc\n"
	"placement 0:0 1:1\n"
	"oversubscribed 0\n"
	"counters unavailable no PMU\n"
	"iterations 100\n"
	"elapsed 0.5\n"
	"state 40 0:rax=1 1:rax=0\n"
	"state 10 0:rax=0 1:rax=0\n"
	"state 30 0:rax=0 1:rax=1\n"
	"state 20 0:rax=1 1:rax=1\n"
	"end\n";

static struct lt_test *parse(const char *src)
{
	struct lt_test *t = NULL;
	struct lt_error err;
	int rc = litmus_parse_string(src, strlen(src), "t.litmus", &t, &err);

	ck_assert_msg(rc == 0, "parse failed: %d:%d: %s", err.pos.line,
		      err.pos.col, err.msg);
	return t;
}

START_TEST(raw_valid)
{
	struct lt_test *t = parse(sb_src);
	struct lt_result r = { 0 };
	char why[256];

	ck_assert_int_eq(hist_parse_raw(t, sb_raw, &r, why, sizeof(why)), 0);
	ck_assert_int_eq(r.nouts, 4);
	ck_assert_uint_eq(r.iterations, 100);
	ck_assert_int_eq(r.pus, 2);
	ck_assert_str_eq(r.pinning, "hwloc");
	/* The raw line before --counters, read as "unavailable: REASON". */
	ck_assert_str_eq(r.counters, "unavailable: no PMU");
	ck_assert_ptr_null(r.counter_values);
	ck_assert_int_eq(r.nplacement, 2);
	ck_assert_int_eq(r.placement[1].thread, 1);
	ck_assert_int_eq(r.placement[1].pu, 1);
	ck_assert(!r.oversubscribed);
	ck_assert_uint_eq(r.outs[1].count, 10);
	ck_assert_int_eq(r.outs[1].vals[0].i, 0);

	hist_classify(t, &r, LT_EXPECT_NONE, NULL);
	ck_assert_uint_eq(r.positive, 10);
	ck_assert_uint_eq(r.negative, 90);
	ck_assert_int_eq(r.observation, LT_OBS_SOMETIMES);
	ck_assert(r.validated);
	ck_assert_uint_eq(r.forbidden_observed, 0);
	for (int k = 0; k < r.nouts; k++)
		ck_assert_int_eq(r.outs[k].allowed, LT_UNKNOWN);

	hist_classify(t, &r, LT_EXPECT_FORBIDDEN, "kinds.txt");
	ck_assert_uint_eq(r.forbidden_observed, 10);
	ck_assert_str_eq(r.expect_source, "kinds.txt");
	ck_assert_int_eq(r.outs[1].allowed, LT_NO);
	ck_assert_int_eq(r.outs[0].allowed, LT_UNKNOWN);

	hist_classify(t, &r, LT_EXPECT_ALLOWED, "kinds.txt");
	ck_assert_uint_eq(r.forbidden_observed, 0);
	ck_assert_int_eq(r.outs[1].allowed, LT_YES);

	hist_sort(t, &r);
	ck_assert_int_eq(r.outs[0].vals[0].i, 0);
	ck_assert_int_eq(r.outs[0].vals[1].i, 0);
	ck_assert_int_eq(r.outs[3].vals[0].i, 1);
	ck_assert_int_eq(r.outs[3].vals[1].i, 1);
	lt_result_free(&r);
	lt_test_free(t);
}
END_TEST

static void expect_raw_error(const char *raw, const char *msg)
{
	struct lt_test *t = parse(sb_src);
	struct lt_result r = { 0 };
	char why[256] = "";

	ck_assert_int_eq(hist_parse_raw(t, raw, &r, why, sizeof(why)), -1);
	ck_assert_msg(strstr(why, msg), "'%s' lacks '%s'", why, msg);
	lt_result_free(&r);
	lt_test_free(t);
}

START_TEST(raw_invalid)
{
	expect_raw_error("", "no output");
	expect_raw_error("hello\n", "not litmus-raw");
	expect_raw_error("litmus-raw 2\n", "not litmus-raw");
	expect_raw_error("litmus-raw 1\niterations 5\nstate 5 0:rax=0 1:rax=0\n", "truncated");
	expect_raw_error("litmus-raw 1\niterations 6\nstate 5 0:rax=0 1:rax=0\nend\n",
			 "add up to 5");
	expect_raw_error("litmus-raw 1\niterations 5\nstate 5 0:rbx=0 1:rax=0\nend\n",
			 "observables");
	expect_raw_error("litmus-raw 1\niterations 5\nstate 5 0:rax=0\nend\n", "observables");
	expect_raw_error("litmus-raw 1\niterations 5\nstate 5 0:rax=zz 1:rax=0\nend\n",
			 "observables");
	expect_raw_error("litmus-raw 1\niterations 5\nstate x 0:rax=0 1:rax=0\nend\n",
			 "bad count");
	expect_raw_error("litmus-raw 1\niterations five\n", "malformed");
	expect_raw_error("litmus-raw 1\nlitmus-raw-error out of memory\n", "out of memory");
	/* Counts that wrap 2^64 must not "add up" to a small iteration count. */
	expect_raw_error("litmus-raw 1\niterations 4\n"
			 "state 9223372036854775807 0:rax=0 1:rax=0\n"
			 "state 9223372036854775807 0:rax=1 1:rax=0\n"
			 "state 6 0:rax=0 1:rax=1\nend\n", "past 2^63");
	/* A count the JSON cannot hold (> 2^63 - 1) is not a count. */
	expect_raw_error("litmus-raw 1\niterations 4\n"
			 "state 18446744073709551615 0:rax=0 1:rax=0\n"
			 "state 5 0:rax=1 1:rax=0\nend\n", "bad count");
	expect_raw_error("litmus-raw 1\niterations 9223372036854775808\nend\n", "malformed");
}
END_TEST

/* sb_raw with its counters line replaced by "counters " + line. */
static void parse_counters_line(const char *line, struct lt_test **t,
				struct lt_result *r, int want_rc)
{
	const char *at = strstr(sb_raw, "counters ");
	const char *eol = strchr(at, '\n');
	char raw[1024], why[256] = "";

	snprintf(raw, sizeof(raw), "%.*scounters %s%s", (int)(at - sb_raw), sb_raw,
		 line, eol);
	*t = parse(sb_src);
	memset(r, 0, sizeof(*r));
	ck_assert_msg(hist_parse_raw(*t, raw, r, why, sizeof(why)) == want_rc,
		      "'counters %s': %s", line, why);
	if (want_rc < 0)
		ck_assert_msg(strstr(why, "malformed 'counters' line"), "%s", why);
}

START_TEST(raw_counters)
{
	static const char *const bad[] = {
		"", "PAPI_TOT_CYC", "PAPI_TOT_CYC=", "=5", "PAPI_TOT_CYC=-1",
		"PAPI_TOT_CYC=12x", "PAPI_TOT_CYC=1 PAPI_TOT_INS",
	};
	struct lt_test *t;
	struct lt_result r;
	json_t *v;

	/* Counted: every NAME=VALUE, names holding ':' and '=' too. */
	parse_counters_line("PAPI_TOT_CYC=123 skx::UOPS_ISSUED:ANY:cmask=1=45", &t, &r, 0);
	ck_assert_str_eq(r.counters, "PAPI_TOT_CYC=123 skx::UOPS_ISSUED:ANY:cmask=1=45");
	ck_assert_ptr_nonnull(r.counter_values);
	ck_assert_int_eq(json_object_size(r.counter_values), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(r.counter_values,
							    "PAPI_TOT_CYC")), 123);
	v = json_object_get(r.counter_values, "skx::UOPS_ISSUED:ANY:cmask=1");
	ck_assert_int_eq(json_integer_value(v), 45);
	ck_assert_uint_eq(r.counted_iterations, 100);
	lt_result_free(&r);
	lt_test_free(t);

	/* The line before --counters reads the same way. */
	parse_counters_line("cycles=7 instructions=9", &t, &r, 0);
	ck_assert_int_eq(json_integer_value(json_object_get(r.counter_values,
							    "instructions")), 9);
	lt_result_free(&r);
	lt_test_free(t);

	parse_counters_line("unavailable: PAPI_library_init: Not supported", &t, &r, 0);
	ck_assert_str_eq(r.counters, "unavailable: PAPI_library_init: Not supported");
	ck_assert_ptr_null(r.counter_values);
	lt_result_free(&r);
	lt_test_free(t);

	parse_counters_line("off", &t, &r, 0);
	ck_assert_str_eq(r.counters, "off");
	ck_assert_ptr_null(r.counter_values);
	lt_result_free(&r);
	lt_test_free(t);

	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		parse_counters_line(bad[k], &t, &r, -1);
		lt_result_free(&r);
		lt_test_free(t);
	}
}
END_TEST

START_TEST(classify_not_exists_and_forall)
{
	static const char ne[] =
		"X86_64 T\n{ }\n P0 | P1 ;\n movl $1,(x) | movl (x),%eax ;\n"
		"~exists (1:rax=1)\n";
	static const char fa[] =
		"X86_64 T\n{ }\n P0 | P1 ;\n movl $1,(x) | movl (x),%eax ;\n"
		"forall (1:rax=0 \\/ 1:rax=1)\n";
	static const char raw[] =
		"litmus-raw 1\niterations 10\nstate 7 1:rax=0\nstate 3 1:rax=1\nend\n";
	struct lt_test *t = parse(ne);
	struct lt_result r = { 0 };
	char why[128];

	ck_assert_int_eq(hist_parse_raw(t, raw, &r, why, sizeof(why)), 0);
	hist_classify(t, &r, LT_EXPECT_NONE, NULL);
	/* ~exists on its own asserts the state is forbidden. */
	ck_assert_uint_eq(r.forbidden_observed, 3);
	ck_assert_str_eq(r.expect_source, "condition");
	ck_assert(!r.validated);
	lt_result_free(&r);
	lt_test_free(t);

	t = parse(fa);
	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(hist_parse_raw(t, raw, &r, why, sizeof(why)), 0);
	hist_classify(t, &r, LT_EXPECT_REQUIRED, "kinds.txt");
	ck_assert_int_eq(r.observation, LT_OBS_ALWAYS);
	ck_assert(r.validated);
	ck_assert_uint_eq(r.forbidden_observed, 0);
	lt_result_free(&r);
	lt_test_free(t);
}
END_TEST

START_TEST(classify_filter)
{
	static const char src[] =
		"X86_64 T\n{ }\n P0 | P1 ;\n movl $1,(x) | movl (x),%eax ;\n"
		"            | movl (x),%ebx ;\n"
		"            | movl (x),%ecx ;\n"
		"filter (1:rax=1 \\/ 1:rcx=1)\nexists (1:rbx=0)\n";
	/*
	 * The kernel prints what the filter names too, after what a state
	 * shows (1:rbx): the filter is judged on each row, then the rows
	 * that show the same and are kept (or dropped) alike are merged.
	 */
	static const char raw[] =
		"litmus-raw 1\niterations 15\nstate 4 1:rbx=0 1:rax=0 1:rcx=0\n"
		"state 5 1:rbx=1 1:rax=1 1:rcx=1\nstate 1 1:rbx=0 1:rax=1 1:rcx=0\n"
		"state 2 1:rbx=0 1:rax=0 1:rcx=1\nstate 3 1:rbx=1 1:rax=0 1:rcx=0\nend\n";
	struct lt_test *t = parse(src);
	struct lt_result r = { 0 };
	char why[128];

	ck_assert_msg(hist_parse_raw(t, raw, &r, why, sizeof(why)) == 0, "%s", why);
	ck_assert_int_eq(t->nobserved, 1);
	ck_assert_int_eq(r.nouts, 4);
	ck_assert_uint_eq(r.outs[2].count, 3);
	ck_assert(!r.outs[2].filtered);
	ck_assert(r.outs[3].filtered);
	ck_assert_int_eq(r.outs[3].vals[0].i, 1);
	hist_classify(t, &r, LT_EXPECT_FORBIDDEN, "kinds.txt");
	/* The filtered-out states count neither way and are never judged. */
	ck_assert_uint_eq(r.positive, 3);
	ck_assert_uint_eq(r.negative, 5);
	ck_assert_uint_eq(r.forbidden_observed, 3);
	ck_assert(r.outs[0].filtered);
	ck_assert_int_eq(r.outs[0].allowed, LT_UNKNOWN);
	/* A state shown both kept and filtered sorts kept first. */
	hist_sort(t, &r);
	ck_assert(!r.outs[2].filtered && r.outs[2].vals[0].i == 1);
	ck_assert(r.outs[3].filtered && r.outs[3].vals[0].i == 1);
	lt_result_free(&r);
	lt_test_free(t);
}
END_TEST

START_TEST(symbolic_values)
{
	static const char src[] =
		"X86_64 T\n{ 0:rbx=x; }\n P0 ;\n movq (x),%rax ;\n"
		"exists (0:rbx=x /\\ 0:rax=0)\n";
	static const char raw[] =
		"litmus-raw 1\niterations 3\nstate 3 0:rax=0 0:rbx=x\nend\n";
	struct lt_test *t = parse(src);
	struct lt_result r = { 0 };
	char why[128], buf[32];

	ck_assert_int_eq(hist_parse_raw(t, raw, &r, why, sizeof(why)), 0);
	ck_assert(r.outs[0].vals[1].is_sym);
	lt_var_value_str(t, t->observed[1], &r.outs[0].vals[1], buf, sizeof(buf));
	ck_assert_str_eq(buf, "x");
	hist_classify(t, &r, LT_EXPECT_NONE, NULL);
	ck_assert_uint_eq(r.positive, 3);
	ck_assert_int_eq(r.observation, LT_OBS_ALWAYS);
	lt_result_free(&r);
	lt_test_free(t);
}
END_TEST

START_TEST(forms_of_values)
{
	/*
	 * 1:rax is herd's int (32-bit signed) however wide its accesses; y is
	 * uint64_t: the kernel may print either reading of a bit pattern,
	 * the reader keeps one.
	 */
	static const char src[] =
		"X86_64 T\n{ uint64_t y; }\n P0 | P1 ;\n movq $-1,(y) | movq (y),%rax ;\n"
		"exists (1:rax=-1 /\\ y=18446744073709551615)\n";
	static const char raw[] =
		"litmus-raw 1\niterations 6\n"
		"state 1 1:rax=0 y=0\n"
		"state 2 1:rax=4294967295 y=18446744073709551615\n"
		"state 3 1:rax=-1 y=-1\n"
		"end\n";
	struct lt_test *t = parse(src);
	struct lt_result r = { 0 };
	char why[128], buf[32];

	ck_assert_int_eq(hist_parse_raw(t, raw, &r, why, sizeof(why)), 0);
	ck_assert_int_eq(r.nouts, 3);
	ck_assert_int_eq(r.outs[1].vals[0].i, -1);
	ck_assert_int_eq(r.outs[1].vals[1].i, -1);
	ck_assert_str_eq(lt_var_value_str(t, t->observed[0], &r.outs[1].vals[0], buf,
					  sizeof(buf)), "-1");
	ck_assert_str_eq(lt_var_value_str(t, t->observed[1], &r.outs[1].vals[1], buf,
					  sizeof(buf)), "18446744073709551615");
	hist_classify(t, &r, LT_EXPECT_NONE, NULL);
	ck_assert_uint_eq(r.positive, 5);
	/* Both spellings are the same outcome. */
	ck_assert_int_eq(r.outs[2].vals[0].i, r.outs[1].vals[0].i);
	ck_assert_int_eq(r.outs[2].vals[1].i, r.outs[1].vals[1].i);
	lt_result_free(&r);

	/* Outside both readings of 32 bits: not a value 1:rax can print. */
	ck_assert_int_lt(hist_parse_raw(t, "litmus-raw 1\niterations 1\n"
					"state 1 1:rax=4294967296 y=0\nend\n",
					&r, why, sizeof(why)), 0);
	lt_result_free(&r);
	ck_assert_int_lt(hist_parse_raw(t, "litmus-raw 1\niterations 1\n"
					"state 1 1:rax=0 y=18446744073709551616\nend\n",
					&r, why, sizeof(why)), 0);
	lt_result_free(&r);
	lt_test_free(t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hist");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, raw_valid);
	tcase_add_test(tc, raw_invalid);
	tcase_add_test(tc, raw_counters);
	tcase_add_test(tc, classify_not_exists_and_forall);
	tcase_add_test(tc, classify_filter);
	tcase_add_test(tc, symbolic_values);
	tcase_add_test(tc, forms_of_values);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
