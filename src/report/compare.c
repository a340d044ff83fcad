/* SPDX-License-Identifier: MIT */
/*
 * Nightly comparisons: what changed between two runs of the same suite, and
 * whether any of it is an alert (a forbidden outcome newly observed, a test
 * that stopped running), or a run against its own model verdicts.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/compare.h"
#include "report/doc.h"

double compare_z(double x1, double n1, double x2, double n2)
{
	double p, se;

	if (n1 <= 0 || n2 <= 0)
		return 0;
	p = (x1 + x2) / (n1 + n2);
	if (p <= 0 || p >= 1)
		return 0;
	se = sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
	return (x2 / n2 - x1 / n1) / se;
}

void compare_wilson(double x, double n, double zq, double *lo, double *hi)
{
	double p, d, c, h;

	if (n <= 0) {
		*lo = 0;
		*hi = 1;
		return;
	}
	/*
	 * More witnesses than judged iterations (a hand-edited or merged
	 * document) would make the root negative: the bounds stay in [0, 1].
	 */
	p = x / n < 0 ? 0 : x / n > 1 ? 1 : x / n;
	d = 1 + zq * zq / n;
	c = (p + zq * zq / (2 * n)) / d;
	h = zq * sqrt(p * (1 - p) / n + zq * zq / (4 * n * n)) / d;
	*lo = c - h < 0 ? 0 : c - h;
	*hi = c + h > 1 ? 1 : c + h;
}

struct ctx {
	json_t *findings;
	json_t *names;		/* name -> how many tests of the runs bear it */
	const struct lt_compare_opts *o;
	int alerts;
};

