/* SPDX-License-Identifier: MIT */
/* Summary table: test, outcomes, witnesses, observation, forbidden, time. */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "report/summary.h"

static const char *entry_name(const struct lt_entry *e)
{
	return e->test ? e->test->name : e->file;
}

void summary_print(FILE *f, const struct lt_entry *entries, int n)
{
	int w = 4;

	for (int k = 0; k < n; k++) {
		int l = (int)strlen(entry_name(&entries[k]));

		if (l > w)
			w = l;
	}
	if (w > 48)
		w = 48;
	fprintf(f, "%-*s %8s %12s %-10s %10s %9s\n", w, "Test", "Outcomes",
		"Witnesses", "Observed", "Forbidden", "Time(s)");
	for (int k = 0; k < n; k++) {
		const struct lt_entry *e = &entries[k];
		const struct lt_result *r = &e->result;

		if (r->status != LT_ST_OK) {
			fprintf(f, "%-*.*s %8s %12s %-10s %10s %9s  %s\n", w, w,
				entry_name(e), "-", "-", lt_status_name(r->status),
				"-", "-", r->reason ? r->reason : "");
			continue;
		}
		fprintf(f, "%-*.*s %8d %12" PRIu64 " %-10s %10s %9.2f%s\n", w, w,
			entry_name(e), r->nouts, r->positive,
			lt_observation_name(r->observation),
			r->expect == LT_EXPECT_NONE && r->forbidden_observed == 0 ? "-" :
			r->forbidden_observed ? "YES" : "0",
			r->elapsed_s, e->emulated ? "  (emulated)" : "");
		if (r->forbidden_observed)
			fprintf(f, "%*s ^ %" PRIu64 " forbidden outcome(s) observed\n",
				w, "", r->forbidden_observed);
	}
}
