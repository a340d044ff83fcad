/* SPDX-License-Identifier: MIT */
/*
 * The .litmus parser's state and toolkit, shared by its parts (lex.c:
 * source and tokens, values and variables; parse.c: header, init block,
 * thread table, entry points; cond.c: conditions and observables) and by
 * the languages whose threads are code (arch/c/parse.c and those to come),
 * which parse their part of a test with the same tokens and messages.
 * Not a public interface: the rest of the program sees src/litmus/parse.h.
 */
#ifndef LT_PSR_H
#define LT_PSR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "litmus/cell-lex.h"
#include "litmus/ir.h"
#include "litmus/parse.h"

/*
 * Limits keep every input, however hostile, bounded in time, memory and
 * stack; real tests are far below them.
 */
#define MAX_FILE	(16u << 20)
#define MAX_NAME	64	/* identifiers: locations, registers, labels */
#define MAX_TEST_NAME	256
#define MAX_DEPTH	256	/* condition nesting */
#define MAX_THREADS	64
#define MAX_LOCS	1024
#define MAX_INSNS	4096	/* per thread */

enum tk { TK_EOF, TK_ID, TK_NUM, TK_P };

/* Two-character punctuation; single characters are their own code. */
enum {
	P_AND = 256,	/* /\ */
	P_OR,		/* \/ */
	P_IMP,		/* => */
	P_NE,		/* != */
};

struct tok {
	enum tk k;
	int p;			/* TK_P: the character or P_* code */
	size_t off, len;
	uint64_t u;		/* TK_NUM */
};

/* A variable written in the init block: for duplicates and late checks. */
struct seen {
	struct lt_var v;
	struct lt_pos pos;
};

struct lt_psr {
	const char *file;
	char *s;		/* the source, comments blanked to spaces */
	size_t n;
	size_t *lines;		/* offset of each line's first byte */
	int nlines;
	size_t off;		/* lexer cursor */
	struct tok tok;		/* current token (conditions) */
	size_t last_end;	/* end of the last token consumed */
	int depth;
	struct lt_test *t;
	struct lt_error *err;
	struct seen *seen;
	int nseen;
};

static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static inline bool is_space(char c)
{
	return is_blank(c) || c == '\n';
}

static inline bool is_p(const struct tok *t, int c)
{
	return t->k == TK_P && t->p == c;
}

/* ---- lex.c: positions, messages, source, tokens ---- */

struct lt_pos psr_pos(const struct lt_psr *p, size_t off);
/* Set p->err at byte off; returns LT_EPARSE. */
int psr_err(struct lt_psr *p, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
size_t psr_skip_spaces(const struct lt_psr *p, size_t off);
/* Where "end of file" is reported: just after the last visible character. */
size_t psr_eof_off(const struct lt_psr *p);
size_t psr_line_end(const struct lt_psr *p, size_t off);
size_t psr_trim_end(const char *s, size_t start, size_t end);
/* Does the word at off equal w (and end there)? */
bool psr_word_at(const struct lt_psr *p, size_t off, const char *w);

/*
 * Copy src into p->s with the line table built and OCaml comments blanked
 * (a language's thread code is stepped over: arch-ops.h, code_end).
 */
int psr_prepare(struct lt_psr *p, const char *src, size_t len);

/* The token at off into *t; LT_EPARSE on a bad character or number. */
int psr_lex_at(struct lt_psr *p, size_t off, struct tok *t);
/* Make the next token current. */
int psr_advance(struct lt_psr *p);
/* Start the token stream at off. */
int psr_tok_start(struct lt_psr *p, size_t off);
bool psr_is_word(const struct lt_psr *p, const struct tok *t, const char *w);
const char *psr_tok_text(const struct lt_psr *p, const struct tok *t,
			 char *buf, size_t len);
/* Consume the punctuation c, or fail with "expected WHAT". */
int psr_expect_p(struct lt_psr *p, int c, const char *what);

/* ---- lex.c: values and variables (init block, locations, conditions) ---- */

int psr_check_locs(struct lt_psr *p, size_t off);
/*
 * A value: an integer or a location's address ("x", "&x").  With `add` an
 * unknown location is created (init block); otherwise it is an error.
 */
int psr_value(struct lt_psr *p, struct lt_value *v, bool add,
	      const char *where);
/*
 * A variable: "N:reg", "[x]" or "x".  In the init block (`init`)
 * registers and locations are created; elsewhere they must exist.
 */
int psr_var(struct lt_psr *p, struct lt_var *v, bool init, const char *where);

/* ---- parse.c ---- */

/* Does the text at off start the part after the threads? */
bool psr_table_over(const struct lt_psr *p, size_t off);
/*
 * The init block "{ item; item; ... }" opening at p->off, each item read
 * by `item` from the current token; p->off ends after the '}'.
 */
int psr_init_block(struct lt_psr *p, int (*item)(struct lt_psr *p));
/* N if s[0, len) is a thread name "PN" (0 <= N <= 99, no leading 0), or -1. */
long psr_thread_id(const char *s, size_t len);
/*
 * The name that opens the next thread of a language whose threads are
 * functions ("P0(...) { ... }": form is what follows the name, for the
 * message): its number, which must be the next one, with *end just past the
 * name; -1 with the error set otherwise.
 */
long psr_thread_name(struct lt_psr *p, const char *form, size_t *end);
/*
 * The offset of the bracket closing the one at off (open), or p->n; string
 * and character literals opened by a character of quotes are skipped.
 */
size_t psr_match(const struct lt_psr *p, size_t off, char open, char close,
		 const char *quotes);

/* ---- cond.c ---- */

/* locations, filter and the final condition, from p->off to the end. */
int psr_tail(struct lt_psr *p);
/*
 * t->observed: what the condition and locations name (shown), then what
 * only the filter names (recorded), each in herd's order (ir.h).
 */
void psr_observed(struct lt_test *t);

#endif /* LT_PSR_H */
