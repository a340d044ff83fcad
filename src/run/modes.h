/* SPDX-License-Identifier: MIT */
/*
 * The options that shape how a kernel runs: --sync and --delay,
 * --counters, --layout, --instances and --placement.  Each is checked
 * here (exit code 2 rather than a kernel that refuses to start) and
 * passed on to the runtime.
 */
#ifndef LT_RUN_MODES_H
#define LT_RUN_MODES_H

#include <stdbool.h>
#include <stddef.h>


#include "litmus/ir.h"
#include "run/entry.h"
#include "run/options.h"
#include "run/place.h"
#include "util/buf.h"

/* --sync (--delay is an integer: run/cli.c). */
int parse_sync_option(const char *arg, struct lt_options *o);
/* The k-th --sync mode's name, or NULL past the last. */
const char *sync_name_at(int k);
/* The kernel source for this run's sync mode; -1 with err as gen_kernel. */
int gen_for_sync(const struct lt_options *o, const struct lt_test *t,
		 struct lt_buf *out, struct lt_error *err);
/* Append the kernel options for --sync and --delay to argv; the new argc. */
int sync_argv(const struct lt_options *o, char **argv, int argc);

int parse_counters_option(const char *arg, struct lt_options *o);
/* The counters a run asks for, as the runtime's -C and config.counters. */
const char *counters_list(const struct lt_options *o);
/* Counters unavailable on this machine: one note per distinct reason. */
void note_counters(const struct lt_entry *entries, int n);

/* --layout against --sync, once every option is known. */
int check_layout_sync(const struct lt_options *o);
/* --layout (layout true) or --placement (--instances: run/cli.c). */
int parse_place_options(bool layout, const char *arg, struct lt_options *o);
/*
 * Plan class c for the test: the instances (--instances, or as many as
 * the class holds for fill) and the -p list.  Returns the instances, or
 * -1 with why.
 */
int place_for_test(const struct lt_options *o, const struct lt_test *t,
		   enum lt_place_class c, struct lt_buf *pins, char *why,
		   size_t len);

#endif /* LT_RUN_MODES_H */
