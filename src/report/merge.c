/* SPDX-License-Identifier: MIT */
/*
 * Merging runs of the same suite (shards of one night, or several machines
 * of one arch): histograms add, every derived count is recomputed from the
 * sums, and each test keeps the list of runs that contributed to it.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report/doc.h"
#include "report/json.h"
#include "report/merge.h"

static bool is_ok(json_t *t)
{
	const char *s = doc_str(t, "status");

	return s && !strcmp(s, "ok");
}

static json_t *provenance(json_t *doc, const char *name, json_t *t)
{
	json_t *p = json_object();

	json_object_set_new(p, "run", json_string(name));
	json_object_set(p, "host", json_object_get(json_object_get(doc, "host"), "name"));
	json_object_set(p, "started", json_object_get(doc, "started"));
	json_object_set(p, "status", json_object_get(t, "status"));
	json_object_set_new(p, "iterations", json_integer(
		(json_int_t)doc_u64(t, "iterations")));
	json_object_set(p, "forbidden_observed", json_object_get(t, "forbidden_observed"));
	if (json_object_get(t, "placement"))
		json_object_set(p, "placement", json_object_get(t, "placement"));
	if (json_object_get(t, "emulated"))
		json_object_set(p, "emulated", json_object_get(t, "emulated"));
	return p;
}

/* Add t's histogram into m's; -1 if a state has other observables. */
static int add_histogram(json_t *m, json_t *t)
{
	json_t *mh = json_object_get(m, "histogram"), *h;
	struct lt_buf s = LT_BUF_INIT;
	size_t i;
	int rc = 0;

	json_array_foreach(json_object_get(t, "histogram"), i, h) {
		json_t *same, *first = json_array_get(mh, 0);

		if (first && json_object_size(json_object_get(first, "outcome")) !=
		    json_object_size(json_object_get(h, "outcome"))) {
			rc = -1;
			break;
		}
		lt_buf_reset(&s);
		doc_outcome_str(json_object_get(h, "outcome"), &s);
		same = doc_find_outcome(m, s.s);
		if (!same) {
			json_array_append_new(mh, json_deep_copy(h));
			continue;
		}
		json_object_set_new(same, "count", json_integer(
			(json_int_t)(doc_u64(same, "count") + doc_u64(h, "count"))));
		/*
		 * Judgements should agree (same test, same model); if they do not,
		 * the stricter one stands, so a forbidden state is never hidden.
		 */
		if (json_is_false(json_object_get(h, "allowed")))
			json_object_set_new(same, "allowed", json_false());
	}
	lt_buf_free(&s);
	return rc;
}

/* Recompute what follows from the summed histogram, as hist_classify does. */
static void recount(json_t *m)
{
	uint64_t pos = 0, neg = 0, forb = 0, iters = 0;
	const char *kind = doc_str(m, "kind");
	bool validated;
	json_t *h;
	size_t i;

	json_array_foreach(json_object_get(m, "histogram"), i, h) {
		uint64_t c = doc_u64(h, "count");

		iters += c;
		if (json_is_true(json_object_get(h, "filtered")))
			continue;
		if (json_is_true(json_object_get(h, "satisfies")))
			pos += c;
		else
			neg += c;
		if (json_is_false(json_object_get(h, "allowed")))
			forb += c;
	}
	if (kind && !strcmp(kind, "~exists"))
		validated = pos == 0;
	else if (kind && !strcmp(kind, "forall"))
		validated = neg == 0;
	else
		validated = pos > 0;
	json_object_set_new(m, "iterations", json_integer((json_int_t)iters));
	json_object_set_new(m, "positive", json_integer((json_int_t)pos));
	json_object_set_new(m, "negative", json_integer((json_int_t)neg));
	json_object_set_new(m, "observation", json_string(
		pos == 0 ? "Never" : neg == 0 ? "Always" : "Sometimes"));
	json_object_set_new(m, "validated", json_boolean(validated));
	json_object_set_new(m, "forbidden_observed", json_integer((json_int_t)forb));
	json_object_set_new(m, "exit_code", json_integer(forb ? 1 : 0));
}

