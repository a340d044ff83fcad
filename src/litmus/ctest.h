/* SPDX-License-Identifier: MIT */
/*
 * C litmus tests (herd's arch "C"): the pseudo-arch they parse under and the
 * lexical helpers the parser and the generator share.
 */
#ifndef LT_CTEST_H
#define LT_CTEST_H

#include <stdbool.h>
#include <stddef.h>

#include "litmus/arch-ops.h"

/*
 * The arch of every C test.  It is not a target: a C test is compiled for
 * whatever --arch the run is for, so it is not in lt_arches[] either.
 */
extern const struct lt_arch_ops lt_arch_c;

static inline bool lt_arch_is_c(const struct lt_arch_ops *a)
{
	return a == &lt_arch_c;
}

/*
 * Whether s is a name a C test may give a location, a parameter or an
 * observed local: a C identifier that is not a C keyword and not in the
 * harness's reserved lt_/LT_ name space.
 */
bool ctest_name_ok(const char *s, size_t n);

/*
 * The litmus type of a C type spelling ("int", "atomic_int", "unsigned
 * long", "atomic_t", "spinlock_t"; qualifiers volatile, const and _Atomic
 * are ignored).  -1 if unknown.
 */
int ctest_type_parse(const char *s, enum lt_type *out);

/*
 * Blank C comments ("/" "*" ... "*" "/" and "//" to the end of the line) in
 * s[off, n) to spaces, newlines kept; string and character literals are
 * skipped.  Returns the offset of an unterminated block comment, or n.
 */
size_t ctest_blank_comments(char *s, size_t off, size_t n);

/* One parameter of a thread: "TYPE *name" split into its parts. */
struct lt_cparam {
	char *type;	/* the pointee type as written, words joined by ' ' */
	int stars;	/* 1: a location of `type`; 2: a location holding a pointer */
	char *name;
};

/*
 * Split a normalised parameter list (lt_thread.c_params, "int *x, atomic_int
 * *y") into *out.  Returns the count; free with ctest_params_free.
 */
int ctest_params_split(const char *params, struct lt_cparam **out);
void ctest_params_free(struct lt_cparam *p, int n);

#endif /* LT_CTEST_H */
