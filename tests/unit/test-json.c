/* SPDX-License-Identifier: MIT */
/* Unit tests: the litmus-run/1 JSON document and its atomic writer. */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "litmus/parse.h"
#include "report/json.h"
#include "run/entry.h"
#include "check-util.h"

static const char mp_src[] =
	"X86_64 MP\n"
	"{ }\n"
	" P0          | P1            ;\n"
	" movl $1,(x) | movl (y),%eax ;\n"
	" movl $1,(y) | movl (x),%ebx ;\n"
	"exists (1:rax=1 /\\ 1:rbx=0)\n";

static const char mp_raw[] =
	"litmus-raw 1\npus 2\npinning hwloc\nplacement 0:0 1:-1\n"
	"counters unavailable no PMU\niterations 10\nelapsed 0.25\n"
	"state 6 1:rax=0 1:rbx=0\nstate 3 1:rax=1 1:rbx=1\n"
	"state 1 1:rax=1 1:rbx=0\nend\n";

static struct lt_entry make_entry_raw(enum lt_expect e, const char *raw)
{
	struct lt_entry en = { 0 };
	struct lt_error err;
	char why[128];

	ck_assert_int_eq(litmus_parse_string(mp_src, strlen(mp_src), "MP.litmus",
					     &en.test, &err), 0);
	ck_assert_int_eq(hist_parse_raw(en.test, raw, &en.result, why,
					sizeof(why)), 0);
	hist_classify(en.test, &en.result, e, "kinds.txt");
	en.file = "tests/MP.litmus";
	en.arch = "x86_64";
	return en;
}

static struct lt_entry make_entry(enum lt_expect e)
{
	return make_entry_raw(e, mp_raw);
}

static void free_entry(struct lt_entry *en)
{
	lt_result_free(&en->result);
	lt_test_free(en->test);
}

/* Not counted: the counters string says why, and there are no values. */
static void assert_not_counted(json_t *o, const char *counters)
{
	ck_assert_str_eq(json_string_value(json_object_get(o, "counters")), counters);
	ck_assert(json_is_null(json_object_get(o, "counter_values")));
	ck_assert(json_is_null(json_object_get(o, "counters_per_iteration")));
}

START_TEST(entry_fields)
{
	struct lt_entry en = make_entry(LT_EXPECT_FORBIDDEN);
	json_t *o = lt_json_entry(&en), *h, *e;
	json_int_t sum = 0;
	size_t i;

	ck_assert_str_eq(json_string_value(json_object_get(o, "name")), "MP");
	ck_assert_str_eq(json_string_value(json_object_get(o, "status")), "ok");
	ck_assert_str_eq(json_string_value(json_object_get(o, "kind")), "exists");
	ck_assert_str_eq(json_string_value(json_object_get(o, "condition")),
			 "exists (1:rax=1 /\\ 1:rbx=0)");
	ck_assert_int_eq(json_integer_value(json_object_get(o, "iterations")), 10);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "positive")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "negative")), 9);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "forbidden_observed")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(o, "observation")), "Sometimes");
	ck_assert(json_is_true(json_object_get(o, "validated")));
	ck_assert(json_is_false(json_object_get(o, "emulated")));
	ck_assert(json_is_null(json_object_get(
		json_array_get(json_object_get(o, "placement"), 1), "pu")));
	h = json_object_get(o, "histogram");
	ck_assert_int_eq(json_array_size(h), 3);
	json_array_foreach(h, i, e) {
		json_t *out = json_object_get(e, "outcome");
		bool sat = json_integer_value(json_object_get(out, "1:rax")) == 1 &&
			   json_integer_value(json_object_get(out, "1:rbx")) == 0;

		sum += json_integer_value(json_object_get(e, "count"));
		ck_assert(json_is_boolean(json_object_get(e, "satisfies")));
		ck_assert_int_eq(json_is_true(json_object_get(e, "satisfies")), sat);
		/* Forbidden expectation: the witness is not allowed, the rest unknown. */
		if (sat)
			ck_assert(json_is_false(json_object_get(e, "allowed")));
		else
			ck_assert(json_is_null(json_object_get(e, "allowed")));
	}
	ck_assert_int_eq(sum, 10);
	assert_not_counted(o, "unavailable: no PMU");
	json_decref(o);
	free_entry(&en);
}
END_TEST

