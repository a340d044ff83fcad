/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: the nightly tools on hand-written documents (statistics,
 * litmus7 log, comparisons, merging, JUnit), independent of any hardware.
 */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/compare.h"
#include "report/doc.h"
#include "report/junit.h"
#include "report/merge.h"
#include "report/textlog.h"
#include "check-util.h"

/* A two-test run: SB (exists, allowed witness) and SB+mfences (~exists). */
static json_t *make_doc(uint64_t sb_wit, uint64_t mf_forb)
{
	json_error_t err;
	json_t *d = json_pack_ex(&err, 0,
		"{s:s, s:{s:s}, s:{s:s}, s:{s:I}, s:s, s:[{s:s, s:s, s:s, s:s, s:I, s:f,"
		" s:[{s:{s:I, s:I}, s:I, s:b, s:b}, {s:{s:I, s:I}, s:I, s:b, s:b}],"
		" s:I, s:I, s:s, s:b, s:I, s:{s:s, s:s}},"
		" {s:s, s:s, s:s, s:s, s:I, s:f,"
		" s:[{s:{s:I, s:I}, s:I, s:b, s:b}, {s:{s:I, s:I}, s:I, s:b, s:b}],"
		" s:I, s:I, s:s, s:b, s:I, s:n}]}",
		"schema", "litmus-run/1", "tool", "version", "0.1.0", "host", "name", "lab1",
		"config", "iterations", (json_int_t)1000, "started", "2026-01-01T00:00:00Z",
		"tests",
		"name", "SB", "status", "ok", "kind", "exists",
		"condition", "exists (0:rax=0 /\\ 1:rax=0)", "iterations", (json_int_t)1000,
		"elapsed_s", 0.5, "histogram",
		"outcome", "0:rax", (json_int_t)0, "1:rax", (json_int_t)0,
		"count", (json_int_t)sb_wit, "satisfies", 1, "allowed", 1,
		"outcome", "0:rax", (json_int_t)1, "1:rax", (json_int_t)1,
		"count", (json_int_t)(1000 - sb_wit), "satisfies", 0, "allowed", 1,
		"positive", (json_int_t)sb_wit, "negative", (json_int_t)(1000 - sb_wit),
		"observation", sb_wit ? "Sometimes" : "Never", "validated", sb_wit > 0,
		"forbidden_observed", (json_int_t)0, "model", "name", "x86-tso",
		"verdict", "Allowed",
		"name", "SB+mfences", "status", "ok", "kind", "~exists",
		"condition", "~exists (0:rax=0 /\\ 1:rax=0)", "iterations", (json_int_t)1000,
		"elapsed_s", 0.25, "histogram",
		"outcome", "0:rax", (json_int_t)0, "1:rax", (json_int_t)0,
		"count", (json_int_t)mf_forb, "satisfies", 1, "allowed", 0,
		"outcome", "0:rax", (json_int_t)1, "1:rax", (json_int_t)0,
		"count", (json_int_t)(1000 - mf_forb), "satisfies", 0, "allowed", 1,
		"positive", (json_int_t)mf_forb, "negative", (json_int_t)(1000 - mf_forb),
		"observation", mf_forb ? "Sometimes" : "Never", "validated", mf_forb == 0,
		"forbidden_observed", (json_int_t)mf_forb, "model");

	ck_assert_msg(d != NULL, "json_pack: %s", err.text);
	return d;
}