static json_t *finding(struct ctx *c, json_t *test, const char *kind, bool alert,
		       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* A finding about test (NULL: about the runs), as a new findings entry. */
static json_t *finding(struct ctx *c, json_t *test, const char *kind, bool alert,
		       const char *fmt, ...)
{
	struct lt_buf b = LT_BUF_INIT;
	json_t *f = json_object();
	va_list ap;

	va_start(ap, fmt);
	lt_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	alert = alert || c->o->strict;
	json_object_set_new(f, "test", test ? json_string(doc_test_name(test)) : json_null());
	/* Names are not unique (x86_64 SB, C SB): where the test lives. */
	if (test && json_object_get(test, "file")) {
		json_object_set(f, "file", json_object_get(test, "file"));
		json_object_set(f, "arch", json_object_get(test, "arch"));
		if (json_is_true(json_object_get(c->names, doc_test_name(test))))
			json_object_set_new(f, "label", json_sprintf("%s (%s %s)",
				doc_test_name(test), doc_str(test, "arch") ?: "?",
				doc_str(test, "file")));
	}
	json_object_set_new(f, "kind", json_string(kind));
	json_object_set_new(f, "alert", json_boolean(alert));
	json_object_set_new(f, "message", json_string(b.s ? b.s : ""));
	json_array_append_new(c->findings, f);
	c->alerts += alert;
	lt_buf_free(&b);
	return f;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static bool is_ok(json_t *t)
{
	const char *s = doc_str(t, "status");

	return s && !strcmp(s, "ok");
}

static uint64_t judged(json_t *t)
{
	return doc_u64(t, "positive") + doc_u64(t, "negative");
}

/* Forbidden outcomes of t, as "state (count)" text. */
static void forbidden_list(json_t *t, struct lt_buf *b)
{
	json_t *h;
	size_t i;

	json_array_foreach(json_object_get(t, "histogram"), i, h) {
		/* Known deviations (--known) are not what an alert is about. */
		if (!json_is_false(json_object_get(h, "allowed")) || !doc_u64(h, "count") ||
		    json_object_get(h, "known"))
			continue;
		if (b->len)
			lt_buf_puts(b, ", ");
		doc_outcome_str(json_object_get(h, "outcome"), b);
		lt_buf_printf(b, " x%" PRIu64, doc_u64(h, "count"));
	}
}

/*
 * The outcomes x saw that y did not (count 0 or absent): newly seen when x
 * is the second run, no longer seen (gone) when x is the first.  yix is
 * y's histogram by outcome (doc_outcome_index).
 */
static void outcomes_only_in(struct ctx *c, json_t *test, json_t *x, json_t *yix,
			     bool gone)
{
	struct lt_buf s = LT_BUF_INIT;
	json_t *h, *other, *f;
	size_t i;

	json_array_foreach(json_object_get(x, "histogram"), i, h) {
		const char *str;

		lt_buf_reset(&s);
		doc_outcome_str(json_object_get(h, "outcome"), &s);
		/* No observable at all ("exists (true)"): the empty state. */
		str = s.s ? s.s : "";
		other = json_object_get(yix, str);
		if (!doc_u64(h, "count") || (other && doc_u64(other, "count")))
			continue;
		if (gone)
			f = finding(c, test, "outcome-gone", false,
				    "outcome no longer seen: %s (was x%" PRIu64 ")",
				    str, doc_u64(h, "count"));
		else
			f = finding(c, test, "outcome-new", false,
				    "outcome newly seen: %s x%" PRIu64 "%s", str,
				    doc_u64(h, "count"),
				    json_is_false(json_object_get(h, "allowed")) ?
				    " (forbidden)" : "");
		json_object_set(f, "outcome", json_object_get(h, "outcome"));
	}
	lt_buf_free(&s);
}

static void compare_outcomes(struct ctx *c, json_t *ta, json_t *tb)
{
	json_t *ia = doc_outcome_index(ta), *ib = doc_outcome_index(tb);

	outcomes_only_in(c, tb, tb, ia, false);
	outcomes_only_in(c, tb, ta, ib, true);
	json_decref(ia);
	json_decref(ib);
}

static void compare_rate(struct ctx *c, json_t *ta, json_t *tb)
{
	double x1 = (double)doc_witnesses(ta), n1 = (double)judged(ta);
	double x2 = (double)doc_witnesses(tb), n2 = (double)judged(tb);
	double z = compare_z(x1, n1, x2, n2), p1, p2, lo1, hi1, lo2, hi2, ratio;
	json_t *f;

	if (n1 <= 0 || n2 <= 0)
		return;
	p1 = x1 / n1;
	p2 = x2 / n2;
	ratio = p1 > 0 && p2 > 0 ? (p1 > p2 ? p1 / p2 : p2 / p1) : INFINITY;
	if (fabs(z) <= c->o->z || ratio < c->o->factor)
		return;
	compare_wilson(x1, n1, 2.576, &lo1, &hi1);
	compare_wilson(x2, n2, 2.576, &lo2, &hi2);
	f = finding(c, tb, "rate", false,
		    "witness rate %s: %.4g%% -> %.4g%% (z = %.1f; 99%% Wilson "
		    "[%.4g%%, %.4g%%] -> [%.4g%%, %.4g%%])",
		    z > 0 ? "up" : "down", 100 * p1, 100 * p2, z, 100 * lo1,
		    100 * hi1, 100 * lo2, 100 * hi2);
	json_object_set_new(f, "rate_a", json_real(p1));
	json_object_set_new(f, "rate_b", json_real(p2));
	json_object_set_new(f, "z", json_real(z));
}

/* Known deviations (--known) that t showed: a note, never an alert. */
static void known_note(struct ctx *c, json_t *t)
{
	struct lt_buf l = LT_BUF_INIT;
	json_t *h;
	size_t i;

	if (!doc_u64(t, "known_observed"))
		return;
	json_array_foreach(json_object_get(t, "histogram"), i, h) {
		json_t *k = json_object_get(h, "known");

		if (!json_is_object(k) || !doc_u64(h, "count"))
			continue;
		if (l.len)
			lt_buf_puts(&l, ", ");
		doc_outcome_str(json_object_get(h, "outcome"), &l);
		lt_buf_printf(&l, " x%" PRIu64 " (%s)", doc_u64(h, "count"),
			      doc_str(k, "reason") ?: "");
	}
	finding(c, t, "known", false, "known deviation observed %" PRIu64 " times: %s",
		doc_u64(t, "known_observed"), l.s ? l.s : "");
	lt_buf_free(&l);
}

char *compare_run_arches(json_t *doc)
{
	json_t *set = json_object(), *t, *v;
	struct lt_buf b = LT_BUF_INIT;
	const char **names;
	const char *k;
	size_t i, n = 0;

	json_array_foreach(json_object_get(doc, "tests"), i, t)
		if (doc_str(t, "arch"))
			json_object_set_new(set, doc_str(t, "arch"), json_true());
	names = lt_xcalloc(json_object_size(set) + 1, sizeof(*names));
	json_object_foreach(set, k, v)
		names[n++] = k;
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++)
		lt_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
	free(names);
	json_decref(set);
	return b.s ? lt_buf_steal(&b) : lt_xstrdup("none");
}

/*
 * Runs of different arches compare nothing alike (every test is added or
 * removed): the result says so in "arches", and the command refuses it
 * without --force.
 */
static void compare_arches(struct ctx *c, json_t *r, json_t *a, json_t *b)
{
	char *sa = compare_run_arches(a), *sb = compare_run_arches(b);

	if (strcmp(sa, sb)) {
		json_object_set_new(r, "arches", json_pack("{s:s, s:s}", "a", sa, "b", sb));
		finding(c, NULL, "arch", false, "the runs are of different arches: %s -> %s",
			sa, sb);
	}
	free(sa);
	free(sb);
}

static void compare_test(struct ctx *c, json_t *ta, json_t *tb)
{
	uint64_t fa = doc_u64(ta, "forbidden_observed"), fb = doc_u64(tb, "forbidden_observed");

	if (is_ok(ta) && !is_ok(tb)) {
		finding(c, tb, "status", true, "now %s (was ok): %s",
			doc_str(tb, "status") ?: "?", doc_str(tb, "reason") ?: "");
		return;
	}
	if (!is_ok(ta) && is_ok(tb)) {
		finding(c, tb, "status", false, "runs again (was %s)",
			doc_str(ta, "status") ?: "?");
		return;
	}
	if (!is_ok(tb))
		return;
	known_note(c, tb);
	if (fb && !fa) {
		struct lt_buf l = LT_BUF_INIT;

		forbidden_list(tb, &l);
		finding(c, tb, "forbidden", true,
			"FORBIDDEN outcome observed %" PRIu64 " times (was 0): %s", fb,
			l.s ? l.s : "");
		lt_buf_free(&l);
	} else if (fb) {
		finding(c, tb, "forbidden-persists", false,
			"forbidden outcomes still observed: %" PRIu64 " (was %" PRIu64 ")",
			fb, fa);
	} else if (fa) {
		finding(c, tb, "forbidden-gone", false,
			"no forbidden outcome now (was %" PRIu64 ")", fa);
	}
	compare_outcomes(c, ta, tb);
	compare_rate(c, ta, tb);
}

/* Configuration differences explain many changes: say them first. */
static void compare_config(struct ctx *c, json_t *a, json_t *b)
{
	static const char *const keys[][2] = {
		{ "host", "name" }, { "host", "cpu" }, { "config", "iterations" },
		{ "config", "cc" }, { "config", "cflags" }, { "config", "exec" },
	};

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		json_t *va = json_object_get(json_object_get(a, keys[k][0]), keys[k][1]);
		json_t *vb = json_object_get(json_object_get(b, keys[k][0]), keys[k][1]);
		char *sa, *sb;

		/* json_equal() is false for two absent keys. */
		if ((!va && !vb) || json_equal(va, vb) || (!va && json_is_null(vb)) ||
		    (!vb && json_is_null(va)))
			continue;
		sa = va ? json_dumps(va, JSON_ENCODE_ANY) : NULL;
		sb = vb ? json_dumps(vb, JSON_ENCODE_ANY) : NULL;
		finding(c, NULL, "config", false, "%s.%s differs: %s -> %s", keys[k][0],
			keys[k][1], sa ? sa : "absent", sb ? sb : "absent");
		free(sa);
		free(sb);
	}
}

