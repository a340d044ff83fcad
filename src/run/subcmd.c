/* SPDX-License-Identifier: MIT */
/*
 * litmus-run compare | merge | report: the command-line side of the nightly
 * tools (src/report/ does the work and never prints).  Exit codes: 0 fine,
 * 1 an alert (compare) or a forbidden outcome in the run (report), 2 bad
 * input or I/O error.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/compare.h"
#include "report/doc.h"
#include "report/html.h"
#include "report/json.h"
#include "report/junit.h"
#include "report/merge.h"
#include "report/textlog.h"
#include "run/subcmd.h"
#include "fences/fences.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/fs.h"

enum { SC_OK = 0, SC_ALERT = 1, SC_BAD = 2 };

static json_t *load(const char *path)
{
	char why[1024];
	json_t *d = doc_load(path, why, sizeof(why));

	if (!d)
		fprintf(stderr, "litmus-run: %s\n", why);
	return d;
}

static int parse_double(const char *opt, const char *s, double min, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (errno || end == s || *end || *out < min) {
		fprintf(stderr, "litmus-run: %s: expected a number >= %g, got '%s'\n",
			opt, min, s);
		return -1;
	}
	return 0;
}

int subcmd_write_junit(json_t *doc, const char *path, char *why, size_t len)
{
	struct lt_buf b = LT_BUF_INIT;
	int rc;

	junit_format(doc, &b);
	rc = doc_write_text(b.s, path, why, len);
	lt_buf_free(&b);
	return rc;
}

/* ------------------------------------------------------------------ */

static int cmd_compare(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", required_argument, NULL, 'J' },
		{ "model", no_argument, NULL, 'm' },
		{ "strict", no_argument, NULL, 's' },
		{ "force", no_argument, NULL, 'F' },
		{ "z", required_argument, NULL, 'z' },
		{ "factor", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct lt_compare_opts o = LT_COMPARE_OPTS_INIT;
	const char *json_path = NULL;
	bool model = false, quiet = false, force = false;
	json_t *a = NULL, *b = NULL, *r;
	char why[1024];
	int c, code;

	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'J': json_path = optarg; break;
		case 'm': model = true; break;
		case 's': o.strict = true; break;
		case 'F': force = true; break;
		case 'q': quiet = true; break;
		case 'z':
			if (parse_double("--z", optarg, 0, &o.z) < 0)
				return SC_BAD;
			break;
		case 'f':
			if (parse_double("--factor", optarg, 1, &o.factor) < 0)
				return SC_BAD;
			break;
		case 'h':
			printf("Usage: litmus-run compare [OPTIONS] A B\n"
			       "       litmus-run compare [OPTIONS] --model A\n"
			       "A, B: run directories or run.json files (B the newer).\n"
			       "  --json=FILE  also write the findings as JSON (- = stdout)\n"
			       "  --model      judge A by the model verdicts it carries\n"
			       "  --strict     every finding is an alert\n"
			       "  --force      compare runs of different arches (else exit 2)\n"
			       "  --z=Z        two-proportion z-test threshold (default 3.29)\n"
			       "  --factor=F   minimum witness-rate ratio (default 2)\n"
			       "  -q           print alerts only\n"
			       "Exit status: 0 no alert, 1 an alert, 2 bad input.\n");
			return SC_OK;
		default:
			return SC_BAD;
		}
	}
	if (argc - optind != (model ? 1 : 2)) {
		fprintf(stderr, "litmus-run: compare: give %s\n",
			model ? "one run with --model" : "two runs, A and B");
		return SC_BAD;
	}
	if (!(a = load(argv[optind])))
		return SC_BAD;
	if (!model && !(b = load(argv[optind + 1]))) {
		json_decref(a);
		return SC_BAD;
	}
	r = model ? compare_model(a, argv[optind], &o) :
		    compare_runs(a, argv[optind], b, argv[optind + 1], &o);
	code = json_integer_value(json_object_get(r, "alerts")) ? SC_ALERT : SC_OK;
	/* Different arches: said as the output's headline, and refused. */
	if (json_object_get(r, "arches") && !force) {
		fprintf(stderr, "litmus-run: compare: the runs are of different arches "
			"(%s -> %s); --force compares them anyway\n",
			doc_str(json_object_get(r, "arches"), "a"),
			doc_str(json_object_get(r, "arches"), "b"));
		code = SC_BAD;
	}
	if (!json_path || strcmp(json_path, "-")) {
		struct lt_buf t = LT_BUF_INIT;
		json_t *f;
		size_t i;

		if (quiet) {
			json_array_foreach(json_object_get(r, "findings"), i, f)
				if (json_is_true(json_object_get(f, "alert")))
					printf("ALERT %s: %s: %s\n", doc_str(f, "kind"),
					       doc_str(f, "test") ?: "-", doc_str(f, "message"));
		} else {
			compare_format(r, &t);
			fputs(t.s, stdout);
		}
		lt_buf_free(&t);
	}
	if (json_path && lt_json_write_file(r, json_path, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: compare: --json: %s\n", why);
		code = SC_BAD;
	}
	json_decref(r);
	json_decref(a);
	json_decref(b);
	return code;
}