START_TEST(z_and_wilson)
{
	double lo, hi;

	/* 10% vs 20% of 1000: z = 0.1 / sqrt(.15 * .85 * .002) = 6.26. */
	ck_assert(fabs(compare_z(100, 1000, 200, 1000) - 6.2622) < 1e-3);
	ck_assert(compare_z(0, 1000, 0, 1000) == 0);
	ck_assert(compare_z(5, 0, 5, 10) == 0);
	/* Wilson 95% for 10/100: [0.0552, 0.1744] (textbook value). */
	compare_wilson(10, 100, 1.96, &lo, &hi);
	ck_assert(fabs(lo - 0.0552) < 1e-3 && fabs(hi - 0.1744) < 1e-3);
	compare_wilson(0, 100, 2.576, &lo, &hi);
	ck_assert(lo == 0 && hi > 0 && hi < 0.07);
	/* Every bound in [0, 1], even for counts past the iterations. */
	compare_wilson(100, 100, 2.576, &lo, &hi);
	ck_assert(lo > 0.9 && lo < 1 && hi > 0.999 && hi <= 1);
	compare_wilson(150, 100, 2.576, &lo, &hi);
	ck_assert(lo >= 0 && lo <= 1 && hi > 0.999 && hi <= 1);
	compare_wilson(-5, 100, 2.576, &lo, &hi);
	ck_assert(lo == 0 && hi >= 0 && hi <= 1);
}
END_TEST

START_TEST(textlog_lines)
{
	json_t *d = make_doc(40, 0);
	struct lt_buf b = LT_BUF_INIT;

	textlog_format(d, &b);
	ck_assert_ptr_nonnull(strstr(b.s, "Test SB Allowed\nHistogram (2 states)\n"
				     "40    *>0:rax=0; 1:rax=0;\n960   :>0:rax=1; 1:rax=1;\n"
				     "Ok\n\nWitnesses\nPositive: 40, Negative: 960\n"
				     "Condition exists (0:rax=0 /\\ 1:rax=0) is validated\n"
				     "Observation SB Sometimes 40 960\nTime SB 0.500000\n"));
	/* ~exists: litmus7's Positive counts what validates the condition. */
	ck_assert_ptr_nonnull(strstr(b.s, "Test SB+mfences Forbidden\n"));
	ck_assert_ptr_nonnull(strstr(b.s, "Positive: 1000, Negative: 0\n"
				     "Condition ~exists (0:rax=0 /\\ 1:rax=0) is validated\n"
				     "Observation SB+mfences Never 0 1000\n"));
	lt_buf_free(&b);
	json_decref(d);
}
END_TEST

static int count_kind(json_t *r, const char *kind, bool alert)
{
	json_t *f;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(r, "findings"), i, f)
		n += !strcmp(doc_str(f, "kind"), kind) &&
		     json_is_true(json_object_get(f, "alert")) == alert;
	return n;
}

START_TEST(compare_alerts)
{
	struct lt_compare_opts o = LT_COMPARE_OPTS_INIT;
	json_t *a = make_doc(40, 0), *same = make_doc(45, 0), *bad = make_doc(40, 3);
	json_t *up = make_doc(200, 0), *r;

	r = compare_runs(a, "a", same, "b", &o);
	ck_assert_int_eq(json_integer_value(json_object_get(r, "alerts")), 0);
	ck_assert_int_eq(count_kind(r, "rate", false), 0);
	json_decref(r);
	r = compare_runs(a, "a", bad, "b", &o);
	ck_assert_int_eq(json_integer_value(json_object_get(r, "alerts")), 1);
	ck_assert_int_eq(count_kind(r, "forbidden", true), 1);
	ck_assert_int_eq(count_kind(r, "outcome-new", false), 1);
	json_decref(r);
	/* Back to clean: a note, not an alert. */
	r = compare_runs(bad, "a", a, "b", &o);
	ck_assert_int_eq(json_integer_value(json_object_get(r, "alerts")), 0);
	ck_assert_int_eq(count_kind(r, "forbidden-gone", false), 1);
	json_decref(r);
	r = compare_runs(a, "a", up, "b", &o);
	ck_assert_int_eq(count_kind(r, "rate", false), 1);
	json_decref(r);
	o.strict = true;
	r = compare_runs(a, "a", up, "b", &o);
	ck_assert_int_eq(json_integer_value(json_object_get(r, "alerts")), 1);
	json_decref(r);
	o.strict = false;
	r = compare_model(bad, "bad", &o);
	ck_assert_int_eq(count_kind(r, "forbidden", true), 1);
	ck_assert_int_eq(count_kind(r, "no-model", false), 1);
	json_decref(r);
	json_decref(a);
	json_decref(same);
	json_decref(bad);
	json_decref(up);
}
END_TEST