static json_t *result_new(struct ctx *c, const char *mode)
{
	json_t *r = json_object();

	json_object_set_new(r, "schema", json_string(LT_COMPARE_SCHEMA));
	json_object_set_new(r, "mode", json_string(mode));
	json_object_set_new(r, "test", json_string("two-proportion z-test"));
	json_object_set_new(r, "z", json_real(c->o->z));
	json_object_set_new(r, "factor", json_real(c->o->factor));
	c->findings = json_array();
	return r;
}

static json_t *result_finish(struct ctx *c, json_t *r)
{
	json_object_set_new(r, "alerts", json_integer(c->alerts));
	json_object_set_new(r, "findings", c->findings);
	return r;
}

/* Which names stand for more than one test (name -> key, or true). */
static void name_tests(struct ctx *c, json_t *doc, json_t *keys)
{
	json_t *t, *seen;
	size_t i;

	json_array_foreach(json_object_get(doc, "tests"), i, t) {
		json_t *key = json_array_get(keys, i);

		seen = json_object_get(c->names, doc_test_name(t));
		if (!seen)
			json_object_set(c->names, doc_test_name(t), key);
		else if (json_is_string(seen) && !json_equal(seen, key))
			json_object_set_new(c->names, doc_test_name(t), json_true());
	}
}

