/* SPDX-License-Identifier: MIT */
/*
 * An ordinary run: parse every test, generate and build its kernel, run
 * each executable under the watchdog and judge what it saw.
 */
#include "config.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/arch-ops.h"
#include "litmus/parse.h"
#include "run/build.h"
#include "run/exec.h"
#include "run/host.h"
#include "run/judge.h"
#include "run/loop.h"
#include "run/modes.h"
#include "run/place.h"
#include "run/state.h"
#include "run/store.h"
#include "run/suite.h"
#include "util/buf.h"
#include "util/fs.h"

void parse_all(struct run_state *s, const struct lt_filelist *files)
{
	entries_init(s, files);
	for (int k = 0; k < s->n; k++) {
		struct lt_entry *e = &s->entries[k];
		struct lt_error err;
		int rc;

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
				entry_parse_error(e, e->file, &err, LT_EXIT_PARSE);
			}
			e->test = NULL;
			continue;
		}
		/* A C test is target-neutral: it compiles for any --arch. */
		if (e->test->arch != s->opt.arch && !e->test->arch->language &&
		    !s->opt.print_kernel) {
			set_status(e, LT_ST_SKIPPED, 0,
				   "test is for %s, this run is for %s",
				   e->test->arch->name, s->opt.arch->name);
			continue;
		}
		/* Never generated, built or run: it would write into the harness. */
		if (!s->opt.print_kernel) {
			bool unsafe = judge_unsafe(s, e);

			progress_models(s, k + 1, s->n);
			if (unsafe)
				continue;
		}
		for (int i = 0; i < e->test->nsubst && s->opt.verbosity >= 0; i++)
			fprintf(stderr, "litmus-run: %s: warning: %s runs as %s (no such instruction in the target ISA)\n",
				e->test->name, e->test->subst[i].insn, e->test->subst[i].as);
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
				entry_parse_error(e, e->file, &err, LT_EXIT_PARSE);
				lt_buf_free(&src);
				continue;
			}
			e->source = lt_buf_steal(&src);
		}
	}
}

/* --print-kernel: the generated source of every test, nothing built or run. */
int print_kernels(struct run_state *s)
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

