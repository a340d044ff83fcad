/* SPDX-License-Identifier: MIT */
/*
 * Lexing helpers shared by every arch's instruction parser (arch/<isa>/isa.c):
 * positioned errors within a table cell, blanks, identifiers and integers.
 */
#ifndef LT_CELL_LEX_H
#define LT_CELL_LEX_H

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "litmus/arch-ops.h"

/* Set ctx->err at byte off of the cell's text; always returns -1. */
int lt_cell_vfail(const struct lt_parse_ctx *ctx, size_t off, const char *fmt,
		  va_list ap)
	__attribute__((format(printf, 3, 0)));

int lt_cell_fail(const struct lt_parse_ctx *ctx, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Split the operands in s[i, n) at the commas (with nest: only those outside
 * () and [], which must balance) into off[k] = { start, end }, blanks
 * trimmed.  Returns their count, or -1 with ctx->err set: more than max,
 * an empty operand, unbalanced brackets.  mn is the mnemonic as written,
 * for the messages.
 */
int lt_cell_split(const struct lt_parse_ctx *ctx, const char *s, size_t i,
		  size_t n, const char *mn, bool nest, size_t off[][2], int max);

/*
 * Split the inside of a memory operand, s[start, end) ("Xn,#imm",
 * "%rax,%rbx,4"), at its commas into part[k] = { start, end }, blanks
 * trimmed: their count (1 to 3), or -1 with ctx->err set (more than three
 * parts, or an empty one).
 */
int lt_cell_split_mem(const struct lt_parse_ctx *ctx, const char *s, size_t start,
		      size_t end, size_t part[3][2]);

/*
 * What every ISA's instruction parser carries through its helpers: the cell,
 * the mnemonic as written (for messages) and the instruction being filled.
 * An arch that needs more declares its own struct with these fields first.
 */
#define LT_CELL_INSN_FIELDS						\
	struct lt_parse_ctx *ctx;					\
	const char *s;		/* the cell text */			\
	const char *mn;		/* mnemonic as written, for messages */	\
	struct lt_insn *insn;

struct lt_cell_insn {
	LT_CELL_INSN_FIELDS
};

/* An error at byte off of the cell of p (any struct with those fields). */
#define lt_insn_fail(p, ...) lt_cell_fail((p)->ctx, __VA_ARGS__)

/*
 * The mnemonic that opens an instruction cell: letters, digits and the
 * characters of `more` (".": PPC's "stwcx.", RISC-V's "fence.tso"), after
 * blanks.
 */
struct lt_cell_mn {
	size_t start, end;	/* where it stands in the cell */
	char low[16];		/* lower-cased for the arch's table; "" if longer */
	char text[48];		/* as written, quoted, for messages */
};

/*
 * Read the mnemonic at s[i, n) into *mn.  Returns 0, or -1 with ctx->err
 * set when the cell holds no mnemonic there.
 */
int lt_cell_mnemonic(const struct lt_parse_ctx *ctx, const char *s, size_t i,
		     size_t n, const char *more, struct lt_cell_mn *mn);

/*
 * The arch's table lookup of mn->low said `found`: -1 with ctx->err set
 * ("unknown <herd> instruction", or a mnemonic run into other text),
 * else 0.
 */
int lt_cell_mnemonic_known(const struct lt_parse_ctx *ctx, const char *s,
			   size_t n, const struct lt_cell_mn *mn, bool found);

/*
 * The entry of a table of `count` structs of `size` bytes whose string
 * member at name_off is `key`, or NULL; LT_NAME_FIND(table, key) for an
 * array whose member is called `name`.
 */
const void *lt_name_find(const void *table, size_t count, size_t size,
			 size_t name_off, const char *key);
#define LT_NAME_FIND(table, key)					\
	((const __typeof__((table)[0]) *)lt_name_find((table),		\
		sizeof(table) / sizeof((table)[0]), sizeof((table)[0]),	\
		offsetof(__typeof__((table)[0]), name), (key)))

/*
 * A memory operand "disp(base)" at s[start, end), spelled as `form` in
 * messages ("d(rA)"): *lp is the offset of its '('.  Returns 0, or -1 with
 * ctx->err set when it has no '(' or does not end with ')'.
 */
int lt_cell_paren(const struct lt_parse_ctx *ctx, const char *s, size_t start,
		  size_t end, const char *mn, const char *form, size_t *lp);

/* Register reg (-1: none) is used at least `width` bits wide. */
static inline void lt_test_widen_reg(struct lt_test *t, int reg, unsigned width)
{
	if (reg >= 0 && t->regs[reg].width < width)
		t->regs[reg].width = width;
}

/* lt_cell_int flags. */
#define LT_INT_HASH 1u	/* an optional leading '#' (AArch64 immediates) */
#define LT_INT_PLUS 2u	/* an explicit '+' sign */
#define LT_INT_WRAP 4u	/* keep values above INT64_MAX as their bit pattern */

/*
 * An integer in s[start, end): decimal or 0x hex, optional '-'.  Returns 0
 * with *out, or -1 with ctx->err set at start.
 */
int lt_cell_int(const struct lt_parse_ctx *ctx, const char *s, size_t start,
		size_t end, unsigned flags, int64_t *out);

/*
 * The digits of base (10 or 16) in s[*i, end) accumulated onto *v, the
 * one integer reader of the cell lexer and the .litmus lexer.  Returns 0
 * with *i = end, or LT_DIGITS_BAD (a character that is not a digit) or
 * LT_DIGITS_RANGE (over 64 bits) with *i at the offending character.
 */
#define LT_DIGITS_BAD	(-1)
#define LT_DIGITS_RANGE	(-2)
int lt_digits(const char *s, size_t *i, size_t end, unsigned base, uint64_t *v);

static inline bool lt_is_ident_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static inline bool lt_is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* A number's first character: a digit, or '-' before something. */
static inline bool lt_looks_numeric(const char *s, size_t start, size_t end)
{
	return start < end && (isdigit((unsigned char)s[start]) ||
			       (s[start] == '-' && start + 1 < end));
}

static inline size_t lt_skip_space(const char *s, size_t i, size_t end)
{
	while (i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	return i;
}

static inline size_t lt_trim_end(const char *s, size_t start, size_t end)
{
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t' ||
			       s[end - 1] == '\r'))
		end--;
	return end;
}

#endif /* LT_CELL_LEX_H */
