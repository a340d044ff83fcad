/* SPDX-License-Identifier: MIT */
/*
 * litmus-run: parse litmus tests, generate and build pinned-thread kernels,
 * run each under a watchdog, and report histograms as a table and as JSON.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gen/gen.h"
#include "litmus/arch-ops.h"
#include "litmus/ctest.h"
#include "litmus/parse.h"
#include "lt-git.h"
#include "model/model.h"
#include "report/hist.h"
#include "report/json.h"
#include "report/summary.h"
#include "runtime/counters.h"
#include "run/build.h"
#include "run/bundle.h"
#include "run/exec.h"
#include "run/host.h"
#include "run/options.h"
#include "run/place.h"
#include "run/store.h"
#include "run/subcmd.h"
#include "run/suite.h"
#include "runtime/probe.h"
#include "util/buf.h"
#include "util/fs.h"

/* Exit codes (DESIGN.md). */
enum {
	LT_EXIT_OK = 0,
	LT_EXIT_FORBIDDEN = 1,
	LT_EXIT_USAGE = 2,
	LT_EXIT_PARSE = 3,
	LT_EXIT_FAULT = 4,
	LT_EXIT_NOTHING = 77,
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void usage(FILE *f)
{
	fputs("Usage: litmus-run [OPTIONS] PATH...\n"
	      "       litmus-run compare|merge|report ... (--help for each)\n"
	      "Run litmus tests on this machine's cores and histogram their outcomes.\n"
	      "PATH is a .litmus file, a directory (searched recursively) or @LISTFILE.\n"
	      "\n"
	      "  -n, --iterations=N   outcomes to collect per test (default 1000000)\n"
	      "      --timeout=SECS   per-test wall-clock budget (default 60)\n"
	      "  -o, --results=DIR    where the run's files go\n"
	      "                       (default results/<host>/<timestamp>/)\n"
	      "      --json=FILE      also write the run's JSON document to FILE (- = stdout)\n"
	      "      --arch=NAME      target arch (x86_64, ...) or native (default)\n"
	      "      --exec=CMD       run test executables through CMD (e.g. qemu-x86_64)\n"
	      "      --cc=CC          compiler for kernels (default cc)\n"
	      "      --cflags=FLAGS   kernel compiler flags (default -O2)\n"
	      "      --batch=N        iterations per runtime batch (default: runtime's)\n"
	      "  -j, --jobs=N         parallel kernel builds (default: number of PUs)\n"
	      "  -q, --quiet          print only errors and forbidden outcomes\n"
	      "  -v, --verbose        print build commands and runtime messages\n"
	      "      --no-progress    no progress line, even on a terminal\n"
	      "      --print-kernel   print each test's generated C kernel and stop\n"
	      "      --resume=DIR     continue the interrupted run in DIR (its tests, its\n"
	      "                       options); finished tests are not run again\n"
	      "      --model=NAME     judge outcomes by model NAME: sc | x86-tso | armv8 |\n"
	      "                       riscv | power | c11 | rc11\n"
	      "                       (default: the test's arch model)\n"
	      "      --check-only     build and run nothing: print the model's allowed\n"
	      "                       states and verdict for each test, as herd7 does\n"
	      "      --junit=FILE     also write the run as JUnit XML\n"
	      "      --shard=K/N      run only part K of N of the tests (round-robin\n"
	      "                       over the expanded list)\n"
	      "      --emit=DIR       write a self-contained bundle (kernels, runtime,\n"
	      "                       Makefile, run.sh) for a board into DIR; run nothing\n"
	      "      --collect=DIR    report the outputs run.sh left in bundle DIR\n"
	      "      --sync=MODE      per-iteration synchronisation: spin (default; one\n"
	      "                       shared counter), flags (one flag per thread), timebase\n"
	      "                       (common start ticks), perpetual (no barrier; eligible\n"
	      "                       tests of 2-4 threads, outcomes rebuilt afterwards)\n"
	      "      --delay=N        perpetual: at most N pauses between iterations\n"
	      "                       (default: calibrated per test, recorded in the JSON)\n"
	      "      --layout=LIST    cells: fresh (per iteration, default) | reuse (one set,\n"
	      "                       re-initialised each iteration); line (a cache line\n"
	      "                       per location, default) | packed; stride=N (lines\n"
	      "                       between iterations); seq (default) | shuffle\n"
	      "      --instances=N    run N copies of each test at once, each with its own\n"
	      "                       threads and cells (fill: as many as the PUs hold);\n"
	      "                       -n counts per copy\n"
	      "      --placement=CLASS  threads on smt siblings, different cores (core),\n"
	      "                       l3s, dies, packages or numa nodes; scan: once per\n"
	      "                       class this machine has, witnesses per class\n"
	      "      --counters=LIST  hardware events counted (PAPI) on thread 0 while it\n"
	      "                       runs its kernel: up to 16 comma-separated PAPI preset\n"
	      "                       or native names, or none (default\n"
	      "                       PAPI_TOT_CYC,PAPI_TOT_INS)\n"
	      "      --probe          run no test: measure the cache-line round trip\n"
	      "                       between the two PUs a 2-thread test uses (with\n"
	      "                       --placement: that class's pair; scan: every class)\n"
	      "      --probe-rounds=N round trips per probe sample (default 1000)\n"
	      "      --include=GLOB   run only tests whose name matches GLOB (repeatable)\n"
	      "      --exclude=GLOB   skip tests whose name matches GLOB (repeatable)\n"
	      "  -V, --version        print version and build provenance\n"
	      "  -h, --help           this help\n"
	      "\n"
	      "Exit status: 0 ok; 1 a forbidden outcome was observed; 2 usage or system\n"
	      "error; 3 a test could not be parsed; 4 a test timed out or crashed;\n"
	      "77 nothing could run on this host.  See litmus-run(1).\n", f);
}

static int parse_u64_arg(const char *opt, const char *s, uint64_t min,
			 uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (*s < '0' || *s > '9')
		goto bad;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		goto bad;
	*out = v;
	return 0;
bad:
	fprintf(stderr, "litmus-run: %s: expected an integer in [%" PRIu64 ", %"
		PRIu64 "], got '%s'\n", opt, min, max, s);
	return -1;
}

/* ------------------------------------------------------------------ */
/* Synchronisation modes: --sync and --delay                          */
/* ------------------------------------------------------------------ */

static const char *const sync_names[] = { "spin", "flags", "timebase",
					  "perpetual", NULL };

static int parse_sync_option(bool sync, const char *arg, struct lt_options *o)
{
	uint64_t v;

	if (!sync) {
		if (!strcmp(arg, "0")) {
			o->delay = 0;
			return 0;
		}
		if (parse_u64_arg("--delay", arg, 1, 1000000, &v) < 0)
			return -1;
		o->delay = (int)v;
		return 0;
	}
	for (int k = 0; sync_names[k]; k++) {
		if (!strcmp(arg, sync_names[k])) {
			o->sync = sync_names[k];
			return 0;
		}
	}
	fprintf(stderr, "litmus-run: --sync: expected spin, flags, timebase or perpetual, got '%s'\n",
		arg);
	return -1;
}

/* The kernel source for this run's sync mode; -1 with err as gen_kernel. */
static int gen_for_sync(const struct lt_options *o, const struct lt_test *t,
			struct lt_buf *out, struct lt_error *err)
{
	if (o->sync && !strcmp(o->sync, "perpetual"))
		return gen_kernel_perpetual(t, out, err);
	return gen_kernel(t, out, err);
}

/* Append the kernel options for --sync and --delay to argv. */
static int sync_argv(const struct lt_options *o, char **argv, int argc)
{
	char num[32];

	if (o->sync) {
		argv[argc++] = lt_xstrdup("-S");
		argv[argc++] = lt_xstrdup(o->sync);
	}
	if (o->delay >= 0 && o->sync && !strcmp(o->sync, "perpetual")) {
		argv[argc++] = lt_xstrdup("-d");
		snprintf(num, sizeof(num), "%d", o->delay);
		argv[argc++] = lt_xstrdup(num);
	}
	return argc;
}

/* ------------------------------------------------------------------ */
/* Hardware counters: --counters                                      */
/* ------------------------------------------------------------------ */

/* The runtime parses -C itself; check the list here for exit code 2. */
static int parse_counters_option(const char *arg, struct lt_options *o)
{
	struct lt_counter_list l;
	char why[256];

	if (lt_counters_parse(arg, &l, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: --counters: %s\n", why);
		return -1;
	}
	o->counters = arg;
	return 0;
}

/* The counters a run asks for, as the runtime's -C and config.counters. */
static const char *counters_list(const struct lt_options *o)
{
	return o->counters ? o->counters : LT_COUNTERS_DEFAULT;
}

/* A test's counters string, fresh or as a resumed run stored it. */
static const char *entry_counters(const struct lt_entry *e)
{
	if (e->done)
		return json_string_value(json_object_get(e->done, "counters"));
	return e->result.counters;
}

/*
 * Unavailable counters are a property of the machine, not of a test: say
 * so once per run (once per distinct reason), as a note, not per test.
 */
static void note_counters(const struct lt_entry *entries, int n)
{
	for (int k = 0; k < n; k++) {
		const char *c = entry_counters(&entries[k]);
		bool seen = false;

		if (!c || strncmp(c, "unavailable: ", 13))
			continue;
		for (int j = 0; j < k && !seen; j++) {
			const char *d = entry_counters(&entries[j]);

			seen = d && !strcmp(c, d);
		}
		if (!seen)
			fprintf(stderr, "litmus-run: note: counters %s\n", c);
	}
}

/* ------------------------------------------------------------------ */
/* Memory layout and placement: --layout, --instances, --placement    */
/* ------------------------------------------------------------------ */

/*
 * The runtime parses -L itself; check the words here, and (once every
 * option is known) their fit with --sync, for exit code 2 rather than a
 * kernel that refuses to start.  Later words override earlier ones.
 */
struct layout_words {
	int reuse;		/* -1 unset, 0 fresh, 1 reuse */
	bool shuffle;		/* shuffle (seq: false) */
	bool stride;		/* stride=N, N > 0 */
};

static int check_layout(const char *arg, struct layout_words *lw)
{
	char *copy = lt_xstrdup(arg), *save = NULL;
	int rc = 0;

	lw->reuse = -1;
	lw->shuffle = lw->stride = false;
	for (char *w = strtok_r(copy, ",", &save); w && !rc;
	     w = strtok_r(NULL, ",", &save)) {
		static const char *const words[] = { "fresh", "reuse", "line",
			"packed", "seq", "shuffle", NULL };
		uint64_t v = 0;
		bool ok = false;

		for (int k = 0; words[k]; k++)
			ok |= !strcmp(w, words[k]);
		if (!ok && !strncmp(w, "stride=", 7))
			ok = parse_u64_arg("--layout stride", w + 7, 0, 64, &v) == 0;
		if (!ok) {
			fprintf(stderr, "litmus-run: --layout: expected fresh, reuse, line, packed, seq, shuffle or stride=N, got '%s'\n",
				w);
			rc = -1;
		}
		if (!strcmp(w, "fresh") || !strcmp(w, "reuse"))
			lw->reuse = !strcmp(w, "reuse");
		if (!strcmp(w, "shuffle") || !strcmp(w, "seq"))
			lw->shuffle = !strcmp(w, "shuffle");
		if (!strncmp(w, "stride=", 7))
			lw->stride = v > 0;
	}
	free(copy);
	return rc;
}

/* --layout against --sync, as the runtime would judge them. */
static int check_layout_sync(const struct lt_options *o)
{
	struct layout_words lw;
	const char *sync = o->sync ? o->sync : "spin";

	if (!o->layout || check_layout(o->layout, &lw) < 0)
		return 0;
	if (!strcmp(sync, "perpetual") && (lw.reuse == 0 || lw.shuffle || lw.stride)) {
		fprintf(stderr, "litmus-run: --layout=%s: --sync=perpetual runs on one set of cells; fresh, shuffle and stride=N do not apply\n",
			o->layout);
		return -1;
	}
	if (lw.reuse > 0 && !strcmp(sync, "timebase")) {
		fprintf(stderr, "litmus-run: --layout=%s: reused cells are re-initialised inside a handshake: --sync=spin or flags, not timebase\n",
			o->layout);
		return -1;
	}
	if (lw.reuse > 0 && (lw.shuffle || lw.stride)) {
		fprintf(stderr, "litmus-run: --layout=%s: reuse keeps one set of cells, so shuffle and stride=N do not apply\n",
			o->layout);
		return -1;
	}
	return 0;
}

static int parse_place_options(int c, const char *arg, struct lt_options *o)
{
	uint64_t v;

	switch (c) {
	case 'L': {
		struct layout_words lw;

		o->layout = arg;
		return check_layout(arg, &lw);
	}
	case 'I':
		if (!strcmp(arg, "fill")) {
			o->instances = 0;
			return 0;
		}
		if (parse_u64_arg("--instances", arg, 1, 4096, &v) < 0)
			return -1;
		o->instances = (int)v;
		return 0;
	default:
		if (strcmp(arg, "scan") && place_class_parse(arg) < 0) {
			fprintf(stderr, "litmus-run: --placement: expected smt, core, l3, die, package, numa or scan, got '%s'\n",
				arg);
			return -1;
		}
		o->placement = arg;
		return 0;
	}
}

/*
 * Plan class c for the test: the instances (--instances, or as many as
 * the class holds for fill) and the -p list.  Returns the instances, or
 * -1 with why.
 */
static int place_for_test(const struct lt_options *o, const struct lt_test *t,
			  enum lt_place_class c, struct lt_buf *pins, char *why,
			  size_t len)
{
	place_topo_t topo = place_topology(why, len);
	int ninst = o->instances, *pus;

	if (!topo)
		return -1;
	if (!ninst) {
		ninst = place_max_instances(topo, NULL, c, t->nthreads);
		if (ninst < 1)
			ninst = 1;
	}
	pus = lt_xcalloc((size_t)ninst * (size_t)t->nthreads, sizeof(*pus));
	if (place_plan(topo, NULL, c, t->nthreads, ninst, pus, why, len) < 0) {
		free(pus);
		return -1;
	}
	for (int k = 0; k < ninst * t->nthreads; k++)
		lt_buf_printf(pins, "%s%d", k ? "," : "", pus[k]);
	free(pus);
	return ninst;
}

static void iso_time(char *buf, size_t len, const char *fmt)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, len, fmt, &tm);
}

