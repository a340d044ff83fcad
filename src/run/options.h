/* SPDX-License-Identifier: MIT */
/* The run configuration, passed explicitly (no global mutable state). */
#ifndef LT_OPTIONS_H
#define LT_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "litmus/arch-ops.h"

struct lt_known;

struct lt_options {
	uint64_t iterations;		/* -n */
	uint64_t batch;			/* --batch: iterations per runtime batch (0: runtime default) */
	unsigned timeout_s;		/* --timeout */
	const char *results_dir;	/* -o; NULL: results/<host>/<timestamp>/ */
	const char *json_path;		/* --json */
	const struct lt_arch_ops *arch;	/* --arch; the host's arch when native */
	bool arch_native;		/* the arch is this machine's */
	const char *exec;		/* --exec */
	const char *cc;			/* --cc */
	const char *cflags;		/* --cflags */
	unsigned cc_timeout_s;		/* --cc-timeout: per kernel build (0: none) */
	unsigned cc_memory_mib;		/* --cc-memory: address space per compiler process (0: none) */
	int jobs;			/* -j */
	int verbosity;			/* -1 quiet, 0 normal, 1 verbose */
	bool progress;			/* a progress line on a terminal */
	bool print_kernel;		/* --print-kernel: print sources, run nothing */
	const char *resume;		/* --resume DIR */
	bool force;			/* --force: replace the run a -o DIR holds */
	const char *config;		/* --config FILE: options read from it first */
	const char *model;		/* --model; NULL: each test's arch model */
	bool check_only;		/* --check-only: the model only, no build or run */
	unsigned model_timeout_s;	/* --model-timeout: per test's model check (0: none) */
	const char *junit_path;		/* --junit: JUnit XML of the run */
	/* --known FILEs (repeatable) and, unless --known=none, the built-in list. */
	struct lt_known *known;
	/* The command line, for the run document. */
	int argc;
	char **argv;
	int shard_k, shard_n;		/* --shard=K/N: this run's part (n 0: all) */
	int shard_total;		/* tests in the whole suite before sharding */
	const char *emit_dir;		/* --emit DIR: write a bundle, run nothing */
	const char *collect_dir;	/* --collect DIR: report a bundle's outputs */
	const char *sync;		/* --sync; NULL: the kernel's default (spin) */
	int delay;			/* --delay: perpetual pauses; -1: calibrate */
	/* Memory layout and placement (runtime -L, -I, -p). */
	const char *layout;		/* --layout; NULL: the runtime's default */
	int instances;			/* --instances; 0: fill the PUs */
	const char *placement;		/* --placement CLASS or "scan"; NULL: in order */
	const char *counters;		/* --counters: checked LIST or "none"; NULL: default */
	bool probe;			/* --probe: measure the PU pair's round trip, run no test */
	int probe_rounds;		/* --probe-rounds: round trips per sample (0: default) */
	/* --include / --exclude: fnmatch globs on test names (repeatable). */
	const char **include;
	int ninclude;
	const char **exclude;
	int nexclude;
	/* The long names of the options given, in order (--resume checks them). */
	const char *given[64];
	int ngiven;
};

#endif /* LT_OPTIONS_H */
