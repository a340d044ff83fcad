/* SPDX-License-Identifier: MIT */
/*
 * Reading stored runs back: a run directory or a run.json file as a
 * litmus-run/1 document, and small accessors shared by compare, merge,
 * report, JUnit and the litmus7-style log.
 */
#ifndef LT_DOC_H
#define LT_DOC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/*
 * Load PATH: a run directory (its run.json; a run that never wrote one is
 * assembled from manifest.json and tests/NNNNN.json) or a JSON file.  The
 * document must have schema litmus-run/1 and a tests array.  NULL with why
 * on failure.
 */
json_t *doc_load(const char *path, char *why, size_t len);

/*
 * doc, if it is a litmus-run/1 document with a tests array and sound counts
 * (doc_check_counts); else NULL with why (naming what), doc released.
 */
json_t *doc_check(json_t *doc, const char *what, char *why, size_t len);

/* Accessors that tolerate missing keys (0, NULL, false). */
const char *doc_str(json_t *o, const char *key);
uint64_t doc_u64(json_t *o, const char *key);
double doc_real(json_t *o, const char *key);

/*
 * An outcome object as herd and litmus7 write a state, in the document's
 * key order: "0:rax=0; 1:rax=1;" (sep " " between bindings).  Memory
 * locations written "[x]" by herd are written bare, as litmus7 does.
 */
void doc_outcome_str(json_t *outcome, struct lt_buf *b);

/* The test's name, for people ("?" if it has none): not its identity. */
const char *doc_test_name(json_t *test);

/*
 * A test's identity across runs and machines is the arch it ran for, its
 * file as the run was given it ("file_hex" when the name is not UTF-8),
 * and the SHA-256 of its source ("source_sha256").  Names are not unique:
 * x86_64/SB.litmus and C/SB.litmus are both "SB".  Documents written
 * before source_sha256 was recorded match on arch and file alone, and
 * hand-written ones without "file" on the name.  The same file given
 * twice to one run is two tests: the second is keyed "...#2".
 *
 * doc_test_keys: the key of each test of doc, in order (a new array of
 * strings).  doc_test_index: doc's tests by key (a new object).
 */
json_t *doc_test_keys(json_t *doc);
json_t *doc_test_index(json_t *doc, json_t *keys);

/* Whether a and b (of the same key) ran the same source: both record it and agree, or not both record it. */
bool doc_same_source(json_t *a, json_t *b);

/* The first test of doc named name, or NULL (linear: for tests and tools). */
json_t *doc_find_test(json_t *doc, const char *name);

/* test's histogram by outcome string (doc_outcome_str): a new object. */
json_t *doc_outcome_index(json_t *test);

/* The histogram entry of test whose outcome string is s, or NULL (linear). */
json_t *doc_find_outcome(json_t *test, const char *s);

/*
 * The runs a document holds, by identity: a new array of strings.  A run
 * records "run_id"; a merged document records "merged_runs" (every run
 * it adds up, merges of merges flattened).  A document older than run_id
 * is identified by the SHA-256 of its content ("sha256:..."), so an exact
 * copy of it is still recognised.
 */
json_t *doc_run_ids(json_t *doc);

/*
 * Check a document's counts: every count, iterations, positive, negative
 * and forbidden_observed present must be a non-negative integer (JSON's
 * integers stop at 2^63 - 1: a larger or wrapped count is an error, not a
 * zero).  0, or -1 with why.
 */
int doc_check_counts(json_t *doc, char *why, size_t len);

/* a + b into *sum unless it exceeds INT64_MAX, the largest JSON count: 0 or -1. */
static inline int doc_add_count(uint64_t a, uint64_t b, uint64_t *sum)
{
	if (a > (uint64_t)INT64_MAX || b > (uint64_t)INT64_MAX - a)
		return -1;
	*sum = a + b;
	return 0;
}

/* Witness count as in "positive" (states satisfying the proposition). */
static inline uint64_t doc_witnesses(json_t *test)
{
	return doc_u64(test, "positive");
}

/* Append s to b escaped for XML and HTML text and attribute values. */
void doc_xml_escape(struct lt_buf *b, const char *s);

/*
 * Write text to path: a regular file atomically (temp + fsync + rename),
 * "-" = stdout, a FIFO or device in place (see lt_write_file).
 */
int doc_write_text(const char *text, const char *path, char *why, size_t len);

#endif /* LT_DOC_H */
