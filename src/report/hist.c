/* SPDX-License-Identifier: MIT */
/* Reading raw histograms back from test executables, and judging outcomes. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "report/hist.h"
#include "util/buf.h"

const char *lt_status_name(enum lt_status s)
{
	static const char *const names[] = {
		[LT_ST_OK] = "ok", [LT_ST_SKIPPED] = "skipped",
		[LT_ST_TIMEOUT] = "timeout", [LT_ST_CRASHED] = "crashed",
		[LT_ST_ERROR] = "error",
	};

	return names[s];
}

const char *lt_observation_name(enum lt_observation o)
{
	return o == LT_OBS_NEVER ? "Never" :
	       o == LT_OBS_ALWAYS ? "Always" : "Sometimes";
}

/*
 * A count: decimal digits, at most 2^63 - 1 (the JSON document's largest
 * integer; a larger one would be written wrapped, negative).
 */
static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return (errno || *end || *out > (uint64_t)INT64_MAX) ? -1 : 0;
}

/* a += b unless the sum passes 2^63 - 1: 0 or -1. */
static int add_count(uint64_t *a, uint64_t b)
{
	if (*a > (uint64_t)INT64_MAX || b > (uint64_t)INT64_MAX - *a)
		return -1;
	*a += b;
	return 0;
}

/*
 * A value of observable var as the kernel prints it: a location's name, or
 * an integer in either reading of the observable's bit pattern (a kernel
 * built by an older litmus-run printed registers at their access width),
 * reduced to the observable's form so that it keys, compares and prints
 * as the model's values do.
 */
static int parse_value(const struct lt_test *t, struct lt_var var,
		       const char *s, struct lt_value *v)
{
	struct lt_form f = lt_var_form(t, var);
	char *end;

	memset(v, 0, sizeof(*v));
	errno = 0;
	if (*s == '-' && s[1] >= '0' && s[1] <= '9') {
		v->i = strtoll(s, &end, 10);
	} else if (*s >= '0' && *s <= '9') {
		v->i = (int64_t)strtoull(s, &end, 10);
	} else {
		v->loc = lt_test_find_loc(t, s);
		v->is_sym = true;
		return v->loc < 0 ? -1 : 0;
	}
	/* A 64-bit form takes any int64 or uint64 (strto* set ERANGE past them). */
	if (errno || *end || !lt_form_fits(f, v->i))
		return -1;
	v->i = lt_form_reduce(f, v->i);
	return 0;
}

/* Do two outcomes show the same state, both filtered or both not? */
static bool same_state(const struct lt_test *t, const struct lt_outcome *a,
		       const struct lt_outcome *b)
{
	if (a->filtered != b->filtered)
		return false;
	for (int v = 0; v < t->nobserved; v++) {
		const struct lt_value *x = &a->vals[v], *y = &b->vals[v];

		if (x->is_sym != y->is_sym || (x->is_sym ? x->loc != y->loc : x->i != y->i))
			return false;
	}
	return true;
}

/*
 * One "state COUNT name=value..." line, its count added to *sum; tokens
 * are space-separated.  The kernel prints every recorded observable
 * (ir.h): the filter is judged on them all, then the state is projected
 * onto the shown ones, merged with an outcome that shows the same.
 */
static int parse_state(const struct lt_test *t, char *line,
		       struct lt_result *r, uint64_t *sum, char *why, size_t len)
{
	struct lt_outcome o = { 0 };
	char *save = NULL, *tok;
	int k = 0;

	tok = strtok_r(line, " ", &save);
	if (!tok || parse_u64(tok, &o.count) < 0) {
		snprintf(why, len, "bad count in state line");
		return -1;
	}
	o.vals = lt_xcalloc((size_t)t->nrecorded + 1, sizeof(*o.vals));
	while ((tok = strtok_r(NULL, " ", &save))) {
		char *eq = strchr(tok, '='), name[160];

		if (!eq || k >= t->nrecorded)
			goto bad;
		*eq = '\0';
		lt_var_name(t, t->observed[k], name, sizeof(name));
		if (strcmp(name, tok) ||
		    parse_value(t, t->observed[k], eq + 1, &o.vals[k]) < 0)
			goto bad;
		k++;
	}
	if (k != t->nrecorded)
		goto bad;
	if (add_count(sum, o.count) < 0) {
		free(o.vals);
		snprintf(why, len, "histogram counts add up past 2^63 - 1");
		return -1;
	}
	o.filtered = t->filter && !lt_cond_eval(t, t->filter, o.vals);
	for (int j = 0; j < r->nouts && t->nrecorded > t->nobserved; j++) {
		if (!same_state(t, &r->outs[j], &o))
			continue;
		free(o.vals);
		/* Never past the sum, which is within 2^63 - 1. */
		r->outs[j].count += o.count;
		return 0;
	}
	r->outs = lt_xrealloc(r->outs, (size_t)(r->nouts + 1) * sizeof(*r->outs));
	r->outs[r->nouts++] = o;
	return 0;
bad:
	free(o.vals);
	snprintf(why, len, "state line does not match the test's observables");
	return -1;
}

