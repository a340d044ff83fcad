/* SPDX-License-Identifier: MIT */
/* Bundles for lab boards: --emit writes one, --collect reports its outputs. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "litmus/parse.h"
#include "lt-git.h"
#include "report/hist.h"
#include "run/board.h"
#include "run/build.h"
#include "run/bundle.h"
#include "run/judge.h"
#include "run/loop.h"
#include "run/modes.h"
#include "run/state.h"
#include "run/suite.h"
#include "util/fs.h"

/* --emit DIR: each test's kernel and everything to build and run it. */
int emit_bundle(struct run_state *s, const struct lt_filelist *files)
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
		bt[n] = (struct lt_bundle_test){
			.file = e->file, .name = e->test->name, .source = e->source,
		};
		bt[n].expect = test_expectation(e, &bt[n].expect_source);
		n++;
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
	raw = lt_read_file(path);
	snprintf(status, sizeof(status), "%s", raw ? raw : "");
	status[strcspn(status, "\n")] = '\0';
	free(raw);
	snprintf(path, sizeof(path), "%s/out/%s.raw", dir, id);
	raw = lt_read_file(path);
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
	judge_result(s, e, expect, source ? source : "kinds.txt");
}

/*
 * --collect DIR: the summary and JSON of a normal run, from what run.sh
 * wrote.  The host is the board as run.sh saw it; the compiler is what
 * make recorded in build.txt.  Nothing here can be resumed (there is no
 * manifest.json): a missing output is reported as such.
 */
int collect_bundle(struct run_state *s)
{
	const char *dir = s->opt.collect_dir;
	char path[PATH_MAX + 64], why[1024], nproc[32], exec[256];
	static char cc[256], cc_path[256], cflags[512], started[32];
	const char *arch;
	unsigned long long iterations = 0;
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
			entry_parse_error(e, copy, &err, LT_EXIT_PARSE);
			e->test = NULL;
			continue;
		}
		collect_one(s, e, dir, id, t);
		if (e->result.status == LT_ST_OK && !iterations)
			iterations = e->result.iterations;
	}
	run_info_start(s);
	s->info.iterations = iterations;
	s->info.timeout_s = s->opt.timeout_s;
	s->info.cc = s->info.cc_version = cc[0] ? cc : NULL;
	s->info.cc_path = cc_path[0] ? cc_path : NULL;
	s->info.cflags = cflags;
	s->info.exec = exec[0] ? exec : NULL;
	s->info.counters = json_string_value(json_object_get(s->manifest, "counters"));
	/* When run.sh started on the board, not now. */
	s->info.started = started[0] ? started : NULL;
	for (int i = 0; i < s->n; i++)
		save_test(s, i);
	return finish_run(s);
}