START_TEST(merge_sums)
{
	json_t *d[2] = { make_doc(40, 0), make_doc(60, 2) }, *m, *t;
	const char *names[2] = { "night1", "night2" };
	char why[256];

	m = merge_runs(d, names, 2, why, sizeof(why));
	ck_assert_ptr_nonnull(m);
	t = doc_find_test(m, "SB");
	ck_assert_int_eq(doc_u64(t, "iterations"), 2000);
	ck_assert_int_eq(doc_u64(t, "positive"), 100);
	ck_assert_int_eq(doc_u64(json_array_get(json_object_get(t, "histogram"), 0),
				 "count"), 100);
	ck_assert_int_eq(json_array_size(json_object_get(t, "provenance")), 2);
	ck_assert_str_eq(doc_str(json_array_get(json_object_get(t, "provenance"), 1),
				 "run"), "night2");
	t = doc_find_test(m, "SB+mfences");
	ck_assert_int_eq(doc_u64(t, "forbidden_observed"), 2);
	ck_assert(json_is_false(json_object_get(t, "validated")));
	ck_assert_str_eq(doc_str(t, "observation"), "Sometimes");
	json_decref(m);
	json_decref(d[0]);
	json_decref(d[1]);
}
END_TEST

/* Where a test of make_doc's lives: its identity (doc.h). */
static void place(json_t *t, const char *file, const char *sha)
{
	json_object_set_new(t, "file", json_string(file));
	json_object_set_new(t, "arch", json_string("x86_64"));
	json_object_set_new(t, "source_sha256", json_string(sha));
}

/*
 * A run of two suites that both have an "SB": x86_64/SB.litmus (wit_x86
 * witnesses of 1000) and C/SB.litmus (wit_c), with SB+mfences between.
 */
static json_t *two_suites(uint64_t wit_x86, uint64_t wit_c, const char *run_id)
{
	json_t *d = make_doc(wit_x86, 0), *c = make_doc(wit_c, 0);
	json_t *tests = json_object_get(d, "tests"), *csb;

	place(json_array_get(tests, 0), "x86_64/SB.litmus", "aa");
	place(json_array_get(tests, 1), "x86_64/SB+mfences.litmus", "bb");
	csb = json_deep_copy(json_array_get(json_object_get(c, "tests"), 0));
	place(csb, "C/SB.litmus", "cc");
	json_object_set_new(csb, "language", json_string("C"));
	json_array_append_new(tests, csb);
	json_object_set_new(d, "run_id", json_string(run_id));
	json_decref(c);
	return d;
}

START_TEST(same_name_suites)
{
	struct lt_compare_opts o = LT_COMPARE_OPTS_INIT;
	json_t *a = two_suites(40, 400, "run-a"), *b = two_suites(50, 420, "run-b");
	json_t *r, *m, *t;
	const char *names[2] = { "a", "b" };
	json_t *d[2] = { a, b };
	char why[256];

	/* A run compared with itself: nothing changed, whatever the names. */
	r = compare_runs(a, "a", a, "a", &o);
	ck_assert_int_eq(json_array_size(json_object_get(r, "findings")), 0);
	json_decref(r);
	r = compare_runs(a, "a", b, "b", &o);
	ck_assert_int_eq(count_kind(r, "rate", false), 0);
	ck_assert_int_eq(count_kind(r, "test-added", false), 0);
	json_decref(r);
	/* Merged: three tests, each SB with its own suite's counts. */
	m = merge_runs(d, names, 2, why, sizeof(why));
	ck_assert_msg(m != NULL, "%s", why);
	ck_assert_int_eq(json_array_size(json_object_get(m, "tests")), 3);
	t = json_array_get(json_object_get(m, "tests"), 0);
	ck_assert_str_eq(doc_str(t, "file"), "x86_64/SB.litmus");
	ck_assert_int_eq(doc_u64(t, "iterations"), 2000);
	ck_assert_int_eq(doc_u64(t, "positive"), 90);
	t = json_array_get(json_object_get(m, "tests"), 2);
	ck_assert_str_eq(doc_str(t, "file"), "C/SB.litmus");
	ck_assert_int_eq(doc_u64(t, "iterations"), 2000);
	ck_assert_int_eq(doc_u64(t, "positive"), 820);
	json_decref(m);
	/* Same path, another source: another test, neither compared nor added. */
	json_object_set_new(json_array_get(json_object_get(b, "tests"), 0), "source_sha256",
			    json_string("dd"));
	r = compare_runs(a, "a", b, "b", &o);
	ck_assert_int_eq(count_kind(r, "source-changed", false), 1);
	json_decref(r);
	ck_assert_ptr_null(merge_runs(d, names, 2, why, sizeof(why)));
	ck_assert_msg(strstr(why, "source differs"), "%s", why);
	/* Older documents without source_sha256 still match by arch and file. */
	json_object_del(json_array_get(json_object_get(b, "tests"), 0), "source_sha256");
	r = compare_runs(a, "a", b, "b", &o);
	ck_assert_int_eq(count_kind(r, "source-changed", false), 0);
	ck_assert_int_eq(count_kind(r, "test-added", false), 0);
	json_decref(r);
	json_decref(a);
	json_decref(b);
}
END_TEST

