/* SPDX-License-Identifier: MIT */
/*
 * --probe: no test, but the cache-line round trip between the PUs a
 * 2-thread test would use, as a table and a litmus-run-probe/1 document.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report/json.h"
#include "run/modes.h"
#include "run/host.h"
#include "run/place.h"
#include "run/probe-cmd.h"
#include "run/state.h"
#include "runtime/probe.h"

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
int probe_machine(struct run_state *s)
{
	struct probe_pair pp[LT_PLACE_NCLASSES];
	FILE *human = human_stream(&s->opt);
	json_t *probes = json_array(), *cfg, *doc, *e, *rtt;
	int n, code = LT_EXIT_OK;
	char why[512];

	host_probe(&s->host);
	run_info_start(s);
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
		doc = lt_json_probe_document(&s->info, cfg, probes);
		if (write_json_option(&s->opt, doc) < 0)
			code = LT_EXIT_USAGE;
		json_decref(doc);
	} else {
		json_decref(probes);
	}
	return code;
}