/* ------------------------------------------------------------------ */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* Whether a and b name the same existing file or directory. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/*
 * Where merge would write (OUT, or OUT/run.json) must not be one of its
 * inputs, nor a run's own directory: the merge would destroy what it adds
 * up.  -1 after a message.
 */
static int check_merge_out(const char *out, char *const *runs, int n)
{
	struct lt_buf w = LT_BUF_INIT, m = LT_BUF_INIT;
	bool json = ends_with(out, ".json");
	int rc = 0;

	lt_buf_printf(&w, json ? "%s" : "%s/run.json", out);
	lt_buf_printf(&m, "%s/manifest.json", out);
	for (int k = 0; k < n && !rc; k++) {
		struct lt_buf r = LT_BUF_INIT;
		struct stat st;

		if (stat(runs[k], &st) == 0 && S_ISDIR(st.st_mode))
			lt_buf_printf(&r, "%s/run.json", runs[k]);
		else
			lt_buf_puts(&r, runs[k]);
		if (same_file(out, runs[k]) || same_file(w.s, r.s)) {
			fprintf(stderr, "litmus-run: merge: OUT %s is the input %s: the merge "
				"would overwrite a run it adds up\n", out, runs[k]);
			rc = -1;
		}
		lt_buf_free(&r);
	}
	if (!rc && !json && access(m.s, F_OK) == 0) {
		fprintf(stderr, "litmus-run: merge: OUT %s holds a run (manifest.json): its "
			"run.json would be overwritten; merge into another directory\n", out);
		rc = -1;
	}
	lt_buf_free(&w);
	lt_buf_free(&m);
	return rc;
}