struct run_state {
	struct lt_options opt;
	struct lt_host host;
	struct lt_build_env env;
	struct lt_run_info info;
	struct lt_store store;
	json_t *manifest;		/* --resume: owns the option strings */
	char cwd[PATH_MAX];
	char results_dir[PATH_MAX];
	char run_json[PATH_MAX + 16];
	char started[32];
	struct lt_entry *entries;
	int n;
	bool emulated;
	bool store_failed;
};

static json_t *run_document(const struct run_state *s)
{
	json_t *tests = json_array();

	for (int k = 0; k < s->n; k++) {
		const struct lt_entry *e = &s->entries[k];

		json_array_append_new(tests, e->done ? json_incref(e->done) : json_entry(e));
	}
	return json_document(&s->info, tests);
}

/* A finished test goes to disk before the next one starts. */
static void save_test(struct run_state *s, int k)
{
	json_t *o;
	char why[512];

	if (s->entries[k].done)
		return;
	o = json_entry(&s->entries[k]);
	if (store_write_test(&s->store, k, o, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: cannot write results: %s\n", why);
		s->store_failed = true;
	}
	json_decref(o);
}

static void set_status(struct lt_entry *e, enum lt_status st, int exit_class,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void set_status(struct lt_entry *e, enum lt_status st, int exit_class,
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

static void parse_all(struct run_state *s, const struct lt_filelist *files)
{
	s->n = files->n;
	s->entries = lt_xcalloc((size_t)s->n, sizeof(*s->entries));
	for (int k = 0; k < s->n; k++) {
		struct lt_entry *e = &s->entries[k];
		struct lt_error err;
		int rc;

		e->file = lt_xstrdup(files->files[k]);
		e->arch = s->opt.arch->name;
		e->emulated = s->emulated;
		/* --resume: what the earlier run finished is not redone. */
		if (s->manifest && (e->done = store_read_test(&s->store, k))) {
			e->exit_class = (int)json_integer_value(
				json_object_get(e->done, "exit_code"));
			continue;
		}
		memset(&err, 0, sizeof(err));
		rc = litmus_parse_file(e->file, &e->test, &err);
		if (rc < 0) {
			if (rc == LT_EIO) {
				fprintf(stderr, "litmus-run: %s: %s\n", e->file, err.msg);
				set_status(e, LT_ST_ERROR, LT_EXIT_USAGE, "%s", err.msg);
			} else {
				fprintf(stderr, "litmus-run: %s:%d:%d: %s\n", e->file,
					err.pos.line, err.pos.col, err.msg);
				set_status(e, LT_ST_ERROR, LT_EXIT_PARSE, "%d:%d: %s",
					   err.pos.line, err.pos.col, err.msg);
			}
			e->test = NULL;
			continue;
		}
		/* A C test is target-neutral: it compiles for any --arch. */
		if (e->test->arch != s->opt.arch && !lt_arch_is_c(e->test->arch) &&
		    !s->opt.print_kernel) {
			set_status(e, LT_ST_SKIPPED, 0,
				   "test is for %s, this run is for %s",
				   e->test->arch->name, s->opt.arch->name);
			continue;
		}
		{
			struct lt_buf src = LT_BUF_INIT;

			if (gen_for_sync(&s->opt, e->test, &src, &err) < 0) {
				if (!strncmp(err.msg, "not eligible", 12)) {
					fprintf(stderr, "litmus-run: %s: skipped: %s\n",
						e->file, err.msg);
					set_status(e, LT_ST_SKIPPED, 0, "%s", err.msg);
					lt_buf_free(&src);
					continue;
				}
				fprintf(stderr, "litmus-run: %s:%d:%d: %s\n", e->file,
					err.pos.line, err.pos.col, err.msg);
				set_status(e, LT_ST_ERROR, LT_EXIT_PARSE, "%d:%d: %s",
					   err.pos.line, err.pos.col, err.msg);
				lt_buf_free(&src);
				continue;
			}
			e->source = lt_buf_steal(&src);
		}
	}
}

/* --print-kernel: the generated source of every test, nothing built or run. */
static int print_kernels(struct run_state *s)
{
	int code = LT_EXIT_OK, printed = 0;

	/* parse_all has said why each test without a kernel has none. */
	for (int k = 0; k < s->n; k++) {
		const struct lt_entry *e = &s->entries[k];

		if (e->source) {
			printf("/* ---- %s */\n%s", e->file, e->source);
			printed++;
		}
		if (e->exit_class && (code == LT_EXIT_OK || e->exit_class < code))
			code = e->exit_class;
	}
	/* Every test skipped (e.g. not eligible for --sync): nothing to print. */
	return code == LT_EXIT_OK && !printed ? LT_EXIT_NOTHING : code;
}

static void build_tests(struct run_state *s)
{
	struct lt_build_job *jobs = lt_xcalloc((size_t)s->n, sizeof(*jobs));
	int *idx = lt_xcalloc((size_t)s->n, sizeof(int)), nj = 0, built = 0;

	for (int k = 0; k < s->n; k++) {
		if (!s->entries[k].source)
			continue;
		jobs[nj].source = s->entries[k].source;
		idx[nj++] = k;
	}
	build_all(&s->env, jobs, nj, s->opt.jobs);
	for (int j = 0; j < nj; j++) {
		struct lt_entry *e = &s->entries[idx[j]];

		if (!jobs[j].ok) {
			fprintf(stderr, "litmus-run: %s: %s\n", e->file, jobs[j].why);
			set_status(e, LT_ST_ERROR, LT_EXIT_USAGE, "%s", jobs[j].why);
			continue;
		}
		built += !jobs[j].cached;
		e->exe = lt_xstrdup(jobs[j].exe);
	}
	if (s->opt.verbosity > 0)
		fprintf(stderr, "litmus-run: %d kernels built, %d from cache (%s)\n",
			built, nj - built, s->env.cache_dir);
	free(jobs);
	free(idx);
}

static void report_forbidden(const struct lt_entry *e)
{
	const struct lt_test *t = e->test;
	const struct lt_result *r = &e->result;

	for (int k = 0; k < r->nouts; k++) {
		const struct lt_outcome *o = &r->outs[k];

		if (o->allowed != LT_NO)
			continue;
		fprintf(stderr, "litmus-run: FORBIDDEN outcome observed in %s (%s):",
			t->name, e->file);
		for (int v = 0; v < t->nobserved; v++) {
			char name[160], val[160];

			lt_var_name(t, t->observed[v], name, sizeof(name));
			hist_value_str(t, &o->vals[v], val, sizeof(val));
			fprintf(stderr, " %s=%s;", name, val);
		}
		fprintf(stderr, " seen %" PRIu64 " times\n", o->count);
	}
}

static const char *signal_name(int sig)
{
	const char *d = sigabbrev_np(sig);

	return d ? d : "?";
}

/*
 * The kernel's own messages: warnings always (re-labelled with the test's
 * name instead of the cache path), everything with -v.
 */
static void relay_stderr(const struct run_state *s, const struct lt_entry *e,
			 const char *err)
{
	while (*err) {
		size_t n = strcspn(err, "\n");
		const char *w = strstr(err, "warning: ");

		if (w && w >= err + n)
			w = NULL;
		if (s->opt.progress && (w || s->opt.verbosity > 0))
			fputs("\r\033[K", stderr);
		if (w && s->opt.verbosity >= 0)
			fprintf(stderr, "litmus-run: %s: %.*s\n", e->test->name,
				(int)(err + n - w), w);
		else if (s->opt.verbosity > 0)
			fprintf(stderr, "litmus-run: %s: %.*s\n", e->test->name, (int)n, err);
		err += n + (err[n] == '\n');
	}
}

/* ------------------------------------------------------------------ */
/* The built-in model: --model and --check-only                       */
/* ------------------------------------------------------------------ */

/* Compute e's model result (or the reason there is none), once. */
static void model_judge(const struct run_state *s, struct lt_entry *e)
{
	struct lt_model_result *m;
	struct lt_error err;
	struct timespec t0, t1;
	int rc;

	if (e->model || e->model_error || !e->test)
		return;
	memset(&err, 0, sizeof(err));
	m = lt_xcalloc(1, sizeof(*m));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = model_allowed_states(e->test, s->opt.model, m, &err);
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
		free(m);
		return;
	}
	e->model = m;
}

/* The model takes precedence over the test's expectation when it applies. */
static void model_classify(const struct run_state *s, struct lt_entry *e)
{
	model_judge(s, e);
	if (e->model)
		hist_apply_model(e->test, &e->result, e->model);
	else if (e->model_error && s->opt.verbosity > 0)
		fprintf(stderr, "litmus-run: %s: no model verdict: %s\n", e->file,
			e->model_error);
}

static void model_free(struct lt_entry *e)
{
	if (e->model)
		model_result_free(e->model);
	free(e->model);
	free(e->model_error);
	e->model = NULL;
	e->model_error = NULL;
}

/*
 * --check-only: parse each test and print what the model allows, in
 * herd7's format (without its Time and Hash lines), so the two can be
 * compared line by line.  Nothing is built or run.
 */
static int check_only(struct run_state *s, const struct lt_filelist *files)
{
	FILE *human = (s->opt.json_path && !strcmp(s->opt.json_path, "-")) ?
		      stderr : stdout;
	int code = LT_EXIT_OK;
	char why[512];

	s->n = files->n;
	s->entries = lt_xcalloc((size_t)s->n, sizeof(*s->entries));
	for (int k = 0; k < s->n; k++) {
		struct lt_entry *e = &s->entries[k];
		struct lt_error err;
		int rc;

		e->file = lt_xstrdup(files->files[k]);
		memset(&err, 0, sizeof(err));
		rc = litmus_parse_file(e->file, &e->test, &err);
		if (rc < 0) {
			fprintf(stderr, "litmus-run: %s:%d:%d: %s\n", e->file,
				err.pos.line, err.pos.col, err.msg);
			set_status(e, LT_ST_ERROR, rc == LT_EIO ? LT_EXIT_USAGE :
				   LT_EXIT_PARSE, "%d:%d: %s", err.pos.line,
				   err.pos.col, err.msg);
			e->test = NULL;
			continue;
		}
		e->arch = e->test->arch->name;
		set_status(e, LT_ST_SKIPPED, 0, "--check-only: not run");
		model_judge(s, e);
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
		};
		doc = run_document(s);
		if (json_write_file(doc, s->opt.json_path, why, sizeof(why)) < 0) {
			fprintf(stderr, "litmus-run: --json: %s\n", why);
			code = LT_EXIT_USAGE;
		}
		json_decref(doc);
	}
	return code;
}

/*
 * Run e's executable once into r with the -p list pins (or NULL) and
 * ninst instances (-1: --instances as given).  Returns 0, or -1 with e's
 * status set.
 */
static int run_exe(struct run_state *s, struct lt_entry *e, const char *pins,
		   int ninst, struct lt_result *r)
{
	struct lt_exec_result res;
	char **argv, why[512], num[32];
	int argc;

	argv = exec_split(s->opt.exec ? s->opt.exec : "", &argc);
	argv = lt_xrealloc(argv, (size_t)(argc + 20) * sizeof(char *));
	argv[argc++] = lt_xstrdup(e->exe);
	argv[argc++] = lt_xstrdup("-n");
	snprintf(num, sizeof(num), "%" PRIu64, s->opt.iterations);
	argv[argc++] = lt_xstrdup(num);
	if (s->opt.batch) {
		argv[argc++] = lt_xstrdup("-s");
		snprintf(num, sizeof(num), "%" PRIu64, s->opt.batch);
		argv[argc++] = lt_xstrdup(num);
	}
	argc = sync_argv(&s->opt, argv, argc);
	/* Layout and placement: runtime -L, -I, -p. */
	if (s->opt.layout) {
		argv[argc++] = lt_xstrdup("-L");
		argv[argc++] = lt_xstrdup(s->opt.layout);
	}
	if (ninst < 0)
		ninst = s->opt.instances;
	if (ninst != 1) {
		argv[argc++] = lt_xstrdup("-I");
		snprintf(num, sizeof(num), "%d", ninst);
		argv[argc++] = lt_xstrdup(num);
	}
	if (pins) {
		argv[argc++] = lt_xstrdup("-p");
		argv[argc++] = lt_xstrdup(pins);
	}
	if (s->opt.counters) {
		argv[argc++] = lt_xstrdup("-C");
		argv[argc++] = lt_xstrdup(s->opt.counters);
	}
	argv[argc] = NULL;

	if (exec_capture(argv, s->opt.timeout_s, &stop_signal, &res, why,
			 sizeof(why)) < 0) {
		set_status(e, LT_ST_ERROR, LT_EXIT_USAGE, "%s", why);
		exec_argv_free(argv);
		return -1;
	}
	exec_argv_free(argv);
	relay_stderr(s, e, res.err);
	if (res.interrupted)
		set_status(e, LT_ST_ERROR, 0, "interrupted by %s",
			   signal_name(stop_signal));
	else if (res.timed_out)
		set_status(e, LT_ST_TIMEOUT, LT_EXIT_FAULT,
			   "killed after the %u s timeout", s->opt.timeout_s);
	else if (res.signal)
		set_status(e, LT_ST_CRASHED, LT_EXIT_FAULT, "killed by signal SIG%s (%d)",
			   signal_name(res.signal), res.signal);
	else if (res.exit_code != 0)
		set_status(e, LT_ST_CRASHED, LT_EXIT_FAULT, "exited with status %d%s%.*s",
			   res.exit_code, res.err[0] ? ": " : "",
			   (int)strcspn(res.err, "\n"), res.err);
	else if (hist_parse_raw(e->test, res.out, r, why, sizeof(why)) < 0)
		set_status(e, LT_ST_ERROR, LT_EXIT_FAULT, "%s", why);
	exec_result_free(&res);
	return e->result.status == LT_ST_OK ? 0 : -1;
}

/*
 * --placement=scan: run once per class this machine has for the test's
 * thread count; the histogram sums the runs (counts still add up to the
 * iterations) and "scan" says what each class witnessed.
 */
static void run_scan(struct run_state *s, struct lt_entry *e,
		     enum lt_expect expect, const char *source)
{
	char why[512];
	int ran = 0;

	if (!place_topology(why, sizeof(why))) {
		set_status(e, LT_ST_ERROR, LT_EXIT_USAGE, "%s", why);
		return;
	}
	e->result.scan = json_array();
	for (int c = 0; c < LT_PLACE_NCLASSES; c++) {
		struct lt_buf pins = LT_BUF_INIT;
		struct lt_result r = { 0 };
		json_t *o;
		int ninst;

		ninst = place_for_test(&s->opt, e->test, c, &pins, why, sizeof(why));
		if (ninst < 0) {
			lt_buf_free(&pins);
			continue;	/* not on this machine */
		}
		if (run_exe(s, e, pins.s, ninst, &r) < 0) {
			lt_buf_free(&pins);
			lt_result_free(&r);
			return;
		}
		hist_classify(e->test, &r, expect, source);
		o = json_object();
		json_object_set_new(o, "class", json_string(place_class_name(c)));
		json_object_set_new(o, "instances", json_integer(r.instances));
		json_object_set_new(o, "iterations", json_integer((json_int_t)r.iterations));
		json_object_set_new(o, "elapsed_s", json_real(r.elapsed_s));
		json_object_set_new(o, "witnesses", json_integer((json_int_t)r.positive));
		json_object_set_new(o, "pus", json_string(pins.s));
		json_array_append_new(e->result.scan, o);
		if (!ran) {
			/* The first class's provenance stands for the run's. */
			json_t *scan = e->result.scan;

			e->result.scan = NULL;
			lt_result_free(&e->result);
			e->result = r;
			e->result.scan = scan;
			memset(&r, 0, sizeof(r));
		} else {
			hist_merge(e->test, &e->result, &r);
		}
		lt_buf_free(&pins);
		lt_result_free(&r);
		ran++;
	}
	if (!ran) {
		set_status(e, LT_ST_ERROR, LT_EXIT_USAGE,
			   "--placement=scan: no class fits %d threads on this machine",
			   e->test->nthreads);
		return;
	}
	free(e->result.placement_class);
	e->result.placement_class = lt_xstrdup("scan");
}

static void run_one(struct run_state *s, struct lt_entry *e)
{
	enum lt_expect expect;
	const char *source = "kinds.txt";

	expect = suite_expectation(e->file, e->test->name);
	if (expect == LT_EXPECT_NONE) {
		expect = e->test->expect;
		source = "Result comment";
	}
	if (s->opt.placement && !strcmp(s->opt.placement, "scan")) {
		run_scan(s, e, expect, source);
	} else if (s->opt.placement) {
		struct lt_buf pins = LT_BUF_INIT;
		char why[512];
		int c = place_class_parse(s->opt.placement);
		int ninst = place_for_test(&s->opt, e->test, c, &pins, why, sizeof(why));

		if (ninst < 0) {
			fprintf(stderr, "litmus-run: %s: %s\n", e->file, why);
			set_status(e, LT_ST_ERROR, LT_EXIT_USAGE, "%s", why);
		} else if (run_exe(s, e, pins.s, ninst, &e->result) == 0) {
			e->result.placement_class = lt_xstrdup(s->opt.placement);
		}
		lt_buf_free(&pins);
	} else {
		run_exe(s, e, NULL, -1, &e->result);
	}
	if (e->result.status != LT_ST_OK)
		return;
	hist_classify(e->test, &e->result, expect, source);
	model_classify(s, e);
	hist_sort(e->test, &e->result);
	if (e->result.forbidden_observed) {
		e->exit_class = LT_EXIT_FORBIDDEN;
		report_forbidden(e);
	}
}

static void progress(const struct run_state *s, int k, const char *what)
{
	if (!s->opt.progress)
		return;
	fprintf(stderr, "\r\033[K[%d/%d] %s", k + 1, s->n, what);
	fflush(stderr);
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

static int setup_results_dir(struct run_state *s)
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

/* --shard=K/N, 1 <= K <= N. */
static int parse_shard(const char *s, struct lt_options *o)
{
	int k, n, used = 0;

	if (sscanf(s, "%d/%d%n", &k, &n, &used) != 2 || s[used] || n < 1 || k < 1 ||
	    k > n || n > 100000) {
		fprintf(stderr, "litmus-run: --shard: expected K/N with 1 <= K <= N, "
			"got '%s'\n", s);
		return -1;
	}
	o->shard_k = k;
	o->shard_n = n;
	return 0;
}

/*
 * Keep this shard's part of the suite: the tests at positions K-1, K-1+N,
 * ... of the expanded list.  Every shard expands the same arguments the same
 * way (directories in sorted order), so the N parts are disjoint and cover
 * the suite, and their sizes differ by at most one.
 */
static void shard_filter(struct lt_options *o, struct lt_filelist *files)
{
	int kept = 0;

	o->shard_total = files->n;
	for (int k = 0; k < files->n; k++) {
		if (k % o->shard_n == o->shard_k - 1)
			files->files[kept++] = files->files[k];
		else
			free(files->files[k]);
	}
	files->n = kept;
}

/* --probe measures the machine: no test, and nothing that is about tests. */
static int check_probe_options(const struct lt_options *o, const char *path)
{
	const char *other = o->resume ? "--resume" : o->emit_dir ? "--emit" :
			    o->collect_dir ? "--collect" : o->check_only ? "--check-only" :
			    o->print_kernel ? "--print-kernel" : o->exec ? "--exec" : NULL;

	if (!o->probe) {
		fprintf(stderr, "litmus-run: --probe-rounds goes with --probe\n");
		return -1;
	}
	if (path) {
		fprintf(stderr, "litmus-run: --probe measures this machine and runs no test: "
			"give no PATH (got '%s')\n", path);
		return -1;
	}
	if (other) {
		fprintf(stderr, "litmus-run: --probe runs no test: it does not go with %s\n",
			other);
		return -1;
	}
	if (!o->arch_native) {
		fprintf(stderr, "litmus-run: --probe measures this machine's own PUs, not "
			"--arch=%s\n", o->arch->name);
		return -1;
	}
	return 0;
}

/* --include / --exclude: the globs point into argv. */
static void add_glob(struct lt_options *o, bool include, const char *glob)
{
	const char ***v = include ? &o->include : &o->exclude;
	int *n = include ? &o->ninclude : &o->nexclude;

	*v = lt_xrealloc(*v, (size_t)(*n + 1) * sizeof(char *));
	(*v)[(*n)++] = glob;
}

static int parse_options(int argc, char **argv, struct lt_options *o)
{
	enum { OPT_TIMEOUT = 256, OPT_JSON, OPT_ARCH, OPT_EXEC, OPT_CC, OPT_CFLAGS,
	       OPT_BATCH, OPT_NO_PROGRESS, OPT_PRINT_KERNEL, OPT_RESUME, OPT_MODEL,
	       OPT_CHECK_ONLY, OPT_JUNIT, OPT_SHARD, OPT_EMIT, OPT_COLLECT, OPT_SYNC,
	       OPT_DELAY, OPT_INCLUDE, OPT_EXCLUDE,
	       OPT_LAYOUT, OPT_INSTANCES, OPT_PLACEMENT, OPT_COUNTERS, OPT_PROBE,
	       OPT_PROBE_ROUNDS };
	static const struct option longopts[] = {
		{ "iterations", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "results", required_argument, NULL, 'o' },
		{ "json", required_argument, NULL, OPT_JSON },
		{ "arch", required_argument, NULL, OPT_ARCH },
		{ "exec", required_argument, NULL, OPT_EXEC },
		{ "cc", required_argument, NULL, OPT_CC },
		{ "cflags", required_argument, NULL, OPT_CFLAGS },
		{ "batch", required_argument, NULL, OPT_BATCH },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
		{ "print-kernel", no_argument, NULL, OPT_PRINT_KERNEL },
		{ "resume", required_argument, NULL, OPT_RESUME },
		{ "model", required_argument, NULL, OPT_MODEL },
		{ "check-only", no_argument, NULL, OPT_CHECK_ONLY },
		{ "junit", required_argument, NULL, OPT_JUNIT },
		{ "shard", required_argument, NULL, OPT_SHARD },
		{ "emit", required_argument, NULL, OPT_EMIT },
		{ "collect", required_argument, NULL, OPT_COLLECT },
		{ "sync", required_argument, NULL, OPT_SYNC },
		{ "delay", required_argument, NULL, OPT_DELAY },
		{ "layout", required_argument, NULL, OPT_LAYOUT },
		{ "instances", required_argument, NULL, OPT_INSTANCES },
		{ "placement", required_argument, NULL, OPT_PLACEMENT },
		{ "counters", required_argument, NULL, OPT_COUNTERS },
		{ "probe", no_argument, NULL, OPT_PROBE },
		{ "probe-rounds", required_argument, NULL, OPT_PROBE_ROUNDS },
		{ "include", required_argument, NULL, OPT_INCLUDE },
		{ "exclude", required_argument, NULL, OPT_EXCLUDE },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *arch = "native";
	bool no_progress = false;
	uint64_t v;
	int c;

	o->iterations = 1000000;
	o->timeout_s = 60;
	o->delay = -1;
	o->instances = 1;
	o->jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (o->jobs < 1)
		o->jobs = 1;
	while ((c = getopt_long(argc, argv, "n:o:j:qvVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_u64_arg("--iterations", optarg, 1, UINT64_C(1) << 48, &v) < 0)
				return -1;
			o->iterations = v;
			break;
		case OPT_TIMEOUT:
			if (parse_u64_arg("--timeout", optarg, 1, 7 * 86400, &v) < 0)
				return -1;
			o->timeout_s = (unsigned)v;
			break;
		case 'o':
			o->results_dir = optarg;
			break;
		case OPT_JSON:
			o->json_path = optarg;
			break;
		case OPT_ARCH:
			arch = optarg;
			break;
		case OPT_EXEC:
			o->exec = optarg;
			break;
		case OPT_CC:
			o->cc = optarg;
			break;
		case OPT_CFLAGS:
			o->cflags = optarg;
			break;
		case OPT_BATCH:
			if (parse_u64_arg("--batch", optarg, 1, 1u << 24, &v) < 0)
				return -1;
			o->batch = v;
			break;
		case 'j':
			if (parse_u64_arg("--jobs", optarg, 1, 1024, &v) < 0)
				return -1;
			o->jobs = (int)v;
			break;
		case 'q':
			o->verbosity = -1;
			break;
		case 'v':
			o->verbosity = 1;
			break;
		case OPT_NO_PROGRESS:
			no_progress = true;
			break;
		case OPT_PRINT_KERNEL:
			o->print_kernel = true;
			break;
		case OPT_RESUME:
			o->resume = optarg;
			break;
		case OPT_MODEL:
			if (!model_exists(optarg)) {
				fprintf(stderr, "litmus-run: --model: unknown model '%s' (known:",
					optarg);
				for (int k = 0; lt_model_names[k]; k++)
					fprintf(stderr, " %s", lt_model_names[k]);
				fprintf(stderr, ")\n");
				return -1;
			}
			o->model = optarg;
			break;
		case OPT_CHECK_ONLY:
			o->check_only = true;
			break;
		case OPT_JUNIT:
			o->junit_path = optarg;
			break;
		case OPT_SHARD:
			if (parse_shard(optarg, o) < 0)
				return -1;
			break;
		case OPT_EMIT:
			o->emit_dir = optarg;
			break;
		case OPT_COLLECT:
			o->collect_dir = optarg;
			break;
		case OPT_SYNC:
		case OPT_DELAY:
			if (parse_sync_option(c == OPT_SYNC, optarg, o) < 0)
				return -1;
			break;
		case OPT_INCLUDE:
		case OPT_EXCLUDE:
			add_glob(o, c == OPT_INCLUDE, optarg);
			break;
		case OPT_LAYOUT:
		case OPT_INSTANCES:
		case OPT_PLACEMENT:
			if (parse_place_options(c == OPT_LAYOUT ? 'L' : c == OPT_INSTANCES ?
						'I' : 'P', optarg, o) < 0)
				return -1;
			break;
		case OPT_COUNTERS:
			if (parse_counters_option(optarg, o) < 0)
				return -1;
			break;
		case OPT_PROBE:
			o->probe = true;
			break;
		case OPT_PROBE_ROUNDS:
			if (parse_u64_arg("--probe-rounds", optarg, 1, 1000000, &v) < 0)
				return -1;
			o->probe_rounds = (int)v;
			break;
		case 'V':
			printf("litmus-run %s (git %s)\nconfigured with: %s\n",
			       PACKAGE_VERSION, LT_GIT_SHA, LT_CONFIGURE_ARGS);
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		default:
			fprintf(stderr, "Try 'litmus-run --help'.\n");
			return -1;
		}
	}
	if (!strcmp(arch, "native")) {
		o->arch = lt_arch_native();
		if (!o->arch) {
			fprintf(stderr, "litmus-run: this host's architecture is not supported\n");
			exit(LT_EXIT_NOTHING);
		}
	} else if (!(o->arch = lt_arch_by_name(arch))) {
		fprintf(stderr, "litmus-run: --arch: unknown architecture '%s' (supported:", arch);
		for (int k = 0; lt_arches[k]; k++)
			fprintf(stderr, " %s", lt_arches[k]->name);
		fprintf(stderr, ", native)\n");
		return -1;
	}
	o->arch_native = o->arch == lt_arch_native();
	if (check_layout_sync(o) < 0)
		return -1;
	o->progress = !no_progress && o->verbosity >= 0 && isatty(STDERR_FILENO);
	if (o->probe || o->probe_rounds)
		return check_probe_options(o, optind < argc ? argv[optind] : NULL);
	if (o->collect_dir) {
		if (optind < argc || o->resume || o->emit_dir) {
			fprintf(stderr, "litmus-run: --collect takes its tests from %s/bundle.json; "
				"give no PATH, --resume or --emit\n", o->collect_dir);
			return -1;
		}
		return 0;
	}
	if (o->resume) {
		if (optind < argc) {
			fprintf(stderr, "litmus-run: --resume takes its tests and options from "
				"%s/manifest.json; give no PATH\n", o->resume);
			return -1;
		}
		return 0;
	}
	if (optind >= argc) {
		fprintf(stderr, "litmus-run: no test given\n");
		usage(stderr);
		return -1;
	}
	return 0;
}

/* Whether a command is found on $PATH (or is an executable path). */
static bool in_path(const char *cmd)
{
	const char *path = getenv("PATH");
	struct lt_buf b = LT_BUF_INIT;
	bool found = false;

	if (!cmd || !*cmd)
		return false;
	if (strchr(cmd, '/'))
		return access(cmd, X_OK) == 0;
	while (path && !found) {
		size_t n = strcspn(path, ":");

		lt_buf_reset(&b);
		lt_buf_printf(&b, "%.*s/%s", (int)n, n ? path : ".", cmd);
		found = access(b.s, X_OK) == 0;
		path = path[n] ? path + n + 1 : NULL;
	}
	lt_buf_free(&b);
	return found;
}

static void free_state(struct run_state *s)
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

/* --resume DIR: options and tests from the manifest, in its directory. */
static int resume_setup(struct run_state *s, struct lt_filelist *files)
{
	char dir[PATH_MAX], why[1024];
	char **list;
	const char *cwd;
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
	/* Relative test paths mean what they meant to the first run. */
	if (chdir(cwd) < 0) {
		fprintf(stderr, "litmus-run: --resume: cannot enter %s: %s\n", cwd,
			strerror(errno));
		free(list);
		return -1;
	}
	snprintf(s->cwd, sizeof(s->cwd), "%s", cwd);
	s->opt.resume = lt_xstrdup(dir);
	for (int k = 0; k < n; k++) {
		files->files = lt_xrealloc(files->files, (size_t)(k + 1) * sizeof(char *));
		files->files[k] = lt_xstrdup(list[k]);
	}
	files->n = n;
	free(list);
	return 0;
}

/* The human-facing end of a run: summary, --json, where the results are. */
static int finish_run(struct run_state *s)
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
	/* With --json=-, stdout carries the document and nothing else. */
	human = (s->opt.json_path && !strcmp(s->opt.json_path, "-")) ? stderr : stdout;
	if (s->opt.verbosity >= 0) {
		note_counters(s->entries, s->n);
		summary_print(human, s->entries, s->n);
	}
	if (s->opt.json_path &&
	    json_write_file(doc, s->opt.json_path, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: --json: %s\n", why);
		code = LT_EXIT_USAGE;
	}
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
/* Bundles for lab boards: --emit and --collect                       */
/* ------------------------------------------------------------------ */

/* --emit DIR: each test's kernel and everything to build and run it. */
static int emit_bundle(struct run_state *s, const struct lt_filelist *files)
{
	struct lt_bundle_test *bt;
	struct lt_bundle_cfg cfg;
	char datadir[PATH_MAX], why[1024];
	int n = 0, code = LT_EXIT_OK;

	if (build_find_datadir(datadir, sizeof(datadir), why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: %s\n", why);
		return LT_EXIT_USAGE;
	}
	parse_all(s, files);
	bt = lt_xcalloc((size_t)s->n + 1, sizeof(*bt));
	for (int k = 0; k < s->n; k++) {
		const struct lt_entry *e = &s->entries[k];

		/* parse_all has already said why a test is not eligible. */
		if (e->result.status == LT_ST_SKIPPED && s->opt.verbosity >= 0 &&
		    strncmp(e->result.reason, "not eligible", 12))
			fprintf(stderr, "litmus-run: %s: not in the bundle: %s\n", e->file,
				e->result.reason);
		if (e->exit_class && (code == LT_EXIT_OK || e->exit_class < code))
			code = e->exit_class;
		if (!e->source)
			continue;
		bt[n++] = (struct lt_bundle_test){
			.file = e->file, .name = e->test->name, .source = e->source,
			.expect = suite_expectation(e->file, e->test->name),
			.expect_source = "kinds.txt",
		};
		if (bt[n - 1].expect == LT_EXPECT_NONE) {
			bt[n - 1].expect = e->test->expect;
			bt[n - 1].expect_source = "Result comment";
		}
	}
	cfg = (struct lt_bundle_cfg){
		.datadir = datadir, .arch = s->opt.arch->name,
		.isa_dir = s->opt.arch->isa_dir,
		.cflags = s->opt.cflags ? s->opt.cflags : "-O2",
		.iterations = s->opt.iterations, .timeout_s = s->opt.timeout_s,
		.counters = counters_list(&s->opt),
		.version = PACKAGE_VERSION, .git = LT_GIT_SHA,
	};
	if (n == 0) {
		fprintf(stderr, "litmus-run: --emit: no test to put in the bundle\n");
		code = code ? code : LT_EXIT_NOTHING;
	} else if (bundle_emit(s->opt.emit_dir, &cfg, bt, n, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: --emit: %s\n", why);
		code = LT_EXIT_USAGE;
	} else if (s->opt.verbosity >= 0) {
		printf("bundle: %s (%d tests for %s)\n"
		       "  on the board: make && ./run.sh [-n N]    (cross: make CC=... LDFLAGS=-static)\n"
		       "  then here:    litmus-run --collect %s\n",
		       s->opt.emit_dir, n, cfg.arch, s->opt.emit_dir);
	}
	free(bt);
	return code;
}

/* One test of a bundle: its raw output judged as a run's would be. */
static void collect_one(struct run_state *s, struct lt_entry *e,
			const char *dir, const char *id, const json_t *bt)
{
	char path[PATH_MAX + 64], why[512], status[32];
	enum lt_expect expect;
	const char *source;
	char *raw;

	snprintf(path, sizeof(path), "%s/out/%s.status", dir, id);
	raw = bundle_slurp(path);
	snprintf(status, sizeof(status), "%s", raw ? raw : "");
	status[strcspn(status, "\n")] = '\0';
	free(raw);
	snprintf(path, sizeof(path), "%s/out/%s.raw", dir, id);
	raw = bundle_slurp(path);
	if (!raw) {
		set_status(e, LT_ST_ERROR, LT_EXIT_FAULT, "no output in the bundle (%s): "
			   "not run on the board?", path);
		return;
	}
	/* run.sh's timeout kills with SIGKILL: status 137, as a shell says. */
	if (status[0] && strcmp(status, "0")) {
		int st = atoi(status);

		if (st == 124 || st == 137)
			set_status(e, LT_ST_TIMEOUT, LT_EXIT_FAULT,
				   "killed on the board (exit status %d)", st);
		else
			set_status(e, LT_ST_CRASHED, LT_EXIT_FAULT,
				   "exited with status %d on the board", st);
	} else if (hist_parse_raw(e->test, raw, &e->result, why, sizeof(why)) < 0) {
		set_status(e, LT_ST_ERROR, LT_EXIT_FAULT, "%s", why);
	}
	free(raw);
	if (e->result.status != LT_ST_OK)
		return;
	/* As --emit found it beside the original test. */
	expect = bundle_expect_parse(json_string_value(json_object_get(bt, "expectation")));
	source = json_string_value(json_object_get(bt, "expectation_source"));
	hist_classify(e->test, &e->result, expect, source ? source : "kinds.txt");
	model_classify(s, e);
	hist_sort(e->test, &e->result);
	if (e->result.forbidden_observed) {
		e->exit_class = LT_EXIT_FORBIDDEN;
		report_forbidden(e);
	}
}

/*
 * --collect DIR: the summary and JSON of a normal run, from what run.sh
 * wrote.  The host is the board as run.sh saw it; the compiler is what
 * make recorded in build.txt.  Nothing here can be resumed (there is no
 * manifest.json): a missing output is reported as such.
 */
static int collect_bundle(struct run_state *s)
{
	const char *dir = s->opt.collect_dir;
	char path[PATH_MAX + 64], why[1024], nproc[32], exec[256];
	static char cc[256], cc_path[256], cflags[512], started[32];
	const char *arch;
	json_t *tests;
	size_t k;

	s->manifest = bundle_read_manifest(dir, why, sizeof(why));
	if (!s->manifest) {
		fprintf(stderr, "litmus-run: --collect: %s\n", why);
		return LT_EXIT_USAGE;
	}
	arch = json_string_value(json_object_get(s->manifest, "arch"));
	tests = json_object_get(s->manifest, "tests");
	if (!lt_arch_by_name(arch)) {
		fprintf(stderr, "litmus-run: --collect: unknown arch '%s' in the bundle\n", arch);
		return LT_EXIT_USAGE;
	}

	snprintf(path, sizeof(path), "%s/out/host.txt", dir);
	bundle_read_key(path, "host", s->host.name, sizeof(s->host.name));
	bundle_read_key(path, "arch", s->host.arch, sizeof(s->host.arch));
	bundle_read_key(path, "cpu", s->host.cpu, sizeof(s->host.cpu));
	bundle_read_key(path, "nproc", nproc, sizeof(nproc));
	bundle_read_key(path, "exec", exec, sizeof(exec));
	bundle_read_key(path, "started", started, sizeof(started));
	if (!s->host.name[0]) {
		fprintf(stderr, "litmus-run: --collect: %s missing or empty: run ./run.sh "
			"in the bundle first\n", path);
		return LT_EXIT_USAGE;
	}
	s->host.pus = atoi(nproc);
	snprintf(s->host.topology, sizeof(s->host.topology), "unknown");
	/* A bundle run through qemu-user (LT_EXEC) is emulated, as with --exec. */
	s->emulated = !strncmp(exec, "qemu-", 5) || strstr(exec, "/qemu-");
	if (s->emulated)
		fprintf(stderr, "litmus-run: warning: the bundle ran under emulation (%s): "
			"its results show the host's reorderings, not the target's\n", exec);
	snprintf(path, sizeof(path), "%s/build.txt", dir);
	bundle_read_key(path, "cc", cc, sizeof(cc));
	bundle_read_key(path, "cc_path", cc_path, sizeof(cc_path));
	bundle_read_key(path, "cflags", cflags, sizeof(cflags));
	if (!cflags[0])
		snprintf(cflags, sizeof(cflags), "%s",
			 json_string_value(json_object_get(s->manifest, "cflags")));

	if (!getcwd(s->cwd, sizeof(s->cwd)))
		s->cwd[0] = '\0';
	if (setup_results_dir(s) < 0)
		return LT_EXIT_USAGE;
	s->n = (int)json_array_size(tests);
	s->entries = lt_xcalloc((size_t)s->n + 1, sizeof(*s->entries));
	for (k = 0; k < json_array_size(tests); k++) {
		json_t *t = json_array_get(tests, k);
		const char *id = json_string_value(json_object_get(t, "id"));
		const char *file = json_string_value(json_object_get(t, "file"));
		struct lt_entry *e = &s->entries[k];
		struct lt_error err;
		char copy[PATH_MAX + 64];

		e->file = lt_xstrdup(file ? file : "?");
		e->arch = arch;
		e->emulated = s->emulated;
		if (!id || strchr(id, '/') || id[0] == '.') {
			set_status(e, LT_ST_ERROR, LT_EXIT_USAGE, "bad test id in bundle.json");
			continue;
		}
		snprintf(copy, sizeof(copy), "%s/litmus/%s.litmus", dir, id);
		memset(&err, 0, sizeof(err));
		if (litmus_parse_file(copy, &e->test, &err) < 0) {
			fprintf(stderr, "litmus-run: %s:%d:%d: %s\n", copy, err.pos.line,
				err.pos.col, err.msg);
			set_status(e, LT_ST_ERROR, LT_EXIT_PARSE, "%d:%d: %s",
				   err.pos.line, err.pos.col, err.msg);
			e->test = NULL;
			continue;
		}
		collect_one(s, e, dir, id, t);
		if (e->result.status == LT_ST_OK && !s->info.iterations)
			s->info.iterations = e->result.iterations;
	}
	s->info = (struct lt_run_info){
		.version = PACKAGE_VERSION, .git = LT_GIT_SHA,
		.host_name = s->host.name, .host_arch = s->host.arch,
		.cpu = s->host.cpu, .pus = s->host.pus, .topology = s->host.topology,
		.iterations = s->info.iterations, .timeout_s = s->opt.timeout_s,
		.cc = cc[0] ? cc : NULL, .cc_path = cc_path[0] ? cc_path : NULL,
		.cc_version = cc[0] ? cc : NULL, .cflags = cflags,
		.exec = exec[0] ? exec : NULL,
		.counters = json_string_value(json_object_get(s->manifest, "counters")),
		.started = started[0] ? started : NULL,
	};
	for (int i = 0; i < s->n; i++)
		save_test(s, i);
	return finish_run(s);
}

/* ------------------------------------------------------------------ */
/* The core-to-core round trip: --probe                               */
/* ------------------------------------------------------------------ */

struct probe_pair {
	int class;		/* enum lt_place_class, or -1 */
	int pus[2];
};

/*
 * The pairs to measure: the default placement's first two PUs, the
 * pair of --placement=CLASS, or one pair per class for scan.  Returns
 * the count, or -1 with *code and a message printed.
 */
static int probe_pairs(const struct lt_options *o, struct probe_pair *pp, int *code)
{
	place_topo_t topo;
	char why[512];
	int n = 0;

	*code = LT_EXIT_USAGE;
	if (!(topo = place_topology(why, sizeof(why)))) {
		fprintf(stderr, "litmus-run: --probe: %s\n", why);
		return -1;
	}
	if (place_npus(topo) < 2 ||
	    (!o->placement && place_default(topo, 2, pp[0].pus) < 2)) {
		fprintf(stderr, "litmus-run: --probe: this machine gives litmus-run a single "
			"PU: no pair to measure\n");
		*code = LT_EXIT_NOTHING;
		return -1;
	}
	if (!o->placement) {
		pp[0].class = place_pair_class(topo, pp[0].pus[0], pp[0].pus[1]);
		return 1;
	}
	for (int c = 0; c < LT_PLACE_NCLASSES; c++) {
		bool scan = !strcmp(o->placement, "scan");

		if (!scan && c != place_class_parse(o->placement))
			continue;
		if (place_plan(topo, NULL, c, 2, 1, pp[n].pus, why, sizeof(why)) == 0) {
			pp[n++].class = c;
		} else if (!scan) {
			fprintf(stderr, "litmus-run: %s\n", why);
			return -1;
		}
	}
	if (n == 0)
		fprintf(stderr, "litmus-run: --placement=scan: no class of this machine "
			"holds two PUs\n");
	return n ? n : -1;
}

/* ns values to 0.1 ns: finer digits are noise. */
static double probe_round(double ns)
{
	return (double)(long long)(ns * 10 + 0.5) / 10;
}

/* One probe's JSON entry; r is NULL when it failed with status and why. */
static json_t *probe_entry(const struct probe_pair *p, const struct lt_probe_result *r,
			   const char *status, const char *why)
{
	json_t *o = json_object(), *rtt;
	double median;

	json_object_set_new(o, "class", p->class >= 0 ?
			    json_string(place_class_name(p->class)) : json_null());
	json_object_set_new(o, "pus", json_pack("[i,i]", p->pus[0], p->pus[1]));
	json_object_set_new(o, "status", json_string(status));
	if (!r) {
		json_object_set_new(o, "reason", json_string(why));
		return o;
	}
	median = probe_round(r->rtt_ns_median);
	rtt = json_object();
	json_object_set_new(rtt, "median", json_real(median));
	json_object_set_new(rtt, "min", json_real(probe_round(r->rtt_ns_min)));
	json_object_set_new(rtt, "p90", json_real(probe_round(r->rtt_ns_p90)));
	json_object_set_new(o, "rtt_ns", rtt);
	json_object_set_new(o, "one_way_ns", json_real(probe_round(median / 2)));
	/* From the median as written, so a reader can recompute it. */
	json_object_set_new(o, "limit_iterations_per_s",
			    json_integer((json_int_t)(1e9 / median + 0.5)));
	json_object_set_new(o, "samples", json_integer(r->samples));
	json_object_set_new(o, "rounds", json_integer(r->rounds));
	return o;
}

/*
 * --probe: measure each pair, print a table (stderr with --json=-) and
 * the litmus-run-probe/1 document.  Exit 0; 2 for a pair that could not
 * be pinned (or no such class); 4 for a pair whose partner stopped
 * answering; 77 with a single PU.
 */
static int probe_machine(struct run_state *s)
{
	struct probe_pair pp[LT_PLACE_NCLASSES];
	FILE *human = (s->opt.json_path && !strcmp(s->opt.json_path, "-")) ? stderr : stdout;
	json_t *probes = json_array(), *cfg, *doc, *e, *rtt;
	int n, code = LT_EXIT_OK;
	char why[512];

	n = probe_pairs(&s->opt, pp, &code);
	if (n < 0) {
		json_decref(probes);
		return code;
	}
	code = LT_EXIT_OK;
	if (s->opt.verbosity >= 0)
		fprintf(human, "%-9s %-8s %10s %8s %8s %11s %13s\n", "PUs", "class",
			"RTT median", "min", "p90", "one-way", "limit");
	for (int k = 0; k < n; k++) {
		struct lt_probe_cfg pc = { .pu_a = pp[k].pus[0], .pu_b = pp[k].pus[1],
					   .rounds = s->opt.probe_rounds };
		struct lt_probe_result r;
		char pus[32];

		snprintf(pus, sizeof(pus), "%d,%d", pc.pu_a, pc.pu_b);
		if (lt_probe_run(&pc, &r, why, sizeof(why)) < 0) {
			bool timeout = errno == ETIMEDOUT;

			fprintf(stderr, "litmus-run: --probe %s: %s\n", pus, why);
			json_array_append_new(probes, probe_entry(&pp[k], NULL,
					      timeout ? "timeout" : "error", why));
			if (code != LT_EXIT_USAGE)
				code = timeout ? LT_EXIT_FAULT : LT_EXIT_USAGE;
			continue;
		}
		e = probe_entry(&pp[k], &r, "ok", NULL);
		rtt = json_object_get(e, "rtt_ns");
		/* The table shows the document's numbers, rounded as they are. */
		if (s->opt.verbosity >= 0)
			fprintf(human, "%-9s %-8s %7.1f ns %8.1f %8.1f %8.1f ns %6.2f M it/s\n",
				pus, pp[k].class >= 0 ? place_class_name(pp[k].class) : "-",
				json_number_value(json_object_get(rtt, "median")),
				json_number_value(json_object_get(rtt, "min")),
				json_number_value(json_object_get(rtt, "p90")),
				json_number_value(json_object_get(e, "one_way_ns")),
				json_number_value(json_object_get(e, "limit_iterations_per_s")) / 1e6);
		json_array_append_new(probes, e);
	}
	if (s->opt.verbosity >= 0)
		fputs("limit: iterations/s of a thread pair that synchronises once per "
		      "iteration (1e9 / median)\n", human);
	if (s->opt.json_path) {
		cfg = json_object();
		json_object_set_new(cfg, "placement", json_string(s->opt.placement ?
				    s->opt.placement : "default"));
		json_object_set_new(cfg, "method", json_string("one shared cache line, "
				    "acquire loads and release stores"));
		json_object_set_new(cfg, "samples", json_integer(LT_PROBE_DEFAULT_SAMPLES));
		json_object_set_new(cfg, "rounds", json_integer(s->opt.probe_rounds ?
				    s->opt.probe_rounds : LT_PROBE_DEFAULT_ROUNDS));
		doc = json_probe_document(&s->info, cfg, probes);
		if (json_write_file(doc, s->opt.json_path, why, sizeof(why)) < 0) {
			fprintf(stderr, "litmus-run: --json: %s\n", why);
			code = LT_EXIT_USAGE;
		}
		json_decref(doc);
	} else {
		json_decref(probes);
	}
	return code;
}

int main(int argc, char **argv)
{
	struct run_state s;
	struct lt_filelist files = { 0 };
	struct sigaction sa;
	char why[1024];
	int code = LT_EXIT_USAGE;

	if (subcmd_dispatch(argc, argv, &code))
		return code;
	memset(&s, 0, sizeof(s));
	if (parse_options(argc, argv, &s.opt) < 0)
		return LT_EXIT_USAGE;
	if (s.opt.probe) {
		host_probe(&s.host);
		iso_time(s.started, sizeof(s.started), "%Y-%m-%dT%H:%M:%SZ");
		s.info = (struct lt_run_info){
			.version = PACKAGE_VERSION, .git = LT_GIT_SHA,
			.host_name = s.host.name, .host_arch = s.host.arch,
			.cpu = s.host.cpu, .pus = s.host.pus, .topology = s.host.topology,
			.started = s.started,
		};
		code = probe_machine(&s);
		goto out;
	}
	if (s.opt.collect_dir) {
		code = collect_bundle(&s);
		goto out;
	}
	if (s.opt.resume) {
		if (resume_setup(&s, &files) < 0)
			goto out;
	} else {
		if (!getcwd(s.cwd, sizeof(s.cwd))) {
			fprintf(stderr, "litmus-run: getcwd: %s\n", strerror(errno));
			goto out;
		}
		for (int k = optind; k < argc; k++) {
			if (suite_expand(argv[k], &files, why, sizeof(why)) < 0) {
				fprintf(stderr, "litmus-run: %s\n", why);
				goto out;
			}
		}
	}
	/* Select by name first, then shard what is selected. */
	if (!s.opt.resume && (s.opt.ninclude || s.opt.nexclude) &&
	    suite_filter(&files, s.opt.include, s.opt.ninclude, s.opt.exclude,
			 s.opt.nexclude) > 0 && files.n == 0) {
		fprintf(stderr, "litmus-run: no test name matches --include/--exclude\n");
		goto out;
	}
	if (s.opt.shard_n && !s.opt.resume) {
		shard_filter(&s.opt, &files);
		if (files.n == 0) {
			fprintf(stderr, "litmus-run: shard %d/%d of %d tests is empty\n",
				s.opt.shard_k, s.opt.shard_n, s.opt.shard_total);
			goto out;
		}
	}
	if (files.n == 0) {
		fprintf(stderr, "litmus-run: no .litmus files found\n");
		goto out;
	}

	if (s.opt.emit_dir) {
		code = emit_bundle(&s, &files);
		goto out;
	}
	if (s.opt.print_kernel) {
		parse_all(&s, &files);
		code = print_kernels(&s);
		goto out;
	}
	if (s.opt.check_only) {
		code = check_only(&s, &files);
		goto out;
	}
	if (!s.opt.arch_native && !s.opt.exec) {
		/* A foreign arch runs under its qemu-user when that is installed. */
		if (!in_path(s.opt.arch->qemu)) {
			fprintf(stderr, "litmus-run: cannot run %s code on this %s host: %s not "
				"found; install qemu-user or give --exec\n", s.opt.arch->name,
				lt_arch_native() ? lt_arch_native()->name : "unknown",
				s.opt.arch->qemu);
			code = LT_EXIT_NOTHING;
			goto out;
		}
		s.opt.exec = s.opt.arch->qemu;
	}
	if (s.opt.exec) {
		char **ex = exec_split(s.opt.exec, NULL);
		const char *base = ex[0] ? strrchr(ex[0], '/') : NULL;

		base = base ? base + 1 : ex[0] ? ex[0] : "";
		s.emulated = !strncmp(base, "qemu-", 5);
		exec_argv_free(ex);
		/* Even with -q: an emulated result must never pass for a native one. */
		if (s.emulated)
			fprintf(stderr, "litmus-run: warning: results come from emulation (%s): "
				"they show the host's reorderings, not the target's\n",
				s.opt.exec);
	}

	host_probe(&s.host);
	if (build_env_init(&s.env, &s.opt, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: %s\n", why);
		goto out;
	}
	if (setup_results_dir(&s) < 0)
		goto out;
	iso_time(s.started, sizeof(s.started), "%Y-%m-%dT%H:%M:%SZ");
	s.info = (struct lt_run_info){
		.version = PACKAGE_VERSION, .git = LT_GIT_SHA,
		.host_name = s.host.name, .host_arch = s.host.arch,
		.cpu = s.host.cpu, .pus = s.host.pus, .topology = s.host.topology,
		.iterations = s.opt.iterations, .timeout_s = s.opt.timeout_s,
		.cc = s.env.cc_short, .cc_path = s.env.cc[0],
		.cc_version = s.env.cc_ident,
		.cflags = s.opt.cflags ? s.opt.cflags : "-O2",
		.exec = s.opt.exec, .counters = counters_list(&s.opt),
		.started = s.started,
	};
	if (!s.manifest) {
		json_t *m = store_manifest(&s.info, &s.opt, s.cwd, files.files, files.n);
		int rc = store_write_manifest(&s.store, m, why, sizeof(why));

		json_decref(m);
		if (rc < 0) {
			fprintf(stderr, "litmus-run: cannot write the manifest: %s\n", why);
			goto out;
		}
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	parse_all(&s, &files);
	progress(&s, -1, "building kernels");
	build_tests(&s);
	/* Tests that will not run are finished already. */
	for (int k = 0; k < s.n; k++)
		if (!s.entries[k].exe)
			save_test(&s, k);

	for (int k = 0; k < s.n; k++) {
		struct lt_entry *e = &s.entries[k];

		if (!e->exe || e->result.status != LT_ST_OK)
			continue;
		if (stop_signal) {
			set_status(e, LT_ST_SKIPPED, 0, "run interrupted before this test");
			continue;
		}
		progress(&s, k, e->test->name);
		run_one(&s, e);
		/* An interrupted test is not finished: --resume runs it again. */
		if (!stop_signal)
			save_test(&s, k);
	}
	if (s.opt.progress)
		fputs("\r\033[K", stderr);
	code = finish_run(&s);
out:
	suite_free(&files);
	free_state(&s);
	return code;
}
