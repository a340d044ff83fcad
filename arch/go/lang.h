/* SPDX-License-Identifier: MIT */
/*
 * Go litmus tests (header word "Go"), the language plug-in: its table of
 * hooks and lexer (lang.c), grammar of the init block and threads
 * (parse.c), the walk of a thread body that both checks it and lowers it
 * for the model (sem.c, sem-expr.c, sem-stmt.c), and the Go source of
 * the kernel (gen.c).
 */
#ifndef LT_GO_LANG_H
#define LT_GO_LANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "litmus/arch-ops.h"
#include "util/buf.h"

extern const struct lt_arch_ops lt_arch_go;

/* Two-character punctuation as one token code. */
#define GK2(a, b) (((a) << 8) | (b))

/* A token of Go source: 'i' name, '0' number, ';' (also the newline Go
 * reads as one), or a punctuator (GK2 for two characters). */
struct gtok {
	int k;
	size_t off, len;
	int64_t num;
};

/*
 * Tokenise s[0, n) with Go's semicolon rule (a newline after a name, a
 * number, ')', '}', "++" or "--" ends the statement).  Returns the count,
 * *out allocated; or -1 with *bad the offset of the bad character.
 */
int go_lex(const char *s, size_t n, struct gtok **out, size_t *bad);

/* What a shared variable is: its Go type decides how it is accessed. */
enum go_kind {
	GO_PLAIN,	/* int, int32, int64, uint32, uint64: racy plain accesses */
	GO_ATOMIC,	/* atomic.Int32 ...: sync/atomic methods, seq_cst */
	GO_MUTEX,	/* sync.Mutex */
	GO_WAITGROUP,	/* sync.WaitGroup */
	GO_CHAN,	/* chan int of a capacity */
};

struct go_type {
	const char *name;	/* as written in Go: "atomic.Int32" */
	enum go_kind kind;
	enum lt_type t;		/* the cell's litmus type */
	const char *value;	/* Go type of its value ("int32"), NULL: none */
};

/* The type spelled s[0, n) ("int32", "sync.Mutex"), or NULL. */
const struct go_type *go_type_find(const char *s, size_t n);

/*
 * A shared variable as a thread's params string records it: the init
 * block's declarations, "name type" or "name chan CAP", joined by ", "
 * (every goroutine sees every shared variable).
 */
struct go_var {
	char name[65];
	const struct go_type *type;
	int cap;		/* GO_CHAN: the capacity; GO_WAITGROUP: initial count */
	int loc;		/* index in test->locs */
};

/*
 * Split a params string into *out; returns the count (free *out).  The
 * shared variables end at a ';', after which the parser lists the
 * thread's locals, "name gotype" each (go_local_type reads them).
 */
int go_vars_split(const struct lt_test *t, const char *params,
		  struct go_var **out);

/* The Go type of local name of a thread (its params), or NULL. */
const char *go_local_type(const char *params, const char *name, char *buf, size_t len);

/* Whether s[0, n) may name a variable: an identifier, no keyword, no lt_. */
bool go_name_ok(const char *s, size_t n);

/*
 * The walk of thread th's body (sem-stmt.c).  With out == NULL it is the
 * parser's check: the locals it declares are added to the test's
 * registers.  Otherwise it lowers the body into *out for the model.
 * Returns 0, or -1 with err set at the offending token.
 */
int go_walk(struct lt_test *t, int th, struct lt_sem_thread *out,
	    struct lt_error *err);

/*
 * The lines around the Go program in the generated C kernel, where
 * arch/go/lt-gocc finds it.
 */
#define LT_GO_SOURCE_BEGIN "LT-GO-SOURCE-BEGIN"
#define LT_GO_SOURCE_END "LT-GO-SOURCE-END"

/*
 * The pieces of a thread's Go that the kernel (gen.c) and fences
 * (fences.c) share: its body with the shared variables as the cells they
 * point to (v: the shared variables, go_vars_split), its locals' names
 * (*names allocated) and a local's Go type ("int" when not stated).
 */
int go_gen_body(const struct lt_test *t, int th, const struct go_var *v, int nv,
		struct lt_buf *out, struct lt_error *err);
int go_gen_locals(const struct lt_thread *thr, char (**names)[65]);
const char *go_gen_local_type(const struct lt_thread *thr, const char *name, char *buf, size_t len);

/* litmus-run fences for Go tests (fences.c). */
extern const struct fx_lang go_fx_lang;

int go_parse_threads(struct lt_psr *p);
int go_lower_thread(const struct lt_test *t, int th, struct lt_sem_thread *out,
		    struct lt_error *err);
int go_emit_thread(const struct lt_test *t, int th, const int *slot,
		   int nslots, struct lt_buf *out, struct lt_error *err);

#endif /* LT_GO_LANG_H */