START_TEST(merge_counts_each_run_once)
{
	json_t *a = two_suites(40, 400, "run-a"), *b = two_suites(50, 420, "run-b");
	json_t *c = two_suites(60, 440, "run-c"), *m, *m2, *old1, *old2;
	const char *names[3] = { "a", "b", "c" };
	char why[256];

	{
		json_t *d[2] = { a, a };

		ck_assert_ptr_null(merge_runs(d, names, 2, why, sizeof(why)));
		ck_assert_msg(strstr(why, "both hold run run-a"), "%s", why);
	}
	{
		json_t *d[2] = { a, b };

		m = merge_runs(d, names, 2, why, sizeof(why));
		ck_assert_ptr_nonnull(m);
		ck_assert_int_eq(json_array_size(json_object_get(m, "merged_runs")), 2);
	}
	{
		/* A merge that already holds a run, merged with it again. */
		json_t *d[2] = { m, b };

		ck_assert_ptr_null(merge_runs(d, names, 2, why, sizeof(why)));
		ck_assert_msg(strstr(why, "run-b"), "%s", why);
	}
	{
		json_t *d[2] = { m, c };

		m2 = merge_runs(d, names, 2, why, sizeof(why));
		ck_assert_ptr_nonnull(m2);
		ck_assert_int_eq(json_array_size(json_object_get(m2, "merged_runs")), 3);
		ck_assert_int_eq(doc_u64(json_array_get(json_object_get(m2, "tests"), 0),
					 "iterations"), 3000);
		json_decref(m2);
	}
	/* Documents older than run_id: an exact copy is still the same run. */
	old1 = make_doc(40, 0);
	old2 = make_doc(40, 0);
	{
		json_t *d[2] = { old1, old2 };

		ck_assert_ptr_null(merge_runs(d, names, 2, why, sizeof(why)));
		ck_assert_msg(strstr(why, "sha256:"), "%s", why);
	}
	json_decref(old1);
	json_decref(old2);
	json_decref(m);
	json_decref(a);
	json_decref(b);
	json_decref(c);
}
END_TEST