/* Counted values, and per iteration of the counted thread (instance 0). */
START_TEST(entry_counters)
{
	static const char raw[] =
		"litmus-raw 1\npus 2\npinning hwloc\nplacement 0:0 1:1 2:0 3:1\n"
		"counters PAPI_TOT_CYC=50 perf::INSTRUCTIONS=25\niterations 10\n"
		"instances 2\nelapsed 0.25\nstate 10 1:rax=0 1:rbx=0\nend\n";
	struct lt_entry en = make_entry_raw(LT_EXPECT_NONE, raw);
	json_t *o = lt_json_entry(&en), *v, *p;

	ck_assert_str_eq(json_string_value(json_object_get(o, "counters")),
			 "PAPI_TOT_CYC=50 perf::INSTRUCTIONS=25");
	v = json_object_get(o, "counter_values");
	ck_assert_int_eq(json_object_size(v), 2);
	ck_assert(json_is_integer(json_object_get(v, "PAPI_TOT_CYC")));
	ck_assert_int_eq(json_integer_value(json_object_get(v, "PAPI_TOT_CYC")), 50);
	ck_assert_int_eq(json_integer_value(json_object_get(v, "perf::INSTRUCTIONS")), 25);
	/* 10 iterations over 2 instances: thread 0 of instance 0 ran 5. */
	p = json_object_get(o, "counters_per_iteration");
	ck_assert_int_eq(json_object_size(p), 2);
	ck_assert_double_eq(json_real_value(json_object_get(p, "PAPI_TOT_CYC")), 10.0);
	ck_assert_double_eq(json_real_value(json_object_get(p, "perf::INSTRUCTIONS")), 5.0);
	json_decref(o);
	free_entry(&en);

	en = make_entry_raw(LT_EXPECT_NONE, "litmus-raw 1\ncounters off\niterations 1\n"
			    "state 1 1:rax=0 1:rbx=0\nend\n");
	o = lt_json_entry(&en);
	assert_not_counted(o, "off");
	json_decref(o);
	free_entry(&en);
}
END_TEST

START_TEST(failed_entry)
{
	struct lt_entry en = { 0 };
	json_t *o;

	en.file = "bad.litmus";
	en.result.status = LT_ST_TIMEOUT;
	en.result.reason = "killed after the 5 s timeout";
	o = lt_json_entry(&en);
	ck_assert_str_eq(json_string_value(json_object_get(o, "status")), "timeout");
	ck_assert_str_eq(json_string_value(json_object_get(o, "reason")),
			 "killed after the 5 s timeout");
	ck_assert_ptr_null(json_object_get(o, "histogram"));
	json_decref(o);
}
END_TEST

