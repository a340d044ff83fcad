/* SPDX-License-Identifier: MIT */
/*
 * The state of one litmus-run invocation and what every mode shares: the
 * results directory, a test's status, the run's document, the end of a run.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "litmus/parse.h"
#include "lt-git.h"
#include "report/summary.h"
#include "run/judge.h"
#include "run/modes.h"
#include "run/state.h"
#include "run/subcmd.h"
#include "util/buf.h"

volatile sig_atomic_t stop_signal;

void iso_time(char *buf, size_t len, const char *fmt)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, len, fmt, &tm);
}

void entries_init(struct run_state *s, const struct lt_filelist *files)
{
	s->n = files->n;
	s->entries = lt_xcalloc((size_t)s->n, sizeof(*s->entries));
	for (int k = 0; k < s->n; k++)
		s->entries[k].file = lt_xstrdup(files->files[k]);
}

/*
 * The provenance every document carries, the tool's and this host's, with
 * the run starting now; the mode fills in the rest of s->info.
 */
void run_info_start(struct run_state *s)
{
	iso_time(s->started, sizeof(s->started), "%Y-%m-%dT%H:%M:%SZ");
	s->info = (struct lt_run_info){
		.version = PACKAGE_VERSION, .git = LT_GIT_SHA,
		.host_name = s->host.name, .host_arch = s->host.arch,
		.cpu = s->host.cpu, .pus = s->host.pus, .topology = s->host.topology,
		.started = s->started,
	};
}

json_t *run_document(const struct run_state *s)
{
	json_t *tests = json_array();

	for (int k = 0; k < s->n; k++) {
		const struct lt_entry *e = &s->entries[k];

		json_array_append_new(tests, e->done ? json_incref(e->done) : lt_json_entry(e));
	}
	return lt_json_document(&s->info, tests);
}

