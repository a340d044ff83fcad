/* SPDX-License-Identifier: MIT */
/* Summary table: test, outcomes, witnesses, observation, forbidden, time. */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "report/doc.h"
#include "report/summary.h"
/* The one header of the run layer the report layer reads (see there). */
#include "run/entry.h"

/* One line of the table, from a fresh result or from a stored (resumed) one. */
struct row {
	const char *name;
	const char *status;	/* NULL when ok */
	const char *reason;
	long long outcomes;
	uint64_t witnesses;
	const char *observation;
	const char *forbidden;	/* "-", "0", "known" or "YES" */
	uint64_t forbidden_n;
	uint64_t known_n;	/* iterations of known deviations (--known) */
	double elapsed;
	bool emulated;
	bool resumed;
};

static void row_of(const struct lt_entry *e, struct row *r)
{
	const struct lt_result *res = &e->result;

	memset(r, 0, sizeof(*r));
	if (e->done) {
		json_t *d = e->done;
		const char *st = json_string_value(json_object_get(d, "status"));

		r->name = json_string_value(json_object_get(d, "name"));
		r->status = st && strcmp(st, "ok") ? st : NULL;
		r->reason = json_string_value(json_object_get(d, "reason"));
		r->outcomes = (long long)json_array_size(json_object_get(d, "histogram"));
		r->witnesses = (uint64_t)json_integer_value(json_object_get(d, "positive"));
		r->observation = json_string_value(json_object_get(d, "observation"));
		r->forbidden_n = (uint64_t)json_integer_value(
			json_object_get(d, "forbidden_observed"));
		r->known_n = (uint64_t)json_integer_value(
			json_object_get(d, "known_observed"));
		r->forbidden = r->forbidden_n ? "YES" : r->known_n ? "known" :
			       (json_is_null(json_object_get(d, "expectation")) &&
				!json_is_object(json_object_get(d, "model"))) ? "-" : "0";
		r->elapsed = json_real_value(json_object_get(d, "elapsed_s"));
		r->emulated = json_is_true(json_object_get(d, "emulated"));
		r->resumed = true;
		if (!r->name)
			r->name = e->file;
		return;
	}
	r->name = e->test ? e->test->name : e->file;
	r->status = res->status == LT_ST_OK ? NULL : lt_status_name(res->status);
	r->reason = res->reason;
	r->outcomes = res->nouts;
	r->witnesses = res->positive;
	r->observation = lt_observation_name(res->observation);
	r->forbidden_n = res->forbidden_observed;
	/* "-": nothing judged this test (no model, no expectation). */
	r->known_n = res->known_observed;
	r->forbidden = res->forbidden_observed ? "YES" : res->known_observed ? "known" :
		       (res->expect == LT_EXPECT_NONE && !e->model) ? "-" : "0";
	r->elapsed = res->elapsed_s;
	r->emulated = e->emulated;
}

/*
 * Under a test's row, each known deviation it showed: an expected failure,
 * never hidden.  The state is written as the reports (and --known) write it.
 */
static void known_lines(FILE *f, int w, const struct lt_entry *e)
{
	const struct lt_test *t = e->test;

	if (e->done) {
		json_t *h;
		size_t i;

		json_array_foreach(json_object_get(e->done, "histogram"), i, h) {
			json_t *k = json_object_get(h, "known");
			struct lt_buf s = LT_BUF_INIT;

			if (!json_is_object(k))
				continue;
			doc_outcome_str(json_object_get(h, "outcome"), &s);
			fprintf(f, "%*s ^ known: %s seen %" PRIu64 " times: %s\n", w, "",
				s.s ? s.s : "", doc_u64(h, "count"), doc_str(k, "reason") ?: "");
			lt_buf_free(&s);
		}
		return;
	}
	for (int j = 0; t && j < e->result.nouts; j++) {
		const struct lt_outcome *o = &e->result.outs[j];

		if (!o->known)
			continue;
		fprintf(f, "%*s ^ known:", w, "");
		for (int v = 0; v < t->nobserved; v++) {
			char name[160], val[160];

			lt_var_name(t, t->observed[v], name, sizeof(name));
			hist_value_str(t, &o->vals[v], val, sizeof(val));
			fprintf(f, " %s=%s;", name, val);
		}
		fprintf(f, " seen %" PRIu64 " times: %s\n", o->count, o->known);
	}
}

void summary_print(FILE *f, const struct lt_entry *entries, int n)
{
	struct row r;
	int w = 4;

	for (int k = 0; k < n; k++) {
		int l;

		row_of(&entries[k], &r);
		l = (int)strlen(r.name);
		if (l > w)
			w = l;
	}
	if (w > 48)
		w = 48;
	fprintf(f, "%-*s %8s %12s %-10s %10s %9s\n", w, "Test", "Outcomes",
		"Witnesses", "Observed", "Forbidden", "Time(s)");
	for (int k = 0; k < n; k++) {
		row_of(&entries[k], &r);
		if (r.status) {
			fprintf(f, "%-*.*s %8s %12s %-10s %10s %9s  %s%s\n", w, w, r.name,
				"-", "-", r.status, "-", "-", r.reason ? r.reason : "",
				r.resumed ? " (earlier run)" : "");
			continue;
		}
		fprintf(f, "%-*.*s %8lld %12" PRIu64 " %-10s %10s %9.2f%s%s\n", w, w,
			r.name, r.outcomes, r.witnesses, r.observation ? r.observation : "?",
			r.forbidden, r.elapsed, r.emulated ? "  (emulated)" : "",
			r.resumed ? "  (earlier run)" : "");
		if (r.forbidden_n)
			fprintf(f, "%*s ^ %" PRIu64 " forbidden outcome(s) observed\n",
				w, "", r.forbidden_n);
		if (r.known_n)
			known_lines(f, w, &entries[k]);
	}
}
