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

/* The test's identity across runs and machines: its name. */
const char *doc_test_key(json_t *test);

/* The test of doc whose key is key, or NULL. */
json_t *doc_find_test(json_t *doc, const char *key);

/* The histogram entry of test whose outcome string is s, or NULL. */
json_t *doc_find_outcome(json_t *test, const char *s);

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