static int cmd_merge(int argc, char **argv)
{
	const char *out;
	json_t **docs, *m;
	char why[1024];
	int n, code = SC_OK;

	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("Usage: litmus-run merge OUT RUN...\n"
		       "Add up the histograms of the same tests from several runs into one\n"
		       "run document.  OUT: a directory (run.json and run.log are written\n"
		       "there) or a FILE.json; not one of the RUNs, nor a run's directory.\n"
		       "RUN: run directories or run.json files (or earlier merges).  Tests\n"
		       "are matched by arch, file and source SHA-256.  A run given twice, or\n"
		       "already held by a merged RUN, is refused: it would count twice.\n"
		       "Exit status: 0, or 2 on bad input.\n");
		return SC_OK;
	}
	if (argc < 3) {
		fprintf(stderr, "litmus-run: merge: usage: litmus-run merge OUT RUN...\n");
		return SC_BAD;
	}
	out = argv[1];
	n = argc - 2;
	if (check_merge_out(out, argv + 2, n) < 0)
		return SC_BAD;
	/*
	 * The documents and their merge live on an arena, released at once
	 * at the end: two 20,000-test runs are millions of small values,
	 * whose allocation and freeing were a third of the merge's time.
	 */
	lt_json_arena_begin();
	docs = lt_xcalloc((size_t)n, sizeof(*docs));
	for (int k = 0; k < n; k++)
		if (!(docs[k] = load(argv[k + 2]))) {
			code = SC_BAD;
			goto done;
		}
	/* The docs are released unread after it: the merge may reuse them. */
	m = merge_runs_take(docs, (const char *const *)argv + 2, n, why, sizeof(why));
	if (!m) {
		fprintf(stderr, "litmus-run: merge: %s\n", why);
		code = SC_BAD;
		goto done;
	}
	/* Writing hands out strings that are freed with free(). */
	lt_json_arena_hold();
	if (ends_with(out, ".json")) {
		if (lt_json_write_file(m, out, why, sizeof(why)) < 0)
			code = SC_BAD;
	} else {
		struct lt_buf p = LT_BUF_INIT, log = LT_BUF_INIT;

		if (lt_mkdirs(out) < 0) {
			snprintf(why, sizeof(why), "%s: %s", out, strerror(errno));
			code = SC_BAD;
		} else {
			lt_buf_printf(&p, "%s/run.json", out);
			if (lt_json_write_file(m, p.s, why, sizeof(why)) < 0)
				code = SC_BAD;
			lt_buf_reset(&p);
			lt_buf_printf(&p, "%s/run.log", out);
			textlog_format(m, &log);
			if (code == SC_OK && doc_write_text(log.s, p.s, why, sizeof(why)) < 0)
				code = SC_BAD;
		}
		lt_buf_free(&p);
		lt_buf_free(&log);
	}
	if (code != SC_OK)
		fprintf(stderr, "litmus-run: merge: %s\n", why);
	else
		printf("merged %d runs, %zu tests: %s\n", n,
		       json_array_size(json_object_get(m, "tests")), out);
done:
	/* m and the docs with it: not freed value by value. */
	lt_json_arena_end();
	free(docs);
	return code;
}

/* ------------------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Without --history: the runs beside DIR (results/<host>/<timestamp>/ of the
 * same host), those older than DIR by name, which sorts by time.  At most
 * max of the newest of them.
 */
static int sibling_runs(const char *dir, char ***out, int max)
{
	char copy[PATH_MAX], base[PATH_MAX], *parent;
	struct dirent *de;
	char **names = NULL;
	int n = 0, first;
	DIR *d;

	if (!realpath(dir, copy))
		return 0;
	snprintf(base, sizeof(base), "%s", basename(copy));
	parent = dirname(copy);
	d = opendir(parent);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		struct lt_buf p = LT_BUF_INIT;

		if (de->d_name[0] == '.' || strcmp(de->d_name, base) >= 0)
			continue;
		lt_buf_printf(&p, "%s/%s/run.json", parent, de->d_name);
		if (access(p.s, R_OK) == 0) {
			names = lt_xrealloc(names, (size_t)(n + 1) * sizeof(char *));
			lt_buf_reset(&p);
			lt_buf_printf(&p, "%s/%s", parent, de->d_name);
			names[n++] = lt_buf_steal(&p);
		}
		lt_buf_free(&p);
	}
	closedir(d);
	if (n)
		qsort(names, (size_t)n, sizeof(char *), cmp_str);
	first = n > max ? n - max : 0;
	for (int k = 0; k < first; k++)
		free(names[k]);
	if (first)
		memmove(names, names + first, (size_t)(n - first) * sizeof(char *));
	*out = names;
	return n - first;
}

static const char *label_of(const char *path, json_t *doc)
{
	const char *s = doc_str(doc, "started");

	return s ? s : path;
}

/*
 * report FENCES.json: the page of a litmus-run fences document (default
 * FENCES.html beside it).  -1 when path is not one (a run is reported as
 * usual); else the exit status: 1 when a cell is a BUG.
 */
