/* SPDX-License-Identifier: MIT */
/*
 * JUnit XML in the common "testsuites/testsuite/testcase" shape that Jenkins,
 * GitLab and GitHub test reporters read.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "report/doc.h"
#include "report/junit.h"

/* V_KNOWN: an expected failure (only known deviations), written as skipped. */
enum verdict { V_PASS, V_FAIL, V_ERROR, V_SKIP, V_KNOWN };

static enum verdict verdict_of(json_t *t)
{
	const char *s = doc_str(t, "status");

	if (!s || !strcmp(s, "skipped"))
		return V_SKIP;
	/* A timeout's partial histogram that holds a forbidden state fails. */
	if (strcmp(s, "ok"))
		return doc_u64(t, "forbidden_observed") ? V_FAIL : V_ERROR;
	return doc_u64(t, "forbidden_observed") ? V_FAIL :
	       doc_u64(t, "known_observed") ? V_KNOWN : V_PASS;
}

/* Each forbidden state of t with its count, known ones (or the others) only. */
static void forbidden_states(struct lt_buf *b, json_t *t, bool known)
{
	json_t *h;
	size_t i;

	json_array_foreach(json_object_get(t, "histogram"), i, h) {
		json_t *k = json_object_get(h, "known");
		struct lt_buf s = LT_BUF_INIT;

		if (!json_is_false(json_object_get(h, "allowed")) || !doc_u64(h, "count") ||
		    json_is_object(k) != known)
			continue;
		doc_outcome_str(json_object_get(h, "outcome"), &s);
		lt_buf_printf(&s, " x%" PRIu64, doc_u64(h, "count"));
		if (known) {
			lt_buf_puts(&s, ": ");
			lt_buf_puts(&s, doc_str(k, "reason") ?: "");
		}
		lt_buf_putc(&s, '\n');
		doc_xml_escape(b, s.s);
		lt_buf_free(&s);
	}
}

static void attr(struct lt_buf *b, const char *name, const char *v)
{
	lt_buf_printf(b, " %s=\"", name);
	doc_xml_escape(b, v ? v : "");
	lt_buf_putc(b, '"');
}

static void testcase(struct lt_buf *b, json_t *t, const char *suite)
{
	enum verdict v = verdict_of(t);
	char num[32];

	lt_buf_puts(b, "    <testcase");
	attr(b, "classname", suite);
	attr(b, "name", doc_test_name(t));
	snprintf(num, sizeof(num), "%.3f", doc_real(t, "elapsed_s"));
	attr(b, "time", num);
	attr(b, "file", doc_str(t, "file"));
	lt_buf_puts(b, ">\n");
	switch (v) {
	case V_FAIL:
		lt_buf_printf(b, "      <failure type=\"forbidden\" message=\"%" PRIu64
			      " forbidden outcome(s) observed\">", doc_u64(t, "forbidden_observed"));
		forbidden_states(b, t, false);
		lt_buf_puts(b, "</failure>\n");
		break;
	case V_KNOWN: {
		/*
		 * JUnit has no expected failure: a skip whose message says so
		 * (the form pytest gives its xfail), with the states inside.
		 */
		char msg[96];

		snprintf(msg, sizeof(msg), "xfail: %" PRIu64 " known deviation(s) observed",
			 doc_u64(t, "known_observed"));
		lt_buf_puts(b, "      <skipped type=\"xfail\"");
		attr(b, "message", msg);
		lt_buf_puts(b, ">");
		forbidden_states(b, t, true);
		lt_buf_puts(b, "</skipped>\n");
		break;
	}
	case V_ERROR:
		lt_buf_puts(b, "      <error");
		attr(b, "type", doc_str(t, "status"));
		attr(b, "message", doc_str(t, "reason"));
		lt_buf_puts(b, "/>\n");
		break;
	case V_SKIP:
		lt_buf_puts(b, "      <skipped");
		attr(b, "message", doc_str(t, "reason"));
		lt_buf_puts(b, "/>\n");
		break;
	case V_PASS:
		break;
	}
	lt_buf_puts(b, "      <system-out>");
	if (v == V_PASS || v == V_FAIL || v == V_KNOWN) {
		struct lt_buf s = LT_BUF_INIT;

		lt_buf_printf(&s, "%s: %s %" PRIu64 " %" PRIu64 " of %" PRIu64
			      " iterations\n", doc_str(t, "condition") ?: "",
			      doc_str(t, "observation") ?: "", doc_u64(t, "positive"),
			      doc_u64(t, "negative"), doc_u64(t, "iterations"));
		doc_xml_escape(b, s.s);
		lt_buf_free(&s);
	}
	lt_buf_puts(b, "</system-out>\n    </testcase>\n");
}

void junit_format(json_t *doc, struct lt_buf *b)
{
	json_t *tests = json_object_get(doc, "tests"), *t;
	const char *host = doc_str(json_object_get(doc, "host"), "name");
	int n[5] = { 0 };
	double time = 0;
	char num[32];
	struct lt_buf suite = LT_BUF_INIT;
	size_t i;

	json_array_foreach(tests, i, t) {
		enum verdict v = verdict_of(t);

		n[v == V_KNOWN ? V_SKIP : v]++;
		time += doc_real(t, "elapsed_s");
	}
	lt_buf_printf(&suite, "litmus-run.%s", host ? host : "unknown");
	lt_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
	attr(b, "name", "litmus-run");
	lt_buf_printf(b, " tests=\"%zu\" failures=\"%d\" errors=\"%d\" skipped=\"%d\">\n",
		      json_array_size(tests), n[V_FAIL], n[V_ERROR], n[V_SKIP]);
	lt_buf_puts(b, "  <testsuite");
	attr(b, "name", suite.s);
	lt_buf_printf(b, " tests=\"%zu\" failures=\"%d\" errors=\"%d\" skipped=\"%d\"",
		      json_array_size(tests), n[V_FAIL], n[V_ERROR], n[V_SKIP]);
	snprintf(num, sizeof(num), "%.3f", time);
	attr(b, "time", num);
	attr(b, "timestamp", doc_str(doc, "started"));
	attr(b, "hostname", host);
	lt_buf_puts(b, ">\n");
	json_array_foreach(tests, i, t)
		testcase(b, t, suite.s);
	lt_buf_puts(b, "  </testsuite>\n</testsuites>\n");
	lt_buf_free(&suite);
}
