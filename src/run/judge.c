/* SPDX-License-Identifier: MIT */
/*
 * Judging a test's outcomes: the built-in model (--model), forbidden
 * outcomes, and --check-only, which judges without running anything.
 */
#include "config.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "litmus/parse.h"
#include "lt-git.h"
#include "model/model.h"
#include "report/json.h"
#include "run/herd-model.h"
#include "run/judge.h"
#include "run/known.h"
#include "run/modes.h"
#include "run/state.h"
#include "util/buf.h"

static void report_forbidden(const struct lt_entry *e)
{
	const struct lt_test *t = e->test;
	const struct lt_result *r = &e->result;

	for (int k = 0; k < r->nouts; k++) {
		const struct lt_outcome *o = &r->outs[k];

		if (o->allowed != LT_NO || o->known)
			continue;
		fprintf(stderr, "litmus-run: FORBIDDEN outcome observed in %s (%s):",
			t->name, e->file);
		for (int v = 0; v < t->nobserved; v++) {
			char name[160], val[160];

			lt_var_name(t, t->observed[v], name, sizeof(name));
			lt_var_value_str(t, t->observed[v], &o->vals[v], val, sizeof(val));
			fprintf(stderr, " %s=%s;", name, val);
		}
		fprintf(stderr, " seen %" PRIu64 " times\n", o->count);
	}
}

/*
 * Compute e's model result (or the reason there is none), once.  True
 * when there is none because the test accesses memory outside its
 * locations (lt_model_result.bad_access).
 */
