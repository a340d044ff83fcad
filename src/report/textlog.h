/* SPDX-License-Identifier: MIT */
/*
 * The run as a litmus7 log (run.log), the text format herdtools' mcompare7
 * reads, so lab tooling built on litmus7 logs keeps working.
 */
#ifndef LT_TEXTLOG_H
#define LT_TEXTLOG_H

#include <jansson.h>

#include "util/buf.h"

/* Append doc (schema litmus-run/1) to b as a litmus7 log. */
void textlog_format(json_t *doc, struct lt_buf *b);

#endif /* LT_TEXTLOG_H */
