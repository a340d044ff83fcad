/* SPDX-License-Identifier: MIT */
/*
 * The kernel of a Go test.  A Go test's goroutines must be compiled by the
 * Go toolchain, not by the C compiler that builds every other kernel, and
 * the runner has no Go build step yet: running one is refused with a
 * positioned message (the model judges Go tests with --check-only).
 */
#include "config.h"

#include "lang.h"

int go_emit_thread(const struct lt_test *t, int th, const int *slot, int nslots,
		   struct lt_buf *out, struct lt_error *err)
{
	(void)slot;
	(void)nslots;
	(void)out;
	lt_error_set(err, t->file, t->threads[th].body_pos,
		     "running a Go test needs the Go harness, which this build lacks; "
		     "--check-only judges it with --model=go");
	return -1;
}
