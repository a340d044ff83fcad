/* SPDX-License-Identifier: MIT */
/* Code generation: a test's IR becomes the C source of its test executable. */
#ifndef LT_GEN_H
#define LT_GEN_H

#include "litmus/ir.h"
#include "util/buf.h"

/* GCC and clang accept at most 30 operands in one asm statement. */
#define LT_GEN_MAX_ASM_OPERANDS 30

/*
 * Write the kernel source for t into out: one function per thread whose
 * iteration body is a single asm volatile block, the test description and
 * main().  Returns 0, or -1 with err set (e.g. too many operands).
 */
int gen_kernel(const struct lt_test *t, struct lt_buf *out,
	       struct lt_error *err);

/*
 * C tests (src/gen/gen-c.c): the thread functions and their iteration loops,
 * given the output slot of each register (-1: not observed).
 */
int gen_c_threads(const struct lt_test *t, const int *slot, int nslots,
		  struct lt_buf *out, struct lt_error *err);

/* Append s as a C string literal (quotes included). */
void gen_c_string(struct lt_buf *out, const char *s);

#endif /* LT_GEN_H */
