/* SPDX-License-Identifier: MIT */
/*
 * The runtime's unit tests' harness (tests/unit/rt-harness.c): a test run
 * through lt_rt_main in a child, its raw output parsed and checked for
 * invariants.  x86_64 only, as the hand-written kernels are.
 */
#ifndef LT_TESTS_RT_HARNESS_H
#define LT_TESTS_RT_HARNESS_H

#include <check.h>

#include "lt-runtime.h"

#define MAX_STATES 64

struct raw {
	int rc;			/* exit status of the child */
	char *out;		/* its stdout */
	char *err;		/* its stderr */
	/* Parsed from out; ok = 1 when the whole format was as expected. */
	int ok;
	char test[64];
	int threads, pus, oversub;
	char pinning[256];
	int nplace;
	int place[16];
	char counters[256];
	unsigned long long iters, sum;
	double elapsed;
	int nstates;			/* all of them... */
	char state[MAX_STATES][256];	/* ...of which the first few kept */
	unsigned long long maxcount;
};


/* Run t in a child with the NULL-terminated extra arguments; parse its output. */
void run_test(const struct lt_rt_test *t, struct raw *r, ...);
void raw_free(struct raw *r);
/* Every state is one of `allowed` (NULL-terminated); counts add up. */
void assert_states(const struct raw *r, const char *const *allowed);
/* A run of test `name` that exited 0: its header as every run prints it. */
void assert_common(const struct raw *r, const char *name, int threads,
		   unsigned long long iters);
/* The first CPU this process may run on. */
int first_cpu(void);
/* The count of a "state COUNT STATE" line (0 when absent). */
unsigned long long state_count(const struct raw *r, const char *state);
/* SB's cells x and y and its loads 0:rax and 1:rax, raced or scripted. */
extern const char *const sb_loc_names[];
extern const unsigned sb_loc_sizes[];
extern const struct lt_rt_init sb_loc_init[];
extern const struct lt_rt_obs sb_obs[];
/* SB's outcomes under x86-TSO: all four. */
extern const char *const sb_tso[];

#endif /* LT_TESTS_RT_HARNESS_H */