/* A new test that already shows something forbidden: loud. */
static void forbidden_new(struct ctx *c, json_t *t)
{
	struct lt_buf l = LT_BUF_INIT;

	if (!doc_u64(t, "forbidden_observed"))
		return;
	forbidden_list(t, &l);
	finding(c, t, "forbidden", true, "FORBIDDEN outcome observed %" PRIu64
		" times: %s", doc_u64(t, "forbidden_observed"), l.s ? l.s : "");
	lt_buf_free(&l);
}

/*
 * Tests are matched by identity (doc.h), through hash tables: two runs of
 * tens of thousands of tests compare in linear time.
 */
json_t *compare_runs(json_t *a, const char *a_name, json_t *b, const char *b_name,
		     const struct lt_compare_opts *o)
{
	struct ctx c = { .o = o };
	json_t *r = result_new(&c, "runs"), *t;
	json_t *ka = doc_test_keys(a), *kb = doc_test_keys(b);
	json_t *ia = doc_test_index(a, ka), *ib = doc_test_index(b, kb);
	size_t i;

	c.names = json_object();
	name_tests(&c, a, ka);
	name_tests(&c, b, kb);
	json_object_set_new(r, "a", json_string(a_name));
	json_object_set_new(r, "b", json_string(b_name));
	compare_arches(&c, r, a, b);
	compare_config(&c, a, b);
	json_array_foreach(json_object_get(b, "tests"), i, t) {
		json_t *ta = json_object_get(ia, json_string_value(json_array_get(kb, i)));

		if (!ta) {
			finding(&c, t, "test-added", false, "test added (%s)",
				doc_str(t, "status") ?: "?");
			forbidden_new(&c, t);
			known_note(&c, t);
			continue;
		}
		if (!doc_same_source(ta, t)) {
			/* Another test under the same path: its results are not comparable. */
			finding(&c, t, "source-changed", false, "source changed (sha256 %.12s "
				"-> %.12s): results not compared", doc_str(ta, "source_sha256"),
				doc_str(t, "source_sha256"));
			forbidden_new(&c, t);
			continue;
		}
		compare_test(&c, ta, t);
	}
	json_array_foreach(json_object_get(a, "tests"), i, t)
		if (!json_object_get(ib, json_string_value(json_array_get(ka, i))))
			finding(&c, t, "test-removed", false, "test removed");
	json_decref(ka);
	json_decref(kb);
	json_decref(ia);
	json_decref(ib);
	json_decref(c.names);
	return result_finish(&c, r);
}

/* The model's allowed states of test t, by outcome string: a new object. */
static json_t *model_states(json_t *t)
{
	struct lt_buf b = LT_BUF_INIT;
	json_t *set = json_object(), *s;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(t, "model"), "allowed"), i, s) {
		lt_buf_reset(&b);
		doc_outcome_str(s, &b);
		json_object_set_new_nocheck(set, b.s ? b.s : "", json_true());
	}
	lt_buf_free(&b);
	return set;
}

