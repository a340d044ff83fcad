/* SPDX-License-Identifier: MIT */
/* The human-readable summary table printed at the end of a run. */
#ifndef LT_SUMMARY_H
#define LT_SUMMARY_H

#include <stdio.h>

/* The run's record of a test (run/entry.h): read here, owned by src/run/. */
struct lt_entry;

void summary_print(FILE *f, const struct lt_entry *entries, int n);

#endif /* LT_SUMMARY_H */
