/* SPDX-License-Identifier: MIT */
/*
 * C litmus tests (herd's arch "C"), the language plug-in: its table of
 * hooks (lang.c), grammar (parse.c), model lowering (sem.c, sem-stmt.c) and
 * kernel code (gen.c), and the lexical helpers they share.
 */
#ifndef LT_C_LANG_H
#define LT_C_LANG_H

#include <stdbool.h>
#include <stddef.h>

#include "litmus/arch-ops.h"
#include "model/sem.h"
#include "util/buf.h"

/*
 * The arch of every C test.  It is not a target: a C test is compiled for
 * whatever --arch the run is for, so it is in lt_langs[], not lt_arches[].
 */
extern const struct lt_arch_ops lt_arch_c;

/* The hooks (arch-ops.h says what each does). */
size_t c_code_end(const char *src, size_t i, size_t len);
int c_parse_threads(struct lt_psr *p);
int c_lower_thread(const struct lt_test *t, int th, struct lt_sem_thread *out,
		   struct lt_error *err);
int c_emit_thread(const struct lt_test *t, int th, const int *slot, int nslots,
		  struct lt_buf *out, struct lt_error *err);

/*
 * Whether s is a name a C test may give a location, a parameter or an
 * observed local: a C identifier that is not a C keyword and not in the
 * harness's reserved lt_/LT_ name space.
 */
bool ctest_name_ok(const char *s, size_t n);

/*
 * The position of byte off of s[0, n), a text that starts at start (a
 * thread body at its body_pos): for the messages about a body.
 */
struct lt_pos ctest_pos_at(struct lt_pos start, const char *s, size_t n, size_t off);

/*
 * The reg_canon hook of a language whose observed locals are plain names
 * (C's and Go's): name itself when name_ok accepts it, of no fixed width.
 */
int ctest_reg_canon(bool (*name_ok)(const char *s, size_t n), const char *name,
		    char *out, size_t len, unsigned *width);

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

/*
 * Is s (n bytes) a name only the Linux kernel's C uses: READ_ONCE, smp_*,
 * spin_*, rcu_*, atomic_t, the kernel's atomic_* operations...?  A C test
 * whose code names one is a kernel test, judged by LKMM (doc/models.md).
 */
bool ctest_kernel_name(const char *s, size_t n);

/*
 * The body "{ ... }" of thread PN (id), which must open at bopen, with the
 * string literals of quotes' characters skipped: a new thread of p->t
 * holding it, *bclose at its '}'.  NULL, the error set, if there is none.
 * C's and Go's threads are both "PN(...) { body }".
 */
struct lt_thread *ctest_thread_body(struct lt_psr *p, long id, size_t bopen,
				    const char *quotes, size_t *bclose);

/*
 * The C and Go lowerings' shared steps.  A new pseudo-instruction of out
 * (its arrays grown by doubling *cap) at pos, named after its statement
 * (s[stmt_off, n) up to a ';', newline or '{'): its index.
 */
int ctest_insn_new(struct lt_sem_thread *out, int *cap, const char *s, size_t n,
		   size_t stmt_off, struct lt_pos pos);
/* a op b into *v when both are constants (not a shift): true if so. */
bool ctest_alu_fold(enum lt_alu op, struct lt_sem_arg a, struct lt_sem_arg b,
		    struct lt_sem_arg *v);

/* One parameter of a thread: "TYPE *name" split into its parts. */
struct lt_cparam {
	char *type;	/* the pointee type as written, words joined by ' ' */
	int stars;	/* 1: a location of `type`; 2: a location holding a pointer */
	char *name;
};

/*
 * Split a normalised parameter list (lt_thread.params, "int *x, atomic_int
 * *y") into *out.  Returns the count; free with ctest_params_free.
 */
int ctest_params_split(const char *params, struct lt_cparam **out);
void ctest_params_free(struct lt_cparam *p, int n);

#endif /* LT_C_LANG_H */
