/* SPDX-License-Identifier: MIT */
/* --probe: the core-to-core round trip (the measurement: runtime/probe.h). */
#ifndef LT_RUN_PROBE_CMD_H
#define LT_RUN_PROBE_CMD_H

#include "run/state.h"

/*
 * Measure each pair, print a table (stderr with --json=-) and the
 * litmus-run-probe/1 document.  Exit 0; 2 for a pair that could not be
 * pinned (or no such class); 4 for a pair whose partner stopped
 * answering; 77 with a single PU.
 */
int probe_machine(struct run_state *s);

#endif /* LT_RUN_PROBE_CMD_H */
