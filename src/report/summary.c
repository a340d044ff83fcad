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
	bool judged;		/* a model or an expectation judged it */
	uint64_t forbidden_n;	/* outcomes observed that it forbids */
	uint64_t known_n;	/* iterations of known deviations (--known) */
	double elapsed;
	bool emulated;
	/* instructions the kernel ran as an equivalent sequence (lt_subst) */
	size_t substituted;
	bool resumed;
	bool partial;		/* a timeout that kept the histogram of what it ran */
	bool model_timeout;	/* the model check ran past --model-timeout */
	json_t *sync;		/* the JSON "sync" object, or NULL */
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
		r->judged = r->forbidden_n ||
			    !json_is_null(json_object_get(d, "expectation")) ||
			    json_is_object(json_object_get(d, "model"));
		r->elapsed = json_real_value(json_object_get(d, "elapsed_s"));
		r->emulated = json_is_true(json_object_get(d, "emulated"));
		r->substituted = json_array_size(json_object_get(d, "substituted"));
		r->resumed = true;
		r->sync = json_object_get(d, "sync");
		r->partial = r->status && json_is_array(json_object_get(d, "histogram"));
		{
			const char *me = json_string_value(json_object_get(d, "model_error"));

			/* judge.c: a check past its budget says "timeout: ...". */
			r->model_timeout = me && !strncmp(me, "timeout", 7);
		}
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
	r->known_n = res->known_observed;
	r->judged = res->forbidden_observed || res->expect != LT_EXPECT_NONE || e->model;
	r->elapsed = res->elapsed_s;
	r->emulated = e->emulated;
	r->substituted = e->test ? (size_t)e->test->nsubst : 0;
	r->partial = res->partial;
	r->model_timeout = e->model_timeout;
	r->sync = res->sync;
}

/*
 * After the row of a --sync=auto run: the mode chosen and its calibration
 * figures ("auto: timebase 50 ns, 3.90 M it/s, 3.10 M witn/s (best of 14
 * tried)").
 */
static void auto_note(FILE *f, const struct row *r)
{
	json_t *a = r->sync ? json_object_get(r->sync, "auto") : NULL;
	json_t *tries = a ? json_object_get(a, "tries") : NULL, *c;
	size_t i;

	json_array_foreach(tries, i, c) {
		const char *m = json_string_value(json_object_get(c, "mode"));
		json_int_t set = json_integer_value(json_object_get(c, "setting"));
		bool wits = !doc_str(a, "rank") || !strcmp(doc_str(a, "rank"), "witnesses");

		if (!json_is_true(json_object_get(c, "chosen")) || !m)
			continue;
		fprintf(f, "  auto: %s", m);
		if (!strcmp(m, "timebase"))
			fprintf(f, " %lld ns", (long long)set);
		else if (!strcmp(m, "perpetual"))
			fprintf(f, " delay %lld", (long long)set);
		fprintf(f, ", %.2f M it/s, ",
			json_number_value(json_object_get(c, "iterations_per_s")) / 1e6);
		if (wits)
			fprintf(f, "%.2f M witn/s", json_number_value(
				json_object_get(c, "witnesses_per_s")) / 1e6);
		else
			fprintf(f, "%.0f distinct outcomes/s", json_number_value(
				json_object_get(c, "outcomes_per_s")));
		fprintf(f, " (best of %zu tried)", json_array_size(tries));
	}
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
			lt_var_value_str(t, t->observed[v], &o->vals[v], val, sizeof(val));
			fprintf(f, " %s=%s;", name, val);
		}
		fprintf(f, " seen %" PRIu64 " times: %s\n", o->count, o->known);
	}
}

int summary_width(const struct lt_entry *entries, int n)
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
	return w > 48 ? 48 : w;
}

void summary_header(FILE *f, int w)
{
	fprintf(f, "%-*s %8s %12s %-10s %10s %9s\n", w, "Test", "Outcomes",
		"Witnesses", "Observed", "Forbidden", "Time(s)");
}

void summary_row(FILE *f, const struct lt_entry *e, int w)
{
	struct row r;
	char forbidden[24], subst[48] = "";

	row_of(e, &r);
	if (r.status && !r.partial) {
		fprintf(f, "%-*.*s %8s %12s %-10s %10s %9s  %s%s%s\n", w, w, r.name,
			"-", "-", r.status, "-", "-", r.reason ? r.reason : "",
			r.model_timeout ? "; model: timeout" : "",
			r.resumed ? " (earlier run)" : "");
		return;
	}
	/*
	 * The count of forbidden outcomes observed, in its column: "-" when
	 * nothing judged the test (no model, no expectation).
	 */
	if (r.judged)
		snprintf(forbidden, sizeof(forbidden), "%" PRIu64, r.forbidden_n);
	else
		snprintf(forbidden, sizeof(forbidden), "-");
	/*
	 * A timeout's partial histogram counts as seen; the row says so, and
	 * so does a model that ran out of time ("-" alone would read as
	 * "nothing to judge by").
	 */
	/* A kernel that ran an instruction as another sequence says so. */
	if (r.substituted)
		snprintf(subst, sizeof(subst), "  (%zu insn%s substituted)", r.substituted,
			 r.substituted == 1 ? "" : "s");
	fprintf(f, "%-*.*s %8lld %12" PRIu64 " %-10s %10s %9.2f%s%s%s%s%s%s", w, w,
		r.name, r.outcomes, r.witnesses, r.observation ? r.observation : "?",
		forbidden, r.elapsed, r.model_timeout ? "  model: timeout" : "",
		r.partial ? "  timeout: " : "", r.partial && r.reason ? r.reason : "",
		r.emulated ? "  (emulated)" : "", subst, r.resumed ? "  (earlier run)" : "");
	auto_note(f, &r);
	fputc('\n', f);
	if (r.known_n)
		known_lines(f, w, e);
}

void summary_print(FILE *f, const struct lt_entry *entries, int n)
{
	int w = summary_width(entries, n);

	summary_header(f, w);
	for (int k = 0; k < n; k++)
		summary_row(f, &entries[k], w);
}
