/* SPDX-License-Identifier: MIT */
/*
 * The Go walk's state and helpers, shared by sem.c (tokens, errors,
 * locals, memory and channel operations), sem-expr.c (expressions) and
 * sem-stmt.c (statements and go_walk); they emit through ../c/lang.h's
 * struct ctest_em.
 * Internal to arch/go.
 */
#ifndef LT_GO_WALK_H
#define LT_GO_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/sem-build.h"
#include "model/sem.h"
#include "../c/lang.h"
#include "lang.h"

#define MAX_WALK_DEPTH	32
#define MAX_TEMPS	64

#define ANN_SC	(LT_ANN_SC | LT_ANN_ACQUIRE | LT_ANN_RELEASE)

struct gw {
	struct lt_test *t;
	int th;
	bool check;			/* the parser's walk: declare locals */
	const char *s;
	size_t n;
	struct gtok *tk;
	int ntk, i;
	struct go_var *vars;
	int nvars;
	struct ctest_em em;		/* what is emitted, into em.out */
	struct lt_error *err;
	char (*declared)[65];		/* locals declared so far, in order */
	int ndeclared;
	int depth;
	const char *etype;		/* Go type of the expression just walked;
				 * NULL: an untyped constant */
};

/* Tokens and errors (sem.c). */
struct lt_pos gw_pos_at(const struct gw *W, size_t off);
size_t gw_toff(const struct gw *W, int k);
/* "P<id>: message" at token k; returns -1. */
int gw_werr(struct gw *W, int k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *gw_ttext(const struct gw *W, int k, char *buf, size_t len);
bool gw_is(const struct gw *W, int k, int kind);
bool gw_word(const struct gw *W, int k, const char *w);
int gw_expect(struct gw *W, int kind, const char *what);
int gw_stmt_end(struct gw *W);
/* Shared variables and locals (sem.c). */
int gw_find_var(const struct gw *W, int k);
int gw_find_local(const struct gw *W, int k);
const char *gw_local_gotype(struct gw *W, int k);
int gw_declare(struct gw *W, int k, const char *gt, bool given);
/* Where an access to v goes (the rest of emitting is ../c/emit.c's). */
void gw_set_addr(struct gw *W, struct lt_uop *u, int v);
/* Memory and channel operations (sem.c). */
struct lt_sem_arg gw_load(struct gw *W, int v, unsigned ann);
void gw_store(struct gw *W, int v, struct lt_sem_arg val, unsigned ann);
void gw_rmw(struct gw *W, int k, int v, enum lt_cc cc, int64_t b, int op,
	    struct lt_sem_arg val);
void gw_wait_read(struct gw *W, int k, int v, enum lt_cc cc, int64_t b);
int64_t gw_chan_value(const struct lt_test *t, const char *name);
int gw_chan_op(struct gw *W, int k, int v, bool send);
void gw_chan_block(struct gw *W, int v, bool send);
int gw_send_value(struct gw *W, int v);
/* Expressions (sem-expr.c). */
int gw_method(struct gw *W, struct lt_sem_arg *out);
int gw_expr(struct gw *W, struct lt_sem_arg *out);

#endif /* LT_GO_WALK_H */
