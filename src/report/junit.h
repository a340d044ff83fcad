/* SPDX-License-Identifier: MIT */
/* A run as JUnit XML, for CI systems that chart test results. */
#ifndef LT_JUNIT_H
#define LT_JUNIT_H

#include <jansson.h>

#include "util/buf.h"

/*
 * Append doc as JUnit XML: one testcase per test; a forbidden outcome
 * observed is a failure, timeout/crash/error an error, skipped a skip.
 */
void junit_format(json_t *doc, struct lt_buf *b);

#endif /* LT_JUNIT_H */
