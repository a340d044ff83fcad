/* SPDX-License-Identifier: MIT */
/*
 * Hardware counters around the kernel of thread 0.  Exactly one backend is
 * linked into a test executable: counters-papi.c or counters-none.c.
 */
#ifndef LT_COUNTERS_H
#define LT_COUNTERS_H

#include <stddef.h>
#include <stdint.h>

struct lt_counters {
	int handle;		/* backend's event set; -1 when closed */
	int ok;			/* 1 while every read so far succeeded */
	uint64_t cycles;
	uint64_t instructions;
	char why[160];		/* why counters are unavailable, when !ok */
};

/*
 * Open and start the counters for the calling thread.  0 on success; -1
 * with c->why set (and c->ok = 0) when counters cannot be used here, which
 * is not an error for the run.
 */
int lt_counters_start(struct lt_counters *c);

/* Begin a counted section on the calling thread (after lt_counters_start). */
void lt_counters_mark(struct lt_counters *c);

/* End the section begun by lt_counters_mark, adding it to the totals. */
void lt_counters_accum(struct lt_counters *c);

/* Stop and release the counters; the totals stay readable. */
void lt_counters_stop(struct lt_counters *c);

#endif /* LT_COUNTERS_H */
