/* SPDX-License-Identifier: MIT */
/* An ordinary run: parse, generate, build, run and judge each test. */
#ifndef LT_RUN_LOOP_H
#define LT_RUN_LOOP_H

#include "run/state.h"
#include "run/suite.h"

/* Parse every test and generate its kernel (or say why there is none). */
void parse_all(struct run_state *s, const struct lt_filelist *files);
/* --print-kernel: the generated source of every test, nothing built or run. */
int print_kernels(struct run_state *s);
void build_tests(struct run_state *s);
/*
 * An ordinary run of files: build every kernel, run each test, write its
 * result as it finishes, and end with the summary.  Returns the exit code.
 */
int run_tests(struct run_state *s, const struct lt_filelist *files);

#endif /* LT_RUN_LOOP_H */
