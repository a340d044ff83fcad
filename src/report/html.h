/* SPDX-License-Identifier: MIT */
/*
 * A run as one self-contained HTML page: inline CSS and SVG, no script and
 * nothing fetched, so it can be mailed, archived or opened offline.
 */
#ifndef LT_HTML_H
#define LT_HTML_H

#include <jansson.h>

#include "util/buf.h"

/* The run the report sets doc beside, and what compare found between them. */
struct lt_html_against {
	json_t *doc;		/* run A, an earlier night; NULL: none */
	const char *label;
	json_t *compare;	/* compare's result (A -> doc, or doc by its model); NULL: none */
};

/*
 * Append the report of doc to b.  hist[0..nhist) are earlier runs of the
 * same suite, oldest first (labels[k] names each: a timestamp or a path);
 * witness rates over them and doc make each test's trend chart.  With
 * ab->doc, each test's histogram is also shown beside A's (A vs B), and
 * ab->compare's findings head the page with links to their tests.
 */
void html_report(json_t *doc, const char *label, json_t *const *hist,
		 const char *const *labels, int nhist, const struct lt_html_against *ab,
		 struct lt_buf *b);

/* The pages' style sheet. */
extern const char lt_html_css[];

/*
 * Append the page of a litmus-run fences document (schema
 * litmus-run-fences/1, doc/fences.md) to b: the counts per arch, compiler
 * and flags, the BUG cells first with their witnesses, the accesses whose
 * code is weaker than the mapping, the lifted code and --run's outcomes,
 * then the unsupported cells with their reasons and a table of every cell.
 */
void html_fences(json_t *doc, const char *label, struct lt_buf *b);

#endif /* LT_HTML_H */
