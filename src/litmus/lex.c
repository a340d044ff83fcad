/* SPDX-License-Identifier: MIT */
/*
 * The .litmus parser's first layer: positions and messages, the source
 * prepared (line table, NUL bytes, OCaml comments blanked), tokens, and
 * the values and variables that the init block, "locations" and the
 * conditions share.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/arch-ops.h"
#include "litmus/psr.h"

/* ------------------------------------------------------------------ */
/* Positions, messages                                                */
/* ------------------------------------------------------------------ */

struct lt_pos psr_pos(const struct lt_psr *p, size_t off)
{
	int lo = 0, hi = p->nlines - 1;

	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;

		if (p->lines[mid] <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	return (struct lt_pos){ lo + 1, (int)(off - p->lines[lo]) + 1 };
}

int psr_err(struct lt_psr *p, size_t off, const char *fmt, ...)
{
	char msg[sizeof(p->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lt_error_set(p->err, p->file, psr_pos(p, off), "%s", msg);
	return LT_EPARSE;
}

size_t psr_skip_spaces(const struct lt_psr *p, size_t off)
{
	while (off < p->n && is_space(p->s[off]))
		off++;
	return off;
}

size_t psr_eof_off(const struct lt_psr *p)
{
	size_t off = p->n;

	while (off > 0 && is_space(p->s[off - 1]))
		off--;
	return off;
}

size_t psr_line_end(const struct lt_psr *p, size_t off)
{
	while (off < p->n && p->s[off] != '\n')
		off++;
	return off;
}

size_t psr_trim_end(const char *s, size_t start, size_t end)
{
	while (end > start && is_blank(s[end - 1]))
		end--;
	return end;
}

bool psr_word_at(const struct lt_psr *p, size_t off, const char *w)
{
	size_t n = strlen(w);

	return off + n <= p->n && memcmp(p->s + off, w, n) == 0 &&
	       (off + n == p->n || !lt_is_ident(p->s[off + n]));
}

/* ------------------------------------------------------------------ */
/* Source preparation: NUL bytes, line table, comments                */
/* ------------------------------------------------------------------ */

static void result_comment(struct lt_psr *p, const char *s, size_t start,
			   size_t end)
{
	static const struct {
		const char *word;
		enum lt_expect e;
	} words[] = {
		{ "Never", LT_EXPECT_FORBIDDEN },
		{ "Sometimes", LT_EXPECT_ALLOWED },
		{ "Always", LT_EXPECT_REQUIRED },
	};
	size_t i, k, n;

	/* The Linux-kernel convention: "(* Result: Never *)". */
	for (i = start; i + 7 <= end; i++) {
		if (memcmp(s + i, "Result:", 7) != 0)
			continue;
		i += 7;
		while (i < end && is_space(s[i]))
			i++;
		for (k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
			n = strlen(words[k].word);
			if (i + n <= end && memcmp(s + i, words[k].word, n) == 0 &&
			    (i + n == end || !isalpha((unsigned char)s[i + n]))) {
				if (p->t->expect == LT_EXPECT_NONE)
					p->t->expect = words[k].e;
				return;
			}
		}
	}
}

/*
 * Does herd read the "(*" at src[at], which opens no comment that closes,
 * as text?  It does in the prologue (before the first '{') when more text
 * follows on its line: herd's splitter takes the longest match there, a
 * line of text, and opens a comment only at a "(*" that ends its line.
 */
static bool prologue_text(const char *src, size_t len, size_t at)
{
	const char *brace = memchr(src, '{', len);
	size_t i;

	if (!brace || at >= (size_t)(brace - src))
		return false;
	for (i = at + 2; i < len && src[i] != '\n'; i++)
		if (!is_space(src[i]))
			return true;
	return false;
}

int psr_prepare(struct lt_psr *p, const char *src, size_t len)
{
	const char *nul = memchr(src, '\0', len);
	size_t i, start = 0, end;
	char word[33];
	size_t (*code_end)(const char *, size_t, size_t) = NULL;
	int depth = 0, cap = 64;

	p->n = len;
	p->s = lt_xstrndup(src, len);
	p->lines = lt_xmalloc((size_t)cap * sizeof(*p->lines));
	p->lines[p->nlines++] = 0;
	for (i = 0; i < len; i++) {
		if (src[i] != '\n')
			continue;
		if (p->nlines == cap) {
			cap *= 2;
			p->lines = lt_xrealloc(p->lines, (size_t)cap * sizeof(*p->lines));
		}
		p->lines[p->nlines++] = i + 1;
	}
	if (nul)
		return psr_err(p, (size_t)(nul - src), "NUL byte in input");

	/*
	 * OCaml comments, nested, blanked to spaces so that positions stay
	 * right and no later stage has to know about them.  In a test written
	 * in a language (the header's first word: "C"), the threads' code is
	 * that language's ("WRITE_ONCE(*x, 1)"): its code_end hook steps over
	 * it, and its parse_threads hook reads the language's own comments.
	 */
	end = len;
	for (i = 0; i < len && is_space(src[i]); i++)
		;
	for (start = i; i < len && !is_space(src[i]); i++)
		;
	if (i < len && is_blank(src[i]) && i - start < sizeof(word)) {
		const struct lt_arch_ops *a;

		memcpy(word, src + start, i - start);
		word[i - start] = '\0';
		a = lt_arch_by_herd_name(word);
		code_end = a ? a->code_end : NULL;
	}
	start = 0;
	i = 0;
again:
	for (; i < end; i++) {
		if (code_end && !depth && (i == 0 || is_space(src[i - 1])) &&
		    src[i] == 'P') {
			i = code_end(src, i, len) - 1;
			continue;
		}
		if (i + 1 < end && src[i] == '(' && src[i + 1] == '*') {
			if (depth++ == 0)
				start = i;
			p->s[i] = p->s[i + 1] = ' ';
			i++;
		} else if (depth && i + 1 < end && src[i] == '*' && src[i + 1] == ')') {
			p->s[i] = p->s[i + 1] = ' ';
			i++;
			/* Look at the original text, not the blanks. */
			if (--depth == 0)
				result_comment(p, src, start, i + 1);
		} else if (depth) {
			/*
			 * A newline too: herd's table is a token stream, so a
			 * comment may run over the line of a row ("(* R z=0 /\\
			 * ... *) ;").  Positions come from the line table of
			 * the original text.
			 */
			p->s[i] = ' ';
		}
	}
	if (depth && prologue_text(src, len, start)) {
		/* Undo the blanking from there on; rescan from the next line. */
		memcpy(p->s + start, src + start, len - start);
		for (i = start; i < len && src[i] != '\n'; i++)
			;
		depth = 0;
		goto again;
	}
	if (depth)
		return psr_err(p, start, "unterminated comment");
	return 0;
}

/* ------------------------------------------------------------------ */
/* Tokens                                                             */
/* ------------------------------------------------------------------ */

int psr_lex_at(struct lt_psr *p, size_t off, struct tok *t)
{
	const char *s = p->s;
	char q[48];

	off = psr_skip_spaces(p, off);
	memset(t, 0, sizeof(*t));
	t->off = off;
	if (off >= p->n) {
		t->k = TK_EOF;
		t->off = psr_eof_off(p);
		return 0;
	}
	if (lt_is_ident_start(s[off])) {
		size_t e = off;

		while (e < p->n && lt_is_ident(s[e]))
			e++;
		if (e - off > MAX_NAME)
			return psr_err(p, off, "identifier too long (over %d characters)",
				       MAX_NAME);
		t->k = TK_ID;
		t->len = e - off;
		return 0;
	}
	if (isdigit((unsigned char)s[off])) {
		size_t e = off, w = off;
		uint64_t v = 0;
		unsigned base = 10;

		if (off + 1 < p->n && s[off] == '0' &&
		    (s[off + 1] == 'x' || s[off + 1] == 'X')) {
			base = 16;
			e += 2;
		}
		while (w < p->n && lt_is_ident(s[w]))
			w++;
		switch (lt_digits(s, &e, w, base, &v)) {
		case LT_DIGITS_BAD:
			return psr_err(p, off, "invalid number '%s'",
				       lt_quote(s + off, e + 1 - off, q, sizeof(q)));
		case LT_DIGITS_RANGE:
			return psr_err(p, off, "integer out of range");
		}
		if (base == 16 && e == off + 2)
			return psr_err(p, off, "invalid number '0x'");
		t->k = TK_NUM;
		t->len = e - off;
		t->u = v;
		return 0;
	}
	t->k = TK_P;
	t->len = 2;
	if (off + 1 < p->n) {
		char a = s[off], b = s[off + 1];

		if (a == '/' && b == '\\')
			t->p = P_AND;
		else if (a == '\\' && b == '/')
			t->p = P_OR;
		else if (a == '=' && b == '>')
			t->p = P_IMP;
		else if (a == '!' && b == '=')
			t->p = P_NE;
		if (t->p)
			return 0;
	}
	t->len = 1;
	if (!strchr(";:=[](){}*&~,|-", s[off]))
		return psr_err(p, off, "unexpected character '%s'",
			       lt_quote(s + off, 1, q, sizeof(q)));
	t->p = s[off];
	return 0;
}

int psr_advance(struct lt_psr *p)
{
	p->last_end = p->tok.off + p->tok.len;
	if (psr_lex_at(p, p->tok.off + p->tok.len, &p->tok) < 0)
		return LT_EPARSE;
	return 0;
}

int psr_tok_start(struct lt_psr *p, size_t off)
{
	if (psr_lex_at(p, off, &p->tok) < 0)
		return LT_EPARSE;
	return 0;
}


bool psr_is_word(const struct lt_psr *p, const struct tok *t, const char *w)
{
	return t->k == TK_ID && t->len == strlen(w) &&
	       memcmp(p->s + t->off, w, t->len) == 0;
}

const char *psr_tok_text(const struct lt_psr *p, const struct tok *t,
			    char *buf, size_t len)
{
	if (t->k == TK_EOF)
		return "end of file";
	return lt_quote(p->s + t->off, t->len, buf, len);
}

/* "expected WHAT, found 'TOKEN'" at the token; LT_EPARSE. */
static int expected(struct lt_psr *p, const char *what)
{
	char q[48];

	return psr_err(p, p->tok.off, "expected %s, found '%s'", what,
		       psr_tok_text(p, &p->tok, q, sizeof(q)));
}

int psr_expect_p(struct lt_psr *p, int c, const char *what)
{
	if (!is_p(&p->tok, c))
		return expected(p, what);
	return psr_advance(p);
}

/* An optional punctuator c: 1 when it was there (and is passed), else 0; LT_EPARSE. */
static int accept_p(struct lt_psr *p, int c)
{
	if (!is_p(&p->tok, c))
		return 0;
	return psr_advance(p) < 0 ? LT_EPARSE : 1;
}

/* ------------------------------------------------------------------ */
/* Values and variables (init block, locations, conditions)          */
/* ------------------------------------------------------------------ */

int psr_check_locs(struct lt_psr *p, size_t off)
{
	if (p->t->nlocs > MAX_LOCS)
		return psr_err(p, off, "too many locations (over %d)", MAX_LOCS);
	return 0;
}

/*
 * The location the identifier token names: found, or with `add` (the init
 * block) created; else "WHERE names unknown location".  Its index, or
 * LT_EPARSE after a message.
 */
static int token_loc(struct lt_psr *p, bool add, const char *where)
{
	char name[MAX_NAME + 1];
	int loc;

	memcpy(name, p->s + p->tok.off, p->tok.len);
	name[p->tok.len] = '\0';
	loc = lt_test_find_loc(p->t, name);
	if (loc >= 0)
		return loc;
	if (!add)
		return psr_err(p, p->tok.off, "%s names unknown location '%s'", where, name);
	loc = lt_test_add_loc(p->t, name);
	if (psr_check_locs(p, p->tok.off) < 0)
		return LT_EPARSE;
	return loc;
}

/*
 * A value: an integer (decimal or hex, optional '-') or a location's
 * address ("x" or "&x").  With `add`, an unknown location is created (init
 * block); otherwise it is an error (conditions).
 */
int psr_value(struct lt_psr *p, struct lt_value *v, bool add,
		       const char *where)
{
	size_t off = p->tok.off;
	int neg;

	memset(v, 0, sizeof(*v));
	if (is_p(&p->tok, '&')) {
		if (psr_advance(p) < 0)
			return LT_EPARSE;
		if (p->tok.k != TK_ID)
			return psr_err(p, p->tok.off, "expected a location after '&'");
	}
	if (p->tok.k == TK_ID) {
		v->is_sym = true;
		if ((v->loc = token_loc(p, add, where)) < 0)
			return LT_EPARSE;
		return psr_advance(p);
	}
	if ((neg = accept_p(p, '-')) < 0)
		return LT_EPARSE;
	if (p->tok.k != TK_NUM)
		return expected(p, "a value");
	if (neg) {
		if (p->tok.u > (uint64_t)INT64_MAX + 1)
			return psr_err(p, off, "integer out of range");
		v->i = (int64_t)(0 - p->tok.u);
	} else {
		/* Above INT64_MAX: the two's complement bit pattern. */
		v->i = (int64_t)p->tok.u;
	}
	return psr_advance(p);
}

/*
 * A variable: "N:reg" (a register of thread N), "[x]" or "x" (a location).
 * In the init block (`init`) registers and locations are created; elsewhere
 * they must exist.
 */
int psr_var(struct lt_psr *p, struct lt_var *v, bool init,
		     const char *where)
{
	const struct lt_arch_ops *arch = p->t->arch;
	char name[MAX_NAME + 1], canon[MAX_NAME + 1];
	size_t off = p->tok.off;
	unsigned width;
	int bracket;
	uint64_t th = 0;
	struct tok next;

	/*
	 * herd's lexer reads "P<n>" as a thread too: "P0:r5=x" is "0:r5=x"
	 * (old tests write it so), and no location can be called P<n>.
	 */
	if (p->tok.k == TK_ID && p->tok.len > 1 && p->s[p->tok.off] == 'P' &&
	    psr_lex_at(p, p->tok.off + p->tok.len, &next) == 0 && is_p(&next, ':')) {
		size_t i;

		for (i = 1; i < p->tok.len && isdigit((unsigned char)p->s[p->tok.off + i]); i++)
			th = th > 999 ? th : th * 10 + (uint64_t)(p->s[p->tok.off + i] - '0');
		if (i == p->tok.len) {
			p->tok.k = TK_NUM;
			p->tok.u = th;
		}
	}
	if (p->tok.k == TK_NUM) {
		th = p->tok.u;
		if (psr_advance(p) < 0 || psr_expect_p(p, ':', "':' after a thread number") < 0)
			return LT_EPARSE;
		if (p->tok.k != TK_ID)
			return psr_err(p, p->tok.off, "expected a register after '%d:'",
				       (int)(th > 999 ? 999 : th));
		memcpy(name, p->s + p->tok.off, p->tok.len);
		name[p->tok.len] = '\0';
		if (arch->reg_canon(name, canon, sizeof(canon), &width) < 0)
			return psr_err(p, p->tok.off,
				       "'%s' is not a usable %s register", name,
				       p->t->arch_name);
		if (th >= MAX_THREADS || (!init && th >= (uint64_t)p->t->nthreads))
			return psr_err(p, off, "%s names %llu:%s, but the test has no thread %llu",
				       where, (unsigned long long)th, canon,
				       (unsigned long long)th);
		v->is_loc = false;
		v->idx = lt_test_find_reg(p->t, (int)th, canon);
		if (v->idx < 0) {
			if (!init && arch->reg_home)
				return psr_err(p, off, "%s names %d:%s, which is not %s P%d",
					       where, (int)th, canon, arch->reg_home, (int)th);
			/*
			 * A register the thread neither uses nor initialises
			 * holds 0 throughout, as herd takes it (and prints
			 * it in its states): the kernel zeroes it too.
			 */
			v->idx = lt_test_add_reg(p->t, (int)th, canon);
		}
		return psr_advance(p);
	}
	if ((bracket = accept_p(p, '[')) < 0)
		return LT_EPARSE;
	if (p->tok.k != TK_ID)
		return expected(p, "a location or a register");
	v->is_loc = true;
	if ((v->idx = token_loc(p, init, where)) < 0)
		return LT_EPARSE;
	if (psr_advance(p) < 0)
		return LT_EPARSE;
	if (bracket)
		return psr_expect_p(p, ']', "']'");
	return 0;
}
