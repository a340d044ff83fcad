/* SPDX-License-Identifier: MIT */
/*
 * litmus-run fences: the compiler-fence validator (doc/fences.md).
 *
 * For every C test x arch x compiler x flags: compile the thread functions
 * to assembly as a run compiles them (the same lt-c11.h, the same bodies),
 * classify each source access against the standard mapping
 * (src/fences/map.c), lift the threads into an asm litmus test
 * (src/fences/lift.c) and check with the arch's model that every final
 * state it allows is one the source model (c11, or rc11) allows.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fences/driver.h"
#include "fences/fences.h"
#include "fences/lift.h"
#include "litmus/parse.h"
#include "model/model.h"
#include "run/build.h"
#include "run/exec.h"
#include "run/suite.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/macros.h"

#define EXIT_BUG 1
#define EXIT_USAGE 2
#define EXIT_PARSE 3
#define MAXV 16

/*
 * What each model check may spend: litmus-run's --model-timeout, so that
 * a test has the same verdict, or the same timeout, in either.  A check
 * past it makes its cell (or its source test) unsupported, saying so.
 */
static struct lt_model_budget fx_budget = { .timeout_s = LT_MODEL_TIMEOUT_DEFAULT_S };

static void usage(FILE *f)
{
	fputs("Usage: litmus-run fences [--arch=A]... [--cc=CC]... [--cflags=FLAGS]...\n"
	      "                         [--model=c11|rc11] [--cc-timeout=SECS]\n"
	      "                         [--cc-memory=MIB] [-j N] [--json=FILE] [-o DIR]\n"
	      "                         [--run [-n N]] PATH...\n"
	      "Compile the threads of C and Go litmus tests, map each atomic access to the\n"
	      "instructions emitted, lift the compiled threads into an asm test of the\n"
	      "arch and check that its model allows no state the source model forbids.\n"
	      "  --arch=A       an arch of litmus-run --list-arches (repeatable; default native)\n"
	      "  --cc=CC        compiler (repeatable; default cc): gcc means <triplet>-gcc\n"
	      "                 when cross, clang gets --target=<triplet>; for Go tests:\n"
	      "                 go (gc, the default) or gccgo\n"
	      "  --cflags=FLAGS flags, one matrix entry each (repeatable; default -O2)\n"
	      "  --model=M      the source model of C tests: c11 (default) or rc11 (Go: go)\n"
	      "  --model-timeout=SECS  budget of each model check (default 60; none)\n"
	      "  --cc-timeout=SECS  wall-clock limit of each compile (default 300; none)\n"
	      "  --cc-memory=MIB    address space of each compiler process (default 4096;\n"
	      "                     none)\n"
	      "  -j N           compilers and model checks at a time (default: online CPUs)\n"
	      "  --json=FILE    results as JSON (schema litmus-run-fences/1)\n"
	      "  -o DIR         write each lifted test to DIR/<test>.<arch>.<n>.litmus\n"
	      "  --run          also run the tests (each arch, compiler and flags; under\n"
	      "                 qemu when foreign) and judge each outcome by both models\n"
	      "  -n, --iterations=N  iterations per test with --run (default 100000)\n"
	      "Exit: 0 all sound, 1 some BUG (or, with --run, a native outcome outside\n"
	      "compiled_allowed or forbidden at source), 2 usage, 3 a test does not parse.\n", f);
}

/*
 * A decimal number of UNIT from min to max, or with none, the word none
 * (0), in the ranges litmus-run's own options take; -1 after a message.
 */
static int parse_num(const char *opt, const char *arg, const char *unit, unsigned long min,
		     unsigned long max, bool none, unsigned long *out)
{
	char *end;

	if (none && !strcmp(arg, "none")) {
		*out = 0;
		return 0;
	}
	errno = 0;
	*out = strtoul(arg, &end, 10);
	if (!isdigit((unsigned char)arg[0]) || *end || errno || *out < min || *out > max) {
		fprintf(stderr, "litmus-run: fences: %s: '%s' is not %s from %lu to %lu%s\n", opt,
			arg, unit, min, max, none ? ", or none" : "");
		return -1;
	}
	return 0;
}

