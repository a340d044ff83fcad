/* SPDX-License-Identifier: MIT */
/* The command line of an ordinary run (not the subcommands: run/subcmd.h). */
#ifndef LT_RUN_CLI_H
#define LT_RUN_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "run/options.h"
#include "run/suite.h"

/* --help's text. */
void cli_usage(FILE *f);

/*
 * Fill o from argv (getopt_long: optind is left at the first PATH), and
 * check the options against each other.  --help and --version print and
 * exit 0.  Returns 0, or -1 after a message (exit code 2).
 */
int cli_parse_options(int argc, char **argv, struct lt_options *o);

/* The integer s of option opt, in [min, max]; -1 after a message. */
int parse_u64_arg(const char *opt, const char *s, uint64_t min, uint64_t max,
		  uint64_t *out);

/* --shard=K/N: keep the tests at positions K-1, K-1+N, ... of files. */
void shard_filter(struct lt_options *o, struct lt_filelist *files);

#endif /* LT_RUN_CLI_H */
