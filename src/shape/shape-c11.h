/* SPDX-License-Identifier: MIT */
/* litmus-gen --arch=C: the C11 atomics suite (src/shape/c11.c). */
#ifndef LT_SHAPE_C11_H
#define LT_SHAPE_C11_H

#include <stdbool.h>

#include "litmus/ir.h"
#include "model/model.h"

/* Is name litmus-gen's word for C ("C", "c", "c11")? */
bool shape_c11_arch(const char *name);

/* Call fn once per test of the suite, in a fixed order: its name and text. */
void shape_c11_suite(void (*fn)(const char *name, const char *text, void *arg), void *arg);

/* The verdict of model ("c11", "rc11") on a test's condition; -1 with err. */
int shape_c11_kind(const char *name, const char *text, const char *model,
		   enum lt_verdict *out, struct lt_error *err);

/*
 * litmus-gen --arch=C: write the suite into `suite` (tests, kinds.txt with
 * c11's verdicts, kinds-rc11.txt with rc11's), list its names, or print the
 * named tests (or their c11 kinds).  Returns litmus-gen's exit code.
 */
int shape_c11_main(const char *suite, bool list, bool kind_only, int n, char **names);

#endif /* LT_SHAPE_C11_H */
