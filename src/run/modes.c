/* SPDX-License-Identifier: MIT */
/*
 * The options that shape how a kernel runs, checked here and passed on to
 * the runtime: --sync and --delay, --counters, --layout, --instances and
 * --placement.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/gen.h"
#include "model/model.h"
#include "run/cli.h"
#include "run/modes.h"
#include "run/place.h"
#include "runtime/counters.h"
#include "util/fs.h"
#include "util/macros.h"

/* ------------------------------------------------------------------ */
/* Synchronisation modes: --sync and --delay                          */
/* ------------------------------------------------------------------ */

static const char *const sync_names[] = { "auto", "spin", "flags",
					  "timebase", "perpetual", NULL };

const char *sync_name_at(int k)
{
	return k >= 0 && k < (int)ARRAY_SIZE(sync_names) ? sync_names[k] : NULL;
}

int parse_sync_option(const char *arg, struct lt_options *o)
{
	for (int k = 0; sync_names[k]; k++) {
		if (!strcmp(arg, sync_names[k])) {
			o->sync = sync_names[k];
			return 0;
		}
	}
	/* The modes from the table, so that the message names each one there is. */
	fputs("litmus-run: --sync: expected ", stderr);
	for (int k = 0; sync_names[k]; k++)
		fprintf(stderr, "%s%s", k == 0 ? "" : sync_names[k + 1] ? ", " : " or ",
			sync_names[k]);
	fprintf(stderr, ", got '%s'\n", arg);
	return -1;
}

/*
 * Whether the model forbids t's condition: 1 forbidden, 0 allowed, -1
 * unknown (no model, a model file, beyond the checker or its budget).  The
 * --sync=auto kernel ranks its calibration by it; a short budget, since
 * the verdict only steers the ranking and the judge checks again later.
 */
#define AUTO_MODEL_BUDGET_S 2.0

static int condition_forbidden(const struct lt_options *o, const struct lt_test *t)
{
	const char *model = o->model && model_exists(o->model) ? o->model :
			    model_default(t);
	struct lt_model_budget b = { .timeout_s = AUTO_MODEL_BUDGET_S };
	struct lt_model_result m;
	struct lt_error err;
	int v;

	if (!model || (o->model && !model_exists(o->model)))
		return -1;
	memset(&m, 0, sizeof(m));
	memset(&err, 0, sizeof(err));
	if (model_allowed_states_budget(t, model, &b, &m, &err) < 0)
		return -1;
	v = m.verdict == LT_VERDICT_FORBIDDEN;
	model_result_free(&m);
	return v;
}

/*
 * The kernel source for this run's sync mode; -1 with err as gen_kernel.
 * No --sync means auto, except that --print-kernel then shows the barrier
 * form, the one every fixed barrier mode runs (--sync=auto prints the
 * whole auto kernel).
 */
int gen_for_sync(const struct lt_options *o, const struct lt_test *t,
		 struct lt_buf *out, struct lt_error *err)
{
	if (o->sync && !strcmp(o->sync, "perpetual"))
		return gen_kernel_perpetual(t, out, err);
	if (o->sync && !strcmp(o->sync, "auto") && t->arch && t->arch->no_auto_sync) {
		snprintf(err->msg, sizeof(err->msg), "--sync=auto: %s tests keep state across "
			 "a batch, which auto's calibration cuts short: give spin, flags or "
			 "timebase (without --sync they run spin)", t->arch->language ?
			 t->arch->language : t->arch->name);
		return -1;
	}
	if ((o->sync && !strcmp(o->sync, "auto")) ||
	    (!o->sync && !o->print_kernel && !(t->arch && t->arch->no_auto_sync)))
		return gen_kernel_auto(t, condition_forbidden(o, t), out, err);
	return gen_kernel(t, out, err);
}

/* Append the kernel options for --sync and --delay to argv. */
int sync_argv(const struct lt_options *o, char **argv, int argc)
{
	char num[32];

	if (o->sync) {
		argv[argc++] = lt_xstrdup("-S");
		argv[argc++] = lt_xstrdup(o->sync);
	}
	if (o->delay >= 0 && (!o->sync || !strcmp(o->sync, "perpetual") ||
			      !strcmp(o->sync, "auto"))) {
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
int parse_counters_option(const char *arg, struct lt_options *o)
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
const char *counters_list(const struct lt_options *o)
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
void note_counters(const struct lt_entry *entries, int n)
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
int check_layout_sync(const struct lt_options *o)
{
	struct layout_words lw;
	const char *sync = o->sync ? o->sync : "auto";

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

int parse_place_options(bool layout, const char *arg, struct lt_options *o)
{
	if (layout) {
		struct layout_words lw;

		o->layout = arg;
		return check_layout(arg, &lw);
	}
	if (strcmp(arg, "scan") && place_class_parse(arg) < 0) {
		fprintf(stderr, "litmus-run: --placement: expected smt, core, l3, die, package, numa or scan, got '%s'\n",
			arg);
		return -1;
	}
	o->placement = arg;
	return 0;
}

/*
 * Plan class c for the test: the instances (--instances, or as many as
 * the class holds for fill) and the -p list.  Returns the instances, or
 * -1 with why.
 */
int place_for_test(const struct lt_options *o, const struct lt_test *t,
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