static int parse_placement(char *rest, struct lt_result *r)
{
	char *save = NULL, *tok;

	for (tok = strtok_r(rest, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		struct lt_placement p;

		if (sscanf(tok, "%d:%d", &p.thread, &p.pu) != 2)
			return -1;
		p.instance = 0;
		r->placement = lt_xrealloc(r->placement,
					   (size_t)(r->nplacement + 1) * sizeof(p));
		r->placement[r->nplacement++] = p;
	}
	return 0;
}

/*
 * "sync MODE KEY=NUMBER..." and "calibration DELAY ITERS/S WITNESSES/S"
 * lines (src/runtime/output.c) into r->sync, as the JSON "sync" object.
 */
/* Whether v is an integer a json_int_t holds exactly (no UB in the cast). */
static bool is_int64(double v)
{
	return v >= -9.2e18 && v <= 9.2e18 && v == (double)(json_int_t)v;
}

/* r->sync's member key (r->sync made if need be), made by make() when absent. */
static json_t *sync_member(struct lt_result *r, const char *key, json_t *(*make)(void))
{
	json_t *v;

	if (!r->sync)
		r->sync = json_object();
	v = json_object_get(r->sync, key);
	if (!v) {
		v = make();
		json_object_set_new(r->sync, key, v);
	}
	return v;
}

static int parse_sync(const char *key, char *rest, struct lt_result *r)
{
	char *save = NULL, *w;

	if (!strcmp(key, "sync")) {
		w = strtok_r(rest, " ", &save);
		if (!w)
			return -1;
		if (!r->sync)
			r->sync = json_object();
		json_object_set_new(r->sync, "mode", json_string(w));
		while ((w = strtok_r(NULL, " ", &save))) {
			char *eq = strchr(w, '='), *end;
			double v;

			if (!eq || eq == w)
				return -1;
			*eq++ = '\0';
			v = strtod(eq, &end);
			/* JSON has no NaN or infinity. */
			if (end == eq || *end || !isfinite(v))
				return -1;
			if (!strcmp(w, "calibrated"))
				json_object_set_new(r->sync, w, json_boolean(v != 0));
			else
				json_object_set_new(r->sync, w, is_int64(v) ?
						    json_integer((json_int_t)v) : json_real(v));
		}
		return 0;
	} else {
		double d[3];
		json_t *c, *arr;

		for (int k = 0; k < 3; k++) {
			char *end;

			w = strtok_r(k ? NULL : rest, " ", &save);
			if (!w)
				return -1;
			d[k] = strtod(w, &end);
			if (end == w || *end || !isfinite(d[k]))
				return -1;
		}
		arr = sync_member(r, "calibration", json_array);
		c = json_object();
		json_object_set_new(c, "delay", is_int64(d[0]) ? json_integer((json_int_t)d[0]) :
				    json_real(d[0]));
		json_object_set_new(c, "iterations_per_s", json_real(d[1]));
		json_object_set_new(c, "witnesses_per_s", json_real(d[2]));
		json_array_append_new(arr, c);
		return 0;
	}
}

/*
 * --sync=auto's "auto rank=R forbidden=F rounds=N injected=I" and
 * "auto-try MODE SETTING ITERS ITERS/S WITNESSES/S OUTCOMES/S CHOSEN" lines
 * (src/runtime/output.c) into r->sync's "auto" object.
 */
static int parse_auto(const char *key, char *rest, struct lt_result *r)
{
	static const char *const tkeys[] = { "setting", "iterations",
		"iterations_per_s", "witnesses_per_s", "outcomes_per_s", "chosen" };
	char *save = NULL, *w;
	json_t *a, *o;

	a = sync_member(r, "auto", json_object);
	if (!strcmp(key, "auto")) {
		while ((w = strtok_r(save ? NULL : rest, " ", &save))) {
			char *eq = strchr(w, '='), *end;
			long v;

			if (!eq || eq == w)
				return -1;
			*eq++ = '\0';
			if (!strcmp(w, "rank")) {
				json_object_set_new(a, w, json_string(eq));
				continue;
			}
			v = strtol(eq, &end, 10);
			if (end == eq || *end)
				return -1;
			if (!strcmp(w, "forbidden"))
				json_object_set_new(a, w, v < 0 ? json_null() : json_boolean(v));
			else if (!strcmp(w, "injected"))
				json_object_set_new(a, w, json_boolean(v));
			else
				json_object_set_new(a, w, json_integer(v));
		}
		return 0;
	}
	w = strtok_r(rest, " ", &save);
	if (!w)
		return -1;
	o = json_object();
	json_object_set_new(o, "mode", json_string(w));
	for (int k = 0; k < 6; k++) {
		char *end;
		double d;

		w = strtok_r(NULL, " ", &save);
		d = w ? strtod(w, &end) : 0;
		if (!w || end == w || *end || !isfinite(d)) {
			json_decref(o);
			return -1;
		}
		json_object_set_new(o, tkeys[k], k == 5 ? json_boolean(d != 0) :
				    is_int64(d) && k < 2 ? json_integer((json_int_t)d) :
				    json_real(d));
	}
	if (!json_object_get(a, "tries"))
		json_object_set_new(a, "tries", json_array());
	json_array_append_new(json_object_get(a, "tries"), o);
	return 0;
}

/*
 * The runtime's "counters" line: "NAME=VALUE..." (event names may hold
 * '=', values never do), "unavailable: REASON" ("unavailable REASON"
 * before --counters), or "off".
 */
static int parse_counters(char *rest, struct lt_result *r)
{
	char *save = NULL, *w;
	size_t n = strlen("unavailable");

	free(r->counters);
	r->counters = NULL;
	if (r->counter_values)
		json_decref(r->counter_values);
	r->counter_values = NULL;
	if (!strcmp(rest, "off")) {
		r->counters = lt_xstrdup(rest);
		return 0;
	}
	if (!strncmp(rest, "unavailable", n) &&
	    (!rest[n] || rest[n] == ' ' || rest[n] == ':')) {
		struct lt_buf b = LT_BUF_INIT;
		const char *why = rest + n + (rest[n] == ':');

		why += strspn(why, " ");
		lt_buf_printf(&b, "unavailable: %s", why);
		r->counters = lt_buf_steal(&b);
		return 0;
	}
	r->counters = lt_xstrdup(rest);
	r->counter_values = json_object();
	for (w = strtok_r(rest, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		char *eq = strrchr(w, '=');
		uint64_t v;

		if (!eq || eq == w || parse_u64(eq + 1, &v) < 0)
			return -1;
		*eq = '\0';
		json_object_set_new(r->counter_values, w, json_integer((json_int_t)v));
	}
	return json_object_size(r->counter_values) ? 0 : -1;
}

int hist_parse_raw(const struct lt_test *t, const char *text,
		   struct lt_result *r, char *why, size_t len)
{
	char *copy = lt_xstrdup(text), *save = NULL, *line;
	bool header = false, end = false;
	uint64_t sum = 0;
	int rc = -1;

	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *rest = strchr(line, ' ');

		if (rest)
			*rest++ = '\0';
		else
			rest = line + strlen(line);
		if (!header) {
			if (strcmp(line, "litmus-raw") || strcmp(rest, "1")) {
				snprintf(why, len, "not litmus-raw 1 output");
				goto out;
			}
			header = true;
		} else if (!strcmp(line, "state")) {
			if (parse_state(t, rest, r, &sum, why, len) < 0)
				goto out;
		} else if (!strcmp(line, "iterations")) {
			if (parse_u64(rest, &r->iterations) < 0)
				goto bad;
		} else if (!strcmp(line, "elapsed")) {
			r->elapsed_s = strtod(rest, NULL);
			if (!isfinite(r->elapsed_s))
				goto bad;
		} else if (!strcmp(line, "pus")) {
			r->pus = atoi(rest);
		} else if (!strcmp(line, "pinning")) {
			free(r->pinning);
			r->pinning = lt_xstrdup(rest);
		} else if (!strcmp(line, "placement")) {
			if (parse_placement(rest, r) < 0)
				goto bad;
		} else if (!strcmp(line, "oversubscribed")) {
			r->oversubscribed = atoi(rest) != 0;
		} else if (!strcmp(line, "counters")) {
			if (parse_counters(rest, r) < 0)
				goto bad;
		} else if (!strcmp(line, "instances")) {
			r->instances = atoi(rest);
			if (r->instances < 1)
				goto bad;
		} else if (!strcmp(line, "layout")) {
			char *save2 = NULL;

			if (r->layout)
				json_decref(r->layout);
			r->layout = json_object();
			for (char *w = strtok_r(rest, " ", &save2); w;
			     w = strtok_r(NULL, " ", &save2)) {
				char *eq = strchr(w, '=');

				if (!eq)
					goto bad;
				*eq++ = '\0';
				if (*eq >= '0' && *eq <= '9')
					json_object_set_new(r->layout, w,
							    json_integer(atoll(eq)));
				else
					json_object_set_new(r->layout, w, json_string(eq));
			}
		} else if (!strcmp(line, "auto") || !strcmp(line, "auto-try")) {
			if (parse_auto(line, rest, r) < 0)
				goto bad;
		} else if (!strcmp(line, "sync") || !strcmp(line, "calibration")) {
			if (parse_sync(line, rest, r) < 0)
				goto bad;
		} else if (!strcmp(line, "litmus-raw-error")) {
			snprintf(why, len, "test executable failed: %s", rest);
			goto out;
		} else if (!strcmp(line, "end")) {
			end = true;
			break;
		}
		/* Other keys (test, threads) are informative; newer ones are ignored. */
	}
	if (!header) {
		snprintf(why, len, "no output from the test executable");
		goto out;
	}
	if (!end) {
		snprintf(why, len, "truncated output from the test executable");
		goto out;
	}
	/* Instance k's thread t is numbered k * nthreads + t in the raw output. */
	if (r->instances < 1)
		r->instances = 1;
	/* Counters are thread 0's of instance 0, which ran 1/instances of them. */
	r->counted_iterations = r->iterations / (uint64_t)r->instances;
	for (int k = 0; k < r->nplacement && t->nthreads > 0; k++) {
		r->placement[k].instance = r->placement[k].thread / t->nthreads;
		r->placement[k].thread %= t->nthreads;
	}
	if (sum != r->iterations) {
		snprintf(why, len, "histogram counts add up to %" PRIu64
			 ", not the %" PRIu64 " iterations", sum, r->iterations);
		goto out;
	}
	rc = 0;
	goto out;
bad:
	snprintf(why, len, "malformed '%s' line in raw output", line);
out:
	free(copy);
	return rc;
}

/*
 * What the expectation says of a state: forbidden states are those that
 * satisfy an exists/~exists proposition the expectation rules out, or that
 * falsify a forall the expectation requires.
 */
static enum lt_tristate judge(enum lt_quant q, enum lt_expect e, bool sat)
{
	switch (e) {
	case LT_EXPECT_FORBIDDEN:
		if (q == LT_Q_FORALL)
			return sat ? LT_UNKNOWN : LT_YES;
		return sat ? LT_NO : LT_UNKNOWN;
	case LT_EXPECT_ALLOWED:
		if (q == LT_Q_FORALL)
			return sat ? LT_UNKNOWN : LT_YES;
		return sat ? LT_YES : LT_UNKNOWN;
	case LT_EXPECT_REQUIRED:
		return sat ? LT_YES : LT_NO;
	case LT_EXPECT_NONE:
		break;
	}
	return LT_UNKNOWN;
}

void hist_classify(const struct lt_test *t, struct lt_result *r,
		   enum lt_expect expect, const char *expect_source)
{
	/* With no expectation, "~exists" itself asserts the state is forbidden. */
	if (expect == LT_EXPECT_NONE && t->quant == LT_Q_NOT_EXISTS) {
		expect = LT_EXPECT_FORBIDDEN;
		expect_source = "condition";
	}
	r->expect = expect;
	r->expect_source = expect == LT_EXPECT_NONE ? NULL : expect_source;
	r->positive = r->negative = r->forbidden_observed = 0;
	for (int k = 0; k < r->nouts; k++) {
		struct lt_outcome *o = &r->outs[k];

		/* o->filtered: judged when it was read (parse_state). */
		o->satisfies = lt_cond_eval(t, t->cond, o->vals);
		o->allowed = o->filtered ? LT_UNKNOWN :
			     judge(t->quant, expect, o->satisfies);
		if (o->filtered)
			continue;
		if (o->satisfies)
			r->positive += o->count;
		else
			r->negative += o->count;
		if (o->allowed == LT_NO)
			r->forbidden_observed += o->count;
	}
	r->observation = r->positive == 0 ? LT_OBS_NEVER :
			 r->negative == 0 ? LT_OBS_ALWAYS : LT_OBS_SOMETIMES;
	switch (t->quant) {
	case LT_Q_EXISTS:
		r->validated = r->positive > 0;
		break;
	case LT_Q_NOT_EXISTS:
		r->validated = r->positive == 0;
		break;
	case LT_Q_FORALL:
		r->validated = r->negative == 0;
		break;
	}
}

void hist_apply_model(const struct lt_test *t, struct lt_result *r,
		      const struct lt_model_result *m)
{
	r->forbidden_observed = 0;
	for (int k = 0; k < r->nouts; k++) {
		struct lt_outcome *o = &r->outs[k];

		if (o->filtered)
			continue;
		o->allowed = model_state_allowed(t, m, o->vals) ? LT_YES : LT_NO;
		if (o->allowed == LT_NO)
			r->forbidden_observed += o->count;
	}
}

static int cmp_value(const struct lt_test *t, struct lt_var var,
		     const struct lt_value *a, const struct lt_value *b)
{
	if (a->is_sym != b->is_sym)
		return a->is_sym ? 1 : -1;
	if (a->is_sym)
		return strcmp(t->locs[a->loc].name, t->locs[b->loc].name);
	return lt_form_cmp(lt_var_form(t, var), a->i, b->i);
}

static int cmp_outcome(const void *pa, const void *pb, void *ctx)
{
	const struct lt_outcome *a = pa, *b = pb;
	const struct lt_test *t = ctx;

	for (int k = 0; k < t->nobserved; k++) {
		int c = cmp_value(t, t->observed[k], &a->vals[k], &b->vals[k]);

		if (c)
			return c;
	}
	/* One state shown both kept and filtered: the kept one first. */
	return (int)a->filtered - (int)b->filtered;
}

void hist_sort(const struct lt_test *t, struct lt_result *r)
{
	if (r->nouts > 1)
		qsort_r(r->outs, (size_t)r->nouts, sizeof(*r->outs), cmp_outcome,
			(void *)t);
}

void lt_result_free(struct lt_result *r)
{
	for (int k = 0; k < r->nouts; k++)
		free(r->outs[k].vals);
	free(r->outs);
	free(r->reason);
	free(r->pinning);
	free(r->placement);
	free(r->counters);
	if (r->counter_values)
		json_decref(r->counter_values);
	if (r->sync)
		json_decref(r->sync);
	if (r->layout)
		json_decref(r->layout);
	if (r->scan)
		json_decref(r->scan);
	free(r->placement_class);
	memset(r, 0, sizeof(*r));
}

int hist_merge(const struct lt_test *t, struct lt_result *dst,
	       const struct lt_result *src)
{
	uint64_t iters = dst->iterations;

	if (add_count(&iters, src->iterations) < 0)
		return -1;
	for (int k = 0; k < src->nouts; k++)
		for (int j = 0; j < dst->nouts; j++)
			if (!cmp_outcome(&dst->outs[j], &src->outs[k], (void *)t) &&
			    dst->outs[j].count > (uint64_t)INT64_MAX - src->outs[k].count)
				return -1;
	dst->iterations = iters;
	dst->elapsed_s += src->elapsed_s;
	for (int k = 0; k < src->nouts; k++) {
		const struct lt_outcome *o = &src->outs[k];
		int j;

		for (j = 0; j < dst->nouts; j++)
			if (same_state(t, &dst->outs[j], o))
				break;
		if (j == dst->nouts) {
			dst->outs = lt_xrealloc(dst->outs, (size_t)(dst->nouts + 1) *
						sizeof(*dst->outs));
			dst->outs[j] = *o;
			dst->outs[j].count = 0;
			dst->outs[j].vals = lt_xcalloc((size_t)t->nobserved + 1,
						       sizeof(*o->vals));
			memcpy(dst->outs[j].vals, o->vals,
			       (size_t)t->nobserved * sizeof(*o->vals));
			dst->nouts++;
		}
		dst->outs[j].count += o->count;
	}
	return 0;
}
