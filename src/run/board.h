/* SPDX-License-Identifier: MIT */
/* Bundles for lab boards (the files: run/bundle.h): --emit and --collect. */
#ifndef LT_RUN_BOARD_H
#define LT_RUN_BOARD_H

#include "run/state.h"
#include "run/suite.h"

/* --emit DIR: each test's kernel and everything to build and run it. */
int emit_bundle(struct run_state *s, const struct lt_filelist *files);
/* --collect DIR: the summary and JSON of a normal run, from run.sh's outputs. */
int collect_bundle(struct run_state *s);

#endif /* LT_RUN_BOARD_H */
