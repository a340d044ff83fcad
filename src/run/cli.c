/* SPDX-License-Identifier: MIT */
/* The command line of an ordinary run: --help and the options. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lt-git.h"
#include "model/model.h"
#include "run/cli.h"
#include "run/modes.h"
#include "run/state.h"
#include "util/fs.h"

void cli_usage(FILE *f)
{
	fputs("Usage: litmus-run [OPTIONS] PATH...\n"
	      "       litmus-run compare|merge|report|fences ... (--help for each)\n"
	      "Run litmus tests on this machine's cores and histogram their outcomes.\n"
	      "PATH is a .litmus file, a directory (searched recursively) or @LISTFILE.\n"
	      "\n"
	      "  -n, --iterations=N   outcomes to collect per test (default 1000000)\n"
	      "      --timeout=SECS   per-test wall-clock budget (default 60)\n"
	      "  -o, --results=DIR    where the run's files go\n"
	      "                       (default results/<host>/<timestamp>/); one that\n"
	      "                       holds a run is refused\n"
	      "      --force          replace the run that -o DIR holds\n"
	      "      --json=FILE      also write the run's JSON document to FILE (- = stdout)\n"
	      "      --arch=NAME      target arch (x86_64, PPC, arm64, ...) or native (default)\n"
	      "      --list-arches    print the known arches and their fields, one per line\n"
	      "      --exec=CMD       run test executables through CMD (e.g. qemu-x86_64)\n"
	      "      --cc=CC          compiler for kernels (default cc)\n"
	      "      --cflags=FLAGS   kernel compiler flags (default -O2)\n"
	      "      --cc-timeout=SECS  wall-clock and CPU limit per kernel build\n"
	      "                       (default 300; none: no limit)\n"
	      "      --cc-memory=MIB  address-space limit of each compiler process\n"
	      "                       (default 4096; none: no limit)\n"
	      "      --batch=N        iterations per runtime batch (default: runtime's)\n"
	      "  -j, --jobs=N         parallel kernel builds (default: number of PUs)\n"
	      "  -q, --quiet          print only errors and forbidden outcomes\n"
	      "  -v, --verbose        print build commands and runtime messages\n"
	      "      --no-progress    no progress line, even on a terminal\n"
	      "      --print-kernel   print each test's generated C kernel and stop\n"
	      "      --resume=DIR     continue the interrupted run in DIR (its tests, its\n"
	      "                       options); finished tests are not run again; an\n"
	      "                       option that differs from the run's is an error\n"
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

int parse_u64_arg(const char *opt, const char *s, uint64_t min,
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
void shard_filter(struct lt_options *o, struct lt_filelist *files)
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

enum { OPT_TIMEOUT = 256, OPT_JSON, OPT_ARCH, OPT_EXEC, OPT_CC, OPT_CFLAGS,
       OPT_BATCH, OPT_NO_PROGRESS, OPT_PRINT_KERNEL, OPT_RESUME, OPT_MODEL,
       OPT_CHECK_ONLY, OPT_JUNIT, OPT_SHARD, OPT_EMIT, OPT_COLLECT, OPT_SYNC,
       OPT_DELAY, OPT_INCLUDE, OPT_EXCLUDE,
       OPT_LAYOUT, OPT_INSTANCES, OPT_PLACEMENT, OPT_COUNTERS, OPT_PROBE,
       OPT_PROBE_ROUNDS, OPT_LIST_ARCHES, OPT_FORCE, OPT_CC_TIMEOUT, OPT_CC_MEMORY,
       OPT_MODEL_TIMEOUT };

static const struct option longopts[] = {
	{ "iterations", required_argument, NULL, 'n' },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "results", required_argument, NULL, 'o' },
	{ "json", required_argument, NULL, OPT_JSON },
	{ "arch", required_argument, NULL, OPT_ARCH },
	{ "exec", required_argument, NULL, OPT_EXEC },
	{ "cc", required_argument, NULL, OPT_CC },
	{ "cflags", required_argument, NULL, OPT_CFLAGS },
	{ "cc-timeout", required_argument, NULL, OPT_CC_TIMEOUT },
	{ "cc-memory", required_argument, NULL, OPT_CC_MEMORY },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "print-kernel", no_argument, NULL, OPT_PRINT_KERNEL },
	{ "resume", required_argument, NULL, OPT_RESUME },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "model", required_argument, NULL, OPT_MODEL },
	{ "check-only", no_argument, NULL, OPT_CHECK_ONLY },
	{ "model-timeout", required_argument, NULL, OPT_MODEL_TIMEOUT },
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
	{ "list-arches", no_argument, NULL, OPT_LIST_ARCHES },
	{ "include", required_argument, NULL, OPT_INCLUDE },
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/*
 * The options that only fill one field of struct lt_options: a string
 * (the argument, pointing into argv), a flag, or an integer in [min, max]
 * (zero_word, when set, is a word that stands for 0).
 */
