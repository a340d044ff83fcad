/* SPDX-License-Identifier: MIT */
/* The command line of an ordinary run (not the subcommands: run/subcmd.h). */
#ifndef LT_RUN_CLI_H
#define LT_RUN_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "run/options.h"
#include "run/suite.h"

/* The sections of --help and of the manual's OPTIONS, in order. */
enum opt_section { SEC_RUN, SEC_OUT, SEC_BUILD, SEC_MODEL, SEC_PLACE, SEC_SELECT,
		   SEC_LAB, SEC_INFO, SEC_HIDDEN };

/* One row of run/options.def (see there). */
struct opt_doc {
	const char *name;
	int short_opt;
	const char *arg, *dflt;
	enum opt_section sec;
	const char *help, *more, *see;
};

/* The rows' positions in opt_docs. */
enum opt_index {
#define OPT(id, l, s, a, d, sec, h, m, see) OPTIX_##id,
#include "run/options.def"
	OPTIX_COUNT
};

/* The table, in options.def's order, ended by a NULL name. */
extern const struct opt_doc opt_docs[];

/* --help's text. */
void cli_usage(FILE *f);

/*
 * --print-options=FORMAT: help, man (the manual's OPTIONS), markdown
 * (doc/running.md's tables), bash (a completion script) or names (one long
 * name a line).  -1 after a message for another FORMAT.
 */
int optdoc_print(const char *format, FILE *f);

/*
 * Fill o from argv (getopt_long: optind is left at the first PATH), and
 * check the options against each other.  --help and --version print and
 * exit 0.  Returns 0, or -1 after a message (exit code 2).
 */
int cli_parse_options(int argc, char **argv, struct lt_options *o);

/* Whether cmd is an executable path, or found on $PATH. */
bool cli_in_path(const char *cmd);

/* The integer s of option opt, in [min, max]; -1 after a message. */
int parse_u64_arg(const char *opt, const char *s, uint64_t min, uint64_t max,
		  uint64_t *out);

/* --shard=K/N: keep the tests at positions K-1, K-1+N, ... of files. */
void shard_filter(struct lt_options *o, struct lt_filelist *files);

#endif /* LT_RUN_CLI_H */