/* Room for one more --arch, --cc or --cflags; false after a message. */
static bool room_for(const char *opt, int n)
{
	if (n < MAXV)
		return true;
	fprintf(stderr, "litmus-run: fences: at most %d %s\n", MAXV, opt);
	return false;
}

static void collect_file(const char *path, struct test **tests, int *n, int *cap, int *bad)
{
	struct lt_test *t = NULL;
	struct lt_error err;

	if (litmus_parse_file(path, &t, &err) < 0) {
		fprintf(stderr, "%s:%d:%d: %s\n", path, err.pos.line, err.pos.col, err.msg);
		*bad = EXIT_PARSE;
		return;
	}
	if (!t->arch->language) {
		lt_test_free(t);
		return;	/* asm tests have no compiler to validate */
	}
	if (!fx_lang_of(t)) {
		fprintf(stderr, "%s: fences: the %s language has no compile side for fences\n",
			path, t->arch->language);
		lt_test_free(t);
		*bad = EXIT_USAGE;
		return;
	}
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*tests = lt_xrealloc(*tests, (size_t)*cap * sizeof(**tests));
	}
	memset(&(*tests)[*n], 0, sizeof(**tests));
	(*tests)[*n].path = lt_xstrdup(path);
	(*tests)[*n].t = t;
	(*n)++;
}

