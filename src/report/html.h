/* SPDX-License-Identifier: MIT */
/*
 * A run as one self-contained HTML page: inline CSS and SVG, no script and
 * nothing fetched, so it can be mailed, archived or opened offline.
 */
#ifndef LT_HTML_H
#define LT_HTML_H

#include <jansson.h>

#include "util/buf.h"

/*
 * Append the report of doc to b.  hist[0..nhist) are earlier runs of the
 * same suite, oldest first (labels[k] names each: a timestamp or a path);
 * witness rates over them and doc make each test's trend chart.
 */
void html_report(json_t *doc, const char *label, json_t *const *hist,
		 const char *const *labels, int nhist, struct lt_buf *b);

#endif /* LT_HTML_H */
