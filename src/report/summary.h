/* SPDX-License-Identifier: MIT */
/*
 * The human-readable summary table: printed whole at the end of a run, or a
 * row as each test finishes (summary_width first, for the name column).
 */
#ifndef LT_SUMMARY_H
#define LT_SUMMARY_H

#include <stdio.h>

/* The run's record of a test (run/entry.h): read here, owned by src/run/. */
struct lt_entry;

void summary_print(FILE *f, const struct lt_entry *entries, int n);
/* The width of the name column for these entries. */
int summary_width(const struct lt_entry *entries, int n);
void summary_header(FILE *f, int w);
void summary_row(FILE *f, const struct lt_entry *e, int w);

#endif /* LT_SUMMARY_H */
