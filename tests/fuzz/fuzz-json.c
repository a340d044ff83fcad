/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the JSON readers of stored runs.  Byte 0 even: the
 * input is a run document (as compare, merge and report read it): checked
 * (doc_check), then compared with itself and against its model verdicts,
 * merged with a copy of itself under another identity, and formatted as
 * HTML, litmus7 log and JUnit.  Byte 0 odd: a manifest, as --resume reads
 * it.  Any crash, leak, sanitizer report or hang is a bug.  Built and run
 * by scripts/fuzz.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/compare.h"
#include "report/doc.h"
#include "report/html.h"
#include "report/junit.h"
#include "report/merge.h"
#include "report/textlog.h"
#include "run/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run_doc(json_t *d)
{
	struct lt_compare_opts o = LT_COMPARE_OPTS_INIT;
	struct lt_buf b = LT_BUF_INIT;
	const char *names[2] = { "a", "b" };
	json_t *copy, *r, *docs[2];
	char why[512];

	r = compare_runs(d, "a", d, "a", &o);
	compare_format(r, &b);
	json_decref(r);
	r = compare_model(d, "a", &o);
	json_decref(r);
	/* The same tests under another run's identity: they add up. */
	copy = json_deep_copy(d);
	json_object_del(copy, "merged_runs");
	json_object_set_new(copy, "run_id", json_string("fuzz-other-run"));
	docs[0] = d;
	docs[1] = copy;
	r = merge_runs(docs, names, 2, why, sizeof(why));
	if (r) {
		lt_buf_reset(&b);
		textlog_format(r, &b);
		json_decref(r);
	}
	lt_buf_reset(&b);
	{
		/* Beside run A, and compare's findings between them, as report does. */
		struct lt_compare_opts copts = LT_COMPARE_OPTS_INIT;
		struct lt_html_against ab = { .doc = copy, .label = "b" };

		ab.compare = compare_runs(copy, "b", d, "a", &copts);
		html_report(d, "a", docs, names, 1, &ab, &b);
		json_decref(ab.compare);
	}
	json_decref(copy);
	lt_buf_reset(&b);
	textlog_format(d, &b);
	lt_buf_reset(&b);
	junit_format(d, &b);
	lt_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *j;
	char why[512];

	if (size < 1)
		return 0;
	j = json_loadb((const char *)data + 1, size - 1, 0, &jerr);
	if (!j)
		return 0;
	if (!(data[0] & 1)) {
		if ((j = doc_check(j, "fuzz.json", why, sizeof(why)))) {
			run_doc(j);
			json_decref(j);
		}
	} else {
		struct lt_options o = { 0 };
		char **files = NULL, *cwd = NULL;
		int n = 0;

		if ((j = store_read_manifest(j, "manifest.json", &o, &files, &n, &cwd, why,
					     sizeof(why)))) {
			for (int k = 0; k < n; k++)
				free(files[k]);
			free(files);
			free(cwd);
			json_decref(j);
		}
	}
	return 0;
}
