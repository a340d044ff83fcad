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
 * Tests are matched by name.  Returns the merged document, or NULL with why
 * when the same test's runs cannot be added (different observables).
 */
json_t *merge_runs(json_t *const *docs, const char *const *names, int n,
		   char *why, size_t len);

#endif /* LT_MERGE_H */