json_t *compare_model(json_t *a, const char *a_name, const struct lt_compare_opts *o)
{
	struct ctx c = { .o = o };
	json_t *r = result_new(&c, "model"), *t;
	size_t i;

	json_object_set_new(r, "a", json_string(a_name));
	json_array_foreach(json_object_get(a, "tests"), i, t) {
		const char *verdict;
		json_t *m = json_object_get(t, "model"), *s, *hix, *allowed;
		struct lt_buf l = LT_BUF_INIT;
		size_t j;
		int unseen = 0;

		if (!is_ok(t))
			continue;
		/* Without a model, the test's expectation judged: still an alert. */
		forbidden_list(t, &l);
		if (doc_u64(t, "forbidden_observed"))
			finding(&c, t, "forbidden", true,
				"FORBIDDEN by %s, observed %" PRIu64 " times: %s",
				json_is_object(m) ? doc_str(m, "name") ?: "the model" :
				"the test's expectation",
				doc_u64(t, "forbidden_observed"), l.s ? l.s : "");
		lt_buf_free(&l);
		known_note(&c, t);
		if (!json_is_object(m)) {
			finding(&c, t, "no-model", false, "no model verdict%s%s",
				doc_str(t, "model_error") ? ": " : "",
				doc_str(t, "model_error") ?: "");
			continue;
		}
		verdict = doc_str(m, "verdict");
		/* An allowed witness never seen: the test may be too weak here. */
		if (verdict && !strcmp(verdict, "Allowed") &&
		    !strcmp(doc_str(t, "kind") ?: "", "exists") && !doc_witnesses(t))
			finding(&c, t, "witness-unseen", false,
				"the model allows the condition, never observed in %" PRIu64
				" iterations", judged(t));
		hix = doc_outcome_index(t);
		json_array_foreach(json_object_get(m, "allowed"), j, s) {
			struct lt_buf st = LT_BUF_INIT;
			json_t *h;

			doc_outcome_str(s, &st);
			h = json_object_get(hix, st.s ? st.s : "");
			if (!h || !doc_u64(h, "count"))
				unseen++;
			lt_buf_free(&st);
		}
		json_decref(hix);
		if (unseen)
			finding(&c, t, "allowed-unseen", false,
				"%d of %zu model-allowed states not observed", unseen,
				json_array_size(json_object_get(m, "allowed")));
		/* A state the model knows nothing of but the run did not judge. */
		allowed = model_states(t);
		json_array_foreach(json_object_get(t, "histogram"), j, s) {
			json_t *out = json_object_get(s, "outcome");
			struct lt_buf st = LT_BUF_INIT;

			doc_outcome_str(out, &st);
			if (!json_is_false(json_object_get(s, "allowed")) &&
			    !json_is_true(json_object_get(s, "filtered")) &&
			    doc_u64(s, "count") && !json_object_get(allowed, st.s ? st.s : "")) {
				finding(&c, t, "unjudged", true,
					"observed state %s is not among the model's allowed "
					"states, yet not marked forbidden", st.s ? st.s : "");
			}
			lt_buf_free(&st);
		}
		json_decref(allowed);
	}
	return result_finish(&c, r);
}

void compare_each_finding(json_t *r,
			  void (*fn)(json_t *f, bool alert, const char *name, void *arg),
			  void *arg)
{
	json_t *f;
	size_t i;

	for (int pass = 1; pass >= 0; pass--)
		json_array_foreach(json_object_get(r, "findings"), i, f) {
			bool alert = json_is_true(json_object_get(f, "alert"));

			if (alert == (bool)pass)
				fn(f, alert, doc_str(f, "label") ?: doc_str(f, "test"), arg);
		}
}

/* One line of compare_format. */
static void format_finding(json_t *f, bool alert, const char *test, void *b)
{
	lt_buf_printf(b, "%-6s %-18s %s%s%s\n", alert ? "ALERT" : "note",
		      doc_str(f, "kind"), test ? test : "", test ? ": " : "",
		      doc_str(f, "message"));
}

void compare_format(json_t *r, struct lt_buf *b)
{
	int alerts = (int)json_integer_value(json_object_get(r, "alerts"));

	if (!strcmp(doc_str(r, "mode") ?: "", "model"))
		lt_buf_printf(b, "compare %s against its model verdicts\n", doc_str(r, "a"));
	else
		lt_buf_printf(b, "compare %s -> %s\n", doc_str(r, "a"), doc_str(r, "b"));
	/* The headline: nothing below means much across arches. */
	if (json_is_object(json_object_get(r, "arches")))
		lt_buf_printf(b, "WARNING: runs of different arches (%s -> %s): tests "
			      "match by arch, so they are all added or removed\n",
			      doc_str(json_object_get(r, "arches"), "a"),
			      doc_str(json_object_get(r, "arches"), "b"));
	compare_each_finding(r, format_finding, b);
	lt_buf_printf(b, "%d alert%s, %zu finding%s\n", alerts, alerts == 1 ? "" : "s",
		      json_array_size(json_object_get(r, "findings")),
		      json_array_size(json_object_get(r, "findings")) == 1 ? "" : "s");
}
