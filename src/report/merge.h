/* SPDX-License-Identifier: MIT */
/*
 * Adding up runs: the histograms of the same test from several runs or
 * machines become one litmus-run/1 document that says who contributed what.
 */
#ifndef LT_MERGE_H
#define LT_MERGE_H

#include <jansson.h>
#include <stddef.h>

/*
 * Merge docs[0..n) (names[k] says where docs[k] came from, for provenance).
 * Tests are matched by identity (arch, file, source: doc.h).  Returns the
 * merged document, which lists every run it adds up in "merged_runs", or
 * NULL with why when a run would count twice (the same run given twice, or
 * a merge that already holds it), when the same test's runs cannot be
 * added (other observables, another source), or a sum passes 2^63 - 1.
 */
json_t *merge_runs(json_t *const *docs, const char *const *names, int n,
		   char *why, size_t len);

/*
 * The same, reusing the docs' tests instead of copying them (a third of
 * the time of two 20,000-test runs, doc/nightly.md): the docs are changed,
 * and may only be released afterwards.
 */
json_t *merge_runs_take(json_t *const *docs, const char *const *names, int n,
			char *why, size_t len);

#endif /* LT_MERGE_H */
