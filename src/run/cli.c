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
#include "run/build.h"
#include "run/cli.h"
#include "run/herd-model.h"
#include "run/known.h"
#include "run/modes.h"
#include "run/state.h"
#include "util/buf.h"
#include "util/fs.h"

/* Whether a command is found on $PATH (or is an executable path). */
bool cli_in_path(const char *cmd)
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

/*
 * getopt's values: an option's short letter, else OPT_<id> of options.def
 * (past every char).
 */
enum {
	OPT_BASE = 256,
#define OPT(id, l, s, a, d, sec, h, m, see) OPT_##id,
#include "run/options.def"
};

static const struct option longopts[] = {
#define OPT(id, l, s, a, d, sec, h, m, see) \
	{ l, a ? required_argument : no_argument, NULL, s ? s : OPT_##id },
#include "run/options.def"
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

/*
 * --known: the built-in list of qemu-user's deviations (unless "none" is
 * given) and each FILE's; a bad line is FILE:LINE:COL: and exit 2.
 */
static int setup_known(struct lt_options *o, const char **paths, int n)
{
	bool builtin = true;
	char why[1024];

	o->known = lt_xcalloc(1, sizeof(*o->known));
	for (int k = 0; k < n; k++)
		builtin &= strcmp(paths[k], "none") != 0;
	if (builtin)
		known_add_builtin(o->known);
	for (int k = 0; k < n; k++) {
		if (!strcmp(paths[k], "none"))
			continue;
		if (known_load(o->known, paths[k], why, sizeof(why)) < 0) {
			fprintf(stderr, "litmus-run: %s\n", why);
			return -1;
		}
	}
	return 0;
}

/* What the options set beyond struct lt_options, while they are read. */
struct parse_ctx {
	const char *arch;
	bool no_progress;
	const char **known;	/* the --known FILEs */
	int nknown;
};

/* Record that the option of getopt value c was given (--resume checks). */
static void note_given(int c, struct lt_options *o)
{
	for (size_t k = 0; longopts[k].name && o->ngiven < 64; k++)
		if (longopts[k].val == c) {
			o->given[o->ngiven++] = longopts[k].name;
			return;
		}
}

/*
 * One option, from the command line or a --config file: 0, or -1 after a
 * message.  Those that print something and stop (--help, --version ...)
 * exit here.
 */
static int apply_option(int c, const char *arg, struct lt_options *o,
			struct parse_ctx *pc)
{
	int rc;

	note_given(c, o);
	switch (c) {
	case OPT_ARCH:
		pc->arch = arg;
		return 0;
	case 'q':
		o->verbosity = -1;
		return 0;
	case 'v':
		o->verbosity = 1;
		return 0;
	case OPT_NO_PROGRESS:
		pc->no_progress = true;
		return 0;
	case OPT_CONFIG:
		return 0;	/* read before the command line: cli_parse_options */
	case OPT_LIST_ARCHES:
		lt_arch_list(stdout);	/* arch/list.c */
		exit(0);
	case OPT_PRINT_OPTIONS:
		exit(optdoc_print(arg, stdout) < 0 ? LT_EXIT_USAGE : 0);
	case OPT_MODEL:
		if (herd_model_is_cat(arg)) {
			if (herd_model_check(arg) < 0)
				return -1;
		} else if (!model_exists(arg)) {
			fprintf(stderr, "litmus-run: --model: unknown model '%s' (known:",
				arg);
			for (int k = 0; model_name_at(k); k++)
				fprintf(stderr, " %s", model_name_at(k));
			fprintf(stderr, "; or a FILE.cat, run by herd7)\n");
			return -1;
		}
		o->model = arg;
		return 0;
	case OPT_KNOWN:
		pc->known = lt_xrealloc(pc->known, (size_t)(pc->nknown + 1) * sizeof(char *));
		pc->known[pc->nknown++] = arg;
		return 0;
	case OPT_SHARD:
		return parse_shard(arg, o);
	case OPT_SYNC:
		return parse_sync_option(arg, o);
	case OPT_INCLUDE:
	case OPT_EXCLUDE:
		add_glob(o, c == OPT_INCLUDE, arg);
		return 0;
	case OPT_LAYOUT:
	case OPT_PLACEMENT:
		return parse_place_options(c == OPT_LAYOUT, arg, o);
	case OPT_COUNTERS:
		return parse_counters_option(arg, o);
	case 'V':
		printf("litmus-run %s (git %s)\nconfigured with: %s\n",
		       PACKAGE_VERSION, LT_GIT_SHA, LT_CONFIGURE_ARGS);
		exit(0);
	case 'h':
		cli_usage(stdout);
		exit(0);
	default:
		rc = set_field(c, arg, o);
		if (rc > 0)
			fprintf(stderr, "Try 'litmus-run --help'.\n");
		return rc ? -1 : 0;
	}
}

/*
 * litmus7's options, which getopt would read as bundles of short options
 * (-barrier as -b -a ...) or reject: name the equivalent instead.
 */
static const struct {
	const char *opt;
	const char *hint;
} litmus7_opts[] = {
	{ "-a", "--instances=fill (litmus-run counts the PUs itself)" },
	{ "-avail", "--instances=fill (litmus-run counts the PUs itself)" },
	{ "-s", "-n N, the outcomes per test (litmus7's -s times -r)" },
	{ "-size_of_test", "-n N, the outcomes per test" },
	{ "-r", "-n N, the outcomes per test (litmus7's -s times -r)" },
	{ "-number_of_run", "-n N, the outcomes per test" },
	{ "-st", "--layout=stride=N" },
	{ "-stride", "--layout=stride=N" },
	{ "-barrier", "--sync=auto|spin|flags|timebase|perpetual" },
	{ "-affinity", "--placement=CLASS (smt, core, l3, ... or scan)" },
	{ "-mem", "--layout=fresh|reuse (cells are always addressed directly)" },
	{ "-mach", "--config=FILE" },
	{ "-timelimit", "--timeout=SECS" },
	{ "-o", NULL },	/* litmus-run's own: -o DIR */
};

/* 0, or -1 after a hint for a litmus7 option in argv. */
static int litmus7_hint(int argc, char **argv)
{
	for (int k = 1; k < argc && strcmp(argv[k], "--"); k++) {
		if (argv[k][0] != '-' || argv[k][1] == '-')
			continue;
		for (size_t i = 0; i < sizeof(litmus7_opts) / sizeof(litmus7_opts[0]); i++)
			if (!strcmp(argv[k], litmus7_opts[i].opt) && litmus7_opts[i].hint) {
				fprintf(stderr, "litmus-run: %s is a litmus7 option; here: %s "
					"(see doc/litmus7.md)\n", argv[k], litmus7_opts[i].hint);
				return -1;
			}
	}
	return 0;
}

/* The option row named name, or NULL. */
static const struct option *longopt_named(const char *name)
{
	for (size_t k = 0; longopts[k].name; k++)
		if (!strcmp(longopts[k].name, name))
			return &longopts[k];
	return NULL;
}

/* Options a --config file may not hold: they act, or read another file. */
static bool config_refused(int c)
{
	return c == OPT_CONFIG || c == 'h' || c == 'V' || c == OPT_LIST_ARCHES ||
	       c == OPT_PRINT_OPTIONS || c == OPT_RESUME;
}

/* The whole of file path, NUL-terminated; -1 after a message. */
static int read_text(const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "r");
	struct lt_buf b = LT_BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f) {
		fprintf(stderr, "litmus-run: --config: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		lt_buf_putn(&b, chunk, n);
	if (ferror(f)) {
		fprintf(stderr, "litmus-run: --config: %s: %s\n", path, strerror(errno));
		fclose(f);
		lt_buf_free(&b);
		return -1;
	}
	fclose(f);
	lt_buf_putc(&b, '\0');
	*len = b.len - 1;
	*text = lt_buf_steal(&b);
	return 0;
}

/*
 * --config=FILE: lines of "option = value" (the long name without dashes;
 * '#' starts a comment; a flag is true or false), applied before the
 * command line so that it overrides them.  The text is kept for the run:
 * the options point into it.  0, or -1 after a FILE:LINE:COL message.
 */
static int read_config(const char *path, struct lt_options *o, struct parse_ctx *pc)
{
	static char *text;	/* the options' strings live as long as the run */
	size_t len;
	char *line, *next;
	int lineno = 0;

	if (read_text(path, &text, &len) < 0)
		return -1;
	if (strlen(text) != len) {
		fprintf(stderr, "litmus-run: %s:1:1: a NUL byte in a config file\n", path);
		return -1;
	}
	o->config = path;
	for (line = text; line; line = next) {
		char *p = line, *name, *eq, *val, *end;
		const struct option *lo;
		int col;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if ((end = strchr(p, '#')))
			*end = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			continue;
		name = p;
		col = (int)(p - line) + 1;
		while (*p && *p != '=' && *p != ' ' && *p != '\t')
			p++;
		eq = p;
		while (*eq == ' ' || *eq == '\t')
			eq++;
		if (*eq != '=') {
			fprintf(stderr, "litmus-run: %s:%d:%d: expected 'option = value'\n",
				path, lineno, (int)(eq - line) + 1);
			return -1;
		}
		*p = '\0';
		val = eq + 1;
		while (*val == ' ' || *val == '\t')
			val++;
		end = val + strlen(val);
		while (end > val && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			*--end = '\0';
		if (!strncmp(name, "--", 2))
			name += 2;
		lo = longopt_named(name);
		if (!lo || config_refused(lo->val)) {
			fprintf(stderr, "litmus-run: %s:%d:%d: %s option '%s'\n", path,
				lineno, col, lo ? "a config file cannot hold the" : "unknown",
				name);
			return -1;
		}
		if (lo->has_arg == no_argument) {
			if (strcmp(val, "true") && strcmp(val, "false")) {
				fprintf(stderr, "litmus-run: %s:%d:%d: %s is a flag: true or "
					"false, got '%s'\n", path, lineno,
					(int)(val - line) + 1, name, val);
				return -1;
			}
			if (!strcmp(val, "false"))
				continue;
		} else if (!*val) {
			fprintf(stderr, "litmus-run: %s:%d:%d: %s needs a value\n", path,
				lineno, (int)(val - line) + 1, name);
			return -1;
		}
		if (apply_option(lo->val, val, o, pc) < 0) {
			fprintf(stderr, "litmus-run: %s:%d:%d: bad value for %s (above)\n",
				path, lineno, (int)(val - line) + 1, name);
			return -1;
		}
	}
	return 0;
}

/* The FILE of the command line's --config (the last one), or NULL. */
static const char *config_arg(int argc, char **argv)
{
	const char *path = NULL;

	for (int k = 1; k < argc && strcmp(argv[k], "--"); k++) {
		if (!strncmp(argv[k], "--config=", 9))
			path = argv[k] + 9;
		else if (!strcmp(argv[k], "--config") && k + 1 < argc)
			path = argv[++k];
	}
	return path;
}

int cli_parse_options(int argc, char **argv, struct lt_options *o)
{
	struct parse_ctx pc = { .arch = "native" };
	const char *config;
	char shortopts[64];
	int c, n = 0;

	o->iterations = 1000000;
	o->timeout_s = 60;
	o->cc_timeout_s = LT_CC_TIMEOUT_DEFAULT_S;
	o->model_timeout_s = LT_MODEL_TIMEOUT_DEFAULT_S;
	o->cc_memory_mib = LT_CC_MEMORY_DEFAULT_MIB;
	o->delay = -1;
	o->instances = 1;
	o->jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (o->jobs < 1)
		o->jobs = 1;
	if (litmus7_hint(argc, argv) < 0)
		return -1;
	if ((config = config_arg(argc, argv)) && read_config(config, o, &pc) < 0)
		return -1;
	/* getopt's short options, from the table too. */
	for (size_t k = 0; longopts[k].name; k++)
		if (longopts[k].val < OPT_BASE) {
			shortopts[n++] = (char)longopts[k].val;
			if (longopts[k].has_arg)
				shortopts[n++] = ':';
		}
	shortopts[n] = '\0';
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == '?' || c == ':') {
			fprintf(stderr, "Try 'litmus-run --help'.\n");
			return -1;
		}
		if (apply_option(c, optarg, o, &pc) < 0)
			return -1;
	}
	o->argc = argc;
	o->argv = argv;
	c = setup_known(o, pc.known, pc.nknown);
	free(pc.known);
	if (c < 0)
		return -1;
	if (!strcmp(pc.arch, "native")) {
		o->arch = lt_arch_native();
		if (!o->arch) {
			fprintf(stderr, "litmus-run: this host's architecture is not supported\n");
			exit(LT_EXIT_NOTHING);
		}
	} else if (!(o->arch = lt_arch_by_name(pc.arch))) {
		fprintf(stderr, "litmus-run: --arch: unknown architecture '%s' (supported:",
			pc.arch);
		for (int k = 0; lt_arches[k]; k++)
			fprintf(stderr, " %s", lt_arches[k]->name);
		fprintf(stderr, ", native)\n");
		return -1;
	}
	o->arch_native = o->arch == lt_arch_native();
	if (check_layout_sync(o) < 0)
		return -1;
	o->progress = !pc.no_progress && o->verbosity >= 0 && isatty(STDERR_FILENO);
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