static bool model_judge(const struct run_state *s, struct lt_entry *e)
{
	struct lt_model_result *m;
	struct lt_model_budget budget;
	struct lt_error err;
	struct timespec t0, t1;
	bool bad;
	int rc;

	if (e->model || e->model_error || !e->test)
		return false;
	memset(&err, 0, sizeof(err));
	m = lt_xcalloc(1, sizeof(*m));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* A signal stops the check at once, as it stops the run (loop.c). */
	budget.timeout_s = s->opt.model_timeout_s;
	budget.stop = &stop_signal;
	/* A cat file of the user's: herd7 judges (herd-model.c). */
	rc = herd_model_is_cat(s->opt.model) ?
	     herd_model_states(e->file, e->test, s->opt.model, &budget, m, &err) :
	     model_allowed_states_budget(e->test, s->opt.model, &budget, m, &err);
	e->model_timeout = rc == LT_EMODEL_TIMEOUT;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (s->opt.verbosity > 0 && rc == 0)
		fprintf(stderr, "litmus-run: %s: model %s: %d states, %" PRIu64
			" candidates checked, %" PRIu64 " rejected early, %.3f ms\n",
			e->test->name, m->model, m->nstates, m->candidates, m->pruned,
			(double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			(double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	if (rc < 0) {
		struct lt_buf why = LT_BUF_INIT;

		if (err.pos.line)
			lt_buf_printf(&why, "%d:%d: ", err.pos.line, err.pos.col);
		lt_buf_puts(&why, err.msg);
		e->model_error = lt_buf_steal(&why);
		bad = m->bad_access;
		free(m);
		return bad;
	}
	e->model = m;
	return false;
}

bool judge_unsafe(const struct run_state *s, struct lt_entry *e)
{
	if (!model_judge(s, e))
		return false;
	/* The message after the position: e->model_error holds both. */
	fprintf(stderr, "litmus-run: %s:%s; not run: it accesses memory outside its "
		"locations\n", e->file, e->model_error);
	set_status(e, LT_ST_ERROR, LT_EXIT_PARSE, "%s; not run: it accesses memory outside "
		   "its locations", e->model_error);
	return true;
}

/* The model takes precedence over the test's expectation when it applies. */
static void model_classify(const struct run_state *s, struct lt_entry *e)
{
	model_judge(s, e);
	if (e->model)
		hist_apply_model(e->test, &e->result, e->model);
	else if (e->model_timeout && s->opt.verbosity >= 0)
		fprintf(stderr, "litmus-run: %s: model: %s (--model-timeout=%u); "
			"judged without the model\n", e->file, e->model_error,
			s->opt.model_timeout_s);
	else if (e->model_error && s->opt.verbosity > 0)
		fprintf(stderr, "litmus-run: %s: no model verdict: %s\n", e->file,
			e->model_error);
}

void judge_fault(const struct run_state *s, struct lt_entry *e)
{
	struct lt_buf why = LT_BUF_INIT;

	model_judge(s, e);
	if (!e->model_error || e->model_timeout)
		return;
	lt_buf_printf(&why, "%s; the model cannot judge it either: %s", e->result.reason,
		      e->model_error);
	free(e->result.reason);
	e->result.reason = lt_buf_steal(&why);
}

void model_free(struct lt_entry *e)
{
	if (e->model)
		model_result_free(e->model);
	free(e->model);
	free(e->model_error);
	e->model = NULL;
	e->model_error = NULL;
}

void judge_result(const struct run_state *s, struct lt_entry *e,
		  enum lt_expect expect, const char *source)
{
	hist_classify(e->test, &e->result, expect, source);
	model_classify(s, e);
	hist_sort(e->test, &e->result);
	/* Known deviations are reported as such, and do not fail the run. */
	known_apply(s->opt.known, e);
	if (e->result.forbidden_observed) {
		e->exit_class = LT_EXIT_FORBIDDEN;
		report_forbidden(e);
	}
}

enum lt_expect test_expectation(const struct lt_entry *e, const char **source)
{
	enum lt_expect expect = suite_expectation(e->file, e->test->name);

	*source = "kinds.txt";
	if (expect == LT_EXPECT_NONE) {
		expect = e->test->expect;
		*source = "Result comment";
	}
	return expect;
}

static void on_signal(int sig)
{
	stop_signal = sig;
}

/*
 * --check-only: parse each test and print what the model allows, in
 * herd7's format (without its Time and Hash lines), so the two can be
 * compared line by line.  Nothing is built or run.
 */
int check_only(struct run_state *s, const struct lt_filelist *files)
{
	FILE *human = human_stream(&s->opt);
	int code = LT_EXIT_OK;
	struct sigaction sa;

	/* SIGINT and SIGTERM end the check under way and the run (exit 128+N). */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	entries_init(s, files);
	for (int k = 0; k < s->n; k++) {
		struct lt_entry *e = &s->entries[k];
		struct lt_error err;
		int rc;

		memset(&err, 0, sizeof(err));
		rc = litmus_parse_file(e->file, &e->test, &err);
		if (rc < 0) {
			entry_parse_error(e, e->file, &err, rc == LT_EIO ?
					  LT_EXIT_USAGE : LT_EXIT_PARSE);
			e->test = NULL;
			continue;
		}
		e->arch = e->test->arch->name;
		set_status(e, LT_ST_SKIPPED, 0, "--check-only: not run");
		model_judge(s, e);
		if (stop_signal)
			break;
		if (e->model_timeout) {
			/*
			 * herd's report has no form for "no answer": the Test
			 * line, then one line that says why, so a reader that
			 * compares reports sees the test and no states.  A
			 * test that ran out of time exits 4 (doc/design.md).
			 */
			fprintf(human, "Test %s\nModel: %s (--model-timeout=%u)\n\n",
				e->test->name, e->model_error, s->opt.model_timeout_s);
			fprintf(stderr, "litmus-run: %s: model: %s\n", e->file,
				e->model_error);
			e->exit_class = LT_EXIT_FAULT;
			continue;
		}
		if (!e->model) {
			fprintf(stderr, "litmus-run: %s: no model verdict: %s\n",
				e->file, e->model_error);
			e->exit_class = LT_EXIT_PARSE;
			continue;
		}
		{
			struct lt_buf b = LT_BUF_INIT;

			model_format_herd(e->test, e->model, &b);
			fprintf(human, "%s\n", b.s);
			lt_buf_free(&b);
		}
	}
	for (int k = 0; k < s->n; k++)
		if (s->entries[k].exit_class == LT_EXIT_USAGE ||
		    (s->entries[k].exit_class && code == LT_EXIT_OK))
			code = s->entries[k].exit_class;
	if (s->opt.json_path) {
		json_t *doc;

		iso_time(s->started, sizeof(s->started), "%Y-%m-%dT%H:%M:%SZ");
		s->info = (struct lt_run_info){
			.version = PACKAGE_VERSION, .git = LT_GIT_SHA,
			.iterations = 0, .timeout_s = s->opt.timeout_s,
			.counters = counters_list(&s->opt),
			.started = s->started, .finished = s->started,
			.argc = s->opt.argc, .argv = s->opt.argv,
			.cwd = s->cwd[0] ? s->cwd : NULL, .exit_code = code,
		};
		doc = run_document(s);
		if (write_json_option(&s->opt, doc) < 0)
			code = LT_EXIT_USAGE;
		json_decref(doc);
	}
	if (stop_signal) {
		fprintf(stderr, "litmus-run: interrupted\n");
		code = 128 + stop_signal;
	}
	return code;
}
