/* SPDX-License-Identifier: MIT */
/* Turning PATH arguments into a list of test files, and suite expectations. */
#ifndef LT_SUITE_H
#define LT_SUITE_H

#include <stddef.h>

#include "litmus/ir.h"

struct lt_filelist {
	char **files;
	int n;
};

/*
 * Add the tests named by one PATH argument: a file, a directory (searched
 * recursively for *.litmus, in sorted order) or @LISTFILE (one path per line,
 * '#' comments; relative paths are relative to the list file's directory).
 * Returns 0, or -1 with why.
 */
int suite_expand(const char *arg, struct lt_filelist *out, char *why, size_t len);
void suite_free(struct lt_filelist *l);

/*
 * Keep the files whose test name (from the header line, else the file
 * name less .litmus) matches one of `include` (all when ninclude is 0) and
 * none of `exclude` (fnmatch globs).  Returns how many were dropped.
 */
int suite_filter(struct lt_filelist *l, const char *const *include, int ninclude,
		 const char *const *exclude, int nexclude);

/*
 * The expectation a suite gives a test: a kinds.txt ("NAME Allowed|
 * Forbidden|Required") in the test file's directory.
 */
enum lt_expect suite_expectation(const char *file, const char *test_name);

#endif /* LT_SUITE_H */