static json_t *merged_host(json_t *const *docs, int n)
{
	json_t *first = json_object_get(docs[0], "host"), *names = json_array(), *h;
	bool same = true;

	for (int k = 0; k < n; k++) {
		json_t *nm = json_object_get(json_object_get(docs[k], "host"), "name");
		bool seen = false;
		size_t i;
		json_t *v;

		json_array_foreach(names, i, v)
			seen |= json_equal(v, nm);
		if (!seen && nm)
			json_array_append(names, nm);
		same &= json_equal(json_object_get(json_object_get(docs[k], "host"), "cpu"),
				   json_object_get(first, "cpu"));
	}
	if (json_array_size(names) <= 1 && same) {
		json_decref(names);
		return json_deep_copy(first);
	}
	h = json_object();
	/* Several machines: the run's host is the set of them. */
	json_object_set_new(h, "name", json_string("merged"));
	json_object_set(h, "arch", json_object_get(first, "arch"));
	json_object_set_new(h, "names", names);
	return h;
}

json_t *merge_runs(json_t *const *docs, const char *const *names, int n,
		   char *why, size_t len)
{
	json_t *out = json_object(), *tests = json_array(), *from = json_array(), *t;
	json_t *cfg;

	for (int k = 0; k < n; k++) {
		json_t *f = json_object();
		size_t i;

		json_object_set_new(f, "run", json_string(names[k]));
		json_object_set(f, "host", json_object_get(json_object_get(docs[k], "host"),
							   "name"));
		json_object_set(f, "started", json_object_get(docs[k], "started"));
		if (json_object_get(docs[k], "shard"))
			json_object_set(f, "shard", json_object_get(docs[k], "shard"));
		json_object_set_new(f, "tests", json_integer(
			(json_int_t)json_array_size(json_object_get(docs[k], "tests"))));
		json_array_append_new(from, f);
		json_array_foreach(json_object_get(docs[k], "tests"), i, t) {
			const char *key = doc_test_key(t);
			json_t *m = NULL, *x;
			size_t j;

			json_array_foreach(tests, j, x)
				if (!strcmp(doc_test_key(x), key))
					m = x;
			if (!m) {
				m = json_deep_copy(t);
				json_object_set_new(m, "provenance", json_array());
				json_array_append_new(tests, m);
				json_array_append_new(json_object_get(m, "provenance"),
						      provenance(docs[k], names[k], t));
				if (is_ok(m))
					recount(m);
				continue;
			}
			json_array_append_new(json_object_get(m, "provenance"),
					      provenance(docs[k], names[k], t));
			if (!is_ok(t))
				continue;
			if (!is_ok(m)) {
				/* The first run that finished gives the test its data. */
				json_t *prov = json_incref(json_object_get(m, "provenance"));

				json_object_clear(m);
				json_object_update(m, t);
				json_object_set_new(m, "histogram", json_deep_copy(
					json_object_get(t, "histogram")));
				json_object_set_new(m, "provenance", prov);
				recount(m);
				continue;
			}
			if (add_histogram(m, t) < 0) {
				snprintf(why, len, "%s: test %s has other observables than "
					 "in the runs before it", names[k], key);
				json_decref(out);
				json_decref(tests);
				json_decref(from);
				return NULL;
			}
			json_object_set_new(m, "elapsed_s", json_real(
				doc_real(m, "elapsed_s") + doc_real(t, "elapsed_s")));
			/* Placements differ per run: each is in the provenance. */
			json_object_del(m, "placement");
			recount(m);
		}
	}
	json_object_set_new(out, "schema", json_string(LT_JSON_SCHEMA));
	json_object_set(out, "tool", json_object_get(docs[0], "tool"));
	json_object_set_new(out, "host", merged_host(docs, n));
	cfg = json_deep_copy(json_object_get(docs[0], "config"));
	if (!cfg)
		cfg = json_object();
	/* Per test, "iterations" is the sum; the config keeps one run's -n. */
	json_object_set_new(out, "config", cfg);
	json_object_set(out, "started", json_object_get(docs[0], "started"));
	json_object_set(out, "finished", json_object_get(docs[n - 1], "finished"));
	json_object_set_new(out, "merged_from", from);
	json_object_set_new(out, "tests", tests);
	return out;
}
