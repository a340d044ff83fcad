/* SPDX-License-Identifier: MIT */
/*
 * One litmus-run invocation: its options, host, tests and results
 * directory, shared by the modes (an ordinary run, --check-only, --emit,
 * --collect, --probe), and what they all need of it.
 */
#ifndef LT_RUN_STATE_H
#define LT_RUN_STATE_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "report/json.h"
#include "run/build.h"
#include "run/entry.h"
#include "run/host.h"
#include "run/options.h"
#include "run/store.h"
#include "run/suite.h"

/* Exit codes (doc/design.md §4). */
enum {
	LT_EXIT_OK = 0,
	LT_EXIT_FORBIDDEN = 1,
	LT_EXIT_USAGE = 2,
	LT_EXIT_PARSE = 3,
	LT_EXIT_FAULT = 4,
	LT_EXIT_NOTHING = 77,
};

/* SIGINT or SIGTERM once received (0 before): the run stops between tests. */
extern volatile sig_atomic_t stop_signal;

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
	char run_id[33];		/* this run's identity (store.h); "" before it has one */
	struct lt_entry *entries;
	int n;
	bool emulated;
	bool store_failed;
	/* The terminal side of a run (state.c): progress line, rows, warnings. */
	struct {
		FILE *tty;		/* the real stderr while stderr is wrapped */
		char line[256];		/* the progress line ("" none) */
		bool shown;		/* it is on the screen now */
		double t0;		/* when the phase began (monotonic s) */
		int done, total;	/* builds or tests of the phase */
		bool running;		/* the phase: false building, true running */
	} prog;
	bool header_printed;		/* the table's header */
	int row_width;
	int rows_printed;		/* the table's rows so far, in entry order */
	struct kernel_warning {
		char *key;		/* the message, its numbers as N */
		char *first;		/* the first test's, as it said it */
		char *test;		/* that test */
		int count;		/* tests that said it */
	} *warnings;
	int nwarnings;
};

/* The current UTC time, formatted by strftime's fmt. */
void iso_time(char *buf, size_t len, const char *fmt);

/* Set e's status, the reason (printf-style) and the exit code it calls for. */
void set_status(struct lt_entry *e, enum lt_status st, int exit_class,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* One entry per file, in order, knowing only its file so far. */
void entries_init(struct run_state *s, const struct lt_filelist *files);

/*
 * s->info's tool and host provenance (s->host as probed or read), started
 * now; each mode fills in the rest.
 */
void run_info_start(struct run_state *s);

/* Where the human-readable output goes: stderr when --json=- takes stdout. */
FILE *human_stream(const struct lt_options *o);
/* --json=FILE (if given): write doc there; -1 after a message. */
int write_json_option(const struct lt_options *o, json_t *doc);
/*
 * e's test (read from path) did not parse, or its kernel could not be
 * generated: print path:line:col: message, and record it as exit_class.
 */
void entry_parse_error(struct lt_entry *e, const char *path,
		       const struct lt_error *err, int exit_class);

/* The run's document (litmus-run/1) of every entry, finished or stored. */
json_t *run_document(const struct run_state *s);
/* A finished test goes to disk before the next one starts. */
void save_test(struct run_state *s, int k);

/*
 * Create the results directory (-o, --resume's or a fresh timestamped one)
 * and lock it for this run.  A directory that holds a run is refused unless
 * --force (its run is removed) or --resume.  -1 after a message (exit 2).
 */
int setup_results_dir(struct run_state *s);
/*
 * --resume DIR: options and tests from the manifest, in its directory.  An
 * option given on the command line that changes what the manifest says is
 * an error (-1 after a message naming it): a run continues as it began.
 */
int resume_setup(struct run_state *s, struct lt_filelist *files);
/* The human-facing end of a run: summary, --json, where the results are. */
int finish_run(struct run_state *s);

/*
 * The terminal (on a terminal, --progress): progress_start before the
 * model checks and builds wraps stderr so that a message first clears the
 * progress line (and redraws it after); model checks, kernel builds and
 * test runs are counted with an estimate of the time left; progress_end
 * restores stderr.
 */
void progress_start(struct run_state *s);
/* parse_all's: done of total tests' models checked (before any kernel is made). */
void progress_models(struct run_state *s, int done, int total);
void progress_test(struct run_state *s, int k);
/* Test k is finished: count it, and print the table's rows up to it. */
void progress_done(struct run_state *s, int k);
void progress_end(struct run_state *s);

/*
 * A warning a kernel printed for e (len bytes at msg): at once with -v,
 * else once per kind at the end of the run, with the number of tests.
 */
void note_kernel_warning(struct run_state *s, const struct lt_entry *e,
			 const char *msg, size_t len);
void free_state(struct run_state *s);

#endif /* LT_RUN_STATE_H */