enum field_kind { FIELD_STRING, FIELD_FLAG, FIELD_U64, FIELD_UNSIGNED, FIELD_INT };

static const struct field_opt {
	int opt;
	enum field_kind kind;
	size_t off;
	const char *name;
	uint64_t min, max;
	const char *zero_word;
} field_opts[] = {
#define F(opt, kind, field, ...) \
	{ opt, kind, offsetof(struct lt_options, field), __VA_ARGS__ }
	F('n', FIELD_U64, iterations, "--iterations", 1, UINT64_C(1) << 48, NULL),
	F(OPT_TIMEOUT, FIELD_UNSIGNED, timeout_s, "--timeout", 1, 7 * 86400, NULL),
	F(OPT_CC_TIMEOUT, FIELD_UNSIGNED, cc_timeout_s, "--cc-timeout", 1, 86400, "none"),
	F(OPT_MODEL_TIMEOUT, FIELD_UNSIGNED, model_timeout_s, "--model-timeout", 1, 7 * 86400, "none"),
	F(OPT_CC_MEMORY, FIELD_UNSIGNED, cc_memory_mib, "--cc-memory", 64, 1u << 24, "none"),
	F(OPT_BATCH, FIELD_U64, batch, "--batch", 1, 1u << 24, NULL),
	F('j', FIELD_INT, jobs, "--jobs", 1, 1024, NULL),
	F(OPT_DELAY, FIELD_INT, delay, "--delay", 1, 1000000, "0"),
	F(OPT_INSTANCES, FIELD_INT, instances, "--instances", 1, 4096, "fill"),
	F(OPT_PROBE_ROUNDS, FIELD_INT, probe_rounds, "--probe-rounds", 1, 1000000, NULL),
	F('o', FIELD_STRING, results_dir, NULL, 0, 0, NULL),
	F(OPT_JSON, FIELD_STRING, json_path, NULL, 0, 0, NULL),
	F(OPT_EXEC, FIELD_STRING, exec, NULL, 0, 0, NULL),
	F(OPT_CC, FIELD_STRING, cc, NULL, 0, 0, NULL),
	F(OPT_CFLAGS, FIELD_STRING, cflags, NULL, 0, 0, NULL),
	F(OPT_RESUME, FIELD_STRING, resume, NULL, 0, 0, NULL),
	F(OPT_JUNIT, FIELD_STRING, junit_path, NULL, 0, 0, NULL),
	F(OPT_EMIT, FIELD_STRING, emit_dir, NULL, 0, 0, NULL),
	F(OPT_COLLECT, FIELD_STRING, collect_dir, NULL, 0, 0, NULL),
	F(OPT_PRINT_KERNEL, FIELD_FLAG, print_kernel, NULL, 0, 0, NULL),
	F(OPT_CHECK_ONLY, FIELD_FLAG, check_only, NULL, 0, 0, NULL),
	F(OPT_PROBE, FIELD_FLAG, probe, NULL, 0, 0, NULL),
	F(OPT_FORCE, FIELD_FLAG, force, NULL, 0, 0, NULL),
#undef F
};

