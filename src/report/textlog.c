/* SPDX-License-Identifier: MIT */
/*
 * litmus7's log format, as printed by the postlude litmus7 generates
 * (herdtools7 litmus/skelUtil.ml) and parsed by mcompare7
 * (tools/lexLog_tools.mll).
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "report/doc.h"
#include "report/textlog.h"

/* litmus7 names the condition's kind after the quantifier. */
static const char *kind_word(const char *kind)
{
	if (kind && !strcmp(kind, "~exists"))
		return "Forbidden";
	if (kind && !strcmp(kind, "forall"))
		return "Required";
	return "Allowed";
}

static void format_test(json_t *t, struct lt_buf *b)
{
	const char *name = doc_test_name(t), *kind = doc_str(t, "kind");
	const char *status = doc_str(t, "status"), *cond = doc_str(t, "condition");
	uint64_t pos = doc_u64(t, "positive"), neg = doc_u64(t, "negative");
	uint64_t wpos, wneg;
	bool validated = json_is_true(json_object_get(t, "validated"));
	json_t *h;
	size_t i, nstates = 0;

	lt_buf_printf(b, "Test %s %s\n", name, kind_word(kind));
	if (!status || strcmp(status, "ok")) {
		/* mcompare7 drops a test whose log says "Fatal", as for litmus7's own. */
		lt_buf_printf(b, "Fatal: %s: %s\n\n", status ? status : "?",
			      doc_str(t, "reason") ? doc_str(t, "reason") : "");
		return;
	}
	/* Outcomes the test's filter rejected are not counted by litmus7 either. */
	json_array_foreach(json_object_get(t, "histogram"), i, h)
		nstates += !json_is_true(json_object_get(h, "filtered"));
	lt_buf_printf(b, "Histogram (%zu states)\n", nstates);
	json_array_foreach(json_object_get(t, "histogram"), i, h) {
		size_t at;
		int pad;

		if (json_is_true(json_object_get(h, "filtered")))
			continue;
		at = b->len;
		lt_buf_printf(b, "%" PRIu64, doc_u64(h, "count"));
		/* "%-6"PCTR"%c>": a count padded to 6, '*' on witnesses. */
		pad = 6 - (int)(b->len - at);
		lt_buf_printf(b, "%*s%c>", pad > 0 ? pad : 0, "",
			      json_is_true(json_object_get(h, "satisfies")) ? '*' : ':');
		doc_outcome_str(json_object_get(h, "outcome"), b);
		/* Not litmus7's, but a '#' comment mcompare7 skips: the model's no. */
		if (json_is_false(json_object_get(h, "allowed")))
			lt_buf_puts(b, " # forbidden");
		lt_buf_putc(b, '\n');
	}
	lt_buf_printf(b, "%s\n\nWitnesses\n", validated ? "Ok" : "No");
	/* litmus7 counts "Positive" as what validates the condition. */
	if (kind && strcmp(kind, "exists") && strcmp(kind, "forall")) {
		wpos = neg;
		wneg = pos;
	} else {
		wpos = pos;
		wneg = neg;
	}
	lt_buf_printf(b, "Positive: %" PRIu64 ", Negative: %" PRIu64 "\n", wpos, wneg);
	lt_buf_printf(b, "Condition %s is %svalidated\n", cond ? cond : "?",
		      validated ? "" : "NOT ");
	lt_buf_printf(b, "Observation %s %s %" PRIu64 " %" PRIu64 "\n", name,
		      doc_str(t, "observation") ? doc_str(t, "observation") : "?",
		      pos, neg);
	lt_buf_printf(b, "Time %s %f\n\n", name, doc_real(t, "elapsed_s"));
}

void textlog_format(json_t *doc, struct lt_buf *b)
{
	json_t *host = json_object_get(doc, "host"), *t;
	size_t i;

	/* Header lines start with '#'-free words mcompare7 skips: no "Test". */
	lt_buf_printf(b, "%%%% litmus-run %s (git %s), host %s, started %s\n",
		      doc_str(json_object_get(doc, "tool"), "version") ?: "?",
		      doc_str(json_object_get(doc, "tool"), "git") ?: "?",
		      doc_str(host, "name") ?: "?", doc_str(doc, "started") ?: "?");
	lt_buf_puts(b, "\n");
	json_array_foreach(json_object_get(doc, "tests"), i, t)
		format_test(t, b);
}