START_TEST(counts_checked)
{
	json_t *a = two_suites(40, 400, "run-a"), *b = two_suites(50, 420, "run-b");
	json_t *d[2] = { a, b }, *h;
	const char *names[2] = { "a", "b" };
	char why[256];

	/* Each count fits; their sum does not: an error, never -4. */
	h = json_array_get(json_object_get(json_array_get(json_object_get(a, "tests"), 0),
					   "histogram"), 1);
	json_object_set_new(h, "count", json_integer(INT64_MAX - 100));
	h = json_array_get(json_object_get(json_array_get(json_object_get(b, "tests"), 0),
					   "histogram"), 1);
	json_object_set_new(h, "count", json_integer(INT64_MAX - 100));
	ck_assert_ptr_null(merge_runs(d, names, 2, why, sizeof(why)));
	ck_assert_msg(strstr(why, "past 2^63 - 1"), "%s", why);
	ck_assert_int_eq(doc_check_counts(a, why, sizeof(why)), 0);
	json_object_set_new(h, "count", json_integer(-4));
	ck_assert_int_eq(doc_check_counts(b, why, sizeof(why)), -1);
	ck_assert_msg(strstr(why, "count"), "%s", why);
	json_object_set_new(h, "count", json_integer(INT64_MAX));
	ck_assert_int_eq(doc_check_counts(b, why, sizeof(why)), -1);
	ck_assert_msg(strstr(why, "past 2^63"), "%s", why);
	json_decref(a);
	json_decref(b);
}
END_TEST

/* "exists (true)": no observable, one empty state. */
static json_t *no_observables(uint64_t n, const char *run_id)
{
	json_t *d = make_doc(40, 0), *t = json_array_get(json_object_get(d, "tests"), 0);

	json_object_set_new(t, "histogram", json_pack("[{s:{}, s:I, s:b, s:b}]", "outcome",
						      "count", (json_int_t)n, "satisfies", 1,
						      "allowed", 1));
	json_object_set_new(t, "model", json_pack("{s:s, s:s, s:[{}]}", "name", "x86-tso",
						  "verdict", "Allowed", "allowed"));
	json_object_set_new(t, "positive", json_integer((json_int_t)n));
	json_object_set_new(t, "negative", json_integer(0));
	json_object_set_new(d, "run_id", json_string(run_id));
	return d;
}

START_TEST(empty_outcome)
{
	struct lt_compare_opts o = LT_COMPARE_OPTS_INIT;
	json_t *a = no_observables(1000, "run-a"), *b = no_observables(500, "run-b"), *r, *m;
	json_t *d[2] = { a, b };
	const char *names[2] = { "a", "b" };
	char why[256];

	r = compare_runs(a, "a", b, "b", &o);
	ck_assert_int_eq(count_kind(r, "outcome-new", false), 0);
	ck_assert_int_eq(count_kind(r, "outcome-gone", false), 0);
	json_decref(r);
	r = compare_model(a, "a", &o);
	ck_assert_int_eq(count_kind(r, "allowed-unseen", false), 0);
	ck_assert_int_eq(count_kind(r, "unjudged", true), 0);
	json_decref(r);
	m = merge_runs(d, names, 2, why, sizeof(why));
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(doc_u64(json_array_get(json_object_get(m, "tests"), 0),
				 "iterations"), 1500);
	json_decref(m);
	json_decref(a);
	json_decref(b);
}
END_TEST

START_TEST(junit_verdicts)
{
	json_t *d = make_doc(40, 3);
	struct lt_buf b = LT_BUF_INIT;

	json_array_append_new(json_object_get(d, "tests"),
			      json_pack("{s:s, s:s, s:s}", "name", "Hang<&>", "status",
					"timeout", "reason", "killed after 1 s"));
	junit_format(d, &b);
	ck_assert_ptr_nonnull(strstr(b.s, "tests=\"3\" failures=\"1\" errors=\"1\" "
				     "skipped=\"0\""));
	ck_assert_ptr_nonnull(strstr(b.s, "name=\"Hang&lt;&amp;&gt;\""));
	ck_assert_ptr_nonnull(strstr(b.s, "<failure type=\"forbidden\""));
	ck_assert_ptr_nonnull(strstr(b.s, "<error type=\"timeout\""));
	lt_buf_free(&b);
	json_decref(d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nightly");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, z_and_wilson);
	tcase_add_test(tc, textlog_lines);
	tcase_add_test(tc, compare_alerts);
	tcase_add_test(tc, merge_sums);
	tcase_add_test(tc, junit_verdicts);
	tcase_add_test(tc, same_name_suites);
	tcase_add_test(tc, merge_counts_each_run_once);
	tcase_add_test(tc, counts_checked);
	tcase_add_test(tc, empty_outcome);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
