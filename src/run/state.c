/* SPDX-License-Identifier: MIT */
/*
 * The state of one litmus-run invocation and what every mode shares: the
 * results directory, a test's status, the run's document, the end of a run.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "litmus/parse.h"
#include "lt-git.h"
#include "report/summary.h"
#include "run/judge.h"
#include "run/known.h"
#include "run/modes.h"
#include "run/state.h"
#include "run/subcmd.h"
#include "util/buf.h"
#include "util/sha256.h"

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
	for (int k = 0; k < s->n; k++) {
		s->entries[k].file = lt_xstrdup(files->files[k]);
		/* Read before the test is parsed: the identity of what ran. */
		if (lt_sha256_file(files->files[k], s->entries[k].source_sha256) < 0)
			s->entries[k].source_sha256[0] = '\0';
	}
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
		.started = s->started, .run_id = s->run_id[0] ? s->run_id : NULL,
		.argc = s->opt.argc, .argv = s->opt.argv,
		.cwd = s->cwd[0] ? s->cwd : NULL, .exit_code = -1,
	};
}

json_t *run_document(const struct run_state *s)
{
	json_t *tests = json_array(), *doc;

	for (int k = 0; k < s->n; k++) {
		const struct lt_entry *e = &s->entries[k];

		json_array_append_new(tests, e->done ? json_incref(e->done) : lt_json_entry(e));
	}
	doc = lt_json_document(&s->info, tests);
	/* The known deviations this run was judged with (run/known.h). */
	if (s->opt.known)
		json_object_set_new(json_object_get(doc, "config"), "known",
				    known_json(s->opt.known));
	return doc;
}