void build_tests(struct run_state *s)
{
	struct lt_build_job *jobs = lt_xcalloc((size_t)s->n, sizeof(*jobs));
	int *idx = lt_xcalloc((size_t)s->n, sizeof(int)), nj = 0, built = 0;

	for (int k = 0; k < s->n; k++) {
		if (!s->entries[k].source)
			continue;
		jobs[nj].source = s->entries[k].source;
		if (s->entries[k].test) {
			jobs[nj].driver = s->entries[k].test->arch->build_driver;
			jobs[nj].driver_env = s->entries[k].test->arch->build_driver_env;
		}
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

static const char *signal_name(int sig)
{
	const char *d = sigabbrev_np(sig);

	return d ? d : "?";
}

/*
 * The kernel's own messages: warnings (re-labelled with the test's name
 * instead of the cache path; state.c gathers them), everything with -v.
 */
static void relay_stderr(struct run_state *s, const struct lt_entry *e,
			 const char *err)
{
	while (*err) {
		size_t n = strcspn(err, "\n");
		const char *w = strstr(err, "warning: ");

		if (w && w >= err + n)
			w = NULL;
		if (w)
			note_kernel_warning(s, e, w, (size_t)(err + n - w));
		else if (s->opt.verbosity > 0)
			fprintf(stderr, "litmus-run: %s: %.*s\n", e->test->name, (int)n, err);
		err += n + (err[n] == '\n');
	}
}

/*
 * The test ran past --timeout.  The watchdog's SIGTERM made the runtime
 * print the histogram of the iterations it finished ("stopped" line):
 * that partial result is kept, under status timeout, and judged; a test
 * that printed nothing (a hung kernel, killed) keeps no histogram.
 */
static void timed_out(struct run_state *s, struct lt_entry *e,
		      const struct lt_exec_result *res, struct lt_result *r)
{
	char why[512];

	if (!strstr(res->out, "\nstopped ") ||
	    hist_parse_raw(e->test, res->out, r, why, sizeof(why)) < 0) {
		set_status(e, LT_ST_TIMEOUT, LT_EXIT_FAULT,
			   "killed after the %u s timeout", s->opt.timeout_s);
		return;
	}
	set_status(e, LT_ST_TIMEOUT, LT_EXIT_FAULT,
		   "stopped by the %u s timeout after %" PRIu64 " of %" PRIu64
		   " iterations", s->opt.timeout_s, r->iterations,
		   s->opt.iterations * (uint64_t)(r->instances > 0 ? r->instances : 1));
	r->partial = true;
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
		timed_out(s, e, &res, r);
	else if (res.too_large)
		set_status(e, LT_ST_CRASHED, LT_EXIT_FAULT,
			   "output too large: killed after %u MiB of stdout",
			   LT_EXEC_STDOUT_MAX >> 20);
	else if (res.exit_code == 2 && !strncmp(res.out, "litmus-raw-error ", 17))
		/* The kernel refused its options (-I, -p, --sync): a usage error. */
		set_status(e, LT_ST_ERROR, LT_EXIT_USAGE, "%.*s",
			   (int)strcspn(res.out + 17, "\n"), res.out + 17);
	else if (res.signal) {
		set_status(e, LT_ST_CRASHED, LT_EXIT_FAULT, "killed by signal SIG%s (%d)",
			   signal_name(res.signal), res.signal);
		if (res.signal == SIGSEGV || res.signal == SIGBUS)
			judge_fault(s, e);
	}
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
		} else if (hist_merge(e->test, &e->result, &r) < 0) {
			set_status(e, LT_ST_ERROR, LT_EXIT_USAGE, "--placement=scan: "
				   "the classes' counts add up past 2^63 - 1");
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
	const char *source;
	enum lt_expect expect = test_expectation(e, &source);
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
	/* A timeout's partial histogram is judged: a forbidden state still alerts. */
	if (e->result.status != LT_ST_OK && !e->result.partial)
		return;
	judge_result(s, e, expect, source);
}

/* SIGINT and SIGTERM stop the run between tests (stop_signal). */
static void on_signal(int sig)
{
	stop_signal = sig;
}

/*
 * An ordinary run of files: build every kernel, run each test, write its
 * result as it finishes, and end with the summary.  Returns the exit code.
 */
int run_tests(struct run_state *s, const struct lt_filelist *files)
{
	struct sigaction sa;
	char why[1024];

	host_probe(&s->host);
	if (build_env_init(&s->env, &s->opt, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: %s\n", why);
		return LT_EXIT_USAGE;
	}
	if (setup_results_dir(s) < 0)
		return LT_EXIT_USAGE;
	run_info_start(s);
	s->info.iterations = s->opt.iterations;
	s->info.timeout_s = s->opt.timeout_s;
	s->info.cc = s->env.cc_short;
	s->info.cc_path = s->env.cc[0];
	s->info.cc_version = s->env.cc_ident;
	s->info.cflags = s->opt.cflags ? s->opt.cflags : "-O2";
	s->info.exec = s->opt.exec;
	s->info.counters = counters_list(&s->opt);
	if (!s->manifest) {
		json_t *m = store_manifest(&s->info, &s->opt, s->cwd, files->files, files->n);
		int rc = store_write_manifest(&s->store, m, why, sizeof(why));

		json_decref(m);
		if (rc < 0) {
			fprintf(stderr, "litmus-run: cannot write the manifest: %s\n", why);
			return LT_EXIT_USAGE;
		}
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	/* From here: parse_all checks every test's model first. */
	progress_start(s);
	parse_all(s, files);
	build_tests(s);
	/* Tests that will not run are finished already. */
	for (int k = 0; k < s->n; k++)
		if (!s->entries[k].exe)
			save_test(s, k);

	for (int k = 0; k < s->n; k++) {
		struct lt_entry *e = &s->entries[k];

		if (!e->exe || e->result.status != LT_ST_OK)
			continue;
		if (stop_signal) {
			set_status(e, LT_ST_SKIPPED, 0, "run interrupted before this test");
			continue;
		}
		progress_test(s, k);
		run_one(s, e);
		/* An interrupted test is not finished: --resume runs it again. */
		if (!stop_signal) {
			save_test(s, k);
			progress_done(s, k);
		}
	}
	progress_end(s);
	return finish_run(s);
}