/* PATH's tests as a run finds them: a file, a directory (sorted, recursively) or @LIST. */
static void collect(const char *path, struct test **tests, int *n, int *cap, int *bad)
{
	struct lt_filelist files = { 0 };
	char why[512];

	if (suite_expand(path, &files, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: fences: %s\n", why);
		*bad = EXIT_USAGE;
	}
	for (int k = 0; k < files.n; k++)
		collect_file(files.files[k], tests, n, cap, bad);
	suite_free(&files);
}

static bool value_eq(const struct lt_test *a, struct lt_value x, const struct lt_test *b,
		     struct lt_value y)
{
	if (x.is_sym != y.is_sym)
		return false;
	return x.is_sym ? !strcmp(a->locs[x.loc].name, b->locs[y.loc].name) : x.i == y.i;
}

static const char *kind_name(enum fx_kind k)
{
	return k == FX_R ? "load" : k == FX_W ? "store" : k == FX_RMW ? "rmw" : "fence";
}

/* Result of one cell. */
struct cell {
	int as_mapped, stronger, weaker;
	char verdict[300];
	json_t *j;
};

static void state_json(const struct lt_test *t, const struct lt_value *v, json_t *arr)
{
	json_t *o = json_object();

	for (int k = 0; k < t->nobserved; k++) {
		char name[64];

		lt_var_name(t, t->observed[k], name, sizeof(name));
		json_object_set_new(o, name, v[k].is_sym ? json_string(t->locs[v[k].loc].name) :
				    json_integer(v[k].i));
	}
	json_array_append_new(arr, o);
}

/* A small integer's decimal text (in a static buffer: one use at a time). */
static const char *lt_int(int v)
{
	static char b[16];

	snprintf(b, sizeof(b), "%d", v);
	return b;
}

static void check_cell(struct test *T, struct job *j, const char *outdir, int serial,
		       struct cell *c)
{
	const struct lt_test *src = T->t;
	struct fx_lifted l;
	struct lt_buf text = LT_BUF_INIT;
	json_t *threads = json_array(), *extra = json_array();
	char *asmtext = NULL;
	int lrc;

	memset(c, 0, sizeof(*c));
	c->j = json_object();
	json_object_set_new(c->j, "test", json_string(src->name));
	json_object_set_new(c->j, "file", json_string(T->path));
	json_object_set_new(c->j, "arch", json_string(j->arch));
	json_object_set_new(c->j, "cc", json_string(j->cmd));
	json_object_set_new(c->j, "cc_version", json_string(fx_cc_version(j->cmd)));
	json_object_set_new(c->j, "cflags", json_string(j->cflags));
	if (!j->ok) {
		lt_snprintf_cut(c->verdict, sizeof(c->verdict), "unsupported: %s", j->why);
		goto out;
	}
	asmtext = lt_read_file(j->asm_path);
	lrc = fx_lift(src, j->arch, asmtext ? asmtext : "", &l);
	/* Classify what was read, even when the lift stopped early. */
	for (int th = 0; th < src->nthreads; th++) {
		struct fx_acc acc[64];
		char why[256];
		int n = fx_classify(src, th, j->arch, &l.th[th], acc, 64, why, sizeof(why));
		json_t *jt = json_object(), *ja = json_array();

		for (int k = 0; k < n; k++) {
			json_t *a = json_object();

			json_object_set_new(a, "source", json_string(acc[k].source));
			json_object_set_new(a, "kind", json_string(kind_name(acc[k].kind)));
			json_object_set_new(a, "order", json_string(acc[k].order));
			json_object_set_new(a, "emitted", json_string(acc[k].emitted.s));
			json_object_set_new(a, "expected", json_string(acc[k].expected));
			/* An access after the point where the lift stopped was not read. */
			if (lrc < 0 && !strcmp(acc[k].emitted.s, "(no access)"))
				acc[k].verdict = "not lifted";
			json_object_set_new(a, "verdict", json_string(acc[k].verdict));
			json_array_append_new(ja, a);
			c->as_mapped += !strcmp(acc[k].verdict, "as-mapped");
			c->stronger += !strcmp(acc[k].verdict, "stronger");
			c->weaker += !strcmp(acc[k].verdict, "weaker");
			lt_buf_free(&acc[k].emitted);
		}
		json_object_set_new(jt, "thread", json_integer(src->threads[th].id));
		json_object_set_new(jt, "accesses", ja);
		json_array_append_new(threads, jt);
	}
	if (lrc < 0) {
		snprintf(c->verdict, sizeof(c->verdict), "unsupported: %s", l.why);
		fx_lifted_free(&l);
		goto out;
	}
	fx_lifted_text(src, j->arch, &l, &text);
	json_object_set_new(c->j, "lifted", json_string(text.s));
	if (outdir) {
		struct lt_buf p = LT_BUF_INIT;
		char name[96], why[4400];

		/* In DIR whatever the name holds ('/', ".."). */
		fx_file_name(src->name, name, sizeof(name));
		lt_buf_printf(&p, "%s/%s.%s.%d.litmus", outdir, name, j->arch, serial);
		if (lt_write_file(p.s, text.s, text.len, 0644 | LT_WRITE_NOSYNC, why, sizeof(why)) < 0)
			fprintf(stderr, "litmus-run: fences: %s\n", why);
		lt_buf_free(&p);
	}
	{
		struct lt_test *lt = NULL;
		struct lt_error err;
		struct lt_model_result m;
		int *perm;
		json_t *obs_as;

		if (litmus_parse_string(text.s, text.len, src->name, &lt, &err) < 0) {
			lt_snprintf_cut(c->verdict, sizeof(c->verdict), "unsupported: lifted test: %d:%d: %s",
				 err.pos.line, err.pos.col, err.msg);
			fx_lifted_free(&l);
			goto out;
		}
		if (model_allowed_states_budget(lt, NULL, &fx_budget, &m, &err) < 0) {
			lt_snprintf_cut(c->verdict, sizeof(c->verdict), "unsupported: %s model: %s",
				 j->arch, err.msg);
			lt_test_free(lt);
			fx_lifted_free(&l);
			goto out;
		}
		/* perm[k]: where the source's observed k sits in the lifted test. */
		perm = lt_xcalloc((size_t)src->nobserved + 1, sizeof(int));
		obs_as = json_object();
		for (int k = 0; k < src->nobserved; k++) {
			char want[64], have[64], name[64];

			perm[k] = -1;
			if (src->observed[k].is_loc) {
				snprintf(want, sizeof(want), "%s", src->locs[src->observed[k].idx].name);
			} else {
				const struct lt_reg *r = &src->regs[src->observed[k].idx];

				snprintf(want, sizeof(want), "?");
				for (int th = 0; th < src->nthreads; th++)
					if (src->threads[th].id == r->thread)
						for (int o = 0; o < l.th[th].nobs; o++)
							if (!strcmp(l.th[th].obs[o], r->name))
								/* A register, or a private location. */
								snprintf(want, sizeof(want), "%s%s%s",
									 l.th[th].obsmem[o] ? "" : lt_int(r->thread),
									 l.th[th].obsmem[o] ? "" : ":",
									 l.th[th].obsreg[o]);
			}
			for (int q = 0; q < lt->nobserved; q++) {
				lt_var_name(lt, lt->observed[q], have, sizeof(have));
				if (!strcasecmp(have, want)) {
					perm[k] = q;
					lt_var_name(src, src->observed[k], name, sizeof(name));
					json_object_set_new(obs_as, name, json_string(have));
				}
			}
		}
		/* Where each source observable is in the lifted test, for its readers. */
		json_object_set_new(c->j, "observed_as", obs_as);
		{
			json_t *sa = json_array(), *ca = json_array();
			struct lt_value *row = lt_xcalloc((size_t)src->nobserved + 1, sizeof(*row));
			int nextra = 0;

			for (int s = 0; T->src_ok && s < T->src.nstates; s++)
				state_json(src, &T->src.states[(size_t)s * src->nobserved], sa);
			for (int s = 0; s < m.nstates; s++) {
				const struct lt_value *cv = &m.states[(size_t)s * lt->nobserved];
				bool found = false;

				for (int k = 0; k < src->nobserved; k++) {
					row[k] = perm[k] >= 0 ? cv[perm[k]] : (struct lt_value){ 0 };
					if (row[k].is_sym)
						row[k].loc = lt_test_find_loc(src, lt->locs[row[k].loc].name);
				}
				for (int t = 0; T->src_ok && t < T->src.nstates && !found; t++) {
					const struct lt_value *sv = &T->src.states[(size_t)t * src->nobserved];
					bool eq = true;

					for (int k = 0; k < src->nobserved && eq; k++)
						eq = value_eq(src, row[k], src, sv[k]);
					found = eq;
				}
				state_json(src, row, ca);
				if (!found) {
					state_json(src, row, extra);
					nextra++;
				}
			}
			json_object_set_new(c->j, "source_allowed", sa);
			json_object_set_new(c->j, "compiled_allowed", ca);
			free(row);
			if (!T->src_ok)
				snprintf(c->verdict, sizeof(c->verdict), "unsupported: source model: %s",
					 T->src_why);
			else
				snprintf(c->verdict, sizeof(c->verdict), "%s", nextra ? "BUG" : "sound");
		}
		for (int k = 0; k < src->nobserved; k++)
			if (perm[k] < 0)
				snprintf(c->verdict, sizeof(c->verdict),
					 "unsupported: an observed local was not found in the lift");
		free(perm);
		model_result_free(&m);
		lt_test_free(lt);
	}
	fx_lifted_free(&l);
out:
	json_object_set_new(c->j, "threads", threads);
	json_object_set_new(c->j, "extra_states", extra);
	json_object_set_new(c->j, "verdict", json_string(c->verdict));
	free(asmtext);
	lt_buf_free(&text);
}

/*
 * Check every cell, `par` processes at a time: each worker takes every
 * par-th cell and writes its results, one JSON line per cell, to a file of
 * its own; the cells come back in the matrix's order.  Processes rather
 * than threads: the parser and the models keep no promise of thread safety.
 */
static void check_cells(struct test *tests, struct job *jobs, int njobs, const char *outdir,
			int par, struct cell *cells)
{
	FILE **out;
	pid_t *pids;

	if (par > njobs)
		par = njobs;
	if (par <= 1) {
		for (int k = 0; k < njobs; k++)
			check_cell(&tests[jobs[k].test], &jobs[k], outdir, k, &cells[k]);
		return;
	}
	fflush(NULL);
	out = lt_xcalloc((size_t)par, sizeof(*out));
	pids = lt_xcalloc((size_t)par, sizeof(*pids));
	for (int w = 0; w < par; w++) {
		out[w] = tmpfile();
		pids[w] = out[w] ? fork() : -1;
		if (pids[w] == 0) {
			for (int k = w; k < njobs; k += par) {
				struct cell c;
				json_t *line;

				check_cell(&tests[jobs[k].test], &jobs[k], outdir, k, &c);
				line = json_pack("{s:i, s:i, s:i, s:i, s:o}", "k", k, "m", c.as_mapped,
						 "s", c.stronger, "w", c.weaker, "c", c.j);
				json_dumpf(line, out[w], JSON_COMPACT);
				fputc('\n', out[w]);
				json_decref(line);
			}
			_exit(fflush(out[w]) == 0 ? 0 : 1);
		}
	}
	for (int w = 0; w < par; w++) {
		int status = 0;
		bool ok = pids[w] > 0 && waitpid(pids[w], &status, 0) == pids[w] &&
			  WIFEXITED(status) && WEXITSTATUS(status) == 0;
		json_t *line;
		json_error_t e;

		if (ok)
			rewind(out[w]);
		while (ok && (line = json_loadf(out[w], JSON_DISABLE_EOF_CHECK, &e)) != NULL) {
			json_int_t k = json_integer_value(json_object_get(line, "k"));
			struct cell *c = &cells[k];

			c->as_mapped = (int)json_integer_value(json_object_get(line, "m"));
			c->stronger = (int)json_integer_value(json_object_get(line, "s"));
			c->weaker = (int)json_integer_value(json_object_get(line, "w"));
			c->j = json_incref(json_object_get(line, "c"));
			snprintf(c->verdict, sizeof(c->verdict), "%s",
				 json_string_value(json_object_get(c->j, "verdict")));
			json_decref(line);
		}
		if (out[w])
			fclose(out[w]);
	}
	/* A worker that died leaves its cells unchecked: check them here. */
	for (int k = 0; k < njobs; k++)
		if (!cells[k].j)
			check_cell(&tests[jobs[k].test], &jobs[k], outdir, k, &cells[k]);
	free(out);
	free(pids);
}

/*
 * --run: each (arch, compiler, flags) group's tests run once, judged per
 * cell.  Returns how many groups ran natively and observed an outcome
 * outside compiled_allowed or forbidden at source (an emulator's
 * deviations are reported, not counted).
 */
static int run_groups(struct test *tests, struct job *jobs, int njobs, json_t **cellj,
		      const struct fx_run_opts *ro)
{
	json_t **cj = lt_xcalloc((size_t)njobs + 1, sizeof(*cj));
	bool *done = lt_xcalloc((size_t)njobs + 1, sizeof(*done));
	int bad = 0, serial = 0;

	for (int k = 0; k < njobs; k++) {
		struct fx_run_counts c;
		char why[512];
		int n = 0;

		if (done[k])
			continue;
		for (int q = k; q < njobs; q++)
			if (!done[q] && !fx_group_cmp(&jobs[k], &jobs[q])) {
				done[q] = true;
				cj[n++] = cellj[q];
			}
		fflush(stdout);
		if (fx_run_group(jobs[k].arch, jobs[k].cmd, jobs[k].cflags, cj, n, ro,
				 serial++, &c, why, sizeof(why)) < 0) {
			printf("run %s %s %s: %s\n", jobs[k].arch, jobs[k].cmd, jobs[k].cflags, why);
			bad++;
			continue;
		}
		printf("run %s %s %s%s: %d lifted tests (%d not ok; %d cells not lifted, not run), "
		       "%ld outcomes observed, %ld outside compiled_allowed, %ld forbidden at source\n",
		       jobs[k].arch, jobs[k].cmd, jobs[k].cflags, c.emulated ? " (emulated)" : "",
		       c.tests, c.failed, c.unlifted, c.outcomes, c.outside, c.forbidden);
		for (int q = 0; q < n; q++) {
			json_t *r = json_object_get(cj[q], "run");
			size_t no = json_array_size(json_object_get(r, "outside_compiled"));
			size_t nf = json_array_size(json_object_get(r, "forbidden_at_source"));

			if (no || nf) {
				char *s = json_dumps(json_object_get(r, nf ? "forbidden_at_source" :
								       "outside_compiled"), JSON_COMPACT);

				printf("    %s: %s %s\n", json_string_value(json_object_get(cj[q], "test")),
				       nf ? "forbidden at source:" : "outside compiled_allowed:", s);
				free(s);
			}
		}
		if (!c.emulated && (c.outside || c.forbidden))
			bad++;
	}
	free(cj);
	free(done);
	return bad;
}

int fences_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "arch", required_argument, NULL, 'a' },
		{ "cc", required_argument, NULL, 'c' },
		{ "cflags", required_argument, NULL, 'f' },
		{ "model", required_argument, NULL, 'm' },
		{ "model-timeout", required_argument, NULL, 'T' },
		{ "cc-timeout", required_argument, NULL, 'C' },
		{ "cc-memory", required_argument, NULL, 'M' },
		{ "json", required_argument, NULL, 'J' },
		{ "run", no_argument, NULL, 'R' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *archs[MAXV], *cc[MAXV], *cflags[MAXV], *json_path = NULL, *outdir = NULL;
	const char *model = "c11";
	int na = 0, nc = 0, nf = 0, par = (int)sysconf(_SC_NPROCESSORS_ONLN), opt, bad = 0;
	struct test *tests = NULL;
	int ntests = 0, cap = 0;
	char datadir[4096], cache[4096], why[4400], *text;
	struct job *jobs;
	struct cell *cells;
	int njobs = 0, rc = 0, bugs = 0, sound = 0, unsup = 0, nskipped = 0;
	char skip_why[512] = "";
	json_t *results, **cellj;
	struct fx_run_opts ro = { .iterations = 100000, .timeout_s = 60 };
	unsigned long num;
	/* litmus-run's --cc-timeout and --cc-memory: the same ranges and defaults. */
	struct lt_exec_limits cc_lim = { .cpu_s = LT_CC_TIMEOUT_DEFAULT_S,
					 .as_bytes = (uint64_t)LT_CC_MEMORY_DEFAULT_MIB << 20 };
	bool run = false;
	time_t t0 = time(NULL);

	while ((opt = getopt_long(argc, argv, "hj:n:o:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			if (!room_for("--arch", na))
				return EXIT_USAGE;
			if (!fx_triplet_of(optarg)) {
				/* The arches with a lifter, from the registry. */
				fprintf(stderr, "litmus-run: fences: --arch: '%s' is not one of", optarg);
				for (int k = 0; lt_arches[k]; k++)
					if (lt_arches[k]->fences)
						fprintf(stderr, " %s", lt_arches[k]->name);
				fputc('\n', stderr);
				return EXIT_USAGE;
			}
			/* herd's word (PPC) or an alias: the arch's own name. */
			archs[na++] = lt_arch_by_name(optarg)->name;
			break;
		case 'c':
			if (!room_for("--cc", nc))
				return EXIT_USAGE;
			cc[nc++] = optarg;
			break;
		case 'f':
			if (!room_for("--cflags", nf))
				return EXIT_USAGE;
			cflags[nf++] = optarg;
			break;
		case 'm':
			if (strcmp(optarg, "c11") && strcmp(optarg, "rc11")) {
				fprintf(stderr, "litmus-run: fences: --model: c11 or rc11\n");
				return EXIT_USAGE;
			}
			model = optarg;
			break;
		case 'T':
			if (parse_num("--model-timeout", optarg,
				      "a number of seconds", 1, 7 * 86400, true, &num) < 0)
				return EXIT_USAGE;
			fx_budget.timeout_s = (double)num;
			break;
		case 'C':
			if (parse_num("--cc-timeout", optarg,
				      "a number of seconds", 1, 86400, true, &num) < 0)
				return EXIT_USAGE;
			cc_lim.cpu_s = (unsigned)num;
			break;
		case 'M':
			if (parse_num("--cc-memory", optarg, "a size in MiB", 64, 1ul << 24, true, &num) < 0)
				return EXIT_USAGE;
			cc_lim.as_bytes = (uint64_t)num << 20;
			break;
		case 'J':
			json_path = optarg;
			break;
		case 'R':
			run = true;
			break;
		case 'n':
			if (parse_num("--iterations", optarg, "a count", 1, 1ul << 48, false,
				      &ro.iterations) < 0)
				return EXIT_USAGE;
			break;
		case 'j':
			if (parse_num("-j", optarg, "a count", 1, 1024, false, &num) < 0)
				return EXIT_USAGE;
			par = (int)num;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind == argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!na) {
		const struct lt_arch_ops *n = lt_arch_native();

		if (!n) {
			fprintf(stderr, "litmus-run: fences: no native arch: give --arch\n");
			return EXIT_USAGE;
		}
		archs[na++] = n->name;
	}
	if (!nc)
		cc[nc++] = "cc";
	if (!nf)
		cflags[nf++] = "-O2";
	if (outdir && lt_mkdirs(outdir) < 0) {
		fprintf(stderr, "litmus-run: fences: %s: %s\n", outdir, strerror(errno));
		return EXIT_USAGE;
	}
	for (int k = optind; k < argc; k++)
		collect(argv[k], &tests, &ntests, &cap, &bad);
	if (bad)
		return bad;
	if (build_find_datadir(datadir, sizeof(datadir), why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: fences: %s\n", why);
		return EXIT_USAGE;
	}
	if (build_cache_dir(cache, sizeof(cache), why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: fences: %s\n", why);
		return EXIT_USAGE;
	}
	for (int k = 0; k < ntests; k++) {
		struct lt_error err;

		/* A language with a model of its own (Go) is judged by it. */
		const char *m = fx_lang_of(tests[k].t)->model ? fx_lang_of(tests[k].t)->model : model;

		tests[k].src_ok = model_allowed_states_budget(tests[k].t, m, &fx_budget,
							      &tests[k].src, &err) == 0;
		if (!tests[k].src_ok)
			lt_snprintf_cut(tests[k].src_why, sizeof(tests[k].src_why), "%s", err.msg);
	}
	/* The matrix, and the compile jobs it needs (the cached ones are done). */
	jobs = lt_xcalloc((size_t)ntests * na * nc * nf + 1, sizeof(*jobs));
	for (int t = 0; t < ntests; t++)
		for (int a = 0; a < na; a++)
			for (int c = 0; c < nc; c++)
				for (int f = 0; f < nf; f++) {
					struct job *j = &jobs[njobs++];
					struct lt_buf src = LT_BUF_INIT;
					struct lt_hash h;
					char dir[4200], path[4300];

					j->test = t;
					j->arch = archs[a];
					j->cc = cc[c];
					j->cflags = cflags[f];
					j->lang = fx_lang_of(tests[t].t);
					j->lang->compiler_cmd(cc[c], archs[a], datadir, j->cmd, sizeof(j->cmd),
							      j->why, sizeof(j->why));
					if (!j->cmd[0]) {
						/* A compiler of another language (--cc=go on a C test): no cell. */
						if (!nskipped++)
							snprintf(skip_why, sizeof(skip_why), "%s", j->why);
						memset(j, 0, sizeof(*j));
						njobs--;
						continue;
					}
					fx_thread_source(tests[t].t, archs[a], "lt_c_", true, &src);
					lt_hash_init(&h);
					lt_hash_str(&h, "fences/1");
					lt_hash_str(&h, src.s);
					lt_hash_str(&h, j->cmd);
					/* A command may compile for every arch (Go's, by LT_FENCES_TRIPLET). */
					lt_hash_str(&h, j->arch);
					lt_hash_str(&h, j->cflags);
					lt_hash_str(&h, fx_cc_version(j->cmd));
					{
						/* A compiler given by path (a wrapper script): its own text too. */
						char *w = strchr(cc[c], '/') ? lt_read_file(cc[c]) : NULL;

						lt_hash_str(&h, w ? w : "");
						free(w);
					}
					/* The language's compile script and header: their text too. */
					for (int part = 0; part < 2; part++) {
						const char *rel = part ? j->lang->header : j->lang->driver;
						char fp[4300], *ft;

						if (!rel)
							continue;
						snprintf(fp, sizeof(fp), "%s/%s", datadir, rel);
						ft = lt_read_file(fp);
						lt_hash_str(&h, ft ? ft : "");
						free(ft);
					}
					lt_hash_hex(&h, j->key);
					snprintf(dir, sizeof(dir), "%s/fences/%s", cache, j->key);
					if (!lt_snprintf_ok(j->asm_path, sizeof(j->asm_path), "%s/test.s", dir)) {
						lt_snprintf_cut(j->why, sizeof(j->why), "path too long: %s/test.s", dir);
						j->pid = -1;
					} else if (access(j->asm_path, R_OK) == 0) {
						j->ok = true;
					} else if (lt_mkdirs(dir) < 0 ||
						   !lt_snprintf_ok(path, sizeof(path), "%s/test.c", dir)) {
						lt_snprintf_cut(j->why, sizeof(j->why), "cannot write %s", dir);
						j->pid = -1;
					} else if (lt_write_file(path, src.s, src.len, 0644 | LT_WRITE_NOSYNC,
								 j->why, sizeof(j->why)) < 0) {
						j->pid = -1;
					}
					lt_buf_free(&src);
				}
	if (nskipped)
		fprintf(stderr, "litmus-run: fences: %d test and compiler pairs left out, their "
			"compiler compiling no test of the language (%s%s)\n", nskipped, skip_why,
			nskipped > 1 ? ", ..." : "");
	if (!njobs) {
		fprintf(stderr, "litmus-run: fences: no cell: no compiler given compiles these tests\n");
		rc = EXIT_USAGE;
		goto cleanup;
	}
	fx_compile_jobs(tests, jobs, njobs, par, &cc_lim, cache, datadir);
	results = json_array();
	printf("%-40s %-8s %-36s %-7s %5s %5s %5s  %s\n", "test", "arch", "cc", "flags",
	       "as-m", "strg", "weak", "verdict");
	cells = lt_xcalloc((size_t)njobs + 1, sizeof(*cells));
	cellj = lt_xcalloc((size_t)njobs + 1, sizeof(*cellj));
	check_cells(tests, jobs, njobs, outdir, par, cells);
	for (int k = 0; k < njobs; k++) {
		struct cell *c = &cells[k];

		printf("%-40s %-8s %-36s %-7s %5d %5d %5d  %s\n", tests[jobs[k].test].t->name,
		       jobs[k].arch, jobs[k].cmd, jobs[k].cflags, c->as_mapped, c->stronger,
		       c->weaker, c->verdict);
		if (!strcmp(c->verdict, "BUG")) {
			json_t *ex = json_object_get(c->j, "extra_states");
			char *s = json_dumps(ex, JSON_COMPACT);

			printf("    witness (allowed compiled, forbidden at source): %s\n", s);
			free(s);
			bugs++;
		} else if (!strcmp(c->verdict, "sound")) {
			sound++;
		} else {
			unsup++;
		}
		cellj[k] = c->j;
		json_array_append_new(results, c->j);
	}
	free(cells);
	printf("%d cells: %d sound, %d BUG, %d unsupported (%.1f%%); %ld s\n", njobs, sound, bugs,
	       unsup, njobs ? 100.0 * unsup / njobs : 0.0, (long)(time(NULL) - t0));
	if (run) {
		ro.outdir = outdir;
		ro.cc_timeout_s = cc_lim.cpu_s;
		ro.cc_memory_mib = (unsigned)(cc_lim.as_bytes >> 20);
		ro.model_timeout_s = (unsigned)fx_budget.timeout_s;
		if (run_groups(tests, jobs, njobs, cellj, &ro) > 0 && !rc)
			rc = EXIT_BUG;
	}
	free(cellj);
	if (json_path) {
		json_t *doc = json_object();

		json_object_set_new(doc, "schema", json_string("litmus-run-fences/1"));
		json_object_set_new(doc, "model", json_string(model));
		json_object_set_new(doc, "model_timeout_s", fx_budget.timeout_s > 0 ?
				    json_integer((json_int_t)fx_budget.timeout_s) : json_null());
		json_object_set_new(doc, "cc_timeout_s", cc_lim.cpu_s ?
				    json_integer(cc_lim.cpu_s) : json_null());
		json_object_set_new(doc, "cc_memory_mib", cc_lim.as_bytes ?
				    json_integer((json_int_t)(cc_lim.as_bytes >> 20)) : json_null());
		json_object_set_new(doc, "results", results);
		/* As a run's --json: replaced atomically, a FIFO or a device written in place. */
		text = json_dumps(doc, JSON_INDENT(1));
		if (!text || lt_write_file(json_path, text, strlen(text), 0644, why, sizeof(why)) < 0) {
			fprintf(stderr, "litmus-run: fences: %s\n", text ? why : "out of memory");
			rc = EXIT_USAGE;
		}
		free(text);
		json_decref(doc);
	} else {
		json_decref(results);
	}
cleanup:
	for (int k = 0; k < ntests; k++) {
		if (tests[k].src_ok)
			model_result_free(&tests[k].src);
		lt_test_free(tests[k].t);
		free(tests[k].path);
	}
	free(tests);
	free(jobs);
	return rc ? rc : bugs ? EXIT_BUG : 0;
}