/* Fill the field of option c from arg: 0; -1 after a message; 1: c has none. */
static int set_field(int c, const char *arg, struct lt_options *o)
{
	const struct field_opt *f = NULL;
	char *p;
	uint64_t v = 0;

	for (size_t k = 0; k < sizeof(field_opts) / sizeof(field_opts[0]) && !f; k++)
		if (field_opts[k].opt == c)
			f = &field_opts[k];
	if (!f)
		return 1;
	p = (char *)o + f->off;
	switch (f->kind) {
	case FIELD_STRING:
		*(const char **)p = arg;
		return 0;
	case FIELD_FLAG:
		*(bool *)p = true;
		return 0;
	default:
		break;
	}
	if ((!f->zero_word || strcmp(arg, f->zero_word)) &&
	    parse_u64_arg(f->name, arg, f->min, f->max, &v) < 0)
		return -1;
	if (f->kind == FIELD_U64)
		*(uint64_t *)p = v;
	else if (f->kind == FIELD_UNSIGNED)
		*(unsigned *)p = (unsigned)v;
	else
		*(int *)p = (int)v;
	return 0;
}

int cli_parse_options(int argc, char **argv, struct lt_options *o)
{
	const char *arch = "native";
	bool no_progress = false;
	int c, rc;

	o->iterations = 1000000;
	o->timeout_s = 60;
	o->cc_timeout_s = 300;
	o->model_timeout_s = LT_MODEL_TIMEOUT_DEFAULT_S;
	o->cc_memory_mib = 4096;
	o->delay = -1;
	o->instances = 1;
	o->jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (o->jobs < 1)
		o->jobs = 1;
	while ((c = getopt_long(argc, argv, "n:o:j:qvVh", longopts, NULL)) != -1) {
		/* Which options were given, by long name: --resume checks them. */
		for (size_t k = 0; longopts[k].name && o->ngiven < 64; k++)
			if (longopts[k].val == c) {
				o->given[o->ngiven++] = longopts[k].name;
				break;
			}
		switch (c) {
		case OPT_ARCH:
			arch = optarg;
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
		case OPT_LIST_ARCHES:
			lt_arch_list(stdout);	/* arch/list.c */
			exit(0);
		case OPT_MODEL:
			if (!model_exists(optarg)) {
				fprintf(stderr, "litmus-run: --model: unknown model '%s' (known:",
					optarg);
				for (int k = 0; model_name_at(k); k++)
					fprintf(stderr, " %s", model_name_at(k));
				fprintf(stderr, ")\n");
				return -1;
			}
			o->model = optarg;
			break;
		case OPT_SHARD:
			if (parse_shard(optarg, o) < 0)
				return -1;
			break;
		case OPT_SYNC:
			if (parse_sync_option(optarg, o) < 0)
				return -1;
			break;
		case OPT_INCLUDE:
		case OPT_EXCLUDE:
			add_glob(o, c == OPT_INCLUDE, optarg);
			break;
		case OPT_LAYOUT:
		case OPT_PLACEMENT:
			if (parse_place_options(c == OPT_LAYOUT, optarg, o) < 0)
				return -1;
			break;
		case OPT_COUNTERS:
			if (parse_counters_option(optarg, o) < 0)
				return -1;
			break;
		case 'V':
			printf("litmus-run %s (git %s)\nconfigured with: %s\n",
			       PACKAGE_VERSION, LT_GIT_SHA, LT_CONFIGURE_ARGS);
			exit(0);
		case 'h':
			cli_usage(stdout);
			exit(0);
		default:
			rc = set_field(c, optarg, o);
			if (rc < 0)
				return -1;
			if (rc > 0) {
				fprintf(stderr, "Try 'litmus-run --help'.\n");
				return -1;
			}
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
		cli_usage(stderr);
		return -1;
	}
	return 0;
}
