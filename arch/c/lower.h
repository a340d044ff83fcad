/* SPDX-License-Identifier: MIT */
/*
 * The C lowering's state and helpers, shared by sem.c (tokens, emitting
 * pseudo-instructions, names, memory accesses, expressions) and sem-stmt.c
 * (statements and the lower_thread hook).  Internal to arch/c.
 */
#ifndef LT_C_LOWER_H
#define LT_C_LOWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/sem-build.h"
#include "model/sem.h"
#include "lang.h"

#define MAX_LOCALS	32	/* hidden locals of one thread */
#define MAX_TEMPS	64	/* temporaries of one statement */
#define MAX_DEPTH	32	/* nesting of statements and expressions */

#define TK2(a, b) (((a) << 8) | (b))

struct tok {
	int k;			/* 'i' name, '0' number, a punctuator (TK2 for two) */
	size_t off, len;
	int64_t num;
};

struct local {
	char name[65];
	int reg;
};

struct lw {
	const struct lt_test *t;
	const struct lt_thread *src;
	struct ctest_em em;	/* what is emitted, into em.out */
	struct lt_error *err;
	const char *s;
	size_t n;
	struct tok *tk;
	int ntk, i;
	struct lt_cparam *params;
	int nparams;
	struct local locals[MAX_LOCALS + 64];
	int nlocals, nhidden;
	int depth;
};

enum mo { MO_RLX, MO_ACQ, MO_REL, MO_ACQ_REL, MO_SC };

/*
 * What an access goes to: location loc, or (loc < 0) the address a local
 * holds, in register base (a pointer read from memory, herd's addr).
 */
struct target {
	int loc;
	int base;
	unsigned width;
	bool atomic_type;
};

/* "the model does not support <what>" at byte off of the body; returns -1. */
int cl_unsup(struct lw *L, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Tokenise the body into L->tk. */
int cl_lex(struct lw *L);
/* The text of token k, quoted for a message. */
const char *cl_tk_text(const struct lw *L, int k, char *buf, size_t len);
size_t cl_tk_off(const struct lw *L, int k);
bool cl_is_name(const struct lw *L, int k, const char *w);
bool cl_is_punct(const struct lw *L, int k, int p);
/* Consume punctuator p, or fail. */
int cl_expect(struct lw *L, int p);
/* Token k as a parameter (its index) or a local (its register); -1: not one. */
int cl_find_param(const struct lw *L, int k);
int cl_find_local(const struct lw *L, int k);
/*
 * What token k points to: a parameter's location (its index, width and
 * atomicity), or the address a local holds.
 */
int cl_param_target(struct lw *L, int k, struct target *tg);
/* The same for the pointer at L->i, past it: a name, "(T *)name", "(name)". */
int cl_ptr_target(struct lw *L, struct target *tg);
/*
 * The local named by token k, which herd lets a thread use undeclared:
 * declared here on first use when assigned (assign), or when it is one of
 * the thread's registers (a condition names it; it starts at 0).  -1: not
 * a usable name, with no error set.
 */
int cl_local_or_implicit(struct lw *L, int k, bool assign);
unsigned cl_ann_store(enum mo mo);
/* A store of v to tg with annotations ann. */
void cl_store(struct lw *L, const struct target *tg, struct lt_sem_arg v, unsigned ann);
/* An expression at L->i into *out. */
int cl_expr(struct lw *L, struct lt_sem_arg *out);
/* A call at token L->i (its name); *out is NONE for a call with no value. */
int cl_call(struct lw *L, struct lt_sem_arg *out);

/* Building blocks of the accesses (sem.c), for the kernel's calls. */
void cl_set_addr(struct lt_uop *u, const struct target *tg);
/* A MOV of the read value, converted to the type of what tg reaches. */
struct lt_uop *cl_mov_read(struct lw *L, int k, const struct target *tg);
/* The ALU operation &~ (the kernel's andnot), beside enum lt_alu's. */
#define ANDNOT	(-2)
/*
 * tmp1 = tmp0 op v in instruction k (ANDNOT: tmp0 & ~v, through tmp2);
 * returns the argument holding the new value.
 */
struct lt_sem_arg cl_alu_new(struct lw *L, int k, const struct target *tg, int op,
			     struct lt_sem_arg v);
/* The read value (temporary 0) of instruction k into a fresh register, typed as tg. */
struct lt_sem_arg cl_read_value(struct lw *L, int k, const struct target *tg);
struct lt_sem_arg cl_load(struct lw *L, const struct target *tg, unsigned ann);

/*
 * A Linux-kernel primitive at token L->i (sem-kernel.c): 1 when it is one
 * (lowered, *out its value or NONE), 0 when the name is not the kernel's,
 * -1 on error.
 */
int cl_kernel_call(struct lw *L, struct lt_sem_arg *out);

#endif /* LT_C_LOWER_H */