/* A finished test goes to disk before the next one starts. */
void save_test(struct run_state *s, int k)
{
	json_t *o;
	char why[512];

	if (s->entries[k].done)
		return;
	o = lt_json_entry(&s->entries[k]);
	if (store_write_test(&s->store, k, o, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: cannot write results: %s\n", why);
		s->store_failed = true;
	}
	json_decref(o);
}

void set_status(struct lt_entry *e, enum lt_status st, int exit_class,
		const char *fmt, ...)
{
	struct lt_buf b = LT_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	lt_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(e->result.reason);
	e->result.status = st;
	e->result.reason = lt_buf_steal(&b);
	e->exit_class = exit_class;
}

/* Worst first: a system error, a forbidden outcome, a parse error, a fault. */
static int exit_status(const struct run_state *s)
{
	static const int order[] = { LT_EXIT_USAGE, LT_EXIT_FORBIDDEN,
				     LT_EXIT_PARSE, LT_EXIT_FAULT };
	bool ran = false;

	for (size_t o = 0; o < sizeof(order) / sizeof(order[0]); o++)
		for (int k = 0; k < s->n; k++)
			if (s->entries[k].exit_class == order[o])
				return order[o];
	for (int k = 0; k < s->n; k++)
		ran |= s->entries[k].result.status == LT_ST_OK;
	return ran ? LT_EXIT_OK : LT_EXIT_NOTHING;
}

int setup_results_dir(struct run_state *s)
{
	char why[512];

	if (s->opt.resume) {
		snprintf(s->results_dir, sizeof(s->results_dir), "%s", s->opt.resume);
	} else if (s->opt.results_dir) {
		snprintf(s->results_dir, sizeof(s->results_dir), "%s", s->opt.results_dir);
	} else {
		char stamp[32];

		iso_time(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ");
		snprintf(s->results_dir, sizeof(s->results_dir), "results/%s/%s",
			 s->host.name, stamp);
		/* Two runs in the same second get their own directories. */
		for (int k = 2; access(s->results_dir, F_OK) == 0 && k < 1000; k++)
			snprintf(s->results_dir, sizeof(s->results_dir),
				 "results/%s/%s-%d", s->host.name, stamp, k);
	}
	if (store_create(&s->store, s->results_dir, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: %s\n", why);
		return -1;
	}
	snprintf(s->run_json, sizeof(s->run_json), "%s/run.json", s->results_dir);
	return 0;
}

void free_state(struct run_state *s)
{
	for (int k = 0; k < s->n; k++) {
		struct lt_entry *e = &s->entries[k];

		if (e->test)
			lt_test_free(e->test);
		lt_result_free(&e->result);
		free(e->file);
		free(e->exe);
		free(e->source);
		json_decref(e->done);
		model_free(e);
	}
	free(s->entries);
	build_env_free(&s->env);
	json_decref(s->manifest);
	if (s->manifest)
		free((char *)s->opt.resume);
	free(s->opt.include);
	free(s->opt.exclude);
}

/*
 * --resume DIR: options and tests from the manifest, in its directory; the
 * commands (--cc, --cflags, --exec) from this command line only.
 */
int resume_setup(struct run_state *s, struct lt_filelist *files)
{
	char dir[PATH_MAX], why[1024];
	char **list;
	const char *cwd;
	json_t *digests;
	int n;

	if (!realpath(s->opt.resume, dir)) {
		fprintf(stderr, "litmus-run: --resume: %s: %s\n", s->opt.resume,
			strerror(errno));
		return -1;
	}
	s->manifest = store_resume(dir, &s->opt, &list, &n, &cwd, why, sizeof(why));
	if (!s->manifest) {
		fprintf(stderr, "litmus-run: --resume: %s\n", why);
		return -1;
	}
	/* Owned from here on (free_state frees it with the manifest). */
	s->opt.resume = lt_xstrdup(dir);
	/* Relative test paths mean what they meant to the first run. */
	if (chdir(cwd) < 0) {
		fprintf(stderr, "litmus-run: --resume: cannot enter %s: %s\n", cwd,
			strerror(errno));
		free(list);
		return -1;
	}
	/*
	 * Only the files the run started with: each must still hold what the
	 * manifest's digest says, or it is not read at all (a manifest can
	 * name any path).
	 */
	digests = json_object_get(s->manifest, "digests");
	for (int k = 0; k < n; k++) {
		const char *want = json_string_value(json_array_get(digests, (size_t)k));
		char hex[33];

		if (!want || store_file_digest(list[k], hex) < 0 || strcmp(hex, want)) {
			fprintf(stderr, "litmus-run: --resume: %s: %s; not reading it\n",
				list[k], !json_is_array(digests) ?
				"the manifest records no digests (an older litmus-run wrote it)" :
				!want ? "the manifest records no digest for it" :
				"missing or changed since the run started");
			free(list);
			return -1;
		}
	}
	snprintf(s->cwd, sizeof(s->cwd), "%s", cwd);
	for (int k = 0; k < n; k++) {
		files->files = lt_xrealloc(files->files, (size_t)(k + 1) * sizeof(char *));
		files->files[k] = lt_xstrdup(list[k]);
	}
	files->n = n;
	free(list);
	return 0;
}

/* With --json=-, stdout carries the document and nothing else. */
FILE *human_stream(const struct lt_options *o)
{
	return o->json_path && !strcmp(o->json_path, "-") ? stderr : stdout;
}

/* --json=FILE: write doc there; -1 after a message (exit code 2). */
int write_json_option(const struct lt_options *o, json_t *doc)
{
	char why[1024];

	if (!o->json_path || lt_json_write_file(doc, o->json_path, why, sizeof(why)) == 0)
		return 0;
	fprintf(stderr, "litmus-run: --json: %s\n", why);
	return -1;
}

/*
 * e's test (read from path) did not parse, or its kernel could not be
 * generated: say where, and record it as exit_class calls for.
 */
void entry_parse_error(struct lt_entry *e, const char *path,
		       const struct lt_error *err, int exit_class)
{
	fprintf(stderr, "litmus-run: %s:%d:%d: %s\n", path, err->pos.line,
		err->pos.col, err->msg);
	set_status(e, LT_ST_ERROR, exit_class, "%d:%d: %s", err->pos.line,
		   err->pos.col, err->msg);
}

/* The human-facing end of a run: summary, --json, where the results are. */
int finish_run(struct run_state *s)
{
	char why[1024], finished[32];
	FILE *human;
	json_t *doc;
	int code;

	iso_time(finished, sizeof(finished), "%Y-%m-%dT%H:%M:%SZ");
	s->info.finished = finished;
	code = exit_status(s);
	doc = run_document(s);
	if (s->opt.shard_n)
		json_object_set_new(doc, "shard", store_shard(&s->opt));
	if (store_write_run(&s->store, doc, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: cannot write results: %s\n", why);
		code = LT_EXIT_USAGE;
	}
	if (store_write_log(&s->store, doc, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: cannot write run.log: %s\n", why);
		code = LT_EXIT_USAGE;
	}
	if (s->store_failed)
		code = LT_EXIT_USAGE;
	human = human_stream(&s->opt);
	if (s->opt.verbosity >= 0) {
		note_counters(s->entries, s->n);
		summary_print(human, s->entries, s->n);
	}
	if (write_json_option(&s->opt, doc) < 0)
		code = LT_EXIT_USAGE;
	if (s->opt.junit_path &&
	    subcmd_write_junit(doc, s->opt.junit_path, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: --junit: %s\n", why);
		code = LT_EXIT_USAGE;
	}
	json_decref(doc);
	if (s->opt.verbosity >= 0)
		fprintf(human, "results: %s\n", s->run_json);
	if (stop_signal) {
		fprintf(stderr, "litmus-run: interrupted; finished tests are in %s/tests/ "
			"(continue with --resume %s)\n", s->results_dir, s->results_dir);
		code = 128 + stop_signal;
	}
	return code;
}
