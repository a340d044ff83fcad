/* SPDX-License-Identifier: MIT */
/*
 * The herd .litmus parser: header, metadata, init block, thread table (cells
 * handed to the arch module), locations, filter and final condition.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/arch-ops.h"
#include "litmus/ctest.h"
#include "litmus/parse.h"
#include "util/buf.h"

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

struct psr {
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

/* ------------------------------------------------------------------ */
/* Positions, messages                                                */
/* ------------------------------------------------------------------ */

static struct lt_pos pos_of(const struct psr *p, size_t off)
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

static int perr(struct psr *p, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int perr(struct psr *p, size_t off, const char *fmt, ...)
{
	char msg[sizeof(p->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lt_error_set(p->err, p->file, pos_of(p, off), "%s", msg);
	return LT_EPARSE;
}


static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_space(char c)
{
	return is_blank(c) || c == '\n';
}

static bool is_ident_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static bool is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static size_t skip_spaces(const struct psr *p, size_t off)
{
	while (off < p->n && is_space(p->s[off]))
		off++;
	return off;
}

/* Where "end of file" is reported: just after the last visible character. */
static size_t eof_off(const struct psr *p)
{
	size_t off = p->n;

	while (off > 0 && is_space(p->s[off - 1]))
		off--;
	return off;
}

static size_t line_end(const struct psr *p, size_t off)
{
	while (off < p->n && p->s[off] != '\n')
		off++;
	return off;
}

static size_t trim_end(const char *s, size_t start, size_t end)
{
	while (end > start && is_blank(s[end - 1]))
		end--;
	return end;
}

/* Does the word at off equal w (and end there)? */
static bool word_at(const struct psr *p, size_t off, const char *w)
{
	size_t n = strlen(w);

	return off + n <= p->n && memcmp(p->s + off, w, n) == 0 &&
	       (off + n == p->n || !is_ident(p->s[off + n]));
}

/* ------------------------------------------------------------------ */
/* Source preparation: NUL bytes, line table, comments                */
/* ------------------------------------------------------------------ */

static void result_comment(struct psr *p, const char *s, size_t start,
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
 * In a C test, the end of the thread "PN(...) { ... }" starting at src[i]
 * (i + 1 when it is not one): braces matched, string and character
 * literals and C comments stepped over.
 */
static size_t c_code_end(const char *src, size_t i, size_t len)
{
	size_t k = i + 1;
	int depth = 0;
	bool body = false;

	while (k < len && isdigit((unsigned char)src[k]))
		k++;
	if (k == i + 1)
		return i + 1;
	while (k < len && is_space(src[k]))
		k++;
	if (k == len || src[k] != '(')
		return i + 1;
	for (; k < len; k++) {
		char c = src[k];

		if (c == '"' || c == '\'') {
			for (k++; k < len && src[k] != c && src[k] != '\n'; k++)
				if (src[k] == '\\')
					k++;
		} else if (c == '/' && k + 1 < len && src[k + 1] == '/') {
			while (k < len && src[k] != '\n')
				k++;
		} else if (c == '/' && k + 1 < len && src[k + 1] == '*') {
			for (k += 2; k + 1 < len && !(src[k] == '*' && src[k + 1] == '/'); k++)
				;
			k++;
		} else if (c == '(' || c == '{') {
			depth++;
			body |= c == '{';
		} else if (c == ')' || c == '}') {
			if (--depth == 0 && body)
				return k + 1;
		}
	}
	return len;
}

static int prepare(struct psr *p, const char *src, size_t len)
{
	const char *nul = memchr(src, '\0', len);
	size_t i, start = 0, end;
	int depth = 0, cap = 64;
	bool c_test;

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
		return perr(p, (size_t)(nul - src), "NUL byte in input");

	/*
	 * OCaml comments, nested, blanked to spaces so that positions stay
	 * right and no later stage has to know about them.  In a C test the
	 * threads' code is C ("WRITE_ONCE(*x, 1)"): c_code_end() steps over it,
	 * and parse_c blanks C comments there, as herd's C lexer reads them.
	 */
	end = len;
	for (i = 0; i < len && is_space(src[i]); i++)
		;
	c_test = i + 1 < len && src[i] == 'C' && is_blank(src[i + 1]);
	for (i = 0; i < end; i++) {
		if (c_test && !depth && (i == 0 || is_space(src[i - 1])) &&
		    src[i] == 'P') {
			i = c_code_end(src, i, len) - 1;
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
		} else if (depth && src[i] != '\n') {
			p->s[i] = ' ';
		}
	}
	if (depth)
		return perr(p, start, "unterminated comment");
	return 0;
}

/* ------------------------------------------------------------------ */
/* Tokens                                                             */
/* ------------------------------------------------------------------ */

static int lex_at(struct psr *p, size_t off, struct tok *t)
{
	const char *s = p->s;
	char q[48];

	off = skip_spaces(p, off);
	memset(t, 0, sizeof(*t));
	t->off = off;
	if (off >= p->n) {
		t->k = TK_EOF;
		t->off = eof_off(p);
		return 0;
	}
	if (is_ident_start(s[off])) {
		size_t e = off;

		while (e < p->n && is_ident(s[e]))
			e++;
		if (e - off > MAX_NAME)
			return perr(p, off, "identifier too long (over %d characters)",
				    MAX_NAME);
		t->k = TK_ID;
		t->len = e - off;
		return 0;
	}
	if (isdigit((unsigned char)s[off])) {
		size_t e = off;
		uint64_t v = 0, base = 10, d;

		if (off + 1 < p->n && s[off] == '0' &&
		    (s[off + 1] == 'x' || s[off + 1] == 'X')) {
			base = 16;
			e += 2;
		}
		for (; e < p->n && is_ident(s[e]); e++) {
			char c = (char)tolower((unsigned char)s[e]);

			if (c >= '0' && c <= '9')
				d = (uint64_t)(c - '0');
			else if (base == 16 && c >= 'a' && c <= 'f')
				d = (uint64_t)(c - 'a' + 10);
			else
				return perr(p, off, "invalid number '%s'",
					    lt_quote(s + off, e + 1 - off, q, sizeof(q)));
			if (v > (UINT64_MAX - d) / base)
				return perr(p, off, "integer out of range");
			v = v * base + d;
		}
		if (base == 16 && e == off + 2)
			return perr(p, off, "invalid number '0x'");
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
		return perr(p, off, "unexpected character '%s'",
			    lt_quote(s + off, 1, q, sizeof(q)));
	t->p = s[off];
	return 0;
}

/* Make the next token current. */
static int advance(struct psr *p)
{
	p->last_end = p->tok.off + p->tok.len;
	if (lex_at(p, p->tok.off + p->tok.len, &p->tok) < 0)
		return LT_EPARSE;
	return 0;
}

/* Start the token stream at off. */
static int tok_start(struct psr *p, size_t off)
{
	if (lex_at(p, off, &p->tok) < 0)
		return LT_EPARSE;
	return 0;
}

static bool is_p(const struct tok *t, int c)
{
	return t->k == TK_P && t->p == c;
}

static bool is_word(const struct psr *p, const struct tok *t, const char *w)
{
	return t->k == TK_ID && t->len == strlen(w) &&
	       memcmp(p->s + t->off, w, t->len) == 0;
}

static const char *tok_text(const struct psr *p, const struct tok *t,
			    char *buf, size_t len)
{
	if (t->k == TK_EOF)
		return "end of file";
	return lt_quote(p->s + t->off, t->len, buf, len);
}

static int expect_p(struct psr *p, int c, const char *what)
{
	char q[48];

	if (!is_p(&p->tok, c))
		return perr(p, p->tok.off, "expected %s, found '%s'", what,
			    tok_text(p, &p->tok, q, sizeof(q)));
	return advance(p);
}

/* ------------------------------------------------------------------ */
/* Header, doc string, metadata                                       */
/* ------------------------------------------------------------------ */

static int parse_header(struct psr *p)
{
	struct lt_test *t = p->t;
	size_t off = skip_spaces(p, 0), w, e, ns, ne, i;
	char q[48], word[33];

	if (off == p->n)
		return perr(p, off, "empty file: expected 'ARCH NAME'");
	e = line_end(p, off);
	for (w = off; w < e && !is_blank(p->s[w]); w++)
		;
	if (w - off < sizeof(word)) {
		memcpy(word, p->s + off, w - off);
		word[w - off] = '\0';
		t->arch = lt_arch_by_herd_name(word);
		if (!t->arch && lt_arch_herd_known(word))
			return perr(p, off,
				    "architecture '%s' is not supported yet", word);
	}
	if (!t->arch)
		return perr(p, off, "unknown architecture '%s'",
			    lt_quote(p->s + off, w - off, q, sizeof(q)));
	t->arch_name = lt_xstrndup(p->s + off, w - off);
	ns = w;
	while (ns < e && is_blank(p->s[ns]))
		ns++;
	ne = trim_end(p->s, ns, e);
	if (ns == ne)
		return perr(p, w, "missing test name after '%s'", t->arch_name);
	if (ne - ns > MAX_TEST_NAME)
		return perr(p, ns, "test name too long (over %d characters)",
			    MAX_TEST_NAME);
	for (i = ns; i < ne; i++)
		if ((unsigned char)p->s[i] < 0x20 || p->s[i] == 0x7f)
			return perr(p, i, "invalid character in test name");
	/*
	 * herd drops a ".litmus" the header repeats from the file name
	 * (Misc.clean_name), and herd logs and kinds.txt use the result.
	 */
	if (ne - ns > 7 && memcmp(p->s + ne - 7, ".litmus", 7) == 0)
		ne -= 7;
	t->name = lt_xstrndup(p->s + ns, ne - ns);
	p->off = e;
	return 0;
}

/* Everything between the header and '{': the doc string, Key=Value lines. */
static int parse_prologue(struct psr *p)
{
	struct lt_test *t = p->t;
	size_t off, e, eq, k, ke, vs, ve;
	char q[48];

	for (;;) {
		off = skip_spaces(p, p->off);
		if (off == p->n)
			return perr(p, eof_off(p),
				    "unexpected end of file: missing the init block '{'");
		if (p->s[off] == '{') {
			p->off = off;
			return 0;
		}
		if (p->s[off] == '"') {
			e = off + 1;
			while (e < p->n && p->s[e] != '"')
				e++;
			if (e == p->n)
				return perr(p, off, "unterminated doc string");
			if (t->doc)
				return perr(p, off, "a second doc string");
			t->doc = lt_xstrndup(p->s + off + 1, e - off - 1);
			p->off = e + 1;
			continue;
		}
		e = line_end(p, off);
		for (eq = off; eq < e && p->s[eq] != '='; eq++)
			;
		ke = trim_end(p->s, off, eq);
		for (k = off; k < ke; k++)
			if (!is_ident(p->s[k]) && p->s[k] != '-')
				break;
		if (eq == e || ke == off || k != ke)
			return perr(p, off,
				    "expected 'Key=Value', a doc string or '{', found '%s'",
				    lt_quote(p->s + off, trim_end(p->s, off, e) - off,
					  q, sizeof(q)));
		vs = eq + 1;
		while (vs < e && is_blank(p->s[vs]))
			vs++;
		ve = trim_end(p->s, vs, e);
		if (t->nmeta == 0 || (t->nmeta & (t->nmeta - 1)) == 0)
			t->meta = lt_xrealloc(t->meta, (size_t)(t->nmeta ? 2 * t->nmeta : 1) *
					      sizeof(*t->meta));
		t->meta[t->nmeta].key = lt_xstrndup(p->s + off, ke - off);
		t->meta[t->nmeta].value = lt_xstrndup(p->s + vs, ve - vs);
		t->nmeta++;
		p->off = e;
	}
}

/* ------------------------------------------------------------------ */
/* Values and variables (init block, locations, conditions)          */
/* ------------------------------------------------------------------ */

static int check_locs(struct psr *p, size_t off)
{
	if (p->t->nlocs > MAX_LOCS)
		return perr(p, off, "too many locations (over %d)", MAX_LOCS);
	return 0;
}

/*
 * A value: an integer (decimal or hex, optional '-') or a location's
 * address ("x" or "&x").  With `add`, an unknown location is created (init
 * block); otherwise it is an error (conditions).
 */
static int parse_value(struct psr *p, struct lt_value *v, bool add,
		       const char *where)
{
	char name[MAX_NAME + 1], q[48];
	bool neg = false;
	size_t off = p->tok.off;

	memset(v, 0, sizeof(*v));
	if (is_p(&p->tok, '&')) {
		if (advance(p) < 0)
			return LT_EPARSE;
		if (p->tok.k != TK_ID)
			return perr(p, p->tok.off, "expected a location after '&'");
	}
	if (p->tok.k == TK_ID) {
		memcpy(name, p->s + p->tok.off, p->tok.len);
		name[p->tok.len] = '\0';
		v->is_sym = true;
		v->loc = lt_test_find_loc(p->t, name);
		if (v->loc < 0) {
			if (!add)
				return perr(p, p->tok.off,
					    "%s names unknown location '%s'", where, name);
			v->loc = lt_test_add_loc(p->t, name);
			if (check_locs(p, p->tok.off) < 0)
				return LT_EPARSE;
		}
		return advance(p);
	}
	if (is_p(&p->tok, '-')) {
		neg = true;
		if (advance(p) < 0)
			return LT_EPARSE;
	}
	if (p->tok.k != TK_NUM)
		return perr(p, p->tok.off, "expected a value, found '%s'",
			    tok_text(p, &p->tok, q, sizeof(q)));
	if (neg) {
		if (p->tok.u > (uint64_t)INT64_MAX + 1)
			return perr(p, off, "integer out of range");
		v->i = (int64_t)(0 - p->tok.u);
	} else {
		/* Above INT64_MAX: the two's complement bit pattern. */
		v->i = (int64_t)p->tok.u;
	}
	return advance(p);
}

/*
 * A variable: "N:reg" (a register of thread N), "[x]" or "x" (a location).
 * In the init block (`init`) registers and locations are created; elsewhere
 * they must exist.
 */
static int parse_var(struct psr *p, struct lt_var *v, bool init,
		     const char *where)
{
	const struct lt_arch_ops *arch = p->t->arch;
	char name[MAX_NAME + 1], canon[MAX_NAME + 1], q[48];
	size_t off = p->tok.off;
	unsigned width;
	bool bracket = false;
	uint64_t th;

	if (p->tok.k == TK_NUM) {
		th = p->tok.u;
		if (advance(p) < 0 || expect_p(p, ':', "':' after a thread number") < 0)
			return LT_EPARSE;
		if (p->tok.k != TK_ID)
			return perr(p, p->tok.off, "expected a register after '%d:'",
				    (int)(th > 999 ? 999 : th));
		memcpy(name, p->s + p->tok.off, p->tok.len);
		name[p->tok.len] = '\0';
		if (arch->reg_canon(name, canon, sizeof(canon), &width) < 0)
			return perr(p, p->tok.off,
				    "'%s' is not a usable %s register", name,
				    p->t->arch_name);
		if (th >= MAX_THREADS || (!init && th >= (uint64_t)p->t->nthreads))
			return perr(p, off, "%s names %llu:%s, but the test has no thread %llu",
				    where, (unsigned long long)th, canon,
				    (unsigned long long)th);
		v->is_loc = false;
		v->idx = lt_test_find_reg(p->t, (int)th, canon);
		if (v->idx < 0) {
			if (!init && lt_arch_is_c(p->t->arch))
				return perr(p, off,
					    "%s names %d:%s, which is not a local variable declared at the top of P%d",
					    where, (int)th, canon, (int)th);
			if (!init)
				return perr(p, off,
					    "%s names %d:%s, which thread %d neither uses nor initialises",
					    where, (int)th, canon, (int)th);
			v->idx = lt_test_add_reg(p->t, (int)th, canon);
		}
		return advance(p);
	}
	if (is_p(&p->tok, '[')) {
		bracket = true;
		if (advance(p) < 0)
			return LT_EPARSE;
	}
	if (p->tok.k != TK_ID)
		return perr(p, p->tok.off, "expected a location or a register, found '%s'",
			    tok_text(p, &p->tok, q, sizeof(q)));
	memcpy(name, p->s + p->tok.off, p->tok.len);
	name[p->tok.len] = '\0';
	v->is_loc = true;
	v->idx = lt_test_find_loc(p->t, name);
	if (v->idx < 0) {
		if (!init)
			return perr(p, p->tok.off, "%s names unknown location '%s'",
				    where, name);
		v->idx = lt_test_add_loc(p->t, name);
		if (check_locs(p, p->tok.off) < 0)
			return LT_EPARSE;
	}
	if (advance(p) < 0)
		return LT_EPARSE;
	if (bracket)
		return expect_p(p, ']', "']'");
	return 0;
}

/* ------------------------------------------------------------------ */
/* Init block                                                         */
/* ------------------------------------------------------------------ */

static bool fits(int64_t v, enum lt_type t)
{
	unsigned bits = lt_type_size(t) * 8;

	if (bits == 64)
		return true;
	/* herd accepts both readings of a bit pattern: -1 and 0xff for a byte. */
	return v >= -((int64_t)1 << (bits - 1)) && v < ((int64_t)1 << bits);
}

static int parse_init_item(struct psr *p)
{
	struct lt_test *t = p->t;
	struct lt_buf type = LT_BUF_INIT;
	struct lt_var v;
	struct lt_value val;
	struct tok nt;
	enum lt_type ty = LT_T_INT;
	size_t item = p->tok.off, voff, toff = p->tok.off;
	bool ptr = false, has_type, has_val = false;
	char q[48];
	int i, rc = LT_EPARSE;

	/* Type words: identifiers followed by another identifier, '*' or N:. */
	while (p->tok.k == TK_ID) {
		if (lex_at(p, p->tok.off + p->tok.len, &nt) < 0)
			goto out;
		if (!(nt.k == TK_ID || nt.k == TK_NUM || (nt.k == TK_P && nt.p == '*')))
			break;
		if (type.len)
			lt_buf_putc(&type, ' ');
		lt_buf_putn(&type, p->s + p->tok.off, p->tok.len);
		if (advance(p) < 0)
			goto out;
	}
	while (is_p(&p->tok, '*')) {
		if (!type.len) {
			perr(p, p->tok.off, "expected a type before '*'");
			goto out;
		}
		ptr = true;
		if (advance(p) < 0)
			goto out;
	}
	has_type = type.len > 0;
	if (has_type && !ptr && lt_type_parse(type.s, &ty) < 0) {
		perr(p, toff, "unknown type '%s'", lt_quote(type.s, type.len, q, sizeof(q)));
		goto out;
	}
	if (ptr)
		ty = LT_T_PTR;

	voff = p->tok.off;
	if (parse_var(p, &v, true, "init") < 0)
		goto out;
	if (is_p(&p->tok, '[')) {
		perr(p, p->tok.off, "arrays are not supported");
		goto out;
	}
	for (i = 0; i < p->nseen; i++) {
		if (p->seen[i].v.is_loc == v.is_loc && p->seen[i].v.idx == v.idx) {
			char vn[MAX_NAME + 16];

			lt_var_name(t, v, vn, sizeof(vn));
			perr(p, voff, "%s is initialised twice", vn);
			goto out;
		}
	}
	if (is_p(&p->tok, '=')) {
		if (advance(p) < 0 || parse_value(p, &val, true, "init") < 0)
			goto out;
		has_val = true;
		if (val.is_sym && !has_type)
			ty = LT_T_PTR;
		if (val.is_sym && lt_type_size(ty) != 8) {
			perr(p, item, "an address needs a pointer or 64-bit type, not '%s'",
			     type.s ? type.s : "int");
			goto out;
		}
		if (!val.is_sym && has_type && !fits(val.i, ty)) {
			perr(p, item, "value out of range for type '%s'",
			     ptr ? "pointer" : type.s);
			goto out;
		}
	}
	if (!is_p(&p->tok, ';') && !is_p(&p->tok, '}')) {
		perr(p, p->tok.off, "expected ';' or '}' after an init item, found '%s'",
		     tok_text(p, &p->tok, q, sizeof(q)));
		goto out;
	}

	if (v.is_loc) {
		struct lt_loc *l = &t->locs[v.idx];

		if (has_type || (has_val && val.is_sym))
			l->type = ty;
		l->type_given = has_type;
		if (has_val)
			l->init = val;
	} else {
		struct lt_reg *r = &t->regs[v.idx];

		if (has_type || (has_val && val.is_sym))
			r->type = ty;
		if (has_val) {
			r->init = val;
			r->has_init = true;
		}
	}
	if (p->nseen == 0 || (p->nseen & (p->nseen - 1)) == 0)
		p->seen = lt_xrealloc(p->seen, (size_t)(p->nseen ? 2 * p->nseen : 1) *
				      sizeof(*p->seen));
	p->seen[p->nseen].v = v;
	p->seen[p->nseen].pos = pos_of(p, voff);
	p->nseen++;
	rc = 0;
out:
	lt_buf_free(&type);
	return rc;
}

static int parse_init(struct psr *p)
{
	size_t open = p->off;

	if (tok_start(p, open + 1) < 0)
		return LT_EPARSE;
	for (;;) {
		if (p->tok.k == TK_EOF)
			return perr(p, open, "unterminated init block: missing '}'");
		if (is_p(&p->tok, '}'))
			break;
		if (is_p(&p->tok, ';')) {
			if (advance(p) < 0)
				return LT_EPARSE;
			continue;
		}
		if (parse_init_item(p) < 0)
			return LT_EPARSE;
	}
	p->off = p->tok.off + 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Thread table                                                       */
/* ------------------------------------------------------------------ */

struct cell {
	size_t off, end;	/* trimmed text */
	size_t sep;		/* the '|' or ';' after it */
};

/*
 * One row: cells separated by '|', ending with ';' on the same line.  herd
 * reads the table as a token stream, but every test writes one row per
 * line, and a forgotten ';' is far better reported where it is missing.
 */
static int read_row(struct psr *p, struct cell **cells, int *ncells)
{
	size_t off = p->off, start;
	int n = 0;

	for (;;) {
		start = off;
		while (off < p->n && p->s[off] != '|' && p->s[off] != ';' &&
		       p->s[off] != '\n')
			off++;
		if (n == 0 || (n & (n - 1)) == 0)
			*cells = lt_xrealloc(*cells, (size_t)(n ? 2 * n : 1) *
					     sizeof(**cells));
		while (start < off && is_blank(p->s[start]))
			start++;
		(*cells)[n].off = start;
		(*cells)[n].end = trim_end(p->s, start, off);
		(*cells)[n].sep = off;
		*ncells = ++n;
		if (off == p->n || p->s[off] == '\n')
			return perr(p, trim_end(p->s, p->off, off),
				    "missing ';' at the end of the row");
		if (p->s[off] == ';') {
			p->off = off + 1;
			return 0;
		}
		off++;	/* '|' */
	}
}

/* Does the text at off start the part after the table? */
static bool table_over(const struct psr *p, size_t off)
{
	return off == p->n || p->s[off] == '~' || word_at(p, off, "exists") ||
	       word_at(p, off, "forall") || word_at(p, off, "locations") ||
	       word_at(p, off, "filter");
}

static int parse_threads_header(struct psr *p, struct cell **cells)
{
	struct lt_test *t = p->t;
	int n = 0, i, j;
	char q[48];

	p->off = skip_spaces(p, p->off);
	if (p->off == p->n)
		return perr(p, eof_off(p),
			    "unexpected end of file: missing the thread table");
	if (read_row(p, cells, &n) < 0)
		return LT_EPARSE;
	if (n > MAX_THREADS)
		return perr(p, (*cells)[MAX_THREADS].off, "too many threads (over %d)",
			    MAX_THREADS);
	for (i = 0; i < n; i++) {
		struct cell *c = &(*cells)[i];
		size_t len = c->end - c->off;
		const char *s = p->s + c->off;
		long id = -1;

		if (len >= 2 && len <= 3 && s[0] == 'P' && isdigit((unsigned char)s[1]) &&
		    (len == 2 || isdigit((unsigned char)s[2])) && !(s[1] == '0' && len == 3))
			id = strtol(s + 1, NULL, 10);
		if (id < 0)
			return perr(p, c->off, "expected thread name 'P%d' in the table header, found '%s'",
				    i, lt_quote(s, len, q, sizeof(q)));
		for (j = 0; j < i; j++)
			if (t->threads[j].id == id)
				return perr(p, c->off, "duplicate thread 'P%ld'", id);
		if (id != i)
			return perr(p, c->off,
				    "threads must be P0, P1, ... in order: expected 'P%d', found 'P%ld'",
				    i, id);
		t->threads = lt_xrealloc(t->threads, (size_t)(i + 1) * sizeof(*t->threads));
		memset(&t->threads[i], 0, sizeof(t->threads[i]));
		t->threads[i].id = i;
		t->nthreads = i + 1;
	}
	return 0;
}

static struct lt_insn *insn_add(struct lt_thread *th)
{
	struct lt_insn *in;
	int n = th->ninsns;

	if (n == 0 || (n & (n - 1)) == 0)
		th->insns = lt_xrealloc(th->insns, (size_t)(n ? 2 * n : 1) *
					sizeof(*th->insns));
	in = &th->insns[th->ninsns++];
	memset(in, 0, sizeof(*in));
	in->op = -1;
	for (n = 0; n < LT_MAX_OPERANDS; n++) {
		in->ops[n].reg = in->ops[n].loc = in->ops[n].index = -1;
		in->ops[n].scale = 1;
	}
	return in;
}

static bool label_defined(const struct lt_thread *th, const char *s, size_t n)
{
	int i;

	for (i = 0; i < th->ninsns; i++)
		if (th->insns[i].label && strlen(th->insns[i].label) == n &&
		    memcmp(th->insns[i].label, s, n) == 0)
			return true;
	return false;
}

static int parse_cell(struct psr *p, int tid, size_t off, size_t end)
{
	struct lt_thread *th = &p->t->threads[tid];
	struct lt_insn *in;
	char *label = NULL;
	size_t e, c;

	for (;;) {
		if (th->ninsns >= MAX_INSNS) {
			free(label);
			return perr(p, off, "too many instructions in P%d (over %d)",
				    tid, MAX_INSNS);
		}
		/* "LABEL:" (possibly several) before the instruction. */
		for (e = off; e < end && is_ident(p->s[e]); e++)
			;
		for (c = e; c < end && is_blank(p->s[c]); c++)
			;
		if (e == off || !is_ident_start(p->s[off]) || c == end ||
		    p->s[c] != ':')
			break;
		if (e - off > MAX_NAME) {
			free(label);
			return perr(p, off, "label too long (over %d characters)",
				    MAX_NAME);
		}
		if (label_defined(th, p->s + off, e - off) ||
		    (label && strlen(label) == e - off &&
		     memcmp(label, p->s + off, e - off) == 0)) {
			free(label);
			return perr(p, off, "duplicate label '%.*s' in P%d",
				    (int)(e - off), p->s + off, tid);
		}
		if (label) {
			in = insn_add(th);
			in->label = label;
			in->pos = pos_of(p, off);
		}
		label = lt_xstrndup(p->s + off, e - off);
		off = c + 1;
		while (off < end && is_blank(p->s[off]))
			off++;
	}
	if (!label && off == end)
		return 0;
	in = insn_add(th);
	in->label = label;
	in->pos = pos_of(p, off);
	if (off == end)
		return 0;
	in->text = lt_xstrndup(p->s + off, end - off);
	{
		struct lt_parse_ctx ctx = {
			.test = p->t, .thread = tid, .file = p->file,
			.pos = in->pos, .err = p->err,
		};

		if (p->t->arch->parse_insn(&ctx, in->text, in) < 0)
			return LT_EPARSE;
	}
	return check_locs(p, off);
}

static int parse_table(struct psr *p)
{
	struct cell *cells = NULL;
	int n, i, rc = LT_EPARSE;

	if (parse_threads_header(p, &cells) < 0)
		goto out;
	for (;;) {
		p->off = skip_spaces(p, p->off);
		if (table_over(p, p->off))
			break;
		n = 0;
		if (read_row(p, &cells, &n) < 0)
			goto out;
		if (n > p->t->nthreads) {
			perr(p, cells[p->t->nthreads - 1].sep,
			     "row has %d cells but the test has %d thread%s", n,
			     p->t->nthreads, p->t->nthreads == 1 ? "" : "s");
			goto out;
		}
		for (i = 0; i < n; i++)
			if (parse_cell(p, i, cells[i].off, cells[i].end) < 0)
				goto out;
	}
	rc = 0;
out:
	free(cells);
	return rc;
}

/* Every register written in the init block belongs to a real thread. */
static int check_init_threads(struct psr *p)
{
	int i;

	for (i = 0; i < p->nseen; i++) {
		const struct lt_var *v = &p->seen[i].v;
		const struct lt_reg *r;

		if (v->is_loc)
			continue;
		r = &p->t->regs[v->idx];
		if (r->thread >= p->t->nthreads) {
			lt_error_set(p->err, p->file, p->seen[i].pos,
				     "init names %d:%s, but the test has no thread %d",
				     r->thread, r->name, r->thread);
			return LT_EPARSE;
		}
	}
	return 0;
}

static int check_labels(struct psr *p)
{
	int i, j, k, l;

	for (i = 0; i < p->t->nthreads; i++) {
		const struct lt_thread *th = &p->t->threads[i];

		for (j = 0; j < th->ninsns; j++) {
			const struct lt_insn *in = &th->insns[j];

			for (k = 0; k < in->nops; k++) {
				if (in->ops[k].kind != LT_OP_LABEL)
					continue;
				for (l = 0; l < th->ninsns; l++)
					if (th->insns[l].label &&
					    strcmp(th->insns[l].label, in->ops[k].name) == 0)
						break;
				if (l == th->ninsns) {
					lt_error_set(p->err, p->file, in->pos,
						     "undefined label '%s' in P%d",
						     in->ops[k].name, th->id);
					return LT_EPARSE;
				}
			}
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Conditions                                                         */
/* ------------------------------------------------------------------ */

static void cond_del(struct lt_cond *c)
{
	while (c) {
		struct lt_cond *r = c->r;

		cond_del(c->l);
		free(c);
		c = r;
	}
}

static struct lt_cond *cond_new(enum lt_cop op, struct lt_pos pos)
{
	struct lt_cond *c = lt_xcalloc(1, sizeof(*c));

	c->op = op;
	c->pos = pos;
	return c;
}

static struct lt_cond *cond_impl(struct psr *p, const char *where);

static struct lt_cond *cond_unary(struct psr *p, const char *where)
{
	struct lt_pos pos = pos_of(p, p->tok.off);
	struct lt_cond *c = NULL;
	size_t open;
	char q[48];

	if (++p->depth > MAX_DEPTH) {
		perr(p, p->tok.off, "%s nested too deeply (over %d levels)", where,
		     MAX_DEPTH);
		goto out;
	}
	if (is_p(&p->tok, '~')) {
		if (advance(p) < 0)
			goto out;
		c = cond_new(LT_C_NOT, pos);
		c->l = cond_unary(p, where);
		if (!c->l) {
			cond_del(c);
			c = NULL;
		}
		goto out;
	}
	if (is_p(&p->tok, '(')) {
		open = p->tok.off;
		if (advance(p) < 0)
			goto out;
		c = cond_impl(p, where);
		if (!c)
			goto out;
		if (!is_p(&p->tok, ')')) {
			struct lt_pos o = pos_of(p, open);

			perr(p, p->tok.off,
			     "unbalanced parentheses: expected ')' to close the '(' at %d:%d, found '%s'",
			     o.line, o.col, tok_text(p, &p->tok, q, sizeof(q)));
			cond_del(c);
			c = NULL;
			goto out;
		}
		if (advance(p) < 0) {
			cond_del(c);
			c = NULL;
		}
		goto out;
	}
	if (is_word(p, &p->tok, "true") || is_word(p, &p->tok, "false")) {
		c = cond_new(is_word(p, &p->tok, "true") ? LT_C_TRUE : LT_C_FALSE, pos);
		if (advance(p) < 0) {
			cond_del(c);
			c = NULL;
		}
		goto out;
	}
	if (p->tok.k == TK_EOF || (p->tok.k == TK_P && !is_p(&p->tok, '['))) {
		perr(p, p->tok.off, "expected a %s term, found '%s'", where,
		     tok_text(p, &p->tok, q, sizeof(q)));
		goto out;
	}
	c = cond_new(LT_C_ATOM, pos);
	if (parse_var(p, &c->var, false, where) < 0)
		goto fail;
	if (is_p(&p->tok, P_NE)) {
		c->neq = true;
	} else if (!is_p(&p->tok, '=')) {
		perr(p, p->tok.off, "expected '=' or '!=' in the %s, found '%s'", where,
		     tok_text(p, &p->tok, q, sizeof(q)));
		goto fail;
	}
	if (advance(p) < 0 || parse_value(p, &c->val, false, where) < 0)
		goto fail;
	goto out;
fail:
	cond_del(c);
	c = NULL;
out:
	p->depth--;
	return c;
}

/*
 * A chain "a OP b OP c" built leaning right, OP(a, OP(b, c)): evaluation
 * and teardown then walk the chain iteratively instead of recursing.
 */
static struct lt_cond *cond_chain(struct psr *p, const char *where, int tokp,
				  enum lt_cop op,
				  struct lt_cond *(*sub)(struct psr *, const char *))
{
	struct lt_cond *res, **tail, *n;
	struct lt_pos pos;

	res = sub(p, where);
	if (!res)
		return NULL;
	tail = &res;
	while (is_p(&p->tok, tokp)) {
		pos = pos_of(p, p->tok.off);
		if (advance(p) < 0)
			goto fail;
		n = cond_new(op, pos);
		n->l = *tail;
		*tail = n;
		tail = &n->r;
		*tail = sub(p, where);
		if (!*tail)
			goto fail;
	}
	return res;
fail:
	cond_del(res);
	return NULL;
}

static struct lt_cond *cond_and(struct psr *p, const char *where)
{
	return cond_chain(p, where, P_AND, LT_C_AND, cond_unary);
}

static struct lt_cond *cond_or(struct psr *p, const char *where)
{
	return cond_chain(p, where, P_OR, LT_C_OR, cond_and);
}

/* "=>" is right-associative, so it is a right-leaning chain too. */
static struct lt_cond *cond_impl(struct psr *p, const char *where)
{
	return cond_chain(p, where, P_IMP, LT_C_IMPLIES, cond_or);
}

static char *collapse(const struct psr *p, size_t start, size_t end)
{
	struct lt_buf b = LT_BUF_INIT;
	size_t i;

	for (i = start; i < end; i++) {
		if (is_space(p->s[i])) {
			if (b.len && b.s[b.len - 1] != ' ')
				lt_buf_putc(&b, ' ');
		} else {
			lt_buf_putc(&b, p->s[i]);
		}
	}
	if (b.len && b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	return lt_buf_steal(&b);
}

static int parse_locations(struct psr *p)
{
	struct lt_test *t = p->t;
	struct lt_var v;

	if (advance(p) < 0 || expect_p(p, '[', "'[' after 'locations'") < 0)
		return LT_EPARSE;
	for (;;) {
		if (is_p(&p->tok, ']'))
			return advance(p);
		if (is_p(&p->tok, ';')) {
			if (advance(p) < 0)
				return LT_EPARSE;
			continue;
		}
		if (parse_var(p, &v, false, "locations") < 0)
			return LT_EPARSE;
		if (t->nextra >= MAX_LOCS + MAX_THREADS * 16)
			return perr(p, p->tok.off, "too many locations listed");
		if (t->nextra == 0 || (t->nextra & (t->nextra - 1)) == 0)
			t->extra = lt_xrealloc(t->extra, (size_t)(t->nextra ? 2 * t->nextra : 1) *
					       sizeof(*t->extra));
		t->extra[t->nextra++] = v;
		if (!is_p(&p->tok, ';') && !is_p(&p->tok, ']')) {
			char q[48];

			return perr(p, p->tok.off, "expected ';' or ']' in locations, found '%s'",
				    tok_text(p, &p->tok, q, sizeof(q)));
		}
	}
}

static int parse_tail(struct psr *p)
{
	struct lt_test *t = p->t;
	size_t start;
	char q[48];

	if (tok_start(p, p->off) < 0)
		return LT_EPARSE;
	for (;;) {
		if (p->tok.k == TK_EOF)
			return perr(p, p->tok.off,
				    "missing final condition (exists, ~exists or forall)");
		if (is_word(p, &p->tok, "locations")) {
			if (parse_locations(p) < 0)
				return LT_EPARSE;
			continue;
		}
		if (is_word(p, &p->tok, "filter")) {
			if (t->filter)
				return perr(p, p->tok.off, "a second filter");
			if (advance(p) < 0)
				return LT_EPARSE;
			t->filter = cond_impl(p, "filter");
			if (!t->filter)
				return LT_EPARSE;
			continue;
		}
		break;
	}

	start = p->tok.off;
	if (is_p(&p->tok, '~')) {
		if (advance(p) < 0)
			return LT_EPARSE;
		if (!is_word(p, &p->tok, "exists"))
			return perr(p, p->tok.off, "expected 'exists' after '~', found '%s'",
				    tok_text(p, &p->tok, q, sizeof(q)));
		t->quant = LT_Q_NOT_EXISTS;
	} else if (is_word(p, &p->tok, "exists")) {
		t->quant = LT_Q_EXISTS;
	} else if (is_word(p, &p->tok, "forall")) {
		t->quant = LT_Q_FORALL;
	} else {
		return perr(p, p->tok.off,
			    "expected 'exists', '~exists', 'forall', 'locations' or 'filter', found '%s'",
			    tok_text(p, &p->tok, q, sizeof(q)));
	}
	if (advance(p) < 0)
		return LT_EPARSE;
	t->cond = cond_impl(p, "condition");
	if (!t->cond)
		return LT_EPARSE;
	t->cond_text = collapse(p, start, p->last_end);
	/* herd's grammar (stateParser.mly, "final") allows one ';' after it. */
	if (is_p(&p->tok, ';') && advance(p) < 0)
		return LT_EPARSE;
	if (p->tok.k != TK_EOF)
		return perr(p, p->tok.off, "unexpected '%s' after the final condition",
			    tok_text(p, &p->tok, q, sizeof(q)));
	return 0;
}

/* ------------------------------------------------------------------ */
/* Observables                                                        */
/* ------------------------------------------------------------------ */

static void mark_cond(const struct lt_cond *c, bool *reg, bool *loc)
{
	for (; c; c = c->r) {
		if (c->op == LT_C_ATOM) {
			if (c->var.is_loc)
				loc[c->var.idx] = true;
			else
				reg[c->var.idx] = true;
		}
		mark_cond(c->l, reg, loc);
	}
}

struct obs_key {
	struct lt_var v;
	int thread;
	const char *name;
};

static int obs_cmp(const void *a, const void *b)
{
	const struct obs_key *x = a, *y = b;

	/* Registers first, by (thread, name); then locations by name. */
	if (x->v.is_loc != y->v.is_loc)
		return x->v.is_loc ? 1 : -1;
	if (x->thread != y->thread)
		return x->thread < y->thread ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void compute_observed(struct lt_test *t)
{
	bool *reg = lt_xcalloc((size_t)t->nregs, sizeof(bool));
	bool *loc = lt_xcalloc((size_t)t->nlocs, sizeof(bool));
	struct obs_key *keys;
	int i, n = 0;

	mark_cond(t->cond, reg, loc);
	mark_cond(t->filter, reg, loc);
	for (i = 0; i < t->nextra; i++) {
		if (t->extra[i].is_loc)
			loc[t->extra[i].idx] = true;
		else
			reg[t->extra[i].idx] = true;
	}
	keys = lt_xmalloc((size_t)(t->nregs + t->nlocs) * sizeof(*keys));
	for (i = 0; i < t->nregs; i++)
		if (reg[i])
			keys[n++] = (struct obs_key){ { false, i }, t->regs[i].thread,
						      t->regs[i].name };
	for (i = 0; i < t->nlocs; i++)
		if (loc[i])
			keys[n++] = (struct obs_key){ { true, i }, 0, t->locs[i].name };
	qsort(keys, (size_t)n, sizeof(*keys), obs_cmp);
	t->observed = lt_xmalloc((size_t)n * sizeof(*t->observed));
	for (i = 0; i < n; i++)
		t->observed[i] = keys[i].v;
	t->nobserved = n;
	free(keys);
	free(reg);
	free(loc);
}

/* ------------------------------------------------------------------ */
/* C tests (herd arch "C")                                            */
/* ------------------------------------------------------------------ */

/*
 * A C test's init block: "x = 0;", "*x = 0;", "int x = 0;", "atomic_int
 * y = 1;", "int *p = x;".  Registers cannot be initialised there: a C
 * thread's locals are its own code's business.
 */
static int c_init_item(struct psr *p)
{
	struct lt_buf type = LT_BUF_INIT;
	struct lt_value val;
	struct lt_loc *l;
	struct tok nt;
	enum lt_type ty = LT_T_INT;
	size_t item = p->tok.off, toff = p->tok.off;
	int stars = 0, idx, rc = LT_EPARSE;
	char name[MAX_NAME + 1], q[48];

	while (p->tok.k == TK_ID) {
		if (lex_at(p, p->tok.off + p->tok.len, &nt) < 0)
			goto out;
		if (!(nt.k == TK_ID || (nt.k == TK_P && nt.p == '*')))
			break;
		if (type.len)
			lt_buf_putc(&type, ' ');
		lt_buf_putn(&type, p->s + p->tok.off, p->tok.len);
		if (advance(p) < 0)
			goto out;
	}
	for (; is_p(&p->tok, '*'); stars++)
		if (advance(p) < 0)
			goto out;
	if (type.len && ctest_type_parse(type.s, &ty) < 0) {
		perr(p, toff, "unknown C type '%s'", lt_quote(type.s, type.len, q, sizeof(q)));
		goto out;
	}
	if (p->tok.k == TK_NUM) {
		perr(p, p->tok.off, "a C test cannot initialise a thread's local in the "
		     "init block; initialise it in the thread's code");
		goto out;
	}
	if (p->tok.k != TK_ID || !ctest_name_ok(p->s + p->tok.off, p->tok.len)) {
		perr(p, p->tok.off, "expected a location name (a C identifier, not "
		     "a keyword, not starting with lt_), found '%s'",
		     tok_text(p, &p->tok, q, sizeof(q)));
		goto out;
	}
	memcpy(name, p->s + p->tok.off, p->tok.len);
	name[p->tok.len] = '\0';
	idx = lt_test_find_loc(p->t, name);
	if (idx >= 0) {
		perr(p, p->tok.off, "%s is initialised twice", name);
		goto out;
	}
	idx = lt_test_add_loc(p->t, name);
	if (check_locs(p, p->tok.off) < 0 || advance(p) < 0)
		goto out;
	/* "int *p": a location holding an address; "*x": location x itself. */
	if (type.len && stars > 0)
		ty = LT_T_PTR;
	l = &p->t->locs[idx];
	l->type = ty;
	l->type_given = type.len > 0;
	if (is_p(&p->tok, '=')) {
		if (advance(p) < 0 || parse_value(p, &val, true, "init") < 0)
			goto out;
		l = &p->t->locs[idx];	/* parse_value may have grown the array */
		if (val.is_sym && !l->type_given)
			l->type = LT_T_PTR;
		if (val.is_sym && lt_type_size(l->type) != 8) {
			perr(p, item, "an address needs a pointer type");
			goto out;
		}
		if (!val.is_sym && !fits(val.i, l->type)) {
			perr(p, item, "value out of range for its type");
			goto out;
		}
		l->init = val;
	}
	if (!is_p(&p->tok, ';') && !is_p(&p->tok, '}')) {
		perr(p, p->tok.off, "expected ';' or '}' after an init item, found '%s'",
		     tok_text(p, &p->tok, q, sizeof(q)));
		goto out;
	}
	rc = 0;
out:
	lt_buf_free(&type);
	return rc;
}

static int c_init(struct psr *p)
{
	size_t open = p->off;

	if (tok_start(p, open + 1) < 0)
		return LT_EPARSE;
	for (;;) {
		if (p->tok.k == TK_EOF)
			return perr(p, open, "unterminated init block: missing '}'");
		if (is_p(&p->tok, '}'))
			break;
		if (is_p(&p->tok, ';')) {
			if (advance(p) < 0)
				return LT_EPARSE;
			continue;
		}
		if (c_init_item(p) < 0)
			return LT_EPARSE;
	}
	p->off = p->tok.off + 1;
	return 0;
}

/*
 * "int *x, atomic_int *y": each parameter is a shared location passed by
 * address.  Only identifiers and '*' may appear, so the list the generator
 * writes back is exactly what was validated here.
 */
static int c_params(struct psr *p, struct lt_thread *th, size_t open,
		    size_t close, bool *typed)
{
	struct lt_buf norm = LT_BUF_INIT, type = LT_BUF_INIT;
	size_t i = open + 1;
	int rc = LT_EPARSE;
	char q[48];

	while (i < close && is_space(p->s[i]))
		i++;
	if (i == close || (close - i >= 4 && word_at(p, i, "void") &&
			   skip_spaces(p, i + 4) == close))
		goto done;
	while (i <= close) {
		size_t start = i, name = 0, nlen = 0;
		int stars = 0;
		enum lt_type ty;
		int l;

		lt_buf_reset(&type);
		for (;;) {
			while (i < close && is_space(p->s[i]))
				i++;
			if (i == close || p->s[i] == ',')
				break;
			if (p->s[i] == '*') {
				/* The word before a '*' is a type word. */
				if (nlen) {
					if (type.len)
						lt_buf_putc(&type, ' ');
					lt_buf_putn(&type, p->s + name, nlen);
					nlen = 0;
				}
				stars++;
				i++;
				continue;
			}
			if (!is_ident_start(p->s[i])) {
				perr(p, i, "unexpected '%s' in P%d's parameter list",
				     lt_quote(p->s + i, 1, q, sizeof(q)), th->id);
				goto out;
			}
			if (nlen) {
				if (stars) {
					perr(p, i, "unexpected word after the parameter's name '%.*s'",
					     (int)nlen, p->s + name);
					goto out;
				}
				/* The previous word was a type word after all. */
				if (type.len)
					lt_buf_putc(&type, ' ');
				lt_buf_putn(&type, p->s + name, nlen);
			}
			name = i;
			while (i < close && is_ident(p->s[i]))
				i++;
			nlen = i - name;
		}
		if (!nlen || !type.len) {
			perr(p, start, "expected 'TYPE *name' in P%d's parameter list",
			     th->id);
			goto out;
		}
		if (!ctest_name_ok(p->s + name, nlen)) {
			perr(p, name, "'%s' cannot name a location (a C identifier, not a "
			     "keyword, not starting with lt_)",
			     lt_quote(p->s + name, nlen, q, sizeof(q)));
			goto out;
		}
		if (ctest_type_parse(type.s, &ty) < 0) {
			perr(p, start, "unsupported parameter type '%s'",
			     lt_quote(type.s, type.len, q, sizeof(q)));
			goto out;
		}
		if (stars < 1 || stars > 2) {
			perr(p, name, "parameter '%.*s' must be a pointer to a shared "
			     "location ('%s *%.*s')", (int)nlen, p->s + name, type.s,
			     (int)nlen, p->s + name);
			goto out;
		}
		if (stars == 2)
			ty = LT_T_PTR;
		{
			char nm[MAX_NAME + 1];

			memcpy(nm, p->s + name, nlen);
			nm[nlen] = '\0';
			l = lt_test_find_loc(p->t, nm);
			if (l < 0) {
				l = lt_test_add_loc(p->t, nm);
				if (check_locs(p, name) < 0)
					goto out;
			}
		}
		if (!p->t->locs[l].type_given && !typed[l]) {
			p->t->locs[l].type = ty;
			typed[l] = true;
		} else if (lt_type_size(p->t->locs[l].type) != lt_type_size(ty)) {
			perr(p, start, "P%d's '%s' has another size than %s's type elsewhere",
			     th->id, type.s, p->t->locs[l].name);
			goto out;
		}
		lt_buf_printf(&norm, "%s%s %.*s%.*s", norm.len ? ", " : "", type.s,
			      stars, "**", (int)nlen, p->s + name);
		i++;	/* ',' or the closing ')' */
	}
done:
	th->c_params = lt_xstrdup(norm.s ? norm.s : "");
	rc = 0;
out:
	lt_buf_free(&norm);
	lt_buf_free(&type);
	return rc;
}

struct ctok {
	char k;			/* 'i' identifier, '0' number, '"' literal, else the char */
	size_t off, len;
};

static bool c_type_word(const struct psr *p, const struct ctok *t)
{
	static const char *const words[] = { "volatile", "const", "_Atomic",
		"unsigned", "signed", "long", "short", "register" };
	enum lt_type ty;
	char w[MAX_NAME + 1];

	if (t->k != 'i' || t->len > MAX_NAME)
		return false;
	memcpy(w, p->s + t->off, t->len);
	w[t->len] = '\0';
	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (!strcmp(w, words[k]))
			return true;
	return ctest_type_parse(w, &ty) == 0;
}

/*
 * The thread's registers: the locals its body declares at the top level
 * ("int r0;", "int r1 = READ_ONCE(*x), r2;") with a known type.  Those are
 * the variables a condition may name, and the generator stores them after
 * the body.  The body is otherwise left to the compiler.
 */
static int c_locals(struct psr *p, struct lt_thread *th, size_t off, size_t end)
{
	struct ctok *tk = NULL;
	int n = 0, depth = 0, rc = LT_EPARSE;
	bool stmt = true;
	char q[48];

	for (size_t i = off; i < end;) {
		struct ctok t = { 0, i, 1 };

		if (is_space(p->s[i])) {
			i++;
			continue;
		}
		if (is_ident_start(p->s[i]) || isdigit((unsigned char)p->s[i])) {
			t.k = isdigit((unsigned char)p->s[i]) ? '0' : 'i';
			while (i < end && (is_ident(p->s[i]) || p->s[i] == '.'))
				i++;
			t.len = i - t.off;
		} else if (p->s[i] == '"' || p->s[i] == '\'') {
			t.k = '"';
			for (i++; i < end && p->s[i] != p->s[t.off] && p->s[i] != '\n'; i++)
				if (p->s[i] == '\\')
					i++;
			i++;
			t.len = i - t.off;
		} else {
			t.k = p->s[i++];
		}
		if (t.k == 'i' && t.len >= 3 && (!memcmp(p->s + t.off, "lt_", 3) ||
						 !memcmp(p->s + t.off, "LT_", 3))) {
			perr(p, t.off, "'%s': names starting with lt_ or LT_ are reserved "
			     "for the harness", lt_quote(p->s + t.off, t.len, q, sizeof(q)));
			goto out;
		}
		if (t.k == 'i' && t.len == 6 && !memcmp(p->s + t.off, "return", 6)) {
			perr(p, t.off, "'return' in P%d: a C thread runs to the end of its "
			     "body, where its locals are recorded", th->id);
			goto out;
		}
		tk = lt_xrealloc(tk, (size_t)(n + 1) * sizeof(*tk));
		tk[n++] = t;
	}

	for (int k = 0; k < n; k++) {
		int j = k;

		if (tk[k].k == '{' || tk[k].k == '(' || tk[k].k == '[')
			depth++;
		else if (tk[k].k == '}' || tk[k].k == ')' || tk[k].k == ']')
			depth--;
		if (depth != 0 || !stmt || !c_type_word(p, &tk[k])) {
			stmt = depth == 0 && (tk[k].k == ';' || tk[k].k == '{' ||
					      tk[k].k == '}');
			continue;
		}
		/* A declaration: type words, then declarators up to ';'. */
		struct lt_buf type = LT_BUF_INIT;
		enum lt_type ty;
		bool known;

		while (j < n && c_type_word(p, &tk[j])) {
			if (type.len)
				lt_buf_putc(&type, ' ');
			lt_buf_putn(&type, p->s + tk[j].off, tk[j].len);
			j++;
		}
		known = ctest_type_parse(type.s, &ty) == 0;
		lt_buf_free(&type);
		for (;;) {
			int stars = 0, d = 0;

			while (j < n && tk[j].k == '*')
				stars++, j++;
			if (j >= n || tk[j].k != 'i')
				break;
			if (known && j + 1 < n && strchr("=;,", tk[j + 1].k)) {
				char nm[MAX_NAME + 1];
				int r;

				if (tk[j].len > MAX_NAME || !ctest_name_ok(p->s + tk[j].off, tk[j].len)) {
					perr(p, tk[j].off, "'%s' cannot name a local",
					     lt_quote(p->s + tk[j].off, tk[j].len, q, sizeof(q)));
					goto out;
				}
				memcpy(nm, p->s + tk[j].off, tk[j].len);
				nm[tk[j].len] = '\0';
				if (lt_test_find_reg(p->t, th->id, nm) < 0) {
					r = lt_test_add_reg(p->t, th->id, nm);
					p->t->regs[r].type = stars ? LT_T_PTR : ty;
				}
			}
			/* Skip the initialiser, to ',' or ';' at this level. */
			for (j++; j < n; j++) {
				if (strchr("([{", tk[j].k))
					d++;
				else if (strchr(")]}", tk[j].k))
					d--;
				else if (d == 0 && (tk[j].k == ',' || tk[j].k == ';'))
					break;
			}
			if (j >= n || tk[j].k == ';')
				break;
			j++;
		}
		k = j < n ? j : n - 1;	/* the loop's k++ steps past the ';' */
		stmt = true;
		if (j >= n)
			break;
	}
	rc = 0;
out:
	free(tk);
	return rc;
}

/* The end of the balanced (open, close) group starting at off, or p->n. */
static size_t c_match(const struct psr *p, size_t off, char open, char close)
{
	int depth = 0;

	for (size_t i = off; i < p->n; i++) {
		if (p->s[i] == '"' || p->s[i] == '\'') {
			char qc = p->s[i];

			for (i++; i < p->n && p->s[i] != qc && p->s[i] != '\n'; i++)
				if (p->s[i] == '\\')
					i++;
			continue;
		}
		if (p->s[i] == open)
			depth++;
		else if (p->s[i] == close && --depth == 0)
			return i;
	}
	return p->n;
}

/* "PN(params) { body }" */
static int c_thread(struct psr *p, bool *typed)
{
	struct lt_test *t = p->t;
	size_t off = p->off, e, open, close, bopen, bclose;
	struct lt_thread *th;
	char q[48];
	long id = -1;

	for (e = off; e < p->n && is_ident(p->s[e]); e++)
		;
	if (e - off >= 2 && e - off <= 3 && p->s[off] == 'P' &&
	    isdigit((unsigned char)p->s[off + 1]) &&
	    (e - off == 2 || isdigit((unsigned char)p->s[off + 2])) &&
	    !(p->s[off + 1] == '0' && e - off == 3))
		id = strtol(p->s + off + 1, NULL, 10);
	if (id < 0)
		return perr(p, off, "expected a thread 'P%d(...) { ... }' or the final "
			    "condition, found '%s'", t->nthreads,
			    lt_quote(p->s + off, e > off ? e - off : 1, q, sizeof(q)));
	if (id != t->nthreads)
		return perr(p, off, "threads must be P0, P1, ... in order: expected "
			    "'P%d', found 'P%ld'", t->nthreads, id);
	if (t->nthreads >= MAX_THREADS)
		return perr(p, off, "too many threads (over %d)", MAX_THREADS);
	open = skip_spaces(p, e);
	if (open >= p->n || p->s[open] != '(')
		return perr(p, open, "expected '(' after 'P%ld'", id);
	close = c_match(p, open, '(', ')');
	if (close == p->n)
		return perr(p, open, "unbalanced '(' in P%ld's parameter list", id);
	bopen = skip_spaces(p, close + 1);
	if (bopen >= p->n || p->s[bopen] != '{')
		return perr(p, bopen, "expected '{' to open P%ld's body", id);
	bclose = c_match(p, bopen, '{', '}');
	if (bclose == p->n)
		return perr(p, bopen, "unterminated body of P%ld: missing '}'", id);

	t->threads = lt_xrealloc(t->threads, (size_t)(t->nthreads + 1) * sizeof(*t->threads));
	th = &t->threads[t->nthreads++];
	memset(th, 0, sizeof(*th));
	th->id = (int)id;
	if (c_params(p, th, open, close, typed) < 0)
		return LT_EPARSE;
	th->c_body = lt_xstrndup(p->s + bopen + 1, bclose - bopen - 1);
	th->c_body_pos = pos_of(p, bopen + 1);
	if (c_locals(p, th, bopen + 1, bclose) < 0)
		return LT_EPARSE;
	p->off = bclose + 1;
	return 0;
}

static int parse_c(struct psr *p)
{
	bool *typed = lt_xcalloc(MAX_LOCS + 2, sizeof(bool));
	size_t bad;
	int rc = LT_EPARSE;

	/* herd's C lexer reads C comments as well as the (* *) ones. */
	bad = ctest_blank_comments(p->s, p->off, p->n);
	if (bad != p->n) {
		perr(p, bad, "unterminated comment");
		goto out;
	}
	if (c_init(p) < 0)
		goto out;
	for (;;) {
		p->off = skip_spaces(p, p->off);
		if (table_over(p, p->off))
			break;
		if (c_thread(p, typed) < 0)
			goto out;
	}
	if (p->t->nthreads == 0) {
		perr(p, p->off, "a C test needs at least one thread 'P0(...) { ... }'");
		goto out;
	}
	rc = 0;
out:
	free(typed);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                       */
/* ------------------------------------------------------------------ */

int litmus_parse_string(const char *src, size_t len, const char *file,
			struct lt_test **out, struct lt_error *err)
{
	struct psr p = { .file = file, .err = err };
	struct lt_error scratch;
	int rc = LT_EPARSE;

	*out = NULL;
	if (!p.err)
		p.err = &scratch;
	p.t = lt_xcalloc(1, sizeof(*p.t));
	p.t->file = lt_xstrdup(file);
	if (prepare(&p, src, len) < 0 ||
	    parse_header(&p) < 0 ||
	    parse_prologue(&p) < 0)
		goto out;
	if (lt_arch_is_c(p.t->arch) ? parse_c(&p) < 0 :
	    (parse_init(&p) < 0 ||
	     parse_table(&p) < 0 ||
	     check_init_threads(&p) < 0 ||
	     check_labels(&p) < 0))
		goto out;
	if (parse_tail(&p) < 0)
		goto out;
	compute_observed(p.t);
	*out = p.t;
	p.t = NULL;
	rc = 0;
out:
	lt_test_free(p.t);
	free(p.s);
	free(p.lines);
	free(p.seen);
	return rc;
}

int litmus_parse_file(const char *path, struct lt_test **out,
		      struct lt_error *err)
{
	struct lt_buf b = LT_BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *f;
	int rc;

	*out = NULL;
	f = fopen(path, "rb");
	if (!f) {
		lt_error_set(err, path, (struct lt_pos){ 0, 0 }, "cannot open: %s",
			     strerror(errno));
		return LT_EIO;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > MAX_FILE) {
			fclose(f);
			lt_buf_free(&b);
			lt_error_set(err, path, (struct lt_pos){ 1, 1 },
				     "file too large (over %u MiB)", MAX_FILE >> 20);
			return LT_EPARSE;
		}
		lt_buf_putn(&b, chunk, n);
	}
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		lt_buf_free(&b);
		lt_error_set(err, path, (struct lt_pos){ 0, 0 }, "cannot read: %s",
			     strerror(e));
		return LT_EIO;
	}
	fclose(f);
	rc = litmus_parse_string(b.s ? b.s : "", b.len, path, out, err);
	lt_buf_free(&b);
	return rc;
}
