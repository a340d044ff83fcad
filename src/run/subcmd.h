/* SPDX-License-Identifier: MIT */
/* The subcommands on stored runs: compare, merge, report. */
#ifndef LT_SUBCMD_H
#define LT_SUBCMD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * If argv[1] names a subcommand, run it and set *code to its exit status;
 * false otherwise (argv is an ordinary run's command line).
 */
bool subcmd_dispatch(int argc, char **argv, int *code);

/* The name of subcommand k (0, 1, ...), NULL past the last. */
const char *subcmd_name_at(int k);

/* --junit=FILE of an ordinary run: write the JUnit XML of doc. */
int subcmd_write_junit(json_t *doc, const char *path, char *why, size_t len);

#endif /* LT_SUBCMD_H */
