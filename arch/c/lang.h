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
 * A thread function as a kernel (gen.c) and fences (fences.c) write it:
 * the test's parameters and locals named C_VAR_PFX<name>, so that no macro
 * or name of the headers and the harness meets them; c_put_params the
 * parameter list, c_put_body the body (with zero, a local declared without
 * an initialiser starts at 0, as herd's does).
 */
#define C_VAR_PFX "lt_v_"
void c_put_params(const struct lt_thread *thr, struct lt_buf *out);
void c_put_body(const struct lt_test *t, const struct lt_thread *thr, bool zero,
		struct lt_buf *out);

/*
 * Whether s is a name a C test may give a location, a parameter or an
 * observed local: a C identifier that is not a C keyword, not memory_order
 * or memory_order_*, and not in the
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
 * The C and Go lowerings' emitter (emit.c): the thread's form being built
 * and what its new pseudo-instructions take from the walk.
 */
struct ctest_em {
	const struct lt_test *t;
	struct lt_sem_thread *out;
	int cap;		/* out's arrays' length */
	const char *s;		/* the body, which starts at body_pos */
	size_t n;
	struct lt_pos body_pos;
	size_t stmt_off;	/* where the current statement starts */
	int temp0;		/* the first temporary register */
	int ntemp, maxtemp;	/* temporaries of the statement, of the worst one */
	int nlabels;
	const char *label_pfx;	/* of the generated labels: "lt_c" gives lt_c0... */
};

/* A new pseudo-instruction at the current statement, named after it (its
 * text up to a ';', newline or '{'): its index. */
int ctest_insn_new(struct ctest_em *E);
/*
 * A micro-op in instruction k.  Past LT_SEM_MAX_UOPS the form is marked
 * full (lt_sem_add) and ctest_em_check, which each walk calls at its end,
 * fails: 0, or -1 with err set at the first such instruction.
 */
struct lt_uop *ctest_uop(struct ctest_em *E, int k, enum lt_uop_kind kind);
int ctest_em_check(const struct ctest_em *E, struct lt_error *err);
/* A fresh temporary register; ntemp is reset at each statement. */
int ctest_temp(struct ctest_em *E);
/* A fresh label name, and one placed here (an instruction carrying it). */
char *ctest_new_label(struct ctest_em *E);
void ctest_put_label(struct ctest_em *E, char *name);
/* A branch to label, taken when cond satisfies cc. */
void ctest_branch(struct ctest_em *E, struct lt_sem_arg cond, enum lt_cc cc,
		  const char *label);
void ctest_mov(struct ctest_em *E, int dst, struct lt_sem_arg src);
/* a op b into *v when both are constants (not a shift): true if so. */
bool ctest_alu_fold(enum lt_alu op, struct lt_sem_arg a, struct lt_sem_arg b,
		    struct lt_sem_arg *v);
/* a op b (folded when constant), a cc b (1 or 0): into a fresh temporary. */
struct lt_sem_arg ctest_alu2(struct ctest_em *E, enum lt_alu op, struct lt_sem_arg a,
			     struct lt_sem_arg b);
struct lt_sem_arg ctest_compare(struct ctest_em *E, enum lt_cc cc, struct lt_sem_arg a,
				struct lt_sem_arg b);
/*
 * In instruction k: a read of at's address (and width) into temporary 0,
 * annotated ann, on a path that goes on only when it cc expect.
 */
void ctest_read_assume(struct ctest_em *E, int k, const struct lt_uop *at, unsigned ann,
		       struct lt_sem_arg expect, enum lt_cc cc);

/*
 * A compare-and-swap as two alternatives, as herd enumerates it: it reads
 * expect and writes desired (an RMW), or reads another value and writes
 * nothing.
 */
struct ctest_cas {
	struct lt_uop at;		/* where it goes: addr and width */
	struct lt_sem_arg expect, desired;
	unsigned ann_r, ann_w;		/* the succeeding RMW's read and write */
	unsigned ann_fail;		/* the failing read */
	struct lt_sem_arg copy_to;	/* not NONE: failing, the value read goes there */
	struct lt_form copy_conv;	/* converted so */
};

/* The CAS c in a new instruction: a fresh temporary, 1 when it wrote. */
struct lt_sem_arg ctest_cas(struct ctest_em *E, const struct ctest_cas *c);

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

/* litmus-run fences for C tests (fences.c). */
struct fx_lang;
extern const struct fx_lang c_fx_lang;

#endif /* LT_C_LANG_H */