/* A finished test goes to disk before the next one starts. */
void save_test(struct run_state *s, int k)
{
	json_t *o;
	char why[512];

	if (s->entries[k].done)
		return;
	o = lt_json_entry(&s->entries[k]);
	/* --resume takes a stored test only from the run that wrote it. */
	if (s->run_id[0])
		json_object_set_new(o, "run_id", json_string(s->run_id));
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
	if (store_create(&s->store, s->results_dir, why, sizeof(why)) < 0 ||
	    store_lock(&s->store, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: %s\n", why);
		return -1;
	}
	if (s->manifest) {
		/* Stored tests are taken only if they are this run's. */
		s->store.manifest = s->manifest;
		snprintf(s->run_id, sizeof(s->run_id), "%s",
			 json_string_value(json_object_get(s->manifest, "run_id")) ?: "");
	} else {
		const char *what = store_holds_run(&s->store);

		if (what && !s->opt.force) {
			fprintf(stderr, "litmus-run: %s already holds a run (%s): continue it "
				"with --resume %s, or give --force to replace it\n",
				s->results_dir, what, s->results_dir);
			return -1;
		}
		if (what && store_clear(&s->store, why, sizeof(why)) < 0) {
			fprintf(stderr, "litmus-run: --force: %s\n", why);
			return -1;
		}
		store_new_run_id(s->run_id);
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
	if (s->opt.known)
		known_free(s->opt.known);
	free(s->opt.known);
}

/* Options --resume takes as they are: they do not change what is run or how. */
static const char *const resume_free[] = {
	"resume", "quiet", "verbose", "no-progress", "json", "junit", "jobs", "force",
	"config",
};

/* Options --resume compares with the manifest: a field of struct lt_options. */
enum cmp_kind { CMP_U64, CMP_UNSIGNED, CMP_INT, CMP_STR, CMP_PTR };
static const struct {
	const char *name;
	enum cmp_kind kind;
	size_t off;
} resume_checked[] = {
#define C(name, kind, field) { name, kind, offsetof(struct lt_options, field) }
	C("iterations", CMP_U64, iterations), C("timeout", CMP_UNSIGNED, timeout_s),
	C("batch", CMP_U64, batch), C("arch", CMP_PTR, arch), C("exec", CMP_STR, exec),
	C("cc", CMP_STR, cc), C("cflags", CMP_STR, cflags), C("model", CMP_STR, model),
	C("sync", CMP_STR, sync), C("delay", CMP_INT, delay),
	C("layout", CMP_STR, layout), C("instances", CMP_INT, instances),
	C("placement", CMP_STR, placement), C("counters", CMP_STR, counters),
	C("shard", CMP_INT, shard_k), C("shard", CMP_INT, shard_n),
	C("cc-timeout", CMP_UNSIGNED, cc_timeout_s),
	C("cc-memory", CMP_UNSIGNED, cc_memory_mib),
	C("model-timeout", CMP_UNSIGNED, model_timeout_s),
#undef C
};

/* Whether field off of a and b differs. */
static bool option_differs(const struct lt_options *a, const struct lt_options *b,
			   enum cmp_kind kind, size_t off)
{
	const char *pa = (const char *)a + off, *pb = (const char *)b + off;

	switch (kind) {
	case CMP_U64: return *(const uint64_t *)pa != *(const uint64_t *)pb;
	case CMP_UNSIGNED: return *(const unsigned *)pa != *(const unsigned *)pb;
	case CMP_INT: return *(const int *)pa != *(const int *)pb;
	case CMP_PTR: return *(const void *const *)pa != *(const void *const *)pb;
	case CMP_STR: {
		const char *sa = *(const char *const *)pa, *sb = *(const char *const *)pb;

		return (!sa || !sb) ? sa != sb : strcmp(sa, sb) != 0;
	}
	}
	return true;
}

/*
 * cli: the options as given; s->opt: as the manifest sets them.  Each
 * option given must be one that does not shape the run, or agree with the
 * manifest: a silent -n (or --cflags ...) that is not applied would be a
 * lie about what ran.
 */
static int check_resume_options(const struct lt_options *cli, const struct run_state *s)
{
	for (int g = 0; g < cli->ngiven; g++) {
		const char *name = cli->given[g];
		bool known = false, differs = false;

		for (size_t k = 0; k < sizeof(resume_free) / sizeof(resume_free[0]); k++)
			known |= !strcmp(name, resume_free[k]);
		if (known)
			continue;
		for (size_t k = 0; k < sizeof(resume_checked) / sizeof(resume_checked[0]); k++) {
			if (strcmp(name, resume_checked[k].name))
				continue;
			known = true;
			differs |= option_differs(cli, &s->opt, resume_checked[k].kind,
						  resume_checked[k].off);
		}
		if (!known) {
			fprintf(stderr, "litmus-run: --resume: --%s does not go with --resume "
				"(the run continues with the tests and options it began with)\n",
				name);
			return -1;
		}
		if (differs) {
			fprintf(stderr, "litmus-run: --resume: --%s differs from the run's "
				"manifest (%s/manifest.json): a resumed run continues with the "
				"options it began with; drop --%s, or start a new run\n", name,
				s->opt.resume, name);
			return -1;
		}
	}
	return 0;
}

int resume_setup(struct run_state *s, struct lt_filelist *files)
{
	char dir[PATH_MAX], why[1024];
	struct lt_options cli = s->opt;
	char **list, *cwd;
	json_t *sources;
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
	s->opt.resume = lt_xstrdup(dir);
	if (check_resume_options(&cli, s) < 0)
		goto bad;
	/* Relative test paths mean what they meant to the first run. */
	if (chdir(cwd) < 0) {
		fprintf(stderr, "litmus-run: --resume: cannot enter %s: %s\n", cwd,
			strerror(errno));
		goto bad;
	}
	/*
	 * Only the files the run started with, and each only while it still
	 * holds what the manifest's SHA-256 says: a manifest can name any
	 * path, and a results directory may come from anyone.
	 */
	sources = json_object_get(s->manifest, "sources");
	for (int k = 0; k < n; k++) {
		const char *want = json_string_value(json_array_get(sources, (size_t)k));
		char sha[65];

		if (!want || lt_sha256_file(list[k], sha) < 0 || strcmp(sha, want)) {
			fprintf(stderr, "litmus-run: --resume: %s: %s; not reading it\n",
				list[k], !json_is_array(sources) ?
				"the manifest records no SHA-256 of its files (an older litmus-run wrote it)" :
				!want ? "the manifest records no SHA-256 for it" :
				"missing or changed since the run started");
			goto bad;
		}
	}
	snprintf(s->cwd, sizeof(s->cwd), "%s", cwd);
	files->files = list;
	files->n = n;
	free(cwd);
	return 0;
bad:
	for (int k = 0; k < n; k++)
		free(list[k]);
	free(list);
	free(cwd);
	return -1;
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

static void rows_flush(struct run_state *s, int k);
static void print_warnings(struct run_state *s);

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
	s->info.exit_code = code;
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
	print_warnings(s);
	if (s->opt.verbosity >= 0) {
		note_counters(s->entries, s->n);
		rows_flush(s, s->n - 1);
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

/* ------------------------------------------------------------------ */
/* The terminal: progress line, table rows as tests finish, warnings. */

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress_draw(struct run_state *s)
{
	if (!s->prog.tty || !s->prog.line[0])
		return;
	fprintf(s->prog.tty, "\r\033[K%s", s->prog.line);
	fflush(s->prog.tty);
	s->prog.shown = true;
}

/*
 * stderr while the progress line is up: a message clears the line first,
 * so nothing is glued to it, and the line comes back after the message.
 * stderr is line-buffered, so a message arrives here whole.
 */
static ssize_t progress_write(void *cookie, const char *buf, size_t n)
{
	struct run_state *s = cookie;

	if (s->prog.shown) {
		fputs("\r\033[K", s->prog.tty);
		s->prog.shown = false;
	}
	if (fwrite(buf, 1, n, s->prog.tty) != n)
		return -1;
	fflush(s->prog.tty);
	if (n && buf[n - 1] == '\n')
		progress_draw(s);
	return (ssize_t)n;
}

/* "M:SS" of the time the rest of the phase should take, or "" early on. */
static void eta(const struct run_state *s, char *buf, size_t len)
{
	double spent = mono_now() - s->prog.t0, left;

	buf[0] = '\0';
	if (s->prog.done < 1 || s->prog.done >= s->prog.total)
		return;
	left = spent / s->prog.done * (s->prog.total - s->prog.done);
	if (left < 1)
		return;
	snprintf(buf, len, ", ETA %d:%02d", (int)(left / 60), (int)left % 60);
}

/* build_all's callback: one more kernel built (or failed). */
static void on_built(void *arg, int done, int total)
{
	struct run_state *s = arg;
	char t[32];

	s->prog.done = done;
	s->prog.total = total;
	eta(s, t, sizeof(t));
	snprintf(s->prog.line, sizeof(s->prog.line), "building kernels: %d/%d%s",
		 done, total, t);
	progress_draw(s);
}

void progress_models(struct run_state *s, int done, int total)
{
	char t[32];

	if (!s->prog.tty)
		return;
	s->prog.done = done;
	s->prog.total = total;
	eta(s, t, sizeof(t));
	snprintf(s->prog.line, sizeof(s->prog.line), "checking the models: %d/%d%s", done,
		 total, t);
	progress_draw(s);
	/* The builds' clock starts where this phase ends. */
	if (done == total)
		s->prog.t0 = mono_now();
}

void progress_start(struct run_state *s)
{
	static const cookie_io_functions_t io = { .write = progress_write };
	int fd;
	FILE *tty, *w;

	if (!s->opt.progress)
		return;
	/* Close-on-exec: the kernels' stderr is their own pipe, not this copy. */
	fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	tty = fd < 0 ? NULL : fdopen(fd, "w");
	w = tty ? fopencookie(s, "w", io) : NULL;
	if (!w) {
		if (tty)
			fclose(tty);
		else if (fd >= 0)
			close(fd);
		s->opt.progress = false;
		return;
	}
	setvbuf(w, NULL, _IOLBF, 0);
	fflush(stderr);
	s->prog.tty = tty;
	stderr = w;
	s->prog.t0 = mono_now();
	s->env.on_built = on_built;
	s->env.on_built_arg = s;
	snprintf(s->prog.line, sizeof(s->prog.line), "checking the models");
	progress_draw(s);
}

void progress_test(struct run_state *s, int k)
{
	char t[32];

	if (!s->prog.tty)
		return;
	if (!s->prog.running) {
		/* The runs' clock: what is left of the tests that will run. */
		s->prog.running = true;
		s->prog.t0 = mono_now();
		s->prog.done = 0;
		s->prog.total = 0;
		for (int i = k; i < s->n; i++)
			s->prog.total += s->entries[i].exe &&
					 s->entries[i].result.status == LT_ST_OK;
	}
	eta(s, t, sizeof(t));
	snprintf(s->prog.line, sizeof(s->prog.line), "[%d/%d] %s%s",
		 s->prog.done + 1, s->prog.total, s->entries[k].test->name, t);
	progress_draw(s);
}

/* The table's rows of entries up to k, in order, each once. */
static void rows_flush(struct run_state *s, int k)
{
	FILE *human = human_stream(&s->opt);

	if (s->opt.verbosity < 0)
		return;
	if (s->rows_printed > k)
		return;
	/* Rows on the terminal the progress line is on: not glued to it. */
	if (s->prog.shown && isatty(fileno(human))) {
		fputs("\r\033[K", s->prog.tty);
		fflush(s->prog.tty);
		s->prog.shown = false;
	}
	if (!s->header_printed) {
		s->row_width = summary_width(s->entries, s->n);
		summary_header(human, s->row_width);
		s->header_printed = true;
	}
	for (; s->rows_printed <= k && s->rows_printed < s->n; s->rows_printed++)
		summary_row(human, &s->entries[s->rows_printed], s->row_width);
	fflush(human);
	if (!s->prog.shown)
		progress_draw(s);
}

void progress_done(struct run_state *s, int k)
{
	s->prog.done++;
	rows_flush(s, k);
}

void progress_end(struct run_state *s)
{
	FILE *w = stderr;

	if (!s->prog.tty)
		return;
	fflush(w);
	if (s->prog.shown)
		fputs("\r\033[K", s->prog.tty);
	stderr = s->prog.tty;
	fclose(w);
	s->prog.tty = NULL;
	s->prog.shown = false;
	s->env.on_built = NULL;
}

/* msg with each run of digits as "N": what tests' warnings have in common. */
static char *warning_key(const char *msg, size_t len)
{
	struct lt_buf b = LT_BUF_INIT;

	for (size_t i = 0; i < len; i++) {
		if (msg[i] >= '0' && msg[i] <= '9') {
			while (i + 1 < len && msg[i + 1] >= '0' && msg[i + 1] <= '9')
				i++;
			lt_buf_putc(&b, 'N');
		} else {
			lt_buf_putc(&b, msg[i]);
		}
	}
	return lt_buf_steal(&b);
}

void note_kernel_warning(struct run_state *s, const struct lt_entry *e,
			 const char *msg, size_t len)
{
	char *key;

	if (s->opt.verbosity < 0)
		return;
	if (s->opt.verbosity > 0) {
		fprintf(stderr, "litmus-run: %s: %.*s\n", e->test->name, (int)len, msg);
		return;
	}
	key = warning_key(msg, len);
	for (int k = 0; k < s->nwarnings; k++)
		if (!strcmp(s->warnings[k].key, key)) {
			s->warnings[k].count++;
			free(key);
			return;
		}
	s->warnings = lt_xrealloc(s->warnings,
				  (size_t)(s->nwarnings + 1) * sizeof(*s->warnings));
	s->warnings[s->nwarnings++] = (struct kernel_warning){
		.key = key, .first = lt_xstrndup(msg, len),
		.test = lt_xstrdup(e->test->name), .count = 1,
	};
}

/* One line per kind of kernel warning: how many tests, and the first. */
static void print_warnings(struct run_state *s)
{
	for (int k = 0; k < s->nwarnings; k++) {
		struct kernel_warning *w = &s->warnings[k];

		if (w->count == 1)
			fprintf(stderr, "litmus-run: %s: %s\n", w->test, w->first);
		else
			fprintf(stderr, "litmus-run: %d tests: %s (%s; -v lists each)\n",
				w->count, w->first, w->test);
		free(w->key);
		free(w->first);
		free(w->test);
	}
	free(s->warnings);
	s->warnings = NULL;
	s->nwarnings = 0;
}