static int report_fences(const char *path, const char *out)
{
	struct lt_buf page = LT_BUF_INIT, def = LT_BUF_INIT;
	struct stat st;
	char why[1024];
	json_t *doc;
	int code;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return -1;
	doc = json_load_file(path, 0, NULL);
	if (!doc || !json_is_string(json_object_get(doc, "schema")) ||
	    strcmp(json_string_value(json_object_get(doc, "schema")), "litmus-run-fences/1")) {
		json_decref(doc);
		return -1;
	}
	html_fences(doc, path, &page);
	if (!out) {
		size_t n = strlen(path);

		lt_buf_printf(&def, "%.*s.html", (int)(n > 5 && !strcmp(path + n - 5, ".json") ?
						       n - 5 : n), path);
		out = def.s;
	}
	code = SC_OK;
	if (doc_write_text(page.s, out, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: report: %s\n", why);
		code = SC_BAD;
	} else {
		size_t i;
		json_t *c;

		if (strcmp(out, "-"))
			printf("report: %s (litmus-run fences)\n", out);
		json_array_foreach(json_object_get(doc, "results"), i, c)
			if (json_is_string(json_object_get(c, "verdict")) &&
			    !strcmp(json_string_value(json_object_get(c, "verdict")), "BUG"))
				code = SC_ALERT;
	}
	lt_buf_free(&page);
	lt_buf_free(&def);
	json_decref(doc);
	return code;
}

static int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "history", required_argument, NULL, 'H' },
		{ "against", required_argument, NULL, 'A' },
		{ "output", required_argument, NULL, 'o' },
		{ "junit", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char **hpaths = NULL, why[1024];
	int nh = 0, nread = 0, c, code = SC_OK;
	const char *out = NULL, *junit = NULL, *dir, *against = NULL;
	struct lt_buf page = LT_BUF_INIT, def = LT_BUF_INIT;
	struct lt_compare_opts copts = LT_COMPARE_OPTS_INIT;
	struct lt_html_against ab = { 0 };
	json_t *doc, **hist, *adoc = NULL;
	const char **labels;
	bool own = false;
	struct stat st;

	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			hpaths = lt_xrealloc(hpaths, (size_t)(nh + 1) * sizeof(char *));
			hpaths[nh++] = optarg;
			break;
		case 'o': out = optarg; break;
		case 'j': junit = optarg; break;
		case 'A': against = optarg; break;
		case 'h':
			printf("Usage: litmus-run report [OPTIONS] RUN [--history RUN...]\n"
			       "       litmus-run report [-o FILE] FENCES.json\n"
			       "One self-contained HTML page for RUN (a run directory or\n"
			       "run.json): histograms, conditions, verdicts, placements and\n"
			       "witness-rate trends over earlier runs (--history, else the\n"
			       "run directories beside RUN); or for a litmus-run fences\n"
			       "document: BUG cells first, counts per arch, compiler and\n"
			       "flags, every cell.\n"
			       "  -o, --output=FILE  the page (default RUN/report.html)\n"
			       "  --history=RUN      an earlier run (repeatable; more RUNs may\n"
			       "                     follow the first positional one)\n"
			       "  --against=RUN      the run to set RUN beside (A vs B\n"
			       "                     histograms, compare's findings; default:\n"
			       "                     the newest earlier run)\n"
			       "  --junit=FILE       also write JUnit XML\n"
			       "Exit status: 0, 1 if the run observed a forbidden outcome,\n"
			       "2 on bad input.\n");
			free(hpaths);
			return SC_OK;
		default:
			free(hpaths);
			return SC_BAD;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "litmus-run: report: give a run directory or run.json\n");
		free(hpaths);
		return SC_BAD;
	}
	dir = argv[optind];
	if (optind + 1 == argc && !nh && !against && !junit) {
		/* A litmus-run fences document has a page of its own. */
		int rc = report_fences(dir, out);

		if (rc >= 0) {
			free(hpaths);
			return rc;
		}
	}
	for (int k = optind + 1; k < argc; k++) {
		hpaths = lt_xrealloc(hpaths, (size_t)(nh + 1) * sizeof(char *));
		hpaths[nh++] = argv[k];
	}
	if (!(doc = load(dir))) {
		free(hpaths);
		return SC_BAD;
	}
	if (!nh && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
		nh = sibling_runs(dir, &hpaths, 30);
		own = true;
	}
	hist = lt_xcalloc((size_t)nh + 1, sizeof(*hist));
	labels = lt_xcalloc((size_t)nh + 1, sizeof(*labels));
	/* An unreadable earlier night is a gap in the trends, not a failed report. */
	for (int k = 0; k < nh; k++) {
		json_t *d = doc_load(hpaths[k], why, sizeof(why));

		if (!d) {
			fprintf(stderr, "litmus-run: report: warning: skipping earlier run %s\n",
				why);
			continue;
		}
		hist[nread] = d;
		labels[nread++] = label_of(hpaths[k], d);
	}
	/*
	 * A vs B: the night given, else the newest earlier one; what compare
	 * finds between them (or, with no earlier night, against the model)
	 * heads the page.
	 */
	if (against && !(adoc = load(against))) {
		code = SC_BAD;
		goto done;
	}
	ab.doc = adoc ? adoc : nread ? hist[nread - 1] : NULL;
	ab.label = adoc ? label_of(against, adoc) : nread ? labels[nread - 1] : NULL;
	ab.compare = ab.doc ? compare_runs(ab.doc, adoc ? against : ab.label, doc, dir,
					   &copts) :
		     compare_model(doc, dir, &copts);
	html_report(doc, label_of(dir, doc), hist, labels, nread, &ab, &page);
	if (!out) {
		if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
			lt_buf_printf(&def, "%s/report.html", dir);
		} else {
			char copy[PATH_MAX];

			snprintf(copy, sizeof(copy), "%s", dir);
			lt_buf_printf(&def, "%s/report.html", dirname(copy));
		}
		out = def.s;
	}
	if (doc_write_text(page.s, out, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: report: %s\n", why);
		code = SC_BAD;
		goto done;
	}
	if (junit && subcmd_write_junit(doc, junit, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: report: --junit: %s\n", why);
		code = SC_BAD;
		goto done;
	}
	if (strcmp(out, "-"))
		printf("report: %s (%d earlier run%s)\n", out, nread, nread == 1 ? "" : "s");
	{
		json_t *t;
		size_t i;

		json_array_foreach(json_object_get(doc, "tests"), i, t)
			if (doc_u64(t, "forbidden_observed"))
				code = SC_ALERT;
	}
done:
	for (int k = 0; k < nread; k++)
		json_decref(hist[k]);
	for (int k = 0; k < nh && own; k++)
		free(hpaths[k]);
	free(hist);
	free(labels);
	free(hpaths);
	lt_buf_free(&page);
	lt_buf_free(&def);
	json_decref(doc);
	json_decref(adoc);
	json_decref(ab.compare);
	return code;
}

static const struct {
	const char *name;
	int (*fn)(int, char **);
} cmds[] = {
	{ "compare", cmd_compare },
	{ "merge", cmd_merge },
	{ "report", cmd_report },
	{ "fences", fences_main },
};

const char *subcmd_name_at(int k)
{
	return k >= 0 && k < (int)(sizeof(cmds) / sizeof(cmds[0])) ? cmds[k].name : NULL;
}

bool subcmd_dispatch(int argc, char **argv, int *code)
{
	if (argc < 2)
		return false;
	for (size_t k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++) {
		if (strcmp(argv[1], cmds[k].name))
			continue;
		/* getopt starts over on the subcommand's own arguments. */
		optind = 1;
		*code = cmds[k].fn(argc - 1, argv + 1);
		return true;
	}
	return false;
}
