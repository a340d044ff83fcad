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

/*
 * A finished test, or a timeout that kept the histogram of the iterations
 * it ran: either has outcomes to add (a state a timeout saw was seen).
 */
static bool has_data(json_t *t)
{
	const char *s = doc_str(t, "status");

	return is_ok(t) || (s && !strcmp(s, "timeout") &&
			    json_is_array(json_object_get(t, "histogram")));
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

/*
 * A merged test that starts as t.  take (merge_runs_take): t itself, which
 * the merge then changes in place.  Else a new object sharing t's members
 * but with a histogram of its own, since merging adds to its counts in
 * place; nothing else of it is changed in place (members are replaced),
 * so the rest of t is not copied.
 */
static json_t *merged_test(json_t *t, bool take)
{
	json_t *m;

	if (take)
		return json_incref(t);
	m = json_copy(t);
	json_object_set_new(m, "histogram", json_deep_copy(json_object_get(t, "histogram")));
	return m;
}

/*
 * Add t's histogram into m's (ix: m's histogram by outcome, kept up to
 * date).  -1 with why if a state has other observables, or a count would
 * pass 2^63 - 1.
 */
static int add_histogram(json_t *m, json_t *ix, json_t *t, char *why, size_t len)
{
	json_t *mh = json_object_get(m, "histogram"), *h;
	struct lt_buf s = LT_BUF_INIT;
	size_t i;
	int rc = 0;

	json_array_foreach(json_object_get(t, "histogram"), i, h) {
		json_t *same, *first = json_array_get(mh, 0);
		uint64_t sum;

		if (first && json_object_size(json_object_get(first, "outcome")) !=
		    json_object_size(json_object_get(h, "outcome"))) {
			snprintf(why, len, "has other observables than in the runs before it");
			rc = -1;
			break;
		}
		lt_buf_reset(&s);
		doc_outcome_str(json_object_get(h, "outcome"), &s);
		same = json_object_get(ix, s.s ? s.s : "");
		if (!same) {
			same = json_deep_copy(h);
			json_array_append_new(mh, same);
			json_object_set_nocheck(ix, s.s ? s.s : "", same);
			continue;
		}
		if (doc_add_count(doc_u64(same, "count"), doc_u64(h, "count"), &sum) < 0) {
			snprintf(why, len, "the count of state %s adds up past 2^63 - 1",
				 s.s ? s.s : "");
			rc = -1;
			break;
		}
		json_object_set_new(same, "count", json_integer((json_int_t)sum));
		/*
		 * Judgements should agree (same test, same model); if they do not,
		 * the stricter one stands, so a forbidden state is never hidden.
		 */
		if (json_is_false(json_object_get(h, "allowed")))
			json_object_set_new(same, "allowed", json_false());
		/* Known only where every run that saw it knew it. */
		if (!json_object_get(h, "known"))
			json_object_del(same, "known");
	}
	lt_buf_free(&s);
	return rc;
}

/*
 * Recompute what follows from the summed histogram, as hist_classify does.
 * -1 with why when a sum passes 2^63 - 1 (JSON's largest integer).
 */
static int recount(json_t *m, char *why, size_t len)
{
	uint64_t pos = 0, neg = 0, forb = 0, known = 0, iters = 0;
	const char *kind = doc_str(m, "kind");
	bool validated, over = false;
	json_t *h;
	size_t i;

	json_array_foreach(json_object_get(m, "histogram"), i, h) {
		uint64_t c = doc_u64(h, "count");

		over |= doc_add_count(iters, c, &iters) < 0;
		if (json_is_true(json_object_get(h, "filtered")))
			continue;
		if (json_is_true(json_object_get(h, "satisfies")))
			over |= doc_add_count(pos, c, &pos) < 0;
		else
			over |= doc_add_count(neg, c, &neg) < 0;
		if (!json_is_false(json_object_get(h, "allowed")))
			continue;
		/* A known deviation (--known) is counted apart: not a failure. */
		if (json_is_object(json_object_get(h, "known")))
			over |= doc_add_count(known, c, &known) < 0;
		else
			over |= doc_add_count(forb, c, &forb) < 0;
	}
	if (over) {
		snprintf(why, len, "its iterations add up past 2^63 - 1");
		return -1;
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
	json_object_set_new(m, "known_observed", json_integer((json_int_t)known));
	/* As the run would exit: 1 for a forbidden state, else 4 for a timeout. */
	json_object_set_new(m, "exit_code", json_integer(forb ? 1 : is_ok(m) ? 0 : 4));
	return 0;
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

/*
 * The runs that docs hold, each once: a new array of run identities, or
 * NULL with why when one is held twice (a run merged with itself, or with
 * a merge that already holds it, would count its iterations twice).
 */
static json_t *distinct_runs(json_t *const *docs, const char *const *names, int n,
			     char *why, size_t len)
{
	json_t *all = json_array(), *where = json_object(), *ids, *id;
	size_t i;

	for (int k = 0; k < n; k++) {
		ids = doc_run_ids(docs[k]);
		json_array_foreach(ids, i, id) {
			json_t *prev = json_object_get(where, json_string_value(id));

			if (prev) {
				snprintf(why, len, "%s and %s both hold run %s: its iterations "
					 "would count twice", names[json_integer_value(prev)],
					 names[k], json_string_value(id));
				json_decref(ids);
				json_decref(where);
				json_decref(all);
				return NULL;
			}
			json_object_set_new(where, json_string_value(id), json_integer(k));
			json_array_append(all, id);
		}
		json_decref(ids);
	}
	json_decref(where);
	return all;
}

/*
 * Tests are matched by identity (doc.h) through hash tables, and each
 * merged histogram keeps an index of its states: merging is linear in
 * the tests and states of the runs.
 */
static json_t *merge(json_t *const *docs, const char *const *names, int n,
		     bool take, char *why, size_t len)
{
	json_t *out, *tests, *from, *t, *cfg, *runs, *index, *outs, *ix;
	char sub[512];

	if (!(runs = distinct_runs(docs, names, n, why, len)))
		return NULL;
	out = json_object();
	tests = json_array();
	from = json_array();
	index = json_object();	/* key -> merged test */
	outs = json_object();	/* key -> that test's histogram by outcome */
	for (int k = 0; k < n; k++) {
		json_t *f = json_object(), *keys = doc_test_keys(docs[k]);
		size_t i;

		json_object_set_new(f, "run", json_string(names[k]));
		json_object_set_new(f, "runs", doc_run_ids(docs[k]));
		json_object_set(f, "host", json_object_get(json_object_get(docs[k], "host"),
							   "name"));
		json_object_set(f, "started", json_object_get(docs[k], "started"));
		if (json_object_get(docs[k], "shard"))
			json_object_set(f, "shard", json_object_get(docs[k], "shard"));
		json_object_set_new(f, "tests", json_integer(
			(json_int_t)json_array_size(json_object_get(docs[k], "tests"))));
		json_array_append_new(from, f);
		json_array_foreach(json_object_get(docs[k], "tests"), i, t) {
			const char *key = json_string_value(json_array_get(keys, i));
			json_t *m = json_object_get(index, key);

			if (!m) {
				m = merged_test(t, take);
				json_object_set_new(m, "provenance", json_array());
				json_array_append_new(tests, m);
				json_object_set_nocheck(index, key, m);
				json_array_append_new(json_object_get(m, "provenance"),
						      provenance(docs[k], names[k], t));
				if (has_data(m) && recount(m, sub, sizeof(sub)) < 0)
					goto bad;
				continue;
			}
			if (!doc_same_source(m, t)) {
				snprintf(sub, sizeof(sub), "its source differs from the runs "
					 "before it (sha256 %s, was %s)", doc_str(t, "source_sha256"),
					 doc_str(m, "source_sha256"));
				goto bad;
			}
			json_array_append_new(json_object_get(m, "provenance"),
					      provenance(docs[k], names[k], t));
			if (!has_data(t))
				continue;
			if (!has_data(m)) {
				/* The first run that finished gives the test its data. */
				json_t *prov = json_incref(json_object_get(m, "provenance"));

				json_object_clear(m);
				json_object_update(m, t);
				json_object_set_new(m, "histogram", json_deep_copy(
					json_object_get(t, "histogram")));
				json_object_set_new(m, "provenance", prov);
				json_object_del(outs, key);
				if (recount(m, sub, sizeof(sub)) < 0)
					goto bad;
				continue;
			}
			/* Most tests are in one run only: index their states when a second comes. */
			ix = json_object_get(outs, key);
			if (!ix) {
				ix = doc_outcome_index(m);
				json_object_set_new_nocheck(outs, key, ix);
			}
			if (add_histogram(m, ix, t, sub, sizeof(sub)) < 0)
				goto bad;
			/* One run finished it: the sum is a finished test's. */
			if (is_ok(t) && !is_ok(m)) {
				json_object_set(m, "status", json_object_get(t, "status"));
				json_object_del(m, "reason");
			}
			json_object_set_new(m, "elapsed_s", json_real(
				doc_real(m, "elapsed_s") + doc_real(t, "elapsed_s")));
			/* Placements differ per run: each is in the provenance. */
			json_object_del(m, "placement");
			if (recount(m, sub, sizeof(sub)) < 0)
				goto bad;
			continue;
bad:
			snprintf(why, len, "%s: test %s (%s): %s", names[k], doc_test_name(t),
				 doc_str(t, "file") ?: "no file", sub);
			json_decref(keys);
			json_decref(out);
			json_decref(tests);
			json_decref(from);
			json_decref(index);
			json_decref(outs);
			json_decref(runs);
			return NULL;
		}
		json_decref(keys);
	}
	json_decref(index);
	json_decref(outs);
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
	/* Every run added up, so that a later merge cannot add one twice. */
	json_object_set_new(out, "merged_runs", runs);
	json_object_set_new(out, "merged_from", from);
	/* No one command line, directory or exit status made a merged run. */
	json_object_set_new(out, "argv", json_null());
	json_object_set_new(out, "cwd", json_null());
	json_object_set_new(out, "exit_code", json_null());
	json_object_set_new(out, "summary", lt_json_summary(tests));
	json_object_set_new(out, "tests", tests);
	return out;
}

json_t *merge_runs(json_t *const *docs, const char *const *names, int n,
		   char *why, size_t len)
{
	return merge(docs, names, n, false, why, len);
}

json_t *merge_runs_take(json_t *const *docs, const char *const *names, int n,
			char *why, size_t len)
{
	return merge(docs, names, n, true, why, len);
}