START_TEST(document_roundtrip)
{
	struct lt_entry en = make_entry(LT_EXPECT_NONE);
	struct lt_run_info info = {
		.version = "0.1.0", .git = "abc", .host_name = "h", .host_arch = "x86_64",
		.cpu = "cpu", .pus = 2, .topology = "Package:1 Core:2 PU:2",
		.iterations = 10, .timeout_s = 60, .cc = "gcc 12.2.0", .cc_path = "cc",
		.cflags = "-O2", .exec = NULL, .counters = "PAPI_TOT_CYC,perf::CYCLES",
		.started = "2026-01-01T00:00:00Z",
	};
	json_t *cnt;
	json_t *tests = json_array(), *doc, *back;
	char dir[] = "/tmp/lt-json-XXXXXX", path[64], why[256];
	json_error_t jerr;

	json_array_append_new(tests, lt_json_entry(&en));
	doc = lt_json_document(&info, tests);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/run.json", dir);
	ck_assert_int_eq(lt_json_write_file(doc, path, why, sizeof(why)), 0);
	back = json_load_file(path, 0, &jerr);
	ck_assert_ptr_nonnull(back);
	ck_assert(json_equal(doc, back));
	ck_assert_str_eq(json_string_value(json_object_get(back, "schema")), "litmus-run/1");
	ck_assert(json_is_null(json_object_get(json_object_get(back, "config"), "exec")));
	cnt = json_object_get(json_object_get(back, "config"), "counters");
	ck_assert_int_eq(json_array_size(cnt), 2);
	ck_assert_str_eq(json_string_value(json_array_get(cnt, 1)), "perf::CYCLES");
	/* No temporary file is left behind. */
	ck_assert_int_eq(rmdir(dir), -1);
	unlink(path);
	ck_assert_int_eq(rmdir(dir), 0);
	/* An unwritable destination is an error with a message, not a crash. */
	ck_assert_int_eq(lt_json_write_file(doc, "/nonexistent-dir/run.json", why,
					 sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "/nonexistent-dir"));
	json_decref(back);
	json_decref(doc);
	/* --counters=none is an empty list; unknown (an old bundle) null. */
	info.counters = "none";
	doc = lt_json_document(&info, json_array());
	cnt = json_object_get(json_object_get(doc, "config"), "counters");
	ck_assert(json_is_array(cnt) && json_array_size(cnt) == 0);
	json_decref(doc);
	info.counters = NULL;
	doc = lt_json_document(&info, json_array());
	ck_assert(json_is_null(json_object_get(json_object_get(doc, "config"), "counters")));
	json_decref(doc);
	free_entry(&en);
}
END_TEST

/* A name that is not UTF-8 is kept, readable and exactly (json.h). */
START_TEST(non_utf8_names)
{
	struct lt_entry en = make_entry(LT_EXPECT_ALLOWED);
	json_t *o, *s, *hex;
	char *back;

	s = lt_json_str_or_null("S\xff" "B\\x");
	ck_assert_str_eq(json_string_value(s), "S\\xffB\\x");
	json_decref(s);
	/* Valid UTF-8 (é, €) is kept as it is and has no hex form. */
	s = lt_json_str_or_null("caf\xc3\xa9\xe2\x82\xac");
	ck_assert_str_eq(json_string_value(s), "caf\xc3\xa9\xe2\x82\xac");
	json_decref(s);
	ck_assert_ptr_null(lt_json_raw_hex("plain/MP.litmus"));
	/* Overlong, surrogate and truncated sequences are not UTF-8. */
	s = lt_json_str_or_null("\xc0\xaf\xed\xa0\x80\xe2\x82");
	ck_assert_str_eq(json_string_value(s), "\\xc0\\xaf\\xed\\xa0\\x80\\xe2\\x82");
	json_decref(s);
	hex = lt_json_raw_hex("a/S\xff.litmus");
	ck_assert_str_eq(json_string_value(hex), "612f53ff2e6c69746d7573");
	back = lt_json_unhex(json_string_value(hex));
	ck_assert_str_eq(back, "a/S\xff.litmus");
	free(back);
	json_decref(hex);
	ck_assert_ptr_null(lt_json_unhex("6"));
	ck_assert_ptr_null(lt_json_unhex("zz"));
	ck_assert_ptr_null(lt_json_unhex("6100"));
	/* The entry keeps its file and name, however they are spelt. */
	en.file = "dir/M\xffP.litmus";
	o = lt_json_entry(&en);
	ck_assert_str_eq(json_string_value(json_object_get(o, "file")), "dir/M\\xffP.litmus");
	ck_assert_str_eq(json_string_value(json_object_get(o, "file_hex")),
			 "6469722f4dff502e6c69746d7573");
	json_decref(o);
	free_entry(&en);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, entry_fields);
	tcase_add_test(tc, non_utf8_names);
	tcase_add_test(tc, entry_counters);
	tcase_add_test(tc, failed_entry);
	tcase_add_test(tc, document_roundtrip);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
